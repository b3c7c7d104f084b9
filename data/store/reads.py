"""Reads: units, observations with provenance, geometry, policy tables, the desk's grid and logs."""

from __future__ import annotations

import pandas as pd

from data import _validate as _v
from data import permissions
from data.store.connection import DESK_SCHEMA, RESTORE_HINT, Connection, StoreError

LEVELS = ("oblast", "district", "settlement")


def check_level(level: str) -> None:
    """Refuse an unknown level with a ValueError naming the allowed ones."""
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; expected one of {LEVELS}")


class Reads(Connection):
    """Everything the pages, commands and the export read."""

    def meta(self) -> dict[str, str]:
        """Build facts: ``built_at``, ``data_version``, ``build_seconds``, ``summary``."""
        return dict(self.query("SELECT key, value FROM meta").itertuples(index=False, name=None))

    def units(self, level: str) -> pd.DataFrame:
        """All units of a level, ordered by KATO."""
        check_level(level)
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
        check_level(level)
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
        check_level(level)
        rows = self.query(
            "SELECT text FROM geojson_cache WHERE level = ? AND variant = ?",
            [level, "simplified" if simplified else "full"],
        )
        if rows.empty:
            raise StoreError(f"no {level} boundaries in {self.path}; {RESTORE_HINT}")
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

    def how_to_apply(self) -> pd.DataFrame:
        """Steps of applying for kandas status (policy/SOURCES_apply.md); empty in an older database."""
        if not self._has_table("how_to_apply"):
            return pd.DataFrame(columns=["step", "topic", "text_en", "text_ru", "source_id"])
        return self.query("SELECT * FROM how_to_apply ORDER BY step")

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
        """Cache key of everything pages show: the build's data version, the newest observation and
        audit ids, and the snapshot read from, so any write (by any process) or rebuild changes it.

        Read once per connection: a reader's connection is to one read-only snapshot (or to a master
        no one may write), whose version never changes; a write or a newer snapshot opens a new one.
        Every page asks for it on every rerun, so this spares a query per rerun.
        """
        con = self._con
        memo = self._reader.data_version_memo
        if memo is not None and memo[0] is con:
            return memo[1]
        cur = con.cursor()
        try:
            build, obs, aud = cur.execute(
                "SELECT (SELECT value FROM meta WHERE key = 'data_version'), "
                "(SELECT coalesce(max(id), 0) FROM observation), (SELECT coalesce(max(id), 0) FROM audit)"
            ).fetchone()
        finally:
            cur.close()
        version = f"{build}.{int(obs)}.{int(aud)}.{self._reader.version}"
        self._reader.data_version_memo = (con, version)
        return version

    def _has_table(self, name: str) -> bool:
        return bool(
            self.query("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]).iloc[0, 0]
        )

    def _ensure_desk_schema(self, cur) -> None:
        """Add the desk's table to a database built before it existed (idempotent DDL)."""
        cur.execute(DESK_SCHEMA.read_text(encoding="utf-8"))

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
        """Indicators a user may enter (rule: :func:`data.permissions.may_edit_indicator`)."""
        ind = self.indicator_settings()
        mask = [
            permissions.may_edit_indicator(account["role"], supplier=s, akimat_editable=a)
            for s, a in zip(ind["supplier"], ind["akimat_editable"], strict=True)
        ]
        return ind[mask].reset_index(drop=True)

    def scope_katos(self, account: dict) -> set[str] | None:
        """KATO codes (oblast and districts) a user may edit; None means everywhere (ministry)."""
        rule = permissions.scope_rule(account["role"], account.get("scope_kato"))
        if rule == "everywhere":
            return None
        if rule is None:
            return set()
        scope = account["scope_kato"]
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

    def weight_profiles(self) -> pd.DataFrame:
        return self.query("SELECT * FROM weight_profile ORDER BY id, version DESC")
