"""Python-Markdown's inline pass, skipping text in which no inline pattern can start.

Python-Markdown's `InlineProcessor` tries each of its inline patterns in turn on every
piece of text, with per-pattern bookkeeping in Python, even on a paragraph of plain words.
That was half of its time on job postings, where most paragraphs and list items hold no
inline markup. Every inline pattern it registers needs one of a few characters to match
(backticks, backslashes, brackets, `<`, `&`, `*`, `_`, or two spaces before a line
break), so a text without any of them comes out of the pass unchanged: this module
returns it at once, and hands every other text to the unchanged original.

The shortcut is installed only on the exact set of inline patterns and emphasis
delimiters checked here (an extension adding a pattern turns it off), and only while
Python-Markdown still has the method it wraps. tests/test_quick_inline.py holds the
output equal to Python-Markdown's own on the benchmark corpus and on edge cases.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Markdown
from markdown.treeprocessors import InlineProcessor

# The inline patterns of Python-Markdown 3.x with raw HTML off (loader.Renderer), and the
# characters without which none of them matches.
PATTERNS = frozenset(
    {
        "backtick",  # `
        "escape",  # \
        "reference",  # [
        "link",  # [
        "image_link",  # ![
        "image_reference",  # ![
        "short_reference",  # [
        "short_image_ref",  # ![
        "autolink",  # <
        "automail",  # <
        "linebreak",  # two spaces, newline
        "entity",  # &
        "em_strong",  # the delimiters below
    }
)
DELIMITERS = frozenset({"*", "_"})
TRIGGER = re.compile(r"[`\\\[<&*_]|  \n")
_WRAPPED = "_InlineProcessor__handleInline"  # InlineProcessor.__handleInline, name-mangled


class QuickInlineProcessor(InlineProcessor):
    """`InlineProcessor`, returning at once a text no inline pattern can match."""

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if patternIndex == 0 and TRIGGER.search(data) is None:
            return data
        original: Any = getattr(InlineProcessor, _WRAPPED)
        return str(original(self, data, patternIndex))


def install(md: Markdown) -> bool:
    """Use the shortcut on `md` when its patterns are the known ones; True if installed."""
    if not hasattr(InlineProcessor, _WRAPPED) or "inline" not in md.treeprocessors:
        return False
    patterns = md.inlinePatterns
    if len(patterns) != len(PATTERNS) or not all(name in patterns for name in PATTERNS):
        return False
    delimiters = getattr(md, "delimiters", None)
    if delimiters is None or set(getattr(delimiters, "tokens", ())) != DELIMITERS:
        return False
    index = md.treeprocessors.get_index_for_name("inline")
    ordered: Any = getattr(md.treeprocessors, "_priority")  # noqa: B009 (private, untyped)
    priority = float(ordered[index].priority)
    md.treeprocessors.register(QuickInlineProcessor(md), "inline", priority)
    return True
