"""Load and validate everything in content/ into a Catalog, collecting every problem.

The same function serves `invoke validate` and the build, so the two can never
disagree. Nothing here raises on bad content: each file's problems are
collected and the next file is read, so HR sees every mistake in one run.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import re
import time
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from . import iso
from .catalog import (
    Catalog,
    FaqEntry,
    Job,
    Packed,
    PageEntry,
    Question,
    TribeEntry,
    job_path,
    site_languages,
)
from .compliance import Rules, check_posting, rules_for
from .frontmatter import Document, ReadError, parse_yaml, read_bytes, read_document, read_text
from .i18n import SOURCE_LANG, catalogue_path
from .models import ID_PATTERN, Faq, Location, Page, Posting, Process, Tribe
from .problems import ContentError, Loc, Problem, Severity, from_validation_error

if TYPE_CHECKING:
    import markdown

# Python-Markdown and the render cache (with its worker pools) are imported where a build
# renders, not here: `invoke validate` never renders, and they cost 25 ms of its start-up.

M = TypeVar("M", bound=BaseModel)

CATALOG_SETTING = "CAREERS_CATALOG"  # set by the plugin once content is validated

# Top-level folders the site itself uses: a content page with one of these ids would clash.
RESERVED_PAGE_IDS = frozenset(
    {
        "admin",
        "assets",
        "contracts",
        "faq",
        "feeds",
        "jobs",
        "locations",
        "pagefind",
        "remote",
        "theme",
        "tribes",
    }
)
UNSAFE_LINK = re.compile(r"\]\(\s*(?:javascript|data|vbscript):", re.IGNORECASE)
QUESTION = re.compile(r"^##(?!#)\s*(.*?)\s*#*\s*$")


@dataclass
class Result:
    catalog: Catalog | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]


class Renderer:
    """Python-Markdown with raw HTML disabled: the body is text, never markup to trust."""

    def __init__(self) -> None:
        import markdown

        self._md: markdown.Markdown = markdown.Markdown(
            extensions=["tables", "sane_lists", "fenced_code"], output_format="html"
        )
        self._md.preprocessors.deregister("html_block")
        self._md.inlinePatterns.deregister("html")
        from .quick_inline import install

        install(self._md)  # the same output in about half the time (see the module)

    def __call__(self, text: str) -> str:
        self._md.reset()
        return self._md.convert(text)


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model that owns the keys at `loc` (e.g. Salary for `('salary',)`)."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = _find_model(info.annotation)
    return current


def _find_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is None and not isinstance(annotation, types.UnionType):
        return None
    for arg in typing.get_args(annotation):
        found = _find_model(arg)
        if found is not None:
            return found
    return None


def _validate(
    model: type[M],
    data: Any,
    doc_path: str,
    lines: Mapping[Loc, int],
    problems: list[Problem],
    context: Mapping[str, Any] | None = None,
    prefix: Loc = (),
) -> M | None:
    def keys_at(loc: Loc) -> list[str]:
        owner = _model_at(model, loc[len(prefix) :])
        return list(owner.model_fields) if owner else []

    try:
        return model.model_validate(data, context=dict(context or {}))
    except ValidationError as exc:
        default = lines.get(prefix, 1)
        problems.extend(from_validation_error(exc, doc_path, lines, default, keys_at, prefix))
        return None


def _files(folder: Path, root: Path, problems: list[Problem]) -> list[tuple[str, str, str]]:
    """(id, path, shown path) of each `.md` file, sorted; other files get a warning.

    One `os.scandir` (whose entries know whether they are folders without another
    `stat`) instead of `Path.iterdir` and `is_dir` per file, and paths as strings (a
    `Path` per file costs more than the listing): 1,000 postings are listed in about a
    millisecond.
    """
    try:
        with os.scandir(folder) as listing:
            entries = sorted(
                ((entry.name, entry.is_dir()) for entry in listing), key=lambda e: e[0]
            )
    except (FileNotFoundError, NotADirectoryError):
        return []
    shown_folder = folder.relative_to(root.parent).as_posix()
    folder_path = str(folder)
    found = []
    for name, is_dir in entries:
        if name.startswith(".") or is_dir:
            continue
        shown = f"{shown_folder}/{name}"
        stem, dot, suffix = name.rpartition(".")
        if not dot or not stem or suffix != "md":
            problems.append(
                Problem(
                    shown,
                    1,
                    "(file)",
                    "ignored: content files must end in `.md`",
                    Severity.WARNING,
                )
            )
            continue
        if not ID_PATTERN.fullmatch(stem):
            problems.append(
                Problem(
                    shown,
                    1,
                    "(file name)",
                    f"`{name}` cannot be a page address; rename it with lowercase letters, "
                    "digits and hyphens only, e.g. `backend-engineer.md`",
                )
            )
            continue
        found.append((stem, os.path.join(folder_path, name), shown))
    return found


def _document(
    path: Path | str,
    shown: str,
    problems: list[Problem],
    remember: bool = True,
    raw: bytes | None = None,
) -> Document | None:
    try:
        doc = read_document(path, shown, remember=remember, raw=raw)
    except ReadError as exc:
        problems.append(exc.problem)
        return None
    problems.extend(doc.problems)
    return doc


def _body(doc: Document, problems: list[Problem], what: str) -> bool:
    if not doc.body or doc.body.isspace():  # `not body.strip()`, without copying the body
        problems.append(
            Problem(
                doc.path,
                doc.body_line,
                "(body)",
                f"the text after the closing `---` is empty; write {what} there",
            )
        )
        return False
    if UNSAFE_LINK.search(doc.body) is None:
        return True  # no line has one (a match in a line is a match in the body)
    for number, line in enumerate(doc.body.split("\n"), start=doc.body_line):
        if UNSAFE_LINK.search(line):
            problems.append(
                Problem(
                    doc.path,
                    number,
                    "(body)",
                    "links must start with https://, http://, mailto: or /",
                )
            )
            return False
    return True


def _yaml_file(
    path: Path, root: Path, problems: list[Problem], remember: bool = True
) -> tuple[Any, dict[Loc, int], str] | None:
    shown = path.relative_to(root.parent).as_posix()
    if not path.is_file():
        return None
    try:
        data, lines, structural = parse_yaml(read_text(path, shown), shown, remember=remember)
    except ReadError as exc:
        problems.append(exc.problem)
        return None
    problems.extend(structural)
    return data, lines, shown


def _load_locations(
    root: Path, problems: list[Problem], remember: bool = True
) -> dict[str, Location]:
    loaded = _yaml_file(root / "locations.yml", root, problems, remember)
    if loaded is None:
        return {}
    data, lines, shown = loaded
    if data is None:
        return {}
    if not isinstance(data, dict):
        problems.append(
            Problem(shown, 1, "(file)", "write one `id:` per location with its fields indented")
        )
        return {}
    locations = {}
    for key, value in data.items():
        if not ID_PATTERN.fullmatch(key):
            problems.append(
                Problem(
                    shown,
                    lines.get((key,), 1),
                    key,
                    "a location id uses lowercase letters, digits and hyphens, e.g. `paris`",
                )
            )
            continue
        location = _validate(Location, value, shown, lines, problems, prefix=(key,))
        if location is not None:
            locations[key] = location
    return locations


def _questions(
    doc: Document, renderer: Callable[[str], str], problems: list[Problem]
) -> FaqEntry | None:
    intro: list[str] = []
    blocks: list[tuple[str, int, list[str]]] = []
    fenced = False
    for number, line in enumerate(doc.body.split("\n"), start=doc.body_line):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        match = None if fenced else QUESTION.match(line)
        if match:
            blocks.append((match.group(1), number, []))
        elif blocks:
            blocks[-1][2].append(line)
        else:
            intro.append(line)
    if not blocks:
        problems.append(
            Problem(
                doc.path,
                doc.body_line,
                "(body)",
                "no question found; start each question with `## ` on its own line, "
                "followed by its answer",
            )
        )
        return None
    questions = []
    seen: set[str] = set()
    ok = True
    for text, number, answer in blocks:
        if not text or not "\n".join(answer).strip():
            problems.append(
                Problem(
                    doc.path,
                    number,
                    "(body)",
                    "this question has no answer; write it under the `## ` line"
                    if text
                    else "the `## ` line is empty; write the question after it",
                )
            )
            ok = False
            continue
        anchor = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "question"
        base, n = anchor, 2
        while anchor in seen:
            anchor, n = f"{base}-{n}", n + 1
        seen.add(anchor)
        questions.append(Question(anchor, text, renderer("\n".join(answer))))
    if not ok:
        return None
    meta = _validate(Faq, doc.data, doc.path, doc.lines, problems)
    if meta is None:
        return None
    stem = Path(doc.path).stem
    return FaqEntry(stem, doc.path, meta, renderer("\n".join(intro)), tuple(questions))


def today_from(settings: Mapping[str, Any]) -> dt.date:
    """The day against which `valid_through` is measured: a setting, else the real date."""
    value = settings.get("CAREERS_TODAY")
    if isinstance(value, dt.date):
        return value
    if value:
        return dt.date.fromisoformat(str(value))
    return dt.date.today()


def _skip(text: str) -> str:
    return ""


class _CachedRenderer:
    """Markdown through the content-hash cache; Python-Markdown is only built on a miss."""

    def __init__(self) -> None:
        self._md: Renderer | None = None

    def _render(self, text: str) -> str:
        if self._md is None:
            self._md = Renderer()
        return self._md(text)

    def __call__(self, text: str) -> str:
        from . import cache

        return cache.render_text(text, self._render)


def check_content(root: Path, settings: Mapping[str, Any], *, render: bool = True) -> Result:
    """Read and validate all of content/; the catalog is None when there are errors.

    `render=False` (for `invoke validate`) skips Markdown conversion, the costly
    part, and leaves every job's body empty. Rendering goes through the content-hash
    cache (see cache.py): job bodies that miss it are rendered after validation, in
    parallel processes when there are many.
    """
    root = root.resolve()
    problems: list[Problem] = []
    remember = bool(settings.get("CAREERS_REMEMBER_PAGES", True))
    if render:
        from . import cache

        cache.store_for(settings).begin()
    renderer: Callable[[str], str] = _CachedRenderer() if render else _skip

    locations = _load_locations(root, problems, remember)

    process: tuple[Any, ...] = ()
    loaded = _yaml_file(root / "process.yml", root, problems, remember)
    if loaded is not None:
        data, lines, shown = loaded
        steps = _validate(Process, data, shown, lines, problems)
        process = tuple(steps.steps) if steps is not None else ()

    tribes: dict[str, TribeEntry] = {}
    tribe_ids: set[str] = set()
    for stem, path, shown in _files(root / "tribes", root, problems):
        tribe_ids.add(stem)  # known even when invalid, so postings don't error twice
        doc = _document(path, shown, problems, remember)
        if doc is None:
            continue
        tribe = _validate(Tribe, doc.data, shown, doc.lines, problems)
        if _body(doc, problems, "what the tribe does") and tribe is not None:
            tribes[stem] = TribeEntry(stem, shown, tribe, renderer(doc.body))

    faqs: dict[str, FaqEntry] = {}
    faq_ids: set[str] = set()
    for stem, path, shown in _files(root / "faq", root, problems):
        faq_ids.add(stem)
        doc = _document(path, shown, problems, remember)
        if doc is None or not _body(doc, problems, "the questions and answers"):
            continue
        entry = _questions(doc, renderer, problems)
        if entry is not None:
            faqs[stem] = entry

    pages: dict[str, PageEntry] = {}
    for stem, path, shown in _files(root / "pages", root, problems):
        if stem in RESERVED_PAGE_IDS:
            problems.append(
                Problem(
                    shown,
                    1,
                    "(file name)",
                    f"`{stem}` is an address the site itself uses (/{stem}/); rename the file",
                )
            )
            continue
        doc = _document(path, shown, problems, remember)
        if doc is None:
            continue
        page = _validate(Page, doc.data, shown, doc.lines, problems)
        if _body(doc, problems, "the page text") and page is not None:
            pages[stem] = PageEntry(stem, shown, page, renderer(doc.body))

    context = {
        "tribes": tribe_ids,
        "locations": set(locations),
        "faq": faq_ids,
        "default_apply": bool(
            settings.get("CAREERS_APPLY_URL") or settings.get("CAREERS_APPLY_EMAIL")
        ),
    }
    places = {loc.city for loc in locations.values()}
    for loc in locations.values():
        country = iso.country(loc.country)
        if country is not None:
            places.add(country["name"])
    company = settings.get("COMPANY_NAME")
    jobs: dict[str, Job] = {}
    bodies: dict[str, str] = {}
    lines_of: dict[str, Mapping[Loc, int]] = {}
    job_files = _files(root / "jobs", root, problems)
    # Everything a posting's checks read besides its own bytes (see _check_posting_file).
    shared = repr(
        (
            sorted(tribe_ids),
            sorted(locations.items()),
            sorted(faq_ids),
            context["default_apply"],
            sorted(places),
            company,
            settings.get("CAREERS_COMPLIANCE"),
            settings.get("DEFAULT_LANG"),
        )
    )
    rules: list[Rules] = []  # read when the first valid posting needs them
    frozen_places = frozenset(places)
    # Python's cyclic garbage collector is paused while the postings are read: 1,000 of
    # them allocate about 150,000 containers (YAML nodes, dicts, lists, models), which
    # would start about 50 collections that find next to nothing (reading makes few
    # reference cycles). What the loop keeps is scanned once afterwards instead: about
    # 2-3 ms less CPU for `invoke validate` at 1,000 postings. Nothing is rendered or
    # forked meanwhile.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for stem, path, shown in job_files:
            checked = _check_posting_file(
                path, shown, shared, context, frozen_places, locations, settings, rules
            )
            problems.extend(checked.problems)
            if checked.posting is not None:
                jobs[stem] = Job(stem, shown, checked.posting, "")
                if render:  # `invoke validate` keeps no body: 9 MB fewer at 1,000 postings
                    bodies[stem] = checked.body
                lines_of[stem] = checked.lines
    finally:
        if collecting:
            gc.enable()
    problems.extend(_check_languages(root, settings))
    problems.extend(_check_translations(jobs, lines_of, {s for s, _, _ in job_files}, settings))
    if not job_files:
        problems.append(
            Problem(
                (root / "jobs").relative_to(root.parent).as_posix(),
                1,
                "(folder)",
                "no job postings yet; add one with `invoke new`",
                Severity.WARNING,
            )
        )

    problems.sort(key=lambda p: (p.path, p.line, p.field, p.message))
    if any(p.severity is Severity.ERROR for p in problems):
        return Result(None, problems)
    if render:
        jobs = _render_jobs(jobs, bodies, settings)
    catalog = Catalog(
        today=today_from(settings),
        jobs=jobs,
        tribes=tribes,
        faqs=faqs,
        locations=locations,
        process=process,
        pages=pages,
        drafts=bool(settings.get("CAREERS_DRAFTS")),
        default_lang=site_languages(settings)[0],
        languages=site_languages(settings),
    )
    return Result(catalog, problems)


@dataclass(frozen=True)
class _Checked:
    """One posting file, validated: its model (None if invalid), body, lines, problems."""

    posting: Posting | None
    body: str
    lines: Mapping[Loc, int]
    problems: tuple[Problem, ...]


# (shown path, SHA-256 of the file's bytes, shared inputs) -> its result, kept between the
# builds of one process (livereload; a one-shot build, CAREERS_REMEMBER_PAGES off, keeps
# none): an unchanged posting is not parsed and validated again. Emptied when it holds
# _CHECKED_LIMIT results, so it cannot grow without bound.
_CHECKED: dict[tuple[str, bytes, str], _Checked] = {}
_CHECKED_LIMIT = 20000

# File path -> (its stat signature, the SHA-256 of the bytes read under that signature), so
# that a rebuild need not read and hash every posting again to find it unchanged. A file
# cannot change without changing its signature: any write or replacement sets its ctime
# (and mtime) to the clock's time, and a replaced file has another inode. Only the clock's
# resolution (a few ms; one or two seconds on some file systems) lets a second write keep
# the first one's times, so a signature is kept only for a file whose times were already
# _SETTLED_NS old when it was read (the "racily clean" rule of git's index): a write after
# that read gets later times. A file saved more recently is read again on each rebuild
# until it has settled.
Signature = tuple[int, int, int, int, int]
_READ: dict[str, tuple[Signature, bytes]] = {}
_SETTLED_NS = 3_000_000_000


def _signature(path: str) -> Signature | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _check_posting_file(
    path: str,
    shown: str,
    shared: str,
    context: Mapping[str, Any],
    places: frozenset[str],
    locations: Mapping[str, Location],
    settings: Mapping[str, Any],
    rules: list[Rules],
) -> _Checked:
    """Validate one posting file; the result is a pure function of the file's bytes and
    `shared` (the ids and settings its checks read), so it is reused while both are."""
    data, key = None, None
    remember = bool(settings.get("CAREERS_REMEMBER_PAGES", True))
    if remember:
        signature = _signature(path)
        known = _READ.get(path)
        if known is not None and known[0] == signature:
            found = _CHECKED.get((shown, known[1], shared))
            if found is not None:
                return found
        started = time.time_ns()
        try:
            data = read_bytes(path)
        except OSError:
            data = None
        if data is not None:
            import hashlib  # here: a one-shot check (`invoke validate`) needs none

            digest = hashlib.sha256(data).digest()
            key = (shown, digest, shared)
            if (
                signature is not None
                and max(signature[3:]) < started - _SETTLED_NS  # settled when read
                and _signature(path) == signature  # and not saved while read
            ):
                if len(_READ) >= _CHECKED_LIMIT:
                    _READ.clear()
                _READ[path] = (signature, digest)
            else:
                _READ.pop(path, None)
            found = _CHECKED.get(key)
            if found is not None:
                return found
    problems: list[Problem] = []
    # Parsed from the very bytes hashed into `key`, so the result belongs to that key.
    doc = _document(path, shown, problems, remember, data)
    result = _Checked(None, "", {}, ())
    if doc is not None:
        posting = _validate(Posting, doc.data, shown, doc.lines, problems, context)
        if _body(doc, problems, "the job description") and posting is not None:
            company = settings.get("COMPANY_NAME")
            if not rules:
                rules.append(rules_for(settings))
            problems.extend(
                check_posting(posting, doc, places, company, locations, settings, rules[0])
            )
            result = _Checked(posting, doc.body, doc.lines, ())
    result = _Checked(result.posting, result.body, result.lines, tuple(problems))
    if key is not None:
        if len(_CHECKED) >= _CHECKED_LIMIT:
            _CHECKED.clear()
        _CHECKED[key] = result
    return result


LANGUAGES_SETTING = "CAREERS_LANGUAGES"


def _setting_line(root: Path, name: str) -> tuple[str, int]:
    """Where a setting is written (pelicanconf.py next to content/), for messages."""
    conf = root.parent / "pelicanconf.py"
    try:
        for number, line in enumerate(conf.read_text("utf-8").splitlines(), start=1):
            if line.startswith(name):
                return "pelicanconf.py", number
    except OSError:
        pass
    return "pelicanconf.py", 1


def _check_languages(root: Path, settings: Mapping[str, Any]) -> list[Problem]:
    """CAREERS_LANGUAGES starts with DEFAULT_LANG, and each language has a catalogue."""
    problems: list[Problem] = []
    path, line = _setting_line(root, LANGUAGES_SETTING)
    default = str(settings.get("DEFAULT_LANG") or SOURCE_LANG)
    configured = [str(lang) for lang in settings.get(LANGUAGES_SETTING) or [default]]
    if configured[0] != default:
        problems.append(
            Problem(
                path,
                line,
                LANGUAGES_SETTING,
                f"the first language must be DEFAULT_LANG (`{default}`), not `{configured[0]}`",
            )
        )
    theme = Path(str(settings["THEME"])) if settings.get("THEME") else None
    for lang in configured:
        if theme is None:  # validation without a theme (tests): nothing to look for
            break
        if lang != SOURCE_LANG and not catalogue_path(theme, lang).is_file():
            shown = catalogue_path(Path("theme"), lang).as_posix()
            problems.append(
                Problem(
                    path,
                    line,
                    LANGUAGES_SETTING,
                    f"`{lang}` has no interface translations: add {shown} "
                    "(`invoke translations --add " + lang + "`) or remove the language",
                )
            )
    return problems


def _check_translations(
    jobs: Mapping[str, Job],
    lines_of: Mapping[str, Mapping[Loc, int]],
    ids: set[str],
    settings: Mapping[str, Any],
) -> list[Problem]:
    """Across postings: languages the site has, one posting per job and language, known keys.

    `ids` are every posting file's id (valid or not), so a key naming a posting that has
    errors of its own is not reported twice.
    """
    problems: list[Problem] = []
    languages = site_languages(settings)
    default = languages[0]
    allowed = ", ".join(languages)
    first: dict[tuple[str, str], Job] = {}
    for stem in sorted(jobs):
        job, lines = jobs[stem], lines_of[stem]
        meta = job.meta
        lang = meta.lang or default
        if meta.lang is not None and lang not in languages:
            problems.append(
                Problem(
                    job.source,
                    lines.get(("lang",), 1),
                    "lang",
                    f"`{lang}` is not one of the site's languages; use one of: {allowed} "
                    f"(or add it to {LANGUAGES_SETTING} in pelicanconf.py, with its "
                    "interface translations)",
                )
            )
            continue
        key = meta.translation_key or job.id
        if meta.translation_key is not None and meta.translation_key not in ids:
            problems.append(
                Problem(
                    job.source,
                    lines.get(("translation_key",), 1),
                    "translation_key",
                    f"no posting has the id `{meta.translation_key}`; write the file name "
                    "(without `.md`) of the posting this one translates",
                    Severity.WARNING,
                )
            )
        target = jobs.get(meta.translation_key or "")
        if target is not None and target.meta.translation_key not in (None, target.id):
            problems.append(
                Problem(
                    job.source,
                    lines.get(("translation_key",), 1),
                    "translation_key",
                    f"`{target.id}` is itself a translation of "
                    f"`{target.meta.translation_key}`; write "
                    f"`translation_key: {target.meta.translation_key}` to link them all",
                    Severity.WARNING,
                )
            )
        seen = first.get((key, lang))
        if seen is not None:
            field = "translation_key" if meta.translation_key is not None else "lang"
            problems.append(
                Problem(
                    job.source,
                    lines.get((field,), lines.get(("lang",), 1)),
                    field,
                    f"{seen.source} is already the `{lang}` version of `{key}`; a job has "
                    "one posting per language: change `lang`, or link this file to another "
                    "job with `translation_key`",
                )
            )
            continue
        first[(key, lang)] = job
    return problems


def _render_jobs(
    jobs: dict[str, Job], bodies: Mapping[str, str], settings: Mapping[str, Any]
) -> dict[str, Job]:
    """Every job with its body rendered and packed, the start of its text, and (open
    ones) its JSON-LD description for its own URL (see catalog.Job)."""
    from . import cache
    from .jsonld import absolute_url

    probe = Catalog(today=today_from(settings), default_lang=site_languages(settings)[0])
    works = [
        cache.JobWork(
            bodies[stem],
            absolute_url(
                job_path(stem, job.meta.lang or probe.default_lang, probe.default_lang), settings
            )
            if probe.is_open(job)
            else None,
        )
        for stem, job in jobs.items()
    ]
    rendered = cache.render_jobs(works, Renderer, settings)
    return {
        stem: Job(
            job.id,
            job.source,
            job.meta,
            packed,
            text,
            None
            if work.base_url is None or description is None
            else (work.base_url, description if isinstance(description, Packed) else None),
        )
        for (stem, job), work, (packed, text, description) in zip(
            jobs.items(), works, rendered, strict=True
        )
    }


def load_catalog(root: Path, settings: Mapping[str, Any]) -> Catalog:
    """The catalog for a build; raises ContentError listing every problem.

    The plugin validates once when Pelican starts (before the output folder is
    touched) and leaves the catalog in the settings; reuse it.
    """
    cached = settings.get(CATALOG_SETTING)
    if isinstance(cached, Catalog):
        return cached
    result = check_content(root, settings)
    if result.catalog is None:
        raise ContentError(result.problems)
    return result.catalog


def format_report(problems: Sequence[Problem]) -> str:
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    lines = [str(p) for p in problems]
    lines.append(f"{errors} error(s), {warnings} warning(s)")
    return "\n".join(lines)
