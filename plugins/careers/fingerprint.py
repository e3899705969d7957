"""Fingerprints of what a page is rendered from, so a rebuild can skip unchanged pages.

`invoke livereload` rebuilds in one process after every save. Rendering every page
template again costs far more than the one or two pages a save changes, so the writer
(output.py) keeps, in memory, the fingerprint of each page's render inputs: the page's
template variables (Pelican's context, which holds the settings and the catalog, and the
page's own variables), the Jinja globals at the time (the language's gettext), the
template's name and every file of the theme (templates, translations, assets). A page
whose fingerprint and output file are unchanged is not rendered again.

A fingerprint is a SHA-256 of the values pickled by the C pickler (one call per page, not
a walk in Python; strings are copied, not escaped as JSON or repr would, which is what
made fingerprints cost a third of a rebuild). Pickle's memo is off, so the bytes depend
on the values only, never on which objects are shared. Plain data (strings, numbers,
containers, enums, dates, paths) is pickled as itself; other values through the
pickler's `reducer_override` hook as a tagged stand-in — dataclasses field by field,
Pydantic models by their repr (every field), functions by name and the values they
close over, other objects by their attributes. Values shared by many pages (a page's
variables and the parts of its context, jobs, functions, big containers) stand in as
their digest, computed once per build (memoised by identity); frozen Pydantic models (a
posting's front matter, reused by the loader while its file is unchanged) once per
process.

One rule keeps a one-posting edit cheap: **a job's body (`Job.body`) counts only where
the job is itself a page variable** (`job` on the job page). Everywhere else — in the
catalog, in listings, filters and related jobs — a job counts by its id, source and
front matter, which is all a job card shows. So a template must show a job's body only
for a job given to it as a variable of its own (tests/test_incremental.py holds every
page type to the output of a cold build after edits of bodies and front matter).

Before the writer even sees a page, the generator may skip it (generator.PageKeys): a
page's key digests the same inputs in parts digested once per build (the context with
the catalog, the theme, the template, the path, the language's globals and, on a job's
page only, the job's body, by the same rule), so an unchanged key stands for an
unchanged fingerprint and the page is neither made nor fingerprinted again.

Fingerprints live in memory only: a new process (`invoke publish`, `invoke build`)
renders every page, and writes only the files whose bytes changed (output.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import hashlib
import io
import pickle
import types
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path, PurePath
from typing import Any

from pydantic import BaseModel

from .catalog import Job, Packed

_FIELDS: dict[type, tuple[str, ...]] = {}  # dataclass type -> its field names
# Frozen Pydantic models -> their digest, for the life of the process (the loader reuses a
# posting's model while its file is unchanged). The model is kept alive, so its id is not
# reused; emptied when it holds _MODELS_LIMIT models.
_MODELS: dict[int, tuple[BaseModel, str]] = {}
_MODELS_LIMIT = 50000
# Texts or packed bodies (a job's rendered body) -> their digest, across builds: neither
# can change, and the render cache hands a rebuild the same object for the same body. Kept
# alive (so ids are not reused) while used by this build or the one before it (see
# `new_build`): an edited body's old text is let go.
_TEXTS: dict[int, tuple[str | Packed, str]] = {}
_TEXTS_BEFORE: dict[int, tuple[str | Packed, str]] = {}
# Pickled as themselves, subclasses too (by their class's own reduction, the class by
# name): strings (Markup, str enums), numbers, containers (named tuples), enums, dates.
_PLAIN: tuple[type, ...] = (str, int, float, complex, list, tuple, dict, set, frozenset)
_PLAIN += (enum.Enum, Decimal, dt.date, dt.time, dt.timedelta, PurePath, bytes, bytearray)
_SCALARS = frozenset((str, int, float, bool, type(None)))  # exact types, tagged inline


def _sha(data: bytes | memoryview) -> str:
    return hashlib.sha256(data).hexdigest()


def model_digest(model: BaseModel) -> str:
    """A Pydantic model by its type and repr (every field); frozen ones memoised."""
    found = _MODELS.get(id(model))
    if found is not None and found[0] is model:
        return found[1]
    text = f"{type(model).__module__}.{type(model).__qualname__}\0{model!r}"
    result = _sha(text.encode("utf-8", "surrogatepass"))
    if model.model_config.get("frozen"):
        if len(_MODELS) >= _MODELS_LIMIT:
            _MODELS.clear()
        _MODELS[id(model)] = (model, result)
    return result


def text_digest(text: str | Packed) -> str:
    """The digest of a string, or of packed bytes (a job's body as the build keeps it: see
    catalog.pack; tagged apart from text), memoised by identity across builds (see
    `new_build`)."""
    key = id(text)
    found = _TEXTS.get(key)
    if found is None:
        found = _TEXTS_BEFORE.get(key)
        if found is None or found[0] is not text:
            found = (text, _text_sha(text))
        _TEXTS[key] = found
    elif found[0] is not text:  # cannot happen while the text is kept alive
        found = _TEXTS[key] = (text, _text_sha(text))
    return found[1]


def _text_sha(text: str | Packed) -> str:
    if isinstance(text, Packed):
        return _sha(b"packed\0" + bytes(text))
    return _sha(text.encode("utf-8", "surrogatepass"))


def new_build() -> None:
    """A build starts: texts the last build did not use are let go after this one."""
    global _TEXTS, _TEXTS_BEFORE
    _TEXTS_BEFORE, _TEXTS = _TEXTS, {}


def stand_in(*parts: Any) -> None:
    """The tag of a stand-in in the pickled bytes (pickled by name, never called)."""
    raise AssertionError("fingerprints are never unpickled")


class _Pickler(pickle.Pickler):
    """The C pickler, without its memo, with a hook for values that are not plain data."""

    def __init__(self, hasher: Hasher, out: io.BytesIO) -> None:
        super().__init__(out, protocol=5)
        self.fast = True  # no memo: the same bytes for equal values, shared or not
        self.reducer_override = hasher.reduce  # type: ignore[method-assign]


class Hasher:
    """Fingerprints for one build. Shared values are digested once per build, memoised
    by identity and kept alive meanwhile: the build does not change them while it writes."""

    def __init__(self) -> None:
        self._memo: dict[int, tuple[Any, str]] = {}  # id -> (object kept alive, digest)
        self._jobs: dict[int, tuple[Job, str]] = {}  # job -> digest without its body
        self._bodies: dict[int, tuple[Job, str]] = {}  # job -> digest with its body
        self._shallow: dict[tuple[Any, ...], tuple[Any, str]] = {}

    # --- digests ------------------------------------------------------------------------

    def digest(self, value: Any) -> str:
        """The digest of a value, once per build."""
        key = id(value)
        found = self._memo.get(key)
        if found is not None and found[0] is value:
            return found[1]
        if type(value) in (list, tuple) and all(type(item) is Job for item in value):
            # A listing or related jobs: the jobs' own digests, no pickling.
            jobs = ",".join([self.job(job) for job in value])
            result = _sha(f"jobs:{type(value).__name__}:{jobs}".encode())
        else:
            result = self._sha(value)
        self._memo[key] = (value, result)
        return result

    def job(self, job: Job, *, body: bool = False) -> str:
        """A job by id, source and front matter; with `body`, its rendered body too."""
        if body:
            found = self._bodies.get(id(job))
            if found is not None and found[0] is job:
                return found[1]
            result = _sha(f"{self.job(job)}\0{text_digest(job.body)}".encode())
            self._bodies[id(job)] = (job, result)
            return result
        found = self._jobs.get(id(job))
        if found is not None and found[0] is job:
            return found[1]
        text = f"{job.id}\0{job.source}\0{model_digest(job.meta)}"
        result = _sha(text.encode("utf-8", "surrogatepass"))
        self._jobs[id(job)] = (job, result)
        return result

    def page(self, parts: Iterable[tuple[str, Any]], variables: Mapping[str, Any]) -> str:
        """The fingerprint of one page: shared parts, then its variables (where a job that
        is a variable of its own counts with its body). Each is tagged: 0 a value as it
        is, 1 the digest of a value (the same object on every page of a language, say, is
        digested once), 2 a job with its body."""
        items: list[Any] = []
        for name, value in parts:
            items += (name, *self._top(self.part, value))
        items.append(None)
        for name, value in variables.items():
            if isinstance(value, Job):
                items += (name, 2, self.job(value, body=True))
            else:
                items += (name, *self._top(self.digest, value))
        return self._sha(items)

    # --- how values are pickled ---------------------------------------------------------

    def _top(self, digest: Any, value: Any) -> tuple[int, Any]:
        if type(value) in _SCALARS:
            return 0, value
        return 1, digest(value)

    def _sha(self, value: Any) -> str:
        out = io.BytesIO()
        try:
            _Pickler(self, out).dump(value)
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError) as error:
            # Not picklable even so: its repr, which may differ on every build (an id in
            # it) and then only costs a render.
            return _sha(f"unpicklable\0{error}\0{value!r}".encode("utf-8", "surrogatepass"))
        return _sha(out.getbuffer())

    def part(self, value: Any) -> str:
        """A part many pages share: the same object (Pelican's context, one copy for every
        page) digested once; a small mapping (the Jinja globals, copied for each page)
        memoised by the identity of its keys and values, not of the mapping."""
        found = self._memo.get(id(value))
        if found is not None and found[0] is value:
            return found[1]
        if isinstance(value, Mapping) and len(value) <= 64:
            values = list(value.values())
            key = (tuple(value), *map(id, values))
            shallow = self._shallow.get(key)
            if shallow is None:
                shallow = self._shallow[key] = (values, self._sha(dict(value)))
            return shallow[1]
        return self.digest(value)

    def _ref(self, value: Any) -> Any:
        """A nested value: big containers as their memoised digest (so a JobPosting in a
        page's JSON-LD is digested once, and the feeds reuse it), others as they are."""
        if isinstance(value, (list, tuple, dict)):
            if len(value) > 8:
                return (stand_in, ("digest", self.digest(value)))
            if type(value) is list:
                return [self._ref(item) for item in value]
            if type(value) is tuple:
                return tuple([self._ref(item) for item in value])
        return value

    def reduce(self, value: Any) -> Any:
        """The pickler's hook: NotImplemented for plain data (pickled as it is), else a
        tagged stand-in (`stand_in` called with a tag and what the value counts by)."""
        if value is stand_in:
            return NotImplemented
        if isinstance(value, Job):
            return (stand_in, ("job", self.job(value)))
        if isinstance(value, _PLAIN):
            return NotImplemented
        if isinstance(value, BaseModel):
            return (stand_in, ("model", model_digest(value)))
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            cls = type(value)
            names = _FIELDS.get(cls)
            if names is None:
                names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(value))
            fields = [getattr(value, name) for name in names]
            if not cls.__dataclass_params__.frozen or all(  # type: ignore[attr-defined]
                type(field) in _SCALARS for field in fields
            ):
                # Made for one page (its head), or small (a link): pickled in place.
                name = f"{cls.__module__}.{cls.__qualname__}"
                return (stand_in, ("dataclass", name, [self._ref(field) for field in fields]))
            return (stand_in, ("dataclass", self.digest_dataclass(value)))
        if isinstance(value, Mapping):  # not a dict (a read-only view, say)
            pairs = [(k, self._ref(v)) for k, v in value.items()]
            return (stand_in, ("mapping", type(value).__qualname__, pairs))
        if isinstance(value, functools.partial):
            return (stand_in, ("partial", value.func, value.args, value.keywords))
        if isinstance(value, types.MethodType):
            # A method of the generator: what it reads (catalog, settings, theme) counts
            # through the page's other inputs.
            owner = type(value.__self__).__qualname__
            return (stand_in, ("method", f"{owner}.{value.__name__}"))
        if isinstance(value, types.FunctionType):
            return (stand_in, ("function", self.digest_function(value)))
        if isinstance(value, (types.BuiltinFunctionType, type, types.ModuleType)):
            return (stand_in, ("object", repr(value)))
        # Anything else: its attributes when it has them, else its repr.
        state = getattr(value, "__dict__", None)
        if state is not None:
            return (stand_in, ("other", type(value).__qualname__, self._ref(state)))
        return (stand_in, ("repr", type(value).__qualname__, repr(value)))

    def digest_dataclass(self, value: Any) -> str:
        """A frozen dataclass by its type and fields, once per build (a FAQ entry or a
        tribe is on many pages)."""
        found = self._memo.get(id(value))
        if found is not None and found[0] is value:
            return found[1]
        cls = type(value)
        names = _FIELDS.get(cls)
        if names is None:
            names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(value))
        fields = [self._ref(getattr(value, name)) for name in names]
        result = self._sha([f"{cls.__module__}.{cls.__qualname__}", fields])
        self._memo[id(value)] = (value, result)
        return result

    def digest_function(self, value: types.FunctionType) -> str:
        """A function by name and what it closes over (its defaults too), once per build."""
        found = self._memo.get(id(value))
        if found is not None and found[0] is value:
            return found[1]
        cells: list[Any] = []
        for cell in value.__closure__ or ():
            try:
                cells.append(self._ref(cell.cell_contents))
            except ValueError:  # an empty cell
                cells.append((stand_in, ("empty",)))
        name = f"{value.__module__}.{value.__qualname__}"
        result = self._sha([name, cells, self._ref(value.__defaults__)])
        self._memo[id(value)] = (value, result)
        return result


def tree_digest(root: Path) -> str:
    """Every file under `root` (names and bytes): the theme's templates, translations, assets."""
    h = hashlib.sha256()
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            h.update(path.relative_to(root).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()
