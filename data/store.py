"""The single door to the Qonys database: every read and write of DuckDB goes through here.

How connections are held: one DuckDB connection per process and database file, shared by every
:class:`Store` on that file (DuckDB allows one read-write process per file, and refuses a second
connection in the same process with other settings). Each call takes its own ``cursor()``
— a lightweight connection to the same database — so Streamlit's many session threads can read at
once. Writes are serialised by a process-wide lock and run in one transaction each, so a failed
write leaves nothing behind. Pages get the store from ``st.cache_resource`` and never open DuckDB
themselves. All SQL is parameterised.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import secrets
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from data import _validate as _v
from data.errors import AccessDenied, ConflictError, ValidationError, ValidationFailed

DEFAULT_DB = Path(__file__).with_name("qonys.duckdb")
LEVELS = ("oblast", "district", "settlement")
#: Roles of signed-in users (the public needs no account); see DESIGN.md "Users".
ROLES = ("consul", "akimat", "ministry")
USERNAME_RE = re.compile(r"[a-z0-9][a-z0-9._-]{2,39}")
#: ``Edit.base_id`` of imports: no optimistic check, the file states dated values deliberately.
UNCHECKED = -1
_DESK_DDL = (
    "CREATE TABLE IF NOT EXISTS indicator_access"
    + Path(__file__)
    .with_name("schema.sql")
    .read_text(encoding="utf-8")
    .split("CREATE TABLE IF NOT EXISTS indicator_access", 1)[1]
    .split(";", 1)[0]
    + ";"
)


@dataclass(frozen=True)
class Edit:
    """One value to save: a unit, an indicator, the value as of a date, its source and a reason.

    ``value`` and ``period`` may be raw cells (text from a file); the store parses and checks them.
    ``base_id`` is the newest observation id of ``(kato, indicator)`` the editor showed (None: it
    showed none), or :data:`UNCHECKED` for imports. ``row`` is the line in an imported file.
    """

    kato: object
    indicator: object
    value: object
    period: object
    source: object
    reason: object = ""
    base_id: int | None = UNCHECKED
    row: int | None = None


_CONNECTIONS: dict[str, duckdb.DuckDBPyConnection] = {}
_CONNECTIONS_LOCK = threading.Lock()
_WRITE_LOCKS: dict[str, threading.Lock] = {}


class StoreError(Exception):
    """The database is missing, unreadable or locked; the message says how to fix it."""


def default_db_path() -> Path:
    """The database path: ``$QONYS_DB`` if set, else ``data/qonys.duckdb``."""
    return Path(os.environ.get("QONYS_DB") or DEFAULT_DB)


class Store:
    """Read and write access to one Qonys database file.

    Parameters
    ----------
    path
        Database file; default :func:`default_db_path`.
    read_only
        Open without write access when this process has no connection to the file yet (several
        processes may then read the same file); otherwise the process's connection is shared.
    """

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path or default_db_path())
        if not self.path.exists():
            raise StoreError(f"database not found: {self.path}. Build it with: python -m data.build")
        key = str(self.path.resolve())
        try:
            with _CONNECTIONS_LOCK:
                if key not in _CONNECTIONS:
                    con = duckdb.connect(key, read_only=read_only)
                    con.execute("SELECT count(*) FROM meta").fetchone()
                    _CONNECTIONS[key] = con
                    _WRITE_LOCKS[key] = threading.Lock()
            self._con = _CONNECTIONS[key]
            self._key = key
        except duckdb.IOException as exc:
            raise StoreError(
                f"database {self.path} cannot be opened ({exc}). If another Qonys process holds it, "
                "stop that process; if the file is damaged, rebuild with: python -m data.build"
            ) from exc
        except duckdb.Error as exc:
            raise StoreError(
                f"database {self.path} is not a Qonys database ({exc}). Rebuild it with: python -m data.build"
            ) from exc
        self._write_lock = _WRITE_LOCKS[key]

    # ------------------------------------------------------------------ plumbing
    def query(self, sql: str, params: list | tuple | None = None) -> pd.DataFrame:
        """Run one parameterised SELECT on its own cursor and return a data frame."""
        cur = self._con.cursor()
        try:
            return cur.execute(sql, params or []).df()
        finally:
            cur.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One serialised write transaction: committed on success, rolled back on any error."""
        with self._write_lock:
            cur = self._con.cursor()
            cur.execute("BEGIN TRANSACTION")
            try:
                yield cur
                cur.execute("COMMIT")
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            finally:
                cur.close()

    def close(self) -> None:
        """Close this process's connection to the file (every Store on the same file is closed with it)."""
        with _CONNECTIONS_LOCK:
            con = _CONNECTIONS.pop(self._key, None)
            _WRITE_LOCKS.pop(self._key, None)
        if con is not None:
            con.close()

    # ------------------------------------------------------------------ reads
    def meta(self) -> dict[str, str]:
        """Build facts: ``built_at``, ``data_version``, ``build_seconds``, ``summary``."""
        return dict(self.query("SELECT key, value FROM meta").itertuples(index=False, name=None))

    def units(self, level: str) -> pd.DataFrame:
        """All units of a level, ordered by KATO."""
        _check_level(level)
        return self.query("SELECT * FROM unit WHERE level = ? ORDER BY kato", [level])

    def unit(self, kato: str) -> dict | None:
        """One unit as a dict, or None."""
        rows = self.query("SELECT * FROM unit WHERE kato = ?", [kato])
        return rows.iloc[0].to_dict() if len(rows) else None

    def indicators(self) -> pd.DataFrame:
        return self.query("SELECT * FROM indicator ORDER BY pillar, code")

    def sources(self) -> pd.DataFrame:
        return self.query("SELECT * FROM source ORDER BY id")

    def observations(
        self, level: str, *, inherit: bool = True, katos: list[str] | None = None, include_pending: bool = False
    ) -> pd.DataFrame:
        """Current observations of a level in long form, with provenance.

        The current value of ``(kato, indicator, period)`` is its highest published version. For
        districts with ``inherit=True``, an indicator the district has no value of at all is filled
        from its oblast's rows, marked ``origin='inherited'`` with ``inherited_from`` set.
        """
        _check_level(level)
        statuses = ["published", "pending"] if include_pending else ["published"]
        own = self.query(
            """
            WITH ranked AS (
                SELECT o.*, row_number() OVER (PARTITION BY o.kato, o.indicator, o.period
                                               ORDER BY o.version DESC) AS rn
                FROM observation o JOIN unit u ON u.kato = o.kato
                WHERE u.level = ? AND list_contains(?, o.status)
            )
            SELECT kato, indicator, value, period, period_end, source_id, origin, status, entered_by,
                   entered_at, version, note, batch_id, CAST(NULL AS TEXT) AS inherited_from
            FROM ranked WHERE rn = 1 ORDER BY kato, indicator, period_end
            """,
            [level, statuses],
        )
        if katos is not None:
            own = own[own["kato"].isin(katos)]
        if level != "district" or not inherit:
            return own.reset_index(drop=True)
        districts = self.query("SELECT kato, parent_kato FROM unit WHERE level = 'district'")
        if katos is not None:
            districts = districts[districts["kato"].isin(katos)]
        parents = self.observations(
            "oblast", katos=list(districts["parent_kato"].unique()), include_pending=include_pending
        )
        inherited = districts.merge(parents, left_on="parent_kato", right_on="kato", suffixes=("", "_oblast"))
        inherited = inherited.assign(inherited_from=inherited["parent_kato"], origin="inherited")
        inherited = inherited.drop(columns=["parent_kato", "kato_oblast"])
        has_own = set(zip(own["kato"], own["indicator"], strict=True))
        mask = [(k, i) not in has_own for k, i in zip(inherited["kato"], inherited["indicator"], strict=True)]
        out = pd.concat([own, inherited.loc[mask, own.columns]], ignore_index=True)
        return out.sort_values(["kato", "indicator", "period_end"]).reset_index(drop=True)

    def observation_history(self, kato: str, indicator: str | None = None) -> pd.DataFrame:
        """Every version ever stored for a unit (optionally one indicator), newest first."""
        sql = "SELECT * FROM observation WHERE kato = ?"
        params: list = [kato]
        if indicator:
            sql += " AND indicator = ?"
            params.append(indicator)
        return self.query(sql + " ORDER BY indicator, period_end DESC, version DESC", params)

    def geojson(self, level: str, *, simplified: bool = True) -> str:
        """Ready GeoJSON text of a level's boundaries (properties: ``kato``), built once by the build."""
        _check_level(level)
        rows = self.query(
            "SELECT text FROM geojson_cache WHERE level = ? AND variant = ?",
            [level, "simplified" if simplified else "full"],
        )
        if rows.empty:
            raise StoreError(f"no {level} boundaries in {self.path}; rebuild with: python -m data.build")
        return str(rows.iloc[0, 0])

    def geometry_wkb(self, level: str, *, simplified: bool = True) -> pd.DataFrame:
        """``kato`` and WKB bytes of each boundary of a level (for shapely/geopandas users)."""
        col = "wkb_simplified" if simplified else "wkb_full"
        return self.query(f"SELECT kato, {col} AS wkb FROM geometry WHERE level = ? ORDER BY kato", [level])  # noqa: S608

    def settlements(self, *, official_only: bool = True) -> pd.DataFrame:
        """Settlement points with their detail (kind, official flag, coordinate source)."""
        sql = """SELECT u.kato, u.parent_kato AS district_kato, u.name_kk, u.name_ru, u.name_en, u.lat, u.lon,
                        u.population, u.pop_date, u.pop_source, d.kind, d.official, d.population_other,
                        d.coord_source, d.bns_district_kato
                 FROM unit u JOIN settlement_detail d USING (kato) WHERE u.level = 'settlement'"""
        if official_only:
            sql += " AND d.official"
        return self.query(sql + " ORDER BY u.population DESC NULLS LAST, u.kato")

    def quotas(self, year: int | None = None) -> pd.DataFrame:
        """Quota rows (national totals have ``oblast_kato`` NULL); disagreeing reports have ``preferred`` false."""
        sql, params = "SELECT * FROM quota", []
        if year is not None:
            sql, params = sql + " WHERE year = ?", [year]
        return self.query(sql + " ORDER BY year, category, oblast_kato NULLS FIRST", params)

    def designated_regions(self, year: int | None = None) -> pd.DataFrame:
        sql, params = "SELECT * FROM designated_region", []
        if year is not None:
            sql, params = sql + " WHERE year = ?", [year]
        return self.query(sql + " ORDER BY year, category, oblast_kato", params)

    def support_measures(self) -> pd.DataFrame:
        return self.query("SELECT * FROM support_measure ORDER BY code")

    def mci(self) -> pd.DataFrame:
        return self.query("SELECT * FROM mci ORDER BY year")

    def adaptation_centres(self) -> pd.DataFrame:
        return self.query("SELECT * FROM adaptation_centre ORDER BY id")

    def business_programmes(self) -> pd.DataFrame:
        return self.query("SELECT * FROM business_programme ORDER BY code")

    def priority_sectors(self, oblast_kato: str | None = None) -> pd.DataFrame:
        sql, params = "SELECT * FROM priority_sector", []
        if oblast_kato is not None:
            sql, params = sql + " WHERE oblast_kato = ? OR oblast_kato IS NULL", [oblast_kato]
        return self.query(sql + " ORDER BY oblast_kato NULLS LAST, kind, sector_or_profession", params)

    def kandas_stats(self) -> pd.DataFrame:
        return self.query("SELECT * FROM kandas_stat ORDER BY scope, period_or_date")

    def housing_price_points(self) -> pd.DataFrame:
        return self.query("SELECT * FROM housing_price_point ORDER BY city, month")

    # ------------------------------------------------------------------ data desk: versions and reads
    def data_version(self) -> str:
        """Cache key of everything pages show: the build's data version, then the newest observation
        and audit ids, so any write through this store changes it."""
        row = self.query(
            "SELECT (SELECT value FROM meta WHERE key = 'data_version') AS build, "
            "(SELECT coalesce(max(id), 0) FROM observation) AS obs, "
            "(SELECT coalesce(max(id), 0) FROM audit) AS aud"
        ).iloc[0]
        return f"{row['build']}.{int(row['obs'])}.{int(row['aud'])}"

    def _has_table(self, name: str) -> bool:
        return bool(
            self.query("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]).iloc[0, 0]
        )

    def _ensure_desk_schema(self, cur: duckdb.DuckDBPyConnection) -> None:
        """Add the desk's table to a database built before it existed (idempotent)."""
        cur.execute(_DESK_DDL)

    def indicator_settings(self) -> pd.DataFrame:
        """Every indicator with its desk settings: ``approval_required``, ``akimat_editable`` (supplier
        'akimat' or allowed by the ministry) and ``max_jump_share`` (default 0.5)."""
        ind = self.indicators()
        access = (
            self.query("SELECT code, akimat_editable, max_jump_share FROM indicator_access")
            if self._has_table("indicator_access")
            else pd.DataFrame(columns=["code", "akimat_editable", "max_jump_share"])
        )
        out = ind.merge(access, on="code", how="left")
        out["akimat_editable"] = (out["supplier"] == "akimat") | out["akimat_editable"].fillna(False).astype(bool)
        out["max_jump_share"] = out["max_jump_share"].astype(float).fillna(_v.DEFAULT_MAX_JUMP_SHARE)
        return out

    def editable_indicators(self, account: dict) -> pd.DataFrame:
        """Indicators a user may enter: akimat → akimat-editable ones; ministry → all but derived."""
        ind = self.indicator_settings()
        if account["role"] == "ministry":
            return ind[ind["supplier"] != "derived"].reset_index(drop=True)
        if account["role"] == "akimat":
            return ind[ind["akimat_editable"]].reset_index(drop=True)
        return ind.iloc[0:0]

    def scope_katos(self, account: dict) -> set[str] | None:
        """KATO codes (oblast and districts) a user may edit; None means everywhere (ministry)."""
        if account["role"] == "ministry":
            return None
        scope = account.get("scope_kato")
        if account["role"] != "akimat" or not scope:
            return set()
        rows = self.query(
            "SELECT kato FROM unit WHERE level IN ('oblast', 'district') AND (kato = ? OR parent_kato = ?)",
            [scope, scope],
        )
        return set(rows["kato"])

    def desk_table(self, account: dict) -> pd.DataFrame:
        """The editable grid of a user: every unit in scope × editable indicator, with the latest value.

        ``base_id`` is the id of the newest row of ``(kato, indicator)`` (any status), the token of the
        optimistic version check; ``status`` is that row's status (``pending`` shows to the akimat).
        """
        ind = self.editable_indicators(account)
        scope = self.scope_katos(account)
        units = self.query(
            "SELECT kato, level, parent_kato, name_kk, name_ru, name_en FROM unit "
            "WHERE level IN ('oblast', 'district') ORDER BY kato"
        )
        if scope is not None:
            units = units[units["kato"].isin(scope)]
        grid = units.merge(
            ind[
                [
                    "code",
                    "level",
                    "unit",
                    "min_value",
                    "max_value",
                    "label_kk",
                    "label_ru",
                    "label_en",
                    "approval_required",
                ]
            ].rename(columns={"code": "indicator"}),
            on="level",
        )
        latest = self.query(
            """SELECT o.kato, o.indicator, o.id AS base_id, o.value, o.period, o.period_end, o.source_id,
                      s.title AS source_title, o.status, o.entered_by, o.entered_at
               FROM observation o LEFT JOIN source s ON s.id = o.source_id
               QUALIFY row_number() OVER (PARTITION BY o.kato, o.indicator ORDER BY o.period_end DESC, o.id DESC) = 1"""
        )
        return grid.merge(latest, on=["kato", "indicator"], how="left").reset_index(drop=True)

    # ------------------------------------------------------------------ data desk: writes
    def save_observations(
        self,
        edits: list[Edit],
        *,
        user: str,
        dry_run: bool = False,
        progress: Callable[[int, int], None] | None = None,
        today: dt.date | None = None,
        now: dt.datetime | None = None,
    ) -> dict:
        """Validate and append a batch of values in one transaction, with audit rows.

        Every problem of every row is collected first and raised together as
        :class:`~data.errors.ValidationFailed`; a value changed by someone else since the editor
        loaded it raises :class:`~data.errors.ConflictError`; in both cases nothing is written.
        Implausible values (jump since the last value, outlier among districts) need ``reason`` and
        are stored ``pending`` like values of approval-required indicators.

        Parameters
        ----------
        edits
            The values; ``Edit.value`` and ``Edit.period`` may be raw cells (text is parsed here).
        user
            Username of an active akimat or ministry account; its scope is enforced.
        dry_run
            Check everything (including conflicts) but write nothing.
        progress
            Called with ``(rows_written, rows_total)`` after each chunk is written.

        Returns
        -------
        dict
            ``batch_id`` (None for a dry run), ``rows``, ``published``, ``pending``, ``flagged``.
        """
        account = self._active_user(user, roles=("akimat", "ministry"))
        today = today or dt.date.today()
        now = now or _utcnow()
        total = len(edits)
        with self.transaction() as cur:
            self._ensure_desk_schema(cur)
            rows = self._check_edits(cur, edits, account, today)
            self._check_conflicts(cur, rows)
            pending = sum(r["status"] == "pending" for r in rows)
            result = {
                "batch_id": None,
                "rows": len(rows),
                "published": len(rows) - pending,
                "pending": pending,
                "flagged": sum(bool(r["flags"]) for r in rows),
                "dry_run": dry_run,
            }
            if dry_run or not rows:
                cur.execute("ROLLBACK")
                cur.execute("BEGIN TRANSACTION")
                return result
            batch_id = _new_batch_id(now)
            sources = self._source_ids(cur, rows, account, now)
            step = 2000
            for start in range(0, len(rows), step):
                chunk = rows[start : start + step]
                obs = pd.DataFrame(
                    [
                        {
                            "kato": r["kato"],
                            "indicator": r["indicator"],
                            "value": r["value"],
                            "period": r["period"],
                            "period_end": pd.Timestamp(r["date"]),
                            "source_id": sources[r["source"]],
                            "origin": r["origin"],
                            "status": r["status"],
                            "entered_by": account["username"],
                            "entered_at": now,
                            "version": r["version"],
                            "note": r["note"],
                            "batch_id": batch_id,
                        }
                        for r in chunk
                    ]
                )
                _append(cur, "observation", obs, casts={"period_end": "DATE"})
                aud = pd.DataFrame(
                    [
                        {
                            "at": now,
                            "username": account["username"],
                            "action": "observation.pending" if r["status"] == "pending" else "observation.set",
                            "kato": r["kato"],
                            "indicator": r["indicator"],
                            "period": r["period"],
                            "old_value": _text(r["old"]),
                            "new_value": _text(r["value"]),
                            "source_id": sources[r["source"]],
                            "reason": r["reason"] or None,
                            "batch_id": batch_id,
                        }
                        for r in chunk
                    ]
                )
                _append(cur, "audit", aud)
                if progress:
                    progress(min(start + step, total), total)
            result["batch_id"] = batch_id
            return result

    def _check_edits(
        self, cur: duckdb.DuckDBPyConnection, edits: list[Edit], account: dict, today: dt.date
    ) -> list[dict]:
        units = {
            r.kato: r
            for r in cur.execute("SELECT kato, level FROM unit WHERE level IN ('oblast', 'district')").df().itertuples()
        }
        all_codes = set(cur.execute("SELECT code FROM indicator").df()["code"])
        editable = self.editable_indicators(account).set_index("code")
        scope = self.scope_katos(account)
        problems: list[ValidationError] = []
        rows: list[dict] = []
        seen: dict[tuple, int | None] = {}
        for i, edit in enumerate(edits):
            line = edit.row if edit.row is not None else i + 1
            bad = len(problems)
            kato, found = _v.check_text(edit.kato, row=line, column="kato", required=_v.UNKNOWN_KATO)
            if found:
                problems += [
                    p
                    if p.reason != _v.UNKNOWN_KATO
                    else ValidationError(_v.UNKNOWN_KATO, row=line, column="kato", value="''")
                    for p in found
                ]
            elif kato not in units:
                problems.append(ValidationError(_v.UNKNOWN_KATO, row=line, column="kato", value=kato[:20]))
            elif scope is not None and kato not in scope:
                problems.append(ValidationError(_v.OUT_OF_SCOPE, row=line, column="kato", value=kato))
            code, found = _v.check_text(edit.indicator, row=line, column="indicator", required=_v.UNKNOWN_INDICATOR)
            problems += [
                p
                if p.reason != _v.UNKNOWN_INDICATOR
                else ValidationError(_v.UNKNOWN_INDICATOR, row=line, column="indicator", value="''")
                for p in found
            ]
            spec = None
            if not found:
                if code not in all_codes:
                    problems.append(
                        ValidationError(_v.UNKNOWN_INDICATOR, row=line, column="indicator", value=code[:40])
                    )
                elif code not in editable.index:
                    problems.append(ValidationError(_v.NOT_EDITABLE, row=line, column="indicator", value=code))
                else:
                    spec = editable.loc[code]
                    if kato in units and units[kato].level != spec["level"]:
                        problems.append(ValidationError(_v.WRONG_LEVEL, row=line, column="indicator", value=code))
            value, found = _v.parse_number(edit.value, row=line, column="value")
            problems += found
            if value is None and not found:
                problems.append(ValidationError(_v.MISSING_VALUE, row=line, column="value"))
            if value is not None and spec is not None:
                problems += _v.check_range(value, spec["min_value"], spec["max_value"], row=line, column="value")
            source, found = _v.check_text(edit.source, row=line, column="source", required=_v.MISSING_SOURCE)
            problems += found
            reason, found = _v.check_text(edit.reason, row=line, column="reason")
            problems += found
            day, found = _v.parse_date(edit.period, today=today, row=line, column="date")
            problems += found
            if day is not None and not found:
                key = (kato, code, day.isoformat())
                if key in seen:
                    problems.append(
                        ValidationError(_v.DUPLICATE, row=line, column="date", value=" / ".join(key), other=seen[key])
                    )
                else:
                    seen[key] = line
            if len(problems) == bad:
                rows.append(
                    {
                        "line": line,
                        "kato": kato,
                        "indicator": code,
                        "value": value,
                        "date": day,
                        "period": day.isoformat(),
                        "source": source,
                        "reason": reason,
                        "base_id": edit.base_id,
                        "spec": spec,
                        "flags": [],
                    }
                )
        if problems:
            raise ValidationFailed(problems)
        problems += self._plausibility(cur, rows, account)
        if problems:
            raise ValidationFailed(problems)
        return rows

    def _plausibility(self, cur: duckdb.DuckDBPyConnection, rows: list[dict], account: dict) -> list[ValidationError]:
        """Set version, previous value, status and flags of each row; problems for flags without a reason."""
        if not rows:
            return []
        keys = pd.DataFrame(
            {
                "kato": [r["kato"] for r in rows],
                "indicator": [r["indicator"] for r in rows],
                "period": [r["period"] for r in rows],
            }
        ).drop_duplicates()
        cur.register("_keys", keys)
        try:
            versions = cur.execute("""SELECT o.kato, o.indicator, o.period, max(o.version) AS v FROM observation o
                                      JOIN _keys k USING (kato, indicator, period) GROUP BY ALL""").df()
            previous = cur.execute("""SELECT o.kato, o.indicator, o.value FROM observation o
                                      JOIN (SELECT DISTINCT kato, indicator FROM _keys) k USING (kato, indicator)
                                      WHERE o.status = 'published'
                                      QUALIFY row_number() OVER (PARTITION BY o.kato, o.indicator
                                                                 ORDER BY o.period_end DESC, o.version DESC) = 1""").df()
            peers = cur.execute("""SELECT o.kato, o.indicator, o.value FROM observation o JOIN unit u USING (kato)
                                   WHERE u.level = 'district' AND o.status = 'published' AND o.value IS NOT NULL
                                     AND o.indicator IN (SELECT DISTINCT indicator FROM _keys)
                                   QUALIFY row_number() OVER (PARTITION BY o.kato, o.indicator
                                                              ORDER BY o.period_end DESC, o.version DESC) = 1""").df()
        finally:
            cur.unregister("_keys")
        version = {(r.kato, r.indicator, r.period): int(r.v) for r in versions.itertuples()}
        last = {(r.kato, r.indicator): (None if pd.isna(r.value) else float(r.value)) for r in previous.itertuples()}
        peer_values = {code: grp for code, grp in peers.groupby("indicator")}
        fences: dict[str, tuple[float, float] | None] = {}
        problems: list[ValidationError] = []
        for r in sorted(rows, key=lambda r: (r["kato"], r["indicator"], r["date"])):
            spec = r["spec"]
            code = r["indicator"]
            if code not in fences:
                grp = peer_values.get(code)
                fences[code] = None if grp is None else _v.iqr_fences(grp["value"].to_numpy(dtype=float))
            pair = (r["kato"], code)
            r["old"] = last.get(pair)
            found = _v.implausibility(r["value"], r["old"], fences[code], float(spec["max_jump_share"]))
            last[pair] = r["value"]
            r["flags"] = [ValidationError(reason, row=r["line"], column="value", **params) for reason, params in found]
            if r["flags"] and not r["reason"]:
                problems += [ValidationError(f.reason, row=f.row, column="reason", **f.params) for f in r["flags"]]
            r["version"] = version.get((r["kato"], code, r["period"]), 0) + 1
            r["status"] = "pending" if r["flags"] or bool(spec["approval_required"]) else "published"
            r["origin"] = "akimat" if spec["supplier"] == "akimat" or account["role"] == "akimat" else spec["supplier"]
            notes = [f.reason.format(**f.params) for f in r["flags"]] + ([r["reason"]] if r["reason"] else [])
            r["note"] = "; ".join(notes) or None
        return problems

    def _check_conflicts(self, cur: duckdb.DuckDBPyConnection, rows: list[dict]) -> None:
        checked = [r for r in rows if r["base_id"] != UNCHECKED]
        if not checked:
            return
        keys = pd.DataFrame(
            {"kato": [r["kato"] for r in checked], "indicator": [r["indicator"] for r in checked]}
        ).drop_duplicates()
        cur.register("_keys", keys)
        try:
            latest = cur.execute("""SELECT o.id, o.kato, o.indicator, o.value, o.status, o.entered_by, o.entered_at
                                    FROM observation o JOIN _keys k USING (kato, indicator)
                                    QUALIFY row_number() OVER (PARTITION BY o.kato, o.indicator ORDER BY o.id DESC) = 1
                                 """).df()
        finally:
            cur.unregister("_keys")
        now = {(r.kato, r.indicator): r for r in latest.itertuples()}
        conflicts = []
        for r in checked:
            current = now.get((r["kato"], r["indicator"]))
            current_id = None if current is None else int(current.id)
            if current_id != (None if r["base_id"] is None or pd.isna(r["base_id"]) else int(r["base_id"])):
                conflicts.append(
                    {
                        "kato": r["kato"],
                        "indicator": r["indicator"],
                        "yours": r["value"],
                        "theirs": None if current is None or pd.isna(current.value) else float(current.value),
                        "theirs_status": None if current is None else current.status,
                        "theirs_by": None if current is None else current.entered_by,
                        "theirs_at": None if current is None else current.entered_at,
                        "current_id": current_id,
                        "row": r["line"],
                    }
                )
        if conflicts:
            raise ConflictError(conflicts)

    def _source_ids(
        self, cur: duckdb.DuckDBPyConnection, rows: list[dict], account: dict, now: dt.datetime
    ) -> dict[str, str]:
        """Source id of each source text: an existing id typed as is, else an ``AK-`` source row."""
        texts = sorted({r["source"] for r in rows})
        known = set(cur.execute("SELECT id FROM source").df()["id"])
        out = {}
        for text in texts:
            if text in known:
                out[text] = text
                continue
            sid = "AK-" + hashlib.sha1(text.encode()).hexdigest()[:12]
            cur.execute(
                "INSERT OR IGNORE INTO source (id, title, publisher, date, registry) VALUES (?, ?, ?, ?, ?)",
                [sid, text, account.get("scope_kato") or account["role"], now.date().isoformat(), "akimat"],
            )
            out[text] = sid
        return out

    def rollback_batch(self, batch_id: str, *, user: str, reason: str, now: dt.datetime | None = None) -> dict:
        """Undo a batch by appending versions: each value it set goes back to the one before it.

        A value whose key was changed after the batch raises :class:`ConflictError`; a value that had
        no earlier version is withdrawn (a new version without a value); a pending one is rejected.
        The rollback is itself a batch, audited with ``action='batch.rollback'``.
        """
        account = self._active_user(user, roles=("akimat", "ministry"))
        now = now or _utcnow()
        reason, found = _v.check_text(reason, column="reason", required=_v.MISSING_REASON)
        if found:
            raise ValidationFailed(found)
        with self.transaction() as cur:
            rows = cur.execute("SELECT * FROM observation WHERE batch_id = ? ORDER BY id", [batch_id]).df()
            if rows.empty or batch_id == "build":
                raise ValidationFailed([ValidationError(_v.UNKNOWN_BATCH, column="batch", value=batch_id)])
            scope = self.scope_katos(account)
            if scope is not None and not set(rows["kato"]) <= scope:
                raise AccessDenied(f"batch {batch_id} has units outside the scope of {user}")
            done = cur.execute(
                "SELECT count(*) FROM audit WHERE action = 'batch.rollback' AND old_value = ?", [batch_id]
            ).fetchall()[0][0]
            if done:
                raise ValidationFailed([ValidationError(_v.ALREADY_ROLLED_BACK, column="batch", value=batch_id)])
            new_batch = _new_batch_id(now, prefix="R")
            out_obs, out_aud, conflicts = [], [], []
            for (kato, code, period), grp in rows.groupby(["kato", "indicator", "period"], sort=True):
                mine = grp.sort_values("version").iloc[-1]
                hist = cur.execute(
                    "SELECT * FROM observation WHERE kato = ? AND indicator = ? AND period = ? ORDER BY version",
                    [kato, code, period],
                ).df()
                newest = hist.iloc[-1]
                if int(newest["id"]) != int(mine["id"]):
                    conflicts.append(
                        {
                            "kato": kato,
                            "indicator": code,
                            "yours": None,
                            "theirs": None if pd.isna(newest["value"]) else float(newest["value"]),
                            "theirs_status": newest["status"],
                            "theirs_by": newest["entered_by"],
                            "theirs_at": newest["entered_at"],
                            "current_id": int(newest["id"]),
                            "row": None,
                        }
                    )
                    continue
                before = hist[(hist["version"] < grp["version"].min()) & (hist["status"] == "published")]
                row = {
                    **{c: mine[c] for c in ("kato", "indicator", "period", "period_end", "source_id", "origin")},
                    "entered_by": account["username"],
                    "entered_at": now,
                    "version": int(newest["version"]) + 1,
                    "batch_id": new_batch,
                }
                if mine["status"] == "pending":
                    row.update(value=mine["value"], status="rejected", note=f"rollback of {batch_id}: {reason}")
                elif before.empty:
                    row.update(value=None, status="published", note=f"withdrawn by rollback of {batch_id}: {reason}")
                else:
                    prior = before.iloc[-1]
                    row.update(
                        value=prior["value"],
                        status="published",
                        source_id=prior["source_id"],
                        origin=prior["origin"],
                        note=f"restored by rollback of {batch_id}: {reason}",
                    )
                out_obs.append(row)
                out_aud.append(
                    {
                        "at": now,
                        "username": account["username"],
                        "action": "observation.rollback",
                        "kato": kato,
                        "indicator": code,
                        "period": period,
                        "old_value": _text(mine["value"]),
                        "new_value": _text(row["value"]),
                        "source_id": row["source_id"],
                        "reason": reason,
                        "batch_id": new_batch,
                    }
                )
            if conflicts:
                raise ConflictError(conflicts)
            _append(cur, "observation", pd.DataFrame(out_obs), casts={"period_end": "DATE", "value": "DOUBLE"})
            out_aud.append(
                {
                    "at": now,
                    "username": account["username"],
                    "action": "batch.rollback",
                    "kato": None,
                    "indicator": None,
                    "period": None,
                    "old_value": batch_id,
                    "new_value": new_batch,
                    "source_id": None,
                    "reason": reason,
                    "batch_id": new_batch,
                }
            )
            _append(cur, "audit", pd.DataFrame(out_aud))
        return {"batch_id": new_batch, "rows": len(out_obs)}

    # ------------------------------------------------------------------ review queue (ministry)
    def pending_observations(self, scope_katos: set[str] | None = None) -> pd.DataFrame:
        """Values waiting for review: the newest version of their key is ``pending``."""
        rows = self.query("""SELECT o.*, u.name_kk, u.name_ru, u.parent_kato FROM observation o JOIN unit u USING (kato)
                             QUALIFY row_number() OVER (PARTITION BY o.kato, o.indicator, o.period
                                                        ORDER BY o.version DESC) = 1
                             AND o.status = 'pending' ORDER BY o.entered_at, o.id""")
        rows = rows[rows["status"] == "pending"]
        if scope_katos is not None:
            rows = rows[rows["kato"].isin(scope_katos)]
        return rows.reset_index(drop=True)

    def review_observation(
        self, observation_id: int, *, user: str, approve: bool, comment: str, now: dt.datetime | None = None
    ) -> None:
        """Approve (publish) or reject a pending value by appending a version; audited with the comment."""
        account = self._active_user(user, roles=("ministry",))
        now = now or _utcnow()
        comment, found = _v.check_text(comment, column="comment", required=None if approve else _v.MISSING_REASON)
        if found:
            raise ValidationFailed(found)
        with self.transaction() as cur:
            row = cur.execute("SELECT * FROM observation WHERE id = ?", [observation_id]).df()
            if row.empty:
                raise ValidationFailed([ValidationError(_v.UNKNOWN_OBSERVATION, value=observation_id)])
            r = row.iloc[0]
            newest = cur.execute(
                "SELECT max(version) FROM observation WHERE kato = ? AND indicator = ? AND period = ?",
                [r["kato"], r["indicator"], r["period"]],
            ).fetchall()[0][0]
            if r["status"] != "pending" or int(newest) != int(r["version"]):
                raise ConflictError(
                    [
                        {
                            "kato": r["kato"],
                            "indicator": r["indicator"],
                            "yours": None,
                            "theirs": None,
                            "theirs_status": None,
                            "theirs_by": None,
                            "theirs_at": None,
                            "current_id": None,
                            "row": None,
                        }
                    ]
                )
            status = "published" if approve else "rejected"
            verdict = "approved" if approve else "rejected"
            new = {
                c: r[c]
                for c in (
                    "kato",
                    "indicator",
                    "value",
                    "period",
                    "period_end",
                    "source_id",
                    "origin",
                    "entered_by",
                    "entered_at",
                    "batch_id",
                )
            }
            new.update(
                status=status,
                version=int(newest) + 1,
                note="; ".join(
                    x
                    for x in (
                        r["note"] if pd.notna(r["note"]) else None,
                        f"{verdict} by {account['username']}: {comment}".rstrip(": "),
                    )
                    if x
                ),
            )
            _append(cur, "observation", pd.DataFrame([new]), casts={"period_end": "DATE"})
            self._audit(
                cur,
                now,
                account["username"],
                f"observation.{'approve' if approve else 'reject'}",
                kato=r["kato"],
                indicator=r["indicator"],
                period=r["period"],
                old_value="pending",
                new_value=f"{status}: {_text(r['value'])}",
                source_id=r["source_id"],
                reason=comment or None,
                batch_id=r["batch_id"],
            )

    # ------------------------------------------------------------------ audit reads
    def audit_log(
        self,
        *,
        kato: str | None = None,
        batch_id: str | None = None,
        username: str | None = None,
        scope_katos: set[str] | None = None,
        limit: int = 5000,
    ) -> pd.DataFrame:
        """Audit rows, newest first, filtered by unit, batch (or the rollback of it), user or scope."""
        sql, params = "SELECT * FROM audit WHERE TRUE", []
        if kato:
            sql, params = sql + " AND kato = ?", [*params, kato]
        if batch_id:
            sql, params = sql + " AND (batch_id = ? OR old_value = ?)", [*params, batch_id, batch_id]
        if username:
            sql, params = sql + " AND username = ?", [*params, username]
        rows = self.query(sql + " ORDER BY id DESC LIMIT ?", [*params, limit])
        if scope_katos is not None:
            rows = rows[rows["kato"].isin(scope_katos)]
        return rows.reset_index(drop=True)

    def batches(self, scope_katos: set[str] | None = None) -> pd.DataFrame:
        """One row per batch of value changes: who, when, how many, and whether it was rolled back."""
        rows = self.query("""SELECT a.batch_id, min(a."at") AS "at", any_value(a.username) AS username,
                                    count(*) AS values_changed, list(DISTINCT a.kato) AS katos,
                                    any_value(a.action) AS action,
                                    bool_or(r.old_value IS NOT NULL) AS rolled_back
                             FROM audit a LEFT JOIN audit r ON r.action = 'batch.rollback' AND r.old_value = a.batch_id
                             WHERE a.action LIKE 'observation.%' AND a.action NOT IN
                                   ('observation.approve', 'observation.reject') AND a.batch_id IS NOT NULL
                             GROUP BY a.batch_id ORDER BY min(a."at") DESC, a.batch_id DESC""")
        if scope_katos is not None:
            rows = rows[[set(k) <= scope_katos for k in rows["katos"]]]
        return rows.reset_index(drop=True)

    def _audit(
        self, cur: duckdb.DuckDBPyConnection, at: dt.datetime, username: str, action: str, **fields: object
    ) -> None:
        cols = ["kato", "indicator", "period", "old_value", "new_value", "source_id", "reason", "batch_id"]
        cur.execute(
            'INSERT INTO audit ("at", username, action, kato, indicator, period, old_value, new_value, '
            "source_id, reason, batch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [at, username, action, *[None if fields.get(c) is None else str(fields[c]) for c in cols]],
        )

    # ------------------------------------------------------------------ users
    def user(self, username: str) -> dict | None:
        """One account as a dict (with its password hash), or None."""
        rows = self.query("SELECT * FROM app_user WHERE username = ?", [username])
        if rows.empty:
            return None
        out = rows.iloc[0].to_dict()
        out["scope_kato"] = None if pd.isna(out["scope_kato"]) else out["scope_kato"]
        out["locked_until"] = (
            None if pd.isna(out["locked_until"]) else pd.Timestamp(out["locked_until"]).to_pydatetime()
        )
        return out

    def users(self) -> pd.DataFrame:
        """Accounts without their password hashes."""
        return self.query(
            "SELECT username, role, scope_kato, disabled, failed_logins, locked_until, created_at "
            "FROM app_user ORDER BY username"
        )

    def _active_user(self, username: str, *, roles: tuple[str, ...]) -> dict:
        account = self.user(username) if isinstance(username, str) else None
        if account is None or account["disabled"] or account["role"] not in roles:
            raise AccessDenied(f"user {username!r} may not do this (needs role {' or '.join(roles)})")
        return account

    def _check_user_fields(self, role: str, scope_kato: str | None) -> None:
        if role not in ROLES:
            raise ValidationFailed([ValidationError(_v.BAD_ROLE, column="role", value=role)])
        if role == "akimat":
            unit = self.unit(scope_kato) if scope_kato else None
            if unit is None or unit["level"] not in ("oblast", "district"):
                raise ValidationFailed([ValidationError(_v.BAD_SCOPE, column="scope_kato", value=scope_kato or "")])
        elif scope_kato:
            raise ValidationFailed([ValidationError(_v.SCOPE_ONLY_AKIMAT, column="scope_kato", value=scope_kato)])

    def add_user(
        self,
        username: str,
        role: str,
        scope_kato: str | None,
        password_hash: str,
        *,
        by: str,
        now: dt.datetime | None = None,
    ) -> None:
        """Create an account (the hash comes from :func:`data.auth.hash_password`); audited."""
        now = now or _utcnow()
        if not USERNAME_RE.fullmatch(username or ""):
            raise ValidationFailed([ValidationError(_v.BAD_USERNAME, column="username", value=repr(username))])
        self._check_user_fields(role, scope_kato)
        with self.transaction() as cur:
            if cur.execute("SELECT count(*) FROM app_user WHERE username = ?", [username]).fetchall()[0][0]:
                raise ValidationFailed([ValidationError(_v.USER_EXISTS, column="username", value=username)])
            cur.execute(
                "INSERT INTO app_user (username, role, scope_kato, password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                [username, role, scope_kato, password_hash, now],
            )
            self._audit(cur, now, by, "user.add", kato=scope_kato, new_value=f"{username} ({role})")

    def set_user(
        self,
        username: str,
        *,
        by: str,
        role: str | None = None,
        scope_kato: str | None = None,
        disabled: bool | None = None,
        password_hash: str | None = None,
        now: dt.datetime | None = None,
    ) -> None:
        """Change an account's role and scope, disable/enable it or set its password hash; audited."""
        now = now or _utcnow()
        old = self.user(username)
        if old is None:
            raise ValidationFailed([ValidationError(_v.UNKNOWN_USER, column="username", value=username)])
        with self.transaction() as cur:
            if role is not None:
                self._check_user_fields(role, scope_kato)
                cur.execute(
                    "UPDATE app_user SET role = ?, scope_kato = ? WHERE username = ?", [role, scope_kato, username]
                )
                self._audit(
                    cur,
                    now,
                    by,
                    "user.scope",
                    kato=scope_kato,
                    old_value=f"{old['role']} {old['scope_kato'] or ''}",
                    new_value=f"{role} {scope_kato or ''}",
                    reason=username,
                )
            if disabled is not None:
                cur.execute("UPDATE app_user SET disabled = ? WHERE username = ?", [disabled, username])
                self._audit(cur, now, by, "user.disable" if disabled else "user.enable", reason=username)
            if password_hash is not None:
                cur.execute(
                    "UPDATE app_user SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE username = ?",
                    [password_hash, username],
                )
                self._audit(cur, now, by, "user.password", reason=username)

    def record_login(self, username: str, *, ok: bool, now: dt.datetime, max_failures: int, lock_minutes: int) -> None:
        """Count a failed login (locking the account after ``max_failures``) or reset after a good one."""
        with self.transaction() as cur:
            if ok:
                cur.execute("UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE username = ?", [username])
                self._audit(cur, now, username, "login.ok")
                return
            cur.execute("UPDATE app_user SET failed_logins = failed_logins + 1 WHERE username = ?", [username])
            failures = next(
                iter(cur.execute("SELECT failed_logins FROM app_user WHERE username = ?", [username]).fetchall()), None
            )
            if failures and failures[0] >= max_failures:
                until = now + dt.timedelta(minutes=lock_minutes)
                cur.execute(
                    "UPDATE app_user SET locked_until = ?, failed_logins = 0 WHERE username = ?", [until, username]
                )
                self._audit(cur, now, username, "login.locked", new_value=until.isoformat(timespec="seconds"))
            else:
                self._audit(cur, now, username[:60], "login.failed")

    # ------------------------------------------------------------------ ministry settings
    def weight_profiles(self) -> pd.DataFrame:
        return self.query("SELECT * FROM weight_profile ORDER BY id, version DESC")

    def save_profile_draft(self, profile_json: str, *, user: str, now: dt.datetime | None = None) -> int:
        """Store a profile as the next draft version of its id; returns the version. Validated first."""
        from scoring.profile import ScoringConfigError, load_profile

        account = self._active_user(user, roles=("ministry",))
        now = now or _utcnow()
        try:
            profile = load_profile(profile_json)
        except ScoringConfigError as exc:
            raise ValidationFailed([ValidationError(_v.BAD_PROFILE, column="profile", value=str(exc)[:300])]) from exc
        with self.transaction() as cur:
            version = (
                int(
                    cur.execute(
                        "SELECT coalesce(max(version), 0) FROM weight_profile WHERE id = ?", [profile.id]
                    ).fetchall()[0][0]
                )
                + 1
            )
            text = profile.model_copy(update={"version": version}).to_json()
            cur.execute(
                "INSERT INTO weight_profile (id, version, name, profile_json, status, created_by, created_at) "
                "VALUES (?, ?, ?, ?, 'draft', ?, ?)",
                [profile.id, version, profile.name, text, account["username"], now],
            )
            self._audit(
                cur,
                now,
                account["username"],
                "profile.draft",
                indicator=f"profile:{profile.id}",
                period=str(version),
                new_value=profile.name,
            )
        return version

    def publish_profile(self, profile_id: str, version: int, *, user: str, now: dt.datetime | None = None) -> None:
        """Publish a draft; the previously published version of any profile is retired. Audited."""
        account = self._active_user(user, roles=("ministry",))
        now = now or _utcnow()
        with self.transaction() as cur:
            row = cur.execute(
                "SELECT status FROM weight_profile WHERE id = ? AND version = ?", [profile_id, version]
            ).fetchall()
            row = row[0] if row else None
            if row is None or row[0] != "draft":
                raise ValidationFailed(
                    [ValidationError(_v.NOT_A_DRAFT, column="profile", value=f"{profile_id} v{version}")]
                )
            old = cur.execute("SELECT id, version FROM weight_profile WHERE status = 'published'").fetchall()
            cur.execute("UPDATE weight_profile SET status = 'retired' WHERE status = 'published'")
            cur.execute(
                "UPDATE weight_profile SET status = 'published', published_at = ? WHERE id = ? AND version = ?",
                [now, profile_id, version],
            )
            self._audit(
                cur,
                now,
                account["username"],
                "profile.publish",
                indicator=f"profile:{profile_id}",
                period=str(version),
                old_value=", ".join(f"{i} v{v}" for i, v in old) or None,
                new_value=f"{profile_id} v{version}",
            )

    def set_quota(
        self,
        year: int,
        oblast_kato: str | None,
        category: str,
        persons: int,
        source_id: str,
        *,
        user: str,
        act: str | None = None,
        note: str | None = None,
        now: dt.datetime | None = None,
    ) -> None:
        """Set the preferred quota of a year, oblast (None = national) and category; audited."""
        account = self._active_user(user, roles=("ministry",))
        now = now or _utcnow()
        problems = []
        if category not in ("kandas", "settlers"):
            problems.append(ValidationError(_v.BAD_CATEGORY, column="category", value=category))
        if not 2000 <= int(year) <= 2100:
            problems.append(ValidationError(_v.BAD_YEAR, column="year", value=year))
        if int(persons) < 0:
            problems.append(ValidationError(_v.BELOW_MIN, column="persons", value=persons, min=0))
        if oblast_kato and (self.unit(oblast_kato) or {}).get("level") != "oblast":
            problems.append(ValidationError(_v.UNKNOWN_KATO, column="oblast_kato", value=oblast_kato))
        source_id, found = _v.check_text(source_id, column="source_id", required=_v.MISSING_SOURCE)
        note, found_note = _v.check_text(note, column="note")
        act, found_act = _v.check_text(act, column="act")
        if problems or found or found_note or found_act:
            raise ValidationFailed(problems + found + found_note + found_act)
        with self.transaction() as cur:
            where = "year = ? AND category = ? AND preferred AND oblast_kato IS NOT DISTINCT FROM ?"
            old = next(
                iter(
                    cur.execute(
                        f"SELECT persons FROM quota WHERE {where}",  # noqa: S608
                        [year, category, oblast_kato],
                    ).fetchall()
                ),
                None,
            )
            if old is None:
                cur.execute(
                    "INSERT INTO quota (year, oblast_kato, category, persons, act, source_id, preferred, note) "
                    "VALUES (?, ?, ?, ?, ?, ?, TRUE, ?)",
                    [year, oblast_kato, category, persons, act or None, source_id, note or None],
                )
            else:
                cur.execute(
                    f"UPDATE quota SET persons = ?, act = ?, source_id = ?, note = ? WHERE {where}",  # noqa: S608
                    [persons, act or None, source_id, note or None, year, category, oblast_kato],
                )
            self._audit(
                cur,
                now,
                account["username"],
                "quota.set",
                kato=oblast_kato,
                indicator=f"quota:{category}",
                period=str(year),
                old_value=None if old is None else old[0],
                new_value=persons,
                source_id=source_id,
                reason=note or None,
            )

    def set_support_measure(
        self,
        code: str,
        *,
        user: str,
        amount_mci: float | None,
        valid_from: dt.date | None,
        valid_to: dt.date | None,
        source_id: str,
        note: str | None = None,
        now: dt.datetime | None = None,
    ) -> None:
        """Change a support measure's amount (MCI) and validity dates; audited field by field."""
        account = self._active_user(user, roles=("ministry",))
        now = now or _utcnow()
        old = self.query("SELECT * FROM support_measure WHERE code = ?", [code])
        problems = []
        if old.empty:
            problems.append(ValidationError(_v.UNKNOWN_MEASURE, column="code", value=code))
        if amount_mci is not None and amount_mci < 0:
            problems.append(ValidationError(_v.BELOW_MIN, column="amount_mci", value=amount_mci, min=0))
        if valid_from and valid_to and valid_to < valid_from:
            problems.append(ValidationError(_v.BAD_VALIDITY, column="valid_to", value=valid_to.isoformat()))
        source_id, found = _v.check_text(source_id, column="source_id", required=_v.MISSING_SOURCE)
        note, found_note = _v.check_text(note, column="note")
        if problems or found or found_note:
            raise ValidationFailed(problems + found + found_note)
        before = old.iloc[0]
        new = {
            "amount_mci": amount_mci,
            "valid_from": valid_from,
            "valid_to": valid_to,
            "source_id": source_id,
            "note": note or None,
        }
        with self.transaction() as cur:
            cur.execute(
                "UPDATE support_measure SET amount_mci = ?, valid_from = ?, valid_to = ?, source_id = ?, "
                "note = ? WHERE code = ?",
                [*new.values(), code],
            )
            for field_name, value in new.items():
                was = before[field_name]
                was = None if pd.isna(was) else (was.date() if isinstance(was, pd.Timestamp) else was)
                if _text(was) != _text(value):
                    self._audit(
                        cur,
                        now,
                        account["username"],
                        "support_measure.set",
                        indicator=f"{code}.{field_name}",
                        old_value=_text(was),
                        new_value=_text(value),
                        source_id=source_id,
                        reason=note or None,
                    )

    def set_indicator_policy(
        self,
        code: str,
        *,
        user: str,
        approval_required: bool,
        akimat_editable: bool,
        max_jump_share: float | None = None,
        now: dt.datetime | None = None,
    ) -> None:
        """Mark an indicator approval-required / akimat-editable and set its jump share; audited."""
        account = self._active_user(user, roles=("ministry",))
        now = now or _utcnow()
        settings = self.indicator_settings().set_index("code")
        if code not in settings.index:
            raise ValidationFailed([ValidationError(_v.UNKNOWN_INDICATOR, column="code", value=code)])
        if max_jump_share is not None and not 0 < max_jump_share <= 100:
            raise ValidationFailed([ValidationError(_v.BAD_SHARE, column="max_jump_share", value=max_jump_share)])
        old = settings.loc[code]
        with self.transaction() as cur:
            self._ensure_desk_schema(cur)
            cur.execute("UPDATE indicator SET approval_required = ? WHERE code = ?", [approval_required, code])
            cur.execute(
                "INSERT OR REPLACE INTO indicator_access VALUES (?, ?, ?, ?, ?)",
                [code, akimat_editable and old["supplier"] != "akimat", max_jump_share, account["username"], now],
            )
            self._audit(
                cur,
                now,
                account["username"],
                "indicator.policy",
                indicator=code,
                old_value=f"approval={bool(old['approval_required'])} akimat={bool(old['akimat_editable'])} "
                f"jump={old['max_jump_share']:g}",
                new_value=f"approval={approval_required} akimat={akimat_editable or old['supplier'] == 'akimat'} "
                f"jump={max_jump_share if max_jump_share is not None else _v.DEFAULT_MAX_JUMP_SHARE:g}",
            )

    # ------------------------------------------------------------------ advisor consultations
    def save_consultation(
        self, *, id: str, saved_by: str, locale: str, profile_json: str, result_json: str, note: str = ""
    ) -> str:
        """Store one consultation the officer chose to save (no passport data: the form asks for none)."""
        with self.transaction() as cur:
            cur.execute(
                "INSERT INTO consultation (id, saved_by, saved_at, locale, profile_json, result_json, note) "
                "VALUES (?, ?, current_timestamp, ?, ?, ?, ?)",
                [id, saved_by, locale, profile_json, result_json, note],
            )
        return id

    def consultations(self, *, saved_by: str | None = None) -> pd.DataFrame:
        """Saved consultations, newest first (optionally one officer's)."""
        sql, params = "SELECT * FROM consultation", []
        if saved_by is not None:
            sql, params = sql + " WHERE saved_by = ?", [saved_by]
        return self.query(sql + " ORDER BY saved_at DESC, id", params)

    def delete_consultation(self, id: str) -> bool:
        """Delete a saved consultation; True if it existed."""
        with self.transaction() as cur:
            found = cur.execute("SELECT count(*) FROM consultation WHERE id = ?", [id]).fetchone()[0]
            cur.execute("DELETE FROM consultation WHERE id = ?", [id])
        return bool(found)


def _check_level(level: str) -> None:
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; expected one of {LEVELS}")


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _new_batch_id(now: dt.datetime, prefix: str = "B") -> str:
    return f"{prefix}{now:%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"


def _text(value: object) -> str | None:
    """A value as audit text (None stays None, floats without a trailing .0)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, float):
        return f"{value:.15g}"
    return str(value)


def _append(
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


# ---------------------------------------------------------------------- the build's writer
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
    in writing order. When ``previous`` (the database about to be replaced) exists it is opened
    read-write first — so a file another process holds is refused — and everything not made by
    the build is listed: every other table (users, audit, weight profiles, consultations,
    settings …), observations not entered by :data:`BUILD_USER`, ministry edits of quotas and
    support measures (found through the audit) and indicators' ``approval_required``. With
    ``keep_staff_data`` these are copied into the new file; otherwise only counted.

    Returns ``{"kept": {what: rows}, "dropped": {what: rows}}``. Raises :class:`StoreError` when
    ``previous`` is held by another process or cannot be read while its data is to be kept.
    """
    old, unreadable = None, False
    if previous is not None and Path(previous).exists():
        if str(Path(previous).resolve()) in _CONNECTIONS:
            raise StoreError(f"{previous} is open in this process; close it (Store.close()) before rebuilding over it")
        try:
            old = duckdb.connect(str(previous))
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():  # DuckDB reports a held file as a lock conflict
                if keep_staff_data:
                    raise StoreError(
                        f"{previous} cannot be read, so its staff data cannot be carried over ({exc}). Move it "
                        "aside and rebuild, or rebuild with --discard-staff-data to replace it deliberately"
                    ) from exc
                unreadable = True
            else:
                raise StoreError(
                    f"{previous} is held by another process ({str(exc).splitlines()[0]}). Stop the app or the "
                    "command using it, then rebuild; the database was not replaced"
                ) from exc
        except duckdb.Error as exc:
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
