"""The streaming describer (describe.py) must give exactly what BeautifulSoup gives."""

from __future__ import annotations

import datetime as dt
import random
import re
import sys

import pytest
from bs4 import BeautifulSoup
from careers import cache
from careers.describe import fast_clean, fast_describe
from careers.jsonld import FAQ_TAGS, JOB_RENAME, JOB_TAGS, clean_html, clean_soup
from careers.loader import Renderer
from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import body

BASE = "https://careers.example.com/jobs/a/"

# Markdown that reaches every tag and rule of the cleaner: renamed headings, tables (rows
# become paragraphs), code blocks (pre becomes a paragraph), blockquotes (unwrapped),
# images (dropped), links kept, made absolute or unwrapped, entities, escaped raw HTML.
EDGE_CASES = [
    "# Big title\n\n###### Small title\n\nText with *em*, **strong**, `code` and a  \nbreak.",
    "| Skill | Level |\n|:--|--:|\n| Python & SQL | **high** |\n| `Go` | low |\n",
    "```python\nif a < b and c > d:\n    print('&amp;')\n```\n\n    indented <code>\n",
    "> Quoted *text*\n>\n> - a list\n> - in a quote\n\n> inline only",
    '![A photo](/img/a.png "Title") and [a link](/jobs/?a=1&b=2 "Say \\"hi\\"")',
    "[mail](mailto:jobs@example.com) [bad](javascript:alert(1)) [rel](../x/) <https://a.b/c>",
    "Raw <script>alert(1)</script> and <b>bold</b> &copy; &nbsp; &#169; &amp; & < >",
    "1. one\n2. two\n    - nested *deep*\n\n3. three\n\n---\n\nAfter the rule.",
    "- loose item\n\n- second loose item\n\n  with a second paragraph",
    "[quotes](https://x.example/?q=\"it's\") [single](https://x.example/?q='a')",
    "Trailing spaces   \nand tabs\tinside.\n\n\n",
    # whitespace-only runs between tags, which BeautifulSoup folds to one space or newline
    "Apply [here](/apply/)  \n\nNext paragraph",
    "- [Apply](/a/)  \n- next",
    "**Salary:**  *negotiable* and [a](/x)  [b](/y)",
    "**Location:**\n  *Paris*\n\n- **Team**\t*Data*",
    "![a](/a.png)   ![b](/b.png) and **a**&#32;&#32;*b*",
    "```\n  \n```\n\n    <pre>  </pre>",
    # character references BeautifulSoup decodes its own way: these take its path
    "R&D; team at AT&T; &notit; &#1; &#65534; &copy; &#169;",
    "",
]


def _corpus_bodies(n: int) -> list[str]:
    rng = random.Random(7)
    return [body(rng, rng.randint(600, 1200)) for _ in range(n)] + EDGE_CASES


@pytest.mark.parametrize("base_url", [BASE, None])
def test_streaming_equals_beautifulsoup_on_rendered_job_bodies(base_url: str | None) -> None:
    render = Renderer()
    bodies = _corpus_bodies(60)
    checked = 0
    for text in bodies:
        html = render(text)
        fast = fast_describe(html, base_url, cache.TEXT_PREFIX)
        expected = cache._soup_describe(html, base_url)
        if fast is None:  # only a reference other than &amp; &lt; &gt; &quot; falls back
            assert re.search(r"&(?!(?:amp|lt|gt|quot);)", html), html
            assert cache.describe(html, base_url) == expected
        else:
            assert fast == expected, text
            checked += 1
    assert checked >= len(bodies) - len(EDGE_CASES)  # every generated body is fast
    # the content shipped with the project, too
    for path in sorted((ROOT / "content").rglob("*.md")):
        html = render(path.read_text("utf-8").split("\n---\n", 1)[-1])
        assert fast_describe(html, BASE, cache.TEXT_PREFIX) == cache._soup_describe(html, BASE)


@pytest.mark.parametrize(
    "html",
    [
        "<p>a<!-- comment --></p>",
        "<p>a</p><script>x()</script>",
        "<div><p>unclosed</div>",
        "<p>stray</p></em>",
        "<br/>",
        "<!DOCTYPE html><p>x</p>",
        "<p>open",
        "<span>unknown tag</span>",
    ],
)
def test_other_html_falls_back_and_describe_still_equals_beautifulsoup(html: str) -> None:
    assert fast_describe(html, BASE, cache.TEXT_PREFIX) is None
    assert cache.describe(html, BASE) == cache._soup_describe(html, BASE)


def test_text_is_cut_at_the_prefix() -> None:
    html = Renderer()(body(random.Random(dt.date(2027, 1, 1).toordinal()), 900))
    text, _ = fast_describe(html, None, 50) or ("", None)
    assert len(text) == 50
    assert text == cache._soup_describe(html, None)[0][:50]


@pytest.mark.parametrize(
    ("allowed", "rename"),
    [(JOB_TAGS, JOB_RENAME), (FAQ_TAGS, {}), (frozenset({"ul", "li"}), {})],
)
def test_fast_clean_equals_clean_soup_for_any_rules(
    allowed: frozenset[str], rename: dict[str, str]
) -> None:
    """FAQ answers are cleaned with other rules (jsonld.FAQ_TAGS); `clean_html` takes the
    streaming path for them too."""
    render = Renderer()
    for text in _corpus_bodies(10):
        html = render(text)
        expected = clean_soup(
            BeautifulSoup(html, "html.parser"), base_url=BASE, allowed=allowed, rename=rename
        )
        fast = fast_clean(html, BASE, allowed, rename)
        if fast is None:  # only a reference other than &amp; &lt; &gt; &quot; falls back
            assert re.search(r"&(?!(?:amp|lt|gt|quot);)", html), html
        else:
            assert fast == expected, text
        assert clean_html(html, base_url=BASE, allowed=allowed, rename=rename) == expected


def test_the_text_start_is_collapsed_from_as_little_text_as_the_whole_gives() -> None:
    """describe.text_start stops collapsing whitespace once it has the prefix; it must give
    what collapsing the whole text gives, wherever the cut falls (in a run of spaces,
    right after one, with Unicode spaces, leading and trailing ones)."""
    from careers.describe import _WS, text_start

    rng = random.Random(11)
    alphabet = ["a", "b", "é", " ", "  ", "\n", "\t", "\u2003", "\xa0", "\x1c", "\r\n "]
    checked = 0
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 900)))
        for prefix in (0, 1, 7, 160, 400):
            assert text_start(text, prefix) == _WS.sub(" ", text).strip()[:prefix], (text, prefix)
            checked += 1
    # and the cut really happens: long texts with a run of spaces across each boundary
    for size in (864, 3456):
        text = "x" * (size - 3) + " " * 7 + "y" * 2000
        assert text_start(text, 400) == "x" * 400
        for shifted in (" \n" + text, text[3:]):
            assert text_start(shifted, 1000) == _WS.sub(" ", shifted).strip()[:1000]
    assert checked == 15000
