"""Numbers, tenge, percentages, dates and missing values in every locale."""

from __future__ import annotations

import datetime as dt
import decimal
import math

import numpy as np
import pandas as pd
import pytest

import i18n

NBSP = "\xa0"


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("kk", "1 513 750 ₸"),
        ("kk_Latn", "1 513 750 ₸"),
        ("kk_Arab", "₸ 1,513,750"),
        ("ru", "1 513 750 ₸"),
        ("en", "₸1,513,750"),
    ],
)
def test_format_kzt(locale: str, expected: str) -> None:
    assert i18n.format_kzt(1513750, locale) == expected.replace(" ", NBSP)


def test_format_kzt_digits_and_numpy() -> None:
    assert i18n.format_kzt(np.int64(1513750), "ru", digits=2) == f"1{NBSP}513{NBSP}750,00{NBSP}₸"


@pytest.mark.parametrize(
    ("locale", "number", "decimal_", "percent"),
    [
        ("kk", "1 513 750,5", "2,50", "25,3%"),
        ("kk_Latn", "1 513 750,5", "2,50", "25,3%"),
        ("kk_Arab", "1,513,750.5", "2.50", "25.3%"),
        ("ru", "1 513 750,5", "2,50", "25,3 %"),
        ("en", "1,513,750.5", "2.50", "25.3%"),
    ],
)
def test_numbers(locale: str, number: str, decimal_: str, percent: str) -> None:
    assert i18n.format_number(1513750.5, locale) == number.replace(" ", NBSP)
    assert i18n.format_decimal(2.5, 2, locale) == decimal_
    assert i18n.format_percent(0.2534, locale, digits=1) == percent.replace(" ", NBSP)


def test_digits_stay_western_in_arabic_script() -> None:
    assert set(i18n.format_number(1234567890, "kk_Arab")) <= set("0123456789,")


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("kk", "2023 ж. 1 қаңтар"),
        ("kk_Latn", "2023 j. 1 qañtar"),
        ("kk_Arab", "1-قاڭتار، 2023"),
        ("ru", "1 января 2023 г."),
        ("en", "January 1, 2023"),
    ],
)
def test_format_date(locale: str, expected: str) -> None:
    text = i18n.format_date(dt.date(2023, 1, 1), locale).replace("\u202f", " ")
    assert text == expected
    assert i18n.format_date(pd.Timestamp("2023-01-01 10:00"), locale).replace("\u202f", " ") == expected


MISSING = [None, math.nan, np.nan, np.float32("nan"), pd.NA, pd.NaT, decimal.Decimal("NaN"), "", "  "]


@pytest.mark.parametrize("value", MISSING, ids=repr)
def test_missing_values_say_no_data(value: object) -> None:
    expected = {"kk": "деректер жоқ", "kk_Latn": "derekter joq", "ru": "нет данных", "en": "no data"}
    for locale, text in expected.items():
        for formatted in (
            i18n.format_number(value, locale),
            i18n.format_decimal(value, 1, locale),
            i18n.format_percent(value, locale),
            i18n.format_kzt(value, locale),
            i18n.format_date(value, locale),
        ):
            assert formatted == text
    assert i18n.format_missing("kk_Arab") == "دەرەكتەر جوق"


def test_zero_is_a_value_not_missing() -> None:
    assert i18n.format_kzt(0, "kk") == f"0{NBSP}₸"
    assert i18n.format_percent(0.0, "en") == "0%"


@pytest.mark.parametrize(
    ("value", "unit", "locale", "expected"),
    [
        (19765004.0, "persons", "kk", "19 765 004"),  # a count: never decimals
        (345678.9, "KZT/month", "ru", "345 679"),  # tenge: whole
        (1265.7, "km", "en", "1,266"),  # about three significant digits, whole numbers without
        (123.4, "km", "ru", "123"),
        (120.0, "km", "en", "120"),
        (12.34, "per 10,000", "ru", "12,3"),
        (0.523, "ratio", "kk_Arab", "0.52"),
        (0.0123, "ratio", "en", "0.012"),
        (-0.35, "%", "ru", "-0,35"),
        (4.83, "%", "kk", "4,83"),
        (1.0, "yes/no", "ru", "да"),
        (0.0, "yes/no", "en", "no"),
    ],
)
def test_format_value_by_unit(value: float, unit: str, locale: str, expected: str) -> None:
    assert i18n.format_value(value, unit, locale) == expected.replace(" ", NBSP)


@pytest.mark.parametrize(
    ("value", "unit", "locale", "expected"),
    [
        (4.83, "%", "ru", "4,83 %"),
        (4.83, "%", "en", "4.83%"),
        (12.34, "km", "kk", "12,3 км"),
        (12.34, "km", "kk_Latn", "12,3 km"),
        (230000.0, "KZT/m²", "ru", "230 000 ₸/м²"),
        (0.52, "ratio", "en", "0.52"),  # a ratio has no unit to write
        (1.0, "yes/no", "kk", "иә"),
    ],
)
def test_format_value_with_unit(value: float, unit: str, locale: str, expected: str) -> None:
    assert i18n.format_value(value, unit, locale, with_unit=True) == expected.replace(" ", NBSP)


@pytest.mark.parametrize("locale", list(i18n.LOCALES))
def test_format_value_of_a_missing_value_says_no_data(locale: str) -> None:
    assert i18n.format_value(float("nan"), "km", locale, with_unit=True) == i18n.format_missing(locale)


LABEL = {"kk": "Бос жұмыс орны", "ru": "Вакансии", "en": "Vacancies"}


@pytest.mark.parametrize(
    ("texts", "locale", "expected"),
    [
        (LABEL, "kk", "Бос жұмыс орны"),
        (LABEL, "kk_Latn", "Bos jūmys orny"),
        (LABEL, "kk_Arab", "بوس جۇمىس ورنى"),
        (LABEL, "ru", "Вакансии"),
        (LABEL, "en", "Vacancies"),
        ({"kk": None, "ru": "Вакансии", "en": "Vacancies"}, "kk_Latn", "Вакансии"),  # Russian is not transliterated
        ({"kk": "Бос орын", "ru": float("nan"), "en": " "}, "ru", "Бос орын"),
        ({"kk": "Бос орын", "ru": "Вакансии", "en": None}, "en", "Вакансии"),
    ],
)
def test_localised_picks_or_derives_the_text_of_a_locale(texts: dict, locale: str, expected: str) -> None:
    assert i18n.localised(texts, locale) == expected


def test_localised_reads_prefixed_columns_and_says_when_there_is_nothing() -> None:
    row = pd.Series({"code": "X", "label_kk": "Көтерме", "label_ru": "Подъёмные", "label_en": None})
    assert i18n.localised(row, "kk_Arab", prefix="label_") == i18n.to_arabic("Көтерме")
    assert i18n.localised(row, "en", prefix="label_") == "Подъёмные"
    assert i18n.localised({}, "ru") == "нет данных"
    assert i18n.localised({}, "ru", default="X") == "X"
