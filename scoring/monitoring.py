"""Monitoring of the Migration Policy Concept 2023–2027: its targets beside sourced actuals.

Pure: data frames in, data frames out (no Streamlit, no DuckDB, no IO). The targets are the ones the
Concept's action plan sets (Government Decree No. 961 of 30 Nov 2022, source ``S18``), copied from
``data/raw/outcomes/SOURCES.md``; quota fulfilment is measured against the year's MinTrud quota order
(``S10b``–``S10e``). An actual comes from a vendored, cited table or from an akimat value the ministry
approved; when neither exists the row says "not reported" — nothing is estimated or interpolated.

Akimats report outcome counts per district and quarter (scoring/outcome_indicators.py);
:func:`outcome_actuals` sums the published ones to oblasts and the country per year and derives the
employment rate the Concept's first target measures (employed ÷ working-age kandas), which then enters
:func:`monitor` as an approved akimat value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

import numpy as np
import pandas as pd

# The targets live in scoring.monitoring_targets; callers keep reading them here (monitoring.Target …).
from scoring.monitoring_targets import (  # noqa: F401
    CATALOGUE,
    CONCEPT_SOURCE_ID,
    CONCEPT_TARGETS,
    CONCEPT_URL,
    CONCEPT_YEARS,
    DECREE_961,
    DESIGNATED_SHARE,
    QUOTA_FULFILMENT,
    QUOTA_TARGET_PCT,
    TARGETS_BY_CODE,
    TARGETS_FILE,
    Direction,
    Target,
)

# Settlement beside the zones lives in scoring.settlement; callers keep reading it here too.
from scoring.settlement import (  # noqa: F401
    TOP_ZONES,
    ZONE_COLUMNS,
    ZoneHeadline,
    compact_ids,
    district_zone_shares,
    join_ids,
    latest_oblast_shares,
    settlement_vs_zones,
    zone_mix,
    zones_headline,
)

#: Row statuses, in the order the pages list them.
MET: Final = "met"
NOT_MET: Final = "not met"
NOT_REPORTED: Final = "not reported"
NO_TARGET: Final = "no target"
STATUSES: Final = (MET, NOT_MET, NOT_REPORTED, NO_TARGET)

#: Scope of a national row; oblast rows carry the oblast's KATO code.
NATIONAL: Final = "national"

#: Columns of :func:`monitor`, the required keys first.
ROW_COLUMNS: Final = (
    "indicator",
    "year",
    "scope",
    "target",
    "actual",
    "source",
    "status",
    "unit",
    "period",
    "source_url",
    "target_source",
    "origin",
    "note",
)

# Indicator names in kandas_stats.csv (stats/SOURCES.md S15a, S15g …) that the rows below read.
_STAT_RESETTLED = "kandas resettled into designated regions within {year} quota"
_STAT_GRANTED = "kandas status granted in year"


def status_of(target: float | None, actual: float | None, direction: Direction) -> str:
    """Status of one row: ``no target`` without a target, ``not reported`` without an actual, else met/not met.

    ``met`` ⇔ actual ≥ target (higher better) or actual ≤ target (lower better).
    """
    if target is None or _missing(target):
        return NO_TARGET
    if actual is None or _missing(actual):
        return NOT_REPORTED
    ok = actual >= target if direction == "higher_better" else actual <= target
    return MET if ok else NOT_MET


def year_of_period(period: object) -> tuple[int | None, bool]:
    """Calendar year a period label refers to and whether it covers the whole year.

    ``'2025'`` → (2025, True); ``'2025 (YTD to ~Nov)'``, ``'2025-01..2025-09-01'`` → (2025, False);
    ``'1991-2025'`` (a span of years) and unparseable labels → (None, False).
    """
    text = "" if period is None or _missing(period) else str(period).strip()
    if re.fullmatch(r"\d{4}", text):
        return int(text), True
    if re.fullmatch(r"\d{4}\s*-\s*\d{4}.*", text) and not re.match(r"\d{4}-\d{2}", text):
        return None, False  # several years (cumulative): no single year
    years = set(re.findall(r"(?<!\d)(\d{4})(?!\d)", text))
    if len(years) == 1:
        return int(years.pop()), False
    return None, False


def monitor(
    *,
    kandas_stats: pd.DataFrame,
    quotas: pd.DataFrame,
    settlement: pd.DataFrame | None = None,
    approved: pd.DataFrame | None = None,
    sources: pd.DataFrame | None = None,
    year_range: Iterable[int] = CONCEPT_YEARS,
    include_endpoints: bool = True,
) -> pd.DataFrame:
    """Targets beside actuals: one row per indicator, year and scope.

    Parameters
    ----------
    kandas_stats
        ``kandas_stat`` table (``scope``, ``period_or_date``, ``indicator``, ``value_num``, ``source_id`` …).
    quotas
        ``quota`` table (``year``, ``oblast_kato`` (NULL = national), ``category``, ``persons``,
        ``source_id``, ``preferred``).
    settlement
        Reported settlement figures (:func:`data.outcomes.settlement` — the ``kandas_settlement`` table):
        ``oblast_kato``, ``indicator``, ``period``, ``value``, ``unit``, ``source_id``, ``source_url``.
    approved
        Approved (published) akimat observations of catalogue indicators: ``kato``, ``indicator``,
        ``period``, ``value``, ``source_id``. May be empty or None.
    sources
        Source registry (``id``, ``url``) to give each row a link; optional.
    year_range
        Years to report (default 2023–2027).
    include_endpoints
        Also add the row of an end-point target outside ``year_range`` (the imbalance target of 2028).

    Returns
    -------
    DataFrame
        Columns :data:`ROW_COLUMNS`. ``scope`` is ``'national'`` or an oblast KATO; ``target`` and
        ``actual`` are NaN when missing; ``status`` ∈ :data:`STATUSES`; ``origin`` is ``'sourced'``,
        ``'derived'`` (arithmetic on two sourced figures), ``'akimat'`` or ``''`` (no actual).
    """
    years = sorted(set(int(y) for y in year_range))
    settlement = settlement if settlement is not None else pd.DataFrame()
    urls = _url_lookup(sources)
    rows: list[dict] = []
    for target in CONCEPT_TARGETS:
        target_years = list(years)
        if include_endpoints and target.endpoint is not None and target.endpoint[0] not in target_years:
            target_years.append(target.endpoint[0])
        for year in target_years:
            rows.append(_concept_row(target, year))
    rows += _quota_rows(kandas_stats, quotas, settlement, years)
    rows += _designated_share_rows(kandas_stats, years)
    rows += _akimat_rows(approved, rows, years)
    out = pd.DataFrame(rows, columns=list(ROW_COLUMNS))
    out = _prefer_sourced(out)
    out["source_url"] = [
        url if isinstance(url, str) and url else urls.get(_first_id(src), "")
        for url, src in zip(out["source_url"], out["source"], strict=True)
    ]
    out["status"] = [
        status_of(t, a, TARGETS_BY_CODE[i].direction)
        for t, a, i in zip(out["target"], out["actual"], out["indicator"], strict=True)
    ]
    order = {t.code: n for n, t in enumerate(CATALOGUE)}
    out = out.assign(
        _o=out["indicator"].map(order), _s=(out["scope"] != NATIONAL).astype(int), target=out["target"].astype(float)
    )
    out["actual"] = out["actual"].astype(float)
    out = out.sort_values(["_o", "year", "_s", "scope"], kind="stable").drop(columns=["_o", "_s"])
    return out.reset_index(drop=True)


def _row(spec: Target, year: int, scope: str = NATIONAL, **values: object) -> dict:
    row = dict.fromkeys(ROW_COLUMNS, "")
    row.update(
        indicator=spec.code,
        year=year,
        scope=scope,
        target=spec.target_for(year),
        actual=None,
        unit=spec.unit,
        target_source=spec.source_id,
        note=spec.note,
    )
    row.update(values)
    return row


def _concept_row(target: Target, year: int) -> dict:
    # No vendored table reports these four indicators yet; akimat values (if approved) are added per oblast.
    return _row(target, year)


def _quota_rows(kandas_stats: pd.DataFrame, quotas: pd.DataFrame, settlement: pd.DataFrame, years: list[int]) -> list:
    kandas = quotas[(quotas["category"] == "kandas") & quotas["preferred"].astype(bool)]
    rows = []
    for year in years:
        national = kandas[(kandas["year"] == year) & kandas["oblast_kato"].isna()]
        quota_persons = float(national["persons"].iloc[0]) if len(national) else None
        if quota_persons is None:
            rows.append(
                _row(QUOTA_FULFILMENT, year, target=None, note="No quota order for this year in the vendored data.")
            )
        else:
            row = _row(
                QUOTA_FULFILMENT,
                year,
                target=QUOTA_TARGET_PCT,
                target_source=str(national["source_id"].iloc[0]),
                note=f"quota {quota_persons:,.0f} persons",
            )
            resettled = _stat(kandas_stats, _STAT_RESETTLED.format(year=year), str(year))
            if resettled is not None:
                value, source = resettled
                row.update(
                    actual=round(100.0 * value / quota_persons, 2),
                    source=source,
                    origin="derived",
                    period=str(year),
                    note=f"{value:,.0f} resettled of a quota of {quota_persons:,.0f} persons",
                )
            rows.append(row)
        for _, q in kandas[(kandas["year"] == year) & kandas["oblast_kato"].notna()].iterrows():
            rows.append(_oblast_quota_row(year, str(q["oblast_kato"]), float(q["persons"]), q, settlement))
    return rows


def _oblast_quota_row(year: int, kato: str, persons: float, quota: pd.Series, settlement: pd.DataFrame) -> dict:
    row = _row(
        QUOTA_FULFILMENT,
        year,
        kato,
        target=QUOTA_TARGET_PCT,
        target_source=str(quota["source_id"]),
        note=f"quota {persons:,.0f} persons",
    )
    if settlement.empty:
        return row
    mine = settlement[(settlement["oblast_kato"] == kato)]
    mine = mine[np.array([year_of_period(p)[0] == year for p in mine["period"]], dtype=bool)]
    # A fulfilment share the source states itself (Pavlodar: 88.7% by early Nov 2025).
    stated = mine[mine["indicator"] == "regional_quota_kandas_fulfilment_ytd"]
    if len(stated):
        s = stated.iloc[0]
        whole = year_of_period(s["period"])[1]
        return {
            **row,
            "actual": float(s["value"]),
            "source": s["source_id"],
            "source_url": s["source_url"],
            "origin": "sourced",
            "period": str(s["period"]),
            "note": ("" if whole else "year to date, not the year's final figure; ") + row["note"],
        }
    # Persons included in the quota ÷ the quota, both as one report states them (Atyrau 2025: 103 of 103).
    included = mine[mine["indicator"] == "kandas_included_in_regional_quota"]
    places = mine[mine["indicator"] == "regional_quota_kandas"]
    if len(included) and len(places) and float(places.iloc[0]["value"]) > 0:
        inc, cap = float(included.iloc[0]["value"]), float(places.iloc[0]["value"])
        differs = "" if cap == persons else f"; the national order says {persons:,.0f} places"
        return {
            **row,
            "actual": round(100.0 * inc / cap, 2),
            "source": included.iloc[0]["source_id"],
            "source_url": included.iloc[0]["source_url"],
            "origin": "derived",
            "period": str(included.iloc[0]["period"]),
            "note": f"{inc:,.0f} included of {cap:,.0f} places as the region reports them{differs}",
        }
    return row


def _designated_share_rows(kandas_stats: pd.DataFrame, years: list[int]) -> list:
    rows = []
    for year in years:
        row = _row(DESIGNATED_SHARE, year, target=None)
        resettled = _stat(kandas_stats, _STAT_RESETTLED.format(year=year), str(year))
        granted = _stat(kandas_stats, _STAT_GRANTED, str(year))
        if resettled and granted and granted[0] > 0:
            row.update(
                actual=round(100.0 * resettled[0] / granted[0], 2),
                source=join_ids(resettled[1], granted[1]),
                origin="derived",
                period=str(year),
                note=f"{resettled[0]:,.0f} resettled within the quota of {granted[0]:,.0f} granted kandas status",
            )
        rows.append(row)
    return rows


def _akimat_rows(approved: pd.DataFrame | None, rows: list[dict], years: list[int]) -> list:
    """Rows of approved akimat values of catalogue indicators (per oblast, or national when no KATO).

    A value for a row that already exists (an oblast's quota row) takes that row's target and target
    source, so an oblast's quota keeps its 100% target; otherwise the catalogue's (national) target.
    """
    if approved is None or approved.empty:
        return []
    existing = {(r["indicator"], r["year"], r["scope"]): r for r in rows}
    out = []
    for _, obs in approved.iterrows():
        spec = TARGETS_BY_CODE.get(str(obs["indicator"]))
        year, whole = year_of_period(obs.get("period"))
        endpoint_year = spec.endpoint[0] if spec is not None and spec.endpoint else None
        if spec is None or year is None or (year not in years and year != endpoint_year):
            continue
        kato = obs.get("kato")
        scope = NATIONAL if kato is None or _missing(kato) or str(kato) in ("", "000000000") else str(kato)
        notes = ["" if whole else "part of the year"]
        base = existing.get((spec.code, year, scope))
        if base is None and scope != NATIONAL and spec.yearly:
            notes.append("national target applied to the region")
        out.append(
            _row(
                spec,
                year,
                scope,
                **({"target": base["target"], "target_source": base["target_source"]} if base else {}),
                actual=float(obs["value"]),
                source=str(obs.get("source_id") or ""),
                origin="akimat",
                period=str(obs.get("period")),
                note="; ".join(n for n in notes if n),
            )
        )
    return out


def _prefer_sourced(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per (indicator, year, scope): a sourced or derived actual wins over an akimat one, which
    wins over a row without an actual (the empty row then disappears)."""
    rank = rows["origin"].map({"sourced": 0, "derived": 0, "akimat": 1}).fillna(2)
    rows = rows.assign(_r=rank).sort_values("_r", kind="stable")
    return rows.drop_duplicates(["indicator", "year", "scope"]).drop(columns="_r")


def _stat(kandas_stats: pd.DataFrame, indicator: str, period: str) -> tuple[float, str] | None:
    hit = kandas_stats[
        (kandas_stats["indicator"] == indicator) & (kandas_stats["period_or_date"].astype(str) == period)
    ]
    hit = hit[hit["value_num"].notna()]
    if hit.empty:
        return None
    return float(hit.iloc[0]["value_num"]), str(hit.iloc[0]["source_id"])


def _first_id(source: object) -> str:
    return str(source).split(";")[0].strip() if isinstance(source, str) else ""


def _url_lookup(sources: pd.DataFrame | None) -> dict[str, str]:
    if sources is None or sources.empty:
        return {}
    return {str(i): str(u) for i, u in zip(sources["id"], sources["url"], strict=True) if isinstance(u, str) and u}


def _missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


#: The Concept's employment target is measured by these two akimat outcome indicators
#: (scoring/outcome_indicators.py): employed working-age kandas ÷ working-age kandas × 100.
EMPLOYED_CODE: Final = "kandas_employed_working_age"
WORKING_AGE_CODE: Final = "kandas_working_age"
#: Outcome counts summed over a year's quarters (flows); the two stocks above are summed too, so the
#: rate is the quarters' employed over the quarters' working age (a person-quarter average).
OUTCOME_SUM_CODES: Final = (
    "kandas_families_arrived",
    "kandas_families_in_quota",
    "kandas_working_age",
    "kandas_employed_working_age",
    "kandas_adaptation_served",
)


def outcome_actuals(district_values: pd.DataFrame, districts: pd.DataFrame) -> pd.DataFrame:
    r"""Approved district outcome values summed to oblasts and the country per year, with the employment rate.

    Sums: :math:`S_{o,y,i} = \sum_{d \in o} \sum_{q \in y} v_{d,q,i}` (quarters summed; the national
    row sums every oblast). Employment rate: :math:`100 \cdot S_{employed} / S_{working\,age}`, only
    where both sums exist, the denominator is positive and the rate is at most 100 (an employed count
    above the working-age count is an entry error: no rate, rather than a wrong one).

    Parameters
    ----------
    district_values
        Published (approved or needing no review) akimat observations at district level: ``kato``,
        ``indicator``, ``period`` (an ISO date within the quarter), ``value``, ``source_id``. Only
        :data:`OUTCOME_SUM_CODES` are read; other indicators and missing values are ignored.
    districts
        ``kato``, ``parent_kato`` of the districts (the oblast each district belongs to).

    Returns
    -------
    DataFrame
        ``kato`` (oblast KATO, or None for the country), ``indicator``, ``period`` (the year as text),
        ``value``, ``source_id`` (the sources joined); one row per sum and one ``kandas_employment_rate``
        row where it can be computed — the shape :func:`monitor` takes as ``approved``.
    """
    cols = ["kato", "indicator", "period", "value", "source_id"]
    if district_values is None or district_values.empty:
        return pd.DataFrame(columns=cols)
    obs = district_values[district_values["indicator"].isin(OUTCOME_SUM_CODES) & district_values["value"].notna()]
    obs = obs.assign(year=[year_of_period(p)[0] for p in obs["period"]])
    obs = obs[obs["year"].notna()]
    parent = dict(zip(districts["kato"], districts["parent_kato"], strict=True))
    obs = obs.assign(oblast=obs["kato"].map(parent))
    obs = obs[obs["oblast"].notna()]
    if obs.empty:
        return pd.DataFrame(columns=cols)

    def _sum(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
        return (
            frame.groupby(keys, as_index=False)
            .agg(value=("value", "sum"), source_id=("source_id", lambda s: join_ids(*map(str, s))))
            .rename(columns={"oblast": "kato"})
        )

    by_oblast = _sum(obs, ["oblast", "indicator", "year"])
    national = _sum(obs, ["indicator", "year"]).assign(kato=None)
    sums = pd.concat([by_oblast, national], ignore_index=True)
    rates = []
    for (kato, year), group in sums.groupby([sums["kato"].fillna(NATIONAL), "year"], sort=True):
        got = group.set_index("indicator")
        if EMPLOYED_CODE in got.index and WORKING_AGE_CODE in got.index:
            employed, working = float(got.at[EMPLOYED_CODE, "value"]), float(got.at[WORKING_AGE_CODE, "value"])
            if working > 0 and employed <= working:
                rates.append(
                    {
                        "kato": None if kato == NATIONAL else kato,
                        "indicator": "kandas_employment_rate",
                        "year": year,
                        "value": round(100.0 * employed / working, 2),
                        "source_id": join_ids(
                            got.at[EMPLOYED_CODE, "source_id"], got.at[WORKING_AGE_CODE, "source_id"]
                        ),
                    }
                )
    out = pd.concat([sums, pd.DataFrame(rates, columns=["kato", "indicator", "year", "value", "source_id"])])
    out["period"] = out["year"].astype(int).astype(str)
    return out[cols].reset_index(drop=True)
