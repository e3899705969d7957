"""The validated content of a site, and the questions pages and feeds ask of it.

Everything here is pure: the same content and the same `today` give the same
answers in the same order, which keeps the output byte-identical between builds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from .models import Contract, Faq, Location, Page, Posting, Remote, Status, Step, Tribe


class State(StrEnum):
    """What a candidate sees: only `open` postings are listed, indexed and in feeds."""

    OPEN = "open"
    CLOSED = "closed"  # status: closed
    EXPIRED = "expired"  # past valid_through
    DRAFT = "draft"


@dataclass(frozen=True)
class Job:
    id: str
    source: str  # path relative to the project, for messages
    meta: Posting
    html: str  # the Markdown body, rendered


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
        jobs = [job for job in self.jobs.values() if self.listed(job)]
        return sorted(jobs, key=lambda j: (-j.meta.date_posted.toordinal(), j.id))

    def page_jobs(self) -> list[Job]:
        return sorted((j for j in self.jobs.values() if self.has_page(j)), key=lambda j: j.id)

    def jobs_in_tribe(self, tribe_id: str) -> list[Job]:
        return [job for job in self.listed_jobs() if tribe_id in job.meta.tribes]

    def jobs_at(self, location_id: str) -> list[Job]:
        return [job for job in self.listed_jobs() if location_id in job.meta.locations]

    def jobs_with_contract(self, contract: Contract) -> list[Job]:
        return [job for job in self.listed_jobs() if job.meta.contract is contract]

    def jobs_with_remote(self, remote: Remote) -> list[Job]:
        return [job for job in self.listed_jobs() if job.meta.remote is remote]

    def related(self, job: Job, limit: int = 5) -> list[Job]:
        """Other listed jobs sharing a tribe with this one."""
        tribes = set(job.meta.tribes)
        others = [j for j in self.listed_jobs() if j.id != job.id and tribes & set(j.meta.tribes)]
        return others[:limit]

    def sorted_tribes(self) -> list[TribeEntry]:
        return sorted(self.tribes.values(), key=lambda t: (t.meta.order, t.meta.name, t.id))

    def sorted_faqs(self) -> list[FaqEntry]:
        return sorted(self.faqs.values(), key=lambda f: (f.meta.order, f.meta.title, f.id))

    def sorted_locations(self) -> list[tuple[str, Location]]:
        return sorted(self.locations.items(), key=lambda item: (item[1].city, item[0]))

    def process_for(self, job: Job) -> tuple[Step, ...]:
        return tuple(job.meta.process) if job.meta.process else self.process
