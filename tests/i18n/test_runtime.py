"""Locale registry and gettext look-ups with their fallback chain."""

from __future__ import annotations

import pytest

import i18n


def test_locales_in_picker_order_with_self_names() -> None:
    assert list(i18n.LOCALES) == ["kk", "kk_Latn", "kk_Arab", "ru", "en"]
    assert list(i18n.LOCALES.values()) == ["Қазақша", "Qazaqşa", "قازاقشا", "Русский", "English"]
    assert i18n.DEFAULT_LOCALE == "kk"


def test_self_names_agree_with_the_transliteration() -> None:
    assert i18n.to_latin(i18n.LOCALES["kk"]) == i18n.LOCALES["kk_Latn"]
    assert i18n.to_arabic(i18n.LOCALES["kk"]) == i18n.LOCALES["kk_Arab"]


@pytest.mark.parametrize(
    ("locale", "rtl"), [("kk", False), ("kk_Latn", False), ("kk_Arab", True), ("ru", False), ("en", False)]
)
def test_rtl_flag(locale: str, rtl: bool) -> None:
    assert i18n.is_rtl(locale) is rtl


def test_unknown_locale_or_domain_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="'kz'"):
        i18n.translator("kz", "common")
    with pytest.raises(ValueError, match="'maps'"):
        i18n.translator("kk", "maps")


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("kk", "Аудан"), ("kk_Latn", "Audan"), ("kk_Arab", "اۋدان"), ("ru", "Район"), ("en", "District")],
)
def test_page_domain_falls_back_to_common(locale: str, expected: str) -> None:
    assert i18n.translator(locale, "map")("District") == expected


def test_unknown_message_falls_back_to_its_id() -> None:
    for locale in i18n.LOCALES:
        assert i18n.translator(locale, "advisor")("Not a catalogued message, surely?") == (
            "Not a catalogued message, surely?"
        )


def test_translator_is_cached() -> None:
    assert i18n.translator("ru", "common") == i18n.translator("ru", "common")


@pytest.mark.parametrize(
    ("locale", "forms"),
    [
        ("kk", ["1 аудан", "3 аудан", "5 аудан"]),
        ("ru", ["1 район", "3 района", "5 районов"]),
        ("en", ["1 district", "3 districts", "5 districts"]),
        ("kk_Latn", ["1 audan", "3 audan", "5 audan"]),
    ],
)
def test_plural_forms(locale: str, forms: list[str]) -> None:
    _n = i18n.ngettext(locale, "data")
    assert [_n("{n} district", "{n} districts", n).format(n=n) for n in (1, 3, 5)] == forms


def test_n_marker_returns_its_argument() -> None:
    assert i18n.N_("Housing") == "Housing"
