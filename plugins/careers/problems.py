"""Problems found in content, worded for HR editors.

Every problem prints as `path:line: field: message`, the format editors and
code hosts understand (GitHub annotations, editors' problem matchers).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import ValidationError


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        label = "" if self.severity is Severity.ERROR else "warning: "
        return f"{self.path}:{self.line}: {self.field}: {label}{self.message}"


class ContentError(Exception):
    """Raised when content has errors; carries every problem, not just the first."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        errors = [p for p in self.problems if p.severity is Severity.ERROR]
        super().__init__(f"{len(errors)} error(s) in content:\n" + "\n".join(map(str, errors)))


Loc = tuple[str | int, ...]


def field_name(loc: Loc) -> str:
    """`('salary', 'min')` -> `salary.min`, `('tribes', 1)` -> `tribes[1]`."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + part
    return text or "(file)"


def _allowed_values(error: Mapping[str, Any]) -> str:
    expected = str(error.get("ctx", {}).get("expected", ""))
    return expected.replace("'", "")


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    import difflib  # here: only a problem report needs it

    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean `{match[0]}`?" if match else ""


def _shown(value: Any) -> str:
    if isinstance(value, str):
        return f"`{value}`"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of keys"
    return f"`{value}`"


def explain(error: Mapping[str, Any], keys_at: Callable[[Loc], Sequence[str]]) -> str:
    """Turn one Pydantic error into a sentence that says how to fix it."""
    kind = error["type"]
    ctx = error.get("ctx", {})
    value = error.get("input")
    if kind == "missing":
        return "this field is required but missing; add it"
    if kind == "extra_forbidden":
        name = str(error["loc"][-1])
        allowed_keys = keys_at(tuple(error["loc"][:-1]))
        hint = _did_you_mean(name, allowed_keys)
        if not hint:
            hint = "; allowed fields are: " + ", ".join(allowed_keys)
        return f"unknown field `{name}`{hint}"
    if kind == "enum":
        allowed = _allowed_values(error)
        choices = [c.strip() for c in allowed.replace(" or ", ",").split(",") if c.strip()]
        hint = _did_you_mean(str(value), choices) if isinstance(value, str) else ""
        return f"{_shown(value)} is not allowed; use one of: {', '.join(choices)}{hint}"
    if kind == "string_too_short" or (kind == "too_short" and isinstance(value, str)):
        return f"too short: at least {ctx.get('min_length')} characters are needed"
    if kind == "string_too_long" or (kind == "too_long" and isinstance(value, str)):
        return f"too long: {len(str(value))} characters, at most {ctx.get('max_length')} allowed"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s)"
    if kind == "list_type":
        return f"{_shown(value)} should be a list, e.g. `[a, b]` or one `- item` per line"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return f"{_shown(value)} should be a group of keys (indented lines `key: value`)"
    if kind in {"string_type"}:
        return f"{_shown(value)} should be plain text, not a list or a group of keys"
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return f"{_shown(value)} is not a whole number, e.g. 1, 2, 10"
    if kind == "greater_than_equal":
        return f"{_shown(value)} must be {ctx.get('ge')} or more"
    message = str(error["msg"])
    return message[0].lower() + message[1:] if message else kind


def from_validation_error(
    exc: ValidationError,
    path: str,
    line_of: Mapping[Loc, int],
    default_line: int,
    keys_at: Callable[[Loc], Sequence[str]],
    prefix: Loc = (),
) -> list[Problem]:
    """Map each error to the line of the key it concerns (or of its nearest parent)."""
    problems = []
    for error in exc.errors():
        loc: Loc = prefix + tuple(error["loc"])
        line = default_line
        for end in range(len(loc), -1, -1):
            if loc[:end] in line_of:
                line = line_of[loc[:end]]
                break
        problems.append(Problem(path, line, field_name(loc), explain(error, keys_at)))
    return problems
