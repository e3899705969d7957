"""Per-country checks on postings, configured by `CAREERS_COMPLIANCE` in pelicanconf.py.

Three rules, each with a level: "warning" (printed, the build goes on), "error" (the
build stops, like any content error) or "off":

- `pay_transparency`: the EU pay-transparency directive (2023/970, art. 5) asks employers
  to give the pay, or its range, to applicants before the interview; a public posting is
  the simplest place. A posting for an office in (or open to remote applicants from) one
  of the listed countries needs `salary:`. Which contracts the rule covers is
  configurable (the directive covers workers; whether trainees are depends on national
  law, so internships are left out by default).
- `inclusive_title`: countries where a job title is expected to say it is open to every
  gender, e.g. `(m/w/d)` in Germany (AGG): the title must contain one of the listed
  forms when the posting is written in one of the listed languages.
- `google_title`: Google's title rules (`titles.py`): no salary, place, code, company
  name, `!` or capitals-only.

This is a reminder list for HR, not legal advice: the settings say which rules apply.
Messages use the same `path:line: field: message` format as validation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from . import iso
from .frontmatter import Document
from .models import Contract, Location, Posting, Status
from .problems import Problem, Severity
from .titles import title_warnings

LEVELS = {"warning": Severity.WARNING, "error": Severity.ERROR}

# Used when a rule (or the whole setting) is missing; pelicanconf.py documents the same.
EU = [
    "AT",
    "BE",
    "BG",
    "CY",
    "CZ",
    "DE",
    "DK",
    "EE",
    "ES",
    "FI",
    "FR",
    "GR",
    "HR",
    "HU",
    "IE",
    "IT",
    "LT",
    "LU",
    "LV",
    "MT",
    "NL",
    "PL",
    "PT",
    "RO",
    "SE",
    "SI",
    "SK",
]
DEFAULTS: dict[str, dict[str, Any]] = {
    "pay_transparency": {
        "level": "warning",
        "countries": EU,
        "contracts": ["permanent", "fixed-term", "apprenticeship"],
    },
    "inclusive_title": {
        "level": "warning",
        "countries": {
            "DE": {"forms": ["(m/w/d)", "(w/m/d)", "(m/f/d)", "(f/m/d)", "(all genders)"]},
            "AT": {"forms": ["(m/w/d)", "(w/m/d)", "(m/w/x)", "(all genders)"]},
        },
        "languages": ["de"],
    },
    "google_title": {"level": "warning"},
}


def rule(settings: Mapping[str, Any], name: str) -> dict[str, Any]:
    """The rule's settings: CAREERS_COMPLIANCE's entry over the default."""
    configured = (settings.get("CAREERS_COMPLIANCE") or {}).get(name) or {}
    return {**DEFAULTS[name], **configured}


def severity(config: Mapping[str, Any]) -> Severity | None:
    """None when the rule is off."""
    level = str(config.get("level", "warning")).lower()
    return LEVELS.get(level)


def posting_countries(posting: Posting, locations: Mapping[str, Location]) -> list[str]:
    """Countries of the posting's offices and of its remote applicants, sorted."""
    found = {locations[i].country for i in posting.locations if i in locations}
    found.update(posting.remote_countries)
    return sorted(found)


def _country_name(code: str) -> str:
    country = iso.country(code)
    return str(country.get("common_name") or country["name"]) if country else code


def _forms(entry: Any) -> list[str]:
    if isinstance(entry, Mapping):
        return [str(f) for f in entry.get("forms", [])]
    return [str(f) for f in entry or []]


@dataclass(frozen=True)
class Rules:
    """The three rules as one site's settings configure them, read once per check (not
    once per posting: merging and normalising them cost as much as the checks)."""

    google: Severity | None
    pay: Severity | None
    pay_countries: frozenset[str]
    pay_contracts: frozenset[Contract]
    inclusive: Severity | None
    inclusive_languages: frozenset[str]
    inclusive_forms: Mapping[str, list[str]]  # country -> accepted forms (none: no rule)
    default_lang: str


def rules_for(settings: Mapping[str, Any]) -> Rules:
    pay = rule(settings, "pay_transparency")
    inclusive = rule(settings, "inclusive_title")
    by_country = inclusive.get("countries", {})
    return Rules(
        google=severity(rule(settings, "google_title")),
        pay=severity(pay),
        pay_countries=frozenset(str(c).upper() for c in pay.get("countries", [])),
        pay_contracts=frozenset(
            Contract(c) for c in pay.get("contracts", [c.value for c in Contract])
        ),
        inclusive=severity(inclusive),
        inclusive_languages=frozenset(str(lang).lower() for lang in inclusive.get("languages", [])),
        inclusive_forms={str(country): _forms(by_country[country]) for country in by_country},
        default_lang=str(settings.get("DEFAULT_LANG") or "en"),
    )


def check_posting(
    posting: Posting,
    doc: Document,
    places: Iterable[str],
    company: str | None,
    locations: Mapping[str, Location],
    settings: Mapping[str, Any],
    rules: Rules | None = None,
) -> list[Problem]:
    """Every compliance problem of one valid posting (`rules`: `rules_for(settings)`,
    passed in when many postings are checked)."""
    if rules is None:
        rules = rules_for(settings)
    problems: list[Problem] = []
    path = doc.path
    title_line = doc.line(("title",))
    countries = posting_countries(posting, locations)

    level = rules.google
    if level is not None:
        for message in title_warnings(posting.title, places, company):
            problems.append(Problem(path, title_line, "title", message, level))

    level = rules.pay
    concerned = [c for c in countries if c in rules.pay_countries]
    if (
        level is not None
        and concerned
        and posting.salary is None
        and posting.contract in rules.pay_contracts
        and posting.status is not Status.CLOSED
    ):
        names = ", ".join(concerned)
        problems.append(
            Problem(
                path,
                doc.line(("date_posted",)) if ("date_posted",) in doc.lines else 1,
                "salary",
                f"postings for {names} must show the pay range (EU pay-transparency directive); "
                "add `salary:` with min, max, currency and per",
                level,
            )
        )

    level = rules.inclusive
    languages = rules.inclusive_languages
    lang = (posting.lang or rules.default_lang).split("-")[0].lower()
    if level is not None and (not languages or lang in languages):
        title = posting.title.casefold()
        for country in countries:
            forms = rules.inclusive_forms.get(country, [])
            if forms and not any(form.casefold() in title for form in forms):
                problems.append(
                    Problem(
                        path,
                        title_line,
                        "title",
                        f"postings in {_country_name(country)} say the job is open to every "
                        f"gender: add one of {', '.join(forms)} to the title",
                        level,
                    )
                )
    return problems
