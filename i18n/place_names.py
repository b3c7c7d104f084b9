"""The name of a place for a locale: the official spelling in that script, else a transliteration, else another.

Kept apart from :mod:`i18n.translit` so that the imports form a chain, not a circle: transliteration
← catalogues (:mod:`i18n.runtime`) ← formatting ← place names (which say "no data" with
:func:`i18n.formatting.format_missing`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from i18n.formatting import format_missing
from i18n.languages import check_locale
from i18n.missing import is_missing
from i18n.translit import to_arabic, to_latin


def _name(names: Mapping[str, Any], key: str) -> str | None:
    value = names.get(key)
    return None if is_missing(value) else str(value).strip()


def place_name(names: Mapping[str, Any], locale: str) -> str:
    """Pick or derive the name of a place for ``locale``.

    Parameters
    ----------
    names : Mapping[str, Any]
        A row with some of ``name_kk``, ``name_ru``, ``name_en`` and, where an official spelling exists in
        that script, ``name_kk_Latn`` / ``name_kk_Arab``.  ``None``, NaN and blanks count as absent.
    locale : str
        One of :data:`i18n.LOCALES`.

    Returns
    -------
    str
        ``kk``: name_kk, else name_ru, else name_en.  ``kk_Latn``/``kk_Arab``: the official name in that
        script, else the transliterated name_kk (else name_ru), else name_en.  ``ru``: name_ru, else
        name_kk, else name_en.  ``en``: name_en, else to_latin(name_kk), else to_latin(name_ru).
        With no name at all, the translated "no data".
    """
    check_locale(locale)
    kk, ru, en = _name(names, "name_kk"), _name(names, "name_ru"), _name(names, "name_en")
    if locale in ("kk_Latn", "kk_Arab"):
        convert = to_latin if locale == "kk_Latn" else to_arabic
        cyrillic = kk or ru
        candidates = [_name(names, f"name_{locale}"), convert(cyrillic) if cyrillic else None, en]
    elif locale == "en":
        cyrillic = kk or ru
        candidates = [en, to_latin(cyrillic) if cyrillic else None]
    elif locale == "ru":
        candidates = [ru, kk, en]
    else:
        candidates = [kk, ru, en]
    for candidate in candidates:
        if candidate:
            return candidate
    return format_missing(locale)


def localised(texts: Mapping[str, Any], locale: str, *, prefix: str = "", default: str | None = None) -> str:
    """Pick or derive the text of ``locale`` from texts written in kk, ru and en (labels, descriptions).

    Parameters
    ----------
    texts : Mapping[str, Any]
        Keyed ``kk``/``ru``/``en`` (a registry label) or, with ``prefix``, ``<prefix>kk`` … (a data row such
        as ``label_kk``, ``label_ru``, ``label_en``).  ``None``, NaN and blanks count as absent.
    locale : str
        One of :data:`i18n.LOCALES`.
    prefix : str, default ""
        Prefix of the keys, e.g. ``"label_"``.
    default : str, optional
        Returned when no text exists; without it, the translated "no data".

    Returns
    -------
    str
        ``kk``: kk, else ru, else en.  ``kk_Latn``/``kk_Arab``: kk transliterated, else ru, else en (a Russian
        text is not transliterated: it is not Kazakh).  ``ru``: ru, else kk, else en.  ``en``: en, else ru,
        else kk.
    """
    check_locale(locale)
    kk, ru, en = (_name(texts, f"{prefix}{lang}") for lang in ("kk", "ru", "en"))
    if locale in ("kk_Latn", "kk_Arab"):
        convert = to_latin if locale == "kk_Latn" else to_arabic
        candidates = [convert(kk) if kk else None, ru, en]
    else:
        candidates = {"kk": [kk, ru, en], "ru": [ru, kk, en], "en": [en, ru, kk]}[locale]
    for candidate in candidates:
        if candidate:
            return candidate
    return default if default is not None else format_missing(locale)
