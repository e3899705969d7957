"""`invoke translations`: keep the interface catalogues in step with the templates and code.

Babel extracts every marked string from the theme's templates (Jinja's i18n extension,
whitespace trimmed as at build time) and from the plugin's Python (`_`, `N_`, `gettext`,
`ngettext`) into `theme/translations/messages.pot`, then merges it into each language's
`messages.po`: new strings arrive untranslated, translations of unchanged strings stay,
strings no longer used go. The output is deterministic (sorted, no line numbers, a fixed
creation date), so the committed files only change when the strings do.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from .i18n import DOMAIN, EXTRACT_KEYWORDS, SOURCE_LANG, catalogue_path, locale_name, template_path

PROJECT = "careers site"
FIXED_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)  # no clock in generated files
WIDTH = 100
METHODS = [
    ("theme/templates/**.html", "jinja2.ext:babel_extract"),
    ("plugins/careers/**.py", "python"),
]
OPTIONS = {
    "theme/templates/**.html": {"trimmed": "true", "newstyle_gettext": "true"},
}


def _new_catalog(locale: Locale | None) -> Catalog:
    """An empty catalogue with fixed dates, so regenerated files only change with the strings."""
    return Catalog(
        locale=locale,
        project=PROJECT,
        domain=DOMAIN,
        creation_date=FIXED_DATE,
        revision_date=FIXED_DATE,
        charset="utf-8",
        fuzzy=False,
    )


def extract(root: Path) -> Catalog:
    """Every msgid of the theme's templates and the plugin's code, with where it is used."""
    catalog = _new_catalog(None)
    keywords = {name: None for name in EXTRACT_KEYWORDS}
    keywords["ngettext"] = (1, 2)  # type: ignore[assignment]
    for filename, lineno, message, comments, context in extract_from_dir(
        str(root),
        method_map=METHODS,
        options_map=OPTIONS,
        keywords=keywords,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
        directory_filter=lambda folder: _ours(root, folder),
    ):
        path = Path(filename).as_posix()
        if path.startswith(("plugins/", "theme/")):
            catalog.add(message, None, [(path, lineno)], auto_comments=comments, context=context)
    return catalog


def _ours(root: Path, folder: str) -> bool:
    """Walk only theme/ and plugins/ (not .venv/, node_modules/, output/...)."""
    parts = Path(folder).resolve().relative_to(root.resolve()).parts
    return not parts or parts[0] in ("theme", "plugins")


def render(catalog: Catalog) -> str:
    buffer = io.BytesIO()
    write_po(
        buffer,
        catalog,
        width=WIDTH,
        sort_output=True,
        include_lineno=False,
        ignore_obsolete=True,
    )
    return buffer.getvalue().decode("utf-8")


def _read(path: Path, lang: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale_name(lang), domain=DOMAIN)


def languages(theme: Path) -> list[str]:
    """The languages that have a catalogue, sorted (folder names, e.g. `fr`, `pt_BR`)."""
    folder = theme / "translations"
    return sorted(p.parent.parent.name for p in folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def updated(root: Path, template: Catalog, lang: str) -> str:
    """`lang`'s catalogue merged with the template (its translations kept)."""
    path = catalogue_path(root / "theme", lang)
    locale = Locale.parse(locale_name(lang))
    catalog = _read(path, lang) if path.is_file() else _new_catalog(locale)
    catalog.update(template, no_fuzzy_matching=True, update_creation_date=True)
    return render(catalog)


def outputs(root: Path, add: str = "") -> dict[Path, str]:
    """Every file `invoke translations` writes, with its text (for writing or checking)."""
    template = extract(root)
    files = {template_path(root / "theme"): render(template)}
    langs = set(languages(root / "theme"))
    if add and add != SOURCE_LANG:
        langs.add(locale_name(add))
    for lang in sorted(langs):
        files[catalogue_path(root / "theme", lang)] = updated(root, template, lang)
    return files


def untranslated(root: Path, lang: str) -> list[str]:
    """msgids of the template with no (or a fuzzy) translation in `lang`'s catalogue."""
    path = catalogue_path(root / "theme", lang)
    catalog = _read(path, lang) if path.is_file() else Catalog()
    missing = []
    for message in extract(root):
        if not message.id:
            continue
        found = catalog.get(message.id)
        strings = (
            []
            if found is None
            else found.string
            if isinstance(found.string, tuple)
            else [found.string]
        )
        if found is None or found.fuzzy or not strings or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing
