"""Where kandas settled beside the zones, and the source-id strings the monitoring rows carry.

Pure (no Streamlit, no DuckDB, no IO). Arrivals are reported by oblast (and for a few places by
district); :func:`settlement_vs_zones` sets each oblast's share of new kandas beside its zone mix
and :func:`zones_headline` states the share that went to zones I–II, with the method spelled out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd


def compact_ids(ids: Iterable[str]) -> str:
    """Source ids written once each, rows of one file merged: ``f.csv#36``, ``f.csv#37`` → ``f.csv#36,37``."""
    files: dict[str, list[str]] = {}
    for full in join_ids(*[str(i) for i in ids]).split(";"):
        if not full:
            continue
        stem, _sep, line = full.partition("#")
        files.setdefault(stem, [])
        if line:
            files[stem].append(line)
    parts = []
    for stem, lines in files.items():
        ordered = sorted(lines, key=lambda n: (len(n), n))
        parts.append(f"{stem}#{','.join(ordered)}" if ordered else stem)
    return "; ".join(parts)


def join_ids(*ids: str) -> str:
    """Source ids joined with ``;``, each once, in first-seen order."""
    seen: list[str] = []
    for part in ";".join(ids).split(";"):
        if part and part not in seen:
            seen.append(part)
    return ";".join(seen)


#: Zones counted as "zones I–II" (the best two quartiles of the map).
TOP_ZONES: Final = ("I", "II")
ZONE_COLUMNS: Final = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class ZoneHeadline:
    """The headline share of new kandas that went to zones I–II and how it was attributed.

    Attributes
    ----------
    share_top_zones_pct
        Percent of all new kandas of the period attributed to zones I–II (NaN without data).
    attributed_pct
        Percent of all new kandas whose oblast the source names (the rest cannot be placed at all).
    period, source
        The period of the settlement figures and their source ids.
    method
        ``'oblast_majority'``: an oblast's arrivals count as zones I–II when most of its population
        lives in districts of zones I–II (no district breakdown of the arrivals exists).
    """

    share_top_zones_pct: float
    attributed_pct: float
    period: str
    source: str
    method: str = "oblast_majority"


def zone_mix(zones_by_district: pd.DataFrame) -> pd.DataFrame:
    """Per oblast, the percent of its population living in districts of each zone.

    ``zones_by_district`` has ``kato``, ``parent_kato``, ``zone`` and ``population``; districts without
    a population count once each (weight 1) only when the whole oblast lacks populations. Returns
    ``oblast_kato``, ``I`` … ``IV``, ``other`` (insufficient data / ineligible), ``top_zones_pct``
    (I + II) and ``mostly_top_zones`` (top_zones_pct > 50).

    Share of zone z in oblast o: :math:`100 \\sum_{d \\in o, zone(d)=z} pop_d / \\sum_{d \\in o} pop_d`.
    """
    frame = zones_by_district[["parent_kato", "zone", "population"]].copy()
    frame["population"] = pd.to_numeric(frame["population"], errors="coerce")
    no_pop = frame.groupby("parent_kato")["population"].transform(lambda s: s.isna().all())
    frame["weight"] = np.where(no_pop, 1.0, frame["population"].fillna(0.0))
    frame["zone"] = frame["zone"].where(frame["zone"].isin(ZONE_COLUMNS), "other")
    pivot = frame.pivot_table(index="parent_kato", columns="zone", values="weight", aggfunc="sum", fill_value=0.0)
    for column in (*ZONE_COLUMNS, "other"):
        if column not in pivot:
            pivot[column] = 0.0
    total = pivot[[*ZONE_COLUMNS, "other"]].sum(axis=1).replace(0.0, np.nan)
    mix = pivot[[*ZONE_COLUMNS, "other"]].div(total, axis=0).mul(100.0)
    mix["top_zones_pct"] = mix[list(TOP_ZONES)].sum(axis=1)
    mix["mostly_top_zones"] = mix["top_zones_pct"] > 50.0
    return mix.reset_index(names="oblast_kato").rename_axis(columns=None)


def settlement_vs_zones(kandas_by_oblast: pd.DataFrame, zones_by_district: pd.DataFrame) -> pd.DataFrame:
    """New kandas by oblast beside each oblast's zone mix.

    Parameters
    ----------
    kandas_by_oblast
        ``oblast_kato``, ``share_pct`` (percent of all new kandas of the period), ``period``,
        ``source_id``, ``source_url``; optionally ``total`` (the national count the shares are of).
    zones_by_district
        ``kato``, ``parent_kato``, ``zone``, ``population`` (the scored map's districts).

    Returns
    -------
    DataFrame
        One row per oblast that has districts: ``oblast_kato``, ``share_pct`` (NaN when the source does
        not name the oblast), ``period``, ``source_id``, ``source_url``, ``I`` … ``IV``, ``other``,
        ``top_zones_pct``, ``mostly_top_zones``; sorted by ``share_pct`` (largest first).
    """
    mix = zone_mix(zones_by_district)
    keep = [
        c for c in ("oblast_kato", "share_pct", "period", "source_id", "source_url", "total") if c in kandas_by_oblast
    ]
    out = mix.merge(kandas_by_oblast[keep], on="oblast_kato", how="left")
    return out.sort_values(["share_pct", "oblast_kato"], ascending=[False, True], na_position="last").reset_index(
        drop=True
    )


def zones_headline(frame: pd.DataFrame) -> ZoneHeadline:
    """Share of all new kandas attributed to zones I–II by the oblast-majority method.

    :math:`H = \\sum_{o: top(o) > 50\\%} share_o`, where share_o is the oblast's percent of all new kandas
    and top(o) the percent of its population in zone I–II districts. Oblasts the source does not name
    contribute nothing; ``attributed_pct`` = Σ share_o says how much of the total the sum can speak for.
    """
    named = frame[frame["share_pct"].notna()]
    if named.empty:
        return ZoneHeadline(float("nan"), float("nan"), "", "")
    top = float(named.loc[named["mostly_top_zones"].astype(bool), "share_pct"].sum())
    period = ", ".join(sorted({str(p) for p in named["period"].dropna()}))
    source = compact_ids(named["source_id"].dropna())
    return ZoneHeadline(round(top, 1), round(float(named["share_pct"].sum()), 1), period, source)


def latest_oblast_shares(settlement: pd.DataFrame) -> pd.DataFrame:
    """The newest MTSZN series of shares of new kandas by oblast (one period, never mixed).

    Reads the ``share_of_new_kandas_settled_ytd`` rows of the settlement table and keeps the period
    with the latest end date. Returns ``oblast_kato``, ``share_pct``, ``period``, ``source_id``,
    ``source_url``, ``total`` (the national count the shares are of, from the unit text).
    """
    cols = ["oblast_kato", "share_pct", "period", "source_id", "source_url", "total"]
    if settlement is None or settlement.empty:
        return pd.DataFrame(columns=cols)
    rows = settlement[
        (settlement["indicator"] == "share_of_new_kandas_settled_ytd") & settlement["oblast_kato"].notna()
    ]
    if rows.empty:
        return pd.DataFrame(columns=cols)
    latest = max(rows["period"].astype(str), key=lambda p: re.findall(r"\d{4}-\d{2}(?:-\d{2})?", p)[-1:] or [p])
    rows = rows[rows["period"].astype(str) == latest]
    total = rows["unit"].astype(str).str.extract(r"of\s+(\d+)")[0].astype(float)
    return pd.DataFrame(
        {
            "oblast_kato": rows["oblast_kato"].astype(str).to_numpy(),
            "share_pct": pd.to_numeric(rows["value"], errors="coerce").to_numpy(),
            "period": latest,
            "source_id": rows["source_id"].to_numpy(),
            "source_url": rows["source_url"].to_numpy(),
            "total": total.to_numpy(),
        }
    )


def district_zone_shares(settlement: pd.DataFrame, zones_by_district: pd.DataFrame) -> pd.DataFrame:
    """Where a report gives settlement by district: how much of it went to districts of zones I–II.

    Groups the rows that name a district (``district_kato``) by oblast, indicator, period and unit, and
    sums the numeric values: :math:`share = 100 \\sum_{d: zone(d) \\in \\{I, II\\}} v_d / \\sum_d v_d`.
    Zones are today's (the published profile), the arrivals may be older.

    Returns
    -------
    DataFrame
        ``oblast_kato``, ``indicator``, ``period``, ``unit``, ``districts`` (how many named),
        ``reported`` (sum over the named districts), ``top_zones`` (sum in zones I–II), ``share_pct``,
        ``source_id``, ``source_url``. Empty when no row names a district.
    """
    cols = ["oblast_kato", "indicator", "period", "unit", "districts", "reported", "top_zones", "share_pct"]
    cols += ["source_id", "source_url"]
    if settlement is None or settlement.empty or "district_kato" not in settlement:
        return pd.DataFrame(columns=cols)
    rows = settlement[settlement["district_kato"].notna()].copy()
    rows["v"] = pd.to_numeric(rows["value"], errors="coerce")
    rows = rows[rows["v"].notna()]
    if rows.empty:
        return pd.DataFrame(columns=cols)
    zone = dict(zip(zones_by_district["kato"].astype(str), zones_by_district["zone"], strict=True))
    rows["top"] = [
        v if zone.get(str(k)) in TOP_ZONES else 0.0 for k, v in zip(rows["district_kato"], rows["v"], strict=True)
    ]
    out = (
        rows.groupby(["oblast_kato", "indicator", "period", "unit"], sort=False)
        .agg(
            districts=("district_kato", "nunique"),
            reported=("v", "sum"),
            top_zones=("top", "sum"),
            source_id=("source_id", lambda s: compact_ids(s)),
            source_url=("source_url", "first"),
        )
        .reset_index()
    )
    out["share_pct"] = (100.0 * out["top_zones"] / out["reported"].where(out["reported"] > 0)).round(1)
    return out[cols]
