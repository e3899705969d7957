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

import pytest
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
    assert len(store.data[cache.BODY]) == postings
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


def test_a_build_failing_after_pages_started_leaves_no_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The feeds are written while the page workers run (output.start_pending); if the
    build fails there, the workers are stopped before build() returns, and the next build
    in the same process (livereload) equals a serial one."""
    from careers import feeds, output

    content = _corpus(tmp_path)
    out = tmp_path / "out"

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a feed failed")

    monkeypatch.setattr(feeds, "write_feeds", broken)
    try:
        status = build_site(content, out, CACHE_PATH=str(tmp_path / "cache"), **PARALLEL)
    except RuntimeError:
        status = 1
    assert status != 0
    assert output._started is None
    assert not multiprocessing.active_children()
    monkeypatch.undo()
    assert build_site(content, out, CACHE_PATH=str(tmp_path / "cache"), **PARALLEL) == 0
    serial = tmp_path / "serial"
    assert build_site(content, serial, CAREERS_WORKERS=1, CAREERS_CACHE=False) == 0
    assert _files(out) == _files(serial)


def test_a_store_filled_by_offers_is_saved_over_a_cache_file_of_another_version(
    tmp_path: Path,
) -> None:
    """When every entry a build uses came from the prefetch (offers), the cache file is
    still written: else a file of an older version would make every later build cold."""
    import pickle

    stale = tmp_path / cache.CACHE_FILE
    stale.write_bytes(pickle.dumps({"version": "0|old", "data": {}}))
    store = cache.Store(tmp_path)
    store.begin()
    store.offer("md", cache.digest("md", "body"), "<p>body</p>")
    assert store.get("md", cache.digest("md", "body")) == "<p>body</p>"
    store.save()
    saved = pickle.loads(stale.read_bytes())
    assert saved["version"] == cache.cache_version()
    assert saved["data"]["md"] == {cache.digest("md", "body"): "<p>body</p>"}


def test_work_started_ahead_is_collected_by_the_build_not_restarted(tmp_path: Path) -> None:
    """`invoke publish` starts the Markdown before Pelican reads the settings
    (build.start_ahead, from the settings file without Pelican); the build then finds
    the work started for the same settings and collects it."""
    from careers.build import build, start_ahead

    content = _corpus(tmp_path)
    ahead = tmp_path / "ahead"
    extra = {**PARALLEL, "CACHE_PATH": str(tmp_path / "cache")}
    start_ahead(ROOT / "publishconf.py", content=content, output=ahead, today=TODAY, extra=extra)
    started = cache._prefetch
    assert started is not None
    settings = settings_for(
        ROOT / "publishconf.py", content=content, output=ahead, today=TODAY, extra=extra
    )
    postings = len(list((content / "jobs").glob("*.md")))
    assert cache.prefetch(settings) == postings
    assert cache._prefetch is started  # the same workers, not started again
    assert build(settings) == 0
    assert cache._prefetch is None and not multiprocessing.active_children()
    serial = tmp_path / "serial"
    assert build_site(content, serial, CAREERS_WORKERS=1, CAREERS_CACHE=False) == 0
    assert _files(ahead) == _files(serial)


def test_work_started_ahead_for_other_settings_is_dropped(tmp_path: Path) -> None:
    from careers.build import start_ahead

    content = _corpus(tmp_path)
    extra = {**PARALLEL, "CACHE_PATH": str(tmp_path / "cache")}
    start_ahead(ROOT / "publishconf.py", content=content, today=TODAY, extra=extra)
    started = cache._prefetch
    assert started is not None
    # The site's address differs (pelicanconf.py): the JSON-LD bases would not match.
    settings = settings_for(ROOT / "pelicanconf.py", content=content, today=TODAY, extra=extra)
    cache.prefetch(settings)
    assert cache._prefetch is not started
    cache.cancel_prefetch()
    assert not multiprocessing.active_children()


def test_unreadable_settings_start_nothing_ahead(tmp_path: Path) -> None:
    from careers.build import start_ahead

    broken = tmp_path / "broken.py"
    broken.write_text("SITEURL = (\n", "utf-8")
    start_ahead(broken, content=tmp_path)
    assert cache._prefetch is None
