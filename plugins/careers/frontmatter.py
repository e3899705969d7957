"""Reading content files: UTF-8 text, YAML front matter, the Markdown body.

YAML is composed with PyYAML's BaseLoader, so every scalar stays a string (`NO`
is the text "NO", not False) and Pydantic does the typing. Walking the nodes by
hand (instead of `yaml.load`) keeps the line of every key for error messages,
catches duplicate keys, and refuses aliases, which would let one value silently
change several fields.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Loc, Problem

BOM = "\ufeff"
_TAGS = {
    yaml.ScalarNode: yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG,
    yaml.SequenceNode: yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG,
    yaml.MappingNode: yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
}

if hasattr(yaml, "CBaseLoader"):

    class _CLoader(yaml.CBaseLoader):
        """LibYAML's composer (about 10x faster than PyYAML's), with BaseResolver's
        answers given directly. LibYAML calls these three Python methods for every node;
        BaseLoader has no implicit or path resolvers, so `resolve` always returns the
        default tag of the node's kind and the other two do nothing. The constructor's
        state is not set up: only nodes are composed here, never Python objects."""

        def __init__(self, stream: str) -> None:
            yaml._yaml.CParser.__init__(self, stream)

        def descend_resolver(self, current_node: Any, current_index: Any) -> None:
            return None

        def ascend_resolver(self) -> None:
            return None

        def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
            return _TAGS[kind]

    Loader: type[yaml.BaseLoader] | type[yaml.CBaseLoader] = _CLoader
else:  # pragma: no cover - PyYAML without LibYAML: the pure-Python loader
    Loader = yaml.BaseLoader


class ReadError(Exception):
    """A file could not be read at all; `problem` says where and why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass
class Document:
    """A content file split into its parts, with the line of each front matter key."""

    path: str
    data: dict[str, Any]
    body: str
    body_line: int  # line of the first body line in the file
    lines: dict[Loc, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # e.g. duplicate keys

    def line(self, loc: Loc = ()) -> int:
        return self.lines.get(loc, 1)


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def read_bytes(path: Path | str) -> bytes:
    """The file's bytes, as `Path.read_bytes` (the same errors), without the buffered file
    object it builds: a file descriptor, one `fstat` and one `read` for a file that does
    not grow meanwhile. About half the time for a thousand small files."""
    fd = os.open(path, _OPEN_FLAGS)
    try:
        size = os.fstat(fd).st_size
        data = os.read(fd, size + 1)
        if len(data) <= size:
            more = os.read(fd, 1)  # shorter than its size said: end of file, or more to come
            if not more:
                return data
            data += more
        chunks = [data]
        while True:  # larger than its size said (growing, or a special file)
            data = os.read(fd, 1 << 16)
            if not data:
                return b"".join(chunks)
            chunks.append(data)
    finally:
        os.close(fd)


def read_text(path: Path | str, shown: str, raw: bytes | None = None) -> str:
    """Decode UTF-8 (with or without BOM) and normalise CRLF/CR line endings.

    `raw`: the file's bytes when the caller has already read them.
    """
    if raw is None:
        raw = read_bytes(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        byte = raw[exc.start]
        raise ReadError(
            Problem(
                shown,
                line,
                "(file)",
                f"the file is not UTF-8 text (byte 0x{byte:02x} on this line); "
                "save it again choosing the UTF-8 encoding in your editor",
            )
        ) from None
    if text.startswith(BOM):
        text = text[1:]
    if b"\r" not in raw:  # a byte search; the usual case, and the replacements cost 10x more
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _yaml_error(shown: str, exc: yaml.YAMLError, first_line: int, text: str) -> ReadError:
    """Point at where the broken construct starts (e.g. an unclosed `[`), if YAML knows."""
    problem_mark = getattr(exc, "problem_mark", None)
    if problem_mark is not None:
        lines = text.split("\n")
        if problem_mark.line < len(lines) and "\t" in lines[problem_mark.line]:
            return ReadError(
                Problem(
                    shown,
                    first_line + problem_mark.line,
                    "(yaml)",
                    "this line contains a tab; YAML indents with spaces only: "
                    "replace the tab with spaces",
                )
            )
    context_mark = getattr(exc, "context_mark", None)
    mark = context_mark or problem_mark
    line = first_line + (mark.line if mark is not None else 0)
    problem = getattr(exc, "problem", None) or str(exc)
    if isinstance(exc, _Refused):
        return ReadError(Problem(shown, line, "(yaml)", str(problem)))
    context = getattr(exc, "context", None)
    detail = f"{context}, {problem}" if context else problem
    if problem_mark is not None:
        where = first_line + problem_mark.line
        detail += f" (noticed on line {where}, column {problem_mark.column + 1})"
    return ReadError(
        Problem(
            shown,
            line,
            "(yaml)",
            f"YAML syntax error: {detail}; check the indentation and the brackets, and put "
            'values that contain `: ` or start with a special character in quotes ("...")',
        )
    )


class _Refused(yaml.MarkedYAMLError):
    """A YAML feature we refuse on purpose (not a syntax error)."""


ALIAS_MESSAGE = (
    "YAML aliases (`*name`, repeating an `&name` value) are not allowed; "
    "write the value out in full"
)


class _Walk:
    """Turns composed nodes into plain data, remembering each key's line.

    LibYAML (CBaseLoader) composes fast but in C, so aliases are caught here: an
    alias is the very same node object met a second time.
    """

    def __init__(self, first_line: int, aliases: bool = True) -> None:
        self.first_line = first_line
        self.lines: dict[Loc, int] = {}
        self.problems: list[Problem] = []
        # The ids of the nodes met so far; None when the text has no `*`, which every
        # alias starts with: then no node can be met twice, and none is tracked.
        self.seen: set[int] | None = set() if aliases else None

    # Most nodes are scalars: they are handled in the loops below rather than by a call
    # to `value` each (a third of the walk's time), with the same checks in the same order.

    def value(self, node: yaml.Node, loc: Loc, line: int) -> Any:
        seen = self.seen
        if seen is not None:
            if id(node) in seen:
                raise _Refused(problem=ALIAS_MESSAGE, problem_mark=_mark(line - self.first_line))
            seen.add(id(node))
        lines = self.lines
        if loc not in lines:
            lines[loc] = self.first_line + node.start_mark.line
        if isinstance(node, yaml.ScalarNode):
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return self.sequence(node, loc)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, loc)
        raise TypeError(f"unexpected YAML node {node!r}")  # pragma: no cover

    def sequence(self, node: yaml.SequenceNode, loc: Loc) -> list[Any]:
        first, seen, lines = self.first_line, self.seen, self.lines
        items = []
        for i, item in enumerate(node.value):
            line = first + item.start_mark.line
            if type(item) is not _SCALAR:
                items.append(self.value(item, (*loc, i), line))
                continue
            if seen is not None:
                if id(item) in seen:
                    raise _Refused(problem=ALIAS_MESSAGE, problem_mark=_mark(line - first))
                seen.add(id(item))
            child: Loc = (*loc, i)
            if child not in lines:
                lines[child] = line
            items.append(item.value)
        return items

    def mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        first, seen, lines = self.first_line, self.seen, self.lines
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line = first + key_node.start_mark.line
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(
                    Problem("", line, "(yaml)", "a key must be a plain word, e.g. `title:`")
                )
                continue
            key = key_node.value
            child: Loc = (*loc, key)
            if key in result:
                self.problems.append(
                    Problem(
                        "",
                        line,
                        key,
                        f"`{key}` is given twice; keep only one "
                        f"(the first is on line {lines[child]})",
                    )
                )
                continue
            if key == "<<":
                raise _Refused(problem=ALIAS_MESSAGE, problem_mark=_mark(line - first))
            lines[child] = line
            if type(value_node) is not _SCALAR:
                result[key] = self.value(value_node, child, line)
                continue
            if seen is not None:
                if id(value_node) in seen:
                    raise _Refused(problem=ALIAS_MESSAGE, problem_mark=_mark(line - first))
                seen.add(id(value_node))
            result[key] = value_node.value
        return result


_SCALAR = yaml.ScalarNode


def _mark(line: int) -> yaml.Mark:
    return yaml.Mark("", 0, line, 0, None, 0)


# Parsed front matter by its text, for the rebuilds of one process (`invoke livereload`
# reads every file again after each save; YAML parsing is most of validation's cost).
_PARSED: dict[tuple[str, str, int], tuple[Any, dict[Loc, int], list[Problem]]] = {}
_PARSED_MAX = 50_000


def parse_yaml(
    text: str, shown: str, first_line: int = 1, *, remember: bool = True
) -> tuple[Any, dict[Loc, int], list[Problem]]:
    """Return the data, the line of each key path, and structural problems.

    With `remember`, the same text parses once per process and callers get their own
    copy of the result; a one-shot check (`invoke validate`) keeps nothing.
    """
    if not remember:
        return _parse_yaml(text, shown, first_line)
    key = (text, shown, first_line)
    found = _PARSED.get(key)
    if found is None:
        found = _parse_yaml(text, shown, first_line)
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.clear()
        _PARSED[key] = found
    data, lines, problems = found
    return _copy(data), dict(lines), list(problems)


def _copy(value: Any) -> Any:
    """A copy of parsed YAML (dicts, lists and strings; strings are immutable), about
    ten times faster than copy.deepcopy, which handles every type and shared references."""
    if type(value) is dict:
        return {key: _copy(item) for key, item in value.items()}
    if type(value) is list:
        return [_copy(item) for item in value]
    return value


def _parse_yaml(
    text: str, shown: str, first_line: int = 1
) -> tuple[Any, dict[Loc, int], list[Problem]]:
    walk = _Walk(first_line, aliases="*" in text)
    try:
        loader = Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
        data = None if node is None else walk.value(node, (), first_line)
    except yaml.YAMLError as exc:
        raise _yaml_error(shown, exc, first_line, text) from None
    problems = [Problem(shown, p.line, p.field, p.message) for p in walk.problems]
    return data, walk.lines, problems


# A line that closes the front matter: `---` or `...`, then only spaces (what `str.rstrip`
# removes: `\s` is the same set of characters, here without the newline).
_CLOSING = re.compile(r"^(?:---|\.\.\.)[^\S\n]*$", re.MULTILINE)


def _split(text: str) -> tuple[str, str, int] | None:
    """(front matter, body, index of the closing line) of a text whose first line is
    `---`, or None when no later line closes it (`---` or `...`).

    The same as splitting the text into lines and joining them again, but only the front
    matter is searched, by one regular expression: the body (most of a posting) is sliced
    off whole. (tests/test_validate_fast_paths.py holds it equal to the line by line loop.)
    """
    start = text.find("\n") + 1
    if start == 0:
        return None
    closing = _CLOSING.search(text, start)
    if closing is None:
        return None
    position = closing.start()
    index = text.count("\n", start, position) + 1
    front = text[start : position - 1] if index > 1 else ""
    newline = text.find("\n", closing.end())
    body = "" if newline < 0 else text[newline + 1 :]
    return front, body, index


def read_document(
    path: Path | str, shown: str, *, remember: bool = True, raw: bytes | None = None
) -> Document:
    """Split `---` front matter from the Markdown body and parse the front matter.

    `remember`: see `parse_yaml`. `raw`: the file's bytes, when the caller has read them.
    """
    text = read_text(path, shown, raw)
    newline = text.find("\n")
    if (text if newline < 0 else text[:newline]).strip() != "---":
        raise ReadError(
            Problem(
                shown,
                1,
                "(front matter)",
                "the file must start with a line `---`, then the fields (`title: ...`), "
                "then another line `---`, then the text",
            )
        )
    parts = _split(text)
    if parts is None:
        raise ReadError(
            Problem(
                shown,
                1,
                "(front matter)",
                "the fields opened by `---` on line 1 are never closed; "
                "add a line `---` after the last field",
            )
        )
    front, body, end = parts
    data, key_lines, problems = parse_yaml(front, shown, first_line=2, remember=remember)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ReadError(
            Problem(
                shown,
                2,
                "(front matter)",
                "the front matter must be `key: value` lines, e.g. `title: Backend Engineer`",
            )
        )
    return Document(shown, data, body, end + 2, key_lines, problems)
