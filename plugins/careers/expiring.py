"""`invoke expiring --days 14`: open postings that close soon, to remind their owners.

A posting closes by itself the day after its `valid_through`; this lists the open
ones whose last day falls within the next `days` days (today included), soonest first,
one line each in the `path:line: field: message` format editors know.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .frontmatter import ReadError, read_document
from .loader import check_content, today_from


@dataclass(frozen=True)
class Expiring:
    source: str
    line: int
    id: str
    title: str
    last_day: dt.date
    days_left: int

    def __str__(self) -> str:
        when = {0: "today", 1: "tomorrow"}.get(self.days_left, f"in {self.days_left} days")
        return (
            f"{self.source}:{self.line}: valid_through: {self.title} closes after "
            f"{self.last_day.isoformat()} ({when})"
        )


class ContentInvalid(Exception):
    pass


def expiring(root: Path, settings: Mapping[str, Any], days: int) -> list[Expiring]:
    result = check_content(root, settings, render=False)
    if result.catalog is None:
        raise ContentInvalid("content has errors; run `invoke validate`")
    catalog = result.catalog
    today = today_from(settings)
    horizon = today + dt.timedelta(days=days)
    found = []
    for job in catalog.open_jobs():
        last = job.meta.valid_through
        if last is None or last > horizon:
            continue
        line = 1
        with contextlib.suppress(ReadError):
            line = read_document(root.parent / job.source, job.source).line(("valid_through",))
        found.append(Expiring(job.source, line, job.id, job.meta.title, last, (last - today).days))
    return sorted(found, key=lambda e: (e.last_day, e.id))


def report(items: list[Expiring], days: int) -> str:
    if not items:
        return f"No open posting closes in the next {days} days."
    lines = [str(item) for item in items]
    lines.append(f"{len(items)} posting(s) close in the next {days} days.")
    return "\n".join(lines)
