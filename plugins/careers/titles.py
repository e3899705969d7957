"""Google's rules for job titles, as warnings.

Google for Jobs rejects or demotes titles that carry more than the job title:
codes, addresses, salaries, company names, `!` or shouting capitals. These are
warnings (the build still succeeds) because HR may have a reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

SALARY = re.compile(
    r"[€$£¥₹]|\b\d+(?:[.,]\d+)?\s*[kK]\b|\b(?:EUR|USD|GBP|CHF|salary|per hour|/h)\b",
    re.IGNORECASE,
)
CODE = re.compile(
    r"#\s*\d+|\b(?:ref|req|job)\s*[-:#.]?\s*\d+|\b[A-Z]{1,5}-?\d{3,}\b|\b\d{4,}\b",
    re.IGNORECASE,
)

_DIGIT = re.compile(r"\d")
_ASCII_LOWER = re.compile(r"[a-z]")


@lru_cache(maxsize=1024)
def _word(text: str) -> re.Pattern[str]:
    """`text` (casefolded) as a whole word; compiled once, not on every title."""
    return re.compile(rf"(?<!\w){re.escape(text.casefold())}(?!\w)")


@lru_cache(maxsize=64)
def _places(places: frozenset[str]) -> tuple[re.Pattern[str] | None, tuple[str, ...]]:
    """One pattern that finds any of the places, and the places in the order they are
    reported. Most titles name none, and one search then replaces one per place."""
    ordered = tuple(sorted(p for p in places if p))
    if not ordered:
        return None, ()
    words = "|".join(re.escape(place.casefold()) for place in ordered)
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)"), ordered


def title_warnings(title: str, places: Iterable[str], company: str | None) -> list[str]:
    """Messages for each rule the title breaks; empty when it is fine."""
    found = []
    if SALARY.search(title):
        found.append("the title seems to contain a salary; put it in `salary:` instead")
    lowered = title.casefold()
    any_place, ordered = _places(places if isinstance(places, frozenset) else frozenset(places))
    if any_place is not None and any_place.search(lowered):
        for place in ordered:  # the first place in this order is the one reported
            if _word(place).search(lowered):
                found.append(
                    f"the title names a place (`{place}`); locations belong in `locations:`"
                )
                break
    if _DIGIT.search(title) and CODE.search(title):  # every form of CODE has a digit
        found.append("the title seems to contain a code or number; keep only the job title")
    if "!" in title:
        found.append("remove `!` from the title: Google rejects titles with it")
    # A letter a-z is a letter that is not upper case: most titles are settled by one search.
    letters = [] if _ASCII_LOWER.search(title) else [c for c in title if c.isalpha()]
    if len(letters) >= 4 and all(c.isupper() for c in letters):
        found.append("the title is all capitals; write it in normal case")
    if company and _word(company).search(lowered):
        found.append("the title names the company; Google shows it from the site settings")
    return found
