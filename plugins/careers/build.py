"""Running a build from tasks and tests: settings in, site out, exit status back.

Validation runs inside Pelican's `initialized` signal (see `__init__.py`), so a
build with content errors exits before the output folder is touched.
"""

from __future__ import annotations

import datetime as dt
import gc
import importlib.util
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

# Pelican, and everything it imports (Jinja2, docutils, Markdown, rich), is imported only
# where a build needs it: `invoke validate` reads settings with `validation_settings` and
# so never loads it (about 0.16 s of start-up).


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
    from pelican.settings import read_settings

    override = _override(settings_file, content, output, today, drafts, extra)
    settings: dict[str, Any] = read_settings(str(settings_file), override=override)
    return settings


def _override(
    settings_file: Path,
    content: Path | None,
    output: Path | None,
    today: dt.date | str | None,
    drafts: bool | None,
    extra: Mapping[str, Any] | None,
) -> dict[str, Any]:
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
    return override


# The settings whose relative paths Pelican's read_settings makes absolute (from the
# settings file's folder); THEME only when such a folder exists (it may be a theme name).
_PATH_SETTINGS = ("PATH", "OUTPUT_PATH", "THEME", "CACHE_PATH")


def start_ahead(
    settings_file: Path,
    *,
    content: Path | None = None,
    output: Path | None = None,
    today: dt.date | str | None = None,
    drafts: bool | None = None,
    extra: Mapping[str, Any] | None = None,
) -> None:
    """Start a cold build's Markdown workers now, before Pelican is imported.

    Call it with the arguments `settings_for` will get: `build` then finds the work
    started for the same settings and collects it (see cache.prefetch). Importing
    Pelican to read the settings takes a third of a second in which the workers can
    already render; nothing is written before the build validated.
    """
    from . import cache

    try:
        light = validation_settings(
            settings_file, content=content, output=output, today=today, drafts=drafts, extra=extra
        )
    except Exception:  # reported, in Pelican's words, when the build reads the settings
        return
    cache.prefetch(light)


def validation_settings(
    settings_file: Path,
    *,
    content: Path | None = None,
    output: Path | None = None,
    today: dt.date | str | None = None,
    drafts: bool | None = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The settings `invoke validate` needs, read as Pelican reads them, without Pelican.

    The settings file's upper-case names, then our overrides, then relative paths made
    absolute: what `settings_for` returns before Pelican adds its defaults for the
    settings the file does not set (validation reads none of those) and checks a few.
    Importing Pelican's package would cost more than validating 1,000 postings;
    tests/test_validate.py holds every value here equal to `settings_for`'s.
    """
    override = _override(settings_file, content, output, today, drafts, extra)
    path = str(settings_file)
    name = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot read settings from {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # as Pelican's load_source: publishconf imports pelicanconf
    spec.loader.exec_module(module)
    settings = {key: value for key, value in vars(module).items() if key.isupper()}
    settings.update(override)
    base = os.path.dirname(path)

    def absolute(value: str) -> str:
        if os.path.isabs(value):
            return value
        return os.path.abspath(os.path.normpath(os.path.join(base, value)))

    for key in _PATH_SETTINGS:
        if settings.get(key) is not None:
            found = absolute(settings[key])
            if key != "THEME" or os.path.exists(found):
                settings[key] = found
    if settings.get("PLUGIN_PATHS") is not None:
        settings["PLUGIN_PATHS"] = [absolute(folder) for folder in settings["PLUGIN_PATHS"]]
    if "PATH" not in settings or not os.path.isdir(settings["PATH"]):
        # Pelican's own check, with its words.
        raise ValueError(
            "You need to specify a path containing the content"
            " (see pelican --help for more information)"
        )
    return settings


def build(settings: dict[str, Any]) -> int:
    """Validate, then build; returns the exit status (0 success, 1 content errors)."""
    import logging

    from . import cache, output

    try:
        # A cold build's Markdown starts in worker processes now, while Pelican is imported
        # and the content validated (see cache.prefetch); nothing is written before that.
        cache.prefetch(settings)
        from pelican import Pelican
        from pelican.log import console

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
    finally:
        cache.cancel_prefetch()  # the build stopped before rendering (invalid content)
        output.drop_started()  # the build stopped after pages started rendering


def between_builds() -> None:
    """In a process that rebuilds (livereload), once a build is done and before the next
    save: collect the last build's garbage and freeze what is left, so the collector, which
    runs during the next build, does not walk the objects every build keeps (a full
    collection inside a rebuild took about 0.07 s at 1,000 postings); and hand the memory
    the build freed back to the system, as a one-shot build does before forking."""
    from .output import release_free_memory

    gc.unfreeze()
    gc.collect()
    gc.freeze()
    release_free_memory()


def publish(settings: dict[str, Any]) -> int:
    """`invoke publish`: the build, the search index, then the manifest (0 on success).

    Each step writes only files whose bytes changed, so publishing unchanged content
    rewrites no file at all (the deploy and rsync then see nothing new).
    """
    from .manifest import write_manifest
    from .output import REMEMBER_SETTING, noted_digests
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
    write_manifest(output, known=noted_digests(output))
    return 0


def validate(settings: dict[str, Any]) -> int:
    """Check all content without building; every problem printed, one per line.

    `settings` may come from `settings_for` or from the lighter `validation_settings`.
    """
    from .loader import check_content, format_report

    # One check per process: nothing is kept for a rebuild (see loader._check_posting_file).
    settings = {**settings, "CAREERS_REMEMBER_PAGES": False}
    result = check_content(Path(settings["PATH"]), settings, render=False)
    print(format_report(result.problems), file=sys.stderr if result.errors else sys.stdout)
    return 1 if result.errors else 0
