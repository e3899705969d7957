"""Content types, cache rules and upload waves for every kind of file a publish build emits."""

from __future__ import annotations

from pathlib import Path

import pytest
from careers.deploy import Options, options_from_settings, target_from_settings
from careers.deploy_rules import (
    LONG_CACHE,
    MEDIUM_CACHE,
    SHORT_CACHE,
    Rules,
    RulesError,
    Wave,
    wave_of,
)
from deploy_fixtures import build_site, postings

RULES = Rules.build()


@pytest.mark.parametrize(
    ("path", "content_type", "cache"),
    [
        ("index.html", "text/html; charset=utf-8", SHORT_CACHE),
        ("jobs/intern/index.html", "text/html; charset=utf-8", SHORT_CACHE),
        ("feeds/all.atom", "application/atom+xml; charset=utf-8", SHORT_CACHE),
        ("feeds/all.rss.xml", "application/xml; charset=utf-8", SHORT_CACHE),
        ("jobs.json", "application/json", SHORT_CACHE),
        ("sitemap.xml", "application/xml; charset=utf-8", SHORT_CACHE),
        ("robots.txt", "text/plain; charset=utf-8", SHORT_CACHE),
        ("theme/css/style.3f2a9c1b.css", "text/css; charset=utf-8", LONG_CACHE),
        ("theme/js/app.0c1d2e3f.js", "text/javascript; charset=utf-8", LONG_CACHE),
        ("theme/css/print.css", "text/css; charset=utf-8", MEDIUM_CACHE),
        ("theme/images/logo.PNG", "image/png", MEDIUM_CACHE),
        ("theme/fonts/inter.woff2", "font/woff2", MEDIUM_CACHE),
        ("pagefind/pagefind-entry.json", "application/json", SHORT_CACHE),
        ("pagefind/pagefind.js", "text/javascript; charset=utf-8", SHORT_CACHE),
        ("pagefind/pagefind-ui.js", "text/javascript; charset=utf-8", SHORT_CACHE),
        ("pagefind/pagefind-ui.css", "text/css; charset=utf-8", SHORT_CACHE),
        ("pagefind/pagefind-component-ui.js", "text/javascript; charset=utf-8", SHORT_CACHE),
        ("pagefind/pagefind-component-ui.css", "text/css; charset=utf-8", SHORT_CACHE),
        ("pagefind/pagefind.en_1a2b3c4d5e.pf_meta", "application/octet-stream", LONG_CACHE),
        ("pagefind/fragment/en_7a8b9c0.pf_fragment", "application/octet-stream", LONG_CACHE),
        ("pagefind/index/en_7a8b9c0.pf_index", "application/octet-stream", LONG_CACHE),
        ("pagefind/filter/en_7a8b9c0.pf_filter", "application/octet-stream", LONG_CACHE),
        ("pagefind/wasm.en.pagefind", "application/octet-stream", SHORT_CACHE),
    ],
)
def test_content_type_and_cache_control(path: str, content_type: str, cache: str) -> None:
    assert RULES.content_type(path) == content_type
    assert RULES.cache_control_for(path) == cache


@pytest.mark.parametrize("path", ["CNAME", "theme/notes.xyz", ".nojekyll", "Makefile"])
def test_unknown_extensions_have_no_type(path: str) -> None:
    assert RULES.content_type(path) is None


def test_every_file_of_a_site_has_a_type_and_a_rule(tmp_path: Path) -> None:
    for path in build_site(tmp_path, postings(3)):
        assert RULES.content_type(path), path
        assert RULES.cache_control_for(path), path


@pytest.mark.parametrize(
    ("path", "wave"),
    [
        ("theme/css/style.3f2a9c1b.css", Wave.HASHED_ASSETS),
        ("pagefind/fragment/en_7a8b9c0.pf_fragment", Wave.HASHED_ASSETS),
        ("pagefind/pagefind-entry.json", Wave.ASSETS),
        ("pagefind/pagefind.js", Wave.ASSETS),
        ("theme/images/logo.svg", Wave.ASSETS),
        ("jobs/intern/index.html", Wave.DETAIL_PAGES),
        ("tribes/platform/index.html", Wave.DETAIL_PAGES),
        ("jobs/index.html", Wave.LISTINGS),
        ("index.html", Wave.LISTINGS),
        ("404.html", Wave.LISTINGS),
        ("locations/paris/index.html", Wave.LISTINGS),
        ("feeds/platform.atom", Wave.LISTINGS),
        ("jobs.json", Wave.LISTINGS),
        ("sitemap.xml", Wave.INDEXES),
        ("robots.txt", Wave.INDEXES),
    ],
)
def test_waves(path: str, wave: Wave) -> None:
    assert wave_of(path) == wave


def test_rules_from_settings_replace_defaults_and_extend_types() -> None:
    rules = Rules.build({"xyz": "text/x-notes", ".HTML": "text/html"}, [(r"\.html$", "no-store")])
    assert rules.content_type("a/b.xyz") == "text/x-notes"
    assert rules.content_type("index.html") == "text/html"
    assert rules.cache_control_for("index.html") == "no-store"
    assert rules.cache_control_for("robots.txt") is None
    with pytest.raises(RulesError, match="expected"):
        Rules.build(None, [("only-a-pattern",)])
    with pytest.raises(RulesError, match="unterminated"):
        Rules.build(None, [("(", "x")])


def test_settings_and_flags() -> None:
    settings = {
        "DEPLOY_BUCKET": "careers-prod",
        "DEPLOY_PREFIX": "/site/",
        "DEPLOY_REGION": "eu-west-3",
        "DEPLOY_MAX_DELETES": 10,
        "DEPLOY_CONTENT_TYPES": {".xyz": "text/plain"},
    }
    target = target_from_settings(settings, bucket=None, region="eu-west-1")
    assert (target.bucket, target.key_prefix, target.region) == (
        "careers-prod",
        "site/",
        "eu-west-1",
    )
    assert target.endpoint_url is None and target.distribution_id is None
    options = options_from_settings(settings, dry_run=True, max_deletes=None)
    assert options.max_deletes == 10 and options.dry_run
    assert options.content_types == {".xyz": "text/plain"}
    assert options_from_settings({}) == Options()
