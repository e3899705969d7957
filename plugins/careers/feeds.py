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
import functools
import hashlib
import html
import io
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import feedgenerator  # type: ignore[import-untyped,unused-ignore]
from feedgenerator.django.utils.xmlutils import (  # type: ignore[import-untyped,unused-ignore]
    SimplerXMLGenerator,
)

from . import output
from .catalog import Catalog, Job
from .fingerprint import Hasher
from .indeed import indeed_parts
from .jsonld import CONTEXT, absolute_url, job_description, job_posting, job_url, start_of_day
from .loader import CATALOG_SETTING
from .models import Remote

# Atom needs an `updated` even when no job ever existed: any fixed instant will do.
XHTML = "http://www.w3.org/1999/xhtml"
# What jobs.json's items stand in for while the rest of it is encoded (see write_jobs_json).
_ITEM = "\0jobs.json item\0"
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
    settings: Mapping[str, Any], postings: Sequence[tuple[Job, Mapping[str, Any]]]
) -> dict[str, Any]:
    items = [
        _list_item(position, job, posting, settings)
        for position, (job, posting) in enumerate(postings, start=1)
    ]
    return {
        "@context": CONTEXT,
        "@type": "ItemList",
        "name": f"{settings.get('SITENAME') or settings['COMPANY_NAME']}: open positions",
        "url": absolute_url("/jobs/", settings),
        "numberOfItems": len(items),
        "itemListElement": items,
    }


def _list_item(
    position: int, job: Job, posting: Mapping[str, Any], settings: Mapping[str, Any]
) -> dict[str, Any]:
    """One entry of jobs.json: the job's JobPosting, without its own `@context`."""
    item = {key: value for key, value in posting.items() if key != "@context"}
    return {"@type": "ListItem", "position": position, "url": job_url(job, settings), "item": item}


def jobs_json(
    settings: Mapping[str, Any], postings: Sequence[tuple[Job, Mapping[str, Any]]]
) -> bytes:
    document = jobs_document(settings, postings)
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_jobs_json(
    path: Path,
    settings: Mapping[str, Any],
    postings: Sequence[tuple[Job, Mapping[str, Any]]],
    keys: FeedKeys | None = None,
) -> bool:
    """`jobs_json` streamed into `path` (the same bytes, never one big string in memory).

    The document is encoded with a stand-in for each item, then each item alone (indented
    two levels deeper, which is all nesting changes in indented JSON) between the pieces.
    With `keys` (a process that rebuilds), an item whose key is unchanged is copied from
    the file as last written, and the file is not written at all when no key changed.
    """
    document = jobs_document(settings, ())  # each item is made when written
    document["numberOfItems"] = len(postings)
    document["itemListElement"] = [_ITEM] * len(postings)
    items: Sequence[tuple[Job, Mapping[str, Any]]] = postings
    pieces = json.dumps(document, ensure_ascii=False, indent=2).split(json.dumps(_ITEM))
    if len(pieces) != len(items) + 1:  # a text of the site holds the stand-in: no pieces
        pieces, items = (
            [json.dumps(jobs_document(settings, postings), ensure_ascii=False, indent=2)],
            [],
        )
    pieces[-1] += "\n"
    head = [piece.encode("utf-8") for piece in pieces]
    planned = _planned(
        keys,
        path,
        head,
        lambda k: [
            k.item(b"jobs.json", job, position) for position, (job, _) in enumerate(items, 1)
        ],
        len(items),
    )
    if planned is None:
        return False
    item_keys, file_key = planned

    def encode(position: int, job: Job, posting: Mapping[str, Any]) -> None:
        item = _list_item(position, job, posting, settings)
        text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n    ")
        out.write_text(text)

    with output.Stream(path, key=file_key, remember=keys is not None) as out:
        out.write(head[0])
        for position, ((job, posting), key, after) in enumerate(
            zip(items, item_keys, head[1:], strict=True), start=1
        ):
            out.item(key, functools.partial(encode, position, job, posting))
            out.write(after)
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
    jobs: Sequence[tuple[Job, Mapping[str, Any]]],
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
        _add_entry(feed, job, posting, catalog, settings)
    return feed


def _add_entry(
    feed: _Atom,
    job: Job,
    posting: Mapping[str, Any],
    catalog: Catalog,
    settings: Mapping[str, Any],
) -> None:
    """One job's entry: a function of the job, its JobPosting, the catalog's locations and
    the settings only (FeedKeys.item keys it by those)."""
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


def atom_feed(**kwargs: Any) -> bytes:
    """An Atom feed of `jobs` (see `_atom` for the arguments)."""
    data: str = _atom(**kwargs).writeString("utf-8")
    return (data + "\n").encode("utf-8")


def write_atom_feed(path: Path, *, keys: FeedKeys | None = None, **kwargs: Any) -> bool:
    """`atom_feed` streamed into `path` (the same bytes), entry by entry.

    The XML writer leaves nothing pending between two entries, so the feed is its head
    (written by one writer), each `<entry>` (by another, over the stream) and its tail.
    With `keys`, entries are copied and the file skipped as in `write_jobs_json`.
    """
    jobs: Sequence[tuple[Job, Mapping[str, Any]]] = kwargs.pop("jobs")
    catalog: Catalog = kwargs["catalog"]
    settings: Mapping[str, Any] = kwargs["settings"]
    feed = _atom(jobs=(), **kwargs)
    buffer = io.BytesIO()
    handler = SimplerXMLGenerator(buffer, "utf-8", short_empty_elements=True)
    handler.startDocument()
    handler.startElement("feed", feed.root_attributes())
    feed.add_root_elements(handler)
    head = [buffer.getvalue(), b"</feed>\n"]
    planned = _planned(
        keys, path, head, lambda k: [k.item(b"atom", job) for job, _ in jobs], len(jobs)
    )
    if planned is None:
        return False
    item_keys, file_key = planned

    def entry(job: Job, posting: Mapping[str, Any]) -> None:
        feed.items.clear()
        _add_entry(feed, job, posting, catalog, settings)
        item = feed.items[0]
        writer.startElement("entry", feed.item_attributes(item))
        feed.add_item_elements(writer, item)
        writer.endElement("entry")

    with output.Stream(path, key=file_key, remember=keys is not None) as out:
        out.write(head[0])
        # Not an io object: the XML writer wraps it and hands it UTF-8 bytes at once.
        writer = SimplerXMLGenerator(out, "utf-8", short_empty_elements=True)
        for (job, posting), key in zip(jobs, item_keys, strict=True):
            out.item(key, functools.partial(entry, job, posting))
        out.write(head[1])
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


def _planned(
    keys: FeedKeys | None,
    path: Path,
    head: Sequence[bytes],
    item_keys: Callable[[FeedKeys], list[bytes]],
    count: int,
) -> tuple[Sequence[bytes | None], bytes | None] | None:
    """A streamed feed's item keys and file key (none without `keys`: a one-shot build);
    None when the file as last written holds the very same (`output.unchanged`)."""
    if keys is None:
        return [None] * count, None
    items = item_keys(keys)
    file_key = keys.file(head, items)
    return None if output.unchanged(path, file_key) else (items, file_key)


class FeedKeys:
    """Keys of what the feeds are made from, for a process that rebuilds (livereload).

    An item's key digests the feed's kind, what every item reads (the settings, the
    catalog's date, languages, drafts setting and locations: `shared`) and the job (its id,
    source and front matter, and its JobPosting, which holds the description). The
    digests come from the build's page fingerprints (fingerprint.Hasher), where the pages
    already computed most of them.
    """

    def __init__(self, hasher: Hasher, catalog: Catalog, settings: Mapping[str, Any]) -> None:
        self.hasher = hasher
        plain = {key: value for key, value in settings.items() if key != CATALOG_SETTING}
        shared = [plain, catalog.today, catalog.default_lang, catalog.languages]
        shared += [catalog.drafts, catalog.locations]
        self.shared = hasher.digest(shared).encode()
        self.jobs: dict[str, bytes] = {}

    def add(self, job: Job, posting: Mapping[str, Any], digest: str | None = None) -> None:
        """A job and its JobPosting (`digest`: the posting's, when the generator knows it)."""
        digest = digest or self.hasher.digest(posting)
        self.jobs[job.id] = f"{self.hasher.job(job)}:{digest}".encode()

    def item(self, kind: bytes, job: Job, *extra: int) -> bytes:
        text = b"\0".join([kind, self.shared, self.jobs[job.id], *(b"%d" % n for n in extra)])
        return hashlib.sha256(text).digest()

    def file(self, pieces: Sequence[bytes], items: Sequence[bytes | None]) -> bytes:
        """The key of a whole file: its pieces other than items, and every item's key."""
        h = hashlib.sha256()
        for piece in pieces:
            h.update(b"%d:" % len(piece))
            h.update(piece)
        for key in items:
            h.update(key or b"")
        return h.digest()


class Described(Mapping[str, Any]):
    """A JobPosting whose description, the job's whole text and most of its size, is made
    each time it is read (unpacked: see catalog.pack) rather than held: the feeds hold
    every open job's posting while they write, and at 5,000 postings the descriptions
    are 45 MB. Reads as the posting it was made from, in the same key order."""

    __slots__ = ("_job", "_posting")

    def __init__(self, job: Job, posting: dict[str, Any]) -> None:
        """`posting`: the JobPosting with its description None (as job_posting makes it
        with `described=False`)."""
        self._job = job
        self._posting = posting

    def __getitem__(self, key: str) -> Any:
        if key == "description" and key in self._posting:
            return job_description(self._job, self._posting["url"])
        return self._posting[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._posting)

    def __len__(self) -> int:
        return len(self._posting)


def write_feeds(
    catalog: Catalog,
    settings: Mapping[str, Any],
    output_path: str,
    pages: Sequence[SitemapEntry],
    known: Mapping[str, Mapping[str, Any]] | None = None,
    digests: Mapping[str, str | None] | None = None,
) -> None:
    """Write jobs.json, the Atom feeds, sitemap.xml and robots.txt into `output_path`.

    `known` maps job ids to the JobPosting their page already carries (computed once),
    `digests` to that posting's digest (fingerprint.Hasher.digest), when known.
    In a process that rebuilds (livereload), each feed is skipped when the keys of its
    items and the rest of its text are unchanged and its file is as this process left
    it; otherwise only the items whose key changed are encoded again (FeedKeys).
    """
    out = Path(output_path)
    known = known or {}
    postings: list[tuple[Job, Mapping[str, Any]]]
    if settings.get(output.REMEMBER_SETTING, True):
        postings = [
            (job, known.get(job.id) or job_posting(job, catalog, settings))
            for job in catalog.open_jobs()
        ]
    else:  # a one-shot build: each description is made as each item is written
        postings = [
            (job, Described(job, job_posting(job, catalog, settings, described=False)))
            for job in catalog.open_jobs()
        ]
    tracker = output.active()
    keys = None
    if tracker is not None and settings.get(output.REMEMBER_SETTING, True):
        keys = FeedKeys(tracker.hasher, catalog, settings)
        digests = digests or {}
        for job, posting in postings:
            keys.add(job, posting, digests.get(job.id) if job.id in known else None)
    site = str(settings.get("SITENAME") or settings["COMPANY_NAME"])

    write_jobs_json(out / "jobs.json", settings, postings, keys)
    write_atom_feed(
        out / "feeds" / "jobs.atom",
        keys=keys,
        title=f"{site}: open positions",
        page_path="/jobs/",
        feed_path="/feeds/jobs.atom",
        jobs=postings,
        updated=catalog.last_change(),
        catalog=catalog,
        settings=settings,
    )
    # Each tribe's jobs and open postings, in one pass over the jobs (in their order).
    tribe_jobs: dict[str, list[Job]] = {tribe_id: [] for tribe_id in catalog.tribes}
    for job in catalog.jobs.values():
        for tribe_id in dict.fromkeys(job.meta.tribes):
            tribe_jobs.setdefault(tribe_id, []).append(job)
    tribe_postings: dict[str, list[tuple[Job, Mapping[str, Any]]]] = {t: [] for t in tribe_jobs}
    for job, posting in postings:
        for tribe_id in dict.fromkeys(job.meta.tribes):
            tribe_postings[tribe_id].append((job, posting))
    for tribe_id in sorted(catalog.tribes):
        tribe = catalog.tribes[tribe_id]
        write_atom_feed(
            out / "feeds" / "tribes" / f"{tribe_id}.atom",
            keys=keys,
            title=f"{site}: {tribe.meta.name}",
            page_path=f"/tribes/{tribe_id}/",
            feed_path=f"/feeds/tribes/{tribe_id}.atom",
            jobs=tribe_postings[tribe_id],
            updated=catalog.last_change(tribe_jobs[tribe_id]),
            catalog=catalog,
            settings=settings,
        )
    write_if_changed(out / "sitemap.xml", sitemap_xml(catalog, settings, pages))
    write_if_changed(out / "robots.txt", robots_txt(settings))
    write_indeed(out / "feeds" / "indeed.xml", catalog, settings, postings, keys)


def write_indeed(
    path: Path,
    catalog: Catalog,
    settings: Mapping[str, Any],
    postings: Sequence[tuple[Job, Mapping[str, Any]]],
    keys: FeedKeys | None = None,
) -> bool:
    """`indeed.indeed_xml` streamed into `path`, job by job (copied and skipped with `keys`
    as in `write_jobs_json`)."""
    head, jobs, tail = indeed_parts(catalog, settings, postings)
    pieces = [head.encode("utf-8"), tail.encode("utf-8")]
    planned = _planned(
        keys, path, pieces, lambda k: [k.item(b"indeed", job) for job, _ in jobs], len(jobs)
    )
    if planned is None:
        return False
    item_keys, file_key = planned

    def lines(job: Job, make: Callable[[], str]) -> None:
        out.write_text(make())

    with output.Stream(path, key=file_key, remember=keys is not None) as out:
        out.write(pieces[0])
        for (job, make), key in zip(jobs, item_keys, strict=True):
            out.item(key, functools.partial(lines, job, make))
        out.write(pieces[1])
    return out.changed
