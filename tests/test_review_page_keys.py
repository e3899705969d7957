"""Rebuilds in one process (generator.PageKeys, loader stat signatures) after edits the
other incremental tests do not make: each equals a cold serial build.

Found sound by review (a randomised edit/rebuild fuzz against cold serial builds); kept
as regression cases for the page keys: a posting's language, its draft state, the drafts
flag, a translated posting closed, and a posting replaced by a rename.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import build_site, copy_content
from test_incremental import assert_same, cold_serial, fast, files

FRENCH = "stage-ingenieur-backend.md"
ENGLISH = "backend-engineer-graduation-internship.md"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def _french_in_english(content: Path) -> dict[str, Any]:
    french = content / "jobs" / FRENCH
    _replace(french, "lang: fr\n", "lang: en\n")
    _replace(french, "translation_key: backend-engineer-graduation-internship\n", "")
    return {}


def _english_made_a_draft(content: Path) -> dict[str, Any]:
    _replace(content / "jobs" / ENGLISH, "\ndate_posted:", "\nstatus: draft\ndate_posted:")
    return {}


def _english_closed(content: Path) -> dict[str, Any]:
    _replace(content / "jobs" / ENGLISH, "\ndate_posted:", "\nstatus: closed\ndate_posted:")
    return {}


def _replaced_by_rename(content: Path) -> dict[str, Any]:
    """An editor's atomic save of another posting's bytes over this one."""
    jobs = content / "jobs"
    temporary = jobs / ".save.tmp"
    shutil.copyfile(jobs / ENGLISH, temporary)
    _replace(temporary, "title: ", "title: Renamed ")
    os.replace(temporary, jobs / ENGLISH)
    return {}


EDITS: dict[str, Callable[[Path], dict[str, Any]]] = {
    "language": _french_in_english,
    "draft": _english_made_a_draft,
    "closed": _english_closed,
    "replaced": _replaced_by_rename,
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_posting_edits_equal_a_cold_build(edit: str, tmp_path: Path) -> None:
    content = copy_content(tmp_path / "content")
    settings = fast(CACHE_PATH=str(tmp_path / "cache"))
    out = tmp_path / "out"
    assert build_site(content, out, **settings) == 0
    assert build_site(content, out, **settings) == 0  # every page kept by its key
    before = files(out)
    extra = EDITS[edit](content)
    assert build_site(content, out, **settings, **extra) == 0
    reference = cold_serial(content, tmp_path / "ref", tmp_path, **extra)
    assert reference != before
    assert_same(reference, files(out))


def test_the_drafts_flag_equals_a_cold_build(tmp_path: Path) -> None:
    """The same content with drafts hidden, shown, then hidden again."""
    content = copy_content(tmp_path / "content")
    settings = fast(CACHE_PATH=str(tmp_path / "cache"))
    out = tmp_path / "out"
    _english_made_a_draft(content)
    references = []
    for round_, drafts in enumerate((False, False, True, False)):
        assert build_site(content, out, drafts=drafts, **settings) == 0
        references.append(cold_serial(content, tmp_path / f"ref{round_}", tmp_path, drafts=drafts))
        assert_same(references[-1], files(out))
    assert references[2] != references[1]  # the draft shows
