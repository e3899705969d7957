"""`invoke expiring --days 14`: open postings that close soon, soonest first."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from careers.build import settings_for
from careers.expiring import expiring, report
from conftest import ROOT
from pages_helpers import write_job

TODAY = "2027-01-15"


def make(content: Path) -> None:
    write_job(content, "soon", title="Soon Engineer", valid_through="2027-01-20")
    write_job(content, "today", title="Today Engineer", valid_through="2027-01-15")
    write_job(content, "edge", title="Edge Engineer", valid_through="2027-01-29")
    write_job(content, "later", title="Later Engineer", valid_through="2027-01-30")
    write_job(content, "gone", title="Gone Engineer", valid_through="2027-01-14")
    write_job(
        content, "closed", title="Closed Engineer", valid_through="2027-01-16", status="closed"
    )
    write_job(content, "draft", title="Draft Engineer", valid_through="2027-01-16", status="draft")


def test_lists_open_postings_closing_within_days(content: Path) -> None:
    make(content)
    settings = settings_for(ROOT / "pelicanconf.py", content=content, today=TODAY)
    items = expiring(content, settings, 14)
    assert [(i.id, i.days_left) for i in items] == [("today", 0), ("soon", 5), ("edge", 14)]
    text = report(items, 14)
    assert text.splitlines()[1] == (
        "content/jobs/soon.md:7: valid_through: Soon Engineer closes after 2027-01-20 (in 5 days)"
    )
    assert text.splitlines()[-1] == "3 posting(s) close in the next 14 days."


def test_invoke_task(content: Path) -> None:
    make(content)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "invoke",
            "--search-root",
            str(ROOT),
            "expiring",
            "--days",
            "3",
            "--today",
            TODAY,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    # the real content/: the example posting stays open for years
    assert done.stdout.strip() == "No open posting closes in the next 3 days."
