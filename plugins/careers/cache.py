"""Content-hash caches: the costly pure functions of a build, computed once per input.

Three functions dominate a build and depend only on their input text: Python-Markdown
(body -> HTML), the JSON-LD description cleaner (HTML -> HTML Google reads; describe.py,
BeautifulSoup for HTML of another shape) and plain text for meta descriptions (HTML ->
text). Their results are
kept in a `Store`, keyed by a SHA-256 of the input and of everything else the result
depends on (library versions, options), so a stale entry can never be served.

The store lives in memory for the life of the process (the `livereload` server keeps it
between rebuilds) and on disk under `CACHE_PATH` (one pickle, rewritten only when it
changed, holding only what the last build used, so it never grows without bound).
Deleting the folder is always safe: the next build is a cold one.

Cold builds render the Markdown of the jobs in parallel processes (`render_jobs`): the
work per job is independent and pure, and results are byte-identical to the serial path
because the very same functions run in the workers.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from multiprocessing import get_context
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .catalog import Packed

CACHE_SETTING = "CAREERS_CACHE"  # False turns the disk cache off (the memory one stays)
WORKERS_SETTING = "CAREERS_WORKERS"  # 0 = one per CPU, 1 = serial
PARALLEL_SETTING = "CAREERS_PARALLEL_MIN"  # fewer Markdown misses than this render serially
CACHE_FILE = "careers-v1.pickle"
# Everything a cached result depends on besides its input: bump on any change of the
# functions themselves (the Markdown extensions, the cleaner's rules).
# (Versions read from metadata: importing bs4 here would slow `invoke validate` down.)
# Read on first use: the metadata look-up is slow to import and `invoke validate` never
# needs it.


@lru_cache(maxsize=1)
def cache_version() -> str:
    from importlib.metadata import version

    # 2: the streaming describer and the inline shortcut (the same results by design,
    # but entries an earlier build of either may have stored are not trusted).
    # 4: job bodies kept packed (catalog.Packed), with their text (BODY and CLEAN).
    return f"4|markdown {version('markdown')}|bs4 {version('beautifulsoup4')}"


TEXT_PREFIX = 400  # plain text is only ever used for excerpts of at most this length


def digest(*parts: str) -> str:
    """A key for `parts`: NUL-separated, so ("ab", "c") and ("a", "bc") differ."""
    h = hashlib.sha256(cache_version().encode())
    for part in parts:
        h.update(b"\0")
        h.update(part.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


@dataclass
class Store:
    """Namespaced results (text; packed job bodies: see Rendered), keyed by `digest`;
    `save` keeps only what this build used."""

    path: Path | None
    # Values: text, or for job bodies (BODY, CLEAN) packed bytes and text (see Rendered).
    data: dict[str, dict[str, Any]] = field(default_factory=dict)
    used: dict[str, set[str]] = field(default_factory=dict)
    dirty: bool = False
    signature: tuple[int, int] | None = None  # (mtime_ns, size) of the file last read/written

    def get(self, namespace: str, key: str) -> Any:
        value = self.data.get(namespace, {}).get(key)
        if value is not None:
            self.used.setdefault(namespace, set()).add(key)
        return value

    def put(self, namespace: str, key: str, value: Any) -> None:
        self.data.setdefault(namespace, {})[key] = value
        self.used.setdefault(namespace, set()).add(key)
        self.dirty = True

    def offer(self, namespace: str, key: str, value: Any) -> None:
        """A result computed ahead of need (`prefetch`): kept only if a build uses it."""
        self.data.setdefault(namespace, {})[key] = value
        self.dirty = True  # saved (if used), even when every entry came this way

    def begin(self) -> None:
        """A new build starts: forget what the previous one used (for pruning)."""
        self.used = {}
        self.dirty = False
        self._reload()

    def _stat(self) -> tuple[int, int] | None:
        if self.path is None:
            return None
        try:
            st = (self.path / CACHE_FILE).stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def _reload(self) -> None:
        """Read the disk cache unless memory already holds what it holds."""
        if self.path is None:
            return
        signature = self._stat()
        if signature is None or signature == self.signature:
            return
        try:
            with (self.path / CACHE_FILE).open("rb") as handle:
                loaded = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            return  # a damaged cache is a cold build, never an error
        if isinstance(loaded, dict) and loaded.get("version") == cache_version():
            data = loaded.get("data")
            if isinstance(data, dict):
                for namespace, entries in data.items():
                    self.data.setdefault(namespace, {}).update(entries)
        self.signature = signature

    def save(self) -> None:
        """Keep only this build's entries; write the file only when that changes it."""
        pruned = False
        for namespace in list(self.data):
            keep = self.used.get(namespace, set())
            entries = self.data[namespace]
            if len(entries) != len(keep):
                self.data[namespace] = {k: v for k, v in entries.items() if k in keep}
                pruned = True
        if self.path is None or not (self.dirty or pruned or self._stat() is None):
            return
        self.path.mkdir(parents=True, exist_ok=True)
        target = self.path / CACHE_FILE
        temporary = target.with_name(f".{CACHE_FILE}.{os.getpid()}.tmp")
        with temporary.open("wb") as handle:
            pickle.dump({"version": cache_version(), "data": self.data}, handle, protocol=5)
        os.replace(temporary, target)
        self.signature = self._stat()
        self.dirty = False


_STORES: dict[str, Store] = {}
_current: Store = Store(None)


def store_for(settings: Mapping[str, Any]) -> Store:
    """The store of this settings' CACHE_PATH, kept in memory between builds."""
    global _current
    path: Path | None = None
    if settings.get(CACHE_SETTING, True) and settings.get("CACHE_PATH"):
        path = Path(str(settings["CACHE_PATH"])).resolve()
    name = str(path) if path is not None else ""
    store = _STORES.get(name)
    if store is None:
        store = _STORES[name] = Store(path)
    _current = store
    return store


def current() -> Store:
    """The store of the build running in this process (an empty memory one by default)."""
    return _current


# --- the cached functions -----------------------------------------------------------------


def plain_text(html: str) -> str:
    """The text of an HTML fragment, whitespace collapsed (the start, for excerpts)."""
    store = current()
    key = digest("text", html)
    found: str | None = store.get("text", key)
    if found is None:
        found = _plain_text(html)
        store.put("text", key, found)
    return found


def _plain_text(html: str) -> str:
    from .describe import fast_describe, text_start

    fast = fast_describe(html, None, TEXT_PREFIX)
    if fast is not None:  # our renderer's HTML (see `describe`)
        return fast[0]
    from bs4 import BeautifulSoup

    return text_start(BeautifulSoup(html, "html.parser").get_text(" "), TEXT_PREFIX)


def describe(html: str, base_url: str | None) -> tuple[str, str | None]:
    """`_plain_text(html)` and, with a base URL, `clean_description(html, base_url)`, from
    one BeautifulSoup parse (parsing is most of their cost): the text is taken before the
    cleaner changes the tree. A job body of the known shape takes the streaming path
    (describe.py), several times faster and equal to this one."""
    from .describe import fast_describe

    fast = fast_describe(html, base_url, TEXT_PREFIX)
    if fast is not None:
        return fast
    return _soup_describe(html, base_url)


def _soup_describe(html: str, base_url: str | None) -> tuple[str, str | None]:
    """`describe` through BeautifulSoup: any HTML at all."""
    from bs4 import BeautifulSoup

    from .describe import text_start
    from .jsonld import clean_soup

    soup = BeautifulSoup(html, "html.parser")
    text = text_start(soup.get_text(" "), TEXT_PREFIX)
    if base_url is None:
        return text, None
    return text, clean_soup(soup, base_url=base_url)


def memo(namespace: str, parts: Sequence[str], compute: Callable[[], str]) -> str:
    """`compute()` once per distinct `parts` (which must determine its result)."""
    store = current()
    key = digest(namespace, *parts)
    found: str | None = store.get(namespace, key)
    if found is None:
        found = compute()
        store.put(namespace, key, found)
    return found


# --- Markdown, serial or in parallel -------------------------------------------------------

_renderer: Callable[[str], str] | None = None


def _worker_init(factory: Callable[[], Callable[[str], str]]) -> None:
    global _renderer
    _renderer = factory()


# A job body's results: its packed HTML (catalog.pack), the start of its plain text, and
# its packed JSON-LD description (b"": the HTML itself; None: none was asked for).
Rendered = tuple["Packed", str, "Packed | bytes | None"]
BODY = "body"  # the store's namespace of job bodies: md key -> (packed HTML, text)
CLEAN = "description"  # JSON-LD descriptions of job bodies: clean_key(...) -> packed


def clean_key(md_key: str, base_url: str) -> str:
    """A description's key: the body's key determines its HTML, so it and the base URL
    determine the description (no digest of the HTML itself is needed)."""
    return digest(CLEAN, md_key, base_url)


def _worker_job(task: tuple[str | None, Packed | None, str | None]) -> Rendered:
    """(body or None, packed HTML or None, base_url or None) -> its Rendered."""
    from .catalog import pack

    text, packed, base_url = task
    if packed is None:
        assert _renderer is not None and text is not None
        html = _renderer(text)
        packed = pack(html)
    else:
        html = packed.unpack()
    plain, description = describe(html, base_url)
    if description is None:
        return packed, plain, None
    return packed, plain, b"" if description == html else pack(description)


def workers_for(settings: Mapping[str, Any], misses: int) -> int:
    """How many processes to render `misses` bodies with (1: in this process)."""
    wanted = int(settings.get(WORKERS_SETTING) or 0)
    if wanted <= 0:
        wanted = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    threshold = int(settings.get(PARALLEL_SETTING, 64))
    if wanted <= 1 or misses < max(threshold, 2):
        return 1
    return min(wanted, misses)


@dataclass(frozen=True)
class JobWork:
    """One job body to render, and the JSON-LD base URL its description is cleaned with."""

    body: str
    base_url: str | None


def render_jobs(
    works: Iterable[JobWork],
    factory: Callable[[], Callable[[str], str]],
    settings: Mapping[str, Any],
) -> list[Rendered]:
    """Each body's Rendered; misses are rendered (with their text and description) in
    parallel. Results land in the current store, keyed by the body's key."""
    global _WORK_KEYS
    from .catalog import pack

    store = current()
    collect_prefetch(store)
    works = list(works)
    results: list[Rendered | None] = []
    tasks: list[_Task] = []
    previous = _WORK_KEYS
    keys: dict[tuple[int, str | None], _WorkKeys] = {}
    for index, work in enumerate(works):
        known = previous.get((id(work.body), work.base_url))
        if known is None or known[0] is not work.body:
            # Else the very body of the last build (a livereload rebuild, the file
            # unchanged): its keys as computed then, not hashed again.
            md_key = digest("md", work.body)
            described = None if work.base_url is None else clean_key(md_key, work.base_url)
            known = (work.body, md_key, described)
        keys[(id(work.body), work.base_url)] = known
        _, md_key, described = known
        entry = store.get(BODY, md_key)
        clean = None
        if entry is not None and described is not None:
            clean = store.get(CLEAN, described)
        if entry is None or (described is not None and clean is None):
            packed = None if entry is None else entry[0]
            task = (work.body if packed is None else None, packed, work.base_url)
            tasks.append((index, md_key, described, task))
            results.append(None)
        else:
            results.append((entry[0], entry[1], clean))
    if tasks:
        _run(tasks, results, factory, settings)
    # Kept for the next build of a process that rebuilds (the bodies stay alive there
    # anyway: the loader keeps each unchanged posting's check); a one-shot build keeps none.
    _WORK_KEYS = keys if settings.get("CAREERS_REMEMBER_PAGES", True) else {}
    return [result if result is not None else (pack(""), "", None) for result in results]


# A job body's keys in the store, by the body's identity (kept alive with them) and its
# JSON-LD base URL, from the last build: (body, its md key, its description's or None).
_WorkKeys = tuple[str, str, str | None]
_WORK_KEYS: dict[tuple[int, str | None], _WorkKeys] = {}


# A body to render: its index among the works, its md key, its description's key (None:
# none wanted), and what the worker is given (see _worker_job).
_Task = tuple[int, str, str | None, tuple[str | None, "Packed | None", str | None]]


def _keep(
    put: Callable[[str, str, Any], None], md_key: str, described: str | None, done: Rendered
) -> None:
    """One body's results under their keys (`put`: Store.put, or Store.offer ahead);
    `described`: the key of its description (clean_key), None when none was wanted."""
    packed, text, description = done
    put(BODY, md_key, (packed, text))
    if described is not None and description is not None:
        put(CLEAN, described, description)


def _run(
    tasks: list[_Task],
    results: list[Rendered | None],
    factory: Callable[[], Callable[[str], str]],
    settings: Mapping[str, Any],
) -> None:
    store = current()
    workers = workers_for(settings, sum(1 for *_, t in tasks if t[1] is None))
    if workers > 1:
        context = get_context("fork") if hasattr(os, "fork") else None
        from .output import frozen

        with (
            frozen(),
            ProcessPoolExecutor(
                workers, mp_context=context, initializer=_worker_init, initargs=(factory,)
            ) as pool,
        ):
            chunk = max(1, len(tasks) // (workers * 8))
            done = list(pool.map(_worker_job, [t for *_, t in tasks], chunksize=chunk))
    else:
        _worker_init(factory)
        done = [_worker_job(t) for *_, t in tasks]
    for (index, md_key, described, _), rendered in zip(tasks, done, strict=True):
        _keep(store.put, md_key, described, rendered)
        results[index] = rendered


def render_text(text: str, renderer: Callable[[str], str]) -> str:
    """Markdown of a tribe, FAQ or page body, through the cache (serial: there are few)."""
    return memo("md", (text,), lambda: renderer(text))


# --- rendering ahead, while the build validates ------------------------------------------


@dataclass
class _Prefetch:
    key: tuple[Any, ...]  # what it was started for (see prefetch)
    count: int
    pool: ProcessPoolExecutor
    chunks: list[Future[list[_Ahead]]]


# A body rendered ahead: (its md key, its description's key or None, its Rendered).
_Ahead = tuple[str, str | None, Rendered]
_prefetch: _Prefetch | None = None
# The settings a prefetch worker reads: the languages and the site's address.
_AHEAD_SETTINGS = ("DEFAULT_LANG", "CAREERS_LANGUAGES", "SITEURL")
_LANG = re.compile(r"^lang:[ \t]*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)", re.MULTILINE)


def prefetch(settings: Mapping[str, Any]) -> int:
    """Start rendering the job bodies the cache lacks in worker processes, and return.

    A cold build otherwise spends its first second or so in one process: importing
    Pelican, reading and validating every file; the Markdown waits until all of that is
    done. The workers read each posting the way the loader does, guess the JSON-LD base
    URL the loader will give it (from `lang:`), and render it, meanwhile. `render_jobs`
    collects the results into the store as offers, keyed by their input like every
    entry: a body or base the loader ends up not asking for is never served, and nothing
    is written before the build validated. Only file names are handed out: this process
    holds no second copy of the bodies while it validates. Returns how many postings
    were handed out (0: too few to be worth workers, or a warm cache).
    """
    global _prefetch
    folder = Path(str(settings.get("PATH") or ".")) / "jobs"
    ahead = {name: settings.get(name) for name in _AHEAD_SETTINGS}
    key = (
        str(folder),
        repr(sorted(ahead.items())),
        str(settings.get("CACHE_PATH")),
        settings.get(CACHE_SETTING, True),
        settings.get(WORKERS_SETTING),
        settings.get(PARALLEL_SETTING),
    )
    if _prefetch is not None and _prefetch.key == key:
        return _prefetch.count  # started ahead for these very settings (see start_ahead)
    cancel_prefetch()
    store = store_for(settings)
    store.begin()
    if store.data.get(BODY):
        return 0  # not a cold build: the few misses are rendered when the loader asks
    try:
        names = sorted(n for n in os.listdir(folder) if n.endswith(".md") and n[0] != ".")
    except OSError:
        return 0
    workers = workers_for(settings, len(names))
    if workers <= 1:
        return 0
    from . import frontmatter, jsonld  # noqa: F401 - imported once, before the fork
    from .loader import Renderer

    cache_version()  # read once, here: the workers inherit it
    pool = ProcessPoolExecutor(
        workers,
        mp_context=get_context("fork") if hasattr(os, "fork") else None,
        initializer=_worker_init,
        initargs=(Renderer,),
    )
    size = max(1, len(names) // (workers * 8))
    chunks = [(str(folder), names[i : i + size], ahead) for i in range(0, len(names), size)]
    futures = [pool.submit(_prefetch_chunk, chunk) for chunk in chunks]
    _prefetch = _Prefetch(key, len(names), pool, futures)
    return len(names)


def _prefetch_chunk(chunk: tuple[str, list[str], Mapping[str, Any]]) -> list[_Ahead]:
    """In a worker: read, split and render some postings (unreadable ones are skipped:
    the loader reports them)."""
    from .catalog import job_path, site_languages
    from .frontmatter import ReadError, _split, read_text
    from .jsonld import absolute_url

    folder, names, settings = chunk
    default = site_languages(settings)[0]
    done: list[_Ahead] = []
    for name in names:
        try:
            parts = _split(read_text(Path(folder) / name, name))
        except (OSError, ReadError):
            continue
        if parts is None:
            continue
        front, body, _ = parts
        found = _LANG.search(front)
        lang = found.group(1) if found else default
        base = absolute_url(job_path(name[:-3], lang, default), settings)
        key = digest("md", body)
        done.append((key, clean_key(key, base), _worker_job((body, None, base))))
    return done


def collect_prefetch(store: Store) -> int:
    """Wait for the bodies `prefetch` handed out and offer their results to `store`."""
    global _prefetch
    if _prefetch is None:
        return 0
    running, _prefetch = _prefetch, None
    count = 0
    try:
        for future in running.chunks:
            try:
                results = future.result()
            except Exception:  # a worker failed: render_jobs renders these bodies itself
                continue
            for key, described, rendered in results:
                _keep(store.offer, key, described, rendered)
                count += 1
    finally:
        running.pool.shutdown(wait=True)
    return count


def cancel_prefetch() -> None:
    """Drop work handed out ahead (the build failed before rendering): stop the workers."""
    global _prefetch
    if _prefetch is None:
        return
    running, _prefetch = _prefetch, None
    running.pool.shutdown(wait=True, cancel_futures=True)
