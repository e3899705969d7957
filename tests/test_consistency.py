"""Every open posting says the same thing everywhere; no other posting appears anywhere.

A generated site (benchmarks/corpus.py: 40 postings in every state, fixed today, plus French
translations of twelve of them, in every state too) is built once; each open posting, in
either language, must appear with the same id, URL, title, dates and locations in its page's
JSON-LD, /jobs.json, the Atom feeds, the Indeed feed and the sitemap.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from careers.build import settings_for
from careers.catalog import Catalog
from careers.loader import check_content
from conftest import ROOT, build_site
from pages_helpers import jsonld, soup

sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import generate

TODAY = dt.date(2027, 1, 15)
SITE = "https://careers.example.com"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Catalog]:
    root = tmp_path_factory.mktemp("consistency")
    corpus = generate(root / "content", 40, seed=2031, today=TODAY)  # every state
    for path in sorted((corpus.root / "jobs").glob("*.md"))[:12]:
        text = path.read_text("utf-8")  # the same posting, linked to it, in French
        front = f"---\nlang: fr\ntranslation_key: {path.stem}\n"
        (path.parent / f"{path.stem}-fr.md").write_text(front + text.removeprefix("---\n"))
    out = root / "out"
    assert build_site(corpus.root, out, today=TODAY.isoformat()) == 0
    settings = settings_for(ROOT / "publishconf.py", content=corpus.root, today=TODAY)
    catalog = check_content(corpus.root, settings, render=False).catalog
    assert catalog is not None
    return out, catalog


def test_the_corpus_has_every_state(built: tuple[Path, Catalog]) -> None:
    _, catalog = built
    states = {catalog.state(job).value for job in catalog.jobs.values()}
    assert states == {"open", "closed", "expired", "draft"}
    french = [job for job in catalog.jobs.values() if catalog.lang_of(job) == "fr"]
    assert len(french) == 12 and {catalog.state(job).value for job in french} >= {"open"}


def _posting(out: Path, path: str) -> dict[str, Any] | None:
    page = out / path.strip("/") / "index.html"
    if not page.is_file():
        return None
    found = [b for b in jsonld(soup(out, path)) if b.get("@type") == "JobPosting"]
    assert len(found) <= 1
    return found[0] if found else None


def _localities(posting: dict[str, Any]) -> list[str]:
    places = posting.get("jobLocation") or []
    places = places if isinstance(places, list) else [places]
    return [place["address"]["addressLocality"] for place in places]


def test_every_open_posting_is_the_same_everywhere(built: tuple[Path, Catalog]) -> None:
    out, catalog = built
    items = json.loads((out / "jobs.json").read_text("utf-8"))["itemListElement"]
    listed = {item["item"]["identifier"]["value"]: item["item"] for item in items}
    atom = ET.parse(out / "feeds" / "jobs.atom").getroot()
    entries = {
        e.find(f"{ATOM}link").get("href"): e  # type: ignore[union-attr]
        for e in atom.findall(f"{ATOM}entry")
    }
    indeed = ET.parse(out / "feeds" / "indeed.xml").getroot()
    indeed_jobs: dict[str, list[ET.Element]] = {}
    for element in indeed.findall("job"):
        indeed_jobs.setdefault(element.findtext("requisitionid") or "", []).append(element)
    sitemap = {loc.text for loc in ET.parse(out / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")}

    open_ids = {job.id for job in catalog.open_jobs()}
    assert len(open_ids) >= 25
    for job in catalog.open_jobs():
        meta = job.meta
        url = SITE + catalog.job_path(job)
        assert url.startswith(f"{SITE}/fr/jobs/" if meta.lang == "fr" else f"{SITE}/jobs/")
        cities = [catalog.locations[i].city for i in meta.locations]
        posted = meta.date_posted.isoformat()

        page = _posting(out, catalog.job_path(job))
        assert page is not None, job.id
        assert page["identifier"]["value"] == job.id
        assert page["url"] == url
        assert page["inLanguage"] == catalog.lang_of(job)
        assert page["title"] == meta.title
        assert page["datePosted"] == posted
        if meta.valid_through:
            assert page["validThrough"].startswith(meta.valid_through.isoformat())
        assert _localities(page) == cities

        without_context = {k: v for k, v in page.items() if k != "@context"}
        assert listed[job.id] == without_context, job.id

        entry = entries[url]
        assert entry.findtext(f"{ATOM}title") == meta.title
        assert (entry.findtext(f"{ATOM}published") or "").startswith(posted)
        for tribe in meta.tribes:
            tribe_feed = ET.parse(out / "feeds" / "tribes" / f"{tribe}.atom").getroot()
            links = [e.find(f"{ATOM}link").get("href") for e in tribe_feed.findall(f"{ATOM}entry")]  # type: ignore[union-attr]
            assert url in links, (job.id, tribe)

        elements = indeed_jobs[job.id]
        assert {e.findtext("title") for e in elements} == {meta.title}
        assert {e.findtext("url") for e in elements} == {url}
        assert [e.findtext("city") for e in elements] == (cities or [""] * len(elements))
        assert all(
            dt.datetime.strptime(e.findtext("date") or "", "%a, %d %b %Y %H:%M:%S %z").date()
            == meta.date_posted
            for e in elements
        )

        assert url in sitemap

    assert set(listed) == open_ids
    assert set(indeed_jobs) == open_ids


def test_no_other_posting_appears_anywhere(built: tuple[Path, Catalog]) -> None:
    out, catalog = built
    others = [job for job in catalog.jobs.values() if not catalog.is_open(job)]
    assert others
    feeds = [out / "jobs.json", out / "sitemap.xml", out / "feeds" / "indeed.xml"]
    feeds += sorted((out / "feeds").rglob("*.atom"))
    texts = {path.name: path.read_text("utf-8") for path in feeds}
    for job in others:
        for name, text in texts.items():
            assert catalog.job_path(job) not in text, (job.id, catalog.state(job).value, name)
        assert _posting(out, catalog.job_path(job)) is None, job.id
        if catalog.state(job).value == "draft":
            assert not (out / catalog.job_path(job).strip("/")).exists()
