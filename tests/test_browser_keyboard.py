"""Keyboard only on /jobs/: Tab reaches the skip link, search, every filter, the apply button."""

from __future__ import annotations

import pytest
from browser_helpers import at_url
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

DESCRIBE = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return "body";
    if (el.classList.contains("skip-link")) return "skip";
    if (el.closest("#search") && el.matches("input[type=search]")) return "search";
    if (el.closest("#job-filters") && el.type === "checkbox") {
        return "filter:" + el.name + "=" + el.value;
    }
    if (el.closest("#job-filters") && el.type === "submit") return "apply";
    return el.tagName.toLowerCase() + ":" + (el.textContent || "").trim().slice(0, 30);
}"""


def tab_order(page: Page, stop: str, limit: int = 80) -> list[str]:
    order: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        current = str(page.evaluate(DESCRIBE))
        if current == "search":
            # The first focus fetches Pagefind's UI, which takes over the box (and the focus).
            page.wait_for_function(
                "document.activeElement.matches('pagefind-input input.pf-input')"
                " && !document.activeElement.classList.contains('search__placeholder')"
            )
        order.append(current)
        if current == stop:
            break
    return order


def test_tab_reaches_skip_link_search_every_filter_then_apply(page: Page) -> None:
    page.goto("/jobs/")
    chips = page.locator("#job-filters input[type=checkbox]")
    filters = [
        f"filter:{chips.nth(i).get_attribute('name')}={chips.nth(i).get_attribute('value')}"
        for i in range(chips.count())
    ]
    assert len(filters) == 14  # 4 tribes, 4 offices, 3 contracts, 3 work modes with jobs
    order = tab_order(page, "apply")
    assert order[0] == "skip", order
    assert order[-1] == "apply", order
    wanted = ["skip", "search", *filters, "apply"]
    positions = [order.index(item) for item in wanted]
    assert positions == sorted(positions), order
    # Between the search box and the apply button there is nothing but the filters.
    start = order.index("search")
    between = [x for x in order[start + 1 : -1] if not x.startswith("filter:")]
    assert between in ([], ["button:Clear"]), between  # Pagefind's clear button, once typed


def test_space_toggles_a_filter_and_enter_on_apply_shows_results(page: Page) -> None:
    page.goto("/jobs/")
    page.locator("#job-filters input[value=bucks]").focus()
    page.keyboard.press("Space")
    at_url(page, "/jobs/?tribe=bucks")
    page.locator("#job-filters button[type=submit]").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "results-heading"
    assert page.locator("#results-heading").inner_text() == "2 open positions"
