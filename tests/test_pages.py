"""Whole-site tests for the HTML pages: build a small site into a temporary folder, read it."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from careers.build import settings_for
from careers.generator import format_salary, long_date, related
from careers.loader import load_catalog
from careers.models import Salary
from conftest import ROOT, TODAY, build_site, copy_content
from pages_helpers import (
    XSS_TITLE,
    html_pages,
    job_links,
    jsonld,
    meta_content,
    page_file,
    soup,
    types,
    write_job,
)

SITEURL = "https://careers.example.com"  # publishconf.py
EXAMPLE = "/jobs/backend-engineer-graduation-internship/"
FRENCH_EXAMPLE = "/fr/jobs/stage-ingenieur-backend/"  # its French version

OPEN = ["open-job", "remote-job", "email-job", "default-job", "xss-job"]
HIDDEN = ["closed-job", "expired-job"]  # keep a page, leave every listing


def make_content(root: Path) -> Path:
    """The example content plus postings in every state, an unused office and a second FAQ."""
    content = copy_content(root / "content")
    write_job(
        content,
        "open-job",
        title="Site Reliability Engineer",
        date_posted="2026-12-20",
        salary={"min": "1200", "max": "1500", "currency": "EUR", "per": "month"},
        apply_url="https://apply.example.com/sre",
        skills=["Kubernetes", "Terraform"],
        faq=["graduation-internships", "working-here"],
        process=[{"name": "Coffee chat", "duration": "20 minutes"}],
    )
    write_job(
        content,
        "remote-job",
        title="Payments Engineer",
        tribes=["bucks"],
        locations=[],
        remote="remote",
        remote_countries=["FR", "DE"],
        contract="fixed-term",
        hours="part-time",
        date_posted="2026-12-10",
    )
    write_job(content, "email-job", apply_email="jobs@example.org", date_posted="2026-11-05")
    write_job(content, "default-job", date_posted="2026-11-04")
    write_job(content, "xss-job", title=XSS_TITLE, date_posted="2026-11-03")
    write_job(content, "closed-job", title="Closed Role Engineer", status="closed")
    write_job(
        content,
        "expired-job",
        title="Expired Role Engineer",
        date_posted="2026-10-01",
        valid_through="2026-12-31",  # before TODAY
    )
    write_job(content, "draft-job", title="Draft Role Engineer", status="draft")
    with (content / "locations.yml").open("a", encoding="utf-8") as f:
        f.write(
            "lyon:\n  city: Lyon\n  street: 1 Place Bellecour\n  postal_code: '69002'\n"
            "  region: Auvergne-Rhône-Alpes\n  country: FR\n"
        )
    (content / "faq" / "working-here.md").write_text(
        "---\ntitle: Working here\norder: 2\n---\n## Can I work remotely?\n\nTwo days a week.\n",
        "utf-8",
    )
    (content / "pages" / "about.md").write_text(
        "---\ntitle: About us\ndescription: Who we are.\n---\nWe refurbish.\n", "utf-8"
    )
    return content


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pages")
    content = make_content(root)
    out = root / "output"
    assert build_site(content, out, CAREERS_HOME_JOBS=3) == 0
    return out


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same content built with drafts shown (`invoke build --drafts`)."""
    root = tmp_path_factory.mktemp("preview")
    content = make_content(root)
    out = root / "output"
    assert build_site(content, out, drafts=True) == 0
    return out


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example content as shipped (one FAQ)."""
    root = tmp_path_factory.mktemp("example")
    out = root / "output"
    assert build_site(copy_content(root / "content"), out) == 0
    return out


# --- every page exists -------------------------------------------------------------------


def test_every_page_exists(built: Path) -> None:
    paths = ["/", "/jobs/", "/tribes/", "/faq/", "/404.html", "/about/", EXAMPLE]
    paths += [f"/jobs/{job}/" for job in OPEN + HIDDEN]
    paths += [f"/tribes/{t}/" for t in ("perfect-journey", "merchant-care", "bucks", "platform")]
    paths += [f"/locations/{loc}/" for loc in ("paris", "bordeaux", "barcelona", "berlin", "lyon")]
    paths += [
        f"/contracts/{c}/"
        for c in ("permanent", "fixed-term", "internship", "apprenticeship", "freelance")
    ]
    paths += [f"/remote/{r}/" for r in ("on-site", "hybrid", "remote")]
    paths += ["/faq/graduation-internships/", "/faq/working-here/"]
    missing = [path for path in paths if not page_file(built, path).is_file()]
    assert missing == []
    assert not page_file(built, "/jobs/draft-job/").exists()
    assert not page_file(built, "/home/").exists(), "home.md is the home page, not /home/"


def test_single_faq_is_shown_at_faq(example: Path) -> None:
    doc = soup(example, "/faq/")
    assert types(doc) == ["FAQPage"]
    assert len(doc.select("main section.qa h2[id]")) == 7, "the example FAQ has 7 questions"
    assert not (example / "faq" / "graduation-internships").exists()


def test_several_faqs_get_an_index_and_a_page_each(built: Path) -> None:
    index = soup(built, "/faq/")
    assert "FAQPage" not in types(index)
    hrefs = {a["href"] for a in index.select("main a")}
    assert "/faq/working-here/#can-i-work-remotely" in hrefs
    for faq in ("graduation-internships", "working-here"):
        assert types(soup(built, f"/faq/{faq}/")) == ["FAQPage"]


# --- job pages ---------------------------------------------------------------------------


def test_open_job_page(built: Path) -> None:
    doc = soup(built, "/jobs/open-job/")
    assert types(doc).count("JobPosting") == 1
    assert "BreadcrumbList" in types(doc)
    posting = next(b for b in jsonld(doc) if b["@type"] == "JobPosting")
    assert posting["title"] == "Site Reliability Engineer"
    assert meta_content(doc, name="robots") is None
    main = doc.find("main")
    assert isinstance(main, Tag)
    text = main.get_text(" ", strip=True)
    assert "€1,200–1,500 per month" in text
    assert "This position is closed" not in text
    apply = [a for a in main.find_all("a") if a.get_text(strip=True).startswith("Apply")]
    assert apply and {a["href"] for a in apply} == {"https://apply.example.com/sre"}
    # the posting's own process replaces the default one
    assert [li.get_text(" ", strip=True) for li in doc.select("ol.timeline li")] == [
        "Coffee chat 20 minutes"
    ]
    # both linked FAQs, as questions with their answers
    summaries = [s.get_text(strip=True) for s in doc.select("details summary")]
    assert "Can I work remotely?" in summaries
    assert "How can I best prepare my application?" in summaries
    assert {li.get_text(strip=True) for li in doc.select(".tags li")} == {"Kubernetes", "Terraform"}
    # other open jobs of the same tribe (platform), never itself nor closed ones
    related = doc.find(id="related-heading")
    assert isinstance(related, Tag) and isinstance(related.parent, Tag)
    links = {str(a["href"]) for a in related.parent.find_all("a")}
    assert "/jobs/email-job/" in links
    assert "/jobs/open-job/" not in links
    assert "/jobs/closed-job/" not in links


def test_example_job_page_uses_default_process(built: Path) -> None:
    doc = soup(built, EXAMPLE)
    steps = doc.select("ol.timeline li")
    assert len(steps) == 5
    assert steps[0].get_text(" ", strip=True).startswith("HR call with the recruiter")
    facts = doc.select_one("dl.facts")
    assert facts is not None
    text = facts.get_text(" ", strip=True)
    for fact in ("Internship", "full-time", "Hybrid", "January", "6 months", "Paris", "Berlin"):
        assert fact in text


@pytest.mark.parametrize(
    ("job", "href"),
    [
        ("email-job", "mailto:jobs@example.org?subject=Application%3A%20Engineer%20email-job"),
        (
            "default-job",
            "mailto:careers@example.com?subject=Application%3A%20Engineer%20default-job",
        ),
    ],
)
def test_apply_button_falls_back_to_the_site_default(built: Path, job: str, href: str) -> None:
    doc = soup(built, f"/jobs/{job}/")
    assert {a["href"] for a in doc.select("main a.button")} == {href}


def test_site_apply_url_wins_over_site_email(tmp_path: Path) -> None:
    content = copy_content(tmp_path / "content")
    write_job(content, "plain-job")
    out = tmp_path / "output"
    assert build_site(content, out, CAREERS_APPLY_URL="https://jobs.example.com/apply") == 0
    hrefs = {a["href"] for a in soup(out, "/jobs/plain-job/").select("main a.button")}
    assert hrefs == {"https://jobs.example.com/apply"}


def test_remote_job_page(built: Path) -> None:
    doc = soup(built, "/jobs/remote-job/")
    facts = doc.select_one("dl.facts")
    assert facts is not None
    text = facts.get_text(" ", strip=True)
    assert "Remote (from France, Germany)" in text
    assert "Fixed-term , part-time" in text or "Fixed-term, part-time" in text
    assert "/jobs/remote-job/" in job_links(soup(built, "/remote/remote/"))
    assert "/jobs/remote-job/" not in job_links(soup(built, "/remote/on-site/"))


@pytest.mark.parametrize("job", HIDDEN)
def test_closed_and_expired_jobs_keep_a_page_but_leave_listings(built: Path, job: str) -> None:
    assert dt.date.fromisoformat(TODAY) > dt.date(2026, 12, 31), "expired-job must be past"
    doc = soup(built, f"/jobs/{job}/")
    main = doc.find("main")
    assert isinstance(main, Tag)
    assert "This position is closed" in main.get_text(" ", strip=True)
    assert meta_content(doc, name="robots") == "noindex"
    assert "JobPosting" not in types(doc)
    assert not [a for a in main.find_all("a") if "Apply" in a.get_text()]
    for listing in (
        "/",
        "/jobs/",
        "/tribes/platform/",
        "/locations/paris/",
        "/contracts/permanent/",
    ):
        assert f"/jobs/{job}/" not in job_links(soup(built, listing)), listing
    for _, other in html_pages(built):
        if f"/jobs/{job}/" not in str(other):
            assert f'href="/jobs/{job}/"' not in other.read_text("utf-8"), other


def test_drafts_are_hidden_from_a_publish_build(built: Path) -> None:
    for _, file in html_pages(built):
        assert "draft-job" not in file.read_text("utf-8"), file


def test_drafts_are_previewed_with_a_banner(preview: Path) -> None:
    doc = soup(preview, "/jobs/draft-job/")
    assert "Draft – not published" in doc.get_text(" ", strip=True)
    assert meta_content(doc, name="robots") == "noindex"
    assert "JobPosting" not in types(doc)
    assert "/jobs/draft-job/" in job_links(soup(preview, "/jobs/"))
    assert "/jobs/draft-job/" in job_links(soup(preview, "/tribes/platform/"))


# --- listings ------------------------------------------------------------------------------


def test_no_jobposting_outside_open_job_pages(built: Path) -> None:
    open_pages = {f"/jobs/{job}/" for job in OPEN} | {EXAMPLE, FRENCH_EXAMPLE}
    seen = set()
    for path, file in html_pages(built):
        doc = BeautifulSoup(file.read_text("utf-8"), "html.parser")
        count = types(doc).count("JobPosting")
        if path in open_pages:
            assert count == 1, path
            seen.add(path)
        else:
            assert count == 0, path
    assert seen == open_pages


def test_jobs_page_lists_every_open_job_with_filter_links(built: Path) -> None:
    doc = soup(built, "/jobs/")
    assert job_links(doc) >= {f"/jobs/{job}/" for job in OPEN} | {EXAMPLE}
    assert len(doc.select("main li.job-card")) == len(OPEN) + 1
    filters = {str(a["href"]) for a in doc.select("nav.filters a")}
    for href in ("/tribes/bucks/", "/locations/paris/", "/contracts/permanent/", "/remote/remote/"):
        assert href in filters
    assert "/locations/lyon/" not in filters, "an empty filter is not offered"


def test_home_page(built: Path) -> None:
    doc = soup(built, "/")
    assert sorted(types(doc)) == ["Organization", "WebSite"]
    assert len(doc.select("main li.job-card")) == 3, "CAREERS_HOME_JOBS=3"
    # newest first
    assert doc.select("main li.job-card a")[0]["href"] == "/jobs/open-job/"
    assert "Join the refurb revolution." in doc.get_text(" ", strip=True)
    assert len(doc.select("main .card")) == 4, "the four tribes"


def test_tribe_pages(built: Path) -> None:
    doc = soup(built, "/tribes/bucks/")
    assert types(doc) == ["BreadcrumbList"]
    feeds = {str(link["href"]) for link in doc.find_all("link", type="application/atom+xml")}
    assert feeds == {"/feeds/jobs.atom", "/feeds/tribes/bucks.atom"}
    assert job_links(doc) == {"/jobs/remote-job/", EXAMPLE}
    assert "pay-in and payout" in doc.get_text(" ", strip=True)
    index = soup(built, "/tribes/")
    assert {str(a["href"]) for a in index.select("main .card a")} == {
        "/tribes/perfect-journey/",
        "/tribes/merchant-care/",
        "/tribes/bucks/",
        "/tribes/platform/",
    }


@pytest.mark.parametrize("path", ["/locations/lyon/", "/contracts/freelance/"])
def test_empty_filter_pages_say_so(built: Path, path: str) -> None:
    doc = soup(built, path)
    empty = doc.select_one("main .empty")
    assert empty is not None
    assert empty.get_text(" ", strip=True).startswith("No open")
    assert {str(a["href"]) for a in empty.find_all("a")} == {"/jobs/"}
    assert meta_content(doc, name="robots") == "noindex"


def test_location_page_shows_the_address(built: Path) -> None:
    doc = soup(built, "/locations/paris/")
    address = doc.select_one("main address")
    assert address is not None
    assert "1 Rue de Rivoli" in address.get_text() and "75001" in address.get_text()
    assert "/jobs/open-job/" in job_links(doc)
    assert "/jobs/remote-job/" not in job_links(doc)


def test_content_page(built: Path) -> None:
    doc = soup(built, "/about/")
    h1 = doc.find("h1")
    assert h1 is not None and h1.get_text() == "About us"
    assert meta_content(doc, name="description") == "Who we are."
    assert {str(a["href"]) for a in doc.select("header nav a")} >= {"/about/"}


def test_page_id_used_by_the_site_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = copy_content(tmp_path / "content")
    (content / "pages" / "jobs.md").write_text("---\ntitle: Jobs page\n---\nText.\n", "utf-8")
    status = build_site(content, tmp_path / "output")
    message = capsys.readouterr().err
    assert status == 1
    assert "content/pages/jobs.md:1: (file name): `jobs` is an address the site itself uses" in (
        message
    )
    assert not (tmp_path / "output").exists()


def test_job_in_another_language_is_a_page_in_that_language(tmp_path: Path) -> None:
    """A French posting without an English version: its own French page (tests/test_i18n.py
    covers translations); the site's default content it shows is marked as English."""
    content = copy_content(tmp_path / "content")
    write_job(
        content, "french-job", title="Ingénieur logiciel", lang="fr", faq=["graduation-internships"]
    )
    out = tmp_path / "output"
    assert build_site(content, out) == 0
    assert not (out / "jobs" / "french-job").exists()
    doc = soup(out, "/fr/jobs/french-job/")
    html = doc.find("html")
    assert isinstance(html, Tag) and html["lang"] == "fr"
    assert doc.select_one("#process-heading").get_text() == "Processus de recrutement"  # type: ignore[union-attr]
    assert doc.select_one("ol.timeline")["lang"] == "en", "content/process.yml is English"  # type: ignore[index]
    assert {d["lang"] for d in doc.select("details.qa")} == {"en"}, "so is the FAQ"
    assert doc.select_one("nav.lang-switch") is None, "no other version to switch to"


# --- every page: head, accessibility, links --------------------------------------------------


def test_every_page_has_a_complete_head_and_landmarks(built: Path) -> None:
    for path, file in html_pages(built):
        if not path.endswith("/") and path != "/404.html":
            continue  # theme copies, if any
        doc = BeautifulSoup(file.read_text("utf-8"), "html.parser")
        html = doc.find("html")
        lang = "fr" if path.startswith("/fr/") else "en"
        assert isinstance(html, Tag) and html.get("lang") == lang, path
        assert len(doc.find_all("h1")) == 1, path
        assert meta_content(doc, name="description"), path
        assert meta_content(doc, property="og:title"), path
        assert meta_content(doc, name="twitter:card") == "summary", path
        assert doc.find("link", rel="icon") is not None, path
        canonical = doc.find("link", rel="canonical")
        if path == "/404.html":
            assert canonical is None
        else:
            assert isinstance(canonical, Tag) and canonical["href"] == SITEURL + path, path
        for landmark in ("header", "main", "footer"):
            assert doc.find(landmark) is not None, (path, landmark)
        skip = doc.find("a", class_="skip-link")
        assert isinstance(skip, Tag) and skip["href"] == "#main", path
        assert doc.find(id="main") is not None, path
        assert doc.find("link", type="application/atom+xml", href="/feeds/jobs.atom"), path
        scripts = [str(tag["src"]) for tag in doc.find_all("script", src=True)]
        if path in ("/jobs/", "/fr/jobs/"):  # the instant filters and the lazy search (issue 4)
            assert len(scripts) == 1 and re.fullmatch(r"/assets/jobs\.[0-9a-f]{10}\.js", scripts[0])
        else:
            assert scripts == [], "no JavaScript on other pages"


def test_internal_links_are_root_relative_and_resolve(built: Path) -> None:
    broken = []
    for path, file in html_pages(built):
        doc = BeautifulSoup(file.read_text("utf-8"), "html.parser")
        for tag in doc.find_all(["a", "link"], href=True):
            href = str(tag["href"])
            if tag.name == "link" and tag.get("rel") in (["canonical"],):
                continue
            if tag.name == "link" and tag.get("hreflang"):  # absolute, as Google requires
                assert href.startswith(SITEURL + "/"), (path, href)
                continue
            assert not href.startswith(SITEURL), (path, href)
            if href.startswith("/"):
                target = href.split("#")[0].split("?")[0]
                if not page_file(built, target).is_file():
                    broken.append((path, href))
    assert broken == []


def test_stylesheet_is_fingerprinted(built: Path) -> None:
    doc = soup(built, "/")
    sheets = [str(link["href"]) for link in doc.find_all("link", rel="stylesheet")]
    assert len(sheets) == 1
    match = re.fullmatch(r"/assets/site\.([0-9a-f]{10})\.css", sheets[0])
    assert match is not None
    data = (built / sheets[0].lstrip("/")).read_bytes()
    assert hashlib.sha256(data).hexdigest()[:10] == match.group(1)


def test_logo_is_a_png_of_at_least_112_pixels(built: Path) -> None:
    data = (built / "theme" / "images" / "logo.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width >= 112 and height >= 112


def test_job_page_is_small(built: Path) -> None:
    doc = soup(built, EXAMPLE)
    sheet = doc.find("link", rel="stylesheet")
    assert isinstance(sheet, Tag)
    page = page_file(built, EXAMPLE).read_bytes()
    css = (built / str(sheet["href"]).lstrip("/")).read_bytes()
    assert len(gzip.compress(page)) + len(gzip.compress(css)) < 30_000


# --- escaping and determinism --------------------------------------------------------------


def test_script_in_a_title_is_escaped_everywhere(built: Path) -> None:
    raw = "<script>alert(1)</script>"
    for path, file in html_pages(built):
        assert raw not in file.read_text("utf-8"), path
    doc = soup(built, "/jobs/xss-job/")
    h1 = doc.find("h1")
    assert h1 is not None and h1.get_text() == XSS_TITLE
    title = doc.find("title")
    assert title is not None and title.get_text().startswith(XSS_TITLE)
    blocks = jsonld(doc)  # parses
    posting = next(b for b in blocks if b["@type"] == "JobPosting")
    assert posting["title"] == XSS_TITLE
    assert len(doc.find_all("script")) == len(blocks), "no script element was injected"
    listing = soup(built, "/jobs/")
    assert XSS_TITLE in [a.get_text() for a in listing.select("main li.job-card h3 a")]


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    content = make_content(tmp_path)
    first, second = tmp_path / "first", tmp_path / "second"
    assert build_site(content, first) == 0
    assert build_site(content, second) == 0
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_sitemap_lists_indexable_pages_only(built: Path) -> None:
    sitemap = (built / "sitemap.xml").read_text("utf-8")
    assert f"<loc>{SITEURL}/locations/paris/</loc>" in sitemap
    assert f"<loc>{SITEURL}/about/</loc>" in sitemap
    for path in ("/404.html", "/locations/lyon/", "/jobs/closed-job/", "/jobs/expired-job/"):
        assert f"<loc>{SITEURL}{path}</loc>" not in sitemap, path


# --- formatting ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("salary", "text"),
    [
        (
            {"min": "1200", "max": "1500", "currency": "EUR", "per": "month"},
            "€1,200–1,500 per month",
        ),
        ({"min": "45000", "max": "45000", "currency": "USD", "per": "year"}, "$45,000 per year"),
        ({"min": "12.5", "max": "14", "currency": "GBP", "per": "hour"}, "£12.50–14 per hour"),
        ({"min": "500", "max": "700", "currency": "CHF", "per": "day"}, "500–700\u00a0CHF per day"),
    ],
)
def test_salary_is_formatted_for_people(salary: dict[str, str], text: str) -> None:
    assert format_salary(Salary.model_validate(salary)) == text


def test_dates_are_spelled_out() -> None:
    assert long_date(dt.date(2027, 1, 5)) == "5 January 2027"


def test_related_matches_the_catalog(tmp_path: Path) -> None:
    """The generator's fast `related` gives the same jobs, in the same order, as the catalog's."""
    content = make_content(tmp_path)
    choices = (["bucks"], ["platform"], ["bucks", "merchant-care"])
    for n in range(9):
        write_job(content, f"extra-{n}", tribes=choices[n % 3], date_posted=f"2026-11-{n + 10}")
    catalog = load_catalog(
        content, settings_for(ROOT / "publishconf.py", content=content, today=TODAY)
    )
    for job in catalog.page_jobs():
        listed = catalog.listed_in(catalog.lang_of(job))  # what the generator passes
        for limit in (1, 3, 5):
            assert related(job, listed, limit) == catalog.related(job, limit), (job.id, limit)


def test_listings_are_sorted_once_and_follow_replaced_jobs(tmp_path: Path) -> None:
    """Catalog.listed_jobs/listed_in are computed once per catalog, yet a job replaced in
    `jobs`, a new `today` or a preview build's drafts give the listing anew."""
    import dataclasses

    content = make_content(tmp_path)
    for n in range(4):
        write_job(content, f"extra-{n}", tribes=["bucks"], date_posted=f"2026-11-{n + 10}")
    catalog = load_catalog(
        content, settings_for(ROOT / "publishconf.py", content=content, today=TODAY)
    )

    def fresh() -> list[str]:  # the listing computed from scratch
        jobs = [job for job in catalog.jobs.values() if catalog.listed(job)]
        jobs.sort(key=lambda j: (-j.meta.date_posted.toordinal(), j.id))
        return [job.id for job in jobs]

    assert [job.id for job in catalog.listed_jobs()] == fresh()
    assert catalog.listed_jobs() is not catalog.listed_jobs()  # a copy each time
    before = [job.id for job in catalog.listed_jobs()]
    first = catalog.jobs["extra-0"]
    newer = first.meta.model_copy(update={"date_posted": dt.date(2026, 11, 30)})
    catalog.jobs["extra-0"] = dataclasses.replace(first, meta=newer)  # same key, same size
    after = [job.id for job in catalog.listed_jobs()]
    assert after == fresh() and after != before  # extra-0 moved up
    catalog.today = dt.date(2099, 1, 1)  # everything has expired by then
    assert [job.id for job in catalog.listed_jobs()] == fresh()
    assert catalog.listed_in(catalog.default_lang) == [
        job for job in catalog.listed_jobs() if catalog.lang_of(job) == catalog.default_lang
    ]
