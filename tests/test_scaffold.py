"""`invoke new`: asks for what the flags don't give; the posting passes validation as written."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from careers.build import settings_for, validate
from careers.loader import check_content
from conftest import ROOT


def new(content: Path, *flags: str, answers: str = "") -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "invoke", "--search-root", str(ROOT), "new"]
    return subprocess.run(
        [*command, "--content", str(content), *flags],
        input=answers,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def check(content: Path, capsys: pytest.CaptureFixture[str]) -> str:
    status = validate(settings_for(ROOT / "pelicanconf.py", content=content))
    captured = capsys.readouterr()
    assert status == 0, captured.out + captured.err
    return captured.out


def test_asks_and_writes_a_valid_posting(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = "Data Engineer: Streaming\nplatfrom\nplatform\nparis, berlin\n\n"
    done = new(content, answers=answers)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "unknown: platfrom; choose from bucks, merchant-care" in done.stdout
    path = content / "jobs" / "data-engineer-streaming.md"
    text = path.read_text("utf-8")
    assert f"date_posted: {dt.date.today().isoformat()}" in text
    check(content, capsys)
    settings = settings_for(ROOT / "pelicanconf.py", content=content)
    job = check_content(content, settings, render=False).catalog
    assert job is not None
    meta = job.jobs["data-engineer-streaming"].meta
    assert meta.title == "Data Engineer: Streaming"
    assert meta.tribes == ["platform"]
    assert meta.locations == ["paris", "berlin"]
    assert meta.contract.value == "permanent"


def test_flags_only_asks_nothing(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    done = new(
        content,
        "--title",
        "Data Engineer",
        "--tribe",
        "bucks",
        "--location",
        "barcelona",
        "--contract",
        "internship",
    )
    assert done.returncode == 0, done.stderr
    assert "Created" in done.stdout and "?" not in done.stdout
    check(content, capsys)


def test_no_answer_is_an_error_not_a_traceback(content: Path) -> None:
    done = new(content, "--title", "Data Engineer")
    assert done.returncode == 1
    assert "no answer for: Tribe" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (content / "jobs" / "data-engineer.md").exists()


def test_refuses_to_overwrite(content: Path) -> None:
    flags = ("--title", "Data Engineer", "--tribe", "bucks", "--location", "paris")
    assert new(content, *flags, "--contract", "permanent").returncode == 0
    again = new(content, *flags, "--contract", "permanent")
    assert again.returncode == 1
    assert "already exists" in again.stderr
