"""Gettext look-ups for a locale and a domain, with the fallback chain domain → common → message id."""

from __future__ import annotations

import functools
import gettext
import io
from collections.abc import Callable

from babel.messages.mofile import write_mo

from i18n.catalogs import check_domain, load_catalog, po_path
from i18n.languages import check_locale
from i18n.translit import to_arabic, to_latin

#: Generated locale → how its text is derived from ``kk`` (used when a generated catalogue is stale).
TRANSLITERATORS: dict[str, Callable[[str], str]] = {"kk_Latn": to_latin, "kk_Arab": to_arabic}


class _TransliteratedFallback(gettext.NullTranslations):
    """Last resort for ``kk_Latn``/``kk_Arab``: the ``kk`` translation, transliterated on the fly."""

    def __init__(self, source: gettext.NullTranslations, convert: Callable[[str], str]) -> None:
        super().__init__()
        self._source = source
        self._convert = convert

    def gettext(self, message: str) -> str:
        translated = self._source.gettext(message)
        return message if translated == message else self._convert(translated)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        translated = self._source.ngettext(msgid1, msgid2, n)
        return translated if translated in (msgid1, msgid2) else self._convert(translated)


def _read_catalogue(locale: str, domain: str) -> gettext.NullTranslations | None:
    """Open the compiled ``.mo`` if it is up to date, else compile the ``.po`` in memory; None if absent."""
    po_file = po_path(locale, domain)
    mo_file = po_file.with_suffix(".mo")
    if mo_file.exists() and (not po_file.exists() or mo_file.stat().st_mtime >= po_file.stat().st_mtime):
        with mo_file.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    if not po_file.exists():
        return None
    buffer = io.BytesIO()
    write_mo(buffer, load_catalog(po_file, locale=locale, domain=domain))
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


@functools.cache
def _translations(locale: str, domain: str) -> gettext.NullTranslations:
    chain = [_read_catalogue(locale, domain)]
    if domain != "common":
        chain.append(_read_catalogue(locale, "common"))
    if locale in TRANSLITERATORS:
        chain.append(_TransliteratedFallback(_translations("kk", domain), TRANSLITERATORS[locale]))
    links = [link for link in chain if link is not None]
    if not links:
        return gettext.NullTranslations()
    for link, following in zip(links, links[1:], strict=False):
        link.add_fallback(following)
    return links[0]


def translator(locale: str, domain: str) -> Callable[[str], str]:
    """Return the ``gettext`` function of ``domain`` in ``locale``.

    Parameters
    ----------
    locale : str
        One of :data:`i18n.LOCALES`.
    domain : str
        One of :data:`i18n.DOMAINS`; a message not found there is looked up in ``common``, then the
        English message id itself is returned.

    Returns
    -------
    Callable[[str], str]
        Use as ``_ = translator(locale, "map")`` so that ``python -m i18n.extract`` finds ``_("…")``.
    """
    return _translations(check_locale(locale), check_domain(domain)).gettext


def ngettext(locale: str, domain: str) -> Callable[[str, str, int], str]:
    """Return the plural-aware ``ngettext(singular, plural, n)`` of ``domain`` in ``locale``.

    Use as ``_n = ngettext(locale, "map")``; then ``_n("{n} district", "{n} districts", n).format(n=n)``.
    Russian has three forms, Kazakh and English two (Kazakh nouns after a numeral stay singular).
    """
    return _translations(check_locale(locale), check_domain(domain)).ngettext


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it (module-level labels); returns it as is."""
    return message


def clear_cache() -> None:
    """Forget loaded catalogues, e.g. after ``python -m i18n.compile`` in a running process."""
    _translations.cache_clear()
