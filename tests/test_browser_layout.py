"""Layout in Chromium: 360 px without horizontal scroll, visible focus, print, head, screenshots."""

from __future__ import annotations

import pytest
from browser_helpers import CLOSED, EXAMPLE, PublishedSite, new_page, screenshot
from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

PAGE_TYPES = {
    "home": "/",
    "jobs": "/jobs/",
    "filtered": "/jobs/?tribe=platform&location=paris",
    "job": EXAMPLE,
    "closed-job": CLOSED,
    "remote-job": "/jobs/payments-engineer/",
    "tribes": "/tribes/",
    "tribe": "/tribes/platform/",
    "location": "/locations/paris/",
    "faq": "/faq/",
    "404": "/no-such-page/",
}
SCREENSHOTS = {"home": "/", "jobs": "/jobs/", "job": EXAMPLE}


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_no_horizontal_scroll_at_360px(page: Page, path: str) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(path)
    overflow = page.evaluate(
        """() => [...document.querySelectorAll("body *")]
            .filter(el => el.getBoundingClientRect().right > innerWidth + 0.5)
            .map(el => el.tagName + "." + el.className).slice(0, 5)"""
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, overflow
    assert overflow == []


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("name", SCREENSHOTS.keys())
def test_screenshots(
    browser: Browser, published_site: PublishedSite, name: str, width: int
) -> None:
    """Saved to test-artifacts/ for people to look at; the test checks they are real images."""
    page, _ = new_page(browser, published_site, viewport={"width": width, "height": 800})
    try:
        page.goto(SCREENSHOTS[name])
        target = screenshot(page, f"{name}-{width}")
        data = target.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(data[16:20], "big") == width, "no horizontal overflow widened it"
    finally:
        page.context.close()


def test_focus_is_visible_on_every_focusable_element(page: Page) -> None:
    page.goto("/jobs/")
    seen = 0
    for _ in range(60):
        page.keyboard.press("Tab")
        state = page.evaluate(
            """() => {
                const el = document.activeElement;
                if (el === document.body) return null;
                const ring = el.closest(".chip") || el;
                const style = getComputedStyle(ring);
                return {tag: el.tagName, text: (el.textContent || el.value || "").trim(),
                        outline: style.outlineStyle, width: parseFloat(style.outlineWidth),
                        visible: el.closest(".chip") ? true : el.checkVisibility()};
            }"""
        )
        if state is None:
            break
        assert state["visible"], state
        assert state["outline"] != "none" and state["width"] >= 2, state
        seen += 1
    assert seen > 20, "the walk covered the page"


def test_the_skip_link_appears_and_jumps_to_main(page: Page) -> None:
    page.goto(EXAMPLE)
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0, "on screen when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_job_pages_print_without_navigation(page: Page) -> None:
    page.goto(EXAMPLE)
    page.emulate_media(media="print")
    hidden = page.evaluate(
        """() => ["nav[aria-label=Main]", ".breadcrumbs", ".apply-again",
                  "[aria-labelledby=related-heading]", ".site-footer .social"]
            .filter(sel => document.querySelector(sel))
            .map(sel => [sel, getComputedStyle(document.querySelector(sel)).display])"""
    )
    assert hidden and all(display == "none" for _, display in hidden), hidden
    assert page.locator("h1").is_visible() and page.locator(".facts").is_visible()
    assert page.locator(".timeline").is_visible()
    answer = page.locator("details.qa .prose").first
    assert answer.is_visible(), "FAQ answers print, even folded"
    assert page.pdf()[:4] == b"%PDF"


def test_head_tags_in_the_browser(page: Page, published_site: PublishedSite) -> None:
    page.goto(EXAMPLE)
    head = page.evaluate(
        """() => ({
            lang: document.documentElement.lang,
            canonical: document.querySelector("link[rel=canonical]").href,
            og: document.querySelector("meta[property='og:title']").content,
            twitter: document.querySelector("meta[name='twitter:card']").content,
            icon: document.querySelector("link[rel=icon]").href.slice(0, 14),
            viewport: document.querySelector("meta[name=viewport]").content,
        })"""
    )
    assert head == {
        "lang": "en",
        "canonical": "https://careers.example.com" + EXAMPLE,
        "og": "Backend Engineer - Graduation Internship (Python)",
        "twitter": "summary",
        "icon": "data:image/svg",
        "viewport": "width=device-width, initial-scale=1",
    }
