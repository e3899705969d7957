"""Fingerprints of what a page is rendered from, so a rebuild can skip unchanged pages.

`invoke livereload` rebuilds in one process after every save. Rendering every page
template again costs far more than the one or two pages a save changes, so the writer
(output.py) keeps, in memory, the fingerprint of each page's render inputs: the page's
template variables (Pelican's context, which holds the settings and the catalog, and the
page's own variables), the Jinja globals at the time (the language's gettext), the
template's name and every file of the theme (templates, translations, assets). A page
whose fingerprint and output file are unchanged is not rendered again.

The fingerprint walks the values: dataclasses field by field, Pydantic models by their
repr (every field), containers item by item (JSON-able data such as the JSON-LD as its
JSON text), functions by name and the values they close over. One rule keeps a
one-posting edit cheap: **a job's body (`Job.html`) counts only where the job is itself a
page variable** (`job` on the job page). Everywhere else — in
the catalog, in listings, filters and related jobs — a job counts by its id, source and
front matter, which is all a job card shows. So a template must show a job's body only
for a job given to it as a variable of its own (tests/test_incremental.py holds every
page type to the output of a cold build after edits of bodies and front matter).

Fingerprints live in memory only: a new process (`invoke publish`, `invoke build`)
renders every page, and writes only the files whose bytes changed (output.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import json
import types
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .catalog import Job

_SCALARS = (str, int, float, bool, type(None), bytes, Decimal, dt.date, dt.time, Path)


class Hasher:
    """Fingerprints for one build. Values shared by many pages (jobs, models, dataclasses,
    big containers) are hashed once per build (memoised by identity, kept alive meanwhile);
    small values are fed inline, tagged and length-prefixed so no two values collide."""

    def __init__(self) -> None:
        self._memo: dict[int, tuple[Any, bytes]] = {}  # id -> (object kept alive, digest)

    def digest(self, value: Any, *, bodies: bool = False) -> bytes:
        key = id(value) * 2 + int(bodies)
        found = self._memo.get(key)
        if found is not None and found[0] is value:
            return found[1]
        h = hashlib.sha256()
        self._feed(h, value, bodies)
        result = h.digest()
        self._memo[key] = (value, result)
        return result

    def _put(self, h: Any, tag: bytes, text: str) -> None:
        data = text.encode("utf-8", "surrogatepass")
        h.update(b"%s%d:" % (tag, len(data)))
        h.update(data)

    def _feed(self, h: Any, value: Any, bodies: bool = False) -> None:
        if isinstance(value, (*_SCALARS, enum.Enum)):
            self._put(h, type(value).__name__.encode(), repr(value))
        elif isinstance(value, Job):
            self._put(h, b"job", f"{value.id}\0{value.source}\0{value.meta!r}")
            if bodies:
                self._put(h, b"body", value.html)
        elif isinstance(value, BaseModel):
            self._put(h, b"model", repr(value))
        elif isinstance(value, (Mapping, list, tuple)) and self._json(h, value):
            pass  # JSON-able data (JSON-LD, feeds' dicts): one C-speed dump
        elif isinstance(value, Mapping):
            h.update(b"map%d:" % len(value))
            for k, v in value.items():
                self._item(h, k)
                self._item(h, v)
        elif isinstance(value, (list, tuple)):
            h.update(b"seq%d:" % len(value))
            for item in value:
                self._item(h, item)
        elif isinstance(value, (set, frozenset)):
            h.update(b"set%d:" % len(value))
            for item in sorted(self.digest(item) for item in value):
                h.update(item)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            self._put(h, b"dataclass", type(value).__qualname__)
            for f in dataclasses.fields(value):
                self._put(h, b"field", f.name)
                self._item(h, getattr(value, f.name))
        elif isinstance(value, types.MethodType):
            # A method of the generator: what it reads (catalog, settings, theme) counts
            # through the page's other inputs.
            self._put(h, b"method", f"{type(value.__self__).__qualname__}.{value.__name__}")
        elif isinstance(value, types.FunctionType):
            self._put(h, b"function", f"{value.__module__}.{value.__qualname__}")
            for cell in value.__closure__ or ():
                try:
                    self._item(h, cell.cell_contents)
                except ValueError:  # an empty cell
                    h.update(b"empty")
            self._item(h, value.__defaults__)
        elif isinstance(value, (types.BuiltinFunctionType, type, types.ModuleType)):
            self._put(h, b"object", repr(value))
        else:
            # Anything else: its attributes when it has them, else its repr.
            self._put(h, b"other", type(value).__qualname__)
            state = getattr(value, "__dict__", None)
            if state is not None:
                self._item(h, state)
            else:
                self._put(h, b"repr", repr(value))

    def _json(self, h: Any, value: Any) -> bool:
        """Feed JSON-able data as its JSON text; False (nothing fed) for anything else."""
        try:
            text = json.dumps(value, ensure_ascii=False, check_circular=False)
        except (TypeError, ValueError):
            return False
        self._put(h, b"json", text)
        return True

    def _item(self, h: Any, value: Any) -> None:
        """A nested value: inline when small, else through the per-build memo."""
        shared = isinstance(value, (Job, BaseModel)) or (
            dataclasses.is_dataclass(value) and not isinstance(value, type)
        )
        if shared or (isinstance(value, (Mapping, list, tuple)) and len(value) > 8):
            h.update(b"d" + self.digest(value))
        else:
            self._feed(h, value)

    def page(self, parts: Iterable[tuple[str, Any]], variables: Mapping[str, Any]) -> str:
        """The fingerprint of one page: shared parts, then its variables (where a job that
        is a variable of its own counts with its body)."""
        h = hashlib.sha256()
        for name, value in parts:
            self._put(h, b"part", name)
            self._item(h, value)
        for name, value in variables.items():
            self._put(h, b"var", name)
            if isinstance(value, Job):
                h.update(b"d" + self.digest(value, bodies=True))
            else:
                self._item(h, value)
        return h.hexdigest()


def tree_digest(root: Path) -> str:
    """Every file under `root` (names and bytes): the theme's templates, translations, assets."""
    h = hashlib.sha256()
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            h.update(path.relative_to(root).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()
