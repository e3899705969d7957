"""`invoke diff BASE HEAD`: pages, feeds and JSON-LD fields a change adds, changes, removes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from careers.sitediff import compare, markdown
from conftest import ROOT, build_site
from pages_helpers import write_job

EXAMPLE = "backend-engineer-graduation-internship"


def test_diff_of_two_publish_builds(content: Path, tmp_path: Path) -> None:
    write_job(content, "closing", title="Closing Engineer")
    assert build_site(content, tmp_path / "base") == 0
    head = tmp_path / "head-content"
    shutil.copytree(content, head)
    example = head / "jobs" / f"{EXAMPLE}.md"
    example.write_text(
        example.read_text("utf-8").replace(
            "valid_through: 2036-12-31", "valid_through: 2037-06-30"
        ),
        "utf-8",
    )
    closing = head / "jobs" / "closing.md"
    closing.write_text(closing.read_text("utf-8").replace("---\nWe", 'status: "closed"\n---\nWe'))
    write_job(head, "new-one", title="New Engineer")
    assert build_site(head, tmp_path / "head") == 0

    diff = compare(tmp_path / "base", tmp_path / "head")
    assert "/jobs/new-one/" in diff.pages.added
    assert f"/jobs/{EXAMPLE}/" in diff.pages.changed
    assert "/jobs/closing/" in diff.pages.changed
    assert "/sitemap.xml" in diff.feeds.changed
    assert "/feeds/indeed.xml" in diff.feeds.changed
    assert "/jobs.json" in diff.feeds.changed
    by_path = {job.path: job for job in diff.jobs}
    assert by_path[f"/jobs/{EXAMPLE}/"].fields == [
        "`validThrough`: `2036-12-31T23:59:59+01:00` → `2037-06-30T23:59:59+02:00`"
    ]
    assert by_path["/jobs/closing/"].fields == [
        "JobPosting removed (the job closed, expired or became a draft)"
    ]
    assert by_path["/jobs/new-one/"].fields == ["JobPosting added (the job is now open)"]

    text = markdown(diff)
    assert text.startswith("## Changes to the published site\n")
    assert "| added | `/jobs/new-one/` |" in text
    assert f"**`/jobs/{EXAMPLE}/`** Backend Engineer - Graduation Internship (Python)" in text

    out = tmp_path / "comment.md"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "invoke",
            "--search-root",
            str(ROOT),
            "diff",
            "--base",
            str(tmp_path / "base"),
            "--head",
            str(tmp_path / "head"),
            "--output",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_text("utf-8") == text == done.stdout


def test_identical_builds(content: Path, tmp_path: Path) -> None:
    assert build_site(content, tmp_path / "a") == 0
    assert build_site(content, tmp_path / "b") == 0
    assert markdown(compare(tmp_path / "a", tmp_path / "b")).endswith(
        "No page, feed or asset changes.\n"
    )
