"""Numbers, percentages, tenge amounts, dates, indicator values and "no data", formatted for a Qonys locale with
Babel/CLDR."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any, Final

from babel import Locale, dates, numbers

from i18n.languages import CLDR_LOCALES, check_locale
from i18n.missing import is_missing
from i18n.runtime import translator
from i18n.translit import to_latin
from i18n.vocabulary import COUNT_UNITS, MONEY_UNITS, NO, SILENT_UNITS, YES, unit_label

#: The tenge sign (U+20B8), used in every locale: CLDR gives it for kk and ru_KZ but "KZT" for en and kk_Arab.
TENGE_SIGN: Final = "₸"
#: The message id shown wherever a value is missing.
NO_DATA: Final = "no data"


@lru_cache(maxsize=16)
def _cldr(locale: str) -> Locale:
    # Cached: Locale.parse on every number was ~7 % of a map-page rerun under load (bench/load.py).
    return Locale.parse(CLDR_LOCALES[check_locale(locale)])


def format_missing(locale: str) -> str:
    """Return the translated "no data" (kk «деректер жоқ», ru «нет данных») for a missing value."""
    return translator(locale, "common")(NO_DATA)


def format_number(value: Any, locale: str) -> str:
    """Format a number with the locale's grouping (up to three decimals), e.g. kk ``1 513 750``.

    Parameters
    ----------
    value : Any
        An int, float, Decimal or NumPy scalar; missing values (None, NaN, NA) give :func:`format_missing`.
    locale : str
        One of :data:`i18n.LOCALES`.

    Returns
    -------
    str
    """
    if is_missing(value):
        return format_missing(locale)
    return numbers.format_decimal(value, locale=_cldr(locale))


def format_decimal(value: Any, digits: int, locale: str) -> str:
    """Format ``value`` with exactly ``digits`` decimals, e.g. ``format_decimal(2.5, 2, "ru") == "2,50"``.

    Parameters
    ----------
    value : Any
        A number; missing values give :func:`format_missing`.
    digits : int
        Number of decimals (≥ 0), rounded half-even as Babel does.
    locale : str
        One of :data:`i18n.LOCALES`.

    Returns
    -------
    str
    """
    if is_missing(value):
        return format_missing(locale)
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return numbers.format_decimal(value, format=pattern, locale=_cldr(locale))


def format_percent(value: Any, locale: str, *, digits: int = 0) -> str:
    """Format a fraction as a percentage: ``0.253`` → ``25%`` (ru ``25 %``).

    Parameters
    ----------
    value : Any
        A fraction (1.0 is 100%); missing values give :func:`format_missing`.
    locale : str
        One of :data:`i18n.LOCALES`.
    digits : int, default 0
        Decimals of the percentage.

    Returns
    -------
    str
    """
    if is_missing(value):
        return format_missing(locale)
    cldr = _cldr(locale)
    pattern = cldr.percent_formats[None].pattern.split(";")[0]
    if digits > 0:
        pattern = pattern.replace("0", "0." + "0" * digits, 1)
    return numbers.format_percent(value, format=pattern, locale=cldr)


def format_kzt(amount: Any, locale: str, *, digits: int = 0) -> str:
    """Format an amount in tenge with the ₸ sign placed as the locale's currency pattern says.

    Parameters
    ----------
    amount : Any
        Amount in tenge; missing values give :func:`format_missing`.
    locale : str
        One of :data:`i18n.LOCALES`.
    digits : int, default 0
        Decimals (tiyn are not shown by default).

    Returns
    -------
    str
        kk/kk_Latn/ru ``1 513 750 ₸``, en ``₸1,513,750``, kk_Arab ``₸ 1,513,750`` (spaces are no-break).
    """
    if is_missing(amount):
        return format_missing(locale)
    cldr = _cldr(locale)
    pattern = cldr.currency_formats["standard"].pattern.split(";")[0]
    number = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    pattern = pattern.replace("#,##0.00", number).replace("¤", TENGE_SIGN)
    return numbers.format_decimal(amount, format=pattern, locale=cldr)


def format_date(value: Any, locale: str, *, format: str = "long") -> str:
    """Format a date, e.g. kk ``2023 ж. 1 қаңтар``, kk_Latn ``2023 j. 1 qañtar``, ru ``1 января 2023 г.``.

    Parameters
    ----------
    value : Any
        A ``datetime.date``/``datetime``/``pandas.Timestamp``; missing values give :func:`format_missing`.
    locale : str
        One of :data:`i18n.LOCALES`.
    format : str, default "long"
        ``"short"``, ``"medium"``, ``"long"``, ``"full"`` or a CLDR pattern.

    Returns
    -------
    str
    """
    if is_missing(value):
        return format_missing(locale)
    if isinstance(value, dt.datetime):
        value = value.date()
    text = dates.format_date(value, format=format, locale=_cldr(locale))
    # CLDR has no kk_Latn: format as kk, then spell the month names in Latin letters.
    return to_latin(text) if locale == "kk_Latn" else text


def value_digits(value: float, unit: str) -> int:
    """Decimals shown for an indicator value: none for counts, tenge and whole numbers; else about three
    significant digits (``1265.7``, ``123.4``, ``12.34``, ``1.234``, ``0.1234``, ``0.01234`` → ``1266``, ``123``,
    ``12.3``, ``1.23``, ``0.12``, ``0.012``)."""
    size = abs(float(value))
    if unit in COUNT_UNITS or unit in MONEY_UNITS or float(value).is_integer() or size >= 100:
        return 0
    return 1 if size >= 10 else 2 if size >= 0.1 else 3


def format_value(value: Any, unit: str, locale: str, *, with_unit: bool = False) -> str:
    """Format an indicator value by its registry unit, e.g. ``format_value(4.83, "%", "ru") == "4,83"``.

    Parameters
    ----------
    value : Any
        The stored value (percentages as percent, e.g. ``4.83``); missing values give :func:`format_missing`.
    unit : str
        The indicator's registry unit (:attr:`scoring.registry.Indicator.unit`).
    locale : str
        One of :data:`i18n.LOCALES`.
    with_unit : bool, default False
        Write the translated unit after the number (for sentences; tables have a unit column): a percentage
        in the locale's percent pattern (ru ``4,83 %``, en ``4.83%``), kk ``12,3 км``, ru ``1 234 ₸/м²``.

    Returns
    -------
    str
        Decimals per :func:`value_digits`; a ``yes/no`` value as the translated word (``0.5`` and above is yes).
    """
    if is_missing(value):
        return format_missing(locale)
    _ = translator(locale, "common")
    number = float(value)
    if unit == "yes/no":
        return _(YES) if number >= 0.5 else _(NO)
    digits = value_digits(number, unit)
    if with_unit and unit == "%":
        return format_percent(number / 100.0, locale, digits=digits)
    text = format_decimal(number, digits, locale)
    if not with_unit or unit in SILENT_UNITS:
        return text
    return f"{text}\u00a0{unit_label(unit, _)}"
