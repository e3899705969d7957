"""Page weight and origins, measured in Chromium: each first load ≤ 30 KB compressed, one origin.

The bytes are what the browser fetched (HTML, CSS, JS, images), each gzipped at level 9, as
CloudFront serves them. Sizes, not timings: they do not depend on the machine.
"""

from __future__ import annotations

import pytest
from browser_helpers import (
    ARTIFACTS,
    CLOSED,
    EXAMPLE,
    FRENCH_EXAMPLE,
    FRENCH_JOBS,
    PublishedSite,
    new_page,
)
from playwright.sync_api import Browser

pytestmark = pytest.mark.browser

BUDGET = 30 * 1024
PAGE_TYPES = {
    "home": "/",
    "jobs list": "/jobs/",
    "filtered list": "/jobs/?tribe=platform&location=paris",
    "job": EXAMPLE,
    "closed job": CLOSED,
    "tribes": "/tribes/",
    "tribe": "/tribes/platform/",
    "location": "/locations/paris/",
    "FAQ": "/faq/",
    "404": "/no-such-page/",
    "French job": FRENCH_EXAMPLE,
    "French jobs list": FRENCH_JOBS,
}
MEASURED: dict[str, tuple[int, int]] = {}


@pytest.mark.parametrize("name", PAGE_TYPES.keys())
def test_first_load_weight_and_origins(
    browser: Browser, published_site: PublishedSite, name: str
) -> None:
    page, traffic = new_page(browser, published_site, viewport={"width": 360, "height": 740})
    try:
        page.goto(PAGE_TYPES[name])
        page.wait_for_load_state("networkidle")
        sizes = traffic.compressed_bytes()
    finally:
        page.context.close()
    total = sum(sizes.values())
    MEASURED[name] = (len(sizes), total)
    ARTIFACTS.mkdir(exist_ok=True)
    lines = [
        f"{n:<14} {count:>2} requests {size / 1024:6.1f} KB"
        for n, (count, size) in MEASURED.items()
    ]
    (ARTIFACTS / "page-weights.txt").write_text("\n".join(lines) + "\n")
    assert traffic.other_origins(published_site.base_url) == []
    assert total <= BUDGET, sizes
    assert not [url for url in sizes if "/pagefind/" in url], "search loads on first use only"


def test_a_search_run_stays_on_our_origin(browser: Browser, published_site: PublishedSite) -> None:
    page, traffic = new_page(browser, published_site)
    try:
        page.goto("/jobs/")
        page.locator("#search input[type=search]").click()
        page.locator("pagefind-input input.pf-input").fill("Django")
        page.locator(f'pagefind-results a[href="{EXAMPLE}"]').first.wait_for()
        page.wait_for_load_state("networkidle")
    finally:
        page.context.close()
    assert any("/pagefind/" in url for url in traffic.requests), "the search really ran"
    assert traffic.other_origins(published_site.base_url) == []
