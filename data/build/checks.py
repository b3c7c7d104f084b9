"""Checks of the build: populations add up, every value has a known source, boundary keys join, keys unique."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from data.build.table import Loaded
from data.errors import ValidationError
from data.raw import GEO, STATS

NATIONAL_POPULATION_2023 = 19_765_004  # BNS bulletin 1 Jan 2023 (S01); the build checks the sum against it


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


def check_sources(tables: dict[str, Loaded], sources: pd.DataFrame) -> None:
    """Every ``source_id`` (``;``-separated ids allowed) names a source of the registry."""
    known = set(sources["id"])
    for name, loaded in tables.items():
        where = loaded.file or name
        for i, ids in enumerate(loaded.table["source_id"]):
            if not isinstance(ids, str) or not ids.strip():
                raise ValidationError("value has no source", file=where, row=loaded.line(i), column="source_id")
            for sid in ids.split(";"):
                if sid.strip() not in known:
                    raise ValidationError(
                        "unknown source {value}", file=where, row=loaded.line(i), column="source_id", value=sid
                    )


def check_geometry_keys(districts: pd.DataFrame, districts_geo: gpd.GeoDataFrame) -> None:
    """Every district boundary has a row in districts.csv."""
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


def check_observations(obs: pd.DataFrame, units: pd.DataFrame) -> None:
    """Every observation is of a known unit, and each ``(kato, indicator, period)`` has one value."""
    unknown = set(obs["kato"]) - set(units["kato"])
    if unknown:
        raise ValidationError(
            "observation for unknown unit {value}", file="observations", column="kato", value=sorted(unknown)[0]
        )
    dup = obs.duplicated(["kato", "indicator", "period"])
    if dup.any():
        r = obs[dup].iloc[0]
        raise ValidationError(
            "two values for {value}", file="observations", column="period", value=f"{r.kato}/{r.indicator}/{r.period}"
        )
