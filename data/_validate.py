"""Checks shared by the Data page, the importer and the store's write API (private to ``data``).

Every problem becomes a :class:`data.errors.ValidationError` whose reason is one of the message ids
below, so the pages can translate it. Plausibility follows DHIS2's data-quality practice: a value
far outside the spread of comparable units (interquartile fences) or jumping more than a set share
since the last value is not an error, but needs a written reason and waits for ministry review.

Here, too, live the ONE number grammar (:func:`parse_number`: decimal point or comma, one per file; thousands
only by spaces; ``1,234`` refused unless the comma is declared) and the one date grammar (:func:`parse_date`:
``YYYY-MM-DD`` or ``DD.MM.YYYY``); Arabic-Indic digits are read alike in both. Text cells (:func:`check_text`)
are looked at after trimming blanks and invisible characters, and refuse formula triggers, control and bidi
characters and overlong text; :func:`defuse_formula` makes any text safe for a spreadsheet we write.
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
BAD_DATE = N_("{value} is not a date (use YYYY-MM-DD or DD.MM.YYYY)")
FUTURE_DATE = N_("the date {value} is in the future")
OLD_DATE = N_("the date {value} is before 2000")
DUPLICATE = N_("duplicate row: {value} already appears in row {other}")
FORMULA = N_("the cell starts with {value}, which a spreadsheet would run as a formula")
TOO_LONG = N_("the text has {length} characters; the limit is {max}")
CONTROL_CHARS = N_("the text contains control characters")
BIDI_CHARS = N_("the text contains invisible direction-changing characters ({value})")
AMBIGUOUS_NUMBER = N_(
    "{value} is ambiguous (a thousands separator or a decimal comma?): write thousands with a space "
    "(1 234) and a fraction with a point (1.234)"
)
MIXED_DECIMALS = N_("{value} uses a different decimal mark than row {other} of this file; use one mark throughout")
EXTRA_CELLS = N_(
    "the row has {cells} cells but the header has {columns}: an unquoted decimal comma (1,5) splits a cell; "
    "put such numbers in quotes, use a point, or save the file with semicolons"
)
DUPLICATE_COLUMN = N_("the column {value} appears twice (also column {other})")
TOO_MANY_COLUMNS = N_("the sheet has more than {max} columns")
TOO_MANY_CELLS = N_("the sheet has more than {max} cells")
TOO_MANY_PARTS = N_("the file holds more than {max} parts; an XLSX has a few dozen")
ZIP_BOMB = N_("the file unpacks to more than {max}; it may be a zip bomb")
ZIP_RATIO = N_("a part of the file is compressed more than {max} times; it may be a zip bomb")
JUMP = N_(
    "a change of {share} since the last value {previous} is implausible: write a reason "
    "(the value will then wait for ministry review)"
)
OUTLIER = N_(
    "far outside the range of comparable districts ({low} – {high}): write a reason "
    "(the value will then wait for ministry review)"
)
IMPLAUSIBLE = N_(
    "{value} is outside the plausible range {low} – {high} set for this indicator: write a reason "
    "(the value will then wait for ministry review)"
)
WRONG_ENCODING = N_("the file is not UTF-8 text; save it as “CSV UTF-8” or XLSX")
TOO_BIG = N_("the file is larger than {max}")
TOO_MANY_ROWS = N_("the file has more than {max} rows")
DECLARED_TOO_BIG = N_("the sheet declares the size {value}, more than the limit of {max}")
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

#: Characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection"). Spreadsheets skip
#: leading blanks before looking, so they are looked for after :func:`_trim`.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: Default longest text cell; some columns allow more (:data:`TEXT_LIMITS`).
MAX_TEXT_CHARS = 500
#: Longest text per column: a source names a document (500), a reason may explain (1000).
TEXT_LIMITS = {"source": 500, "reason": 1000, "comment": 1000}
EARLIEST_DATE = dt.date(2000, 1, 1)
#: Default share of change since the last value above which a value needs a reason (50 %).
DEFAULT_MAX_JUMP_SHARE = 0.5
#: Interquartile fences: outside ``[Q1 - k·IQR, Q3 + k·IQR]`` of comparable units is implausible.
OUTLIER_IQR_FACTOR = 3.0
#: Fewer comparable values than this and the outlier check is not applied.
MIN_PEERS = 8

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: Unicode bidirectional controls (embeddings, overrides, isolates, marks, Arabic letter mark): they reorder
#: what a reader sees ("Trojan Source", CVE-2021-42574), so a text cell may not hold them.
_BIDI_RE = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
#: Invisible characters a spreadsheet or a reader skips: zero-width space/joiners, word joiner, BOM, soft hyphen.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
#: Arabic-Indic (U+0660–0669) and Extended Arabic-Indic (U+06F0–06F9, Persian/Urdu) digits → ASCII; the Arabic
#: decimal separator (U+066B) is a decimal mark. Numbers AND dates read them alike (kk_Arab users may type them).
_DIGITS = str.maketrans({**{chr(0x660 + d): str(d) for d in range(10)}, **{chr(0x6F0 + d): str(d) for d in range(10)}})


def _trim(text: str) -> str:
    """The text without the whitespace and invisible characters around it (what a spreadsheet looks at)."""
    return text.strip().strip(_INVISIBLE).strip()


def formula_prefix(value: object) -> str | None:
    """The character that would make a spreadsheet run ``value`` as a formula, or None.

    Looked for after trimming whitespace (incl. NBSP and newlines) and invisible characters, and in
    the raw first character (a leading tab or carriage return is itself a trigger).
    """
    if not isinstance(value, str) or not value:
        return None
    if value[0] in FORMULA_PREFIXES:
        return value[0]
    trimmed = value
    while trimmed and (trimmed[0].isspace() or trimmed[0] in _INVISIBLE):
        trimmed = trimmed[1:]
    return trimmed[0] if trimmed[:1] in FORMULA_PREFIXES else None


def defuse_formula(value: object) -> object:
    """A value safe to write into a CSV or XLSX cell: text that would start a formula gets a leading ``'``.

    Numbers, dates and missing values pass unchanged. Used by every spreadsheet we write (templates,
    the ranking, the audit log).
    """
    if isinstance(value, str) and formula_prefix(value):
        return "'" + value
    return value


def check_text(
    value: object,
    *,
    row: int | None = None,
    column: str | None = None,
    required: str | None = None,
    max_chars: int | None = None,
) -> tuple[str, list[ValidationError]]:
    """Clean one text cell: trim it; refuse formula prefixes, control and bidi characters, overlong text.

    ``max_chars`` defaults to the column's limit in :data:`TEXT_LIMITS`, else :data:`MAX_TEXT_CHARS`.
    Returns the trimmed text and the problems; ``required`` is the reason used when the cell is empty.
    """
    text = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
    problems: list[ValidationError] = []
    prefix = formula_prefix(text)
    if prefix:
        problems.append(ValidationError(FORMULA, row=row, column=column, value=repr(prefix)))
    text = _trim(text)
    if _CONTROL_RE.search(text):
        problems.append(ValidationError(CONTROL_CHARS, row=row, column=column))
    bidi = _BIDI_RE.search(text)
    if bidi:
        problems.append(ValidationError(BIDI_CHARS, row=row, column=column, value=f"U+{ord(bidi.group()):04X}"))
    limit = max_chars if max_chars is not None else TEXT_LIMITS.get(column or "", MAX_TEXT_CHARS)
    if len(text) > limit:
        problems.append(ValidationError(TOO_LONG, row=row, column=column, length=f"{len(text):,}", max=limit))
    if not text and required:
        problems.append(ValidationError(required, row=row, column=column))
    return text, problems


# --- the number grammar -------------------------------------------------------------------------------
#: One grammar for every number typed or imported (the Data page, CSV/XLSX import, the command):
#:
#: * optional sign ``-``, ``+`` or ``−`` (U+2212); digits ``0-9`` or Arabic-Indic ``٠-٩`` / ``۰-۹``;
#: * thousands are grouped by three with a space, NBSP (U+00A0) or narrow NBSP (U+202F) only — never a
#:   comma or point (``1 234 567``);
#: * the decimal mark is a point or a comma (or the Arabic ``٫``); one file uses one mark: the first cell
#:   with an unambiguous mark sets it (or the caller declares it), a cell with the other mark is refused;
#: * ``1,234`` (a non-zero 1–3 digit whole part, a comma, exactly three digits) is refused as ambiguous
#:   unless the comma is declared the decimal mark: read as a thousands separator it is 1234, as a decimal
#:   comma 1.234, and a 1000× misread must not pass silently;
#: * no exponent, no ``nan``/``inf``, no currency or percent sign.
#:
#: Spreadsheet number cells (XLSX) are numbers already and are not parsed.
_NUMBER_RE = re.compile(
    r"^(?P<sign>[-+\u2212]?)(?P<int>\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:(?P<mark>[.,\u066b])(?P<frac>\d+))?$"
)
_AMBIGUOUS_RE = re.compile(r"^[-+\u2212]?[1-9]\d{0,2},\d{3}$")


def number_mark(value: object) -> str | None:
    """The decimal mark (``"."`` or ``","``) an unambiguous number text uses, else None."""
    if not isinstance(value, str):
        return None
    text = _trim(value).translate(_DIGITS)
    m = _NUMBER_RE.match(text)
    if not m or not m.group("mark") or m.group("mark") == "\u066b" or _AMBIGUOUS_RE.match(text):
        return None
    return m.group("mark")


def detect_decimal_mark(cells: list[tuple[int, object]]) -> tuple[str, int] | None:
    """The decimal mark of a file: that of the first (row, cell) with an unambiguous mark, and its row."""
    for row, cell in cells:
        mark = number_mark(cell)
        if mark:
            return mark, row
    return None


def parse_number(
    value: object,
    *,
    row: int | None = None,
    column: str | None = None,
    decimal: tuple[str, int | None] | str | None = None,
) -> tuple[float | None, list[ValidationError]]:
    """A cell as a finite float (``None`` when empty), by the number grammar above.

    ``decimal`` is the file's decimal mark: ``","`` or ``"."`` when declared (then ``1,234`` is read
    with it), or ``(mark, row)`` as found by :func:`detect_decimal_mark` (the row is named when a
    cell uses the other mark); None accepts either mark but still refuses ``1,234``.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None, []
    if isinstance(value, bool):
        return None, [ValidationError(NOT_A_NUMBER, row=row, column=column, value=repr(str(value)))]
    if isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        if not math.isfinite(number):
            return None, [ValidationError(NOT_A_NUMBER, row=row, column=column, value=repr(str(value)))]
        return number, []
    raw = str(value)
    text = _trim(raw).translate(_DIGITS)
    if not text:
        return None, []
    m = _NUMBER_RE.match(text)
    if not m:
        problems = [ValidationError(NOT_A_NUMBER, row=row, column=column, value=repr(text[:40]))]
        prefix = formula_prefix(raw)
        if prefix and prefix != "-" and prefix != "+":
            problems.append(ValidationError(FORMULA, row=row, column=column, value=repr(prefix)))
        return None, problems
    declared = decimal if isinstance(decimal, str) else None
    found = decimal if isinstance(decimal, tuple) else None
    mark = m.group("mark")
    if mark == "," and declared != "," and _AMBIGUOUS_RE.match(text):
        return None, [ValidationError(AMBIGUOUS_NUMBER, row=row, column=column, value=repr(text))]
    if mark in (".", ","):
        expected = declared or (found[0] if found else None)
        if expected and mark != expected:
            other = found[1] if found else "—"
            return None, [ValidationError(MIXED_DECIMALS, row=row, column=column, value=repr(text), other=other)]
    whole = re.sub(r"[ \u00a0\u202f]", "", m.group("int"))
    number = float(f"{whole}.{m.group('frac')}" if mark else whole)
    return (-number if m.group("sign") in ("-", "\u2212") else number), []


# --- the date grammar ---------------------------------------------------------------------------------
#: ISO ``YYYY-MM-DD`` (a spreadsheet's midnight time ``T00:00[:00]`` or `` 00:00:00`` may follow), or the
#: Kazakh/Russian ``DD.MM.YYYY`` (day first, always: the point form is never month first). Nothing else — no
#: slashes, no two-digit years — so a date is never re-ordered silently. Arabic-Indic digits as in numbers.
_ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ]00:00(?::00(?:\.0+)?)?)?$")
_DOTTED_DATE_RE = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})$")


def parse_date(
    value: object, *, today: dt.date, row: int | None = None, column: str | None = None
) -> tuple[dt.date | None, list[ValidationError]]:
    """A cell as a date between 2000 and ``today``: by the date grammar above, or a ``date``/``datetime``."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() in ("", "NaT"):
        return None, [ValidationError(MISSING_DATE, row=row, column=column)]
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        raw = str(value)
        text = _trim(raw).translate(_DIGITS)
        day = None
        iso, dotted = _ISO_DATE_RE.match(text), _DOTTED_DATE_RE.match(text)
        parts = (iso.group(1), iso.group(2), iso.group(3)) if iso else dotted.group(3, 2, 1) if dotted else None
        if parts:
            try:
                day = dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
            except ValueError:
                day = None
        if day is None:
            problems = [ValidationError(BAD_DATE, row=row, column=column, value=repr(text[:40]))]
            prefix = formula_prefix(raw)
            if prefix:
                problems.append(ValidationError(FORMULA, row=row, column=column, value=repr(prefix)))
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
    value: float,
    previous: float | None,
    fences: tuple[float, float] | None,
    max_jump_share: float,
    plausible: tuple[float, float] | None = None,
) -> list[tuple[str, dict]]:
    """Why a value is implausible (reason id and its parameters); empty when it looks ordinary.

    :math:`|v - v_{prev}| / |v_{prev}| > s` is a jump; :math:`v \\notin [Q_1 - 3\\,IQR, Q_3 + 3\\,IQR]`
    an outlier; :math:`v \\notin [low, high]` of the indicator's ``plausible`` range (a review
    threshold of the registry) is implausible even with no previous value and no peers.
    """
    found: list[tuple[str, dict]] = []
    if plausible is not None and not plausible[0] <= value <= plausible[1]:
        found.append((IMPLAUSIBLE, {"value": f"{value:g}", "low": f"{plausible[0]:g}", "high": f"{plausible[1]:g}"}))
    if previous is not None and previous != 0 and math.isfinite(previous):
        share = abs(value - previous) / abs(previous)
        if share > max_jump_share:
            found.append((JUMP, {"share": f"{share:.0%}", "previous": f"{previous:g}"}))
    if fences is not None and not fences[0] <= value <= fences[1]:
        found.append((OUTLIER, {"low": f"{fences[0]:g}", "high": f"{fences[1]:g}"}))
    return found
