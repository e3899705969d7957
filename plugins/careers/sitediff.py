"""`invoke diff BASE_DIR HEAD_DIR`: what a change does to the published site.

Compares two publish builds file by file and prints Markdown for a pull-request
comment: pages and feeds added, changed and removed, and for each job page the
JobPosting (JSON-LD) fields that changed, which is what Google for Jobs will see.
Assets (CSS, images, scripts) are only counted. Dot files (the build manifest) are
ignored: they change whenever anything does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup

FEED_SUFFIXES = (".xml", ".atom", ".json", ".txt")
VALUE_LIMIT = 80


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


@dataclass
class JobChange:
    path: str
    title: str
    fields: list[str]  # Markdown bullet lines


@dataclass
class SiteDiff:
    pages: Changes
    feeds: Changes
    assets: Changes
    jobs: list[JobChange]


def _files(root: Path) -> dict[str, Path]:
    found = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_dir() or any(part.startswith(".") for part in relative.parts):
            continue
        found[relative.as_posix()] = path
    return found


def _url(relative: str) -> str:
    if relative == "index.html":
        return "/"
    if relative.endswith("/index.html"):
        return "/" + relative[: -len("index.html")]
    return "/" + relative


def _kind(relative: str) -> str:
    if relative.endswith(".html"):
        return "pages"
    if relative.endswith(FEED_SUFFIXES) and not relative.startswith(("admin/", "pagefind/")):
        return "feeds"
    return "assets"


def job_postings(html: bytes) -> list[dict[str, Any]]:
    """The JobPosting objects in a page's JSON-LD."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            data = json.loads(script.string or "")
        except json.JSONDecodeError:
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict) and item.get("@type") == "JobPosting":
                found.append(item)
    return found


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """`{"a": {"b": 1}, "c": [x, y]}` -> `{"a.b": 1, "c[0]": x, "c[1]": y}`."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(value, list):
        out = {}
        for index, item in enumerate(value):
            out.update(flatten(item, f"{prefix}[{index}]"))
        return out
    return {prefix: value}


def _shown(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if len(text) > VALUE_LIMIT:
        return f"({len(text)} characters)"
    return "`" + text.replace("`", "'").replace("\n", " ") + "`"


def field_changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[str]:
    if before is None and after is not None:
        return ["JobPosting added (the job is now open)"]
    if after is None and before is not None:
        return ["JobPosting removed (the job closed, expired or became a draft)"]
    old, new = flatten(before or {}), flatten(after or {})
    lines = []
    for key in sorted(old.keys() | new.keys()):
        if key not in new:
            lines.append(f"`{key}` removed (was {_shown(old[key])})")
        elif key not in old:
            lines.append(f"`{key}` added: {_shown(new[key])}")
        elif old[key] != new[key]:
            lines.append(f"`{key}`: {_shown(old[key])} → {_shown(new[key])}")
    return lines


def compare(base: Path, head: Path) -> SiteDiff:
    before, after = _files(base), _files(head)
    groups = {"pages": Changes(), "feeds": Changes(), "assets": Changes()}
    jobs: list[JobChange] = []
    for relative in sorted(before.keys() | after.keys()):
        group = groups[_kind(relative)]
        old = before[relative].read_bytes() if relative in before else None
        new = after[relative].read_bytes() if relative in after else None
        if old == new:
            continue
        url = _url(relative)
        if old is None:
            group.added.append(url)
        elif new is None:
            group.removed.append(url)
        else:
            group.changed.append(url)
        if relative.startswith("jobs/") and relative.endswith("/index.html"):
            old_postings = job_postings(old) if old is not None else []
            new_postings = job_postings(new) if new is not None else []
            lines = field_changes(
                old_postings[0] if old_postings else None,
                new_postings[0] if new_postings else None,
            )
            if lines:
                posting = (new_postings or old_postings)[0]
                jobs.append(JobChange(url, str(posting.get("title", "")), lines))
    return SiteDiff(groups["pages"], groups["feeds"], groups["assets"], jobs)


def _section(title: str, changes: Changes) -> list[str]:
    if not changes:
        return []
    lines = ["", f"### {title}", "", "| change | path |", "|---|---|"]
    for label, paths in (
        ("added", changes.added),
        ("changed", changes.changed),
        ("removed", changes.removed),
    ):
        lines += [f"| {label} | `{path}` |" for path in paths]
    return lines


def _count(changes: Changes) -> str:
    return (
        f"{len(changes.added)} added, {len(changes.changed)} changed, "
        f"{len(changes.removed)} removed"
    )


def markdown(diff: SiteDiff) -> str:
    lines = ["## Changes to the published site", ""]
    if not (diff.pages or diff.feeds or diff.assets):
        lines.append("No page, feed or asset changes.")
        return "\n".join(lines) + "\n"
    lines += [
        f"- pages: {_count(diff.pages)}",
        f"- feeds: {_count(diff.feeds)}",
        f"- assets: {_count(diff.assets)}",
    ]
    if diff.jobs:
        lines += ["", "### Job postings as Google sees them (JSON-LD)"]
        for job in diff.jobs:
            lines += ["", f"**`{job.path}`** {job.title}".rstrip(), ""]
            lines += [f"- {line}" for line in job.fields]
    lines += _section("Pages", diff.pages)
    lines += _section("Feeds", diff.feeds)
    return "\n".join(lines) + "\n"
