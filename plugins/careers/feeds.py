"""Machine-readable outputs: `/jobs.json`, Atom feeds, `/sitemap.xml`, `/robots.txt`.

Only open postings appear in any of them.  Every byte depends on the content and the
settings alone (never on the clock), so two builds give identical files, and a file
is only rewritten when its bytes change, which keeps its mtime for incremental
deploys and livereload.

`/jobs.json` is one JSON-LD document: a schema.org `ItemList` whose `itemListElement`
are `ListItem`s (`position`, `url`, `item`), each `item` the very JobPosting of the job
page (without its own `@context`, which the list carries).  There is no standard job
feed format; an ItemList of JobPostings is what a JSON-LD or schema.org aware
aggregator parses without a custom mapping, and `numberOfItems` lets a crawler check
that it read everything.  Jobs are in the order of the `/jobs/` page: newest first,
then by id.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import feedgenerator  # type: ignore[import-untyped,unused-ignore]

from . import output
from .catalog import Catalog, Job
from .indeed import indeed_lines
from .jsonld import CONTEXT, absolute_url, job_posting, job_url, start_of_day
from .models import Remote

# Atom needs an `updated` even when no job ever existed: any fixed instant will do.
XHTML = "http://www.w3.org/1999/xhtml"
# A job page's path, in the default language or under a language prefix (/fr/jobs/<id>/).
JOB_PATH = re.compile(r"^(?:/[a-z]{2,3}(?:-[a-z]{2})?)?/jobs/[^/]+/$")


@dataclass(frozen=True)
class SitemapEntry:
    path: str  # root-relative, e.g. "/jobs/backend-engineer/"
    lastmod: dt.date | None
    # (hreflang, path) of every language version, this one and x-default included:
    # Google's sitemap form of hreflang (xhtml:link), for translated pages.
    alternates: tuple[tuple[str, str], ...] = ()


class _Atom(feedgenerator.Atom1Feed):  # type: ignore[misc]
    """Atom1Feed whose feed-level `updated` is given, not `now()` for an empty feed."""

    def __init__(self, *, updated: dt.datetime, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._updated = updated

    def latest_post_date(self) -> dt.datetime:
        return self._updated


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write atomically, and not at all when the file already holds these bytes."""
    return output.write_if_changed(path, data)


# --- jobs.json ------------------------------------------------------------------------


def jobs_document(
    settings: Mapping[str, Any], postings: Sequence[tuple[Job, dict[str, Any]]]
) -> dict[str, Any]:
    items = []
    for position, (job, posting) in enumerate(postings, start=1):
        item = {key: value for key, value in posting.items() if key != "@context"}
        items.append(
            {
                "@type": "ListItem",
                "position": position,
                "url": job_url(job, settings),
                "item": item,
            }
        )
    return {
        "@context": CONTEXT,
        "@type": "ItemList",
        "name": f"{settings.get('SITENAME') or settings['COMPANY_NAME']}: open positions",
        "url": absolute_url("/jobs/", settings),
        "numberOfItems": len(items),
        "itemListElement": items,
    }


def jobs_json(settings: Mapping[str, Any], postings: Sequence[tuple[Job, dict[str, Any]]]) -> bytes:
    document = jobs_document(settings, postings)
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_jobs_json(
    path: Path, settings: Mapping[str, Any], postings: Sequence[tuple[Job, dict[str, Any]]]
) -> bool:
    """`jobs_json` streamed into `path` (the same bytes, never one big string in memory)."""
    document = jobs_document(settings, postings)
    encoder = json.JSONEncoder(ensure_ascii=False, indent=2)
    with output.Stream(path) as out:
        batch: list[str] = []
        for chunk in encoder.iterencode(document):
            batch.append(chunk)
            if len(batch) >= 4096:  # the encoder yields tiny pieces: write them in batches
                out.write_text("".join(batch))
                batch = []
        batch.append("\n")
        out.write_text("".join(batch))
    return out.changed


# --- Atom -----------------------------------------------------------------------------


def _label(value: str) -> str:
    return value.replace("-", " ").capitalize()


def _summary(job: Job, catalog: Catalog) -> str:
    """One line of facts for feed readers that show only the summary."""
    meta = job.meta
    facts = [_label(meta.contract.value), _label(meta.hours.value), _label(meta.remote.value)]
    cities = [catalog.locations[i].city for i in meta.locations if i in catalog.locations]
    if cities:
        facts.append(", ".join(cities))
    if meta.remote is Remote.REMOTE:
        facts.append("from " + ", ".join(meta.remote_countries))
    return html.escape(" · ".join(facts), quote=False)


def _atom(
    *,
    title: str,
    page_path: str,
    feed_path: str,
    jobs: Sequence[tuple[Job, dict[str, Any]]],
    updated: dt.date,
    catalog: Catalog,
    settings: Mapping[str, Any],
) -> _Atom:
    feed_url = absolute_url(feed_path, settings)
    feed = _Atom(
        updated=start_of_day(updated, settings),
        title=title,
        link=absolute_url(page_path, settings),
        description=None,
        language=str(settings.get("DEFAULT_LANG") or "en"),
        feed_url=feed_url,
        feed_guid=feed_url,
        author_name=str(settings["COMPANY_NAME"]),
        author_link=settings.get("COMPANY_URL") or None,
    )
    for job, posting in jobs:
        posted = start_of_day(job.meta.date_posted, settings)
        feed.add_item(
            title=job.meta.title,
            link=job_url(job, settings),
            unique_id=job_url(job, settings),
            pubdate=posted,
            updateddate=posted,
            description=_summary(job, catalog),
            content=posting["description"],
            categories=list(job.meta.tribes),
        )
    return feed


def atom_feed(**kwargs: Any) -> bytes:
    """An Atom feed of `jobs` (see `_atom` for the arguments)."""
    data: str = _atom(**kwargs).writeString("utf-8")
    return (data + "\n").encode("utf-8")


def write_atom_feed(path: Path, **kwargs: Any) -> bool:
    """`atom_feed` streamed into `path` (the same bytes)."""
    with output.Stream(path) as out:
        # Not an io object: the XML writer wraps it and hands it UTF-8 bytes.
        _atom(**kwargs).write(out, "utf-8")
        out.write(b"\n")
    return out.changed


# --- sitemap and robots ---------------------------------------------------------------


def sitemap_xml(
    catalog: Catalog, settings: Mapping[str, Any], pages: Sequence[SitemapEntry]
) -> bytes:
    """Only indexable pages: a job page whose job is not open is dropped even if passed,
    and so is an alternate pointing at one."""
    job_pages = {catalog.job_path(job): job for job in catalog.jobs.values()}

    def indexable(path: str) -> bool:
        path = path.removesuffix("index.html")
        job = job_pages.get(path)
        return catalog.is_open(job) if job is not None else JOB_PATH.match(path) is None

    entries: dict[str, dt.date | None] = {}
    alternates: dict[str, tuple[tuple[str, str], ...]] = {}
    for entry in pages:
        path = "/" + entry.path.lstrip("/")
        if not indexable(path):
            continue
        previous = entries.get(path)
        if path not in entries or (
            entry.lastmod is not None and (previous is None or entry.lastmod > previous)
        ):
            entries[path] = entry.lastmod
        links = tuple((lang, alt) for lang, alt in entry.alternates if indexable(alt))
        if len({alt for _, alt in links}) > 1:
            alternates[path] = links
    namespaces = f' xmlns:xhtml="{XHTML}"' if alternates else ""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"{namespaces}>',
    ]
    for path in sorted(entries):
        lines.append("  <url>")
        lines.append(f"    <loc>{escape(absolute_url(path, settings))}</loc>")
        lastmod = entries[path]
        if lastmod is not None:
            lines.append(f"    <lastmod>{lastmod.isoformat()}</lastmod>")
        for lang, alt in alternates.get(path, ()):
            href = escape(absolute_url(alt, settings), {'"': "&quot;"})
            lines.append(f'    <xhtml:link rel="alternate" hreflang="{lang}" href="{href}"/>')
        lines.append("  </url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots_txt(settings: Mapping[str, Any]) -> bytes:
    lines = ["User-agent: *", "Allow: /", "", f"Sitemap: {absolute_url('/sitemap.xml', settings)}"]
    return ("\n".join(lines) + "\n").encode("utf-8")


# --- all of it ------------------------------------------------------------------------


def write_feeds(
    catalog: Catalog,
    settings: Mapping[str, Any],
    output_path: str,
    pages: Sequence[SitemapEntry],
    known: Mapping[str, dict[str, Any]] | None = None,
) -> None:
    """Write jobs.json, the Atom feeds, sitemap.xml and robots.txt into `output_path`.

    `known` maps job ids to the JobPosting their page already carries (computed once).
    """
    out = Path(output_path)
    known = known or {}
    postings = [
        (job, known.get(job.id) or job_posting(job, catalog, settings))
        for job in catalog.open_jobs()
    ]
    # In a process that rebuilds (livereload), the feeds are not made again when what they
    # are made from is unchanged and their files are as this process left them.
    tracker = output.active()
    fingerprint = None
    if tracker is not None and settings.get(output.REMEMBER_SETTING, True):
        fingerprint = tracker.hasher.page(
            [
                ("settings", settings),
                ("catalog", catalog),  # jobs by id, source and front matter
                ("postings", [(job.id, posting) for job, posting in postings]),
                ("pages", list(pages)),
            ],
            {},
        )
        previous = _WRITTEN.get(str(out.resolve()))
        if previous is not None and previous[0] == fingerprint:
            files = previous[1]
            if all(output.signature(name) == signature for name, signature in files.items()):
                for name in files:
                    tracker.produced.add(Path(name).resolve())
                return
    _write_feeds(catalog, settings, out, pages, postings)
    if tracker is not None and fingerprint is not None:
        names = [out / name for name in ("jobs.json", "sitemap.xml", "robots.txt")]
        names += [out / "feeds" / "jobs.atom", out / "feeds" / "indeed.xml"]
        names += [out / "feeds" / "tribes" / f"{tribe_id}.atom" for tribe_id in catalog.tribes]
        _WRITTEN[str(out.resolve())] = (
            fingerprint,
            {str(name): output.signature(str(name)) for name in names},
        )


# Output folder -> (fingerprint of the feeds' inputs, each feed file's stat signature),
# kept in memory between the builds of one process.
_WRITTEN: dict[str, tuple[str, dict[str, tuple[int, int, int] | None]]] = {}


def _write_feeds(
    catalog: Catalog,
    settings: Mapping[str, Any],
    out: Path,
    pages: Sequence[SitemapEntry],
    postings: Sequence[tuple[Job, dict[str, Any]]],
) -> None:
    site = str(settings.get("SITENAME") or settings["COMPANY_NAME"])

    write_jobs_json(out / "jobs.json", settings, postings)
    write_atom_feed(
        out / "feeds" / "jobs.atom",
        title=f"{site}: open positions",
        page_path="/jobs/",
        feed_path="/feeds/jobs.atom",
        jobs=postings,
        updated=catalog.last_change(),
        catalog=catalog,
        settings=settings,
    )
    for tribe_id in sorted(catalog.tribes):
        tribe = catalog.tribes[tribe_id]
        in_tribe = [(job, posting) for job, posting in postings if tribe_id in job.meta.tribes]
        write_atom_feed(
            out / "feeds" / "tribes" / f"{tribe_id}.atom",
            title=f"{site}: {tribe.meta.name}",
            page_path=f"/tribes/{tribe_id}/",
            feed_path=f"/feeds/tribes/{tribe_id}.atom",
            jobs=in_tribe,
            updated=catalog.last_change(
                job for job in catalog.jobs.values() if tribe_id in job.meta.tribes
            ),
            catalog=catalog,
            settings=settings,
        )
    write_if_changed(out / "sitemap.xml", sitemap_xml(catalog, settings, pages))
    write_if_changed(out / "robots.txt", robots_txt(settings))
    with output.Stream(out / "feeds" / "indeed.xml") as stream:
        for line in indeed_lines(catalog, settings, postings):
            stream.write_text(line + "\n")
