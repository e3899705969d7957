"""`invoke new`: a new posting that passes validation as written."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .loader import check_content
from .models import Contract


class ScaffoldError(Exception):
    pass


TEMPLATE = """\
---
title: {title}
contract: {contract}
tribes: [{tribe}]
locations: [{locations}]
date_posted: {today}
# valid_through: {until}   # the posting closes by itself after this day
# salary: {{min: 40000, max: 55000, currency: EUR, per: year}}
# skills: [Python, Django]
---
Say in two or three sentences what the team does and why this job matters.

## What you will do

- The first thing you will work on
- What you will own after a few months

## You are in the right place if

- A skill or experience that really matters
- Another one

## What we offer

- A benefit candidates care about
"""


# Characters that make a plain YAML scalar mean something else: quote such titles.
YAML_SPECIAL = re.compile(r"""[:#\[\]{},&*!|>'"%@`]|^[-?\s]|\s$""")


def yaml_text(value: str) -> str:
    """`value` as a YAML scalar that reads back as exactly this text."""
    return json.dumps(value, ensure_ascii=False) if YAML_SPECIAL.search(value) else value


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def new_posting(
    content: Path,
    title: str,
    tribe: str,
    locations: list[str],
    contract: str,
    today: dt.date,
    settings: Mapping[str, Any],
) -> Path:
    """Write content/jobs/<id>.md and check it; refuses to overwrite or to write invalid ids."""
    posting_id = slugify(title)
    if not posting_id:
        raise ScaffoldError("the title must contain letters or digits")
    path = content / "jobs" / f"{posting_id}.md"
    if path.exists():
        raise ScaffoldError(f"{path.name} already exists; choose another title or edit it")
    if not locations:
        known = sorted(
            line.split(":")[0]
            for line in (content / "locations.yml").read_text("utf-8").splitlines()
            if line and not line.startswith((" ", "#"))
        )
        locations = known[:1]
    text = TEMPLATE.format(
        title=yaml_text(title.strip()),
        contract=contract,
        tribe=tribe,
        locations=", ".join(locations),
        today=today.isoformat(),
        until=(today + dt.timedelta(days=60)).isoformat(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    result = check_content(content, settings, render=False)
    mine = [p for p in result.errors if p.path.endswith(f"jobs/{path.name}")]
    if mine:
        path.unlink()
        raise ScaffoldError("\n".join(str(p) for p in mine))
    return path


# --- asking for what was not given as flags ------------------------------------------------


def known_ids(content: Path) -> tuple[list[str], list[str]]:
    """(tribe ids, location ids) defined in content/, for the questions and their checks."""
    tribes = sorted(p.stem for p in (content / "tribes").glob("*.md"))
    locations_file = content / "locations.yml"
    locations = []
    if locations_file.is_file():
        locations = sorted(
            line.split(":")[0].strip()
            for line in locations_file.read_text("utf-8").splitlines()
            if line.strip() and not line.startswith((" ", "\t", "#"))
        )
    return tribes, locations


def _ask_one(
    ask: Callable[[str], str],
    question: str,
    choices: Sequence[str] = (),
    default: str = "",
    many: bool = False,
) -> list[str]:
    shown = f" ({', '.join(choices)})" if choices else ""
    suffix = f" [{default}]" if default else ""
    for _ in range(3):
        try:
            answer = ask(f"{question}{shown}{suffix}: ").strip()
        except EOFError:
            raise ScaffoldError(f"no answer for: {question}; give it as a flag") from None
        answer = answer or default
        values = [v for v in re.split(r"[,\s]+", answer) if v] if many else [answer]
        values = [v for v in values if v]
        if not values:
            print("  an answer is needed")
            continue
        wrong = [v for v in values if choices and v not in choices]
        if wrong:
            print(f"  unknown: {', '.join(wrong)}; choose from {', '.join(choices)}")
            continue
        return values
    raise ScaffoldError(f"no valid answer for: {question}")


def complete_answers(
    content: Path,
    title: str,
    tribe: str,
    locations: list[str],
    contract: str,
    ask: Callable[[str], str] = input,
) -> tuple[str, str, list[str], str]:
    """Ask for each of title, tribe, locations and contract not given as a flag."""
    tribes, places = known_ids(content)
    if not title:
        title = _ask_one(ask, "Job title (the title only, e.g. Backend Engineer)")[0]
    if not tribe:
        tribe = _ask_one(ask, "Tribe", tribes)[0]
    if not locations:
        locations = _ask_one(
            ask, "Locations, separated by commas", places, places[0] if places else "", many=True
        )
    if not contract:
        contract = _ask_one(ask, "Contract", [c.value for c in Contract], "permanent")[0]
    return title, tribe, locations, contract
