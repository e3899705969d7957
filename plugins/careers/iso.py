"""Country, currency and language codes for validation, from pycountry's own data files.

Importing the `pycountry` package reads its version through `importlib.metadata`, which
costs about 17 ms, a twentieth of `invoke validate` at 1,000 postings. Validation only
asks whether a code exists and what a country is called, so it reads the same JSON
files (ISO 3166-1, ISO 4217, ISO 639-3, found without importing the package) and
looks codes up the way pycountry's `Database.get` does: case-insensitively, the last
entry winning when two share a code. tests/test_validate.py compares every answer
with pycountry's. The build (generator, JSON-LD) still uses pycountry itself.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path

Entry = Mapping[str, str]


@cache
def _index(database: str, root_key: str, field: str) -> dict[str, Entry]:
    """The entries of pycountry's `database` by `field`, lower-cased (read once)."""
    spec = importlib.util.find_spec("pycountry")  # locates it without importing it
    if spec is None or spec.origin is None:  # pragma: no cover - a dependency
        raise ImportError("pycountry is not installed")
    path = Path(spec.origin).parent / "databases" / f"{database}.json"
    with open(path, encoding="utf-8") as file:
        entries: list[dict[str, str]] = json.load(file)[root_key]
    return {entry[field].lower(): entry for entry in entries if field in entry}


def country(alpha_2: str) -> Entry | None:
    """pycountry.countries.get(alpha_2=...): `name`, maybe `common_name`, or None."""
    return _index("iso3166-1", "3166-1", "alpha_2").get(alpha_2.lower())


def currency(alpha_3: str) -> Entry | None:
    """pycountry.currencies.get(alpha_3=...)."""
    return _index("iso4217", "4217", "alpha_3").get(alpha_3.lower())


def language(code: str) -> Entry | None:
    """pycountry.languages.get(alpha_2=...) for two letters, alpha_3 otherwise."""
    field = "alpha_2" if len(code) == 2 else "alpha_3"
    return _index("iso639-3", "639-3", field).get(code.lower())
