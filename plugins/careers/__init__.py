"""Careers site plugin for Pelican: job postings, tribes, FAQ, JSON-LD and feeds.

Content is validated when Pelican starts, before any generator runs and before
the output folder is cleaned: on any error every problem is printed and the
build stops with exit status 1, leaving the previous output untouched.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any


def validate_content(pelican: Any) -> None:
    from .loader import CATALOG_SETTING, check_content, format_report

    result = check_content(Path(pelican.settings["PATH"]), pelican.settings)
    if result.problems:
        print(format_report(result.problems), file=sys.stderr)
    if result.catalog is None:
        print("Build stopped: nothing was written. Fix the errors above.", file=sys.stderr)
        raise SystemExit(1)
    pelican.settings[CATALOG_SETTING] = result.catalog


def get_generators(pelican: Any) -> type:
    from .generator import CareersGenerator

    return CareersGenerator


def get_writer(pelican: Any) -> type:
    from .output import CareersWriter

    return CareersWriter


def generator_init(generator: Any) -> None:
    from .output import share_compiled_templates

    share_compiled_templates(generator)


def finish(pelican: Any) -> None:
    """After every generator: the queued pages, theme files, stale files removed, the
    render cache saved."""
    from . import cache, output

    tracker = output.active()
    if tracker is None or tracker.root != Path(pelican.output_path).resolve():
        return  # another writer ran this build: Pelican's own cleaning applies
    settings = pelican.settings
    output.render_pending(settings)
    output.copy_theme_static(Path(pelican.theme), Path(pelican.output_path), settings)
    output.prune(
        tracker,
        content=Path(settings["PATH"]),
        retention=settings.get("OUTPUT_RETENTION") or (),
    )
    cache.store_for(settings).save()


def register() -> None:
    # Imported here, not at the top: `invoke validate` imports careers.* without Pelican.
    from pelican import signals

    signals.initialized.connect(validate_content)
    signals.get_generators.connect(get_generators)
    signals.get_writer.connect(get_writer)
    signals.generator_init.connect(generator_init)
    signals.finalized.connect(finish)
