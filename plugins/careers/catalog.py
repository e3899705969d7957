"""The validated content of a site, and the questions pages and feeds ask of it.

Everything here is pure: the same content and the same `today` give the same
answers in the same order, which keeps the output byte-identical between builds.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .models import Contract, Faq, Location, Page, Posting, Remote, Status, Step, Tribe

EPOCH = dt.date(2000, 1, 1)  # the `updated` date of a feed that never had a job


class State(StrEnum):
    """What a candidate sees: only `open` postings are listed, indexed and in feeds."""

    OPEN = "open"
    CLOSED = "closed"  # status: closed
    EXPIRED = "expired"  # past valid_through
    DRAFT = "draft"


DEFAULT_LANG = "en"


def site_languages(settings: Mapping[str, Any]) -> tuple[str, ...]:
    """DEFAULT_LANG, then the other CAREERS_LANGUAGES: the languages postings may use."""
    default = str(settings.get("DEFAULT_LANG") or DEFAULT_LANG)
    configured = [str(lang) for lang in settings.get("CAREERS_LANGUAGES") or ()]
    return tuple(dict.fromkeys([default, *configured]))


def lang_prefix(lang: str, default_lang: str) -> str:
    """`""` for the site's default language, `/fr` for French: where a language's pages live."""
    return "" if lang == default_lang else f"/{lang.lower()}"


def job_path(job_id: str, lang: str, default_lang: str) -> str:
    """A posting's URL path: `/jobs/<id>/`, or `/fr/jobs/<id>/` in another language.

    The one place job URLs are made: pages, JSON-LD, feeds, the sitemap, the Indeed feed
    and the search index all ask here (through `Catalog.job_path` or `jsonld.job_url`).
    """
    return f"{lang_prefix(lang, default_lang)}/jobs/{job_id}/"


def jobs_path(lang: str, default_lang: str) -> str:
    """The listing of a language's postings: `/jobs/`, `/fr/jobs/`."""
    return f"{lang_prefix(lang, default_lang)}/jobs/"


class Packed:
    """A job's rendered HTML (or JSON-LD description) as a build keeps it (`pack`):
    zlib-compressed, about a quarter of the size, in chunks of memory shared by many.

    Five thousand bodies are 45 MB as text. And an object of its own is copied, page by
    page, into every forked worker that merely reads it: reading writes its reference
    count. Here a worker reading a body writes only to this small object; the bytes
    themselves, in a chunk nobody writes to once filled, stay shared.
    """

    __slots__ = ("_view",)

    def __init__(self, data: bytes) -> None:
        self._view = _ARENA.add(data)

    def __bytes__(self) -> bytes:
        return self._view.tobytes()

    def __len__(self) -> int:
        return len(self._view)

    def __reduce__(self) -> tuple[type[Packed], tuple[bytes]]:
        return Packed, (self._view.tobytes(),)  # pickled (cache file, workers) as bytes

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Packed):
            return NotImplemented
        return self._view == other._view

    def __hash__(self) -> int:
        return hash(self._view.tobytes())

    def unpack(self) -> str:
        """The text; the last one unpacked is kept, since a job page reads its body twice
        (its JSON-LD description is usually the body itself)."""
        global _LAST
        last = _LAST
        if last is not None and last[0] is self:
            return last[1]
        text = zlib.decompress(self._view).decode("utf-8", "surrogatepass")
        _LAST = (self, text)
        return text


_LAST: tuple[Packed, str] | None = None  # (the last Packed unpacked, its text)


class _Arena:
    """Chunks that packed bodies are copied into, back to back (see Packed). A chunk lives
    as long as a body in it does. Thread-safe: a process pool's thread unpickles the
    bodies its workers send while this process may be loading the cache file."""

    CHUNK = 1 << 20

    def __init__(self) -> None:
        self._chunk = bytearray()
        self._used = 0
        self._lock = threading.Lock()

    def add(self, data: bytes) -> memoryview:
        size = len(data)
        if size > self.CHUNK // 8:
            return memoryview(bytes(data))  # a big one: on its own
        with self._lock:
            if self._used + size > len(self._chunk):
                self._chunk = bytearray(self.CHUNK)
                self._used = 0
            start = self._used
            self._used += size
            chunk = self._chunk
        chunk[start : start + size] = data  # its own range; the same length: not resized
        return memoryview(chunk)[start : start + size].toreadonly()

    def after_fork(self) -> None:
        self._lock = threading.Lock()  # a lock held by another thread at the fork


_ARENA = _Arena()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_ARENA.after_fork)


def pack(html: str) -> Packed:
    return Packed(zlib.compress(html.encode("utf-8", "surrogatepass"), 1))


def unpack(data: Packed) -> str:
    return data.unpack()


@dataclass(frozen=True)
class Job:
    id: str
    source: str  # path relative to the project, for messages
    meta: Posting
    body: str | Packed = ""  # the Markdown body rendered: HTML, or packed (`pack`)
    text: str | None = None  # the start of its plain text (cache.TEXT_PREFIX), when known
    # Its JSON-LD description, as cleaned for a base URL: (that URL, the description packed,
    # or None when it is the HTML itself); None when not made with the body.
    description: tuple[str, Packed | None] | None = None

    @property
    def html(self) -> str:
        """The rendered body (unpacked on each use: only its own page and feeds read it)."""
        body = self.body
        return body if isinstance(body, str) else body.unpack()


@dataclass(frozen=True)
class TribeEntry:
    id: str
    source: str
    meta: Tribe
    html: str


@dataclass(frozen=True)
class Question:
    id: str  # anchor, unique within its FAQ
    question: str
    html: str  # the answer


@dataclass(frozen=True)
class FaqEntry:
    id: str
    source: str
    meta: Faq
    intro_html: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class PageEntry:
    id: str
    source: str
    meta: Page
    html: str


@dataclass
class Catalog:
    today: dt.date
    jobs: dict[str, Job] = field(default_factory=dict)
    tribes: dict[str, TribeEntry] = field(default_factory=dict)
    faqs: dict[str, FaqEntry] = field(default_factory=dict)
    locations: dict[str, Location] = field(default_factory=dict)
    process: tuple[Step, ...] = ()
    pages: dict[str, PageEntry] = field(default_factory=dict)
    drafts: bool = False  # a preview build shows drafts (with a banner)
    default_lang: str = DEFAULT_LANG  # DEFAULT_LANG: its postings live at /jobs/<id>/
    languages: tuple[str, ...] = (DEFAULT_LANG,)  # CAREERS_LANGUAGES, the default first

    # --- languages ----------------------------------------------------------------------

    def lang_of(self, job: Job) -> str:
        """The language a posting is written in (`lang:`, else the site's)."""
        return job.meta.lang or self.default_lang

    def translation_key(self, job: Job) -> str:
        """What links the translations of one job: `translation_key:`, else the job's id."""
        return job.meta.translation_key or job.id

    def job_path(self, job: Job) -> str:
        return job_path(job.id, self.lang_of(job), self.default_lang)

    def jobs_path(self, lang: str) -> str:
        return jobs_path(lang, self.default_lang)

    def translations(self, job: Job) -> list[Job]:
        """The versions of this job a reader may switch to, in CAREERS_LANGUAGES order.

        The job itself, plus its translations that are listed in this build (open ones,
        and drafts in a preview): a closed or expired translation is not offered.
        """
        found = [
            other
            for other in self._by_translation_key().get(self.translation_key(job), ())
            if other is job or self.listed(other)
        ]
        return sorted(found, key=lambda j: (self._lang_rank(self.lang_of(j)), j.id))

    def _by_translation_key(self) -> dict[str, list[Job]]:
        """Every job by its translation key: built once, so `translations` is not a scan of
        every job for every job. Rebuilt when `jobs` is another dict or changed size; code
        that replaces a job in place must call `reindex()`."""
        signature = (id(self.jobs), len(self.jobs))
        index = self.__dict__.get("_translation_index")
        if index is None or index[0] != signature:
            groups: dict[str, list[Job]] = {}
            for other in self.jobs.values():
                groups.setdefault(self.translation_key(other), []).append(other)
            index = (signature, groups)
            # Not a dataclass field: fingerprints and equality see only the content.
            self.__dict__["_translation_index"] = index
        return index[1]

    def reindex(self) -> None:
        """Forget the indexes (after replacing a job in `jobs` in place)."""
        self.__dict__.pop("_translation_index", None)
        self.__dict__.pop("_listed_index", None)

    def _lang_rank(self, lang: str) -> int:
        return self.languages.index(lang) if lang in self.languages else len(self.languages)

    def listing_languages(self) -> list[str]:
        """The default language, then every other language with a listed posting."""
        have = {self.lang_of(job) for job in self.jobs.values() if self.listed(job)}
        return [lang for lang in self.languages if lang == self.default_lang or lang in have]

    def listed_in(self, lang: str) -> list[Job]:
        """Listed postings written in `lang`, newest first (what /jobs/ or /fr/jobs/ shows)."""
        return list(self._listed().get(lang, ()))

    # --- states -------------------------------------------------------------------------

    def last_change(self, jobs: Iterable[Job] | None = None) -> dt.date:
        """The newest date a list of these jobs changed on, known from content alone.

        A job enters on `date_posted` and an expired one leaves the day after
        `valid_through`; drafts never touch a published feed. Feeds use it as their
        `updated` date, so an unchanged site gives byte-identical feeds.
        """
        dates = [EPOCH]
        for job in self.jobs.values() if jobs is None else jobs:
            state = self.state(job)
            if state is State.DRAFT:
                continue
            dates.append(job.meta.date_posted)
            if state is State.EXPIRED and job.meta.valid_through is not None:
                dates.append(job.meta.valid_through + dt.timedelta(days=1))
        return max(dates)

    def state(self, job: Job) -> State:
        meta = job.meta
        if meta.status is Status.DRAFT:
            return State.DRAFT
        if meta.status is Status.CLOSED:
            return State.CLOSED
        if meta.valid_through is not None and meta.valid_through < self.today:
            return State.EXPIRED
        return State.OPEN

    def is_open(self, job: Job) -> bool:
        return self.state(job) is State.OPEN

    def has_page(self, job: Job) -> bool:
        """Closed and expired jobs keep their page; drafts only in a preview build."""
        return self.state(job) is not State.DRAFT or self.drafts

    def listed(self, job: Job) -> bool:
        """In the listings of this build: open jobs, plus drafts in a preview build."""
        state = self.state(job)
        return state is State.OPEN or (state is State.DRAFT and self.drafts)

    def open_jobs(self) -> list[Job]:
        """Newest first, then by id, so the order never depends on the file system."""
        jobs = [job for job in self.jobs.values() if self.is_open(job)]
        return sorted(jobs, key=lambda j: (-j.meta.date_posted.toordinal(), j.id))

    def listed_jobs(self) -> list[Job]:
        return list(self._listed()[None])

    def _listed(self) -> dict[str | None, tuple[Job, ...]]:
        """Listed jobs, newest first (key None), and those of each language: sorted once
        per catalog, not for each of the dozens of listing and filter pages asking.
        Rebuilt when a job in `jobs` is another object, or `today`, `drafts` or the
        default language changed."""
        jobs_now = tuple(self.jobs.values())  # kept in the index: identities stay unique
        settings = (self.today, self.drafts, self.default_lang)
        index = self.__dict__.get("_listed_index")
        if (
            index is None
            or index[0][1] != settings
            or len(index[0][0]) != len(jobs_now)
            or any(a is not b for a, b in zip(index[0][0], jobs_now, strict=True))
        ):
            signature = (jobs_now, settings)
            jobs = [job for job in self.jobs.values() if self.listed(job)]
            jobs.sort(key=lambda j: (-j.meta.date_posted.toordinal(), j.id))
            groups: dict[str | None, list[Job]] = {None: jobs}
            for job in jobs:
                groups.setdefault(self.lang_of(job), []).append(job)
            index = (signature, {key: tuple(value) for key, value in groups.items()})
            self.__dict__["_listed_index"] = index  # not a field, as the translation index
        return index[1]

    def page_jobs(self) -> list[Job]:
        return sorted((j for j in self.jobs.values() if self.has_page(j)), key=lambda j: j.id)

    # The static filter pages list the postings of one language (the default one unless
    # `lang` is given): a reader of /tribes/platform/ gets each job once, in that language.

    def jobs_in_tribe(self, tribe_id: str, lang: str | None = None) -> list[Job]:
        listed = self.listed_in(lang or self.default_lang)
        return [job for job in listed if tribe_id in job.meta.tribes]

    def jobs_at(self, location_id: str, lang: str | None = None) -> list[Job]:
        listed = self.listed_in(lang or self.default_lang)
        return [job for job in listed if location_id in job.meta.locations]

    def jobs_with_contract(self, contract: Contract, lang: str | None = None) -> list[Job]:
        listed = self.listed_in(lang or self.default_lang)
        return [job for job in listed if job.meta.contract is contract]

    def jobs_with_remote(self, remote: Remote, lang: str | None = None) -> list[Job]:
        listed = self.listed_in(lang or self.default_lang)
        return [job for job in listed if job.meta.remote is remote]

    def related(self, job: Job, limit: int = 5) -> list[Job]:
        """Other listed jobs in the same language sharing a tribe with this one."""
        tribes = set(job.meta.tribes)
        others = [
            j
            for j in self.listed_in(self.lang_of(job))
            if j.id != job.id and tribes & set(j.meta.tribes)
        ]
        return others[:limit]

    def sorted_tribes(self) -> list[TribeEntry]:
        return sorted(self.tribes.values(), key=lambda t: (t.meta.order, t.meta.name, t.id))

    def sorted_faqs(self) -> list[FaqEntry]:
        return sorted(self.faqs.values(), key=lambda f: (f.meta.order, f.meta.title, f.id))

    def sorted_locations(self) -> list[tuple[str, Location]]:
        return sorted(self.locations.items(), key=lambda item: (item[1].city, item[0]))

    def process_for(self, job: Job) -> tuple[Step, ...]:
        return tuple(job.meta.process) if job.meta.process else self.process
