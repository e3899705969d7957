"""Instant filters on /jobs/ in Chromium: chips, counts, empty state, URL state, no-JS path."""

from __future__ import annotations

import pytest
from browser_helpers import CLOSED, EXAMPLE, EXPIRED, PublishedSite, at_url, new_page
from playwright.sync_api import Browser, Locator, Page

pytestmark = pytest.mark.browser

ALL_OPEN = {
    EXAMPLE,
    "/jobs/data-engineer/",
    "/jobs/payments-engineer/",
    "/jobs/care-designer/",
}


def visible_jobs(page: Page) -> set[str]:
    links = page.locator("#job-list .job-card:visible .job-card__title a")
    return {str(links.nth(i).get_attribute("href")) for i in range(links.count())}


def chip(page: Page, kind: str, value: str) -> Locator:
    return page.locator(f'#job-filters input[name="{kind}"][value="{value}"]')


def heading(page: Page) -> str:
    return page.locator("#results-heading").inner_text()


def test_the_list_is_every_open_job(page: Page) -> None:
    page.goto("/jobs/")
    assert visible_jobs(page) == ALL_OPEN
    assert heading(page) == "4 open positions"
    assert CLOSED not in page.content() and EXPIRED not in page.content()


def test_chips_narrow_the_list_and_write_the_url(page: Page) -> None:
    page.goto("/jobs/")
    page.get_by_label("Platform").check()
    at_url(page, "/jobs/?tribe=platform")
    assert visible_jobs(page) == {EXAMPLE, "/jobs/data-engineer/"}
    assert heading(page) == "2 open positions"
    assert page.locator("#filter-status").inner_text() == "2 open positions shown."
    # Counts are faceted: Berlin would leave one job among Platform's two.
    assert page.locator('[data-count-for="location=berlin"]').inner_text() == "1"
    page.get_by_label("Berlin").check()
    at_url(page, "/jobs/?tribe=platform&location=berlin")
    assert visible_jobs(page) == {EXAMPLE}
    # Within a group, chips add up (OR): Bucks adds nothing in Berlin but the example itself.
    page.get_by_label("Berlin").uncheck()
    page.get_by_label("Bucks").check()
    assert visible_jobs(page) == {EXAMPLE, "/jobs/data-engineer/", "/jobs/payments-engineer/"}


def test_no_match_shows_the_empty_state(page: Page) -> None:
    page.goto("/jobs/?tribe=merchant-care&contract=fixed-term")
    assert visible_jobs(page) == set()
    assert page.locator("#filter-empty").is_visible()
    assert "No open positions match these filters" in page.locator("#filter-empty").inner_text()
    assert heading(page) == "0 open positions"
    page.locator(".chips__clear").click()
    assert visible_jobs(page) == ALL_OPEN
    assert not page.locator("#filter-empty").is_visible()
    at_url(page, "/jobs/")


def test_a_shared_url_restores_the_filter_and_survives_reload(page: Page) -> None:
    page.goto("/jobs/?tribe=platform&location=paris")
    assert page.get_by_label("Platform").is_checked() and page.get_by_label("Paris").is_checked()
    assert visible_jobs(page) == {EXAMPLE, "/jobs/data-engineer/"}
    page.reload()
    assert page.get_by_label("Platform").is_checked() and page.get_by_label("Paris").is_checked()
    assert visible_jobs(page) == {EXAMPLE, "/jobs/data-engineer/"}


def test_back_and_forward_replay_the_filters(page: Page) -> None:
    page.goto("/jobs/")
    chip(page, "remote", "remote").check()
    assert visible_jobs(page) == {"/jobs/payments-engineer/"}
    page.get_by_label("Hybrid").check()
    assert visible_jobs(page) == {"/jobs/payments-engineer/", EXAMPLE, "/jobs/care-designer/"}
    page.go_back()
    at_url(page, "/jobs/?remote=remote")
    assert visible_jobs(page) == {"/jobs/payments-engineer/"}
    assert not page.get_by_label("Hybrid").is_checked()
    page.go_back()
    assert visible_jobs(page) == ALL_OPEN
    page.go_forward()
    page.go_forward()
    at_url(page, "/jobs/?remote=hybrid&remote=remote")  # the chips' order
    assert page.get_by_label("Hybrid").is_checked()
    assert len(visible_jobs(page)) == 3


def test_show_results_moves_focus_to_the_list(page: Page) -> None:
    page.goto("/jobs/")
    page.get_by_label("Paris").check()
    page.get_by_role("button", name="Show results").click()
    assert page.evaluate("document.activeElement.id") == "results-heading"
    at_url(page, "/jobs/?location=paris")  # no page load: the state stays


def test_without_javascript_the_static_filter_pages_do_the_job(
    browser: Browser, published_site: PublishedSite
) -> None:
    page, _ = new_page(browser, published_site, java_script_enabled=False)
    try:
        page.goto("/jobs/")
        assert not page.locator("#job-filters").is_visible(), "chips need JavaScript"
        assert not page.locator("#search").is_visible(), "so does search"
        assert not page.get_by_role("link", name="Search", exact=True).is_visible()
        menu = page.locator("nav.filters")
        assert menu.is_visible()
        menu.get_by_role("link", name="Berlin").click()
        at_url(page, "/locations/berlin/")
        links = page.locator("main .job-card__title a")
        assert {links.nth(i).get_attribute("href") for i in range(links.count())} == {EXAMPLE}
        page.get_by_role("link", name="Remote (1)").click()
        at_url(page, "/remote/remote/")
        assert page.locator("main .job-card__title a").get_attribute("href") == (
            "/jobs/payments-engineer/"
        )
    finally:
        page.context.close()
