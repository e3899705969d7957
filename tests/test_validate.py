"""Every HR mistake gets `path:line: field: message`, a non-zero exit, and no output."""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from careers.build import settings_for, validate, validation_settings
from careers.loader import check_content
from conftest import ROOT, build_site

sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import generate

GOOD = """\
---
title: Data Engineer
contract: permanent
tribes: [platform]
locations: [paris]
date_posted: 2026-11-01
valid_through: 2027-03-01
salary:
  min: 45000
  max: 60000
  currency: EUR
  per: year
faq: [graduation-internships]
---
We build the data platform.
"""


def write(content: Path, text: str | bytes, name: str = "data-engineer") -> Path:
    path = content / "jobs" / f"{name}.md"
    if isinstance(text, str):
        path.write_text(text, "utf-8")
    else:
        path.write_bytes(text)
    return path


def replace(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new)


def run_validate(content: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = validate(settings_for(ROOT / "pelicanconf.py", content=content))
    captured = capsys.readouterr()
    return status, captured.out + captured.err


BAD = {
    "yaml syntax": (replace("tribes: [platform]", "tribes: [platform"), 4, "(yaml)", "YAML syntax"),
    "tab indentation": (
        replace("  currency: EUR", "\tcurrency: EUR"),
        11,
        "(yaml)",
        "replace the tab with spaces",
    ),
    "missing key": (replace("contract: permanent\n", ""), 2, "contract", "required"),
    "unknown key": (
        replace("locations: [paris]", "locatons: [paris]"),
        5,
        "locatons",
        "did you mean `locations`?",
    ),
    "wrong value": (
        replace("contract: permanent", "contract: full time"),
        3,
        "contract",
        "use one of: permanent, fixed-term, internship, apprenticeship, freelance",
    ),
    "impossible date": (
        replace("date_posted: 2026-11-01", "date_posted: 2026-02-30"),
        6,
        "date_posted",
        "not a real calendar date",
    ),
    "malformed date": (
        replace("date_posted: 2026-11-01", "date_posted: 1/11/2026"),
        6,
        "date_posted",
        "YYYY-MM-DD",
    ),
    "valid_through before date_posted": (
        replace("valid_through: 2027-03-01", "valid_through: 2026-10-01"),
        7,
        "valid_through",
        "before date_posted",
    ),
    "unknown tribe": (
        replace("tribes: [platform]", "tribes: [platfrom]"),
        4,
        "tribes",
        "unknown tribe `platfrom`; known tribes are: bucks, merchant-care",
    ),
    "unknown location": (
        replace("locations: [paris]", "locations: [lyon]"),
        5,
        "locations",
        "unknown location `lyon`",
    ),
    "unknown FAQ": (
        replace("faq: [graduation-internships]", "faq: [faqs]"),
        13,
        "faq",
        "unknown FAQ `faqs`",
    ),
    "salary min above max": (
        replace("max: 60000", "max: 40000"),
        10,
        "salary.max",
        "below min",
    ),
    "unknown currency": (
        replace("currency: EUR", "currency: EURO"),
        11,
        "salary.currency",
        "ISO 4217",
    ),
    "salary not a number": (
        replace("min: 45000", "min: 45k"),
        9,
        "salary.min",
        "not a number",
    ),
    "unknown country": (
        replace("locations: [paris]", "remote: remote\nremote_countries: [FR, XX]"),
        6,
        "remote_countries[1]",
        "ISO 3166-1 alpha-2",
    ),
    "remote without countries": (
        replace("locations: [paris]", "remote: remote"),
        2,
        "remote_countries",
        "remote_countries: [FR, DE]",
    ),
    "no location": (replace("locations: [paris]\n", ""), 2, "locations", "add at least one"),
    "empty body": (GOOD.replace("We build the data platform.\n", "\n  \n"), 15, "(body)", "empty"),
    "title too short": (replace("title: Data Engineer", "title: Dev"), 2, "title", "at least 5"),
    "yaml alias": (
        replace("locations: [paris]", "locations: &here [paris]\nskills: *here"),
        6,
        "(yaml)",
        "aliases",
    ),
    "duplicate key": (
        replace("contract: permanent", "contract: permanent\ncontract: internship"),
        4,
        "contract",
        "given twice",
    ),
    "no front matter": ("We build the data platform.\n", 1, "(front matter)", "start with a line"),
    "unclosed front matter": (GOOD.replace("---\nWe", "We"), 1, "(front matter)", "never closed"),
    "unsafe link": (
        GOOD.replace("platform.", "[platform](javascript:alert(1))."),
        15,
        "(body)",
        "links must start with",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_is_reported_and_nothing_is_built(
    case: str, content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, line, field, fragment = BAD[case]
    write(content, text)
    expected = f"content/jobs/data-engineer.md:{line}: {field}: "

    status, report = run_validate(content, capsys)
    assert status == 1
    mine = [row for row in report.splitlines() if row.startswith(expected)]
    assert mine, f"no line starting {expected!r} in:\n{report}"
    assert any(fragment in row for row in mine), report
    assert "Traceback" not in report

    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("the live site")
    assert build_site(content, output) == 1
    assert [p.name for p in output.iterdir()] == ["index.html"]
    assert (output / "index.html").read_text() == "the live site"
    assert expected in capsys.readouterr().err


def test_not_utf8(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(content, GOOD.replace("We build", "Caf\u00e9: we build").encode("latin-1"))
    status, report = run_validate(content, capsys)
    assert status == 1
    assert "content/jobs/data-engineer.md:15: (file): the file is not UTF-8" in report


def test_every_problem_is_listed_at_once(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(content, replace("contract: permanent", "contract: nope"), "one")
    write(content, replace("currency: EUR", "currency: ZZZ"), "two")
    (content / "tribes" / "broken.md").write_text("---\nname: X\n---\n", "utf-8")
    status, report = run_validate(content, capsys)
    assert status == 1
    assert "content/jobs/one.md:3: contract:" in report
    assert "content/jobs/two.md:11: salary.currency:" in report
    assert "content/tribes/broken.md:2: name: too short" in report
    assert "content/tribes/broken.md:2: summary: this field is required" in report
    assert "content/tribes/broken.md:4: (body):" in report
    assert re.search(r"^5 error\(s\)", report, re.MULTILINE)


def test_unknown_nested_key_suggests_its_siblings(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(content, replace("per: year", "per: year\n  maxx: 3"))
    _, report = run_validate(content, capsys)
    assert "content/jobs/data-engineer.md:13: salary.maxx: unknown field `maxx`; " in report
    assert "did you mean `max`?" in report


@pytest.mark.parametrize(
    ("title", "fragment"),
    [
        ("Data Engineer 50k€", "salary"),
        ("Data Engineer in Paris", "place (`Paris`)"),
        ("Data Engineer REF-2041", "code"),
        ("Data Engineer!", "`!`"),
        ("DATA ENGINEER", "all capitals"),
        ("Back Market Data Engineer", "names the company"),
    ],
)
def test_title_warnings_do_not_fail(
    title: str, fragment: str, content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(content, replace("title: Data Engineer", f"title: {title}"))
    status, report = run_validate(content, capsys)
    assert status == 0
    warning = "content/jobs/data-engineer.md:2: title: warning: "
    assert any(row.startswith(warning) and fragment in row for row in report.splitlines()), report


def test_clean_title_has_no_warning(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(content, GOOD)
    status, report = run_validate(content, capsys)
    assert status == 0
    assert report.strip() == "0 error(s), 0 warning(s)"
    assert report.strip().endswith("0 error(s), 0 warning(s)")


def test_bom_crlf_and_no_implicit_types(content: Path) -> None:
    text = replace("faq: [graduation-internships]", "skills: [NO, yes, 1.0]")
    write(content, ("\ufeff" + text).replace("\n", "\r\n").encode("utf-8"))
    result = check_content(
        content, {"CAREERS_APPLY_EMAIL": "jobs@example.com", "CAREERS_LANGUAGES": ["en", "fr"]}
    )
    assert result.errors == []
    assert result.catalog is not None
    job = result.catalog.jobs["data-engineer"]
    assert job.meta.skills == ["NO", "yes", "1.0"]
    assert job.meta.title == "Data Engineer"
    assert "<p>We build the data platform.</p>" in job.html
    assert result.catalog.locations["barcelona"].postal_code == "08002"


def test_apply_address_required_without_site_default(content: Path) -> None:
    write(content, GOOD)
    result = check_content(content, {"CAREERS_APPLY_EMAIL": None, "CAREERS_APPLY_URL": None})
    rows = [str(p) for p in result.errors]
    assert any(
        r.startswith("content/jobs/data-engineer.md:2: apply_email: say where candidates apply")
        for r in rows
    ), rows


def test_raw_html_in_body_is_text_not_markup(content: Path) -> None:
    write(content, GOOD.replace("We build", "<script>alert(1)</script> We build"))
    result = check_content(
        content, {"CAREERS_APPLY_EMAIL": "jobs@example.com", "CAREERS_LANGUAGES": ["en", "fr"]}
    )
    assert result.catalog is not None
    html = result.catalog.jobs["data-engineer"].html
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_bad_file_name(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(content, GOOD, name="Data Engineer")
    status, report = run_validate(content, capsys)
    assert status == 1
    assert "content/jobs/Data Engineer.md:1: (file name): " in report


def test_example_content_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    status, report = run_validate(ROOT / "content", capsys)
    assert status == 0, report
    assert report.strip() == "0 error(s), 0 warning(s)"


# Edits that each break a generated posting in a different way (YAML, fields, references,
# body, compliance warnings, translations), for trees with hundreds of problems.
MISTAKES: list[Callable[[str], str]] = [
    lambda t: t.replace("contract: ", "contract: full time ", 1),
    lambda t: "\n".join(line for line in t.split("\n") if not line.startswith("tribes:")),
    lambda t: t.replace("\ntribes:", "\nlocatons: [paris]\ntribes:", 1),
    lambda t: t.replace("date_posted: 2026-", "date_posted: 2026-02-30\nx_posted: 2026-", 1),
    lambda t: t.replace("currency: EUR", "currency: EURO", 1),
    lambda t: t.replace("  min: ", "  min: 4k", 1),
    lambda t: t.replace("\ntitle:", "\ntitle: Twice\ntitle:", 1),
    lambda t: t.replace("  currency:", "\tcurrency:", 1),
    lambda t: t.replace("tribes: [", "tribes: [[", 1),
    lambda t: t.replace("\nlocations: [", "\nlocations: &here [", 1).replace(
        "\nskills: [", "\nskills: *here\nfoo: [", 1
    ),
    lambda t: t.split("\n---\n")[0] + "\n---\n   \n",
    lambda t: t + "\n[click](javascript:alert(1))\n",
    lambda t: t.replace("\ntitle: ", "\ntitle: SENIOR 50k\u20ac Paris REF-2041 Back Market! ", 1),
    lambda t: "---\n" + t[4:].replace("\n---\n", "\n", 1),
    lambda t: t.replace("tribes: [", "tribes: [nosuch, ", 1),
    lambda t: t.replace("\ntribes:", "\nremote: remote\ntribes:", 1),
    lambda t: t.replace("valid_through: 2027-", "valid_through: 2020-", 1),
    lambda t: t.replace("\ntribes:", "\nremote_countries: [FR, XX, de]\ntribes:", 1),
    lambda t: t.replace("  max: ", "  max: 1", 1).replace("  min: ", "  min: 9999999", 1),
    lambda t: t.replace("\ntribes:", "\nlang: xx\ntribes:", 1),
    lambda t: t.replace("\ntribes:", "\nlang: fr\ntranslation_key: job-0001\ntribes:", 1),
    lambda t: t.replace("\ntribes:", "\ntranslation_key: nope-nope\ntribes:", 1),
    lambda t: t.replace(
        "\ntribes:", "\nprocess:\n  - name: X\n    duration: ''\n  - nme: Y\ntribes:"
    ),
    lambda t: t.replace("\ntribes:", "\napply_url: ftp://x\napply_email: not-an-email\ntribes:"),
    lambda t: t.replace("\ntribes:", "\nhours: half\nstatus: maybe\ntribes:", 1),
    lambda t: t.replace("\ntribes:", "\n? [a, b]\n: c\ntribes:", 1),
    lambda t: t.replace("\ntribes:", "\n<<: {a: b}\ntribes:", 1),
    lambda t: t.replace("\ntribes:", "\nfaq: [Bad_Id, nosuch]\ntribes:", 1),
    lambda t: t.replace("\ntribes:", "\nlang: de\ntribes:", 1).replace(
        "locations: [", "locations: [berlin, ", 1
    ),
    lambda t: t.replace("\ntribes:", "\nlocations: {a: 1}\ntribes:", 1),
    lambda t: "key: value\n" + t,
]


def messy_tree(root: Path, n: int, seed: int) -> Path:
    """`n` generated postings, most with one to three mistakes, and broken other files."""
    generate(root, n, seed=seed, today=dt.date(2027, 1, 15))
    rng = random.Random(seed)
    jobs = sorted((root / "jobs").glob("*.md"))
    for path in jobs:
        text = path.read_text("utf-8")
        for mistake in rng.sample(MISTAKES, rng.choice([0, 1, 1, 2, 3])):
            text = mistake(text)
        path.write_text(text, "utf-8")
    jobs[1].write_bytes(jobs[1].read_text("utf-8").encode("latin-1", "replace") + b"caf\xe9")
    (root / "jobs" / "Bad Name.md").write_text(jobs[0].read_text("utf-8"), "utf-8")
    (root / "jobs" / "notes.txt").write_text("hello", "utf-8")
    (root / "jobs" / "folder.md").mkdir()
    (root / "tribes" / "extra.md").write_text(
        "---\nname: X\nsummary: short\nfoo: 1\n---\nBody [x](data:x)\n", "utf-8"
    )
    (root / "faq" / "broken.md").write_text("---\ntitle: T\n---\nintro\n## \n\n## Q?\n", "utf-8")
    (root / "pages" / "jobs.md").write_text("---\ntitle: Jobs\n---\nx\n", "utf-8")
    locations = (root / "locations.yml").read_text("utf-8")
    (root / "locations.yml").write_text(
        locations + "Bad_Key:\n  city: X\nnowhere:\n  city: ''\n  country: ZZ\n", "utf-8"
    )
    return root


@pytest.mark.parametrize("name", ["pelicanconf.py", "publishconf.py"])
def test_validation_settings_are_pelicans(name: str, content: Path) -> None:
    """`invoke validate` reads settings without Pelican: every value must be Pelican's."""
    extra = {"CAREERS_LANGUAGES": ["en"], "CACHE_PATH": "elsewhere"}
    full = settings_for(ROOT / name, content=content, today="2027-01-15", drafts=True, extra=extra)
    light = validation_settings(
        ROOT / name, content=content, today="2027-01-15", drafts=True, extra=extra
    )
    assert light == {key: full[key] for key in light}
    assert light["PATH"] == str(content.resolve())
    assert light["THEME"] == str(ROOT / "theme")
    assert light["CACHE_PATH"] == str(ROOT / "elsewhere")
    assert light["CAREERS_TODAY"] == "2027-01-15"


def test_validation_settings_need_a_content_folder(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="a path containing the content"):
        validation_settings(ROOT / "pelicanconf.py", content=tmp_path / "missing")


def test_same_report_from_either_settings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = messy_tree(tmp_path / "content", 120, seed=7)
    light_status = validate(validation_settings(ROOT / "pelicanconf.py", content=content))
    light = capsys.readouterr()
    full_status = validate(settings_for(ROOT / "pelicanconf.py", content=content))
    full = capsys.readouterr()
    assert (light_status, light.out, light.err) == (full_status, full.out, full.err)
    assert light_status == 1 and len(light.err.splitlines()) > 150


def test_validate_does_not_import_pelican() -> None:
    """Pelican's package (Jinja2, docutils, rich...) costs more than validating 1,000 files."""
    code = (
        "import sys; sys.path.insert(0, 'plugins'); from pathlib import Path; "
        "from careers.build import validate, validation_settings; "
        "status = validate(validation_settings(Path('pelicanconf.py'))); "
        "heavy = {'pelican', 'jinja2', 'markdown', 'bs4', 'babel', 'docutils'}; "
        "print(status, sorted(m for m in sys.modules if m.split('.')[0] in heavy))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines()[-1] == "0 []", done.stdout + done.stderr


@pytest.mark.parametrize(("setting", "scanned"), [(None, False), ("", True)])
def test_pydantic_skips_looking_for_plugins_unless_asked(
    setting: str | None, scanned: bool
) -> None:
    """careers.models turns off Pydantic's plugin lookup (the entry points of every
    installed distribution, read when the first model is built); an empty
    PYDANTIC_DISABLE_PLUGINS turns it back on."""
    code = (
        "import sys; sys.path.insert(0, 'plugins'); import careers.models; "
        "from pydantic.plugin import _loader; print(_loader._plugins is not None)"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    if setting is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = setting
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == [str(scanned)], done.stdout + done.stderr


def test_iso_codes_are_pycountrys() -> None:
    """careers.iso reads pycountry's files itself: every answer must be pycountry's."""
    import itertools
    import string

    import pycountry
    from careers import iso

    letters = string.ascii_uppercase
    for pair in map("".join, itertools.product(letters, repeat=2)):
        for code in (pair, pair.lower()):
            mine, theirs = iso.country(code), pycountry.countries.get(alpha_2=code)
            assert (mine is None) == (theirs is None), code
            if mine is not None and theirs is not None:
                assert mine["name"] == theirs.name
                assert mine.get("common_name") == getattr(theirs, "common_name", None)
    currencies = {c.alpha_3 for c in pycountry.currencies} | {"EURO", "ZZZ", "eur", ""}
    for code in currencies:
        assert (iso.currency(code) is None) == (pycountry.currencies.get(alpha_3=code) is None)
    languages = [getattr(lang, "alpha_2", "zz") for lang in pycountry.languages]
    languages += [lang.alpha_3 for lang in pycountry.languages] + ["", "xx", "FR", "Fra", "q"]
    assert len(languages) > 8000
    for code in languages:
        field = "alpha_2" if len(code) == 2 else "alpha_3"
        theirs = pycountry.languages.get(**{field: code})
        assert (iso.language(code) is None) == (theirs is None), code


def test_title_names_the_first_place_in_order() -> None:
    from careers.titles import title_warnings

    places = {"Paris", "Berlin", "France", ""}
    assert title_warnings("Engineer Paris or Berlin", places, None) == [
        "the title names a place (`Berlin`); locations belong in `locations:`"
    ]
    assert title_warnings("Parisian Engineer", places, None) == []
    assert title_warnings("Engineer, france", frozenset(places), "Acme") == [
        "the title names a place (`France`); locations belong in `locations:`"
    ]
