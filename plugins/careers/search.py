"""Search: a Pagefind index of the open job pages, written into the publish build.

Run after Pelican and before the build manifest (see `tasks.publish`). Only pages that carry
`data-pagefind-body` are indexed, and the job template puts it on open postings only, so
closed and expired postings and every listing page stay out of the results. Pagefind would
index every page of the site if no page carried the attribute (a site with no open posting),
so the files are chosen here rather than by handing Pagefind the whole folder.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

BUNDLE_DIR = "pagefind"
BODY_MARKER = "data-pagefind-body"
CACHE_PREFIX = "pagefind-"  # cache/pagefind-<digest>/: the last bundle and its inputs
FILTERS = ("tribe", "location", "contract", "remote")
# Pagefind writes every UI flavour; the site loads only the component UI (theme/static/js/jobs.js).
UNUSED_UI = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)


@dataclass(frozen=True)
class SearchIndex:
    pages: list[str]  # the URL paths indexed, sorted
    bundle: Path  # output/pagefind


def url_of(output: Path, file: Path) -> str:
    """`jobs/x/index.html` -> `/jobs/x/`: the clean URL candidates land on."""
    relative = file.relative_to(output).as_posix()
    if relative.endswith("index.html"):
        relative = relative[: -len("index.html")]
    return "/" + relative


def searchable_pages(output: Path) -> list[tuple[str, Path]]:
    """(URL, file) of every built page marked for the index, in a stable order."""
    found = []
    for file in sorted(output.rglob("*.html")):
        if BUNDLE_DIR in file.relative_to(output).parts:
            continue
        if BODY_MARKER in file.read_text("utf-8"):
            found.append((url_of(output, file), file))
    return found


async def _index(output: Path, pages: list[tuple[str, Path]], bundle: Path) -> None:
    config = IndexConfig(output_path=str(bundle))
    async with PagefindIndex(config=config) as index:
        for url, file in pages:
            await index.add_html_file(content=file.read_text("utf-8"), url=url)


def inputs_digest(pages: list[tuple[str, Path]]) -> str:
    """What the bundle depends on: Pagefind's version and every indexed page's URL and bytes."""
    digest = hashlib.sha256(version("pagefind").encode())
    for url, file in pages:
        digest.update(b"\0" + url.encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()[:20]


def index_site(output: Path, cache: Path | None = None) -> SearchIndex:
    """Write output/pagefind/: the index of open job pages and the component UI it serves.

    Pagefind names its filter chunks differently on every run, even for the same pages
    (Pagefind/pagefind#638), which would make every publish upload them again. With a `cache`
    folder, the bundle made for the same inputs is reused byte for byte.

    The bundle is then synchronised into output/pagefind/: files already holding the same
    bytes are left alone (modification times unchanged) and files of an earlier bundle are
    removed, so an unchanged republish rewrites nothing there.
    """
    output = output.resolve()
    bundle = output / BUNDLE_DIR
    pages = searchable_pages(output)
    saved = cache / f"{CACHE_PREFIX}{inputs_digest(pages)}" if cache is not None else None
    if saved is not None and saved.is_dir():
        sync_tree(saved, bundle)
        return SearchIndex(pages=[url for url, _ in pages], bundle=bundle)
    with tempfile.TemporaryDirectory(prefix="pagefind-") as tmp:
        fresh = Path(tmp) / BUNDLE_DIR
        # A thread of its own: the caller may already run an event loop (Playwright, livereload).
        with ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(asyncio.run, _index(output, pages, fresh)).result()
        for name in UNUSED_UI:
            (fresh / name).unlink(missing_ok=True)
        if saved is not None:
            _save(fresh, saved)
        sync_tree(fresh, bundle)
    return SearchIndex(pages=[url for url, _ in pages], bundle=bundle)


def sync_tree(source: Path, target: Path) -> None:
    """Make `target` hold exactly the files of `source`, writing only those that differ."""
    wanted: set[Path] = set()
    for file in sorted(source.rglob("*")):
        if not file.is_file():
            continue
        relative = file.relative_to(source)
        wanted.add(relative)
        destination = target / relative
        data = file.read_bytes()
        try:
            if destination.read_bytes() == data:
                continue
        except OSError:
            pass
        destination.parent.mkdir(parents=True, exist_ok=True)
        temporary = destination.with_name(f".{destination.name}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, destination)
    if not target.is_dir():
        return
    for file in sorted(target.rglob("*"), reverse=True):  # deepest first
        relative = file.relative_to(target)
        if file.is_symlink() or (file.is_file() and relative not in wanted):
            file.unlink()
        elif file.is_dir() and not any(file.iterdir()):
            file.rmdir()


def _save(bundle: Path, saved: Path) -> None:
    """Keep this bundle (only the latest one) for the next build with the same inputs."""
    saved.parent.mkdir(parents=True, exist_ok=True)
    for old in saved.parent.glob(CACHE_PREFIX + "*"):
        shutil.rmtree(old, ignore_errors=True)
    temporary = saved.with_name(f".{saved.name}.{os.getpid()}.tmp")
    shutil.copytree(bundle, temporary)
    try:
        temporary.rename(saved)  # atomic: a reader sees a whole bundle or none
    except OSError:  # another build saved the same bundle meanwhile
        shutil.rmtree(temporary, ignore_errors=True)
