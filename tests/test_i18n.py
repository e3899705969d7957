"""Languages: translated postings, their URLs, alternates, switcher, JSON-LD, feeds, catalogues.

The example content has a posting in English (`backend-engineer-graduation-internship`) and
its French version (`stage-ingenieur-backend`, `translation_key` linking the two).
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest
from browser_helpers import EXAMPLE, FRENCH_EXAMPLE, FRENCH_JOBS, at_url
from bs4 import BeautifulSoup, Tag
from careers.generator import format_salary, long_date
from careers.i18n import translations
from careers.models import Salary
from careers.translate import outputs, untranslated
from conftest import ROOT, build_site, copy_content
from pages_helpers import job_links, jsonld, soup, write_job
from playwright.sync_api import Page, expect

SITEURL = "https://careers.example.com"  # publishconf.py
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
ATOM = "{http://www.w3.org/2005/Atom}"
EN_URL = SITEURL + EXAMPLE
FR_URL = SITEURL + FRENCH_EXAMPLE


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site, plus a French-only posting and a closed French translation."""
    root = tmp_path_factory.mktemp("i18n")
    content = copy_content(root / "content")
    write_job(content, "data-engineer", title="Data Engineer", date_posted="2026-12-01")
    write_job(
        content,
        "ingenieur-donnees",
        title="Ingénieur données",
        lang="fr",
        translation_key="data-engineer",
        status="closed",
    )
    write_job(
        content,
        "developpeur-mobile",
        title="Développeur mobile",
        lang="fr",
        remote="remote",
        locations=[],
        remote_countries=["FR", "DE"],
        salary={"min": "1200", "max": "1500", "currency": "EUR", "per": "month"},
        date_posted="2026-12-10",
    )
    out = root / "output"
    assert build_site(content, out) == 0
    return out


def hreflangs(doc: BeautifulSoup) -> dict[str, str]:
    return {
        str(tag["hreflang"]): str(tag["href"])
        for tag in doc.find_all("link", rel="alternate", hreflang=True)
    }


def switcher(doc: BeautifulSoup) -> Tag | None:
    found = doc.find("nav", class_="lang-switch")
    return found if isinstance(found, Tag) else None


def posting(doc: BeautifulSoup) -> dict[str, object] | None:
    found = [block for block in jsonld(doc) if block.get("@type") == "JobPosting"]
    assert len(found) <= 1
    return found[0] if found else None


# --- validation --------------------------------------------------------------------------


def test_a_language_the_site_does_not_have_is_an_error(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_job(content, "berlin-job", title="Dateningenieur (m/w/d)", lang="de")
    assert build_site(content, tmp_path / "out") == 1
    err = capsys.readouterr().err
    assert (
        "content/jobs/berlin-job.md:7: lang: `de` is not one of the site's languages; "
        "use one of: en, fr (or add it to CAREERS_LANGUAGES" in err
    )
    assert not (tmp_path / "out").exists()


def test_two_postings_for_one_job_and_language_is_an_error(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_job(
        content,
        "stage-zz-copie",  # sorted after stage-ingenieur-backend: the second one
        title="Ingénieur backend bis",
        lang="fr",
        translation_key="backend-engineer-graduation-internship",
    )
    assert build_site(content, tmp_path / "out") == 1
    err = capsys.readouterr().err
    assert (
        "content/jobs/stage-zz-copie.md:8: translation_key: "
        "content/jobs/stage-ingenieur-backend.md is already the `fr` version of "
        "`backend-engineer-graduation-internship`" in err
    )
    assert "content/jobs/stage-ingenieur-backend.md:" not in err, "the first one is fine"
    assert not (tmp_path / "out").exists()


def test_a_second_default_language_posting_of_a_job_is_an_error(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_job(content, "zz-backend", translation_key="backend-engineer-graduation-internship")
    assert build_site(content, tmp_path / "out") == 1
    err = capsys.readouterr().err
    assert "content/jobs/zz-backend.md:7: translation_key: " in err
    assert "backend-engineer-graduation-internship.md is already the `en` version" in err


def test_a_translation_key_naming_no_posting_is_a_warning(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_job(content, "stage-data", title="Stage data", lang="fr", translation_key="data-intern")
    assert build_site(content, tmp_path / "out") == 0
    err = capsys.readouterr().err
    assert (
        "content/jobs/stage-data.md:8: translation_key: warning: no posting has the id "
        "`data-intern`" in err
    )
    assert (tmp_path / "out" / "fr" / "jobs" / "stage-data" / "index.html").is_file()


def test_the_default_language_comes_first_in_the_setting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = copy_content(tmp_path / "content")
    assert build_site(content, tmp_path / "out", CAREERS_LANGUAGES=["fr", "en"]) == 1
    err = capsys.readouterr().err
    assert "pelicanconf.py:" in err
    assert "CAREERS_LANGUAGES: the first language must be DEFAULT_LANG (`en`), not `fr`" in err
    assert not (tmp_path / "out").exists()


def test_a_language_without_interface_translations_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = copy_content(tmp_path / "content")
    assert build_site(content, tmp_path / "out", CAREERS_LANGUAGES=["en", "fr", "de"]) == 1
    err = capsys.readouterr().err
    assert (
        "CAREERS_LANGUAGES: `de` has no interface translations: add "
        "theme/translations/de/LC_MESSAGES/messages.po" in err
    )


# --- URLs and pages ----------------------------------------------------------------------


def test_each_language_builds_under_its_prefix(built: Path) -> None:
    assert (built / "jobs" / "backend-engineer-graduation-internship" / "index.html").is_file()
    assert (built / "fr" / "jobs" / "stage-ingenieur-backend" / "index.html").is_file()
    assert not (built / "jobs" / "stage-ingenieur-backend").exists()
    assert not (built / "en").exists(), "the default language has no prefix"


def test_the_french_page_is_french(built: Path) -> None:
    doc = soup(built, FRENCH_EXAMPLE)
    html = doc.find("html")
    assert isinstance(html, Tag) and html["lang"] == "fr"
    text = doc.get_text(" ")
    for french in (
        "Aller au contenu principal",
        "Processus de recrutement",
        "Mode de travail",
        "Hybride",
        "temps plein",
        "Publiée le",
        "1 octobre 2026",
        "Date limite de candidature",
        "31 décembre 2036",
        "Questions et réponses",
        "Flux des offres (Atom)",
    ):
        assert french in text, french
    facts = doc.select_one("dl.facts")
    assert facts is not None
    for english in ("Work mode", "Contract", "Posted", "Apply by", "Internship", "October"):
        assert english not in facts.get_text(" "), english
    apply = doc.select_one("a.button")
    assert apply is not None and apply.get_text().startswith("Postuler")
    assert "subject=Candidature%20%3A%20" in str(apply["href"])
    # The site's FAQ is English content: marked so, inside the French page.
    assert {str(d["lang"]) for d in doc.select("details.qa")} == {"en"}
    # The French posting has its own process: French, not marked English.
    timeline = doc.select_one("ol.timeline")
    assert timeline is not None and "lang" not in timeline.attrs
    assert "Entretien technique" in timeline.get_text()


def test_the_english_page_stays_english(built: Path) -> None:
    doc = soup(built, EXAMPLE)
    html = doc.find("html")
    assert isinstance(html, Tag) and html["lang"] == "en"
    text = doc.get_text(" ")
    for english in ("Recruitment process", "Work mode", "1 October 2026", "Apply now"):
        assert english in text, english
    assert "Processus de recrutement" not in text


def test_translations_link_to_each_other_with_hreflang(built: Path) -> None:
    expected = {"en": EN_URL, "fr": FR_URL, "x-default": EN_URL}
    for path in (EXAMPLE, FRENCH_EXAMPLE):
        doc = soup(built, path)
        assert hreflangs(doc) == expected, path
        canonical = doc.find("link", rel="canonical")
        assert isinstance(canonical, Tag) and canonical["href"] == SITEURL + path


def test_the_language_switcher(built: Path) -> None:
    for path, label in ((EXAMPLE, "Language"), (FRENCH_EXAMPLE, "Langue")):
        nav = switcher(soup(built, path))
        assert nav is not None and nav["aria-label"] == label, path
        links = [
            (
                str(a["href"]),
                str(a["hreflang"]),
                str(a["lang"]),
                a.get_text(),
                a.get("aria-current"),
            )
            for a in nav.find_all("a")
        ]
        assert links == [
            (EXAMPLE, "en", "en", "English", "page" if path == EXAMPLE else None),
            (FRENCH_EXAMPLE, "fr", "fr", "Français", "page" if path == FRENCH_EXAMPLE else None),
        ]


def test_each_translation_has_its_own_jobposting(built: Path) -> None:
    english = posting(soup(built, EXAMPLE))
    french = posting(soup(built, FRENCH_EXAMPLE))
    assert english is not None and french is not None
    assert french["title"] == "Ingénieur backend - Stage de fin d'études (Python)"
    assert french["url"] == FR_URL and english["url"] == EN_URL
    assert french["identifier"] == {
        "@type": "PropertyValue",
        "name": "Back Market",
        "value": "stage-ingenieur-backend",
    }
    assert french["inLanguage"] == "fr" and english["inLanguage"] == "en"
    assert "Back Market est la première place de marché" in str(french["description"])
    assert french["datePosted"] == english["datePosted"]
    assert french["jobLocation"] == english["jobLocation"]
    crumbs = next(b for b in jsonld(soup(built, FRENCH_EXAMPLE)) if b["@type"] == "BreadcrumbList")
    assert [item["name"] for item in crumbs["itemListElement"]][:2] == ["Accueil", "Offres"]
    assert crumbs["itemListElement"][1]["item"] == SITEURL + FRENCH_JOBS


def test_listings_per_language(built: Path) -> None:
    english = soup(built, "/jobs/")
    french = soup(built, FRENCH_JOBS)
    assert not [href for href in job_links(english) if href.startswith("/fr/")]
    assert EXAMPLE in job_links(english)
    cards = {str(a["href"]) for a in french.select("main li.job-card h3 a")}
    assert cards == {
        FRENCH_EXAMPLE,
        "/fr/jobs/developpeur-mobile/",
    }, "open French postings only: the closed translation is not listed"
    html = french.find("html")
    assert isinstance(html, Tag) and html["lang"] == "fr"
    heading = french.select_one("#results-heading")
    assert heading is not None and heading.get_text() == "2 offres ouvertes"
    assert heading["data-one"] == "# offre ouverte" and heading["data-other"] == "# offres ouvertes"
    # Instant filters on the French listing; the static filter pages are English only.
    form = french.select_one("form#job-filters")
    assert form is not None and form["action"] == FRENCH_JOBS
    assert french.select_one("main noscript") is None
    assert "Mode de travail" in form.get_text() and "Télétravail" in form.get_text()
    for doc, current in ((english, "/jobs/"), (french, FRENCH_JOBS)):
        nav = switcher(doc)
        assert nav is not None
        assert [(a["href"], a["hreflang"]) for a in nav.find_all("a")] == [
            ("/jobs/", "en"),
            (FRENCH_JOBS, "fr"),
        ]
        assert nav.find("a", attrs={"aria-current": "page"})["href"] == current  # type: ignore[index]
        assert hreflangs(doc) == {
            "en": SITEURL + "/jobs/",
            "fr": SITEURL + FRENCH_JOBS,
            "x-default": SITEURL + "/jobs/",
        }


def test_french_formats_and_labels(built: Path) -> None:
    doc = soup(built, "/fr/jobs/developpeur-mobile/")
    facts = doc.select_one("dl.facts")
    assert facts is not None
    text = " ".join(facts.get_text(" ").split())
    assert "Télétravail (depuis : France, Allemagne)" in text
    assert "1\u202f200–1\u202f500\u00a0€ par mois" in facts.get_text()
    tribe = facts.find("a", href=True)
    assert isinstance(tribe, Tag) and tribe["href"] == "/fr/jobs/?tribe=platform"
    assert switcher(doc) is None, "no other version"
    assert "x-default" not in hreflangs(doc) and "en" not in hreflangs(doc)


def test_formatting_functions() -> None:
    salary = Salary(min=Decimal(45000), max=Decimal(45000), currency="USD", per="year")
    fr = translations(ROOT / "theme", "fr")
    assert format_salary(salary, "fr", fr) == "45\u202f000\u00a0$US par an"
    assert format_salary(salary) == "$45,000 per year"
    assert long_date(dt.date(2027, 1, 5), "fr") == "5 janvier 2027"
    assert long_date(dt.date(2027, 1, 5)) == "5 January 2027"


def test_a_closed_translation_behaves_like_a_closed_posting(built: Path) -> None:
    french = soup(built, "/fr/jobs/ingenieur-donnees/")
    robots = french.find("meta", attrs={"name": "robots"})
    assert isinstance(robots, Tag) and robots["content"] == "noindex"
    assert posting(french) is None
    assert "Cette offre est fermée." in french.get_text()
    assert hreflangs(french) == {}, "no alternates on a page search engines should drop"
    nav = switcher(french)
    assert nav is not None, "a reader of the closed version may switch to the open one"
    assert [a["href"] for a in nav.find_all("a")] == [
        "/jobs/data-engineer/",
        "/fr/jobs/ingenieur-donnees/",
    ]
    english = soup(built, "/jobs/data-engineer/")
    assert switcher(english) is None and hreflangs(english) == {}, "never offer a closed page"
    for name in ("jobs.json", "sitemap.xml", "feeds/jobs.atom", "feeds/indeed.xml"):
        assert "ingenieur-donnees" not in (built / name).read_text("utf-8"), name


# --- feeds -------------------------------------------------------------------------------


def test_feeds_have_every_open_posting_in_every_language(built: Path) -> None:
    document = json.loads((built / "jobs.json").read_text("utf-8"))
    urls = {item["url"]: item["item"] for item in document["itemListElement"]}
    assert urls[FR_URL]["inLanguage"] == "fr" and urls[EN_URL]["inLanguage"] == "en"
    assert urls[FR_URL] == {
        k: v for k, v in posting(soup(built, FRENCH_EXAMPLE)).items() if k != "@context"
    }  # type: ignore[union-attr]
    atom = ET.parse(built / "feeds" / "jobs.atom").getroot()
    links = {e.find(f"{ATOM}link").get("href") for e in atom.findall(f"{ATOM}entry")}  # type: ignore[union-attr]
    assert {EN_URL, FR_URL} <= links
    indeed = ET.parse(built / "feeds" / "indeed.xml").getroot()
    assert FR_URL in {job.findtext("url") for job in indeed.findall("job")}


def test_the_sitemap_carries_hreflang_alternates(built: Path) -> None:
    root = ET.parse(built / "sitemap.xml").getroot()
    alternates = {
        url.findtext(f"{SITEMAP}loc"): {
            link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")
        }
        for url in root.findall(f"{SITEMAP}url")
    }
    expected = {"en": EN_URL, "fr": FR_URL, "x-default": EN_URL}
    assert alternates[EN_URL] == expected and alternates[FR_URL] == expected
    listings = {"en": SITEURL + "/jobs/", "fr": SITEURL + FRENCH_JOBS}
    assert alternates[SITEURL + FRENCH_JOBS] == {**listings, "x-default": SITEURL + "/jobs/"}
    assert alternates[SITEURL + "/fr/jobs/developpeur-mobile/"] == {}, "no translation"
    assert alternates[SITEURL + "/jobs/data-engineer/"] == {}, "its translation is closed"
    assert SITEURL + "/fr/jobs/ingenieur-donnees/" not in alternates


# --- catalogues --------------------------------------------------------------------------


def test_the_committed_catalogues_are_current() -> None:
    """`invoke translations` would change nothing: the .pot holds every marked string of the
    templates and the plugin, and each .po is merged with it."""
    for path, text in outputs(ROOT).items():
        assert path.read_text("utf-8") == text, f"run `invoke translations`: {path}"


def test_every_string_has_a_french_translation() -> None:
    assert untranslated(ROOT, "fr") == []
    template = (ROOT / "theme" / "translations" / "messages.pot").read_text("utf-8")
    for msgid in ("Recruitment process", "Internship", "per month", "Open positions"):
        assert f'msgid "{msgid}"' in template, "templates and Python are both extracted"
    assert not list((ROOT / "theme").rglob("*.mo")), "catalogues are compiled at build time"


def test_the_check_can_fail(tmp_path: Path) -> None:
    """A catalogue missing a translation is reported, so the two tests above mean something."""
    theme = tmp_path / "theme"
    (theme / "translations" / "fr" / "LC_MESSAGES").mkdir(parents=True)
    (theme / "templates").mkdir()
    (theme / "templates" / "x.html").write_text("{{ _('A brand new string') }}")
    po = theme / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n')
    assert untranslated(tmp_path, "fr") == ["A brand new string"]


# --- in the browser ----------------------------------------------------------------------


def result_links(page: Page) -> list[str]:
    links = page.locator("pagefind-results a.pf-result-link")
    return [str(links.nth(i).get_attribute("href")) for i in range(links.count())]


@pytest.mark.browser
def test_searching_from_the_french_listing_finds_the_french_posting(page: Page) -> None:
    page.goto(FRENCH_JOBS)
    page.locator("#search input[type=search]").click()
    page.locator("pagefind-input input.pf-input").fill("Django")
    page.locator(f'pagefind-results a.pf-result-link[href="{FRENCH_EXAMPLE}"]').wait_for()
    assert result_links(page) == [FRENCH_EXAMPLE], "the French index: French pages only"
    page.goto("/jobs/?q=Django")
    page.locator(f'pagefind-results a.pf-result-link[href="{EXAMPLE}"]').wait_for()
    found = result_links(page)
    assert EXAMPLE in found and not [href for href in found if href.startswith("/fr/")]


@pytest.mark.browser
def test_the_french_instant_filters_speak_french(page: Page) -> None:
    page.goto(FRENCH_JOBS)
    heading = page.locator("#results-heading")
    expect(heading).to_have_text("1 offre ouverte")
    page.get_by_role("checkbox", name="Platform").check()
    at_url(page, "/fr/jobs/?tribe=platform")
    expect(page.locator("#filter-status")).to_have_text("Résultats : 1 offre ouverte.")
    page.get_by_role("checkbox", name="Bucks").check()
    expect(heading).to_have_text("1 offre ouverte")


@pytest.mark.browser
def test_the_switcher_leads_to_the_other_language(page: Page) -> None:
    page.goto(EXAMPLE)
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Français").click()
    at_url(page, FRENCH_EXAMPLE)
    assert page.evaluate("document.documentElement.lang") == "fr"
    page.get_by_role("navigation", name="Langue").get_by_role("link", name="English").click()
    at_url(page, EXAMPLE)


def test_preloading_an_unknown_locale_is_not_an_error() -> None:
    """i18n.preload (before render workers fork) only saves memory: a locale nobody formats
    with must not stop a build that would not use it (reviewer's case: CAREERS_LOCALES
    naming an unknown locale for a language without postings)."""
    from careers import i18n

    i18n.preload("qq_QQ")
    i18n.preload("fr")
    assert i18n.long_date(dt.date(2027, 1, 5), "fr") == "5 janvier 2027"
