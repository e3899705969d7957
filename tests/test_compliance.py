"""Per-country compliance checks: pay transparency, inclusive titles, Google's title rules."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from careers.build import settings_for, validate
from careers.loader import check_content
from conftest import ROOT
from pages_helpers import write_job


def run(content: Path, capsys: pytest.CaptureFixture[str], **extra: Any) -> tuple[int, str]:
    settings = settings_for(ROOT / "pelicanconf.py", content=content, extra=extra)
    status = validate(settings)
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def compliance(**rules: dict[str, Any]) -> dict[str, Any]:
    settings = settings_for(ROOT / "pelicanconf.py")
    config = copy.deepcopy(settings["CAREERS_COMPLIANCE"])
    for name, values in rules.items():
        config[name] = {**config[name], **values}
    return config


def test_pay_range_missing_in_eu_is_a_warning_by_default(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_job(content, "data-engineer", title="Data Engineer", locations=["paris", "berlin"])
    status, report = run(content, capsys)
    assert status == 0
    assert (
        "content/jobs/data-engineer.md:6: salary: warning: postings for DE, FR must show the "
        "pay range (EU pay-transparency directive)"
    ) in report


def test_pay_range_error_when_configured(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_job(content, "data-engineer", title="Data Engineer", locations=["paris"])
    config = compliance(pay_transparency={"level": "error"})
    status, report = run(content, capsys, CAREERS_COMPLIANCE=config)
    assert status == 1
    assert "content/jobs/data-engineer.md:6: salary: postings for FR must show" in report


def test_pay_range_given_or_not_concerned(content: Path) -> None:
    salary = {"min": 40000, "max": 50000, "currency": "EUR", "per": "year"}
    write_job(content, "with-salary", title="Data Engineer", salary=salary)
    write_job(content, "intern", title="Data Intern", contract="internship")
    write_job(
        content,
        "in-us",
        title="Data Engineer",
        remote="remote",
        locations=[],
        remote_countries=["US"],
    )
    write_job(content, "closed", title="Data Engineer", status="closed")
    result = check_content(content, settings_for(ROOT / "pelicanconf.py", content=content))
    assert [p for p in result.problems if p.field == "salary"] == []


def test_remote_countries_count(content: Path) -> None:
    write_job(
        content,
        "remote",
        title="Data Engineer",
        remote="remote",
        locations=[],
        remote_countries=["US", "ES"],
    )
    result = check_content(content, settings_for(ROOT / "pelicanconf.py", content=content))
    assert [str(p) for p in result.problems if p.field == "salary"] == [
        "content/jobs/remote.md:6: salary: warning: postings for ES must show the pay range "
        "(EU pay-transparency directive); add `salary:` with min, max, currency and per"
    ]


@pytest.mark.parametrize(
    ("title", "lang", "warned"),
    [
        ("Dateningenieur", "de", True),
        ("Dateningenieur (m/w/d)", "de", False),
        ("Dateningenieur (M/W/D)", "de", False),
        ("Data Engineer", "en", False),
    ],
)
def test_inclusive_title_for_germany(content: Path, title: str, lang: str, warned: bool) -> None:
    write_job(
        content,
        "berlin",
        title=title,
        lang=lang,
        locations=["berlin"],
        salary={"min": 1, "max": 2, "currency": "EUR", "per": "year"},
    )
    result = check_content(content, settings_for(ROOT / "pelicanconf.py", content=content))
    rows = [str(p) for p in result.problems if "gender" in p.message]
    expected = (
        "content/jobs/berlin.md:2: title: warning: postings in Germany say the job is open to "
        "every gender: add one of (m/w/d)"
    )
    assert (len(rows) == 1 and rows[0].startswith(expected)) if warned else rows == [], rows


def test_inclusive_title_every_language_when_configured(content: Path) -> None:
    write_job(
        content,
        "berlin",
        title="Data Engineer",
        locations=["berlin"],
        salary={"min": 1, "max": 2, "currency": "EUR", "per": "year"},
    )
    config = compliance(inclusive_title={"languages": [], "level": "error"})
    settings = settings_for(
        ROOT / "pelicanconf.py", content=content, extra={"CAREERS_COMPLIANCE": config}
    )
    result = check_content(content, settings)
    assert result.catalog is None
    assert any("open to every gender" in str(p) for p in result.errors)


@pytest.mark.parametrize(("level", "status"), [("off", 0), ("warning", 0), ("error", 1)])
def test_google_title_rules_level(
    content: Path, capsys: pytest.CaptureFixture[str], level: str, status: int
) -> None:
    write_job(
        content,
        "data-engineer",
        title="DATA ENGINEER!",
        salary={"min": 1, "max": 2, "currency": "EUR", "per": "year"},
    )
    config = compliance(google_title={"level": level})
    got, report = run(content, capsys, CAREERS_COMPLIANCE=config)
    assert got == status
    mentioned = "content/jobs/data-engineer.md:2: title: " in report and "`!`" in report
    assert mentioned is (level != "off"), report
