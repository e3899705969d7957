"""`invoke new`: a new posting that passes validation as written."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .loader import check_content


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
        title=title.replace(":", " -"),
        contract=contract,
        tribe=tribe,
        locations=", ".join(locations),
        today=today.isoformat(),
        until=(today + dt.timedelta(days=60)).isoformat(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    result = check_content(content, settings)
    mine = [p for p in result.errors if p.path.endswith(f"jobs/{path.name}")]
    if mine:
        path.unlink()
        raise ScaffoldError("\n".join(str(p) for p in mine))
    return path
