"""The five interface locales of Qonys: codes, self-names, writing direction and CLDR stand-ins."""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

DEFAULT_LOCALE: Final = "kk"

#: Locale code → name of the language written in its own script, in picker order.
LOCALES: Final = MappingProxyType(
    {
        "kk": "Қазақша",
        "kk_Latn": "Qazaqşa",
        "kk_Arab": "قازاقشا",
        "ru": "Русский",
        "en": "English",
    }
)

#: Locales whose catalogues are written by people; the others are generated from ``kk``.
HUMAN_LOCALES: Final = ("kk", "ru", "en")
GENERATED_LOCALES: Final = ("kk_Latn", "kk_Arab")

_RTL_LOCALES: Final = frozenset({"kk_Arab"})

#: Locale → CLDR locale used by Babel for numbers and dates.  CLDR (Babel 2.18) has ``kk_Arab`` but no
#: ``kk_Latn`` (``Locale.parse("kk_Latn")`` silently becomes ``kk_Cyrl``), so ``kk_Latn`` formats as ``kk``
#: and its month names are transliterated afterwards.  ``ru_KZ`` gives Russian as written in Kazakhstan
#: (same patterns as ``ru``, tenge symbol ₸).
CLDR_LOCALES: Final = MappingProxyType({"kk": "kk", "kk_Latn": "kk", "kk_Arab": "kk_Arab", "ru": "ru_KZ", "en": "en"})


def check_locale(locale: str) -> str:
    """Return ``locale`` unchanged if Qonys supports it.

    Parameters
    ----------
    locale : str
        A locale code such as ``"kk"`` or ``"kk_Arab"``.

    Returns
    -------
    str
        The same code.

    Raises
    ------
    ValueError
        If the code is not one of :data:`LOCALES`.
    """
    if locale not in LOCALES:
        raise ValueError(f"unknown locale {locale!r}; expected one of {', '.join(LOCALES)}")
    return locale


def is_rtl(locale: str) -> bool:
    """Tell whether ``locale`` is written right to left (only ``kk_Arab``, the töte jazu)."""
    return check_locale(locale) in _RTL_LOCALES
