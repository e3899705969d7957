"""/feeds/indeed.xml: every open posting, one <job> per place, nothing closed, same bytes."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from careers.indeed import JOB_FIELDS, cdata, jobtype
from careers.models import Contract, Hours
from pages_helpers import write_job

SALARY = {"min": 45000, "max": 60000, "currency": "EUR", "per": "year"}


def jobs(out: Path) -> list[dict[str, str]]:
    root = ET.fromstring((out / "feeds" / "indeed.xml").read_bytes())
    assert root.tag == "source"
    return [{child.tag: child.text or "" for child in job} for job in root.findall("job")]


@pytest.fixture
def feed_site(content: Path, site: Callable[..., Path]) -> Path:
    write_job(
        content,
        "data-engineer",
        title="Data Engineer ]]> & <b>",
        salary=SALARY,
        locations=["paris", "berlin"],
        apply_email="data@example.com",
        date_posted="2026-12-01",
    )
    write_job(
        content,
        "remote-sre",
        title="Site Reliability Engineer",
        remote="remote",
        locations=[],
        remote_countries=["FR", "ES"],
        contract="freelance",
    )
    write_job(content, "closed-one", title="Closed Engineer", status="closed")
    write_job(content, "draft-one", title="Draft Engineer", status="draft")
    write_job(content, "expired-one", title="Expired Engineer", valid_through="2026-12-31")
    return site()


def test_every_open_posting_and_nothing_else(feed_site: Path) -> None:
    found = jobs(feed_site)
    ids = {job["requisitionid"] for job in found}
    assert ids == {
        "backend-engineer-graduation-internship",
        "stage-ingenieur-backend",  # its French version: each language is a posting
        "data-engineer",
        "remote-sre",
    }
    for job in found:
        assert list(job)[: len(JOB_FIELDS)] == list(JOB_FIELDS)


def test_fields_of_a_posting(feed_site: Path) -> None:
    data = [job for job in jobs(feed_site) if job["requisitionid"] == "data-engineer"]
    assert [job["referencenumber"] for job in data] == ["data-engineer", "data-engineer--berlin"]
    paris, berlin = data
    assert paris["title"] == "Data Engineer ]]> & <b>"
    assert paris["url"] == "https://careers.example.com/jobs/data-engineer/"
    assert paris["date"] == "Tue, 01 Dec 2026 00:00:00 +0100"
    assert paris["company"] == "Back Market"
    assert (paris["city"], paris["state"], paris["country"], paris["postalcode"]) == (
        "Paris",
        "Île-de-France",
        "FR",
        "75001",
    )
    assert (berlin["city"], berlin["country"], berlin["postalcode"]) == ("Berlin", "DE", "10178")
    assert paris["email"] == "data@example.com"
    assert paris["salary"] == "45,000 - 60,000 EUR per year"
    assert paris["jobtype"] == "fulltime"
    assert paris["description"].startswith("<p>We build things.</p>")


def test_remote_posting_one_job_per_country(feed_site: Path) -> None:
    data = [job for job in jobs(feed_site) if job["requisitionid"] == "remote-sre"]
    assert [(j["referencenumber"], j["country"]) for j in data] == [
        ("remote-sre", "FR"),
        ("remote-sre--es", "ES"),
    ]
    assert data[0]["remotetype"] == "Fully remote"
    assert data[0]["jobtype"] == "contract"
    assert data[0]["email"] == "careers@example.com"  # the site's default


def test_same_bytes_every_build(content: Path, tmp_path: Path) -> None:
    from conftest import build_site

    write_job(content, "data-engineer", title="Data Engineer", salary=SALARY)
    assert build_site(content, tmp_path / "a") == 0
    assert build_site(content, tmp_path / "b") == 0
    first = (tmp_path / "a" / "feeds" / "indeed.xml").read_bytes()
    assert first == (tmp_path / "b" / "feeds" / "indeed.xml").read_bytes()


def test_cdata_never_closes_early() -> None:
    text = cdata("a ]]> b")
    assert ET.fromstring(f"<x>{text}</x>").text == "a ]]> b"


@pytest.mark.parametrize(
    ("contract", "hours", "expected"),
    [
        (Contract.PERMANENT, Hours.FULL_TIME, "fulltime"),
        (Contract.PERMANENT, Hours.PART_TIME, "parttime"),
        (Contract.FIXED_TERM, Hours.FULL_TIME, "temporary"),
        (Contract.INTERNSHIP, Hours.FULL_TIME, "internship"),
        (Contract.APPRENTICESHIP, Hours.PART_TIME, "parttime"),
        (Contract.FREELANCE, Hours.FULL_TIME, "contract"),
    ],
)
def test_jobtype(contract: Contract, hours: Hours, expected: str) -> None:
    assert jobtype(contract, hours) == expected
