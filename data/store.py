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

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

DEFAULT_DB = Path(__file__).with_name("qonys.duckdb")
LEVELS = ("oblast", "district", "settlement")
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
            raise StoreError(f"database {self.path} cannot be opened ({exc}). If another Qonys process holds it, "
                             "stop that process; if the file is damaged, rebuild with: python -m data.build") from exc
        except duckdb.Error as exc:
            raise StoreError(f"database {self.path} is not a Qonys database ({exc}). "
                             "Rebuild it with: python -m data.build") from exc
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

    def observations(self, level: str, *, inherit: bool = True, katos: list[str] | None = None,
                     include_pending: bool = False) -> pd.DataFrame:
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
            """, [level, statuses])
        if katos is not None:
            own = own[own["kato"].isin(katos)]
        if level != "district" or not inherit:
            return own.reset_index(drop=True)
        districts = self.query("SELECT kato, parent_kato FROM unit WHERE level = 'district'")
        if katos is not None:
            districts = districts[districts["kato"].isin(katos)]
        parents = self.observations("oblast", katos=list(districts["parent_kato"].unique()),
                                    include_pending=include_pending)
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
        rows = self.query("SELECT text FROM geojson_cache WHERE level = ? AND variant = ?",
                          [level, "simplified" if simplified else "full"])
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


    # ------------------------------------------------------------------ advisor consultations
    def save_consultation(self, *, id: str, saved_by: str, locale: str, profile_json: str, result_json: str,
                          note: str = "") -> str:
        """Store one consultation the officer chose to save (no passport data: the form asks for none)."""
        with self.transaction() as cur:
            cur.execute("INSERT INTO consultation (id, saved_by, saved_at, locale, profile_json, result_json, note) "
                        "VALUES (?, ?, current_timestamp, ?, ?, ?, ?)",
                        [id, saved_by, locale, profile_json, result_json, note])
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
