"""Shared helpers: build a site from a content folder into tmp_path, like `invoke build`."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from careers.build import build, settings_for  # noqa: E402

TODAY = "2027-01-15"

# Settings for unit tests of the JSON-LD and feeds (no Pelican settings file involved).
SITEURL = "https://careers.example.com"
SETTINGS: dict[str, Any] = {
    "SITEURL": SITEURL,
    "SITENAME": "Example Careers",
    "COMPANY_NAME": "Example Corp",
    "COMPANY_URL": "https://www.example.com/",
    "COMPANY_LOGO": "theme/images/logo.png",
    "COMPANY_SAME_AS": ["https://www.linkedin.com/company/example/"],
    "TIMEZONE": "Europe/Paris",
    "DEFAULT_LANG": "en",
    "CAREERS_DIRECT_APPLY": False,
}
XSS = "</script><script>alert(1)</script>"
# Fixtures for the browser tests (a served publish build, one Chromium): see browser_helpers.
pytest_plugins = ["browser_helpers"]


def copy_content(dest: Path) -> Path:
    """A private copy of the example content/ that a test may edit."""
    shutil.copytree(ROOT / "content", dest)
    return dest


def build_site(
    content: Path,
    output: Path,
    *,
    publish: bool = True,
    today: str = TODAY,
    drafts: bool | None = None,
    **extra: Any,
) -> int:
    settings = settings_for(
        ROOT / ("publishconf.py" if publish else "pelicanconf.py"),
        content=content,
        output=output,
        today=today,
        drafts=drafts,
        extra=extra,
    )
    return build(settings)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return copy_content(tmp_path / "content")


@pytest.fixture
def site(tmp_path: Path, content: Path) -> Callable[..., Path]:
    """Build `content` (edit it first) and return the output folder; fails on errors."""

    def make(**kwargs: Any) -> Path:
        out = tmp_path / "output"
        status = build_site(content, out, **kwargs)
        assert status == 0, "the build failed"
        return out

    return make
