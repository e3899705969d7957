"""Rendering ahead (cache.prefetch): a cold build's Markdown starts before validation ends.

Its results are used only through the content-hash store, so the output must be the very
same as a serial build's, and a build that fails validation must stop the workers and
write nothing.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import sys
from pathlib import Path

from careers import cache
from careers.build import settings_for
from conftest import ROOT, TODAY, build_site

sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import generate

PARALLEL = {"CAREERS_WORKERS": 2, "CAREERS_PARALLEL_MIN": 2}


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def _corpus(tmp_path: Path) -> Path:
    return generate(tmp_path / "content", 30, seed=5, today=dt.date.fromisoformat(TODAY)).root


def test_prefetch_renders_every_cold_body_ahead_and_nothing_when_warm(tmp_path: Path) -> None:
    content = _corpus(tmp_path)
    settings = settings_for(
        ROOT / "publishconf.py",
        content=content,
        output=tmp_path / "out",
        today=TODAY,
        extra={**PARALLEL, "CACHE_PATH": str(tmp_path / "cache")},
    )
    postings = len(list((content / "jobs").glob("*.md")))
    assert cache.prefetch(settings) == postings
    store = cache.store_for(settings)
    assert cache.collect_prefetch(store) == postings
    assert len(store.data["md"]) == postings
    assert not multiprocessing.active_children()  # the workers are gone
    assert cache.prefetch(settings) == 0  # the store now holds the bodies: nothing ahead


def test_a_build_with_prefetch_equals_a_serial_uncached_build(tmp_path: Path) -> None:
    content = _corpus(tmp_path)
    ahead, serial = tmp_path / "ahead", tmp_path / "serial"
    cache_path = str(tmp_path / "cache")
    assert build_site(content, ahead, CACHE_PATH=cache_path, **PARALLEL) == 0
    assert build_site(content, serial, CAREERS_WORKERS=1, CAREERS_CACHE=False) == 0
    assert _files(ahead) == _files(serial)
    assert not multiprocessing.active_children()


def test_invalid_content_stops_the_workers_and_writes_nothing(tmp_path: Path) -> None:
    content = _corpus(tmp_path)
    first = sorted((content / "jobs").glob("*.md"))[0]
    first.write_text(first.read_text("utf-8").replace("title:", "titel:", 1), "utf-8")
    out = tmp_path / "out"
    status = build_site(content, out, CACHE_PATH=str(tmp_path / "cache"), **PARALLEL)
    assert status == 1
    assert not out.exists()
    assert not multiprocessing.active_children()
