"""The one number grammar, the date grammar and the text checks of data._validate."""

from __future__ import annotations

import datetime as dt

import pytest

from data import _validate as v

TODAY = dt.date(2026, 11, 29)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("12", 12.0),
        ("0.8", 0.8),
        ("2,5", 2.5),
        ("0,125", 0.125),
        ("1 234", 1234.0),
        ("1\u00a0234,5", 1234.5),
        ("1\u202f234\u202f567", 1234567.0),
        ("−2,5", -2.5),
        ("-3", -3.0),
        (" 7 ", 7.0),
        ("١٢٫٥", 12.5),
        ("۱۲", 12.0),
        ("12,3456", 12.3456),
    ],
)
def test_numbers_read(text: str, number: float) -> None:
    assert v.parse_number(text) == (pytest.approx(number), [])


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1,234", v.AMBIGUOUS_NUMBER),
        ("12,500", v.AMBIGUOUS_NUMBER),
        ("1,234,567", v.NOT_A_NUMBER),
        ("1.234.567", v.NOT_A_NUMBER),
        ("1 2345", v.NOT_A_NUMBER),
        ("1'234", v.NOT_A_NUMBER),
        ("1٬234", v.NOT_A_NUMBER),
        ("1e5", v.NOT_A_NUMBER),
        ("nan", v.NOT_A_NUMBER),
        ("inf", v.NOT_A_NUMBER),
        ("5%", v.NOT_A_NUMBER),
    ],
)
def test_numbers_refused(text: str, reason: str) -> None:
    number, problems = v.parse_number(text, row=3, column="value")
    assert number is None and problems[0].reason == reason and (problems[0].row, problems[0].column) == (3, "value")


def test_1_234_is_never_silently_1_234_thousandths() -> None:
    assert v.parse_number("1,234")[0] is None
    assert v.parse_number("1,234", decimal=(",", 2))[0] is None  # detected is not declared
    assert v.parse_number("1,234", decimal=",")[0] == pytest.approx(1.234)
    problems = v.parse_number("1,5", decimal=(".", 4))[1]
    assert problems[0].reason == v.MIXED_DECIMALS and problems[0].params["other"] == 4


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-01-15", dt.date(2026, 1, 15)),
        ("31.10.2026", dt.date(2026, 10, 31)),
        ("01.02.2026", dt.date(2026, 2, 1)),
        ("2026-01-15T00:00:00", dt.date(2026, 1, 15)),
        ("2026-01-15 00:00:00", dt.date(2026, 1, 15)),
        ("٢٠٢٦-٠١-١٥", dt.date(2026, 1, 15)),
        ("١٥.٠١.٢٠٢٦", dt.date(2026, 1, 15)),
    ],
)
def test_dates_read_day_first_never_reordered(text: str, day: dt.date) -> None:
    assert v.parse_date(text, today=TODAY) == (day, [])


@pytest.mark.parametrize(
    "text", ["2026-01-01Tgarbage", "2026-01-01T12:30", "01/15/2026", "15.01.26", "2026/01/15", "31.02.2026", "1.2.2026"]
)
def test_dates_refused(text: str) -> None:
    day, problems = v.parse_date(text, today=TODAY, row=2, column="date")
    assert day is None and problems[0].reason == v.BAD_DATE and problems[0].row == 2


@pytest.mark.parametrize("prefix", [" ", "\u00a0", "\n", "\u200b", "\ufeff", "\u202f", " \u200b\t"])
def test_formula_found_after_blanks_and_invisibles(prefix: str) -> None:
    _text, problems = v.check_text(prefix + "=1+1", row=2, column="source")
    assert [p.reason for p in problems] == [v.FORMULA]
    assert v.defuse_formula(prefix + "=1+1") == "'" + prefix + "=1+1"
    assert v.defuse_formula("Abai =1") == "Abai =1" and v.defuse_formula(3) == 3


@pytest.mark.parametrize(
    "ch", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2069", "\u200e", "\u200f", "\u061c"]
)
def test_bidi_controls_refused(ch: str) -> None:
    _text, problems = v.check_text(f"letter {ch}12", row=4, column="reason")
    assert [p.reason for p in problems] == [v.BIDI_CHARS] and f"U+{ord(ch):04X}" in problems[0].describe()


def test_length_limit_per_column_is_named() -> None:
    assert not v.check_text("x" * 1000, column="reason")[1]
    problem = v.check_text("x" * 501, row=9, column="source")[1][0]
    assert problem.describe() == "row 9, column source: the text has 501 characters; the limit is 500"
    assert v.check_text("x" * 1001, column="reason")[1][0].params["max"] == 1000
