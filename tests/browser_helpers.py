"""Shared fixtures for tests that need the real site in a real browser.

One publish build (Pelican + the Pagefind index, exactly what `invoke publish` writes) of the
example content plus postings in every state, served like S3 on 127.0.0.1, and one headless
Chromium for the whole session. Use them from a test module with

    pytest_plugins = ["browser_helpers"]

and the fixtures `published_site`, `browser` and `page` (a fresh context per test that records
every request). `screenshot(page, name)` saves into test-artifacts/ (git-ignored).

Chromium is Debian's (`/usr/bin/chromium`, or `CHROMIUM_PATH`), never a downloaded one. Without
it the browser tests skip on a workstation, and fail when CI=true: CI must never skip them.
"""

from __future__ import annotations

import gzip
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from conftest import ROOT, TODAY, build_site, copy_content
from pages_helpers import write_job

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Request, Response

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = ROOT / "test-artifacts"
EXAMPLE = "/jobs/backend-engineer-graduation-internship/"
FRENCH_EXAMPLE = "/fr/jobs/stage-ingenieur-backend/"  # the example's French version
FRENCH_JOBS = "/fr/jobs/"  # the French listing (instant filters, search in French)
CLOSED = "/jobs/legacy-django-engineer/"
EXPIRED = "/jobs/expired-analyst/"
CLOSED_WORD = "Zanzibarquux"  # only in the closed posting's body


def make_content(root: Path) -> Path:
    """The example site plus open postings across tribes, offices, contracts and work modes,
    a closed one and an expired one (both mention Django, like the open example)."""
    content = copy_content(root / "content")
    write_job(
        content,
        "data-engineer",
        "We build data pipelines with Python and Spark.\n",
        title="Data Engineer",
        tribes=["platform"],
        locations=["paris"],
        date_posted="2026-12-20",
        skills=["Python", "Spark"],
    )
    write_job(
        content,
        "payments-engineer",
        "Payments at scale, from anywhere in Europe.\n",
        title="Payments Engineer",
        tribes=["bucks"],
        locations=[],
        remote="remote",
        remote_countries=["FR", "DE"],
        contract="fixed-term",
        date_posted="2026-12-10",
    )
    write_job(
        content,
        "care-designer",
        "Design the tools our care team uses every day.\n",
        title="Product Designer, Care",
        tribes=["merchant-care"],
        locations=["barcelona"],
        remote="hybrid",
        date_posted="2026-12-01",
    )
    write_job(
        content,
        "legacy-django-engineer",
        f"Maintain our Django monolith. {CLOSED_WORD} is the codename.\n",
        title="Legacy Django Engineer",
        status="closed",
        skills=["Django"],
    )
    write_job(
        content,
        "expired-analyst",
        "Analyse Django query plans.\n",
        title="Expired Analyst Role",
        date_posted="2026-10-01",
        valid_through="2026-12-31",  # before TODAY
    )
    return content


@dataclass
class PublishedSite:
    root: Path  # the output folder
    base_url: str  # http://127.0.0.1:<port>
    indexed: list[str] = field(default_factory=list)  # URL paths in the search index

    def url(self, path: str) -> str:
        return self.base_url + path


def publish(content: Path, output: Path, today: str = TODAY) -> list[str]:
    """What `invoke publish` does (minus the manifest): the Pelican build, then the index."""
    from careers.search import index_site

    assert build_site(content, output, today=today) == 0, "the publish build failed"
    return index_site(output).pages


@pytest.fixture(scope="session")
def published_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PublishedSite]:
    from careers.serve import make_server

    root = tmp_path_factory.mktemp("published")
    output = root / "output"
    indexed = publish(make_content(root), output)
    server = make_server(output, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield PublishedSite(output, f"http://127.0.0.1:{server.server_address[1]}", indexed)
    finally:
        server.shutdown()
        server.server_close()


def require_chromium() -> None:
    """Skip without Chromium on a workstation; fail in CI, where it must be installed."""
    if Path(CHROMIUM_PATH).is_file():
        return
    message = f"Chromium not found at {CHROMIUM_PATH} (set CHROMIUM_PATH, or apt-get install it)"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message + ": CI must run the browser tests", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Traffic:
    """Every request a page made and the bytes of every response, to measure and police."""

    requests: list[str] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)

    def on_request(self, request: Request) -> None:
        self.requests.append(request.url)

    def on_response(self, response: Response) -> None:
        self.responses.append(response)

    def other_origins(self, base_url: str) -> list[str]:
        return [
            url for url in self.requests if not url.startswith((base_url + "/", "data:", "blob:"))
        ]

    def compressed_bytes(self) -> dict[str, int]:
        """Each response's body gzipped (what a CDN sends), by URL."""
        return {
            response.url: len(gzip.compress(response.body(), 9))
            for response in self.responses
            if response.url.startswith("http")
            and (response.status < 300 or response.request.resource_type == "document")
        }


def new_page(browser: Browser, site: PublishedSite, **options: object) -> tuple[Page, Traffic]:
    """A page in a fresh context (no cache, no cookies) that records its traffic."""
    context = browser.new_context(base_url=site.base_url, **options)  # type: ignore[arg-type]
    context.set_default_timeout(10_000)  # a local site: a slow step is a failure, fail fast
    page = context.new_page()
    traffic = Traffic()
    page.on("request", traffic.on_request)
    page.on("response", traffic.on_response)
    return page, traffic


@pytest.fixture
def page(browser: Browser, published_site: PublishedSite) -> Iterator[Page]:
    """A fresh 1280 px wide page; its traffic is on `page.traffic` (see Traffic)."""
    tab, traffic = new_page(browser, published_site, viewport={"width": 1280, "height": 900})
    tab.traffic = traffic  # type: ignore[attr-defined]
    try:
        yield tab
    finally:
        tab.context.close()


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page PNG into test-artifacts/ (git-ignored) and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    return target


def at_url(page: Page, suffix: str) -> None:
    """Wait (briefly) until the address ends with `suffix`: history.pushState is reported to
    Playwright asynchronously, so reading page.url right after a click may be one step behind."""
    import re

    from playwright.sync_api import expect

    expect(page).to_have_url(re.compile(re.escape(suffix) + "$"), timeout=5_000)
