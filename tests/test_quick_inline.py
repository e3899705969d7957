"""The inline shortcut (quick_inline.py) must not change a byte of Python-Markdown's output."""

from __future__ import annotations

import random
import sys

import markdown
from careers import quick_inline
from careers.loader import Renderer
from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import body

# Every inline pattern, its near misses, and text with none of the trigger characters.
EDGE_CASES = [
    "Plain words only, with commas, dots; colons: and 'quotes' \"double\" (parens) 100% #1.",
    "`code` and ``double `tick` code`` and \\*escaped\\* and \\` tick",
    "[link](/a/) [ref][r] [short] ![img](/i.png) ![ref img][r] ![short img]\n\n[r]: /ref/",
    "<https://example.com/a?b=c> <jobs@example.com> <not a link> a < b > c",
    "Line with two spaces  \nbreak, and one space \nno break.",
    "&copy; &#169; &#xA9; & alone &amp;",
    "*em* **strong** ***both*** _em_ __strong__ snake_case_word 2*3*4 * spaced *",
    "- item *one*\n- item two\n\n1. first\n2. `second`\n\n> quote with _em_",
    "| a | b |\n|---|---|\n| *x* | y |\n\n```\n*not em* in code\n```",
    "Unicode: déjà vu — “quotes” · 東京 · émoji 🎉",
    "",
]


def _stock() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["tables", "sane_lists", "fenced_code"], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


def test_the_shortcut_is_installed_on_the_renderer() -> None:
    renderer = Renderer()
    assert isinstance(renderer._md.treeprocessors["inline"], quick_inline.QuickInlineProcessor)


def test_output_equals_python_markdown_without_the_shortcut() -> None:
    rng = random.Random(11)
    texts = [body(rng, rng.randint(600, 1200)) for _ in range(40)] + EDGE_CASES
    texts += [path.read_text("utf-8") for path in sorted((ROOT / "content").rglob("*.md"))]
    renderer, stock = Renderer(), _stock()
    for text in texts:
        stock.reset()
        assert renderer(text) == stock.convert(text), text


def test_an_unknown_inline_pattern_turns_the_shortcut_off() -> None:
    md = _stock()
    md.inlinePatterns.register(
        markdown.inlinepatterns.SimpleTagInlineProcessor(r"()~~(.+?)~~", "del"), "del", 65
    )
    assert quick_inline.install(md) is False
    assert not isinstance(md.treeprocessors["inline"], quick_inline.QuickInlineProcessor)
    assert md.convert("plain ~~gone~~ words") == "<p>plain <del>gone</del> words</p>"
