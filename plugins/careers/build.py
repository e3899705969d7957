"""Running a build from tasks and tests: settings in, site out, exit status back.

Validation runs inside Pelican's `initialized` signal (see `__init__.py`), so a
build with content errors exits before the output folder is touched.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pelican import Pelican
from pelican.log import console
from pelican.settings import read_settings

from .loader import check_content, format_report


def settings_for(
    settings_file: Path,
    *,
    content: Path | None = None,
    output: Path | None = None,
    today: dt.date | str | None = None,
    drafts: bool | None = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Pelican settings with our overrides; relative paths resolve from the settings file."""
    override: dict[str, Any] = dict(extra or {})
    if content is not None:
        override["PATH"] = str(Path(content).resolve())
    if output is not None:
        override["OUTPUT_PATH"] = str(Path(output).resolve())
    if today is not None:
        override["CAREERS_TODAY"] = str(today)
    if drafts is not None:
        override["CAREERS_DRAFTS"] = drafts
    root = settings_file.resolve().parent
    for key in ("PLUGIN_PATHS",):
        override.setdefault(key, [str(root / "plugins")])
    override.setdefault("THEME", str(root / "theme"))
    settings: dict[str, Any] = read_settings(str(settings_file), override=override)
    return settings


def build(settings: dict[str, Any]) -> int:
    """Validate, then build; returns the exit status (0 success, 1 content errors)."""
    logging.getLogger("pelican").setLevel(logging.WARNING)
    # Pelican's closing line counts articles and pages, which this site has none of.
    console.quiet = True
    try:
        Pelican(settings).run()
    except SystemExit as exc:
        return int(exc.code or 0)
    finally:
        console.quiet = False
    return 0


def publish(settings: dict[str, Any]) -> int:
    """`invoke publish`: the build, the search index, then the manifest (0 on success).

    Each step writes only files whose bytes changed, so publishing unchanged content
    rewrites no file at all (the deploy and rsync then see nothing new).
    """
    from .manifest import write_manifest
    from .output import REMEMBER_SETTING
    from .search import BUNDLE_DIR, index_site

    # The search step makes output/pagefind/ exactly right (writing only what changed),
    # so the build must not remove it first.
    settings = {
        **settings,
        "OUTPUT_RETENTION": [*(settings.get("OUTPUT_RETENTION") or ()), BUNDLE_DIR],
        REMEMBER_SETTING: False,  # one build per process: no page fingerprints to keep
    }
    status = build(settings)
    if status:
        return status
    output = Path(settings["OUTPUT_PATH"])
    cache = Path(settings["CACHE_PATH"]) if settings.get("CAREERS_CACHE", True) else None
    pages = index_site(output, cache).pages
    print(f"Search index: {len(pages)} open job page(s)")
    write_manifest(output)
    return 0


def validate(settings: dict[str, Any]) -> int:
    """Check all content without building; every problem printed, one per line."""
    result = check_content(Path(settings["PATH"]), settings, render=False)
    print(format_report(result.problems), file=sys.stderr if result.errors else sys.stdout)
    return 1 if result.errors else 0
