"""Interface languages: gettext catalogues for the theme's strings, dates and amounts.

The theme's templates are written in English (the source language) and mark every string
for translation with Jinja's i18n extension (`{% trans %}`, `_()`); Python-side labels
(contracts, work modes, page titles) are marked with `N_` and translated when a page is
made. Each other language has a catalogue, `theme/translations/<lang>/LC_MESSAGES/
messages.po`, kept in step with `theme/translations/messages.pot` by `invoke translations`.

Catalogues are compiled in memory with Babel at build time (no `.mo` file in the repo) and
installed on the generator's Jinja environment before each language's pages are rendered.
Dates and numbers are formatted with Babel's CLDR data for the page's language.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from functools import lru_cache
from gettext import NullTranslations
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Babel is imported where it is used: `invoke validate` never needs it
    from babel import Locale
    from babel.support import Translations

SOURCE_LANG = "en"  # the language of the msgids: it needs no catalogue
DOMAIN = "messages"
TRANSLATIONS_DIR = "translations"  # inside the theme folder
# Babel's extraction: Jinja templates with the i18n extension, and plugin modules.
EXTRACT_KEYWORDS = ("_", "gettext", "ngettext", "N_")


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated later, where the language is known."""
    return message


def catalogue_path(theme: Path, lang: str) -> Path:
    """`theme/translations/fr/LC_MESSAGES/messages.po`."""
    return theme / TRANSLATIONS_DIR / locale_name(lang) / "LC_MESSAGES" / f"{DOMAIN}.po"


def template_path(theme: Path) -> Path:
    """`theme/translations/messages.pot`: every msgid, extracted by `invoke translations`."""
    return theme / TRANSLATIONS_DIR / f"{DOMAIN}.pot"


def locale_name(lang: str) -> str:
    """`pt-BR` -> `pt_BR`: BCP 47 (HTML, URLs) to a gettext/CLDR locale name."""
    return lang.replace("-", "_")


def translations(theme: Path, lang: str) -> NullTranslations:
    """The compiled catalogue of `lang`; the source language (or none) translates to itself."""
    path = catalogue_path(theme, lang)
    if lang == SOURCE_LANG or not path.is_file():
        return NullTranslations()
    stat = path.stat()
    return _compiled(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=32)
def _compiled(path: str, mtime_ns: int, size: int) -> Translations:
    """Compile a .po in memory (keyed by its mtime, so livereload sees edits)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import Translations

    with open(path, "rb") as handle:
        catalog = read_po(handle, locale=Path(path).parent.parent.name, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


# --- formatting ---------------------------------------------------------------------------


@lru_cache(maxsize=32)
def _locale(name: str) -> Locale:
    from babel import Locale

    return Locale.parse(locale_name(name))


def preload(locale: str) -> None:
    """Load a locale's CLDR data now, not on first use: before the render workers fork,
    so that they share this copy instead of each loading its own (a few MB each)."""
    try:
        loc = _locale(locale)
        for each in (loc, _locale(loc.language)):  # `money` formats with the language's too
            each.date_formats  # noqa: B018 - reading one property loads all of the data
    except Exception:  # an unknown locale fails where it is used, if it is
        return


def long_date(day: dt.date, locale: str) -> str:
    """`5 January 2027` (en_GB), `5 janvier 2027` (fr): CLDR's long date of the locale."""
    from babel.dates import format_date

    return format_date(day, format="long", locale=_locale(locale))


def amount(value: Decimal, locale: str) -> str:
    """`1,200` / `1 200` / `1,200.50`: grouped digits, decimals only when there are some."""
    from babel.numbers import format_decimal

    pattern = "#,##0" if value == value.to_integral_value() else "#,##0.00"
    return format_decimal(value, format=pattern, locale=_locale(locale))


def money(low: Decimal, high: Decimal, currency: str, locale: str) -> str:
    """`€1,200–1,500` (en), `1 200–1 500 €` (fr): one symbol, placed as the locale places it.

    The symbol is the language's (`$` in English, `$US` in French, whatever the region); a
    currency without a symbol keeps its code after the amount.
    """
    from babel.numbers import get_currency_symbol

    loc = _locale(locale)
    text = amount(low, locale) if low == high else f"{amount(low, locale)}–{amount(high, locale)}"
    symbol = get_currency_symbol(currency, locale=_locale(loc.language))
    if symbol == currency:
        return f"{text}\u00a0{currency}"
    pattern = loc.currency_formats["standard"].pattern
    if pattern.lstrip().startswith("¤"):
        return f"{symbol}{text}"
    return f"{text}\u00a0{symbol}"


def language_name(lang: str) -> str:
    """A language's name in itself, as a switcher shows it: `English`, `Français`."""
    name = _locale(lang).get_display_name(_locale(lang)) or lang
    return name[:1].upper() + name[1:]


def country_name(code: str, locale: str) -> str | None:
    """A country's name in the locale's language (`Allemagne`), None when CLDR lacks it."""
    name = _locale(locale).territories.get(code.upper())
    return str(name) if name else None
