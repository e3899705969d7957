"""What each file of a publish build is, for the deploy: Content-Type, Cache-Control, upload wave.

Pure functions over relative POSIX paths (``jobs/intern/index.html``), no I/O, so the rules can be
read, tested and changed from settings without touching S3.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum
from pathlib import PurePosixPath

SHORT_CACHE = "public, max-age=300, must-revalidate"
"""Pages, feeds, sitemap, robots, and every file whose name does not change with its content."""

LONG_CACHE = "public, max-age=31536000, immutable"
"""Files whose name carries a hash of their content: a new content is a new name."""

MEDIUM_CACHE = "public, max-age=3600"
"""Unfingerprinted static files (an image in the theme): an hour of staleness at most."""

TEXT = "; charset=utf-8"

DEFAULT_CONTENT_TYPES: Mapping[str, str] = {
    # pages, feeds and data
    ".html": "text/html" + TEXT,
    ".htm": "text/html" + TEXT,
    ".css": "text/css" + TEXT,
    ".js": "text/javascript" + TEXT,
    ".mjs": "text/javascript" + TEXT,
    ".json": "application/json",  # RFC 8259: always UTF-8, no charset parameter defined
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml" + TEXT,
    ".xsl": "application/xslt+xml" + TEXT,
    ".atom": "application/atom+xml" + TEXT,
    ".rss": "application/rss+xml" + TEXT,
    ".txt": "text/plain" + TEXT,
    ".csv": "text/csv" + TEXT,
    ".ics": "text/calendar" + TEXT,
    ".md": "text/markdown" + TEXT,
    # images, fonts, documents
    ".svg": "image/svg+xml" + TEXT,
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/vnd.microsoft.icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".pdf": "application/pdf",
    ".wasm": "application/wasm",
    # Pagefind's index: binary chunks it fetches and decompresses itself. Never mark them
    # Content-Encoding: gzip, the browser would then hand Pagefind inflated bytes.
    ".pf_meta": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pf_filter": "application/octet-stream",
    ".pagefind": "application/octet-stream",  # wasm.<language>.pagefind, gzipped WebAssembly
}

DEFAULT_CACHE_CONTROL: Sequence[tuple[str, str]] = (
    # Pagefind: the hashed chunks are immutable; the entry point, the loader, the UI and the
    # wasm (named by language only: wasm.en.pagefind) keep their names across builds.
    (r"^pagefind/.*\.pf_(meta|fragment|index|filter)$", LONG_CACHE),
    (r"^pagefind/", SHORT_CACHE),
    # Fingerprinted assets: style.3f2a9c1b.css, app.0c1d2e3f4a5b.js
    (r"\.[0-9a-f]{8,}\.[A-Za-z0-9]+$", LONG_CACHE),
    # Pages, feeds, data, sitemap, robots
    (r"\.(html?|atom|rss|xml|json|txt)$", SHORT_CACHE),
    # Anything else (unfingerprinted images, fonts)
    (r".*", MEDIUM_CACHE),
)


class Wave(IntEnum):
    """Upload waves, in order: a wave starts only when the one before it has fully succeeded."""

    HASHED_ASSETS = 1  # fingerprinted assets and Pagefind chunks: nothing points at them yet
    ASSETS = 2  # other assets, Pagefind's entry point and loader (they point at the chunks)
    DETAIL_PAGES = 3  # jobs/<id>/, tribes/<id>/ (they point at assets)
    LISTINGS = 4  # every other page, feeds, jobs.json (they point at detail pages)
    INDEXES = 5  # sitemap.xml, robots.txt (they point at everything)


WAVE_LABELS: Mapping[Wave, str] = {
    Wave.HASHED_ASSETS: "fingerprinted assets",
    Wave.ASSETS: "other assets",
    Wave.DETAIL_PAGES: "job and tribe pages",
    Wave.LISTINGS: "listing pages and feeds",
    Wave.INDEXES: "sitemap and robots",
}

_PAGE_SUFFIXES = {".html", ".htm"}
_LISTING_SUFFIXES = {".atom", ".rss", ".json", ".xml"}
_DETAIL_SECTIONS = {"jobs", "tribes"}
_INDEX_FILES = {"sitemap.xml", "robots.txt"}
_FINGERPRINT = re.compile(r"\.[0-9a-f]{8,}\.[A-Za-z0-9]+$")
_PAGEFIND_CHUNK = re.compile(r"\.pf_(meta|fragment|index|filter)$")


def wave_of(path: str) -> Wave:
    """The wave a relative path is uploaded in."""
    pure = PurePosixPath(path)
    if path in _INDEX_FILES or re.fullmatch(r"sitemap[-_.\w]*\.xml", path):
        return Wave.INDEXES
    suffix = pure.suffix.lower()
    if suffix in _PAGE_SUFFIXES:
        parts = pure.parts
        if len(parts) >= 3 and parts[0] in _DETAIL_SECTIONS:
            return Wave.DETAIL_PAGES
        return Wave.LISTINGS
    if suffix in _LISTING_SUFFIXES and not path.startswith("pagefind/"):
        return Wave.LISTINGS
    if _FINGERPRINT.search(path) or _PAGEFIND_CHUNK.search(path):
        return Wave.HASHED_ASSETS
    return Wave.ASSETS


class RulesError(ValueError):
    """The rules from settings cannot be used."""


@dataclass(frozen=True)
class Rules:
    """Content types and cache rules, compiled once per deploy."""

    content_types: Mapping[str, str]
    cache_control: Sequence[tuple[re.Pattern[str], str]]

    @classmethod
    def build(
        cls,
        extra_content_types: Mapping[str, str] | None = None,
        cache_control: Iterable[Sequence[str]] | None = None,
    ) -> Rules:
        types = dict(DEFAULT_CONTENT_TYPES)
        for ext, value in (extra_content_types or {}).items():
            key = ext.lower() if ext.startswith(".") else "." + ext.lower()
            types[key] = value
        compiled: list[tuple[re.Pattern[str], str]] = []
        for rule in cache_control if cache_control is not None else DEFAULT_CACHE_CONTROL:
            if len(rule) != 2:
                raise RulesError(f"cache-control rule {rule!r}: expected (pattern, value)")
            pattern, value = rule[0], rule[1]
            try:
                compiled.append((re.compile(pattern), value))
            except re.error as exc:
                raise RulesError(f"cache-control rule {pattern!r}: {exc}") from exc
        return cls(content_types=types, cache_control=tuple(compiled))

    def content_type(self, path: str) -> str | None:
        """The Content-Type for a path, or None when its extension is not in the table."""
        name = PurePosixPath(path).name.lower()
        if "." not in name.lstrip("."):
            return None
        return self.content_types.get("." + name.rsplit(".", 1)[1])

    def cache_control_for(self, path: str) -> str | None:
        """The Cache-Control of the first rule whose pattern is found in the path."""
        for pattern, value in self.cache_control:
            if pattern.search(path):
                return value
        return None
