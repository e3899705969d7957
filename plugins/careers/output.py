"""Writing the site: only files whose bytes changed, then removing what the build no longer makes.

Pelican's Writer rewrites every page, and `DELETE_OUTPUT_DIRECTORY` empties the folder
first, so every modification time changes on every build: livereload, rsync and the
deploy would all see a whole new site. Here instead:

- `CareersWriter` (registered through Pelican's `get_writer` signal) renders as usual but
  hands the bytes to `write_if_changed`, which leaves a file holding the same bytes alone;
- every file the build produces (pages, feeds, assets, theme files) is recorded in the
  active `Tracker`;
- after the build (`finalized`), `prune` deletes the files under OUTPUT_PATH that this
  build did not produce (a deleted or renamed posting's page), and empty folders.

Validation still runs before any of this (Pelican's `initialized` signal), so a content
error leaves the output folder untouched.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import hashlib
import io
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache
from pelican.utils import sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

from .fingerprint import Hasher, tree_digest

logger = logging.getLogger(__name__)

MANIFEST_NAME = ".build-manifest.json"  # written by `invoke publish` after the build
THEME_STATIC_SETTING = "CAREERS_THEME_STATIC_PATHS"
# False: a one-shot build (`invoke publish`) keeps no page fingerprints for a next build
# in the same process. True (livereload, `invoke build`): pages rendered without one (the
# first build of a process) are fingerprinted after rendering, in the render workers.
REMEMBER_SETTING = "CAREERS_REMEMBER_PAGES"


@dataclass
class Render:
    """A page to render: its template, variables and the Jinja globals of the moment.

    The variables are Pelican's context (`base`, one copy shared by every page queued
    with the same context) updated with the page's own (`own`), as Pelican's writer does.
    """

    path: str
    template: Any  # jinja2.Template
    base: dict[str, Any]
    own: dict[str, Any]
    globals: dict[str, Any]  # the environment's globals when Pelican asked (gettext)
    fingerprint: str | None  # None: computed after rendering, if it is to be remembered
    parts: list[tuple[str, Any]]  # the fingerprint's shared parts (see Hasher.page)
    kwargs: dict[str, Any]  # the fingerprint's page variables
    # The page's own variables, made when it is rendered, in the process rendering it
    # (CareersWriter.queue_made): None when they are all in `own` already.
    make: Callable[[], dict[str, Any]] | None = None

    def variables(self) -> dict[str, Any]:
        variables = self.base.copy()
        variables.update(self.own)
        if self.make is not None:
            variables.update(self.make())
        return variables


class Tracker:
    """What one build produced under `root`, and how many files it actually wrote."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._given = os.path.abspath(root)  # the root as the build names it
        self.produced: set[str] = set()  # absolute paths, the root resolved (see produce)
        self.written: list[Path] = []
        self.deleted: list[Path] = []
        self.pending: list[Render] = []  # pages to render when the generators are done
        self.rendered = 0
        self.skipped = 0  # pages whose inputs and file were unchanged: not rendered
        self.copied = 0  # streamed items copied from the file as last written (Stream.item)
        self.hasher = Hasher()
        # A one-shot build (`invoke publish`) notes the MD5 of each file it writes or finds
        # unchanged, with the file's signature then: the manifest takes them instead of
        # reading every file again (see Tracker.digest, manifest.scan). None: not noted.
        self.digests: dict[str, Digest] | None = None

    def digest(self, path: str | os.PathLike[str], md5: str) -> None:
        """Note a file's MD5 (of the bytes just written or found equal) and signature."""
        if self.digests is not None:
            name = os.path.abspath(path)
            self.digests[name] = (md5, signature(name))

    def produce(self, path: str | os.PathLike[str]) -> None:
        """Record a file this build made. A path under the root as the build names it is
        not resolved (a `realpath` for each of a thousand pages costs a few stat calls
        each): only the root is, once."""
        text = os.path.abspath(path)
        if text.startswith(self._given + os.sep):
            text = str(self.root) + text[len(self._given) :]
        else:
            text = os.path.realpath(text)
        self.produced.add(text)

    @property
    def changed(self) -> bool:
        return bool(self.written or self.deleted)


# A file's MD5 (hex) and its signature (see `signature`) when the MD5 was taken.
Digest = tuple[str, tuple[int, int, int] | None]
_active: Tracker | None = None


def noted_digests(root: Path) -> dict[str, Digest] | None:
    """The MD5s the last build under `root` took as it wrote (for its manifest), if any."""
    tracker = _active
    if tracker is None or tracker.digests is None or tracker.root != root.resolve():
        return None
    return tracker.digests


def active() -> Tracker | None:
    return _active


def start(root: Path) -> Tracker:
    """Begin recording a build writing into `root`."""
    global _active
    drop_started()  # nothing of an earlier, failed build may still be writing
    _active = Tracker(root)
    return _active


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        if path.stat().st_size != len(data):
            return False
        with path.open("rb") as handle:
            return handle.read() == data
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return False


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write atomically, and not at all when the file already holds these bytes."""
    tracker = _active
    if tracker is not None:
        tracker.produce(path)
    written = not _same_bytes(path, data)
    if written:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_bytes(data)
        os.replace(temporary, path)
        if tracker is not None:
            tracker.written.append(path)
    if tracker is not None and tracker.digests is not None:
        tracker.digest(path, hashlib.md5(data, usedforsecurity=False).hexdigest())
    return written


@dataclass
class Layout:
    """What a streamed file holds, as this process wrote it: its stat signature then, the
    key of all its inputs (if given), and where each item's bytes are, by the item's key."""

    signature: tuple[int, int, int] | None
    key: bytes | None
    items: dict[bytes, tuple[int, int]]  # item key -> (offset, length)


# Streamed files written by this process (the livereload server), by path: a rebuild
# skips a file whose inputs are unchanged and copies the unchanged items of one that
# changed instead of encoding them again.
_LAYOUTS: dict[str, Layout] = {}


def unchanged(path: Path, key: bytes) -> bool:
    """True (and the file counted as produced) when this process streamed `path` from
    inputs with this `key` and the file is still as it left it."""
    layout = _LAYOUTS.get(str(path))
    if layout is None or layout.key != key or signature(str(path)) != layout.signature:
        return False
    tracker = _active
    if tracker is not None:
        tracker.produce(path)
    return True


class Stream:
    """A file written in pieces (a big feed), never held whole in memory; like
    `write_if_changed`, it leaves the file alone when it already holds these bytes.

    The pieces go to a temporary file while they are compared with the current file; on
    `close` the temporary file replaces it if anything differed, else it is deleted.

    With `remember` (a process that rebuilds), the file's `key` and where each `item`
    went are kept in memory: the next Stream of the same path copies an item whose key is
    unchanged from the file as written (if it is still so) instead of making it again.
    An item's bytes must be a function of its key alone.
    """

    BUFFER = 1 << 16

    def __init__(self, path: Path, *, key: bytes | None = None, remember: bool = False) -> None:
        self.path = path
        self.changed = False
        self.copied = 0  # items copied from the previous file, not made again
        self._parts: list[bytes] = []
        self._size = 0
        self._position = 0  # bytes written so far
        tracker = _active
        if tracker is not None:
            tracker.produce(path)
        self._md5 = (
            hashlib.md5(usedforsecurity=False)
            if tracker is not None and tracker.digests is not None
            else None
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        self._temporary = path.with_name(f".{path.name}.tmp")
        self._out = self._temporary.open("wb")
        try:
            self._old: io.BufferedReader | None = path.open("rb") if path.is_file() else None
        except OSError:
            self._old = None
        self._same = self._old is not None
        self._key = key
        self._layout: dict[bytes, tuple[int, int]] | None = {} if remember else None
        self._previous: dict[bytes, tuple[int, int]] = {}
        layout = _LAYOUTS.pop(str(path), None)
        if remember and layout is not None and self._old is not None:
            st = os.fstat(self._old.fileno())  # the very file the copies are read from
            if (st.st_mtime_ns, st.st_size, st.st_ino) == layout.signature:
                self._previous = layout.items

    def write(self, data: bytes) -> None:
        self._parts.append(data)
        self._size += len(data)
        self._position += len(data)
        if self._size >= self.BUFFER:
            self._flush()

    def write_text(self, text: str) -> None:
        self.write(text.encode("utf-8"))

    def item(self, key: bytes | None, make: Callable[[], object]) -> None:
        """One item of the file: `make()` writes it, unless the file as last written holds
        an item with this key, whose bytes are then copied (None: no key, always made)."""
        if key is None:
            make()
            return
        start = self._position
        span = self._previous.get(key)
        data = b""
        if span is not None and self._old is not None:
            data = os.pread(self._old.fileno(), span[1], span[0])
        if span is not None and len(data) == span[1]:
            self.write(data)
            self.copied += 1
            if _active is not None:
                _active.copied += 1
        else:
            make()
        if self._layout is not None:
            self._layout[key] = (start, self._position - start)

    def _flush(self) -> None:
        data = b"".join(self._parts)
        self._parts, self._size = [], 0
        self._out.write(data)
        if self._md5 is not None:
            self._md5.update(data)
        if self._same:
            assert self._old is not None
            self._same = self._old.read(len(data)) == data

    def close(self) -> bool:
        """Finish; True when the file was (re)written."""
        self._flush()
        self._out.close()
        if self._old is not None:
            if self._same:
                self._same = self._old.read(1) == b""
            self._old.close()
        if self._same:
            self._temporary.unlink()
        else:
            os.replace(self._temporary, self.path)
            tracker = _active
            if tracker is not None:
                tracker.written.append(self.path)
            self.changed = True
        if self._layout is not None:
            _LAYOUTS[str(self.path)] = Layout(signature(str(self.path)), self._key, self._layout)
        if self._md5 is not None and _active is not None:
            _active.digest(self.path, self._md5.hexdigest())
        return self.changed

    def abort(self) -> None:
        self._out.close()
        if self._old is not None:
            self._old.close()
        self._temporary.unlink(missing_ok=True)

    def __enter__(self) -> Stream:
        return self

    def __exit__(self, kind: Any, *rest: Any) -> None:
        if kind is None:
            self.close()
        else:
            self.abort()


class _Pending(io.StringIO):
    """What Pelican's writer writes a page into; on close, only changed bytes hit the disk."""

    def __init__(self, path: str, encoding: str) -> None:
        super().__init__()
        self._path = path
        self._encoding = encoding

    def close(self) -> None:
        if not self.closed:
            data = self.getvalue().encode(self._encoding)
            super().close()
            write_if_changed(Path(self._path), data)
        else:
            super().close()


# Output file -> (fingerprint of its render inputs, its stat signature after the build),
# kept in memory between the builds of one process (the livereload server).
_RENDERED: dict[str, tuple[str, tuple[int, int, int] | None]] = {}
_PENDING: list[Render] = []  # what forked render workers inherit


def rendered(path: str) -> tuple[str, tuple[int, int, int] | None] | None:
    """What this process last rendered at `path`: (the fingerprint of its inputs, the
    file's signature just after), or None."""
    return _RENDERED.get(path)


def signature(path: str) -> tuple[int, int, int] | None:
    """A file's (mtime_ns, size, inode), None when missing: changed behind a build's back?"""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


class CareersWriter(Writer):  # type: ignore[misc]
    """Pelican's Writer, with the same overwrite checks, writing only changed files.

    Plain pages (no pagination, no relative URLs, no override) are not rendered when
    Pelican asks: their inputs are fingerprinted (fingerprint.py) and, unless the same
    inputs already made the same file in this process, queued; `render_pending` renders
    the queue after the generators, across worker processes when it is long.
    """

    def __init__(self, output_path: str, settings: Mapping[str, Any] | None = None) -> None:
        super().__init__(output_path, settings=settings)
        self.tracker = start(Path(output_path))
        if not (settings or {}).get(REMEMBER_SETTING, True):
            self.tracker.digests = {}  # a one-shot build: the manifest follows
        self._base: tuple[dict[str, Any], dict[str, Any]] | None = None
        self._size = 0
        self._globals: dict[str, Any] = {}  # the last page's Jinja globals (see _queued)
        self.remember = bool((settings or {}).get(REMEMBER_SETTING, True))
        theme = (settings or {}).get("THEME")
        self.theme_digest = tree_digest(Path(str(theme))) if theme else ""

    def write_file(
        self,
        name: str,
        template: Any,
        context: dict[str, Any],
        relative_urls: bool = False,
        paginated: Any = None,
        template_name: str | None = None,
        override_output: bool = False,
        url: str | None = None,
        **kwargs: Any,
    ) -> None:
        plain = not (relative_urls or paginated or override_output)
        if not name or not plain or {"articles", "dates"} & kwargs.keys():
            super().write_file(
                name,
                template,
                context,
                relative_urls,
                paginated,
                template_name,
                override_output,
                url,
                **kwargs,
            )
            return
        path, base, own, env_globals = self._queued(name, template, context)
        own.update(kwargs)
        parts: list[tuple[str, Any]] = [
            ("theme", self.theme_digest),
            ("template", str(template.name)),
            ("name", name),
            ("context", base),  # the same dict for every page: hashed once
            ("globals", env_globals),
        ]
        fingerprint: str | None = None
        known = _RENDERED.get(path)
        if known is not None:
            # Only a page rendered before in this process can be skipped: the first build
            # of a process (`invoke publish`) fingerprints nothing here.
            fingerprint = self.tracker.hasher.page(parts, kwargs)
            if known == (fingerprint, signature(path)):
                self.tracker.skipped += 1
                return
        self.tracker.pending.append(
            Render(path, template, base, own, env_globals, fingerprint, parts, kwargs)
        )

    def queue_made(
        self,
        name: str,
        template: Any,
        context: dict[str, Any],
        make: Callable[[], dict[str, Any]],
    ) -> None:
        """Queue a plain page whose own variables `make()` returns when it is rendered.

        For a one-shot build (nothing remembered, so no fingerprint is taken): the
        variables of thousands of job pages (their JSON-LD, breadcrumbs, related jobs)
        are then made one page at a time, in the process that renders the page, instead
        of all of them in this process before the render workers fork. Objects made
        before a fork end up copied into both processes as soon as either reads them.
        """
        if self.remember:  # its variables would be fingerprinted (see write_file)
            raise RuntimeError("queue_made is for builds that remember no page")
        path, base, own, env_globals = self._queued(name, template, context)
        self.tracker.pending.append(
            Render(path, template, base, own, env_globals, None, [], {}, make)
        )

    def _queued(
        self, name: str, template: Any, context: dict[str, Any]
    ) -> tuple[str, dict[str, Any], dict[str, Any], dict[str, Any]]:
        """A page taken into the queue: its file (checked and recorded as produced), the
        shared context, its first own variables and the Jinja globals to render it with."""
        path = sanitised_join(self.output_path, name)
        self._claim(path, False)
        self.tracker.produce(path)
        if self._base is None or self._base[0] is not context or len(context) != self._size:
            # One copy of Pelican's context shared by the pages queued with it (the
            # generators do not change it while they write; the fingerprints' memo by
            # identity relies on that too), instead of a copy per page.
            self._base = (context, context.copy())
            self._size = len(context)
        own = {"localsiteurl": context.get("localsiteurl"), "output_file": name}
        env_globals = template.environment.globals
        if env_globals != self._globals:
            # A copy when they changed (another language's gettext), else the last one:
            # every page of a language shares one.
            self._globals = dict(env_globals)
        return path, self._base[1], own, self._globals

    def _claim(self, filename: str, override: bool) -> bool:
        """Pelican's overwrite checks; False when the file is written to os.devnull."""
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{filename}" a second time (was previously overwritten)'
                )
            return False
        if filename in self._written_files and not override:
            raise FileOverwriteFailedError(
                f'Failed to overwrite "{filename}" as Pelican has already '
                "written to it previously (set `override=True` if intended)"
            )
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return True

    def _open_w(self, filename: str, encoding: str, override: bool = False) -> io.StringIO:
        if not self._claim(filename, override):
            return io.StringIO()  # Pelican writes it to os.devnull
        return _Pending(filename, encoding)


# (written, signature, fingerprint, MD5 or None): what a page's render tells the parent.
_Result = tuple[bool, tuple[int, int, int] | None, str | None, str | None]
_REMEMBER = True  # whether render workers fingerprint the pages they rendered
_HASHER: Hasher | None = None  # a render worker's (or the serial path's) own


def _render(render: Render) -> _Result:
    """Render one queued page, write it if its bytes changed, and (when fingerprints are
    remembered) fingerprint it if the writer did not."""
    global _HASHER
    environment = render.template.environment
    if environment.globals != render.globals:
        environment.globals.clear()
        environment.globals.update(render.globals)
    data = render.template.render(render.variables()).encode("utf-8")
    written = write_if_changed(Path(render.path), data)
    fingerprint = render.fingerprint
    if fingerprint is None and _REMEMBER:
        if _HASHER is None:
            _HASHER = Hasher()
        fingerprint = _HASHER.page(render.parts, render.kwargs)
    tracker = _active  # in a worker: the parent's, as forked (its notes stay here)
    if tracker is not None and tracker.digests is not None:
        # Noted by write_if_changed with the file's signature just after: not stat again.
        md5, stat = tracker.digests[os.path.abspath(render.path)]
        return written, stat, fingerprint, md5
    return written, signature(render.path), fingerprint, None


def _render_slice(bounds: tuple[int, int]) -> list[_Result]:
    results = [_render(render) for render in _PENDING[bounds[0] : bounds[1]]]
    release_free_memory()
    return results


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, or None where the C library has none (macOS, musl)."""
    try:
        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim  # this process's libc
    except (OSError, AttributeError):
        return None
    return trim


def release_free_memory() -> None:
    """Give the pages malloc holds free back to the system (at N = 5,000 postings about
    a third of a build's peak memory is heap freed after validation but still mapped)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@contextlib.contextmanager
def frozen() -> Iterator[None]:
    """Fork workers with the parent's objects out of the garbage collector's sight.

    A forked worker shares the parent's memory copy-on-write, but a collection in the
    worker writes to the header of every object it scans, copying nearly every page of
    the parent into the worker. `gc.freeze()` moves everything that exists now to a
    generation the collector never scans (in the workers too); unfrozen afterwards,
    unless objects were frozen before (a livereload process freezes between builds).
    Memory the parent freed but malloc kept (reading and validating leave much) is
    handed back to the system first, so the workers neither share nor copy it.
    """
    earlier = gc.get_freeze_count()  # frozen by build.between_builds: leave them so
    gc.collect()
    release_free_memory()
    gc.freeze()
    try:
        yield
    finally:
        if not earlier:
            gc.unfreeze()


@dataclass
class _Started:
    pool: ProcessPoolExecutor
    pending: list[Render]
    slices: list[tuple[int, int]]
    parts: list[Future[list[_Result]]]


_started: _Started | None = None


def start_pending(settings: Mapping[str, Any]) -> bool:
    """Start rendering the pages queued so far in forked workers, and return at once.

    The generator calls it before writing the feeds, so the main process writes them
    while the workers render; `render_pending` then collects the pages (and renders any
    queued later). False: too few pages for workers, they render in `render_pending`.

    One process fewer is forked than the build may use: this process is the last one,
    and renders the slices no worker has taken yet once the feeds are written. A worker
    copies much of its parent's memory as it renders (reference counts write to the
    pages it reads), so one fewer is less memory at the peak, for the same work.
    """
    from .cache import workers_for

    global _PENDING, _REMEMBER, _HASHER, _started
    drop_started()  # left by a build that failed after starting
    tracker = _active
    if tracker is None or not tracker.pending or not hasattr(os, "fork"):
        return False
    workers = workers_for(settings, len(tracker.pending))
    if workers <= 1:
        return False
    pending, tracker.pending = tracker.pending, []
    _REMEMBER = bool(settings.get(REMEMBER_SETTING, True))
    _HASHER = None
    _PENDING = pending
    size = -(-len(pending) // (workers * 8))
    slices = [(i, min(i + size, len(pending))) for i in range(0, len(pending), size)]
    with frozen():  # the workers fork at the first submit
        pool = ProcessPoolExecutor(workers - 1, mp_context=get_context("fork"))
        try:
            parts = [pool.submit(_render_slice, bounds) for bounds in slices]
        except BaseException:
            pool.shutdown(cancel_futures=True)
            _PENDING = []
            raise
    _PENDING = []  # the workers have their copy
    _started = _Started(pool, pending, slices, parts)
    return True


def drop_started() -> None:
    """Stop pages started by a build that will not collect them (it failed, or another
    writer finished it); waits for the slices already running, drops the rest."""
    global _started
    if _started is not None:
        stale, _started = _started, None
        stale.pool.shutdown(wait=True, cancel_futures=True)


def _finish_started() -> tuple[list[Render], list[_Result]]:
    global _started
    started, _started = _started, None
    if started is None:
        return [], []
    try:
        # The slices no worker has taken yet, from the last: rendered here. Workers take
        # them in order, so the first that cannot be cancelled ends the loop.
        here: dict[int, list[_Result]] = {}
        for index in range(len(started.parts) - 1, -1, -1):
            if not started.parts[index].cancel():
                break
            release_free_memory()  # what the feeds, or the slice before, freed
            first, end = started.slices[index]
            here[index] = [_render(render) for render in started.pending[first:end]]
        results = [
            result
            for index, part in enumerate(started.parts)
            for result in (here[index] if index in here else part.result())
        ]
    finally:
        started.pool.shutdown(cancel_futures=True)
    return started.pending, results


def render_pending(settings: Mapping[str, Any]) -> None:
    """Render the pages the writer queued: in forked worker processes when there are many
    (they inherit the queue, render and write, and send back only what they wrote)."""
    global _REMEMBER, _HASHER
    tracker = _active
    if tracker is None:
        return
    early, early_results = _finish_started()
    if early:
        _record(tracker, early, early_results)
    if not tracker.pending:
        return
    if start_pending(settings):  # pages queued after the generator started the others
        pending, results = _finish_started()
    else:
        pending, tracker.pending = tracker.pending, []
        _REMEMBER = bool(settings.get(REMEMBER_SETTING, True))
        _HASHER = None
        results = [_render(render) for render in pending]
    _record(tracker, pending, results)


def _record(tracker: Tracker, pending: list[Render], results: list[_Result]) -> None:
    """What the rendered pages leave for the next build: fingerprints and written files."""
    global _HASHER
    _HASHER = None
    for render, (written, stat, fingerprint, md5) in zip(pending, results, strict=True):
        if fingerprint is not None:
            _RENDERED[render.path] = (fingerprint, stat)
        if written:
            tracker.written.append(Path(render.path))
        if md5 is not None and tracker.digests is not None:
            tracker.digests[os.path.abspath(render.path)] = (md5, stat)
    tracker.rendered += len(pending)


class CompiledTemplates(BytecodeCache):
    """Jinja's compiled templates kept in memory between the builds of one process.

    Pelican makes a new Jinja environment for every build, which parses and compiles every
    template again (about a tenth of a livereload rebuild). Jinja checks each entry against
    the template's source; the key also holds what compiling reads from the environment
    (syntax, extensions and their policies, autoescaping, finalize, how each filter and
    test is called), so a changed template or setting is compiled anew.
    """

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def get_bucket(self, environment: Any, name: str, filename: str | None, source: str) -> Any:
        from jinja2.bccache import Bucket

        key = f"{self.get_cache_key(name, filename)}:{_compile_key(environment, name)}"
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Any) -> None:
        data = self._store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def clear(self) -> None:
        self._store.clear()

    def dump_bytecode(self, bucket: Any) -> None:
        if len(self._store) >= 1000:
            self._store.clear()
        self._store[bucket.key] = bucket.bytecode_to_string()


def _compile_key(environment: Any, name: str) -> str:
    """What compiling a template reads from its environment, as a digest."""

    def called(functions: Mapping[str, Any]) -> list[tuple[str, str]]:
        return sorted((key, str(getattr(f, "jinja_pass_arg", ""))) for key, f in functions.items())

    autoescape = environment.autoescape
    finalize = environment.finalize
    parts = [
        [getattr(environment, attribute) for attribute in _SYNTAX],
        sorted(environment.extensions),
        sorted((key, repr(value)) for key, value in environment.policies.items()),
        autoescape(name) if callable(autoescape) else autoescape,
        None if finalize is None else str(getattr(finalize, "jinja_pass_arg", "")),
        called(environment.filters),
        called(environment.tests),
        environment.optimized,
        environment.is_async,
        type(environment).__qualname__,
        environment.code_generator_class.__qualname__,
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


_SYNTAX = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
)
_COMPILED = CompiledTemplates()


def share_compiled_templates(generator: Any) -> None:
    """Pelican's `generator_init`: in a process that rebuilds, the generator's Jinja
    environment reuses the templates compiled by earlier builds."""
    if generator.settings.get(REMEMBER_SETTING, True):
        generator.env.bytecode_cache = _COMPILED


def copy_theme_static(theme: Path, output: Path, settings: Mapping[str, Any]) -> None:
    """Pelican's theme static copy (THEME_STATIC_PATHS into THEME_STATIC_DIR), if changed."""
    destination = output / str(settings.get("THEME_STATIC_DIR") or "theme")
    for name in settings.get(THEME_STATIC_SETTING) or ():
        source = theme / str(name)
        files = [source] if source.is_file() else sorted(p for p in source.rglob("*"))
        for path in files:
            if not path.is_file() or path.name.startswith("."):
                continue
            relative = path.name if path == source else path.relative_to(source).as_posix()
            write_if_changed(destination / relative, path.read_bytes())


def _unsafe_root(root: Path, content: Path | None) -> str | None:
    """Why pruning `root` could delete what is not build output (None when it is safe)."""
    if root == Path(root.anchor) or root == Path.home().resolve():
        return "it is the file-system root or the home folder"
    if content is not None and (content == root or root in content.parents):
        return "it contains the content folder"
    if (root / "pelicanconf.py").exists() or (root / ".git").exists():
        return "it looks like a project folder"
    return None


def prune(
    tracker: Tracker, *, content: Path | None = None, retention: Iterable[str] = ()
) -> list[Path]:
    """Delete files under the tracker's root this build did not produce; return them.

    Never leaves the root (symlinked folders are not followed, a symlink is removed as a
    link) and keeps top-level names in OUTPUT_RETENTION, like Pelican's own cleaning.
    The publish manifest is kept only when the build changed nothing (it is then still
    true); otherwise it goes, and `invoke publish` writes a new one.
    """
    root = tracker.root
    if not root.is_dir():
        return []
    reason = _unsafe_root(root, content.resolve() if content is not None else None)
    if reason is not None:
        logger.warning("Not removing stale files from %s: %s", root, reason)
        return []
    keep_top = set(retention)
    deleted: list[Path] = []
    top = str(root)
    left: dict[str, int] = {}  # folder -> entries it still holds, parents before children
    for folder, dirs, files in os.walk(top, topdown=True, followlinks=False):
        remaining = len(files) + len(dirs)
        if folder == top:
            dirs[:] = [d for d in dirs if d not in keep_top]
        links = [d for d in dirs if os.path.islink(os.path.join(folder, d))]
        for name in files + links:
            if folder == top and (name in keep_top or name == MANIFEST_NAME):
                continue
            path = os.path.join(folder, name)
            if name.endswith(".tmp") and name.startswith("."):
                pass  # a write interrupted earlier: never output, always removed
            elif path in tracker.produced:
                continue
            os.unlink(path)
            deleted.append(Path(path))
            remaining -= 1
        left[folder] = remaining
    tracker.deleted.extend(deleted)
    manifest = root / MANIFEST_NAME
    if tracker.changed and manifest.exists():
        manifest.unlink()
    for folder in reversed(list(left)):  # children first, so a folder they empty goes too
        if folder != top and left[folder] == 0:
            os.rmdir(folder)
            left[os.path.dirname(folder)] -= 1
    return deleted
