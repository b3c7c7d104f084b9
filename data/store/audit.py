"""The audit trail: one builder of audit rows, used by every write inside that write's transaction."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

#: Columns of an audit row besides ``at``, ``username`` and ``action`` (all stored as text).
FIELDS = ("kato", "indicator", "period", "old_value", "new_value", "source_id", "reason", "batch_id")


def text(value: object) -> str | None:
    """A value as audit text (None and NaN stay None, floats without a trailing .0)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, float):
        return f"{value:.15g}"
    return str(value)


def audit_row(at: dt.datetime, username: str, action: str, **fields: object) -> dict:
    """One audit row: who did what when, and the unit, indicator, old and new value it touched.

    Parameters
    ----------
    at, username, action
        When (UTC, naive), the acting account, and the action (``observation.set``, ``user.add`` …).
    fields
        Any of :data:`FIELDS`; missing ones are NULL. Values are stored as text.
    """
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown audit fields {sorted(unknown)}")
    return {"at": at, "username": username, "action": action, **{c: text(fields.get(c)) for c in FIELDS}}


def write_audit(cur: duckdb.DuckDBPyConnection, rows: list[dict]) -> None:
    """Append audit rows (from :func:`audit_row`) on the cursor of the write's own transaction."""
    append(cur, "audit", pd.DataFrame(rows, columns=["at", "username", "action", *FIELDS]))


def audit(cur: duckdb.DuckDBPyConnection, at: dt.datetime, username: str, action: str, **fields: object) -> None:
    """Append one audit row (see :func:`audit_row`) in the write's transaction."""
    write_audit(cur, [audit_row(at, username, action, **fields)])


def append(
    cur: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame, *, casts: dict[str, str] | None = None
) -> None:
    """Append a data frame's rows to an append-only table (INSERT only), casting named columns."""
    if frame.empty:
        return
    cols = list(frame.columns)
    select = ", ".join(f'CAST("{c}" AS {casts[c]})' if casts and c in casts else f'"{c}"' for c in cols)
    cur.register("_append_frame", frame)
    try:
        cur.execute(
            f"INSERT INTO {table} ({', '.join(chr(34) + c + chr(34) for c in cols)}) "  # noqa: S608
            f"SELECT {select} FROM _append_frame"
        )
    finally:
        cur.unregister("_append_frame")
