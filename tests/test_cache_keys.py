"""cache.render_jobs in a rebuilding process: an unchanged body's store keys are reused,
not hashed again; a changed body, or a store that lost an entry, is looked up afresh."""

from __future__ import annotations

from pathlib import Path

import pytest
from careers import cache
from careers.loader import Renderer

SETTINGS = {"CAREERS_WORKERS": 1, "CAREERS_REMEMBER_PAGES": True}


@pytest.fixture
def store(tmp_path: Path) -> cache.Store:
    return cache.store_for({"CACHE_PATH": str(tmp_path / "cache")})


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    calls: list[tuple[str, str]] = []  # (namespace, the text hashed)
    real = cache.digest

    def digest(*parts: str) -> str:
        calls.append((parts[0], parts[1] if parts[0] != "clean" else parts[2]))
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
    assert again[2] == Renderer()(edited) and again[:2] == first[:2]
    assert {text for namespace, text in calls if namespace == "md"} == {edited}
    assert {text for namespace, text in calls if namespace != "md"} == {again[2]}


def test_a_lost_entry_is_computed_again(
    store: cache.Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = "Some *text* for a job.\n" * 50
    works = [cache.JobWork(body, "https://x.test/jobs/a/")]
    html = cache.render_jobs(works, Renderer, SETTINGS)[0]
    store.data["text"].clear()  # say, pruned
    cache.render_jobs(works, Renderer, SETTINGS)
    assert cache.plain_text(html)  # stored again by render_jobs
    assert store.data["text"]


def test_a_one_shot_build_keeps_no_keys(store: cache.Store) -> None:
    works = [cache.JobWork("A body.\n" * 100, None)]
    cache.render_jobs(works, Renderer, {**SETTINGS, "CAREERS_REMEMBER_PAGES": False})
    assert cache._WORK_KEYS == {}
