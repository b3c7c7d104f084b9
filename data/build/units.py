"""Units of the map (oblasts, districts, settlements), their centres and the geometry glue of the build."""

from __future__ import annotations

import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from data import geometry as geo
from data.errors import ValidationError
from data.raw import GEO, STATS, check_kato, read_csv, to_number

#: ``TYPE_CNT1`` of geokz's ``kaz_admbnda_cnt1_2022`` centre points (S04, geo/SOURCES.md), as its 21 features
#: use it: 1 the capital (Astana), 2 a city of republican significance (Almaty, Shymkent), 3 an oblast's
#: administrative centre, 4 Baikonur (KZ-BAY, leased to Russia; it lies in Kyzylorda oblast, KATO 43, but is
#: not its centre). Only types 1–3 are the centre of a first-level unit.
OBLAST_CENTRE_TYPES = frozenset({1, 2, 3})
#: The first-level units that are cities (types 1 and 2 above): their districts take the city's point
#: when they have no polygon of their own.
CITY_TYPES = frozenset({1, 2})
POPULATION_DATE = pd.Timestamp("2023-01-01")  # the BNS bulletin's reference date (S01)
_SUFFIX_RE = re.compile(r"\s+(қаласы|қ\.ә\.|қ\.|а\.|к\.|с\.|ауылы|кенті)$")


def oblast_kato(kato2: str) -> str:
    """The 9-digit KATO code of an oblast from its 2-digit prefix: ``'10'`` → ``'100000000'``."""
    return f"{kato2}0000000"


def _centre_key(name: str) -> str:
    return _SUFFIX_RE.sub("", str(name).strip()).lower()


def load_oblasts(raw: Path) -> pd.DataFrame:
    """``stats/oblasts.csv``: the 20 first-level units with their 2023 populations."""
    rel = f"{STATS}/oblasts.csv"
    f = read_csv(raw, rel, required=("kato2", "kato9", "name_kk", "name_ru", "name_en", "pop_2023_01_01"))
    check_kato(f, "kato9", rel)
    for col in ("pop_2023_01_01", "pop_2023_urban", "pop_2023_rural"):
        f[col] = to_number(f, col, rel, integer=True)
    return f


def load_districts(raw: Path, oblasts: pd.DataFrame) -> pd.DataFrame:
    """``stats/districts.csv``: second-level units, each inside a known oblast, KATO codes unique."""
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
    f["created_after_2023"] = f.get("created_after_2023", pd.Series(index=f.index, dtype=object)).eq("yes")
    return f


def load_settlements(raw: Path) -> pd.DataFrame:
    """``geo/settlements.csv``: settlement points; ``official`` when the BNS 2023 bulletin lists their population."""
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
    """A GeoJSON layer of ``data/raw`` with a 9-digit ``KATO`` on every feature and no empty geometry."""
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


def oblast_centres(points: gpd.GeoDataFrame, *, types: frozenset[int] = OBLAST_CENTRE_TYPES) -> dict[str, tuple]:
    """``{kato2: (lat, lon)}`` of each first-level unit's centre, from the geokz centre points.

    Only points of the given ``TYPE_CNT1`` count (see :data:`OBLAST_CENTRE_TYPES`): Baikonur shares
    Kyzylorda's KATO prefix 43 and must not be taken for its centre. Two centres of one unit are an error.
    """
    kinds = points["TYPE_CNT1"] if "TYPE_CNT1" in points else pd.Series(3, index=points.index)
    out: dict[str, tuple] = {}
    for line, kato, kind, pt in zip(points["_line"], points["KATO"], kinds, points.geometry, strict=True):
        if int(kind) not in types:
            continue
        if kato[:2] in out:
            raise ValidationError(
                "second centre for oblast {value}",
                file=f"{GEO}/oblast_centres_2022.geojson",
                row=int(line),
                column="KATO",
                value=kato[:2],
            )
        out[kato[:2]] = (pt.y, pt.x)
    return out


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


def geometry_rows(geoms: pd.DataFrame) -> pd.DataFrame:
    """The ``geometry`` table: full and simplified polygons as WKB."""
    return pd.DataFrame(
        {
            "kato": geoms["kato"],
            "level": geoms["level"],
            "wkb_full": shapely.to_wkb(geoms["geom_full"].values),
            "wkb_simplified": shapely.to_wkb(geoms["geom_simplified"].values),
        }
    )


def geojson_rows(geoms: pd.DataFrame) -> pd.DataFrame:
    """The ``geojson_cache`` table: ready-to-send GeoJSON text per level and variant."""
    rows = []
    for level in ("district", "oblast"):
        part = geoms[geoms["level"] == level]
        for variant, col in (("simplified", "geom_simplified"), ("full", "geom_full")):
            rows.append(
                {"level": level, "variant": variant, "text": geo.to_geojson_text(list(part["kato"]), part[col].values)}
            )
    return pd.DataFrame(rows)


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
    cities = oblast_centres(oblast_points, types=CITY_TYPES)
    out = []
    for kato, centre in zip(districts["kato"], districts["admin_centre_kk"], strict=True):
        hit = by_key.get((kato, _centre_key(centre))) if isinstance(centre, str) else None
        if hit:
            out.append((kato, *hit, "BNS-listed centre settlement (coordinates: GeoNames)"))
        elif kato in polys.index:
            pt = polys[kato].representative_point()
            out.append((kato, pt.y, pt.x, "point inside the district polygon (centre not located)"))
        elif kato[:2] in cities:
            out.append((kato, *cities[kato[:2]], "centre of its city (district has no polygon)"))
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
    """The ``unit`` table: oblasts, districts and settlements with centre, population and area."""
    pts = oblast_centres(oblast_points)
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
            "pop_date": POPULATION_DATE,
            "pop_source": "S01",
            "area_km2": [area.get(k + "oblast") for k in oblasts["kato9"]],
            "has_geometry": [k in with_geom for k in oblasts["kato9"]],
            "note": None,
        }
    )
    centres = district_centres(districts, settlements, geoms, oblast_points).set_index("kato")
    has_pop = districts["pop_2023_01_01"].notna()
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
            "pop_date": np.where(has_pop, POPULATION_DATE, pd.NaT),
            "pop_source": np.where(has_pop, "S01", None),
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
            "pop_date": np.where(settlements["official"], POPULATION_DATE, pd.NaT),
            "pop_source": np.where(settlements["official"], "BNS2023", None),
            "area_km2": np.nan,
            "has_geometry": False,
            "note": settlements["match_note"],
        }
    )
    return pd.concat([ob, di, st], ignore_index=True)


def settlement_detail(settlements: pd.DataFrame) -> pd.DataFrame:
    """The ``settlement_detail`` table: what the settlement points carry beyond the unit row."""
    return pd.DataFrame(
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
