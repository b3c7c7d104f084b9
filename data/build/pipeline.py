"""The build's steps, in order: load and check the sources, compute observations, write atomically."""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import geopandas as gpd
import pandas as pd

from data.build import checks, derived, policy, programmes, reported, units
from data.build.observations import official_observations
from data.build.sources import load_sources
from data.build.table import Loaded
from data.raw import GEO, RAW_DIR
from data.store import BUILD_USER, default_db_path, write_tables
from data.store.connection import publish, write_lock
from scoring.registry import INDICATORS

SCHEMA = Path(__file__).resolve().parents[1] / "schema.sql"


@dataclass(frozen=True)
class Base:
    """The units of the map and their geometry, checked."""

    oblasts: pd.DataFrame
    districts: pd.DataFrame
    settlements: pd.DataFrame
    oblast_points: gpd.GeoDataFrame
    geoms: pd.DataFrame
    geometry_report: dict
    units: pd.DataFrame


def load_base(raw: Path) -> Base:
    """Oblasts, districts, settlements and boundaries; populations add up and boundary keys join."""
    oblasts = units.load_oblasts(raw)
    districts = units.load_districts(raw, oblasts)
    checks.check_population(oblasts, districts)
    settlements = units.load_settlements(raw)
    districts_geo = units.load_boundaries(raw, f"{GEO}/districts_2024.geojson")
    oblasts_geo = units.load_boundaries(raw, f"{GEO}/oblasts_2024.geojson")
    oblast_points = units.load_boundaries(raw, f"{GEO}/oblast_centres_2022.geojson")
    checks.check_geometry_keys(districts, districts_geo)
    geoms, report = units.build_geometry(districts_geo, oblasts_geo)
    table = units.build_units(oblasts, districts, settlements, geoms, oblast_points)
    return Base(oblasts, districts, settlements, oblast_points, geoms, report, table)


def load_tables(raw: Path, base: Base) -> dict[str, Loaded]:
    """Every table read from the policy, programme and reported files, by database table name."""
    p = policy.read_policy(raw)
    return {
        "quota": policy.load_quotas(p),
        "designated_region": policy.load_designated_regions(p, base.oblasts),
        "support_measure": policy.load_support_measures(p),
        "mci": policy.load_mci(raw),
        "adaptation_centre": reported.load_adaptation_centres(raw, units.oblast_centres(base.oblast_points)),
        "business_programme": programmes.load_business_programmes(raw),
        "priority_sector": programmes.load_priority_sectors(raw),
        "how_to_apply": programmes.load_how_to_apply(raw),
        "kandas_stat": reported.load_kandas_stats(raw),
        "housing_price_point": reported.load_housing_price_points(raw),
        **{name: reported.load_reported_outcome(raw, name) for name in reported.OUTCOME_FILES},
    }


def observations(raw: Path, base: Base, tables: dict[str, Loaded], now: datetime) -> pd.DataFrame:
    """Official, policy and derived observations, checked, stamped as written by the build."""
    official = official_observations(raw, base.oblasts, base.districts)
    inputs = derived.Inputs(
        units=base.units,
        settlements=base.settlements,
        official=official,
        centres=tables["adaptation_centre"].table,
        quotas=tables["quota"].table,
    )
    rows = (
        [r for r in official if r["indicator"] not in derived.DERIVED]  # inputs of a derived function, not stored twice
        + derived.derived_observations(inputs)
        + policy.designated_region_observations(
            tables["designated_region"].table, list(base.units.loc[base.units["level"] == "oblast", "kato"])
        )
    )
    obs = pd.DataFrame(rows)
    checks.check_observations(obs, base.units)
    return obs.assign(status="published", entered_by=BUILD_USER, entered_at=now, version=1, batch_id="build")


def data_version(raw: Path) -> str:
    """SHA-256 (first 12 hex digits) of every vendored file, in path order."""
    digest = hashlib.sha256()
    for path in sorted(p for p in raw.rglob("*") if p.is_file()):
        digest.update(path.relative_to(raw).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def indicator_rows() -> pd.DataFrame:
    """The ``indicator`` table, from the registry."""
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
                "plausible_min": i.plausible[0] if i.plausible else None,
                "plausible_max": i.plausible[1] if i.plausible else None,
                "approval_required": False,
            }
            for i in INDICATORS
        ]
    )


def write(out: Path, frames: dict[str, pd.DataFrame], *, keep_staff_data: bool) -> dict:
    """Write ``frames`` to a temporary file beside ``out``, carry staff data over, then rename it over ``out``.

    All of it under ``out``'s write lock (the store's writers wait, readers keep reading the last
    snapshot), and the new file is then published as the current snapshot. The old file's
    write-ahead log is merged when the store closes it; a ``.wal`` left beside ``out`` after that
    belongs to no open database and would corrupt the new file, so it is removed.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f"{out.name}.tmp-{os.getpid()}")
    with write_lock(out):
        tmp.unlink(missing_ok=True)
        try:
            staff = write_tables(
                tmp, SCHEMA.read_text(encoding="utf-8"), frames, previous=out, keep_staff_data=keep_staff_data
            )
            Path(f"{out}.wal").unlink(missing_ok=True)
            os.replace(tmp, out)
        finally:
            tmp.unlink(missing_ok=True)
            Path(f"{tmp}.wal").unlink(missing_ok=True)
        publish(out)
    return staff


def database_tables(
    base: Base, tables: dict[str, Loaded], sources: pd.DataFrame, obs: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """Every table the build writes (but ``meta``), in writing order."""
    return {
        "source": sources,
        "unit": base.units,
        "settlement_detail": units.settlement_detail(base.settlements),
        "geometry": units.geometry_rows(base.geoms),
        "geojson_cache": units.geojson_rows(base.geoms),
        "indicator": indicator_rows(),
        "observation": obs,
        **{name: loaded.table for name, loaded in tables.items()},
    }


def build_meta(raw: Path, base: Base, frames: dict[str, pd.DataFrame], now: datetime, started: float) -> dict:
    """The ``meta`` rows: when, from which data version, how long, and a summary of what was built."""
    summary = {
        "units": base.units["level"].value_counts().to_dict(),
        "observations": len(frames["observation"]),
        "sources": len(frames["source"]),
        "geometry": base.geometry_report,
        "geojson_bytes": {f"{r.level}/{r.variant}": len(r.text.encode()) for r in frames["geojson_cache"].itertuples()},
    }
    return {
        "built_at": now.isoformat(timespec="seconds"),
        "data_version": data_version(raw),
        "build_seconds": f"{time.perf_counter() - started:.1f}",
        "summary": json.dumps(summary),
    }


def build(raw: Path = RAW_DIR, out: Path | None = None, *, keep_staff_data: bool = True) -> dict:
    """Build the database at ``out`` from ``raw``; return a summary.

    Staff data of an existing ``out`` (users, audit, akimat values, profiles, settings …) is carried
    into the new file unless ``keep_staff_data`` is False. Raises :class:`data.errors.ValidationError`
    on bad input and :class:`data.store.StoreError` when ``out`` is held or unreadable; ``out`` is then
    left as it was.
    """
    started = time.perf_counter()
    out = Path(out or default_db_path())
    now = datetime.now(UTC).replace(tzinfo=None)
    sources = load_sources(raw)
    base = load_base(raw)
    tables = load_tables(raw, base)
    obs = observations(raw, base, tables, now)
    checks.check_sources({"observations": Loaded(obs), **tables}, sources)
    frames = database_tables(base, tables, sources, obs)
    meta = build_meta(raw, base, frames, now, started)
    frames = {"meta": pd.DataFrame(list(meta.items()), columns=["key", "value"]), **frames}
    staff = write(out, frames, keep_staff_data=keep_staff_data)
    summary = json.loads(meta["summary"])
    summary.update(staff_data=staff, seconds=round(time.perf_counter() - started, 1), path=str(out))
    summary["bytes"] = out.stat().st_size
    return summary
