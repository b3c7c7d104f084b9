"""Tiny fixtures for the scoring tests: six real districts (real KATO codes and names), made-up values."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from scoring.profile import IndicatorSpec, WeightProfile

#: Real district KATO codes and names (BNS 2023); the values given to them below are invented.
DISTRICTS: tuple[tuple[str, str, str, str, str], ...] = (
    ("556000000", "550000000", "Павлодар ауданы", "Павлодарский район", "Pavlodar District"),
    ("555600000", "550000000", "Май ауданы", "Майский район", "May District"),
    ("235600000", "230000000", "Махамбет ауданы", "Махамбетский район", "Makhambet District"),
    ("103200000", "100000000", "Абай ауданы", "Абайский район", "Abay District"),
    ("104600000", "100000000", "Үржар ауданы", "Урджарский район", "Urzhar District"),
    ("711210000", "710000000", "Есіл ауданы", "район Есиль", "Esil District"),
)
#: Indicator code → value per district (same order as DISTRICTS); two pillars, mixed directions.
VALUES: dict[str, tuple[float, ...]] = {
    "unemployment_rate": (4.5, 4.5, 4.9, 4.7, 4.7, 4.2),
    "avg_wage": (310_000, 310_000, 480_000, 259_000, 259_000, 560_000),
    "housing_price_m2": (290_000, 290_000, 330_000, 240_000, 240_000, 600_000),
    "housing_units_offered": (12, 3, 0, 8, 20, 1),
}


def make_units(rows: tuple[tuple[str, str, str, str, str], ...] = DISTRICTS) -> pd.DataFrame:
    """Unit rows as the store returns them (districts plus their oblasts)."""
    districts = pd.DataFrame(rows, columns=["kato", "parent_kato", "name_kk", "name_ru", "name_en"])
    districts["level"] = "district"
    districts["population"] = float("nan")
    oblasts = pd.DataFrame(
        {
            "kato": sorted(set(districts["parent_kato"])),
            "parent_kato": None,
            "level": "oblast",
            "name_kk": "облыс",
            "name_ru": "область",
            "name_en": "oblast",
            "population": 1e6,
        }
    )
    return pd.concat([oblasts, districts], ignore_index=True)


def make_observations(
    values: dict[str, tuple[float, ...]] = VALUES,
    katos: tuple[str, ...] | None = None,
    period: str = "2023",
    period_end: str = "2023-12-31",
) -> pd.DataFrame:
    """Long observations of one period from a code → values mapping."""
    katos = katos or tuple(d[0] for d in DISTRICTS)
    rows = [
        {
            "kato": k,
            "indicator": code,
            "value": float(v),
            "period": period,
            "period_end": pd.Timestamp(period_end),
            "source_id": "TEST",
            "origin": "official",
        }
        for code, vals in values.items()
        for k, v in zip(katos, vals, strict=True)
    ]
    return pd.DataFrame(rows)


@pytest.fixture(scope="session")
def fx() -> SimpleNamespace:
    """The fixture data and builders, for tests (and hypothesis tests) that vary them."""
    return SimpleNamespace(
        DISTRICTS=DISTRICTS,
        VALUES=VALUES,
        KATOS=[d[0] for d in DISTRICTS],
        make_units=make_units,
        make_observations=make_observations,
    )


@pytest.fixture
def units() -> pd.DataFrame:
    return make_units()


@pytest.fixture
def observations() -> pd.DataFrame:
    return make_observations()


@pytest.fixture(scope="session")
def profile() -> WeightProfile:
    """(Immutable.) Two pillars, four indicators, min-max, arithmetic, thresholds, no overrides."""
    return WeightProfile(
        id="test",
        name="test",
        version=1,
        indicators={
            "unemployment_rate": IndicatorSpec(weight=1),
            "avg_wage": IndicatorSpec(weight=2),
            "housing_price_m2": IndicatorSpec(weight=1),
            "housing_units_offered": IndicatorSpec(weight=1),
        },
        pillar_weights={"labour": 1.0, "housing": 1.0},
        zoning={"method": "thresholds", "thresholds": (75, 50, 25)},
    )
