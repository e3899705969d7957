"""`/feeds/indeed.xml`: every open posting in the XML format job aggregators read.

Indeed's job feed format (also read by many other aggregators): a `<source>` with one
`<job>` per job and place, its text values in CDATA. A posting with several offices
gives one `<job>` per office (aggregators index one place per job): they share the
`requisitionid` (the posting id) and each has its own `referencenumber`
(`<id>` for the first office, `<id>--<location>` for the others). A fully remote
posting gives one `<job>` per country applicants may live in, with `<remotetype>`.

Only open postings (never closed, expired or draft ones), in the order of `/jobs/`.
No clock is read: `<lastBuildDate>` is the newest date the list changed on, known from
content alone, so two builds give identical bytes.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from email.utils import format_datetime
from typing import Any
from xml.sax.saxutils import escape

from .catalog import Catalog, Job
from .jsonld import absolute_url, job_url, start_of_day
from .models import Contract, Hours, Remote, Salary

JOB_FIELDS = (
    "title",
    "date",
    "referencenumber",
    "requisitionid",
    "url",
    "company",
    "city",
    "state",
    "country",
    "postalcode",
    "email",
    "description",
    "salary",
    "jobtype",
)


def cdata(text: str) -> str:
    """CDATA section; a `]]>` inside is split across two sections."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def jobtype(contract: Contract, hours: Hours) -> str:
    """Indeed's values: fulltime, parttime, contract, internship, temporary."""
    if contract is Contract.INTERNSHIP:
        return "internship"
    if contract is Contract.FREELANCE:
        return "contract"
    if contract is Contract.FIXED_TERM:
        return "temporary"
    return "parttime" if hours is Hours.PART_TIME else "fulltime"


def _amount(value: Decimal) -> str:
    whole = value == value.to_integral_value()
    return f"{int(value):,}" if whole else f"{value:,.2f}"


def salary_text(salary: Salary | None) -> str:
    if salary is None:
        return ""
    if salary.min == salary.max:
        amount = _amount(salary.min)
    else:
        amount = f"{_amount(salary.min)} - {_amount(salary.max)}"
    return f"{amount} {salary.currency} per {salary.per.value}"


def apply_email(job: Job, settings: Mapping[str, Any]) -> str:
    return str(job.meta.apply_email or settings.get("CAREERS_APPLY_EMAIL") or "")


def places(job: Job, catalog: Catalog) -> list[tuple[str, dict[str, str]]]:
    """(reference number, place fields) for each `<job>` element of this posting."""
    out: list[tuple[str, dict[str, str]]] = []
    for location_id in job.meta.locations:
        location = catalog.locations[location_id]
        reference = job.id if not out else f"{job.id}--{location_id}"
        out.append(
            (
                reference,
                {
                    "city": location.city,
                    "state": location.region,
                    "country": location.country,
                    "postalcode": location.postal_code,
                },
            )
        )
    if not out:
        for country in job.meta.remote_countries:
            reference = job.id if not out else f"{job.id}--{country.lower()}"
            out.append((reference, {"city": "", "state": "", "country": country, "postalcode": ""}))
    return out


def indeed_xml(
    catalog: Catalog,
    settings: Mapping[str, Any],
    postings: Sequence[tuple[Job, Mapping[str, Any]]],
) -> bytes:
    """The feed; `postings` are the open jobs with their JobPosting (for the description)."""
    return "".join(line + "\n" for line in indeed_lines(catalog, settings, postings)).encode(
        "utf-8"
    )


def indeed_lines(
    catalog: Catalog,
    settings: Mapping[str, Any],
    postings: Sequence[tuple[Job, Mapping[str, Any]]],
) -> Iterator[str]:
    """The feed's lines, one at a time."""
    yield from _head(catalog, settings)
    company = str(settings["COMPANY_NAME"])
    for job, posting in postings:
        if catalog.is_open(job):
            yield from _job_lines(job, posting, catalog, settings, company)
    yield "</source>"


def indeed_parts(
    catalog: Catalog,
    settings: Mapping[str, Any],
    postings: Sequence[tuple[Job, Mapping[str, Any]]],
) -> tuple[str, list[tuple[Job, Callable[[], str]]], str]:
    """`indeed_xml`'s text in parts (what the build streams): the head, then for each
    open job a function making its `<job>` elements (a function of the job, its JobPosting,
    the catalog's locations and the settings only), then the tail."""
    head = "".join(line + "\n" for line in _head(catalog, settings))
    company = str(settings["COMPANY_NAME"])

    def text(job: Job, posting: Mapping[str, Any]) -> str:
        return "".join(line + "\n" for line in _job_lines(job, posting, catalog, settings, company))

    jobs: list[tuple[Job, Callable[[], str]]] = [
        (job, functools.partial(text, job, posting))
        for job, posting in postings
        if catalog.is_open(job)
    ]
    return head, jobs, "</source>\n"


def _head(catalog: Catalog, settings: Mapping[str, Any]) -> list[str]:
    company = str(settings["COMPANY_NAME"])
    return [
        '<?xml version="1.0" encoding="utf-8"?>',
        "<source>",
        f"  <publisher>{escape(str(settings.get('SITENAME') or company))}</publisher>",
        f"  <publisherurl>{escape(absolute_url('/', settings))}</publisherurl>",
        f"  <lastBuildDate>{format_datetime(start_of_day(catalog.last_change(), settings))}"
        "</lastBuildDate>",
    ]


def _job_lines(
    job: Job,
    posting: Mapping[str, Any],
    catalog: Catalog,
    settings: Mapping[str, Any],
    company: str,
) -> Iterator[str]:
    meta = job.meta
    common = {
        "title": meta.title,
        "date": format_datetime(start_of_day(meta.date_posted, settings)),
        "requisitionid": job.id,
        "url": job_url(job, settings),
        "company": company,
        "email": apply_email(job, settings),
        "description": str(posting.get("description", "")),
        "salary": salary_text(meta.salary),
        "jobtype": jobtype(meta.contract, meta.hours),
    }
    for reference, place in places(job, catalog):
        values = {**common, **place, "referencenumber": reference}
        yield "  <job>"
        for name in JOB_FIELDS:
            yield f"    <{name}>{cdata(values[name])}</{name}>"
        if meta.remote is Remote.REMOTE:
            yield f"    <remotetype>{cdata('Fully remote')}</remotetype>"
        elif meta.remote is Remote.HYBRID:
            yield f"    <remotetype>{cdata('Hybrid remote')}</remotetype>"
        yield "  </job>"
