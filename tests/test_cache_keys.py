"""cache.render_jobs in a rebuilding process: an unchanged body's store key is reused,
not hashed again; a changed body, or a store that lost an entry, is looked up afresh.
Job bodies are kept packed (catalog.pack) with their text and JSON-LD description."""

from __future__ import annotations

from pathlib import Path

import pytest
from careers import cache
from careers.catalog import unpack
from careers.loader import Renderer

SETTINGS = {"CAREERS_WORKERS": 1, "CAREERS_REMEMBER_PAGES": True}


@pytest.fixture
def store(tmp_path: Path) -> cache.Store:
    return cache.store_for({"CACHE_PATH": str(tmp_path / "cache")})


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    calls: list[tuple[str, str]] = []  # (namespace, the text hashed)
    real = cache.digest

    def digest(*parts: str) -> str:
        calls.append((parts[0], parts[1]))
        return real(*parts)

    monkeypatch.setattr(cache, "digest", digest)
    return calls


def test_unchanged_bodies_are_not_hashed_again(
    store: cache.Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    bodies = [f"# Job {i}\n\nWe build *things* number {i}.\n" * 40 for i in range(5)]
    works = [cache.JobWork(body, f"https://x.test/jobs/{i}/") for i, body in enumerate(bodies)]
    first = cache.render_jobs(works, Renderer, SETTINGS)
    calls = _counting(monkeypatch)
    assert cache.render_jobs(works, Renderer, SETTINGS) == first
    assert calls == []  # every key came from the last build
    # One body edited (a new string): only it is hashed (and rendered) again.
    edited = bodies[2] + "Edited.\n"
    works[2] = cache.JobWork(edited, works[2].base_url)
    again = cache.render_jobs(works, Renderer, SETTINGS)
    assert unpack(again[2][0]) == Renderer()(edited) and again[:2] == first[:2]
    # The edited body's key, then its description's key from that one: never the HTML.
    made = list(calls)
    assert made == [("md", edited), (cache.CLEAN, cache.digest("md", edited))]


def test_packed_results_are_the_html_its_text_and_description() -> None:
    body = "Some *text* with [a link](/jobs/) for a job.\n" * 30
    base = "https://x.test/jobs/a/"
    packed, text, description = cache.render_jobs([cache.JobWork(body, base)], Renderer, SETTINGS)[
        0
    ]
    html = Renderer()(body)
    assert unpack(packed) == html
    assert (text, None) == cache.describe(html, None)
    cleaned = cache.describe(html, base)[1]
    assert description is not None and cleaned is not None
    assert (unpack(description) if description else html) == cleaned
    # Not open (no base URL): no description.
    assert cache.render_jobs([cache.JobWork(body, None)], Renderer, SETTINGS)[0][2] is None


def test_a_lost_entry_is_computed_again(
    store: cache.Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = "Some *text* for a job.\n" * 50
    works = [cache.JobWork(body, "https://x.test/jobs/a/")]
    first = cache.render_jobs(works, Renderer, SETTINGS)[0]
    store.data[cache.CLEAN].clear()  # say, pruned
    assert cache.render_jobs(works, Renderer, SETTINGS)[0] == first  # computed again
    assert store.data[cache.CLEAN]  # and stored again
    store.data[cache.BODY].clear()
    assert cache.render_jobs(works, Renderer, SETTINGS)[0] == first
    assert store.data[cache.BODY]


def test_a_one_shot_build_keeps_no_keys(store: cache.Store) -> None:
    works = [cache.JobWork("A body.\n" * 100, None)]
    cache.render_jobs(works, Renderer, {**SETTINGS, "CAREERS_REMEMBER_PAGES": False})
    assert cache._WORK_KEYS == {}
