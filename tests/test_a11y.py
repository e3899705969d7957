"""axe-core in Chromium: zero violations on every page type, before and after a search run."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser_helpers import CLOSED, EXAMPLE, EXPIRED, FRENCH_EXAMPLE, FRENCH_JOBS
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
PAGE_TYPES = {
    "home": "/",
    "jobs list": "/jobs/",
    "filtered list": "/jobs/?tribe=platform&location=paris",
    "empty filtered list": "/jobs/?tribe=merchant-care&contract=fixed-term",
    "job": EXAMPLE,
    "closed job": CLOSED,
    "expired job": EXPIRED,
    "tribes": "/tribes/",
    "tribe": "/tribes/platform/",
    "location": "/locations/paris/",
    "contract": "/contracts/internship/",
    "work mode": "/remote/remote/",
    "FAQ": "/faq/",
    "404": "/no-such-page/",
    "French job": FRENCH_EXAMPLE,
    "French jobs list": FRENCH_JOBS,
    "French filtered list": FRENCH_JOBS + "?tribe=platform",
}


def violations(page: Page) -> list[dict[str, Any]]:
    """Each violation with the rule, its impact and the first offending elements."""
    result = Axe().run(page, options=AXE_OPTIONS)
    found: list[dict[str, Any]] = result.response["violations"]
    return [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "nodes": [n["target"] for n in v["nodes"][:3]],
            "summary": v["nodes"][0]["failureSummary"] if v["nodes"] else "",
        }
        for v in found
    ]


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_no_axe_violation(page: Page, path: str) -> None:
    page.goto(path)
    assert violations(page) == []


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize(
    ("path", "term", "expect"),
    [
        ("/jobs/", "Django", f'pagefind-results a[href="{EXAMPLE}"]'),
        ("/jobs/?tribe=platform", "xqzwvkplomb", "pagefind-summary >> text=No results"),
        (FRENCH_JOBS, "Django", f'pagefind-results a[href="{FRENCH_EXAMPLE}"]'),
    ],
    ids=["results", "no results", "French results"],
)
def test_no_axe_violation_after_a_search(
    page: Page, path: str, term: str, expect: str, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(path)
    page.locator("#search input[type=search]").click()
    box = page.locator("pagefind-input input.pf-input")
    box.fill(term)
    page.locator(expect).first.wait_for()
    assert violations(page) == []


def test_the_check_can_fail(page: Page) -> None:
    """A planted low-contrast, unlabelled control is reported: the zero above means something."""
    page.goto("/")
    page.evaluate(
        """() => {
            const p = document.createElement("p");
            p.style.color = "#ccc";
            p.textContent = "faint";
            document.querySelector("main").append(p, document.createElement("input"));
        }"""
    )
    rules = {v["rule"] for v in violations(page)}
    assert {"color-contrast", "label"} <= rules
