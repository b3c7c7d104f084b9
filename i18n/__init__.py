"""Five interface locales of Qonys (kk, kk_Latn, kk_Arab, ru, en): gettext look-ups, formatting, transliteration.

No Streamlit here: pages pass the chosen locale in.  See docs/I18N.md.
"""

from __future__ import annotations

from i18n.catalogs import DOMAINS
from i18n.formatting import (
    format_date,
    format_decimal,
    format_kzt,
    format_missing,
    format_number,
    format_percent,
    format_value,
)
from i18n.languages import DEFAULT_LOCALE, LOCALES, is_rtl
from i18n.missing import is_missing
from i18n.place_names import localised, place_name
from i18n.runtime import N_, clear_cache, ngettext, translator
from i18n.translit import to_arabic, to_latin

__all__ = [
    "DEFAULT_LOCALE",
    "DOMAINS",
    "LOCALES",
    "N_",
    "clear_cache",
    "format_date",
    "format_decimal",
    "format_kzt",
    "format_missing",
    "format_number",
    "format_percent",
    "format_value",
    "is_missing",
    "is_rtl",
    "localised",
    "ngettext",
    "place_name",
    "to_arabic",
    "to_latin",
    "translator",
]
