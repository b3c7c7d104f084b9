"""Official (and reported) observations: the values the sources publish, one row per unit, indicator and period."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from data.errors import ValidationError
from data.raw import STATS, check_kato, period_end, read_csv, split_period, to_number
from scoring.registry import BY_CODE

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
EXTRA_CODES = {  # indicators_extra.csv indicator → registry code; None: computed by the build instead
    "grp_per_capita": "grp_per_capita",
    "household_cash_expenditure_per_capita_month": "household_expenditure",
    "housing_price_new_kzt_m2": "housing_price_new_m2",
    "housing_price_resale_kzt_m2": "housing_price_m2",
    "housing_rent_kzt_m2_month": "housing_rent_m2",
    "doctors_total": "doctors_total",
    "doctors_per_10k_pop": None,  # derived.doctors_per_10k computes it from doctors_total and S01
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
#: ``observation.origin`` of each registry supplier (the schema's CHECK lists the same words).
ORIGIN_OF_SUPPLIER = {
    "official": "official",
    "akimat": "akimat",
    "derived": "derived",
    "policy": "policy",
    "reported": "reported",
}
NEW_DISTRICT_NOTE = (
    "unit created after 1 Jan 2023: the BNS 2023 bulletin (S01) counts its people inside the unit(s) it was "
    "made from, so its own population is unknown"
)


def observation(
    kato: str,
    indicator: str,
    value: float | None,
    period: str,
    source_id: str,
    *,
    origin: str | None = None,
    note: str | None = None,
) -> dict:
    """One ``observation`` row; ``value=None`` records a known gap (the note says why)."""
    supplier = BY_CODE[indicator].supplier if indicator in BY_CODE else "official"
    return {
        "kato": kato,
        "indicator": indicator,
        "value": None if value is None or pd.isna(value) else float(value),
        "period": period,
        "period_end": period_end(period),
        "source_id": source_id,
        "origin": origin or ORIGIN_OF_SUPPLIER[supplier],
        "note": note,
    }


def oblast_observations(oblasts: pd.DataFrame) -> list[dict]:
    """The statistics columns of ``stats/oblasts.csv`` (see :data:`OBLAST_COLUMNS`)."""
    rel = f"{STATS}/oblasts.csv"
    rows: list[dict] = []
    for col, (code, period, src) in OBLAST_COLUMNS.items():
        values = to_number(oblasts, col, rel)
        rows += [
            observation(k, code, v, period, src) for k, v in zip(oblasts["kato9"], values, strict=True) if pd.notna(v)
        ]
    return rows


def district_population(districts: pd.DataFrame) -> list[dict]:
    """Population on 1 Jan 2023 (S01) of each district; a known gap for units created after that date.

    The gap is stored (value missing, with the reason) so that the district does not inherit its
    oblast's population as if it were its own.
    """
    rows = [
        observation(k, "population", v, "2023-01-01", "S01")
        for k, v in zip(districts["kato"], districts["pop_2023_01_01"], strict=True)
        if pd.notna(v)
    ]
    new = districts[districts["pop_2023_01_01"].isna() & districts["created_after_2023"]]
    rows += [observation(k, "population", None, "2023-01-01", "S01", note=NEW_DISTRICT_NOTE) for k in new["kato"]]
    return rows


def extra_observations(raw: Path) -> list[dict]:
    """``stats/indicators_extra.csv``: long-format values of several sources (see :data:`EXTRA_CODES`)."""
    rel = f"{STATS}/indicators_extra.csv"
    extra = read_csv(raw, rel, required=("kato", "level", "indicator", "value", "period", "source_id"))
    check_kato(extra, "kato", rel)
    extra["value"] = to_number(extra, "value", rel)
    rows: list[dict] = []
    for line, row in zip(extra["_line"], extra.itertuples(index=False), strict=True):
        if row.indicator not in EXTRA_CODES:
            raise ValidationError(
                "unknown indicator {value}", file=rel, row=int(line), column="indicator", value=row.indicator
            )
        code = EXTRA_CODES[row.indicator]
        if code is None:
            continue
        label, bracket = split_period(row.period)
        note = "; ".join(x for x in (bracket, row.note) if isinstance(x, str)) or None
        try:
            rows.append(observation(row.kato, code, row.value, label, row.source_id, note=note))
        except ValueError as exc:
            raise ValidationError(
                "unreadable period {value}", file=rel, row=int(line), column="period", value=row.period
            ) from exc
    return rows


def population_series(raw: Path) -> list[dict]:
    """``stats/district_population_series.csv``: censuses and later counts (the S01 rows come from districts.csv)."""
    rel = f"{STATS}/district_population_series.csv"
    series = read_csv(raw, rel, required=("kato", "year", "population", "source_id", "ref_date"))
    check_kato(series, "kato", rel)
    series["population"] = to_number(series, "population", rel, integer=True)
    return [
        observation(r.kato, "population", r.population, r.ref_date, r.source_id, note=r.note)
        for r in series.itertuples(index=False)
        if r.source_id != "S01"  # the 1 Jan 2023 figure is already loaded from districts.csv
    ]


def official_observations(raw: Path, oblasts: pd.DataFrame, districts: pd.DataFrame) -> list[dict]:
    """Every value a source publishes, as ``observation`` rows (official, policy or reported by origin)."""
    return (
        oblast_observations(oblasts) + district_population(districts) + extra_observations(raw) + population_series(raw)
    )
