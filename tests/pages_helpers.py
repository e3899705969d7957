"""Helpers for the whole-site page tests: write postings, read pages and their JSON-LD."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup, Tag

XSS_TITLE = "Engineer </script><script>alert(1)</script>"


def write_job(content: Path, job_id: str, body: str = "We build things.\n", **front: Any) -> Path:
    """A posting with sensible defaults; values are written as JSON, which YAML reads as-is."""
    data: dict[str, Any] = {
        "title": f"Engineer {job_id}",
        "contract": "permanent",
        "tribes": ["platform"],
        "locations": ["paris"],
        "date_posted": "2026-11-01",
    }
    data.update(front)
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in data.items()]
    path = content / "jobs" / f"{job_id}.md"
    path.write_text("---\n" + "\n".join(lines) + "\n---\n" + body, "utf-8")
    return path


def page_file(out: Path, path: str) -> Path:
    """The file that serves a root-relative URL path (`/jobs/x/` -> jobs/x/index.html)."""
    relative = path.lstrip("/")
    return out / (relative + "index.html" if relative == "" or relative.endswith("/") else relative)


def soup(out: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup(page_file(out, path).read_text("utf-8"), "html.parser")


def jsonld(doc: BeautifulSoup) -> list[dict[str, Any]]:
    """Every JSON-LD block of a page, parsed (a parse error fails the test)."""
    return [
        json.loads(tag.string or "") for tag in doc.find_all("script", type="application/ld+json")
    ]


def types(doc: BeautifulSoup) -> list[str]:
    return [str(block.get("@type")) for block in jsonld(doc)]


def html_pages(out: Path) -> Iterator[tuple[str, Path]]:
    """(URL path, file) for every HTML page of the site, in a stable order."""
    for file in sorted(out.rglob("*.html")):
        relative = file.relative_to(out).as_posix()
        if relative.endswith("index.html"):
            yield "/" + relative[: -len("index.html")], file
        else:
            yield "/" + relative, file


def job_links(doc: BeautifulSoup) -> set[str]:
    """Job page links inside <main> (listings), ignoring the site's own navigation."""
    main = doc.find("main")
    assert isinstance(main, Tag)
    return {
        str(a["href"])
        for a in main.find_all("a", href=True)
        if str(a["href"]).startswith("/jobs/") and str(a["href"]) != "/jobs/"
    }


def meta_content(doc: BeautifulSoup, **attrs: str) -> str | None:
    tag = doc.find("meta", attrs=attrs)
    return str(tag["content"]) if isinstance(tag, Tag) else None
