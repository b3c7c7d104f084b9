"""Indicators the build computes: one named function per derived indicator of the registry.

Each function's docstring starts with its formula, word for word the registry's ``formula`` (a test
compares them), and returns ``observation`` rows citing ``D:<code>`` and the sources it is computed
from. A unit whose inputs are unknown gets no row: unknown stays missing, never 0.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from data import geometry as geo
from data.build.observations import observation
from scoring.geo import nearest_centres

CITY_100K = 100_000  # "a city of 100k+" (registry: distance_to_city100k_km), BNS 2023 population (S01)
POPULATION_PERIOD = "2023-01-01"  # the BNS bulletin's reference date (S01)
#: price_to_wage pairs the resale price of Dec 2023 (S31) with the average wage of 2022 (S03): the latest
#: complete wage year in stats/oblasts.csv when the price was published.
PRICE_PERIOD, WAGE_PERIOD = "2023-12", "2022"


@dataclass(frozen=True)
class Inputs:
    """What the derived indicators are computed from.

    Parameters
    ----------
    units
        The ``unit`` table (oblasts, districts, settlements).
    settlements
        Settlement points with ``official`` (listed by the BNS 2023 bulletin).
    official
        Observation rows of the sources (:func:`data.build.observations.official_observations`).
    centres
        The ``adaptation_centre`` table.
    quotas
        The ``quota`` table.
    """

    units: pd.DataFrame
    settlements: pd.DataFrame
    official: list[dict]
    centres: pd.DataFrame
    quotas: pd.DataFrame

    @property
    def districts(self) -> pd.DataFrame:
        return self.units[self.units["level"] == "district"].reset_index(drop=True)

    @property
    def oblasts(self) -> pd.DataFrame:
        return self.units[self.units["level"] == "oblast"].set_index("kato")

    def values(self, indicator: str, period: str | None = None) -> dict[str, float]:
        """``{kato: value}`` of one indicator (and period) among the official rows, known values only."""
        return {
            r["kato"]: r["value"]
            for r in self.official
            if r["indicator"] == indicator and (period is None or r["period"] == period) and r["value"] is not None
        }


def _rows(
    code: str, katos: pd.Series, values: pd.Series | np.ndarray, period: str, sources: str, note: str | None = None
) -> list[dict]:
    return [
        observation(k, code, v, period, f"D:{code};{sources}", note=note)
        for k, v in zip(katos, values, strict=True)
        if pd.notna(v)
    ]


def rural_share_pct(x: Inputs) -> list[dict]:
    """pop_rural_2023 / pop_2023 * 100"""
    d = x.districts[x.districts["population"] > 0]
    return _rows("rural_share_pct", d["kato"], d["pop_rural"] / d["population"] * 100, POPULATION_PERIOD, "S01")


def density_per_km2(x: Inputs) -> list[dict]:
    """pop_2023 / area_km2"""
    d = x.districts[(x.districts["population"] > 0) & (x.districts["area_km2"] > 0)]
    return _rows("density_per_km2", d["kato"], d["population"] / d["area_km2"], POPULATION_PERIOD, "S01;GEOKZ")


def official_settlements(x: Inputs) -> list[dict]:
    """count(BNS-listed settlements of the district)"""
    off = x.settlements[x.settlements["official"]]
    counts = off.groupby(off["bns_district_kato"].fillna(off["parent_kato"])).size()
    d = x.districts
    # a district the bulletin lists no settlement for (city districts, units created after 2023) is unknown
    return _rows("official_settlements", d["kato"], d["kato"].map(counts), POPULATION_PERIOD, "BNS2023")


def distance_to_city100k_km(x: Inputs) -> list[dict]:
    """geodesic(centre, nearest city with population >= 100000)"""
    d = x.districts[x.districts["lat"].notna()]
    off = x.settlements[x.settlements["official"]]
    cities = off[(off["population"] >= CITY_100K) & off["lat"].notna()]
    km = geo.nearest_km(d["lon"], d["lat"], cities["lon"].values, cities["lat"].values)
    return _rows("distance_to_city100k_km", d["kato"], km, POPULATION_PERIOD, "BNS2023;WOF")


def distance_to_oblast_centre_km(x: Inputs) -> list[dict]:
    """geodesic(district centre, oblast centre)"""
    d = x.districts[x.districts["lat"].notna()]
    ob = x.oblasts.loc[d["parent_kato"]]
    km = geo.geodesic_km(d["lon"].values, d["lat"].values, ob["lon"].values, ob["lat"].values)
    return _rows("distance_to_oblast_centre_km", d["kato"], km, "2024", "GEOKZ;S21")


def distance_to_adaptation_centre_km(x: Inputs) -> list[dict]:
    """geodesic(centre, nearest adaptation_centre)"""
    located = x.centres[x.centres["lat"].notna()]
    dated = located["reported"].dropna()
    if located.empty or dated.empty:
        return []  # no dated list of centres: the period would be invented, so the indicator stays missing
    period = max(dated)
    undated = located.loc[located["reported"].isna(), "city"].tolist()
    note = f"centres as reported by {period}" + (f"; report undated for {', '.join(undated)}" if undated else "")
    d = x.districts[x.districts["lat"].notna()]
    km = nearest_centres(d["lat"], d["lon"], located)["distance_km"].to_numpy()
    sources = ";".join(sorted(set(";".join(located["source_id"]).split(";"))))
    return _rows("distance_to_adaptation_centre_km", d["kato"], km, period, sources, note)


def rural_vacancies_per_1000(x: Inputs) -> list[dict]:
    """rural_vacancies / pop_rural_2023 * 1000"""
    rural = x.districts.set_index("kato")["pop_rural"]
    rows = []
    for r in x.official:
        if r["indicator"] != "rural_vacancies" or r["value"] is None:
            continue
        people = rural.get(r["kato"])
        if pd.notna(people) and people > 0:
            rows += _rows("rural_vacancies_per_1000", [r["kato"]], [r["value"] / people * 1000], r["period"], "S38;S01")
    return rows


def price_to_wage(x: Inputs) -> list[dict]:
    """housing_price_m2 / avg_wage (same oblast, nearest periods)"""
    price, wage = x.values("housing_price_m2", PRICE_PERIOD), x.values("avg_wage", WAGE_PERIOD)
    katos = [k for k in x.oblasts.index if k in price and wage.get(k)]
    note = "price Dec 2023 / average wage 2022 (latest complete wage year)"
    return _rows("price_to_wage", katos, [price[k] / wage[k] for k in katos], PRICE_PERIOD, "S31;S03", note)


def doctors_per_10k(x: Inputs) -> list[dict]:
    """doctors_total / pop_2023 * 10000"""
    doctors = {(r["kato"], r["period"]): r for r in x.official if r["indicator"] == "doctors_total"}
    pop = x.oblasts["population"]
    rows = []
    for (kato, period), r in doctors.items():
        if r["value"] is not None and kato in pop.index and pop[kato] > 0:
            note = f"doctors at end-{period} / population 1 Jan 2023"
            rows += _rows("doctors_per_10k", [kato], [r["value"] / pop[kato] * 1e4], period, "S32;S01", note)
    return rows


def population_change_pct(x: Inputs) -> list[dict]:
    """(pop_2023 - pop_2022) / pop_2022 * 100, both from S35"""
    # S35 is one revised BNS table; its 1 Jan 2023 values differ from the S01 bulletin by a few persons, so the
    # change is taken as published there (stats/indicators_extra.csv), not recomputed against S01.
    published = [r for r in x.official if r["indicator"] == "population_change_pct"]
    return [
        {**r, "source_id": f"D:population_change_pct;{r['source_id']}"} for r in published if r["value"] is not None
    ]


def kandas_quota_per_100k(x: Inputs) -> list[dict]:
    """kandas_quota / pop_2023 * 100000"""
    q = x.quotas[x.quotas["preferred"] & (x.quotas["category"] == "kandas")]
    national, regional = q[q["oblast_kato"].isna()], q[q["oblast_kato"].notna()]
    pop = x.oblasts["population"]
    rows = []
    for year, part in regional.groupby("year"):
        total = national.loc[national["year"] == year, "persons"]
        if total.empty or part["persons"].sum() != total.iloc[0]:
            continue  # a split that does not add up to the order's total would turn unknowns into zeros
        by_ob = part.set_index("oblast_kato")["persons"]
        src = ";".join(sorted(set(part["source_id"])))
        for kato in pop.index:  # the split is complete: an oblast the order does not list has quota 0
            note = None if kato in by_ob.index else "no quota in the order (split adds up to total)"
            rows += _rows(
                "kandas_quota_per_100k", [kato], [by_ob.get(kato, 0) / pop[kato] * 1e5], str(year), f"{src};S01", note
            )
    return rows


#: Registry code → the function computing it; a test checks it covers every derived indicator exactly once.
DERIVED: dict[str, Callable[[Inputs], list[dict]]] = {
    f.__name__: f
    for f in (
        rural_vacancies_per_1000,
        population_change_pct,
        distance_to_city100k_km,
        price_to_wage,
        distance_to_adaptation_centre_km,
        doctors_per_10k,
        distance_to_oblast_centre_km,
        kandas_quota_per_100k,
        rural_share_pct,
        density_per_km2,
        official_settlements,
    )
}


def formula(function: Callable) -> str:
    """The formula a derived function declares: the first line of its docstring."""
    return (function.__doc__ or "").strip().splitlines()[0]


def derived_observations(x: Inputs) -> list[dict]:
    """Every derived indicator's rows, in registry order of :data:`DERIVED`."""
    return [row for compute in DERIVED.values() for row in compute(x)]
