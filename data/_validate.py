"""Checks shared by the Data page, the importer and the store's write API (private to ``data``).

Every problem becomes a :class:`data.errors.ValidationError` whose reason is one of the message ids
below, so the pages can translate it. Plausibility follows DHIS2's data-quality practice: a value
far outside the spread of comparable units (interquartile fences) or jumping more than a set share
since the last value is not an error, but needs a written reason and waits for ministry review.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import numpy as np

from data.errors import ValidationError
from i18n import N_

# --- reasons (gettext message ids of the ``data`` domain) -------------------------------------------
ROW = N_("row")
COLUMN = N_("column")
UNKNOWN_KATO = N_("unknown KATO code {value}")
OUT_OF_SCOPE = N_("unit {value} is outside your scope")
NOT_EDITABLE = N_("indicator {value} cannot be edited by your role")
UNKNOWN_INDICATOR = N_("unknown indicator {value}")
WRONG_LEVEL = N_("indicator {value} is not entered for this kind of unit")
NOT_A_NUMBER = N_("{value} is not a number")
BELOW_MIN = N_("{value} is below the allowed minimum {min}")
ABOVE_MAX = N_("{value} is above the allowed maximum {max}")
MISSING_SOURCE = N_("the source is missing")
MISSING_DATE = N_("the date is missing")
BAD_DATE = N_("{value} is not a date (use YYYY-MM-DD)")
FUTURE_DATE = N_("the date {value} is in the future")
OLD_DATE = N_("the date {value} is before 2000")
DUPLICATE = N_("duplicate row: {value} already appears in row {other}")
FORMULA = N_("the cell starts with {value}, which a spreadsheet would run as a formula")
TOO_LONG = N_("the text is longer than {max} characters")
CONTROL_CHARS = N_("the text contains control characters")
JUMP = N_(
    "a change of {share} since the last value {previous} is implausible: write a reason "
    "(the value will then wait for ministry review)"
)
OUTLIER = N_(
    "far outside the range of comparable districts ({low} – {high}): write a reason "
    "(the value will then wait for ministry review)"
)
WRONG_ENCODING = N_("the file is not UTF-8 text; save it as “CSV UTF-8” or XLSX")
TOO_BIG = N_("the file is larger than {max}")
TOO_MANY_ROWS = N_("the file has more than {max} rows")
UNREADABLE = N_("the file cannot be read as {value}")
MISSING_COLUMN = N_("the required column {value} is missing")
UNKNOWN_COLUMN = N_("unknown column {value}")
EMPTY_FILE = N_("the file has no data rows")
MISSING_VALUE = N_("the value is missing")
MISSING_REASON = N_("a reason is required")
UNKNOWN_BATCH = N_("unknown batch {value}")
ALREADY_ROLLED_BACK = N_("batch {value} has already been rolled back")
UNKNOWN_OBSERVATION = N_("unknown value id {value}")
BAD_ROLE = N_("unknown role {value}")
BAD_SCOPE = N_("an akimat user needs an oblast or district KATO as scope, not {value}")
SCOPE_ONLY_AKIMAT = N_("only akimat users have a scope ({value})")
BAD_USERNAME = N_("user names are 3–40 small Latin letters, digits, dot, dash or underscore: {value}")
USER_EXISTS = N_("user {value} already exists")
UNKNOWN_USER = N_("unknown user {value}")
BAD_PROFILE = N_("the weight profile is not valid: {value}")
NOT_A_DRAFT = N_("{value} is not a draft")
BAD_CATEGORY = N_("unknown quota category {value}")
BAD_YEAR = N_("{value} is not a plausible year")
UNKNOWN_MEASURE = N_("unknown support measure {value}")
BAD_VALIDITY = N_("the end date {value} is before the start date")
BAD_SHARE = N_("{value} is not a share above 0")
WRONG_TYPE = N_("the file type {value} is not supported; use CSV or XLSX")

#: Characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_TEXT_CHARS = 500
EARLIEST_DATE = dt.date(2000, 1, 1)
#: Default share of change since the last value above which a value needs a reason (50 %).
DEFAULT_MAX_JUMP_SHARE = 0.5
#: Interquartile fences: outside ``[Q1 - k·IQR, Q3 + k·IQR]`` of comparable units is implausible.
OUTLIER_IQR_FACTOR = 3.0
#: Fewer comparable values than this and the outlier check is not applied.
MIN_PEERS = 8

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def check_text(
    value: object, *, row: int | None = None, column: str | None = None, required: str | None = None
) -> tuple[str, list[ValidationError]]:
    """Clean one text cell: strip it, refuse formula prefixes, control characters and overlong text.

    Returns the text and the problems; ``required`` is the reason used when the cell is empty.
    """
    text = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
    problems: list[ValidationError] = []
    if text[:1] in FORMULA_PREFIXES:
        problems.append(ValidationError(FORMULA, row=row, column=column, value=repr(text[:1])))
    text = text.strip()
    if _CONTROL_RE.search(text):
        problems.append(ValidationError(CONTROL_CHARS, row=row, column=column))
    if len(text) > MAX_TEXT_CHARS:
        problems.append(ValidationError(TOO_LONG, row=row, column=column, max=MAX_TEXT_CHARS))
    if not text and required:
        problems.append(ValidationError(required, row=row, column=column))
    return text, problems


def parse_number(
    value: object, *, row: int | None = None, column: str | None = None
) -> tuple[float | None, list[ValidationError]]:
    """A cell as a finite float (``None`` when empty); a decimal comma is accepted."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None, []
    if isinstance(value, bool):
        return None, [ValidationError(NOT_A_NUMBER, row=row, column=column, value=repr(str(value)))]
    if isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
    else:
        text = str(value).strip()
        if not text:
            return None, []
        try:
            number = float(text.replace("\u00a0", "").replace(" ", "").replace(",", "."))
        except ValueError:
            problems = [ValidationError(NOT_A_NUMBER, row=row, column=column, value=repr(text[:40]))]
            if text[:1] in FORMULA_PREFIXES:
                problems.append(ValidationError(FORMULA, row=row, column=column, value=repr(text[:1])))
            return None, problems
    if not math.isfinite(number):
        return None, [ValidationError(NOT_A_NUMBER, row=row, column=column, value=repr(str(value)))]
    return number, []


def parse_date(
    value: object, *, today: dt.date, row: int | None = None, column: str | None = None
) -> tuple[dt.date | None, list[ValidationError]]:
    """A cell as a date between 2000 and ``today``; ISO text, ``date`` and ``datetime`` are accepted."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() in ("", "NaT"):
        return None, [ValidationError(MISSING_DATE, row=row, column=column)]
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        text = str(value).strip()
        try:
            day = dt.date.fromisoformat(text[:10]) if len(text) in (10, 19) or "T" in text else None
        except ValueError:
            day = None
        if day is None:
            problems = [ValidationError(BAD_DATE, row=row, column=column, value=repr(text[:40]))]
            if text[:1] in FORMULA_PREFIXES:
                problems.append(ValidationError(FORMULA, row=row, column=column, value=repr(text[:1])))
            return None, problems
    if day > today:
        return None, [ValidationError(FUTURE_DATE, row=row, column=column, value=day.isoformat())]
    if day < EARLIEST_DATE:
        return None, [ValidationError(OLD_DATE, row=row, column=column, value=day.isoformat())]
    return day, []


def check_range(
    value: float, low: float | None, high: float | None, *, row: int | None = None, column: str | None = None
) -> list[ValidationError]:
    """The registry's allowed range of an indicator (``None`` = unbounded)."""
    if low is not None and not math.isnan(low) and value < low:
        return [ValidationError(BELOW_MIN, row=row, column=column, value=f"{value:g}", min=f"{low:g}")]
    if high is not None and not math.isnan(high) and value > high:
        return [ValidationError(ABOVE_MAX, row=row, column=column, value=f"{value:g}", max=f"{high:g}")]
    return []


def iqr_fences(peers: np.ndarray) -> tuple[float, float] | None:
    """Outlier fences ``Q1 - k·IQR`` and ``Q3 + k·IQR`` of comparable values, or None when too few."""
    peers = peers[np.isfinite(peers)]
    if len(peers) < MIN_PEERS:
        return None
    q1, q3 = np.quantile(peers, [0.25, 0.75])
    if q3 - q1 <= 0:
        return None
    return float(q1 - OUTLIER_IQR_FACTOR * (q3 - q1)), float(q3 + OUTLIER_IQR_FACTOR * (q3 - q1))


def implausibility(
    value: float, previous: float | None, fences: tuple[float, float] | None, max_jump_share: float
) -> list[tuple[str, dict]]:
    """Why a value is implausible (reason id and its parameters); empty when it looks ordinary.

    :math:`|v - v_{prev}| / |v_{prev}| > s` is a jump; :math:`v \\notin [Q_1 - 3\\,IQR, Q_3 + 3\\,IQR]`
    an outlier.
    """
    found: list[tuple[str, dict]] = []
    if previous is not None and previous != 0 and math.isfinite(previous):
        share = abs(value - previous) / abs(previous)
        if share > max_jump_share:
            found.append((JUMP, {"share": f"{share:.0%}", "previous": f"{previous:g}"}))
    if fences is not None and not fences[0] <= value <= fences[1]:
        found.append((OUTLIER, {"low": f"{fences[0]:g}", "high": f"{fences[1]:g}"}))
    return found
