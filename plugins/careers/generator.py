"""The careers site's pages: a Pelican generator that renders the validated Catalog.

Modelled on Pelican's PagesGenerator, but the content comes from the careers
loader (already validated), not from Pelican's readers.  Everything a template
shows is prepared here, so templates stay simple and the output depends only on
the content and the settings: two builds of the same content are byte-identical.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import logging
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from gettext import NullTranslations
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pycountry
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from pelican.generators import Generator
from pelican.utils import sanitised_join

from . import cache, feeds, i18n, jsonld, output
from .catalog import Catalog, FaqEntry, Job, State
from .fingerprint import new_build, text_digest
from .i18n import N_
from .models import Contract, Hours, Location, Per, Remote, Salary

logger = logging.getLogger(__name__)

STYLESHEET = Path("static") / "css" / "site.css"  # inside the theme folder
SCRIPT = Path("static") / "js" / "jobs.js"  # instant filters and lazy search (issue 4)
ASSETS_DIR = "assets"
CARD_TEMPLATE = "_job_card.html"  # one job card of a listing (job_card)

# English labels (the msgids); pages show them translated into the page's language.
CONTRACT_LABELS = {
    Contract.PERMANENT: N_("Permanent"),
    Contract.FIXED_TERM: N_("Fixed-term"),
    Contract.INTERNSHIP: N_("Internship"),
    Contract.APPRENTICESHIP: N_("Apprenticeship"),
    Contract.FREELANCE: N_("Freelance"),
}
HOURS_LABELS = {Hours.FULL_TIME: N_("Full-time"), Hours.PART_TIME: N_("Part-time")}
REMOTE_LABELS = {
    Remote.ON_SITE: N_("On-site"),
    Remote.HYBRID: N_("Hybrid"),
    Remote.REMOTE: N_("Remote"),
}
PER_LABELS = {
    Per.HOUR: N_("per hour"),
    Per.DAY: N_("per day"),
    Per.WEEK: N_("per week"),
    Per.MONTH: N_("per month"),
    Per.YEAR: N_("per year"),
}
# The CLDR locale that formats dates and amounts for each language, unless
# CAREERS_LOCALES says otherwise: British English spells dates out day first.
DEFAULT_LOCALES = {"en": "en_GB"}
DESCRIPTION_LENGTH = 160
_NULL = NullTranslations()
_WS = re.compile(r"\s+")


# --- formatting (also registered as Jinja filters) -------------------------------------


def long_date(day: dt.date, locale: str = DEFAULT_LOCALES["en"]) -> str:
    """`1 October 2026`, `1 octobre 2026`: spelled out, unambiguous for an international
    audience (CLDR's long date of the page's locale)."""
    return i18n.long_date(day, locale)


def format_salary(
    salary: Salary, locale: str = DEFAULT_LOCALES["en"], translations: NullTranslations = _NULL
) -> str:
    """`€1,200–1,500 per month`, `1 200–1 500 € par mois`; a currency without a symbol in
    the locale keeps its code."""
    money = i18n.money(salary.min, salary.max, salary.currency, locale)
    return f"{money} {translations.gettext(PER_LABELS[salary.per])}"


def country_name(code: str, locale: str | None = None) -> str:
    """The country's usual name, in English or (with a locale) in that language."""
    if locale is not None:
        name = i18n.country_name(code, locale)
        if name:
            return name
    country = pycountry.countries.get(alpha_2=code)
    return str(getattr(country, "common_name", None) or country.name) if country else code


def excerpt(html: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """Plain text of an HTML fragment, cut at a word boundary for meta descriptions."""
    return shorten(cache.plain_text(html), limit)  # once per distinct HTML (cached)


def shorten(text: str, limit: int) -> str:
    """The start of a plain text (cache.TEXT_PREFIX at most), cut at a word boundary."""
    assert limit < cache.TEXT_PREFIX, "the text cache keeps only the start of the text"
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.-–")
    return cut + "…"


def sitemap_entry(
    path: str, lastmod: dt.date | None, alternates: Sequence[Alternate], x_default: str | None
) -> feeds.SitemapEntry:
    """A page's sitemap entry: its language versions, then hreflang x-default if any."""
    pairs = tuple((a.lang, a.path) for a in alternates)
    if x_default is not None:
        pairs += (("x-default", x_default),)
    return feeds.SitemapEntry(path, lastmod, pairs)


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
    lang: str = ""  # hreflang, when the page linked to is in another language


@dataclass(frozen=True)
class Alternate:
    """One language version of a page: the switcher's links and the hreflang alternates."""

    lang: str
    name: str  # the language's name in itself: English, Français
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
    name: str  # in the page's language
    filters: list[Filter]
    kind: str = ""  # tribe, location, contract, remote


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
    lang: str = ""  # <html lang>; "" is the site's default language
    alternates: list[Alternate] = field(default_factory=list)  # every version, this one too
    x_default: str | None = None  # hreflang x-default: the default language's version


PageParts = tuple[str, PageInfo, dt.date | None, dict[str, Any]]  # template, head, lastmod, vars


@dataclass(frozen=True)
class JobPage:
    """A job's page, made by `make()` only when needed: a rebuild skips making the page of
    a job whose inputs did not change (PageKeys)."""

    job: Job
    make: Callable[[], PageParts]


class CareersGenerator(Generator):  # type: ignore[misc]
    """Writes every HTML page, the fingerprinted stylesheet, then hands over to feeds."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.catalog: Catalog | None = None
        # JobPosting by job id, this build (kept ones without their description: see
        # PageKeys.keep); none when job pages are made where rendered (_unmade).
        self.postings: dict[str, Mapping[str, Any]] = {}
        self.posting_digests: dict[str, str | None] = {}  # their digests, when known
        self._unmade = False  # True while job pages are made where rendered (one-shot)
        self.stylesheet: tuple[str, bytes] = ("", b"")
        self.script: tuple[str, bytes] = ("", b"")
        self.default_lang = str(self.settings.get("DEFAULT_LANG") or i18n.SOURCE_LANG)
        self.lang_context: dict[str, dict[str, Any]] = {}  # variables of each language's pages
        # Jinja's i18n extension: `{% trans %}` and `_()` in templates, newstyle gettext
        # (autoescaped, `%(name)s` placeholders filled by keyword). The catalogue of each
        # page's language is installed before the page is rendered (see generate_output).
        self.env.add_extension("jinja2.ext.i18n")
        # Pelican makes a new environment for every build, livereload's rebuilds included,
        # so a template cannot change during this one's life: without this, every page
        # rendered would stat its template and each one it extends, imports or includes.
        self.env.auto_reload = False
        self.env.policies["ext.i18n.trimmed"] = True
        self.env.install_null_translations(newstyle=True)  # type: ignore[attr-defined,unused-ignore]
        self._gettext_globals: dict[str, dict[str, Any]] = {}
        self._translations: dict[str, NullTranslations] = {}  # by language, this build
        self._locales: dict[str, str] = {}
        self._cards: dict[tuple[str, str, int, bool], Markup] = {}  # see job_card
        self.env.filters.update(
            long_date=self._filter(lambda lang, day: long_date(day, self.locale(lang))),
            salary=self._filter(
                lambda lang, s: format_salary(s, self.locale(lang), self.translations(lang))
            ),
            contract_label=self._filter(lambda lang, c: self.gettext(lang)(CONTRACT_LABELS[c])),
            hours_label=self._filter(lambda lang, h: self.gettext(lang)(HOURS_LABELS[h])),
            remote_label=self._filter(lambda lang, r: self.gettext(lang)(REMOTE_LABELS[r])),
            country_name=self._filter(lambda lang, code: country_name(code, self.locale(lang))),
        )

    # --- languages --------------------------------------------------------------------

    def _filter(self, function: Callable[[str, Any], str]) -> Callable[..., str]:
        """A Jinja filter that formats for the language of the page being rendered.

        Results are kept for the build (a generator lives for one build) by language and
        value: the same dates, labels and salaries recur on every page, and Babel's
        formatting is slow. Unhashable values (a salary model) are formatted each time.
        """
        memo: dict[tuple[str, type, Any], str] = {}

        @pass_context
        def run(context: Context, value: Any) -> str:
            lang = str(context.get("lang") or self.default_lang)
            key = (lang, type(value), value)  # True and 1 are equal keys, not equal values
            try:
                return memo[key]
            except KeyError:
                found = memo[key] = function(lang, value)
                return found
            except TypeError:  # unhashable
                return function(lang, value)

        return run

    def locale(self, lang: str) -> str:
        """The CLDR locale formatting dates and amounts in `lang` (CAREERS_LOCALES)."""
        found = self._locales.get(lang)
        if found is None:
            locales: Mapping[str, str] = {
                **DEFAULT_LOCALES,
                **(self.settings.get("CAREERS_LOCALES") or {}),
            }
            found = self._locales[lang] = str(locales.get(lang, lang))
        return found

    def translations(self, lang: str) -> NullTranslations:
        """The catalogue of `lang`, looked up once per build (a generator lives for one
        build): Jinja filters ask for it on every call."""
        found = self._translations.get(lang)
        if found is None:
            found = self._translations[lang] = i18n.translations(Path(self.theme), lang)
        return found

    def gettext(self, lang: str) -> Callable[[str], str]:
        return self.translations(lang).gettext

    def _install_translations(self, lang: str) -> None:
        """Make `{% trans %}` and `_()` use `lang`'s catalogue for the next page rendered.

        Jinja's i18n extension reads gettext and friends from the environment's globals; the
        callables of each language are made once per build and reinstalled as they were, so
        every page of a language sees the very same globals.
        """
        installed = self._gettext_globals.get(lang)
        if installed is None:
            self.env.install_gettext_translations(  # type: ignore[attr-defined,unused-ignore]
                self.translations(lang), newstyle=True
            )
            names = ("gettext", "ngettext", "pgettext", "npgettext")
            installed = {name: self.env.globals[name] for name in names if name in self.env.globals}
            self._gettext_globals[lang] = installed
        else:
            self.env.globals.update(installed)

    # --- context ----------------------------------------------------------------------

    def generate_context(self) -> None:
        from .loader import load_catalog

        catalog = load_catalog(Path(self.path), self.settings)
        self.catalog = catalog
        self.default_lang = catalog.default_lang
        self.stylesheet = self._read_stylesheet()
        self.script = self._read_asset(SCRIPT, "jobs", "js")
        site = str(self.settings.get("SITEURL") or "").rstrip("/")
        self.lang_context = {
            lang: self._language_context(catalog, lang) for lang in catalog.languages
        }
        self.context.update(
            catalog=catalog,
            stylesheet_url=self.stylesheet[0],
            script_url=self.script[0],
            site_url=site,
            logo_url=f"{site}/{str(self.settings.get('COMPANY_LOGO', '')).lstrip('/')}",
            faq_paths=self._faq_paths(catalog),
            places=self._places,
            job_card=self.job_card,
            apply_href=self._apply_href,
            jobs_feed="/feeds/jobs.atom",
            default_lang=catalog.default_lang,
            **self.lang_context[catalog.default_lang],
        )

    def _language_context(self, catalog: Catalog, lang: str) -> dict[str, Any]:
        """What the pages of one language share: navigation, filters, where links lead.

        Tribe, location, contract and work-mode pages exist in the default language only;
        pages in another language link to them with `hreflang`, and filter with the
        instant filters of their own listing (`/fr/jobs/?tribe=platform`) instead.
        """
        _ = self.gettext(lang)
        default = catalog.default_lang
        jobs = catalog.jobs_path(lang)
        elsewhere = "" if lang == default else default  # hreflang of default-language pages
        nav = [Link(_("Jobs"), jobs), Link(_("Tribes"), "/tribes/", elsewhere)]
        if catalog.faqs:
            nav.append(Link(_("FAQ"), "/faq/", elsewhere))
        nav += [
            Link(page.meta.title, f"/{page.id}/", elsewhere)
            for page in sorted(catalog.pages.values(), key=lambda p: p.id)
            if page.id != "home"
        ]

        def filter_url(kind: str, value: str) -> str:
            if lang == default:
                folder = {"tribe": "tribes", "location": "locations", "contract": "contracts"}
                return f"/{folder.get(kind, kind)}/{value}/"
            return f"{jobs}?{kind}={quote(value)}"

        return {
            "lang": lang,
            "nav": nav,
            "jobs_path": jobs,
            "static_filters": lang == default,
            "filter_url": filter_url,
            "filter_groups": self._filter_groups(catalog, lang),
        }

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

    def _filter_groups(self, catalog: Catalog, lang: str) -> list[FilterGroup]:
        """Every defined tribe, location, contract and remote policy, with the jobs in `lang`.

        In the default language each is a static filter page; in another language `path`
        is its instant filter on that language's listing.
        """
        _ = self.gettext(lang)
        jobs = catalog.jobs_path(lang)

        def path(kind: str, folder: str, value: str) -> str:
            if lang == catalog.default_lang:
                return f"/{folder}/{value}/"
            return f"{jobs}?{kind}={quote(value)}"

        tribes = [
            Filter(
                "tribe",
                tribe.id,
                tribe.meta.name,
                tribe.meta.name,
                _("No open positions in the %(tribe)s tribe right now.")
                % {"tribe": tribe.meta.name},
                path("tribe", "tribes", tribe.id),
                catalog.jobs_in_tribe(tribe.id, lang),
            )
            for tribe in catalog.sorted_tribes()
        ]
        locations = [
            Filter(
                "location",
                loc_id,
                loc.city,
                _("Jobs in %(city)s") % {"city": loc.city},
                _("No open positions in %(city)s right now.") % {"city": loc.city},
                path("location", "locations", loc_id),
                catalog.jobs_at(loc_id, lang),
            )
            for loc_id, loc in catalog.sorted_locations()
        ]
        contracts = [
            Filter(
                "contract",
                contract.value,
                _(CONTRACT_LABELS[contract]),
                _("%(contract)s jobs") % {"contract": _(CONTRACT_LABELS[contract])},
                _("No open %(contract)s positions right now.")
                % {"contract": _(CONTRACT_LABELS[contract]).lower()},
                path("contract", "contracts", contract.value),
                catalog.jobs_with_contract(contract, lang),
            )
            for contract in Contract
        ]
        remote = [
            Filter(
                "remote",
                policy.value,
                _(REMOTE_LABELS[policy]),
                _("%(mode)s jobs") % {"mode": _(REMOTE_LABELS[policy])},
                _("No open %(mode)s positions right now.")
                % {"mode": _(REMOTE_LABELS[policy]).lower()},
                path("remote", "remote", policy.value),
                catalog.jobs_with_remote(policy, lang),
            )
            for policy in Remote
        ]
        return [
            FilterGroup(_("Tribe"), tribes, "tribe"),
            FilterGroup(_("Location"), locations, "location"),
            FilterGroup(_("Contract"), contracts, "contract"),
            FilterGroup(_("Work mode"), remote, "remote"),
        ]

    # --- helpers templates call -----------------------------------------------------------

    def _places(self, job: Job) -> str:
        """`Paris, Berlin`, or `Remote (France, Germany)` for a fully remote job (in the
        job's language)."""
        assert self.catalog is not None
        lang = self.catalog.lang_of(job)
        cities = [self.catalog.locations[loc].city for loc in job.meta.locations]
        if job.meta.remote is Remote.REMOTE:
            locale = self.locale(lang)
            countries = ", ".join(country_name(c, locale) for c in job.meta.remote_countries)
            cities.append(
                self.gettext(lang)(N_("Remote (%(countries)s)")) % {"countries": countries}
            )
        return ", ".join(cities)

    @pass_context
    def job_card(self, context: Context, job: Job, heading_level: int, filterable: bool) -> Markup:
        """A job's card in a listing, rendered once per build, language, heading level and
        kind of list: the same card is on the jobs list, its tribes', locations' and
        filters' pages and the related jobs of others (a tenth of the cards to render)."""
        lang = str(context.get("lang") or self.default_lang)
        key = (job.id, lang, heading_level, filterable)
        found = self._cards.get(key)
        if found is None:
            template = context.environment.get_template(CARD_TEMPLATE)
            variables = {
                **context.get_all(),
                "job": job,
                "heading_level": heading_level,
                "filterable": filterable,
            }
            found = self._cards[key] = Markup(template.render(variables))
        return found

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
        assert self.catalog is not None
        _ = self.gettext(self.catalog.lang_of(job))
        subject = _("Application: %(title)s") % {"title": meta.title}
        return f"mailto:{email}?subject={quote(subject)}"

    def _job_description(self, job: Job) -> str:
        assert self.catalog is not None
        meta = job.meta
        contract = self.gettext(self.catalog.lang_of(job))(CONTRACT_LABELS[meta.contract])
        lead = f"{meta.title} – {contract}, {self._places(job)}. "
        limit = max(DESCRIPTION_LENGTH - len(lead), 40)
        if job.text is not None:  # taken when the body was rendered
            return lead + shorten(job.text, limit)
        return lead + excerpt(job.html, limit)

    # --- output -----------------------------------------------------------------------------

    def generate_output(self, writer: Any) -> None:
        catalog = self.catalog
        if catalog is None:
            raise RuntimeError("generate_context() must run before generate_output()")
        self._write_stylesheet()
        sitemap: list[feeds.SitemapEntry] = []
        keys = PageKeys.start(writer, self.context, self.settings)
        # A one-shot build queues job pages unmade: each is made where it is rendered, and
        # its JobPosting is not kept for the feeds (they make their own, see write_feeds).
        self._unmade = isinstance(writer, output.CareersWriter) and not writer.remember

        for item in self._pages(catalog):
            job = item.job if isinstance(item, JobPage) else None
            if self._unmade and isinstance(item, JobPage):
                self._queue_unmade(writer, catalog, item, sitemap)
                continue
            key = ""
            if keys is not None:
                key, path = self._page_key(keys, catalog, item)
                if self._reused(keys, key, path, job, sitemap):
                    continue
            template, page, lastmod, kwargs = item.make() if isinstance(item, JobPage) else item
            lang = page.lang or self.default_lang
            self._install_translations(lang)
            handed = keys.handing() if keys is not None else None
            writer.write_file(
                output_name(page.path),
                self.get_template(template),
                self.context,
                relative_urls=False,
                url=page.path,
                page=page,
                **{**self.lang_context[lang], **kwargs},
            )
            entry = None
            if not page.noindex:
                entry = sitemap_entry(page.path, lastmod, page.alternates, page.x_default)
                sitemap.append(entry)
            posting = self.postings.get(job.id) if job is not None else None
            if keys is not None and handed is not None:
                digest = keys.keep(handed, page.path, key, entry, job, posting)
                if job is not None and digest is not None:
                    self.posting_digests[job.id] = digest
        if keys is not None:
            keys.finish()
        for lang in catalog.languages:
            i18n.preload(self.locale(lang))  # shared by the workers, not loaded by each
        # The pages render in worker processes while this process writes the feeds.
        output.start_pending(self.settings)
        feeds.write_feeds(
            catalog, self.settings, self.output_path, sitemap, self.postings, self.posting_digests
        )

    def _queue_unmade(
        self,
        writer: output.CareersWriter,
        catalog: Catalog,
        item: JobPage,
        sitemap: list[feeds.SitemapEntry],
    ) -> None:
        """Queue a job's page to be made when rendered; its sitemap entry is made here from
        what the page's head would say (the feeds make its JobPosting themselves)."""
        job = item.job
        path = catalog.job_path(job)
        lang = catalog.lang_of(job) or self.default_lang
        self._install_translations(lang)
        writer.queue_made(
            output_name(path),
            self.get_template("job"),
            self.context,
            functools.partial(self._page_variables, item),
        )
        if catalog.state(job) is State.OPEN:  # else noindex: in no sitemap
            alternates, x_default = self._job_versions(catalog, job)
            sitemap.append(sitemap_entry(path, job.meta.date_posted, alternates, x_default))

    def _page_variables(self, item: JobPage) -> dict[str, Any]:
        """A job page's own variables, as `generate_output` hands them to the writer."""
        _, page, _, kwargs = item.make()
        return {"page": page, **self.lang_context[page.lang or self.default_lang], **kwargs}

    def _page_key(
        self, keys: PageKeys, catalog: Catalog, item: PageParts | JobPage
    ) -> tuple[str, str]:
        """The key of a page's inputs (PageKeys.key), and its path; a job's page is not
        made for it."""
        job = None
        if isinstance(item, JobPage):
            job = item.job
            template, path, lang = "job", catalog.job_path(job), catalog.lang_of(job)
        else:
            template, path, lang = item[0], item[1].path, item[1].lang
        lang = lang or self.default_lang
        self._install_translations(lang)
        return keys.key(template, path, keys.globals(lang, self.env.globals), job), path

    def _reused(
        self,
        keys: PageKeys,
        key: str,
        path: str,
        job: Job | None,
        sitemap: list[feeds.SitemapEntry],
    ) -> bool:
        """True when the page is left as the last build made it (PageKeys.reuse): its
        sitemap entry and JobPosting are taken from then."""
        kept = keys.reuse(path, key)
        if kept is None:
            return False
        if kept.entry is not None:
            sitemap.append(kept.entry)
        if job is not None and kept.posting is not None:
            self.postings[job.id] = kept.posting
            self.posting_digests[job.id] = kept.posting_digest
        return True

    def _write_stylesheet(self) -> None:
        for url, data in (self.stylesheet, self.script):
            target = Path(self.output_path) / url.lstrip("/")
            feeds.write_if_changed(target, data)  # same bytes: file (and mtime) untouched

    def _alternates(self, versions: Sequence[tuple[str, str]]) -> list[Alternate]:
        """(lang, path) of each language version -> the switcher's links (none for one)."""
        if len(versions) < 2:
            return []
        return [Alternate(lang, i18n.language_name(lang), path) for lang, path in versions]

    def _pages(self, catalog: Catalog) -> Iterable[PageParts | JobPage]:
        """Every page of the site, in a fixed order: (template, head, lastmod, variables),
        or a job page to make on demand."""
        settings = self.settings
        default = catalog.default_lang
        company = str(settings.get("COMPANY_NAME"))
        _ = self.gettext(default)
        ngettext = self.translations(default).ngettext
        home = Link(_("Home"), "/")
        jobs_link = Link(_("Jobs"), "/jobs/")
        by_lang = {lang: catalog.listed_in(lang) for lang in catalog.languages}
        listed = by_lang[default]

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

        # /jobs/ : the default language's listed jobs, with the static filters; and
        # /<lang>/jobs/ for each other language that has listed jobs (instant filters only)
        listings = [(lang, catalog.jobs_path(lang)) for lang in catalog.listing_languages()]
        for lang, path in listings:
            t = self.gettext(lang)
            jobs = by_lang[lang]
            count = self.translations(lang).ngettext(
                "All %(count)d open position at %(company)s: filter by tribe, location, "
                "contract and work mode.",
                "All %(count)d open positions at %(company)s: filter by tribe, location, "
                "contract and work mode.",
                len(jobs),
            ) % {"count": len(jobs), "company": company}
            trail = [Link(t(N_("Home")), "/", "" if lang == default else default)]
            yield (
                "jobs",
                PageInfo(
                    path,
                    t(N_("Open positions")),
                    count,
                    breadcrumbs=[*trail, Link(t(N_("Jobs")), path)],
                    lang=lang,
                    alternates=self._alternates(listings),
                    x_default="/jobs/" if len(listings) > 1 else None,
                ),
                newest(jobs),
                {"jobs": jobs, "current": None},
            )

        # /jobs/<id>/, /<lang>/jobs/<id>/ : every job that has a page (closed and expired
        # ones keep theirs), in its own language, linked to its translations; made only
        # when needed (see JobPage)
        for job in catalog.page_jobs():
            yield JobPage(job, functools.partial(self._job_page, catalog, job, by_lang))

        # /tribes/ and /tribes/<id>/
        groups = {group.kind: group for group in self.lang_context[default]["filter_groups"]}
        tribe_filters = {f.value: f for f in groups["tribe"].filters}
        tribes_link = Link(_("Tribes"), "/tribes/")
        yield (
            "tribes",
            PageInfo(
                "/tribes/",
                _("Our tribes"),
                _("The tribes of %(company)s: what each one builds, and its open positions.")
                % {"company": company},
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
                    _("%(tribe)s tribe") % {"tribe": tribe.meta.name},
                    tribe.meta.summary,
                    breadcrumbs=trail,
                    jsonld=[
                        jsonld.breadcrumbs([(link.label, link.path) for link in trail], settings)
                    ],
                    feeds=[
                        Link(
                            _("%(tribe)s jobs") % {"tribe": tribe.meta.name},
                            f"/feeds/tribes/{tribe.id}.atom",
                        )
                    ],
                ),
                newest(jobs),
                {"tribe": tribe, "jobs": jobs, "current": tribe_filters[tribe.id]},
            )

        # /locations/<id>/, /contracts/<id>/, /remote/<id>/
        for group in ("location", "contract", "remote"):
            for item in groups[group].filters:
                yield (
                    "filter",
                    PageInfo(
                        item.path,
                        item.title,
                        ngettext(
                            "%(title)s at %(company)s: %(count)d open position.",
                            "%(title)s at %(company)s: %(count)d open positions.",
                            len(item.jobs),
                        )
                        % {"title": item.title, "company": company, "count": len(item.jobs)},
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
                _("Page not found"),
                _("This page does not exist; see our open positions."),
                noindex=True,
                canonical=False,
            ),
            None,
            {},
        )

    def _job_page(self, catalog: Catalog, job: Job, by_lang: Mapping[str, list[Job]]) -> PageParts:
        """A job's page (see `_pages`)."""
        settings = self.settings
        default = catalog.default_lang
        related_limit = int(settings.get("CAREERS_RELATED_JOBS", 5))
        state = catalog.state(job)
        lang = catalog.lang_of(job)
        t = self.gettext(lang)
        path = catalog.job_path(job)
        trail = [
            Link(t(N_("Home")), "/", "" if lang == default else default),
            Link(t(N_("Jobs")), catalog.jobs_path(lang)),
            Link(job.meta.title, path),
        ]
        data = [jsonld.breadcrumbs([(link.label, link.path) for link in trail], settings)]
        if state is State.OPEN:
            posting = jsonld.job_posting(job, catalog, settings)
            if not self._unmade:
                self.postings[job.id] = posting  # the feeds reuse it (see generate_output)
            data.insert(0, posting)
        alternates, x_default = self._job_versions(catalog, job)
        return (
            "job",
            PageInfo(
                path,
                job.meta.title,
                self._job_description(job),
                breadcrumbs=trail,
                jsonld=data,
                noindex=state is not State.OPEN,
                lang=lang,
                alternates=alternates,
                x_default=x_default,
            ),
            job.meta.date_posted,
            {
                "job": job,
                "state": state.value,
                "apply": self._apply_href(job) if state is State.OPEN else None,
                "process": catalog.process_for(job),
                "faqs": [catalog.faqs[faq_id] for faq_id in job.meta.faq],
                "related": related(job, by_lang[lang], related_limit),
            },
        )

    def _job_versions(self, catalog: Catalog, job: Job) -> tuple[list[Alternate], str | None]:
        """A job page's language versions and its hreflang x-default (none for one)."""
        versions = catalog.translations(job)
        if len(versions) < 2:
            return [], None
        default = catalog.default_lang
        x_default = next(
            (catalog.job_path(v) for v in versions if v.meta.lang in (None, default)), None
        )
        alternates = self._alternates([(catalog.lang_of(v), catalog.job_path(v)) for v in versions])
        return alternates, x_default

    @staticmethod
    def _location(catalog: Catalog, item: Filter) -> Location | None:
        return catalog.locations[item.value] if item.kind == "location" else None

    def _faq_pages(self, catalog: Catalog, home: Link) -> Iterable[PageParts]:
        faqs = catalog.sorted_faqs()
        _ = self.gettext(catalog.default_lang)
        faq_link = Link(_("FAQ"), "/faq/")
        settings = self.settings

        def faq_page(faq: FaqEntry, path: str, trail: list[Link]) -> PageInfo:
            return PageInfo(
                path,
                faq.meta.title,
                excerpt(faq.intro_html)
                or _("Questions and answers: %(title)s.") % {"title": faq.meta.title},
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
                _("Frequently asked questions"),
                _("Answers to the questions candidates ask us most."),
                breadcrumbs=[home, faq_link],
            ),
            None,
            {"faqs": faqs},
        )
        for faq in faqs:
            path = f"/faq/{faq.id}/"
            trail = [home, faq_link, Link(faq.meta.title, path)]
            yield "faq", faq_page(faq, path, trail), None, {"faq": faq}


# --- pages left unmade in a process that rebuilds (livereload) --------------------------


@dataclass(frozen=True)
class Kept:
    """What a page made by one build leaves for the next build of the process."""

    key: str  # the key of its inputs (PageKeys.key)
    fingerprint: str | None  # the writer's fingerprint of them; None: rendered a first time
    entry: feeds.SitemapEntry | None  # its sitemap entry (None: noindex)
    posting: Mapping[str, Any] | None  # a job page's JobPosting (feeds.Described), for feeds
    posting_digest: str | None


# Output root -> page file -> what the last build that reached the feeds left for it.
_KEPT: dict[str, dict[str, Kept]] = {}
_KEPT_ROOTS = 8  # output folders remembered (tests build into many)
_FILES: dict[tuple[str, str], str] = {}  # (output folder, page path) -> output file
_FILES_LIMIT = 100000


@dataclass(frozen=True)
class Handing:
    """The writer's counts before a page is handed to it: what it did with the page."""

    skipped: int
    queued: int


class PageKeys:
    """Keys of what each page is made from, so that a rebuild neither makes nor
    fingerprints a page whose inputs provably did not change.

    A page's key digests the same inputs as its fingerprint (fingerprint.py), but in
    parts digested once per build: Pelican's context and the settings (which hold the
    catalog: every job by id, source and front matter, tribes, FAQ, pages, locations,
    today), the theme's files, the template, the page's path and the Jinja globals of
    its language, and on a job's page that job's body. The generator makes every page
    variable from these alone (a job's body shows only on its own page), so an equal
    key means an equal fingerprint. A page is then skipped (not made, not handed to the
    writer) when the writer still knows its file by the fingerprint that key gave, and
    the file is as the writer left it; its sitemap entry and JobPosting are reused.
    Only in a process that remembers pages (CAREERS_REMEMBER_PAGES, livereload).
    """

    def __init__(self, writer: output.CareersWriter, context: Any, settings: Any) -> None:
        self.tracker = writer.tracker
        self.hasher = self.tracker.hasher
        self.output_path = str(writer.output_path)
        self.root = str(self.tracker.root)
        self.previous = _KEPT.get(self.root, {})
        self.kept: dict[str, Kept] = {}
        self._globals: dict[str, str] = {}  # language -> digest of the Jinja globals
        new_build()  # the bodies' digests kept from the last build only
        digest = self.hasher.digest
        # The context is a copy of the settings (Pelican.run) plus the generators' values:
        # the settings need no digest of their own while the copy still holds them all.
        copied = all(context.get(name, context) is value for name, value in settings.items())
        extra = "" if copied else digest(settings)
        self.base = f"{digest(context)}\0{extra}\0{writer.theme_digest}"

    @classmethod
    def start(cls, writer: Any, context: Any, settings: Mapping[str, Any]) -> PageKeys | None:
        """Keys for this build, or None when pages are not remembered between builds (and
        then nothing kept is trusted again: this build may render pages otherwise)."""
        if (
            not isinstance(writer, output.CareersWriter)
            or not settings.get(output.REMEMBER_SETTING, True)
            or output.active() is not writer.tracker
        ):
            _KEPT.clear()
            return None
        return cls(writer, context, settings)

    def file(self, path: str) -> str:
        """The output file of a page's path, as the writer names it (once per process)."""
        found = _FILES.get((self.output_path, path))
        if found is None:
            if len(_FILES) >= _FILES_LIMIT:
                _FILES.clear()
            found = str(sanitised_join(self.output_path, output_name(path)))
            _FILES[(self.output_path, path)] = found
        return found

    def globals(self, lang: str, env_globals: Mapping[str, Any]) -> str:
        """The Jinja globals' digest, once per language: the generator installs the very
        same gettext callables for every page of a language, and nothing else changes them
        while it hands pages to the writer."""
        found = self._globals.get(lang)
        if found is None:
            found = self._globals[lang] = self.hasher.part(dict(env_globals))
        return found

    def key(self, template: str, path: str, env_globals: str, job: Job | None) -> str:
        """A page's key: `env_globals` is the digest of its language's globals (`globals`)."""
        body = text_digest(job.body) if job is not None else ""
        parts = [self.base, template, path, env_globals, body]
        return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()

    def reuse(self, path: str, key: str) -> Kept | None:
        """What the page left last time, if its inputs and its file are unchanged: the page
        is then produced as it is (counted as skipped by the writer)."""
        file = self.file(path)
        kept = self.previous.get(file)
        if kept is None or kept.key != key:
            return None
        known = output.rendered(file)  # the writer's (fingerprint, file signature)
        if known is None or known[1] is None or known[1] != output.signature(file):
            return None
        if kept.fingerprint is None:
            # Queued unknown to the writer: it knows the file now, so that render finished
            # (a later build making this page again would have replaced this entry).
            kept = dataclasses.replace(kept, fingerprint=known[0])
        elif kept.fingerprint != known[0]:
            return None  # that render did not finish, or the page was rendered since
        self.kept[file] = kept
        self.tracker.produce(file)
        self.tracker.skipped += 1
        return kept

    def handing(self) -> Handing:
        return Handing(self.tracker.skipped, len(self.tracker.pending))

    def keep(
        self,
        before: Handing,
        path: str,
        key: str,
        entry: feeds.SitemapEntry | None,
        job: Job | None,
        posting: Mapping[str, Any] | None,
    ) -> str | None:
        """Remember a page just handed to the writer, with the fingerprint it was skipped
        or queued with; returns its JobPosting's digest (None: no posting). The posting is
        kept without its description, made again when a feed reads it (feeds.Described):
        at 5,000 postings the descriptions are 45 MB."""
        file = self.file(path)
        tracker = self.tracker
        known = output.rendered(file)
        if tracker.skipped == before.skipped + 1 and known is not None:
            fingerprint: str | None = known[0]
        elif len(tracker.pending) == before.queued + 1 and tracker.pending[-1].path == file:
            fingerprint = tracker.pending[-1].fingerprint
        else:
            return None  # written some other way: made again next time
        digest = self.hasher.digest(posting) if posting is not None else None
        kept = None
        if posting is not None and job is not None:
            kept = feeds.Described(job, {**posting, "description": None})
        self.kept[file] = Kept(key, fingerprint, entry, kept, digest)
        return digest

    def finish(self) -> None:
        """This build's pages replace the last build's (pages it no longer has are gone)."""
        _KEPT.pop(self.root, None)
        while len(_KEPT) >= _KEPT_ROOTS:
            del _KEPT[next(iter(_KEPT))]
        _KEPT[self.root] = self.kept
