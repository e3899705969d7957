"""Schema.org JSON-LD for the careers pages, as plain dicts.

Templates serialise these with Jinja's `|tojson`, which escapes `<`, `>` and `&`, so a
title such as `</script>` can never close the surrounding script tag.  Every value is a
str, int, float, bool, list or dict: nothing else survives `json.dumps` unchanged.

Choices made against Google's JobPosting documentation:

- `employmentType` is always a list of Google's values (FULL_TIME, PART_TIME,
  CONTRACTOR, TEMPORARY, INTERN, VOLUNTEER, PER_DIEM, OTHER), so consumers of
  `/jobs.json` never have to handle both a string and a list:

  ============== ============================ ============================
  contract       full-time                    part-time
  ============== ============================ ============================
  permanent      FULL_TIME                    PART_TIME
  fixed-term     FULL_TIME, TEMPORARY         PART_TIME, TEMPORARY
  internship     INTERN                       INTERN, PART_TIME
  apprenticeship FULL_TIME, INTERN            PART_TIME, INTERN
  freelance      CONTRACTOR                   CONTRACTOR, PART_TIME
  ============== ============================ ============================

  Google has no apprenticeship type.  An apprentice is a salaried employee (hence the
  hours) in on-the-job training for students, which is how Google defines INTERN;
  OTHER would tell a job seeker's filters nothing.
- `validThrough` is the end of the last day (23:59:59) in the site's TIMEZONE, with the
  UTC offset of that date, so a posting is listed for the whole of its last day.
- Remote jobs (`remote: remote`) get `jobLocationType: TELECOMMUTE` and
  `applicantLocationRequirements` (one `Country` per alpha-2 code); `jobLocation` only
  when the posting also names offices.  Hybrid jobs are physical jobs for Google: they
  keep `jobLocation` and no `jobLocationType`.
- `baseSalary.value` has `minValue`/`maxValue`, or a single `value` when they are equal.
- `start` is free text ("January"), not a date: no `jobStartDate`; the page shows it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

from . import cache
from .catalog import Catalog, FaqEntry, Job, job_path, site_languages
from .models import Contract, Hours, Location, Remote

if TYPE_CHECKING:  # imported where used: job bodies rarely need it (describe.py)
    from bs4 import BeautifulSoup

CONTEXT = "https://schema.org"

# Tags Google's job search reads in a description; everything else is unwrapped.
JOB_TAGS = frozenset({"p", "ul", "ol", "li", "h2", "h3", "h4", "h5", "strong", "em", "br", "a"})
# Google's FAQ rich result reads a few more (h1-h6, div, b, i).
FAQ_TAGS = JOB_TAGS | {"h1", "h6", "div", "b", "i"}
# Renamed before filtering: same meaning, a tag Google reads.
JOB_RENAME = {"h1": "h2", "h6": "h5", "b": "strong", "i": "em"}
# Dropped with their content: code or media whose text is not prose.
DROP_TAGS = (
    "script",
    "style",
    "template",
    "iframe",
    "object",
    "embed",
    "noscript",
    "svg",
    "math",
    "img",
    "video",
    "audio",
    "canvas",
    "head",
    "title",
)
# Block containers that become a paragraph when they hold only inline content, so
# their text does not run into the next block's.
BLOCKS = frozenset(
    {
        "div",
        "blockquote",
        "pre",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "dl",
        "dt",
        "dd",
        "figure",
        "figcaption",
        "section",
        "article",
        "header",
        "footer",
        "aside",
        "nav",
        "main",
        "details",
        "summary",
        "address",
    }
)
BLOCK_CHILDREN = BLOCKS | {"p", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6"}
CELLS = frozenset({"td", "th"})
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

EMPLOYMENT_TYPES = frozenset(
    {
        "FULL_TIME",
        "PART_TIME",
        "CONTRACTOR",
        "TEMPORARY",
        "INTERN",
        "VOLUNTEER",
        "PER_DIEM",
        "OTHER",
    }
)


# --- URLs and values ------------------------------------------------------------------


def site_url(settings: Mapping[str, Any]) -> str:
    return str(settings.get("SITEURL") or "").rstrip("/")


def absolute_url(path: str, settings: Mapping[str, Any]) -> str:
    """Root-relative path → absolute URL; pages link root-relative, JSON-LD never does."""
    if path[:1] != "/" and urlsplit(path).scheme:  # a path from the root has no scheme
        return path
    return site_url(settings) + "/" + path.lstrip("/")


def job_url(job: Job, settings: Mapping[str, Any]) -> str:
    """The posting's absolute URL: `/jobs/<id>/`, or `/<lang>/jobs/<id>/` (catalog.job_path)."""
    default = site_languages(settings)[0]
    return absolute_url(job_path(job.id, job.meta.lang or default, default), settings)


def number(value: Decimal) -> int | float:
    """JSON has no Decimal; keep 42000 an integer so it does not print as 42000.0."""
    return int(value) if value == value.to_integral_value() else float(value)


def timezone(settings: Mapping[str, Any]) -> ZoneInfo:
    return ZoneInfo(str(settings.get("TIMEZONE") or "UTC"))


def end_of_day(day: dt.date, settings: Mapping[str, Any]) -> str:
    """Last second of `day` in the site's zone, with that date's own UTC offset."""
    moment = dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=timezone(settings))
    return moment.isoformat()


def start_of_day(day: dt.date, settings: Mapping[str, Any]) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0, 0), tzinfo=timezone(settings))


def _unique(values: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


# --- HTML cleaning --------------------------------------------------------------------


def _clean_href(href: str, base_url: str) -> str | None:
    href = href.strip()
    if not href:
        return None
    absolute = urljoin(base_url, href) if base_url else href
    scheme = urlsplit(absolute).scheme.lower()
    return absolute if scheme in LINK_SCHEMES else None


def clean_html(
    html: str,
    *,
    base_url: str = "",
    allowed: frozenset[str] = JOB_TAGS,
    rename: Mapping[str, str] | None = None,
) -> str:
    """Keep only the tags a search engine reads, with no attributes but an absolute a[href].

    Deterministic: the same input always gives the same string.
    """
    from .describe import fast_clean

    rename = JOB_RENAME if rename is None else rename
    fast = fast_clean(html, base_url, allowed, rename)  # our renderer's HTML: no tree
    if fast is not None:
        return fast
    from bs4 import BeautifulSoup

    return clean_soup(
        BeautifulSoup(html, "html.parser"), base_url=base_url, allowed=allowed, rename=rename
    )


def clean_soup(
    soup: BeautifulSoup,
    *,
    base_url: str = "",
    allowed: frozenset[str] = JOB_TAGS,
    rename: Mapping[str, str] | None = None,
) -> str:
    """`clean_html` on an already parsed fragment (which it changes): one parse serves
    both the description and the excerpt text (see cache.describe)."""
    from bs4.element import NavigableString, PreformattedString

    rename = JOB_RENAME if rename is None else rename
    for node in soup.find_all(string=True):
        if isinstance(node, PreformattedString):  # comments, doctypes, CDATA, PIs
            node.extract()
    while (dropped := soup.find(DROP_TAGS)) is not None:
        dropped.decompose()
    for tag in list(soup.find_all(True)):
        name = rename.get(tag.name, tag.name)
        if name in BLOCKS and name not in allowed:
            has_blocks = tag.find(BLOCK_CHILDREN) is not None
            name = "p" if not has_blocks and "p" in allowed else name
        tag.name = name
        if name in allowed:
            href = tag.get("href") if name == "a" else None
            tag.attrs = {}
            if name == "a":
                target = _clean_href(href if isinstance(href, str) else "", base_url)
                if target is None:
                    tag.unwrap()
                else:
                    tag.attrs = {"href": target}
            continue
        if name in CELLS:
            tag.append(NavigableString(" "))
        tag.unwrap()
    return str(soup).strip()


def description_parts(html: str, base_url: str) -> tuple[str, ...]:
    """What a job's cleaned description depends on: the cache key of `clean_description`."""
    return ("job", html, base_url)


def clean_description(html: str, base_url: str) -> str:
    """A JobPosting `description`: the body's HTML with only the tags Google reads."""
    return clean_html(html, base_url=base_url)


def cached_description(html: str, base_url: str) -> str:
    """`clean_description` through the content-hash cache (BeautifulSoup is slow)."""
    return cache.memo(
        "clean", description_parts(html, base_url), lambda: clean_description(html, base_url)
    )


def job_description(job: Job, url: str) -> str:
    """A job's JSON-LD description for its URL `url`: as the build cleaned it when it
    rendered the body (for the job's own URL), else cleaned now."""
    if job.description is not None and job.description[0] == url:
        packed = job.description[1]
        return job.html if packed is None else packed.unpack()
    return cached_description(job.html, url)


# --- JobPosting -----------------------------------------------------------------------


def employment_type(contract: Contract, hours: Hours) -> list[str]:
    """Google's employmentType values for a contract (see the table in the module doc)."""
    by_hours = "PART_TIME" if hours is Hours.PART_TIME else "FULL_TIME"
    part_time = ["PART_TIME"] if hours is Hours.PART_TIME else []
    if contract is Contract.PERMANENT:
        return [by_hours]
    if contract is Contract.FIXED_TERM:
        return [by_hours, "TEMPORARY"]
    if contract is Contract.INTERNSHIP:
        return ["INTERN", *part_time]
    if contract is Contract.APPRENTICESHIP:
        return [by_hours, "INTERN"]
    return ["CONTRACTOR", *part_time]


def organization_ref(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The hiring organization as Google wants it: name, sameAs, absolute logo."""
    data: dict[str, Any] = {"@type": "Organization", "name": str(settings["COMPANY_NAME"])}
    same_as = _unique([str(settings.get("COMPANY_URL") or ""), *_same_as(settings)])
    if same_as:
        data["sameAs"] = same_as
    logo = settings.get("COMPANY_LOGO")
    if logo:
        data["logo"] = absolute_url(str(logo), settings)
    return data


def _same_as(settings: Mapping[str, Any]) -> list[str]:
    return [str(url) for url in settings.get("COMPANY_SAME_AS") or ()]


def place(location: Location) -> dict[str, Any]:
    return {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": location.street,
            "addressLocality": location.city,
            "addressRegion": location.region,
            "postalCode": location.postal_code,
            "addressCountry": location.country,
        },
    }


def base_salary(job: Job) -> dict[str, Any] | None:
    salary = job.meta.salary
    if salary is None:
        return None
    value: dict[str, Any] = {"@type": "QuantitativeValue"}
    if salary.min == salary.max:
        value["value"] = number(salary.min)
    else:
        value["minValue"] = number(salary.min)
        value["maxValue"] = number(salary.max)
    value["unitText"] = str(salary.per.value).upper()
    return {"@type": "MonetaryAmount", "currency": salary.currency, "value": value}


def job_posting(
    job: Job, catalog: Catalog, settings: Mapping[str, Any], *, described: bool = True
) -> dict[str, Any]:
    """The page's one JobPosting; Google must never see one for a job that is not open.
    `described=False`: its description is None, to be made when read (feeds.Described)."""
    if not catalog.is_open(job):
        raise ValueError(
            f"{job.id}: no JobPosting for a job that is {catalog.state(job).value}; "
            "closed, expired and draft pages carry none"
        )
    meta = job.meta
    url = job_url(job, settings)
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "JobPosting",
        "title": meta.title,
        "description": job_description(job, url) if described else None,
        "datePosted": meta.date_posted.isoformat(),
    }
    if meta.valid_through is not None:
        data["validThrough"] = end_of_day(meta.valid_through, settings)
    data["employmentType"] = employment_type(meta.contract, meta.hours)
    data["hiringOrganization"] = organization_ref(settings)

    places = []
    for location_id in meta.locations:
        location = catalog.locations.get(location_id)
        if location is None:
            raise ValueError(f"{job.id}: unknown location `{location_id}`")
        places.append(place(location))
    if len(places) == 1:
        data["jobLocation"] = places[0]
    elif places:
        data["jobLocation"] = places
    if meta.remote is Remote.REMOTE:
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = [
            {"@type": "Country", "name": code} for code in _unique(meta.remote_countries)
        ]

    salary = base_salary(job)
    if salary is not None:
        data["baseSalary"] = salary
    data["identifier"] = {
        "@type": "PropertyValue",
        "name": str(settings["COMPANY_NAME"]),
        "value": job.id,
    }
    data["directApply"] = bool(settings.get("CAREERS_DIRECT_APPLY", False))
    data["url"] = url
    if meta.skills:
        data["skills"] = ", ".join(meta.skills)
    data["inLanguage"] = catalog.lang_of(job)
    return data


# --- other pages ----------------------------------------------------------------------


def breadcrumbs(trail: Sequence[tuple[str, str]], settings: Mapping[str, Any]) -> dict[str, Any]:
    """BreadcrumbList from (name, root-relative path) pairs, home first."""
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": name,
                "item": absolute_url(path, settings),
            }
            for position, (name, path) in enumerate(trail, start=1)
        ],
    }


def organization(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The company, for the home page (Google's logo and knowledge panel)."""
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Organization",
        "name": str(settings["COMPANY_NAME"]),
    }
    if settings.get("COMPANY_URL"):
        data["url"] = str(settings["COMPANY_URL"])
    if settings.get("COMPANY_LOGO"):
        data["logo"] = absolute_url(str(settings["COMPANY_LOGO"]), settings)
    same_as = _unique(_same_as(settings))
    if same_as:
        data["sameAs"] = same_as
    return data


def website(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The careers site itself, for the home page (site name in search results)."""
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "WebSite",
        "name": str(settings.get("SITENAME") or settings["COMPANY_NAME"]),
        "url": absolute_url("/", settings),
    }
    if settings.get("DEFAULT_LANG"):
        data["inLanguage"] = str(settings["DEFAULT_LANG"])
    publisher: dict[str, Any] = {"@type": "Organization", "name": str(settings["COMPANY_NAME"])}
    if settings.get("COMPANY_URL"):
        publisher["url"] = str(settings["COMPANY_URL"])
    data["publisher"] = publisher
    return data


def _faq_answer(html: str, base: str) -> str:
    return cache.memo(
        "clean",
        ("faq", html, base),
        lambda: clean_html(html, base_url=base, allowed=FAQ_TAGS, rename={}),
    )


def faq_page(faq: FaqEntry, settings: Mapping[str, Any]) -> dict[str, Any]:
    """FAQPage: each `## ` question with its answer as HTML Google's FAQ result reads."""
    base = absolute_url("/faq/", settings)
    return {
        "@context": CONTEXT,
        "@type": "FAQPage",
        "name": faq.meta.title,
        "mainEntity": [
            {
                "@type": "Question",
                "name": question.question,
                "acceptedAnswer": {
                    "@type": "Answer",
                    "text": _faq_answer(question.html, base),
                },
            }
            for question in faq.questions
        ],
    }
