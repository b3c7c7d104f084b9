"""Readers of the vendored source files in ``data/raw/``: each returns a checked data frame.

Every problem is raised as :class:`data.errors.ValidationError` naming file, line and column.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd

from data.errors import ValidationError

RAW_DIR = Path(__file__).with_name("raw")
KATO_RE = re.compile(r"^\d{9}$")
SOURCE_ID_RE = re.compile(r"\*\*([SPAR]\d{2}[a-z]?)\*\*")  # S stats, P programmes, A how-to-apply, R reported outcomes
URL_RE = re.compile(r"https?://[^\s)»,]+")

STATS = "stats"
GEO = "geo"
POLICY = "policy"


def read_csv(raw_dir: Path, relpath: str, *, required: tuple[str, ...] = ()) -> pd.DataFrame:
    """Read a vendored CSV as text columns, checking UTF-8 and the required columns.

    The frame gets a ``_line`` column: the line number a spreadsheet shows (header = 1).
    """
    path = raw_dir / relpath
    if not path.exists():
        raise ValidationError("file is missing", file=relpath)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationError("file is not UTF-8 text", file=relpath) from exc
    except pd.errors.ParserError as exc:
        raise ValidationError("file is not valid CSV: {detail}", file=relpath, detail=str(exc)) from exc
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ValidationError("required column is missing", file=relpath, row=1, column=missing[0])
    frame["_line"] = range(2, len(frame) + 2)
    return frame


def check_kato(frame: pd.DataFrame, column: str, relpath: str, *, allow_missing: bool = False) -> None:
    """Raise on the first value of ``column`` that is not a 9-digit KATO code."""
    for line, value in zip(frame["_line"], frame[column], strict=True):
        if pd.isna(value):
            if allow_missing:
                continue
            raise ValidationError("KATO code is missing", file=relpath, row=int(line), column=column)
        if not KATO_RE.match(str(value)):
            raise ValidationError(
                "not a 9-digit KATO code: {value}", file=relpath, row=int(line), column=column, value=value
            )


def to_number(frame: pd.DataFrame, column: str, relpath: str, *, integer: bool = False) -> pd.Series:
    """Parse ``column`` as numbers; blank stays missing, anything else unparseable is an error."""
    parsed = pd.to_numeric(frame[column], errors="coerce")
    _raise_first(frame, frame[column].notna() & parsed.isna(), column, relpath, "not a number: {value}")
    if integer:
        _raise_first(frame, parsed.notna() & (parsed % 1 != 0), column, relpath, "not a whole number: {value}")
    return parsed.astype("Float64") if not integer else parsed.astype("Int64")


def _raise_first(frame: pd.DataFrame, bad: pd.Series, column: str, relpath: str, reason: str) -> None:
    """Raise ``reason`` for the first row flagged in ``bad``, naming its line and value."""
    if bad.any():
        i = bad.idxmax()
        raise ValidationError(
            reason, file=relpath, row=int(frame.at[i, "_line"]), column=column, value=frame.at[i, column]
        )


def parse_sources(markdown: str, registry: str) -> pd.DataFrame:
    """Turn a SOURCES.md registry into rows ``id, title, url, registry``.

    Each ``**S01**``-style id takes the text that follows it up to the next id as its title.
    """
    matches = list(SOURCE_ID_RE.finditer(markdown))
    rows = []
    for k, m in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else len(markdown)
        text = markdown[m.end() : end]
        text = text.split("\n- ")[0].split("\n## ")[0].split("\n### ")[0]
        text = re.sub(r"\s+", " ", text).strip(" —-;:.")
        url = URL_RE.search(text)
        rows.append(
            {
                "id": m.group(1),
                "title": text[:2000] or m.group(1),
                "url": url.group(0) if url else None,
                "registry": registry,
            }
        )
    frame = pd.DataFrame(rows).drop_duplicates("id")
    return frame


PERIOD_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), "day"),
    (re.compile(r"^(\d{4})-(\d{2})$"), "month"),
    (re.compile(r"^(\d{4})[- ]?[Qq](\d)$"), "quarter"),
    (re.compile(r"^(\d{4})/(\d{2})$"), "school_year"),
    (re.compile(r"^(\d{4})$"), "year"),
)


def period_end(label: str) -> date:
    """Return the last day of a period label (``2022`` → 2022-12-31, ``2023-Q4`` → 2023-12-31,
    ``2023-12`` → 2023-12-31, ``2022/23`` → 2023-06-30, ``2023-01-01`` → that day; a range ``a..b`` → end of b).
    """
    label = label.strip()
    if ".." in label:
        return period_end(label.split("..")[-1])
    for pattern, kind in PERIOD_PATTERNS:
        m = pattern.match(label)
        if not m:
            continue
        year = int(m.group(1))
        if kind == "day":
            return date(year, int(m.group(2)), int(m.group(3)))
        if kind == "month":
            month = int(m.group(2))
            return (pd.Timestamp(year, month, 1) + pd.offsets.MonthEnd(0)).date()
        if kind == "quarter":
            quarter = int(m.group(2))
            return (pd.Timestamp(year, 3 * quarter, 1) + pd.offsets.MonthEnd(0)).date()
        if kind == "school_year":
            return date(year + 1, 6, 30)
        return date(year, 12, 31)
    raise ValueError(label)


def split_period(raw: str) -> tuple[str, str | None]:
    """Split ``"2026 (news items, undated)"`` into the label ``"2026"`` and the note in brackets."""
    raw = raw.strip()
    if "(" in raw:
        label, _, rest = raw.partition("(")
        return label.strip(), rest.rstrip(")").strip()
    return raw, None
