"""The shortcuts of validation give the results of the plain code they replace.

- the converters of models.py, against the earlier `_blank_to_none` + converter pairs;
- `frontmatter.read_bytes` / `read_text`, against `Path.read_bytes` and the replacements;
- the YAML walk without alias tracking (no `*` in the text), against the tracking one;
- the per-file results a rebuild reuses: a posting is reused only while its bytes are
  unchanged, whatever its modification time says.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import time
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pytest
from careers import frontmatter, loader, models, titles
from careers.build import validation_settings
from careers.loader import check_content, format_report
from conftest import ROOT
from pydantic_core import PydanticCustomError

# --- converters -----------------------------------------------------------------------


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _strip(value: Any) -> Any:
    value = _blank_to_none(value)
    return value.strip() if isinstance(value, str) else value


def _as_list(value: Any) -> Any:
    value = _blank_to_none(value)
    if isinstance(value, str):
        return [value]
    return value


def _to_date(value: Any) -> Any:
    value = _blank_to_none(value)
    if value is None or isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise PydanticCustomError("date_format", "`{value}` date", {"value": value})
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise PydanticCustomError("date_impossible", "`{value}` day", {"value": value}) from None


def _to_number(value: Any) -> Any:
    value = _blank_to_none(value)
    if isinstance(value, str):
        text = value.strip().replace("_", "").replace(" ", "").replace("\u00a0", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise PydanticCustomError("number", "`{value}` n", {"value": value}) from None
        if not number.is_finite():
            raise PydanticCustomError("number", "`{value}` f", {"value": value})
        return number
    return value


def _id(value: Any) -> Any:
    value = _strip(value)
    if isinstance(value, str) and not models.ID_PATTERN.fullmatch(value):
        raise PydanticCustomError("id_format", "`{value}` id", {"value": value})
    return value


INPUTS: list[Any] = [
    None,
    "",
    " ",
    "\t\n",
    "\u00a0",
    "\u3000x\u3000",
    "platform",
    "  platform  ",
    "Plat form",
    "a-b-1",
    "-a",
    "2026-11-02",
    " 2026-11-02 ",
    "2026-02-30",
    "2026-1-2",
    "٢٠٢٦-١١-٠٢",
    "42000",
    " 1_000 000 ",
    "1\u00a0500.50",
    "45k",
    "NaN",
    "-Infinity",
    "-5",
    0,
    12,
    1.5,
    True,
    dt.date(2027, 1, 31),
    ["a"],
    [],
    {"a": "b"},
]


def _outcome(function: Callable[[Any], Any], value: Any) -> Any:
    try:
        result = function(value)
    except PydanticCustomError as exc:
        return ("error", exc.type, exc.context)
    return ("value", type(result), result)


@pytest.mark.parametrize(
    ("new", "old"),
    [
        (models._strip, _strip),
        (models._as_list, _as_list),
        (models._to_date, _to_date),
        (models._to_number, _to_number),
        (models._id, _id),
    ],
)
def test_converters_equal_blank_to_none_then_the_converter(
    new: Callable[[Any], Any], old: Callable[[Any], Any]
) -> None:
    for value in INPUTS:
        assert _outcome(new, value) == _outcome(old, value), value


# --- reading files ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"---\ntitle: x\n---\nbody\n",
        b"\xef\xbb\xbf---\r\ntitle: x\r\n---\r\nbody\r\n",
        b"a\rb\r\nc\n\r",
        "Île-de-France € 日本\n".encode() * 5000,
        b"x" * 200_000,
    ],
)
def test_read_bytes_and_text_equal_the_plain_reads(raw: bytes, tmp_path: Path) -> None:
    path = tmp_path / "file.md"
    path.write_bytes(raw)
    assert frontmatter.read_bytes(path) == path.read_bytes() == raw
    assert frontmatter.read_bytes(str(path)) == raw
    text = raw.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    assert frontmatter.read_text(path, "x") == text
    assert frontmatter.read_text(path, "x", raw) == text


def test_read_bytes_errors_are_path_read_bytes_errors(tmp_path: Path) -> None:
    for path in (tmp_path / "missing.md", tmp_path):
        with pytest.raises(OSError) as expected:
            path.read_bytes()
        with pytest.raises(type(expected.value)):
            frontmatter.read_bytes(path)


def _split_by_lines(text: str) -> tuple[str, str, int] | None:
    """The front matter split as `str.split` sees lines (what `_split` replaced)."""
    lines = text.split("\n")
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() in {"---", "..."}:
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index
    return None


def test_split_equals_splitting_by_lines() -> None:
    pieces = ["-", "---", "...", ".", "\n", "\n", " ", "\t", "\x0b", "\x0c", "\x1c", "\x85"]
    pieces += ["\xa0", "\u2028", "\u3000", "a", "\n---\n", "\n...\n", "\n--- \n", "\n---x\n"]
    rng = random.Random(4)
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        if rng.random() < 0.5:
            text = "---\n" + text
        assert frontmatter._split(text) == _split_by_lines(text), repr(text)
    posting = (ROOT / "content" / "jobs" / "backend-engineer-graduation-internship.md").read_text()
    assert frontmatter._split(posting) == _split_by_lines(posting)


def _title_rules_unfiltered(title: str) -> tuple[bool, bool]:
    """The code and all-capitals rules of titles.py without their quick pre-checks."""
    letters = [c for c in title if c.isalpha()]
    capitals = len(letters) >= 4 and all(c.isupper() for c in letters)
    return bool(titles.CODE.search(title)), capitals


def test_title_rules_equal_them_without_pre_checks() -> None:
    pieces = ["a", "B", "É", "é", "ⓐ", "Ⓐ", "日", "ß", "1", "٣", "#", "-", " ", "REF", "ref 12"]
    pieces += ["DEV", "AB-1234", "12345", "!", "€"]
    rng = random.Random(2)
    code = "the title seems to contain a code or number; keep only the job title"
    capitals = "the title is all capitals; write it in normal case"
    for _ in range(20_000):
        title = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        found = titles.title_warnings(title, frozenset(), None)
        assert (code in found, capitals in found) == _title_rules_unfiltered(title), title


# --- the YAML walk ----------------------------------------------------------------------

FRONTS = [
    "title: Backend Engineer\ntribes: [platform, data]\nsalary:\n  min: 1\n  max: 2\n",
    "title: 'C* and C++ (5*)'\nskills:\n  - '*'\n  - a\nprocess:\n  - name: x\n    duration: y\n",
    "title: x\ntitle: y\n[a]: b\nlist:\n  - {a: 1, a: 2}\n",
    "a: &anchor [1, 2]\nb: 'not an alias *anchor'\n",
    "nested:\n  - - a\n    - b\n  - c: [d, {e: f}]\n",
]


@pytest.mark.parametrize("text", FRONTS)
def test_walk_without_alias_tracking_gives_the_same_result(text: str) -> None:
    def walk(aliases: bool) -> tuple[Any, dict[Any, int], list[Any]]:
        node = frontmatter.Loader(text).get_single_node()
        walker = frontmatter._Walk(2, aliases=aliases)
        return walker.value(node, (), 2), walker.lines, walker.problems

    assert walk(False) == walk(True)


def test_aliases_are_still_refused() -> None:
    with pytest.raises(frontmatter.ReadError, match="aliases"):
        frontmatter.parse_yaml("a: &x [1]\nb: *x\n", "f.md", remember=False)


# --- results reused by a rebuild ----------------------------------------------------------


def _settings(content: Path) -> dict[str, Any]:
    settings = validation_settings(ROOT / "pelicanconf.py", content=content, today="2027-01-15")
    settings["CAREERS_REMEMBER_PAGES"] = True
    return settings


def _report(content: Path) -> str:
    return format_report(check_content(content, _settings(content), render=False).problems)


def _same_size_edit(path: Path, old: str, new: str) -> None:
    """Rewrite `path` with `old` replaced by `new` (as long), keeping its mtime."""
    before = path.stat()
    text = path.read_text("utf-8")
    assert old in text and len(old) == len(new)
    path.write_text(text.replace(old, new, 1), "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size


@pytest.fixture
def reused(content: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Example content whose files count as settled at once (none is too recent to trust)."""
    monkeypatch.setattr(loader, "_SETTLED_NS", -(10**18))
    return content


def test_unchanged_postings_are_not_read_again(
    reused: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _report(reused)
    reads: list[str] = []
    original = loader.read_bytes

    def counting(path: Path | str) -> bytes:
        reads.append(str(path))
        return original(path)

    monkeypatch.setattr(loader, "read_bytes", counting)
    assert _report(reused) == first
    assert reads == []


def test_an_edit_that_keeps_size_and_mtime_is_seen(reused: Path) -> None:
    job = reused / "jobs" / "backend-engineer-graduation-internship.md"
    clean = _report(reused)
    time.sleep(0.05)  # past the clock's resolution: the edit gets another ctime
    _same_size_edit(job, "contract: internship", "contract: internshiq")
    broken = _report(reused)
    assert "internshiq" in broken and broken != clean
    time.sleep(0.05)
    _same_size_edit(job, "contract: internshiq", "contract: internship")
    assert _report(reused) == clean


def test_recent_files_are_read_again_whatever_their_times(content: Path) -> None:
    """With the real margin, a file just written is never trusted by its signature: even
    two edits within one tick of the clock (same size, mtime and ctime) are both seen."""
    job = content / "jobs" / "backend-engineer-graduation-internship.md"
    clean = _report(content)
    assert str(job) not in loader._READ
    _same_size_edit(job, "contract: internship", "contract: internshiq")
    assert "internshiq" in _report(content)
    _same_size_edit(job, "contract: internshiq", "contract: internship")
    assert _report(content) == clean
