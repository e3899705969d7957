"""The careers site's pages: a Pelican generator that renders the validated Catalog.

Modelled on Pelican's PagesGenerator, but the content comes from the careers
loader (already validated), not from Pelican's readers.  Everything a template
shows is prepared here, so templates stay simple and the output depends only on
the content and the settings: two builds of the same content are byte-identical.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pycountry
from pelican.generators import Generator

from . import cache, feeds, jsonld
from .catalog import Catalog, FaqEntry, Job, State
from .models import Contract, Hours, Location, Remote, Salary

logger = logging.getLogger(__name__)

STYLESHEET = Path("static") / "css" / "site.css"  # inside the theme folder
SCRIPT = Path("static") / "js" / "jobs.js"  # instant filters and lazy search (issue 4)
ASSETS_DIR = "assets"

CONTRACT_LABELS = {
    Contract.PERMANENT: "Permanent",
    Contract.FIXED_TERM: "Fixed-term",
    Contract.INTERNSHIP: "Internship",
    Contract.APPRENTICESHIP: "Apprenticeship",
    Contract.FREELANCE: "Freelance",
}
HOURS_LABELS = {Hours.FULL_TIME: "Full-time", Hours.PART_TIME: "Part-time"}
REMOTE_LABELS = {Remote.ON_SITE: "On-site", Remote.HYBRID: "Hybrid", Remote.REMOTE: "Remote"}
CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "INR": "₹"}
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
DESCRIPTION_LENGTH = 160
_WS = re.compile(r"\s+")


# --- formatting (also registered as Jinja filters) -------------------------------------


def long_date(day: dt.date) -> str:
    """`1 October 2026`: spelled out, unambiguous for an international audience."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _amount(value: Decimal) -> str:
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,.2f}"


def format_salary(salary: Salary) -> str:
    """`€1,200–1,500 per month`; a currency without a common symbol keeps its code."""
    low, high = _amount(salary.min), _amount(salary.max)
    amount = low if salary.min == salary.max else f"{low}–{high}"
    symbol = CURRENCY_SYMBOLS.get(salary.currency)
    money = f"{symbol}{amount}" if symbol else f"{amount} {salary.currency}"
    return f"{money} per {salary.per.value}"


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    return str(getattr(country, "common_name", None) or country.name) if country else code


def excerpt(html: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """Plain text of an HTML fragment, cut at a word boundary for meta descriptions."""
    assert limit < cache.TEXT_PREFIX, "the text cache keeps only the start of the text"
    text = cache.plain_text(html)  # BeautifulSoup, once per distinct HTML (cached)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.-–")
    return cut + "…"


def output_name(path: str) -> str:
    """`/jobs/x/` -> `jobs/x/index.html`; `/404.html` stays a file."""
    relative = path.lstrip("/")
    if relative == "" or relative.endswith("/"):
        return relative + "index.html"
    return relative


def related(job: Job, listed: Sequence[Job], limit: int) -> list[Job]:
    """Same answer as Catalog.related, but from the listing computed once for the build.

    Catalog.related re-sorts every job for every page (quadratic in the number of postings);
    this stops at `limit`, which keeps a 1,000-posting build fast.
    """
    tribes = set(job.meta.tribes)
    found: list[Job] = []
    for other in listed:
        if len(found) >= limit:
            break
        if other.id != job.id and tribes.intersection(other.meta.tribes):
            found.append(other)
    return found


def newest(jobs: Iterable[Job]) -> dt.date | None:
    """A listing's lastmod: the newest posting date among what it lists."""
    return max((job.meta.date_posted for job in jobs), default=None)


# --- what templates receive -------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    label: str
    path: str


@dataclass(frozen=True)
class Filter:
    """One static filter page (/locations/paris/ …) and its entry in the filter menu."""

    kind: str  # tribe, location, contract, remote
    value: str
    label: str
    title: str  # the page's h1
    empty: str  # the empty state's sentence
    path: str
    jobs: list[Job]


@dataclass(frozen=True)
class FilterGroup:
    name: str
    filters: list[Filter]


@dataclass
class PageInfo:
    """The head of a page: title, description, canonical path, robots, JSON-LD, feeds."""

    path: str
    title: str
    description: str
    breadcrumbs: list[Link] = field(default_factory=list)
    jsonld: list[dict[str, Any]] = field(default_factory=list)
    feeds: list[Link] = field(default_factory=list)
    noindex: bool = False
    canonical: bool = True


class CareersGenerator(Generator):  # type: ignore[misc]
    """Writes every HTML page, the fingerprinted stylesheet, then hands over to feeds."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.catalog: Catalog | None = None
        self.postings: dict[str, dict[str, Any]] = {}  # JobPosting by job id, this build
        self.stylesheet: tuple[str, bytes] = ("", b"")
        self.script: tuple[str, bytes] = ("", b"")
        self.env.filters.update(
            long_date=long_date,
            salary=format_salary,
            contract_label=lambda c: CONTRACT_LABELS[c],
            hours_label=lambda h: HOURS_LABELS[h],
            remote_label=lambda r: REMOTE_LABELS[r],
            country_name=country_name,
        )

    # --- context ----------------------------------------------------------------------

    def generate_context(self) -> None:
        from .loader import load_catalog

        catalog = load_catalog(Path(self.path), self.settings)
        self.catalog = catalog
        self.stylesheet = self._read_stylesheet()
        self.script = self._read_asset(SCRIPT, "jobs", "js")
        site = str(self.settings.get("SITEURL") or "").rstrip("/")
        nav = [Link("Jobs", "/jobs/"), Link("Tribes", "/tribes/")]
        if catalog.faqs:
            nav.append(Link("FAQ", "/faq/"))
        nav += [
            Link(page.meta.title, f"/{page.id}/")
            for page in sorted(catalog.pages.values(), key=lambda p: p.id)
            if page.id != "home"
        ]
        self.context.update(
            catalog=catalog,
            stylesheet_url=self.stylesheet[0],
            script_url=self.script[0],
            site_url=site,
            logo_url=f"{site}/{str(self.settings.get('COMPANY_LOGO', '')).lstrip('/')}",
            nav=nav,
            filter_groups=self._filter_groups(catalog),
            faq_paths=self._faq_paths(catalog),
            places=self._places,
            apply_href=self._apply_href,
            jobs_feed="/feeds/jobs.atom",
        )

    def _read_stylesheet(self) -> tuple[str, bytes]:
        """Fingerprint the CSS so it can be served with an immutable cache header."""
        return self._read_asset(STYLESHEET, "site", "css")

    def _read_asset(self, source: Path, name: str, ext: str) -> tuple[str, bytes]:
        """A theme file at a content-hashed URL, so browsers may cache it for a year."""
        data = (Path(self.theme) / source).read_bytes()
        digest = hashlib.sha256(data).hexdigest()[:10]
        return f"/{ASSETS_DIR}/{name}.{digest}.{ext}", data

    def _faq_paths(self, catalog: Catalog) -> dict[str, str]:
        """With a single FAQ, /faq/ shows it; with several, each has its own page."""
        if len(catalog.faqs) == 1:
            return {faq_id: "/faq/" for faq_id in catalog.faqs}
        return {faq_id: f"/faq/{faq_id}/" for faq_id in catalog.faqs}

    def _filter_groups(self, catalog: Catalog) -> list[FilterGroup]:
        """Every defined tribe, location, contract and remote policy gets a filter page."""
        tribes = [
            Filter(
                "tribe",
                tribe.id,
                tribe.meta.name,
                tribe.meta.name,
                f"No open positions in the {tribe.meta.name} tribe right now.",
                f"/tribes/{tribe.id}/",
                catalog.jobs_in_tribe(tribe.id),
            )
            for tribe in catalog.sorted_tribes()
        ]
        locations = [
            Filter(
                "location",
                loc_id,
                loc.city,
                f"Jobs in {loc.city}",
                f"No open positions in {loc.city} right now.",
                f"/locations/{loc_id}/",
                catalog.jobs_at(loc_id),
            )
            for loc_id, loc in catalog.sorted_locations()
        ]
        contracts = [
            Filter(
                "contract",
                contract.value,
                CONTRACT_LABELS[contract],
                f"{CONTRACT_LABELS[contract]} jobs",
                f"No open {CONTRACT_LABELS[contract].lower()} positions right now.",
                f"/contracts/{contract.value}/",
                catalog.jobs_with_contract(contract),
            )
            for contract in Contract
        ]
        remote = [
            Filter(
                "remote",
                policy.value,
                REMOTE_LABELS[policy],
                f"{REMOTE_LABELS[policy]} jobs",
                f"No open {REMOTE_LABELS[policy].lower()} positions right now.",
                f"/remote/{policy.value}/",
                catalog.jobs_with_remote(policy),
            )
            for policy in Remote
        ]
        return [
            FilterGroup("Tribe", tribes),
            FilterGroup("Location", locations),
            FilterGroup("Contract", contracts),
            FilterGroup("Work mode", remote),
        ]

    # --- helpers templates call -----------------------------------------------------------

    def _places(self, job: Job) -> str:
        """`Paris, Berlin`, or `Remote (France, Germany)` for a fully remote job."""
        assert self.catalog is not None
        cities = [self.catalog.locations[loc].city for loc in job.meta.locations]
        if job.meta.remote is Remote.REMOTE:
            countries = ", ".join(country_name(c) for c in job.meta.remote_countries)
            cities.append(f"Remote ({countries})")
        return ", ".join(cities)

    def _apply_href(self, job: Job) -> str | None:
        """The posting's own address first, then the site's default (URL, then email)."""
        meta = job.meta
        if meta.apply_url:
            return meta.apply_url
        email = meta.apply_email
        if email is None and self.settings.get("CAREERS_APPLY_URL"):
            return str(self.settings["CAREERS_APPLY_URL"])
        email = email or self.settings.get("CAREERS_APPLY_EMAIL")
        if not email:
            return None
        return f"mailto:{email}?subject={quote('Application: ' + meta.title)}"

    def _job_description(self, job: Job) -> str:
        meta = job.meta
        lead = f"{meta.title} – {CONTRACT_LABELS[meta.contract]}, {self._places(job)}. "
        return lead + excerpt(job.html, max(DESCRIPTION_LENGTH - len(lead), 40))

    # --- output -----------------------------------------------------------------------------

    def generate_output(self, writer: Any) -> None:
        catalog = self.catalog
        if catalog is None:
            raise RuntimeError("generate_context() must run before generate_output()")
        self._write_stylesheet()
        sitemap: list[feeds.SitemapEntry] = []

        def write(template: str, page: PageInfo, lastmod: dt.date | None, **kwargs: Any) -> None:
            writer.write_file(
                output_name(page.path),
                self.get_template(template),
                self.context,
                relative_urls=False,
                url=page.path,
                page=page,
                **kwargs,
            )
            if not page.noindex:
                sitemap.append(feeds.SitemapEntry(page.path, lastmod))

        for name, page, lastmod, kwargs in self._pages(catalog):
            write(name, page, lastmod, **kwargs)
        feeds.write_feeds(catalog, self.settings, self.output_path, sitemap, self.postings)

    def _write_stylesheet(self) -> None:
        for url, data in (self.stylesheet, self.script):
            target = Path(self.output_path) / url.lstrip("/")
            feeds.write_if_changed(target, data)  # same bytes: file (and mtime) untouched

    def _pages(
        self, catalog: Catalog
    ) -> Iterable[tuple[str, PageInfo, dt.date | None, dict[str, Any]]]:
        """Every page of the site, in a fixed order: (template, head, lastmod, variables)."""
        settings = self.settings
        home = Link("Home", "/")
        jobs_link = Link("Jobs", "/jobs/")
        listed = catalog.listed_jobs()

        # / : the pitch, the tribes, the latest jobs
        pitch = catalog.pages.get("home")
        name = str(settings.get("SITENAME", ""))
        yield (
            "home",
            PageInfo(
                "/",
                pitch.meta.title if pitch else name,
                (pitch.meta.description if pitch else None)
                or (excerpt(pitch.html) if pitch else name),
                jsonld=[jsonld.organization(settings), jsonld.website(settings)],
            ),
            newest(listed),
            {
                "pitch": pitch,
                "jobs": listed[: int(settings.get("CAREERS_HOME_JOBS", 6))],
                "job_count": len(listed),
            },
        )

        # /jobs/ : every listed job, with the static filters
        yield (
            "jobs",
            PageInfo(
                "/jobs/",
                "Open positions",
                f"All {len(listed)} open positions at {settings.get('COMPANY_NAME')}: "
                "filter by tribe, location, contract and work mode.",
                breadcrumbs=[home, jobs_link],
            ),
            newest(listed),
            {"jobs": listed, "current": None},
        )

        # /jobs/<id>/ : every job that has a page (closed and expired ones keep theirs)
        related_limit = int(settings.get("CAREERS_RELATED_JOBS", 5))
        for job in catalog.page_jobs():
            state = catalog.state(job)
            trail = [home, jobs_link, Link(job.meta.title, f"/jobs/{job.id}/")]
            data = [jsonld.breadcrumbs([(link.label, link.path) for link in trail], settings)]
            if state is State.OPEN:
                posting = jsonld.job_posting(job, catalog, settings)
                self.postings[job.id] = posting  # the feeds reuse it (see generate_output)
                data.insert(0, posting)
            yield (
                "job",
                PageInfo(
                    f"/jobs/{job.id}/",
                    job.meta.title,
                    self._job_description(job),
                    breadcrumbs=trail,
                    jsonld=data,
                    noindex=state is not State.OPEN,
                ),
                job.meta.date_posted,
                {
                    "job": job,
                    "state": state.value,
                    "apply": self._apply_href(job) if state is State.OPEN else None,
                    "process": catalog.process_for(job),
                    "faqs": [catalog.faqs[faq_id] for faq_id in job.meta.faq],
                    "related": related(job, listed, related_limit),
                },
            )

        # /tribes/ and /tribes/<id>/
        groups = {group.name: group for group in self.context["filter_groups"]}
        tribe_filters = {f.value: f for f in groups["Tribe"].filters}
        tribes_link = Link("Tribes", "/tribes/")
        yield (
            "tribes",
            PageInfo(
                "/tribes/",
                "Our tribes",
                f"The tribes of {settings.get('COMPANY_NAME')}: what each one builds, "
                "and its open positions.",
                breadcrumbs=[home, tribes_link],
            ),
            newest(listed),
            {"tribes": catalog.sorted_tribes(), "tribe_jobs": tribe_filters},
        )
        for tribe in catalog.sorted_tribes():
            trail = [home, tribes_link, Link(tribe.meta.name, f"/tribes/{tribe.id}/")]
            jobs = tribe_filters[tribe.id].jobs
            yield (
                "tribe",
                PageInfo(
                    f"/tribes/{tribe.id}/",
                    f"{tribe.meta.name} tribe",
                    tribe.meta.summary,
                    breadcrumbs=trail,
                    jsonld=[
                        jsonld.breadcrumbs([(link.label, link.path) for link in trail], settings)
                    ],
                    feeds=[Link(f"{tribe.meta.name} jobs", f"/feeds/tribes/{tribe.id}.atom")],
                ),
                newest(jobs),
                {"tribe": tribe, "jobs": jobs, "current": tribe_filters[tribe.id]},
            )

        # /locations/<id>/, /contracts/<id>/, /remote/<id>/
        for group in ("Location", "Contract", "Work mode"):
            for item in groups[group].filters:
                yield (
                    "filter",
                    PageInfo(
                        item.path,
                        item.title,
                        f"{item.title} at {settings.get('COMPANY_NAME')}: "
                        f"{len(item.jobs)} open position{'' if len(item.jobs) == 1 else 's'}.",
                        breadcrumbs=[home, jobs_link, Link(item.label, item.path)],
                        noindex=not item.jobs,
                    ),
                    newest(item.jobs),
                    {
                        "jobs": item.jobs,
                        "current": item,
                        "location": self._location(catalog, item),
                    },
                )

        # /faq/ (and /faq/<id>/ when there are several)
        yield from self._faq_pages(catalog, home)

        # /<id>/ : the other content pages
        for page in sorted(catalog.pages.values(), key=lambda p: p.id):
            if page.id == "home":
                continue
            yield (
                "page",
                PageInfo(
                    f"/{page.id}/",
                    page.meta.title,
                    page.meta.description or excerpt(page.html),
                    breadcrumbs=[home, Link(page.meta.title, f"/{page.id}/")],
                ),
                None,
                {"content_page": page},
            )

        yield (
            "404",
            PageInfo(
                "/404.html",
                "Page not found",
                "This page does not exist; see our open positions.",
                noindex=True,
                canonical=False,
            ),
            None,
            {},
        )

    @staticmethod
    def _location(catalog: Catalog, item: Filter) -> Location | None:
        return catalog.locations[item.value] if item.kind == "location" else None

    def _faq_pages(
        self, catalog: Catalog, home: Link
    ) -> Iterable[tuple[str, PageInfo, dt.date | None, dict[str, Any]]]:
        faqs = catalog.sorted_faqs()
        faq_link = Link("FAQ", "/faq/")
        settings = self.settings

        def faq_page(faq: FaqEntry, path: str, trail: list[Link]) -> PageInfo:
            return PageInfo(
                path,
                faq.meta.title,
                excerpt(faq.intro_html) or f"Questions and answers: {faq.meta.title}.",
                breadcrumbs=trail,
                jsonld=[jsonld.faq_page(faq, settings)],
            )

        if len(faqs) == 1:
            yield "faq", faq_page(faqs[0], "/faq/", [home, faq_link]), None, {"faq": faqs[0]}
            return
        if not faqs:
            return
        yield (
            "faqs",
            PageInfo(
                "/faq/",
                "Frequently asked questions",
                "Answers to the questions candidates ask us most.",
                breadcrumbs=[home, faq_link],
            ),
            None,
            {"faqs": faqs},
        )
        for faq in faqs:
            path = f"/faq/{faq.id}/"
            trail = [home, faq_link, Link(faq.meta.title, path)]
            yield "faq", faq_page(faq, path, trail), None, {"faq": faq}
