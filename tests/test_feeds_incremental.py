"""The shortcuts of the feeds' writing (one pass per tribe, items made when written, the
absolute URL of a root path) give the bytes of the plain way."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from careers import output
from careers.catalog import Catalog
from careers.feeds import atom_feed, jobs_json, write_feeds
from careers.jsonld import absolute_url, job_posting, site_url
from conftest import SETTINGS
from test_feeds import full_catalog, make_job, pages, tribe


def _tribe_feed(catalog: Catalog, tribe_id: str, name: str) -> bytes:
    """A tribe's Atom feed as write_feeds made it before: a scan of every job per tribe."""
    postings = [(job, job_posting(job, catalog, SETTINGS)) for job in catalog.open_jobs()]
    return atom_feed(
        title=f"{SETTINGS['SITENAME']}: {name}",
        page_path=f"/tribes/{tribe_id}/",
        feed_path=f"/feeds/tribes/{tribe_id}.atom",
        jobs=[(job, posting) for job, posting in postings if tribe_id in job.meta.tribes],
        updated=catalog.last_change(
            job for job in catalog.jobs.values() if tribe_id in job.meta.tribes
        ),
        catalog=catalog,
        settings=SETTINGS,
    )


@pytest.mark.parametrize("remember", [False, True])
def test_tribe_feeds_and_jobs_json_equal_their_plain_form(tmp_path: Path, remember: bool) -> None:
    """A job naming a tribe twice is listed once; a tribe no open job names gets an empty
    feed; jobs.json, made item by item as written, is json.dumps of the whole document."""
    catalog = full_catalog()
    catalog.jobs["twice"] = make_job("twice", tribes=["platform", "platform"])
    catalog.tribes["lonely"] = tribe("lonely", "Lonely")
    out = tmp_path / "out"
    output.start(out)
    settings = {**SETTINGS, output.REMEMBER_SETTING: remember}
    for _ in range(2):  # the second time from the layouts remembered (copies, skips)
        write_feeds(catalog, settings, str(out), pages(catalog))
        for tribe_id, entry in catalog.tribes.items():
            feed = out / "feeds" / "tribes" / f"{tribe_id}.atom"
            assert feed.read_bytes() == _tribe_feed(catalog, tribe_id, entry.meta.name)
        postings = [(job, job_posting(job, catalog, SETTINGS)) for job in catalog.open_jobs()]
        assert (out / "jobs.json").read_bytes() == jobs_json(SETTINGS, postings)
    assert b"<entry>" not in (out / "feeds" / "tribes" / "lonely.atom").read_bytes()


@pytest.mark.parametrize(
    "path",
    ["/", "/jobs/x/", "//cdn.example.com/logo.png", "jobs/x/", "https://a.example/b",
     " https://a.example/b", "mailto:hr@example.com", "theme/images/logo.png", "", "C:/x"],
)  # fmt: skip
def test_absolute_url_of_a_root_path_needs_no_parsing(path: str) -> None:
    expected = path if urlsplit(path).scheme else site_url(SETTINGS) + "/" + path.lstrip("/")
    assert absolute_url(path, SETTINGS) == expected
