"""Feeds written from a catalog: jobs.json, Atom (all and per tribe), sitemap.xml, robots.txt."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from careers import output
from careers.catalog import Catalog, Job, TribeEntry
from careers.feeds import SitemapEntry, atom_feed, jobs_json, write_feeds
from careers.indeed import indeed_xml
from careers.jsonld import EMPLOYMENT_TYPES, JOB_TAGS, job_posting
from careers.models import Location, Posting, Tribe
from conftest import SETTINGS, SITEURL, XSS

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
TODAY = "2030-03-01"
OPEN_IDS = ["remote-designer", "script-title", "backend-engineer"]  # newest first, then id
NOT_OPEN_IDS = ["closed-job", "draft-job", "expired-job"]


def make_job(job_id: str, **meta: Any) -> Job:
    data: dict[str, Any] = {
        "title": "Backend Engineer",
        "contract": "permanent",
        "tribes": ["platform"],
        "locations": ["paris"],
        "date_posted": "2030-01-15",
    }
    data.update(meta)
    data = {key: value for key, value in data.items() if value is not None}
    html = f"<h1>{job_id}</h1><p class='x'>About the role.</p><script>x()</script>"
    return Job(job_id, f"content/jobs/{job_id}.md", Posting.model_validate(data), html)


def tribe(tribe_id: str, name: str) -> TribeEntry:
    meta = Tribe.model_validate({"name": name, "summary": "What this tribe builds."})
    return TribeEntry(tribe_id, f"content/tribes/{tribe_id}.md", meta, "<p>Tribe.</p>")


def make_catalog(*jobs: Job, today: str = TODAY) -> Catalog:
    paris = Location.model_validate(
        {
            "city": "Paris",
            "street": "1 Rue de Rivoli",
            "postal_code": "75001",
            "region": "Île-de-France",
            "country": "FR",
        }
    )
    return Catalog(
        today=dt.date.fromisoformat(today),
        jobs={job.id: job for job in jobs},
        tribes={t.id: t for t in [tribe("platform", "Platform"), tribe("bucks", "Bucks")]}
        | {"empty": tribe("empty", "Nobody Yet")},
        locations={"paris": paris},
    )


def full_catalog() -> Catalog:
    return make_catalog(
        make_job("backend-engineer", title="Ingénieur backend", date_posted="2030-01-15"),
        make_job(
            "remote-designer",
            title="Product Designer",
            tribes=["platform", "bucks"],
            remote="remote",
            locations=None,
            remote_countries=["FR", "DE"],
            contract="freelance",
            date_posted="2030-02-20",
            salary={"min": "500", "max": "650", "currency": "EUR", "per": "day"},
        ),
        make_job("script-title", title=f"Engineer {XSS}", date_posted="2030-02-01"),
        make_job("closed-job", status="closed", date_posted="2030-02-25"),
        make_job("draft-job", status="draft", date_posted="2030-02-27", tribes=["bucks"]),
        make_job(
            "expired-job", date_posted="2030-01-01", valid_through="2030-02-10", tribes=["bucks"]
        ),
    )


def pages(catalog: Catalog) -> list[SitemapEntry]:
    """What the generator passes, plus job pages it should not have (the feed drops them)."""
    entries = [
        SitemapEntry("/", None),
        SitemapEntry("/jobs/", dt.date(2030, 2, 20)),
        SitemapEntry("/tribes/platform/", dt.date(2030, 2, 20)),
    ]
    entries += [SitemapEntry(f"/jobs/{j}/", catalog.jobs[j].meta.date_posted) for j in catalog.jobs]
    entries.append(SitemapEntry("/jobs/no-such-job/", None))
    return entries


def build(tmp_path: Path, catalog: Catalog | None = None, name: str = "out") -> Path:
    catalog = full_catalog() if catalog is None else catalog
    out = tmp_path / name
    write_feeds(catalog, SETTINGS, str(out), pages(catalog))
    return out


def files(out: Path) -> dict[str, bytes]:
    return {
        p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()
    }


def atom_entries(path: Path) -> tuple[ET.Element, list[ET.Element]]:
    root = ET.fromstring(path.read_bytes())
    assert root.tag == f"{ATOM}feed"
    return root, root.findall(f"{ATOM}entry")


def entry_ids(entries: list[ET.Element]) -> list[str]:
    ids = []
    for entry in entries:
        link = entry.find(f"{ATOM}link")
        assert link is not None
        ids.append(link.attrib["href"].removeprefix(SITEURL + "/jobs/").rstrip("/"))
    return ids


def test_writes_every_feed(tmp_path: Path) -> None:
    out = build(tmp_path)
    assert sorted(files(out)) == [
        "feeds/indeed.xml",
        "feeds/jobs.atom",
        "feeds/tribes/bucks.atom",
        "feeds/tribes/empty.atom",
        "feeds/tribes/platform.atom",
        "jobs.json",
        "robots.txt",
        "sitemap.xml",
    ]


def test_jobs_json_is_an_item_list_of_open_job_postings(tmp_path: Path) -> None:
    catalog = full_catalog()
    out = build(tmp_path, catalog)
    raw = (out / "jobs.json").read_bytes()
    assert raw.endswith(b"}\n")
    assert "Ingénieur".encode() in raw  # ensure_ascii=False: readable UTF-8
    doc = json.loads(raw)
    assert doc["@context"] == "https://schema.org"
    assert doc["@type"] == "ItemList"
    assert doc["url"] == SITEURL + "/jobs/"
    items = doc["itemListElement"]
    assert doc["numberOfItems"] == len(items) == len(OPEN_IDS)
    assert [item["position"] for item in items] == [1, 2, 3]
    assert [item["item"]["identifier"]["value"] for item in items] == OPEN_IDS
    for item, job_id in zip(items, OPEN_IDS, strict=True):
        assert item["@type"] == "ListItem"
        assert item["url"] == f"{SITEURL}/jobs/{job_id}/"
        posting = item["item"]
        assert posting["@type"] == "JobPosting"
        assert "@context" not in posting
        expected = job_posting(catalog.jobs[job_id], catalog, SETTINGS)
        del expected["@context"]
        assert posting == expected
        assert set(posting["employmentType"]) <= EMPLOYMENT_TYPES
    titles = [item["item"]["title"] for item in items]
    assert f"Engineer {XSS}" in titles
    remote = items[0]["item"]
    assert remote["jobLocationType"] == "TELECOMMUTE"
    assert remote["baseSalary"]["value"]["unitText"] == "DAY"
    text = raw.decode()
    for job_id in NOT_OPEN_IDS:
        assert job_id not in text


def test_atom_feed_of_all_open_jobs(tmp_path: Path) -> None:
    out = build(tmp_path)
    raw = (out / "feeds" / "jobs.atom").read_bytes()
    assert raw.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    assert b"<script>" not in raw  # markup travels escaped
    root, entries = atom_entries(out / "feeds" / "jobs.atom")
    assert root.findtext(f"{ATOM}title") == "Example Careers: open positions"
    assert root.findtext(f"{ATOM}id") == SITEURL + "/feeds/jobs.atom"
    # the closed job (2030-02-25) and the expired one (left on 2030-02-11) changed the feed
    # too, but the newest change is the closed job's posting; drafts never count
    assert root.findtext(f"{ATOM}updated") == "2030-02-25T00:00:00+01:00"
    assert root.findtext(f"{ATOM}author/{ATOM}name") == "Example Corp"
    links = {link.attrib["rel"]: link.attrib["href"] for link in root.findall(f"{ATOM}link")}
    assert links == {"alternate": SITEURL + "/jobs/", "self": SITEURL + "/feeds/jobs.atom"}

    assert entry_ids(entries) == OPEN_IDS
    by_id = dict(zip(OPEN_IDS, entries, strict=True))
    entry = by_id["backend-engineer"]
    assert entry.findtext(f"{ATOM}title") == "Ingénieur backend"
    assert entry.findtext(f"{ATOM}id") == SITEURL + "/jobs/backend-engineer/"
    assert entry.findtext(f"{ATOM}published") == "2030-01-15T00:00:00+01:00"
    assert entry.findtext(f"{ATOM}updated") == "2030-01-15T00:00:00+01:00"
    assert [c.attrib["term"] for c in entry.findall(f"{ATOM}category")] == ["platform"]
    summary = entry.find(f"{ATOM}summary")
    assert summary is not None and summary.attrib["type"] == "html"
    assert summary.text == "Permanent · Full time · On site · Paris"
    content = entry.find(f"{ATOM}content")
    assert content is not None and content.attrib["type"] == "html"
    assert content.text == "<h2>backend-engineer</h2><p>About the role.</p>"
    soup = BeautifulSoup(content.text, "html.parser")
    assert {tag.name for tag in soup.find_all(True)} <= JOB_TAGS

    assert by_id["script-title"].findtext(f"{ATOM}title") == f"Engineer {XSS}"
    remote_summary = by_id["remote-designer"].findtext(f"{ATOM}summary")
    assert remote_summary == "Freelance · Full time · Remote · from FR, DE"
    for entry in entries:
        for tag in ("published", "updated"):
            assert RFC3339.match(entry.findtext(f"{ATOM}{tag}") or ""), tag


def test_one_atom_feed_per_tribe_even_when_empty(tmp_path: Path) -> None:
    out = build(tmp_path)
    root, entries = atom_entries(out / "feeds" / "tribes" / "platform.atom")
    assert root.findtext(f"{ATOM}title") == "Example Careers: Platform"
    assert entry_ids(entries) == OPEN_IDS
    link = root.find(f"{ATOM}link[@rel='alternate']")
    assert link is not None and link.attrib["href"] == SITEURL + "/tribes/platform/"

    root, entries = atom_entries(out / "feeds" / "tribes" / "bucks.atom")
    assert entry_ids(entries) == ["remote-designer"]  # not the draft nor the expired job
    # the expired bucks job left the feed the day after its valid_through
    assert root.findtext(f"{ATOM}updated") == "2030-02-20T00:00:00+01:00"

    root, entries = atom_entries(out / "feeds" / "tribes" / "empty.atom")
    assert entries == []
    assert root.findtext(f"{ATOM}updated") == "2000-01-01T00:00:00+01:00"


def test_sitemap_lists_only_indexable_pages_with_absolute_urls(tmp_path: Path) -> None:
    out = build(tmp_path)
    root = ET.fromstring((out / "sitemap.xml").read_bytes())
    assert root.tag == f"{SITEMAP}urlset"
    urls = [
        (u.findtext(f"{SITEMAP}loc"), u.findtext(f"{SITEMAP}lastmod"))
        for u in root.findall(f"{SITEMAP}url")
    ]
    locs = [loc for loc, _ in urls]
    assert locs == sorted(locs)
    assert dict(urls) == {
        SITEURL + "/": None,
        SITEURL + "/jobs/": "2030-02-20",
        SITEURL + "/jobs/backend-engineer/": "2030-01-15",
        SITEURL + "/jobs/remote-designer/": "2030-02-20",
        SITEURL + "/jobs/script-title/": "2030-02-01",
        SITEURL + "/tribes/platform/": "2030-02-20",
    }
    for loc, lastmod in urls:
        assert loc is not None and loc.startswith(SITEURL + "/")
        assert lastmod is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", lastmod)


def test_robots_names_the_sitemap(tmp_path: Path) -> None:
    out = build(tmp_path)
    assert (out / "robots.txt").read_text(encoding="utf-8") == (
        f"User-agent: *\nAllow: /\n\nSitemap: {SITEURL}/sitemap.xml\n"
    )


def test_closed_draft_and_expired_jobs_are_in_no_feed(tmp_path: Path) -> None:
    out = build(tmp_path)
    for name, data in files(out).items():
        for job_id in NOT_OPEN_IDS:
            assert job_id.encode() not in data, f"{job_id} in {name}"


def test_drafts_stay_out_even_in_a_preview_build(tmp_path: Path) -> None:
    catalog = full_catalog()
    catalog.drafts = True
    out = build(tmp_path, catalog)
    assert b"draft-job" not in b"".join(files(out).values())


def test_two_writes_are_byte_identical_and_leave_files_untouched(tmp_path: Path) -> None:
    first = files(build(tmp_path, name="one"))
    second = files(build(tmp_path, name="two"))
    assert first == second

    out = tmp_path / "one"
    old = 1_000_000_000
    for path in out.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(old, old))
    build(tmp_path, name="one")
    assert files(out) == first
    for path in out.rglob("*"):
        if path.is_file():
            assert path.stat().st_mtime_ns == old, f"{path.name} was rewritten"
    assert not list(out.rglob("*.tmp"))


def test_a_change_rewrites_only_what_changed(tmp_path: Path) -> None:
    catalog = full_catalog()
    out = build(tmp_path, catalog)
    old = 1_000_000_000
    for path in out.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(old, old))
    catalog.jobs["bucks-job"] = make_job("bucks-job", tribes=["bucks"], date_posted="2030-02-21")
    write_feeds(catalog, SETTINGS, str(out), pages(catalog))
    changed = sorted(
        p.relative_to(out).as_posix()
        for p in out.rglob("*")
        if p.is_file() and p.stat().st_mtime_ns != old
    )
    assert changed == [
        "feeds/indeed.xml",
        "feeds/jobs.atom",
        "feeds/tribes/bucks.atom",
        "jobs.json",
        "sitemap.xml",
    ]


def test_empty_catalog_still_writes_valid_deterministic_feeds(tmp_path: Path) -> None:
    empty = make_catalog()
    out = build(tmp_path, empty, name="one")
    assert files(out) == files(build(tmp_path, make_catalog(), name="two"))

    doc = json.loads((out / "jobs.json").read_bytes())
    assert doc["numberOfItems"] == 0 and doc["itemListElement"] == []
    for feed in ["feeds/jobs.atom", "feeds/tribes/platform.atom", "feeds/tribes/empty.atom"]:
        root, entries = atom_entries(out / feed)
        assert entries == []
        assert root.findtext(f"{ATOM}updated") == "2000-01-01T00:00:00+01:00"
    root = ET.fromstring((out / "sitemap.xml").read_bytes())
    assert [u.findtext(f"{SITEMAP}loc") for u in root.findall(f"{SITEMAP}url")] == [
        SITEURL + "/",
        SITEURL + "/jobs/",
        SITEURL + "/tribes/platform/",
    ]


def streamed(catalog: Catalog, out: Path, *, remember: bool) -> output.Tracker:
    """write_feeds as a build runs it: with a tracker, remembering layouts (livereload) or
    not (a one-shot publish)."""
    tracker = output.start(out)
    settings = {**SETTINGS, output.REMEMBER_SETTING: remember}
    write_feeds(catalog, settings, str(out), pages(catalog))
    return tracker


def test_streamed_feeds_equal_their_string_form(tmp_path: Path) -> None:
    """jobs.json encoded item by item, Atom entry by entry and Indeed job by job give the
    bytes of the one-shot encoders (json.dumps of the document, the whole XML writer)."""
    catalog = full_catalog()
    out = tmp_path / "out"
    streamed(catalog, out, remember=False)
    postings = [(job, job_posting(job, catalog, SETTINGS)) for job in catalog.open_jobs()]
    assert (out / "jobs.json").read_bytes() == jobs_json(SETTINGS, postings)
    assert (out / "feeds" / "indeed.xml").read_bytes() == indeed_xml(catalog, SETTINGS, postings)
    bucks = [(job, posting) for job, posting in postings if "bucks" in job.meta.tribes]
    expected = atom_feed(
        title="Example Careers: Bucks",
        page_path="/tribes/bucks/",
        feed_path="/feeds/tribes/bucks.atom",
        jobs=bucks,
        updated=catalog.last_change(j for j in catalog.jobs.values() if "bucks" in j.meta.tribes),
        catalog=catalog,
        settings=SETTINGS,
    )
    assert bucks and (out / "feeds" / "tribes" / "bucks.atom").read_bytes() == expected


def test_rebuilt_feeds_copy_unchanged_items_and_skip_unaffected_files(tmp_path: Path) -> None:
    """In a process that rebuilds, unchanged items are copied from the files as written and
    a feed that does not list an edited job is not written at all; after body and front
    matter edits, a deletion and a rename, every feed equals a fresh write."""
    catalog = full_catalog()
    out = tmp_path / "out"
    streamed(catalog, out, remember=True)

    def check(catalog: Catalog, untouched: list[str]) -> output.Tracker:
        before = {name: (out / name).stat() for name in untouched}
        tracker = streamed(catalog, out, remember=True)
        fresh = tmp_path / f"fresh-{len(list(tmp_path.iterdir()))}"
        streamed(catalog, fresh, remember=False)
        assert files(out) == files(fresh)
        for name in untouched:
            stat = (out / name).stat()
            assert (stat.st_mtime_ns, stat.st_ino) == (
                before[name].st_mtime_ns,
                before[name].st_ino,
            ), f"{name} was rewritten"
        return tracker

    # Nothing changed: nothing written.
    tracker = check(catalog, sorted(files(out)))
    assert not tracker.written
    # A body edit (the JobPosting's description) of a job in the platform tribe only.
    edited = catalog.jobs["backend-engineer"]
    catalog.jobs[edited.id] = Job(edited.id, edited.source, edited.meta, edited.html + "<p>+</p>")
    tracker = check(catalog, ["feeds/tribes/bucks.atom", "feeds/tribes/empty.atom"])
    assert tracker.copied >= 2 * 3  # the other jobs in jobs.json, jobs.atom, indeed.xml…
    assert {p.name for p in tracker.written} == {
        "jobs.json",
        "jobs.atom",
        "platform.atom",
        "indeed.xml",
    }
    # A front matter edit (a title), then a deletion and a rename.
    designer = catalog.jobs["remote-designer"]
    meta = designer.meta.model_copy(update={"title": "Senior Product Designer"})
    catalog.jobs[designer.id] = Job(designer.id, designer.source, meta, designer.html)
    check(catalog, ["feeds/tribes/empty.atom"])
    del catalog.jobs["script-title"]
    check(catalog, ["feeds/tribes/bucks.atom", "feeds/tribes/empty.atom"])
    renamed = catalog.jobs.pop("backend-engineer")
    catalog.jobs["backend-engineer-2"] = Job(
        "backend-engineer-2", "content/jobs/backend-engineer-2.md", renamed.meta, renamed.html
    )
    tracker = check(catalog, ["feeds/tribes/bucks.atom", "feeds/tribes/empty.atom"])
    assert tracker.copied >= 1

    # A feed changed behind the build's back is made again, not copied from.
    (out / "feeds" / "jobs.atom").write_bytes(b"tampered")
    (out / "jobs.json").write_bytes((out / "jobs.json").read_bytes().replace(b"Senior", b"Junior"))
    check(catalog, ["feeds/tribes/empty.atom"])


def test_a_described_posting_reads_as_the_posting_it_stands_for() -> None:
    """Described (the feeds of a one-shot build): the same keys, order and values, its
    description made from the job's packed body when read."""
    import dataclasses

    from careers.catalog import pack
    from careers.feeds import Described
    from careers.jsonld import clean_description, job_url

    html = '<p>Build <a href="https://x.test/a">things</a>.</p>'
    meta = make_job("x").meta
    url = job_url(make_job("backend-engineer"), SETTINGS)
    packed = Job(
        "backend-engineer",
        "content/jobs/backend-engineer.md",
        meta,
        pack(html),
        "Build things.",
        (url, None),  # cleaned for its URL: the HTML itself
    )
    catalog = make_catalog(packed)
    posting = job_posting(packed, catalog, SETTINGS)
    assert posting["description"] == html  # (url, None): the description is the HTML itself
    # A packed description is used for the URL it was made for, and only for that one.
    cleaned = dataclasses.replace(packed, description=(url, pack("<p>Cleaned.</p>")))
    assert job_posting(cleaned, catalog, SETTINGS)["description"] == "<p>Cleaned.</p>"
    elsewhere = dataclasses.replace(cleaned, description=("https://other.test/", pack("<p>X</p>")))
    assert job_posting(elsewhere, catalog, SETTINGS)["description"] == clean_description(html, url)
    described = Described(packed, job_posting(packed, catalog, SETTINGS, described=False))
    assert list(described.items()) == list(posting.items())
    assert json.dumps(dict(described)) == json.dumps(posting)
    assert described.get("missing") is None and len(described) == len(posting)
