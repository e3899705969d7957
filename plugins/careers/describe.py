"""A job body's plain text and JSON-LD description in one streaming pass, no tree.

`cache.describe` needs, for every job body, the text (for meta-description excerpts) and
the description Google reads (`jsonld.clean_soup`). BeautifulSoup builds a tree of Python
objects to do that, which cost as much as rendering the Markdown itself. A job body is
our own renderer's output (raw HTML is disabled), so it holds a small, known set of tags;
this module splits it into tags and text with two regular expressions (accepting only
the exact tag syntax Python-Markdown's serializer writes), decodes in text and attributes
only the four character references that serializer writes, folds whitespace-only runs
as BeautifulSoup does, and writes the same result as it streams.

`fast_describe` returns None for anything outside that known shape (comments,
declarations, an unknown tag, other tag syntax, a bracket in text, another character
reference such as `&copy;` or `R&D;`, a stray end tag):
the caller then falls back to BeautifulSoup, so the result is always `clean_soup`'s.
Tests hold the two equal on the generated benchmark corpus and on edge cases.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .jsonld import BLOCK_CHILDREN, BLOCKS, CELLS, JOB_RENAME, JOB_TAGS, _clean_href

# Every tag Python-Markdown (tables, sane_lists, fenced_code, raw HTML off) writes.
KNOWN = frozenset(
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "a",
        "code", "pre", "blockquote", "hr", "br", "img", "table", "thead", "tbody", "tr",
        "th", "td",
    }
)  # fmt: skip
VOID = frozenset({"br", "hr", "img"})
DROPPED = frozenset({"img"})  # the only tag of jsonld.DROP_TAGS that Markdown writes
_WS = re.compile(r"\s+")
_PIECES = re.compile(r"(<[^<>]*>)")  # text, tag, text, tag, ..., text
_TAG = re.compile(r'<(/?)([a-z][a-z0-9]*)((?: [a-z][a-z0-9-]*="[^"<>]*")*)>')
_ATTRIBUTE = re.compile(r' ([a-z][a-z0-9-]*)="([^"<>]*)"')
# The only character references taken here: the four Python-Markdown's serializer writes.
# BeautifulSoup decodes other named and numeric references its own way (`R&D;` keeps no
# semicolon), so a text holding one falls back to it.
_OTHER_REFERENCE = re.compile(r"&(?!(?:amp|lt|gt|quot);)")
_REFERENCES = {"&lt;": "<", "&gt;": ">", "&quot;": '"', "&amp;": "&"}
_REFERENCE = re.compile(r"&(?:amp|lt|gt|quot);")
_ASCII_SPACES = frozenset("\x20\x0a\x09\x0c\x0d")  # BeautifulSoup's ASCII_SPACES


def _decode(text: str) -> str:
    if "&" not in text:
        return text
    if _OTHER_REFERENCE.search(text):
        raise _Unexpected("character reference")
    return _REFERENCE.sub(lambda found: _REFERENCES[found.group()], text)


class _Unexpected(Exception):
    """The input is not a shape this module reproduces exactly: use BeautifulSoup."""


def _escape(text: str) -> str:
    # BeautifulSoup's "minimal" formatter, which `str(soup)` uses.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(value: str) -> str:
    # BeautifulSoup's `quoted_attribute_value` after the minimal formatter.
    value = _escape(value)
    if '"' in value:
        if "'" in value:
            return '"' + value.replace('"', "&quot;") + '"'
        return "'" + value + "'"
    return '"' + value + '"'


class _Frame:
    """An open element: its output so far, and whether a block-level element is inside."""

    __slots__ = ("buffer", "has_blocks", "kept", "name")

    def __init__(self, name: str, kept: str | None) -> None:
        self.name = name  # original tag name
        self.kept = kept  # output tag name; None: unwrapped; "?": decided at the end tag
        self.buffer: list[str] = []
        self.has_blocks = False


class _Describer:
    def __init__(
        self,
        base_url: str | None,
        allowed: frozenset[str] = JOB_TAGS,
        rename: Mapping[str, str] = JOB_RENAME,
    ) -> None:
        self.base_url = base_url
        self.allowed = allowed
        self.rename = rename
        self.root = _Frame("", None)
        self.stack = [self.root]
        self.strings: list[str] = []  # the text, one item per run between two tags
        self.pending: list[str] = []  # the current run's pieces

    def read(self, html: str) -> None:
        for index, piece in enumerate(_PIECES.split(html)):
            if not index % 2:  # text
                if "<" in piece or ">" in piece:
                    raise _Unexpected("bracket in text")  # Markdown escapes both
                if piece:
                    self.pending.append(_decode(piece))
                continue
            tag = _TAG.fullmatch(piece)
            if tag is None:
                raise _Unexpected(piece)
            closing, name, attributes = tag.groups()
            if closing:
                if attributes:
                    raise _Unexpected(piece)
                self.end_tag(name)
            else:
                pairs = [(key, _decode(value)) for key, value in _ATTRIBUTE.findall(attributes)]
                self.start_tag(name, pairs)

    def start_tag(self, tag: str, attrs: list[tuple[str, str]]) -> None:
        if tag not in KNOWN:
            raise _Unexpected(tag)
        self._end_data()
        parent = self.stack[-1]
        if tag in BLOCK_CHILDREN:
            parent.has_blocks = True
        if tag in DROPPED:  # void: nothing inside to drop
            return
        name = self.rename.get(tag, tag)
        kept: str | None
        if name in self.allowed:
            kept = name
            if name == "a":
                href = dict(attrs).get("href")  # the last one, as BeautifulSoup keeps
                target = _clean_href(href or "", self.base_url or "")
                kept = None if target is None else f"a href={_attribute(target)}"
        elif name in BLOCKS:
            kept = "?"
        else:
            kept = None
        if tag in VOID:
            if kept is not None:
                parent.buffer.append(f"<{kept}/>")
            return
        self.stack.append(_Frame(tag, kept))

    def end_tag(self, tag: str) -> None:
        if tag in VOID:
            raise _Unexpected(tag)
        frame = self.stack[-1]
        if frame is self.root or frame.name != tag:
            raise _Unexpected(tag)  # BeautifulSoup would repair the nesting its own way
        self._end_data()
        self.stack.pop()
        parent = self.stack[-1]
        parent.has_blocks = parent.has_blocks or frame.has_blocks
        if frame.name in CELLS:
            frame.buffer.append(" ")
        inner = "".join(frame.buffer)
        kept = frame.kept
        if kept == "?":
            kept = "p" if not frame.has_blocks and "p" in self.allowed else None
        if kept is None:
            parent.buffer.append(inner)
        else:
            parent.buffer.append(f"<{kept}>{inner}</{kept.split(' ', 1)[0]}>")

    # --- helpers -----------------------------------------------------------------------

    def _end_data(self) -> None:
        # One text run, as BeautifulSoup merges adjacent data into one string; a run of
        # ASCII whitespace only becomes one newline or space, as it does (not in <pre>).
        if self.pending:
            text = "".join(self.pending)
            self.pending = []
            if _ASCII_SPACES.issuperset(text) and not any(f.name == "pre" for f in self.stack):
                text = "\n" if "\n" in text else " "
            self.strings.append(text)
            self.stack[-1].buffer.append(_escape(text))

    def result(self) -> tuple[str, str]:
        self._end_data()
        if len(self.stack) != 1:
            raise _Unexpected("unclosed element")
        return " ".join(self.strings), "".join(self.root.buffer).strip()


def fast_describe(html: str, base_url: str | None, prefix: int) -> tuple[str, str | None] | None:
    """(text, description) as `cache.describe` computes them, or None: not a known shape.

    The text is the first `prefix` characters of the whitespace-collapsed text; the
    description is None without a base URL (as in `cache.describe`).
    """
    parser = _Describer(base_url)
    try:
        parser.read(html)
        text, description = parser.result()
    except _Unexpected:
        return None
    return text_start(text, prefix), (description if base_url is not None else None)


def text_start(text: str, prefix: int) -> str:
    """The first `prefix` characters of `text` with whitespace runs collapsed to one
    space and the ends stripped (`_WS.sub(" ", text).strip()[:prefix]`), collapsed from
    only as much of the text as that needs (a body's text is some 6,000 characters;
    excerpts want 400). The BeautifulSoup paths (cache.py) take their excerpts here too.

    Collapsing a start of the text gives a start of the collapsed text (a run cut short
    still becomes one space), so once more than `prefix` characters are left after the
    leading space, the trailing one that `strip` would remove is past the cut.
    """
    size = 2 * prefix + 64
    while size < len(text):
        start = _WS.sub(" ", text[:size]).lstrip()
        if len(start) > prefix:
            return start[:prefix]
        size *= 4
    return _WS.sub(" ", text).strip()[:prefix]


def fast_clean(
    html: str, base_url: str, allowed: frozenset[str], rename: Mapping[str, str]
) -> str | None:
    """`jsonld.clean_html(html, ...)` for HTML of the known shape, else None."""
    parser = _Describer(base_url, allowed, rename)
    try:
        parser.read(html)
        return parser.result()[1]
    except _Unexpected:
        return None
