"""The build's writer: a new database file from the build's tables, with the staff data of the old one carried over.

Used only by :mod:`data.build` (its one door to DuckDB). Staff data is everything the build does
not make: accounts, the audit, akimat values, weight profiles, settings, consultations, and the
ministry's edits of quotas and support measures (found through the audit).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from data.store.audit import append as _append
from data.store.errors import StoreError

#: Who the build writes observations as; every other ``entered_by`` is staff data.
BUILD_USER = "build"


def write_tables(
    path: Path,
    schema_sql: str,
    tables: dict[str, pd.DataFrame],
    *,
    previous: Path | None = None,
    keep_staff_data: bool = True,
) -> dict[str, dict[str, int]]:
    """Write a new database at ``path`` (the build's temporary file) and carry staff data over.

    ``tables`` maps each table the build owns to its rows (columns the schema lacks are ignored),
    in writing order. The caller holds the file's write lock (:func:`data.store.connection.write_lock`).
    When ``previous`` (the database about to be replaced) exists it is opened read-write first — so
    a file a process outside the store holds is refused — and everything not made by
    the build is listed: every other table (users, audit, weight profiles, consultations,
    settings …), observations not entered by :data:`BUILD_USER`, ministry edits of quotas and
    support measures (found through the audit) and indicators' ``approval_required``. With
    ``keep_staff_data`` these are copied into the new file; otherwise only counted.

    Returns ``{"kept": {what: rows}, "dropped": {what: rows}}``. Raises :class:`StoreError` when
    ``previous`` is held by another process or cannot be read while its data is to be kept.
    """
    old, unreadable = None, False
    if previous is not None and Path(previous).exists():
        try:
            old = duckdb.connect(str(previous))
        except duckdb.Error as exc:
            # DuckDB reports a file held by another process as a lock conflict (an IOException).
            if isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower():
                raise StoreError(
                    f"{previous} is held by another process ({str(exc).splitlines()[0]}). Stop the app or the "
                    "command using it, then rebuild; the database was not replaced"
                ) from exc
            if keep_staff_data:
                raise StoreError(
                    f"{previous} cannot be read, so its staff data cannot be carried over ({exc}). Move it "
                    "aside and rebuild, or rebuild with --discard-staff-data to replace it deliberately"
                ) from exc
            unreadable = True
    con = duckdb.connect(str(path))
    try:
        con.execute(schema_sql)
        for name, frame in tables.items():
            cols = {r[0] for r in con.execute(f"DESCRIBE {name}").fetchall()}
            _append(con, name, frame[[c for c in frame.columns if c in cols]])
        found = _staff_data(con, old, set(tables), keep=keep_staff_data) if old is not None else {}
        if unreadable:
            found["unreadable old database (replaced whole)"] = 1
        con.execute("CHECKPOINT")
    finally:
        con.close()
        if old is not None:
            old.close()  # a clean close checkpoints the old file's WAL into it
    key = "kept" if keep_staff_data else "dropped"
    return {"kept": {}, "dropped": {}, key: {k: v for k, v in found.items() if v}}


def _staff_data(
    con: duckdb.DuckDBPyConnection, old: duckdb.DuckDBPyConnection, built: set[str], *, keep: bool
) -> dict[str, int]:
    """Count (and with ``keep`` copy into ``con``) what the old database holds that the build did not make."""
    found: dict[str, int] = {}
    new_cols = {
        t: [r[0] for r in con.execute(f"DESCRIBE {t}").fetchall()]
        for (t,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
    }
    for (table,) in old.execute("SELECT table_name FROM duckdb_tables() ORDER BY table_name").fetchall():
        if table in built or table == "meta":
            continue
        frame = old.execute(f'SELECT * FROM "{table}"').df()  # noqa: S608 - names come from the catalogue
        found[table] = len(frame)
        if keep and len(frame):
            if table in new_cols:
                _append(con, table, frame[[c for c in frame.columns if c in new_cols[table]]])
            else:
                con.register("_carried", frame)
                con.execute(f'CREATE TABLE "{table}" AS SELECT * FROM _carried')  # noqa: S608
                con.unregister("_carried")
    if "audit" in found and keep:  # the next audit id must follow the carried ones
        top = con.execute("SELECT coalesce(max(id), 0) FROM audit").fetchone()[0]
        con.execute("SELECT max(nextval('audit_id')) FROM range(?)", [int(top)]).fetchall()
    old_tables = {t for (t,) in old.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    if "observation" in old_tables:
        staff = old.execute(f"SELECT * FROM observation WHERE entered_by <> '{BUILD_USER}' ORDER BY id").df()  # noqa: S608
        found["observation (not from the build)"] = len(staff)
        if keep and len(staff):  # new ids: the build's rows took the first ones
            _append(con, "observation", staff[[c for c in staff.columns if c != "id" and c in new_cols["observation"]]])
    if "audit" in old_tables:
        for table, action, key_sql in (
            (
                "quota",
                "quota.set",
                "q.preferred AND a.kato IS NOT DISTINCT FROM q.oblast_kato "
                "AND a.indicator = 'quota:' || q.category AND a.period = CAST(q.year AS TEXT)",
            ),
            ("support_measure", "support_measure.set", "split_part(a.indicator, '.', 1) = q.code"),
        ):
            if table not in old_tables or table not in new_cols:
                continue
            edited = old.execute(
                f"SELECT DISTINCT q.* FROM {table} q JOIN audit a ON a.action = ? AND {key_sql}",  # noqa: S608
                [action],
            ).df()
            found[f"{table} (edited by the ministry)"] = len(edited)
            if keep and len(edited):
                con.register("_edited", edited)
                on = (
                    "q.preferred AND e.year = q.year AND e.category = q.category "
                    "AND e.oblast_kato IS NOT DISTINCT FROM q.oblast_kato"
                    if table == "quota"
                    else "e.code = q.code"
                )
                con.execute(f"DELETE FROM {table} q WHERE EXISTS (SELECT 1 FROM _edited e WHERE {on})")  # noqa: S608
                con.unregister("_edited")
                _append(con, table, edited[[c for c in edited.columns if c in new_cols[table]]])
    if "indicator" in old_tables:
        required = old.execute("SELECT code FROM indicator WHERE approval_required").df()
        found["indicator.approval_required"] = len(required)
        if keep and len(required):
            con.execute(
                "UPDATE indicator SET approval_required = TRUE WHERE list_contains(?, code)",
                [list(required["code"])],
            )
    return found
