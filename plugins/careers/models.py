"""The content contract with HR, as Pydantic models.

Front matter is read with PyYAML's BaseLoader, so every scalar arrives here as a
string; these models do the type conversion, and every message they raise is
written for an HR editor (what is allowed, how to fix it).  Cross-references
(tribe, location and FAQ ids, the site's default apply address) are checked
through the validation context, so the error points at the offending list item.
"""

import datetime as dt
import os
import re
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Annotated, Any

# Pydantic looks for plugins when it builds its first model: it reads the entry points of
# every installed distribution, some 6-10 ms of the 0.24 s `invoke validate` takes at
# 1,000 postings, for plugins this project does not use. Set the variable to an empty
# string to have Pydantic load them again.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from . import iso

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EMAIL_PATTERN = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[A-Za-z]{2,}$")
URL_PATTERN = re.compile(r"^https?://[^\s/$.?#][^\s<>\"]*$")


class Contract(StrEnum):
    PERMANENT = "permanent"
    FIXED_TERM = "fixed-term"
    INTERNSHIP = "internship"
    APPRENTICESHIP = "apprenticeship"
    FREELANCE = "freelance"


class Hours(StrEnum):
    FULL_TIME = "full-time"
    PART_TIME = "part-time"


class Remote(StrEnum):
    ON_SITE = "on-site"
    HYBRID = "hybrid"
    REMOTE = "remote"


class Status(StrEnum):
    PUBLISHED = "published"
    DRAFT = "draft"
    CLOSED = "closed"


class Per(StrEnum):
    HOUR = "hour"
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


# --- converters shared by the fields -------------------------------------------------


# Each converter below runs on every field of every posting (Pydantic calls it from Rust). A
# blank string (`key:` with nothing after it reads as "" under BaseLoader) is absent (None)
# for all of them; each tests for a string once and calls no other converter.

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LANG = re.compile(r"([a-zA-Z]{2,3})(?:[-_]([a-zA-Z]{2}))?")


def _strip(value: Any) -> Any:
    """Text without surrounding spaces; blank text is absent."""
    if isinstance(value, str):
        return value.strip() or None
    return value


def _as_list(value: Any) -> Any:
    """HR often writes `tribes: platform`; accept a single value as a one-item list."""
    if isinstance(value, str):
        return [value] if value.strip() else None
    return value


def _to_date(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if _DATE.fullmatch(text) is not None:
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                raise PydanticCustomError(
                    "date_impossible",
                    "`{value}` is not a real calendar date; check the month and the day",
                    {"value": value},
                ) from None
    elif value is None or isinstance(value, dt.date):
        return value
    raise PydanticCustomError(
        "date_format",
        "`{value}` is not a date; write it as YYYY-MM-DD, e.g. 2027-01-31",
        {"value": value},
    )


def _to_number(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        text = text.replace("_", "").replace(" ", "").replace("\u00a0", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise PydanticCustomError(
                "number",
                "`{value}` is not a number; write digits only, e.g. 42000 or 1500.50",
                {"value": value},
            ) from None
        if not number.is_finite():
            raise PydanticCustomError(
                "number", "`{value}` is not a number; write digits only", {"value": value}
            )
        return number
    return value


def _id(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return None
        if ID_PATTERN.fullmatch(value) is None:
            raise PydanticCustomError(
                "id_format",
                "`{value}` is not an id; ids use lowercase letters, digits and hyphens, "
                "e.g. `platform`",
                {"value": value},
            )
    return value


def _country(value: Any) -> Any:
    value = _strip(value)
    if isinstance(value, str):
        code = value.upper()
        if len(code) != 2 or iso.country(code) is None:
            raise PydanticCustomError(
                "country",
                "`{value}` is not an ISO 3166-1 alpha-2 country code; use two letters, "
                "e.g. FR, DE, ES",
                {"value": value},
            )
        return code
    return value


def _currency(value: Any) -> Any:
    value = _strip(value)
    if isinstance(value, str):
        code = value.upper()
        if len(code) != 3 or iso.currency(code) is None:
            raise PydanticCustomError(
                "currency",
                "`{value}` is not an ISO 4217 currency code; use three letters, e.g. EUR, USD, GBP",
                {"value": value},
            )
        return code
    return value


def _lang(value: Any) -> Any:
    value = _strip(value)
    if isinstance(value, str):
        match = _LANG.fullmatch(value)
        base = match.group(1).lower() if match else ""
        found = iso.language(base)
        if match is None or found is None:
            raise PydanticCustomError(
                "lang",
                "`{value}` is not a language code; use e.g. en, fr, de or pt-BR",
                {"value": value},
            )
        region = match.group(2)
        return f"{base}-{region.upper()}" if region else base
    return value


Text = Annotated[str, BeforeValidator(_strip)]
Id = Annotated[str, BeforeValidator(_id)]
Country = Annotated[str, BeforeValidator(_country)]
Date = Annotated[dt.date, BeforeValidator(_to_date)]
Number = Annotated[Decimal, BeforeValidator(_to_number), Field(ge=0)]
Order = Annotated[int, BeforeValidator(_strip)]


def _no_items() -> list[Any]:
    """A new empty list: the default of list fields. (Not `list` itself: Pydantic inspects
    a factory's signature, and reading a builtin's costs a tokenizer regex, 7 ms of
    `invoke validate`'s start-up.)"""
    return []


def _list_of(item: Any, *, min_length: int = 0) -> Any:
    return Annotated[list[item], BeforeValidator(_as_list), Field(min_length=min_length)]


def _known(kind: str, key: str, values: list[str], info: ValidationInfo) -> list[str]:
    """Check ids against what exists in content/, when the caller provides it."""
    known = (info.context or {}).get(key)
    if known is None:
        return values
    for value in values:
        if value not in known:
            choices = ", ".join(sorted(known)) or "(none defined yet)"
            raise PydanticCustomError(
                "unknown_ref",
                "unknown {kind} `{value}`; known {kind}s are: {choices}",
                {"kind": kind, "value": value, "choices": choices},
            )
    return values


class Strict(BaseModel):
    """Unknown keys are errors: a typo must never be silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Salary(Strict):
    min: Number = Field(description="lowest pay, digits only", examples=[50000])
    max: Number = Field(description="highest pay, not below `min`", examples=[65000])
    currency: Annotated[str, BeforeValidator(_currency)] = Field(
        description="ISO 4217 currency code", examples=["EUR"]
    )
    per: Per = Field(description="the period the amounts are paid for", examples=["year"])

    @field_validator("max")
    @classmethod
    def _max_not_below_min(cls, value: Decimal, info: ValidationInfo) -> Decimal:
        low = info.data.get("min")
        if low is not None and value < low:
            raise PydanticCustomError(
                "salary_range",
                "max ({high}) is below min ({low}); swap them or fix one",
                {"high": str(value), "low": str(low)},
            )
        return value


class Step(Strict):
    """One step of a recruitment process."""

    name: Annotated[Text, Field(min_length=2, max_length=120)] = Field(
        description="what happens in this step", examples=["Technical interview"]
    )
    duration: Annotated[Text, Field(min_length=1, max_length=60)] = Field(
        description="how long it takes, as free text", examples=["1 hour"]
    )


class Posting(Strict):
    """Front matter of `content/jobs/<id>.md`.

    Field order matters: validators read the fields declared before them.
    """

    title: Annotated[Text, Field(min_length=5, max_length=100)] = Field(
        description="the job title only: no salary, place, company name, codes, `!` "
        "or capitals-only (Google rejects those)",
        examples=["Backend Engineer"],
    )
    contract: Contract = Field(description="the kind of contract", examples=["permanent"])
    hours: Hours = Field(
        default=Hours.FULL_TIME, description="working time", examples=["full-time"]
    )
    remote: Remote = Field(
        default=Remote.ON_SITE,
        description="where the work happens; `remote` needs `remote_countries`",
        examples=["hybrid"],
    )
    tribes: _list_of(Id, min_length=1) = Field(  # type: ignore[valid-type]
        description="tribe ids: file names in content/tribes/ without `.md`",
        examples=[["platform"]],
    )
    locations: _list_of(Id) = Field(  # type: ignore[valid-type]
        default_factory=_no_items,
        validate_default=True,
        description="location ids (keys of content/locations.yml); required unless "
        "`remote: remote`",
        examples=[["paris", "berlin"]],
    )
    remote_countries: _list_of(Country) = Field(  # type: ignore[valid-type]
        default_factory=_no_items,
        validate_default=True,
        description="two-letter country codes where applicants may live; required when "
        "`remote: remote`",
        examples=[["FR", "DE"]],
    )
    date_posted: Date = Field(
        description="the day the posting is published, YYYY-MM-DD", examples=["2026-11-02"]
    )
    valid_through: Date | None = Field(
        default=None,
        description="the last day the posting is open, YYYY-MM-DD, not before `date_posted`; "
        "the day after, it closes by itself",
        examples=["2027-01-31"],
    )
    status: Status = Field(
        default=Status.PUBLISHED,
        description="`draft` is never on the live site; `closed` keeps the page with a notice",
        examples=["published"],
    )
    start: Text | None = Field(
        default=None, description="when the job starts, as free text", examples=["January 2027"]
    )
    duration: Text | None = Field(
        default=None, description="how long the contract lasts, as free text", examples=["6 months"]
    )
    salary: Salary | None = Field(default=None, description="the pay range")
    apply_url: Text | None = Field(
        default=None,
        description="web address where candidates apply (https://...)",
        examples=["https://jobs.example.com/apply/backend-engineer"],
        json_schema_extra={"format": "uri"},
    )
    apply_email: Text | None = Field(
        default=None,
        validate_default=True,
        description="email address where candidates apply, when there is no `apply_url`",
        examples=["jobs@example.com"],
        json_schema_extra={"format": "email"},
    )
    skills: _list_of(Annotated[Text, Field(min_length=1, max_length=40)]) = Field(  # type: ignore[valid-type]
        default_factory=_no_items,
        description="short skill tags",
        examples=[["Python", "Django"]],
    )
    faq: _list_of(Id) = Field(  # type: ignore[valid-type]
        default_factory=_no_items,
        description="FAQ ids (files in content/faq/) shown on the job page",
        examples=[["graduation-internships"]],
    )
    process: _list_of(Step, min_length=1) | None = Field(  # type: ignore[valid-type]
        default=None,
        description="this job's own recruitment steps, replacing content/process.yml",
    )
    lang: Annotated[str | None, BeforeValidator(_lang)] = Field(
        default=None,
        description="language the posting is written in, one of the site's "
        "CAREERS_LANGUAGES; default the site's",
        examples=["fr"],
    )
    translation_key: Id | None = Field(
        default=None,
        description="links translations of one job: the id (file name) of the posting this "
        "one translates; postings with the same key are versions of one job in different "
        "languages. Default: this posting's own id",
        examples=["backend-engineer"],
    )

    @field_validator("tribes")
    @classmethod
    def _tribes_exist(cls, value: list[str], info: ValidationInfo) -> list[str]:
        return _known("tribe", "tribes", value, info)

    @field_validator("locations")
    @classmethod
    def _locations_exist(cls, value: list[str], info: ValidationInfo) -> list[str]:
        if not value and info.data.get("remote") != Remote.REMOTE:
            raise PydanticCustomError(
                "locations_required",
                "add at least one location id (from content/locations.yml), "
                "or set `remote: remote` with `remote_countries`",
                {},
            )
        return _known("location", "locations", value, info)

    @field_validator("remote_countries")
    @classmethod
    def _countries_for_remote(cls, value: list[str], info: ValidationInfo) -> list[str]:
        if not value and info.data.get("remote") == Remote.REMOTE:
            raise PydanticCustomError(
                "remote_countries_required",
                "a `remote: remote` job needs the countries where applicants may live, "
                "e.g. `remote_countries: [FR, DE]`",
                {},
            )
        return value

    @field_validator("valid_through")
    @classmethod
    def _not_before_posted(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        posted = info.data.get("date_posted")
        if value is not None and posted is not None and value < posted:
            raise PydanticCustomError(
                "valid_through_before_posted",
                "{value} is before date_posted ({posted}); it must be the same day or later",
                {"value": value.isoformat(), "posted": posted.isoformat()},
            )
        return value

    @field_validator("apply_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is not None and not URL_PATTERN.fullmatch(value):
            raise PydanticCustomError(
                "url",
                "`{value}` is not a web address; it must start with https://",
                {"value": value},
            )
        return value

    @field_validator("apply_email")
    @classmethod
    def _email_or_default(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and not EMAIL_PATTERN.fullmatch(value):
            raise PydanticCustomError(
                "email",
                "`{value}` is not an email address, e.g. jobs@example.com",
                {"value": value},
            )
        has_default = bool((info.context or {}).get("default_apply", True))
        if value is None and info.data.get("apply_url") is None and not has_default:
            raise PydanticCustomError(
                "apply_required",
                "say where candidates apply: add `apply_url: https://...` "
                "or `apply_email: jobs@example.com`",
                {},
            )
        return value

    @field_validator("faq")
    @classmethod
    def _faq_exist(cls, value: list[str], info: ValidationInfo) -> list[str]:
        return _known("FAQ", "faq", value, info)


class Tribe(Strict):
    """Front matter of `content/tribes/<id>.md`; the body says what the tribe does."""

    name: Annotated[Text, Field(min_length=2, max_length=60)] = Field(
        description="the tribe's name", examples=["Platform"]
    )
    summary: Annotated[Text, Field(min_length=10, max_length=160)] = Field(
        description="one sentence shown on the home page and in listings",
        examples=["The tools and infrastructure every other team builds on."],
    )
    order: Order = Field(default=0, description="position in lists, smallest first", examples=[4])


class Faq(Strict):
    """Front matter of `content/faq/<id>.md`; each `## ` heading of the body is a question."""

    title: Annotated[Text, Field(min_length=2, max_length=100)] = Field(
        description="the FAQ's title", examples=["Graduation internships"]
    )
    order: Order = Field(default=0, description="position in lists, smallest first", examples=[1])


class Page(Strict):
    """Front matter of `content/pages/<id>.md` (`home` is the home page pitch)."""

    title: Annotated[Text, Field(min_length=2, max_length=100)] = Field(
        description="the page title", examples=["Careers"]
    )
    description: Annotated[Text, Field(max_length=200)] | None = Field(
        default=None, description="summary for search engines", examples=["Join us."]
    )


class Location(Strict):
    """One entry of `content/locations.yml`."""

    city: Annotated[Text, Field(min_length=1, max_length=80)] = Field(
        description="city name", examples=["Paris"]
    )
    street: Annotated[Text, Field(min_length=1, max_length=120)] = Field(
        description="street address", examples=["1 Rue de Rivoli"]
    )
    postal_code: Annotated[Text, Field(min_length=1, max_length=20)] = Field(
        description="postal code, in quotes so leading zeros stay", examples=["75001"]
    )
    region: Annotated[Text, Field(min_length=1, max_length=80)] = Field(
        description="region or state", examples=["Île-de-France"]
    )
    country: Country = Field(description="two-letter ISO 3166-1 country code", examples=["FR"])


class Process(Strict):
    """`content/process.yml`: the default recruitment process."""

    steps: _list_of(Step, min_length=1) = Field(  # type: ignore[valid-type]
        description="the recruitment steps, in order"
    )
