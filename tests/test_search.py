"""Search: the Pagefind index holds open job pages only, and the UI finds them in Chromium."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from browser_helpers import CLOSED, CLOSED_WORD, EXAMPLE, EXPIRED, PublishedSite, at_url, publish
from careers.search import index_site
from conftest import copy_content
from pages_helpers import write_job
from playwright.sync_api import Page, expect

OPEN_JOBS = [
    "/fr/jobs/stage-ingenieur-backend/",  # the example's French version, in its own index
    "/jobs/backend-engineer-graduation-internship/",
    "/jobs/care-designer/",
    "/jobs/data-engineer/",
    "/jobs/payments-engineer/",
]


def entry(site: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    return data


def test_only_open_job_pages_are_indexed(published_site: PublishedSite) -> None:
    assert published_site.indexed == OPEN_JOBS
    assert CLOSED not in published_site.indexed and EXPIRED not in published_site.indexed
    languages = entry(published_site.root)["languages"]
    assert isinstance(languages, dict) and languages["en"]["page_count"] == 4
    assert languages["fr"]["page_count"] == 1, "Pagefind splits its index by <html lang>"
    bundle = published_site.root / "pagefind"
    assert (bundle / "pagefind-component-ui.js").is_file()
    assert not (bundle / "pagefind-ui.js").exists(), "unused UI flavours are not shipped"


def test_a_site_without_open_jobs_indexes_nothing(tmp_path: Path) -> None:
    """Pagefind alone would index every page when none is marked: listings must never be."""
    content = copy_content(tmp_path / "content")
    (content / "jobs" / "backend-engineer-graduation-internship.md").unlink()
    (content / "jobs" / "stage-ingenieur-backend.md").unlink()
    write_job(content, "closed-one", status="closed")
    assert publish(content, tmp_path / "out") == []
    assert entry(tmp_path / "out")["languages"] == {}


def test_reindexing_leaves_no_stale_chunk(published_site: PublishedSite) -> None:
    """Fragments and word indexes keep their names; Pagefind 1.5 names its filter chunks
    differently on each run (upstream: Pagefind/pagefind#638), so those are only counted."""

    def files() -> dict[str, list[str]]:
        bundle = published_site.root / "pagefind"
        return {
            folder: sorted(p.name for p in (bundle / folder).iterdir())
            for folder in ("fragment", "index", "filter")
        }

    before = files()
    index_site(published_site.root)
    after = files()
    assert after["fragment"] == before["fragment"] and after["index"] == before["index"]
    # one per filter and language (en, fr), none left over
    assert len(after["filter"]) == len(before["filter"]) == 8


def test_with_a_cache_a_rebuild_gives_the_same_bundle_bytes(
    published_site: PublishedSite, tmp_path: Path
) -> None:
    """So that publishing unchanged content uploads nothing (the deploy compares MD5s)."""

    def snapshot() -> dict[str, bytes]:
        bundle = published_site.root / "pagefind"
        return {p.relative_to(bundle).as_posix(): p.read_bytes() for p in bundle.rglob("*.*")}

    cache = tmp_path / "cache"
    index_site(published_site.root, cache)
    first = snapshot()
    index_site(published_site.root, cache)
    assert snapshot() == first
    assert len(list(cache.iterdir())) == 1
    index_site(published_site.root)  # no cache: Pagefind's own (unstable) filter names
    assert len(snapshot()) == len(first)


# --- in the browser --------------------------------------------------------------------------


def search(page: Page, term: str) -> None:
    page.goto("/jobs/")
    page.locator("#search input[type=search]").click()
    box = page.locator("pagefind-input input.pf-input")
    box.wait_for()
    box.fill(term)


def result_links(page: Page) -> list[str]:
    links = page.locator("pagefind-results a.pf-result-link")
    return [str(links.nth(i).get_attribute("href")) for i in range(links.count())]


@pytest.mark.browser
def test_the_search_ui_is_not_part_of_the_first_load(page: Page) -> None:
    page.goto("/jobs/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in page.traffic.requests if "/pagefind/" in url]  # type: ignore[attr-defined]


@pytest.mark.browser
def test_searching_a_skill_finds_the_posting(page: Page) -> None:
    search(page, "Django")
    page.locator(f'pagefind-results a.pf-result-link[href="{EXAMPLE}"]').wait_for()
    assert EXAMPLE in result_links(page)
    assert CLOSED not in result_links(page) and EXPIRED not in result_links(page)
    page.locator(f'pagefind-results a[href="{EXAMPLE}"]').first.click()
    at_url(page, EXAMPLE)


@pytest.mark.browser
def test_a_nonsense_word_shows_the_empty_state(page: Page) -> None:
    search(page, "xqzwvkplomb")
    summary = page.locator("pagefind-summary")
    summary.get_by_text("No results").wait_for()
    assert result_links(page) == []


@pytest.mark.browser
def test_a_closed_posting_is_never_a_result(page: Page) -> None:
    search(page, CLOSED_WORD)
    page.locator("pagefind-summary").get_by_text("No results").wait_for()
    assert result_links(page) == []


@pytest.mark.browser
def test_the_header_link_and_q_parameter_open_the_search(page: Page) -> None:
    page.goto("/faq/")
    page.get_by_role("link", name="Search", exact=True).click()
    # Pagefind's own input (not the stand-in) gets the focus once the UI has loaded: wait for
    # it rather than read the focus the moment the element appears (that raced under load).
    box = page.locator("pagefind-input input.pf-input:not(.search__placeholder)")
    expect(box).to_be_focused()
    page.goto("/jobs/?q=Spark")
    page.locator('pagefind-results a[href="/jobs/data-engineer/"]').first.wait_for()
    assert result_links(page)[0] == "/jobs/data-engineer/"


@pytest.mark.browser
def test_the_index_has_the_four_filters(page: Page) -> None:
    page.goto("/jobs/")
    filters = page.evaluate(
        """async () => {
            const pagefind = await import("/pagefind/pagefind.js");
            await pagefind.init();
            return await pagefind.filters();
        }"""
    )
    assert filters["tribe"] == {
        "Perfect Journey": 1,
        "Merchant & Care": 2,
        "Bucks": 2,
        "Platform": 2,
    }
    assert filters["location"] == {"Paris": 2, "Bordeaux": 1, "Barcelona": 2, "Berlin": 1}
    assert filters["contract"] == {"Internship": 1, "Permanent": 2, "Fixed-term": 1}
    assert filters["remote"] == {"Hybrid": 2, "On-site": 1, "Remote": 1}
