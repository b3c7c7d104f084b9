"""Reference-period selection: one comparable value per unit and indicator."""

from __future__ import annotations

import numpy as np
import pandas as pd

from scoring.reference import select_reference_values


def _obs(rows: list[tuple[str, str, float, str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["kato", "indicator", "value", "period", "period_end", "origin"]).assign(
        period_end=lambda d: pd.to_datetime(d["period_end"]), source_id="TEST"
    )


def test_newer_figure_for_few_units_does_not_win() -> None:
    # 10 units report 2023-Q4; only 2 of them also report 2025-Q4 → reference 2023-Q4 for all.
    rows = [(f"55{i:07d}", "unemployment_rate", 4.0 + i / 10, "2023-Q4", "2023-12-31", "official") for i in range(10)]
    rows += [(f"55{i:07d}", "unemployment_rate", 9.0, "2025-Q4", "2025-12-31", "official") for i in range(2)]
    ref = select_reference_values(_obs(rows))
    assert ref.reference_periods["unemployment_rate"] == "2023-Q4"
    assert (ref.values["unemployment_rate"] < 9).all()
    assert set(ref.provenance["period"]) == {"2023-Q4"}


def test_newest_period_wins_when_common_enough_and_units_only_newer_take_earliest() -> None:
    rows = [(f"55{i:07d}", "avg_wage", 100.0, "2022", "2022-12-31", "official") for i in range(9)]
    rows += [(f"55{i:07d}", "avg_wage", 200.0, "2023", "2023-12-31", "official") for i in range(9)]
    rows += [
        ("559999999", "avg_wage", 300.0, "2025-Q1", "2025-03-31", "official"),
        ("559999999", "avg_wage", 400.0, "2025-Q3", "2025-09-30", "official"),
    ]
    ref = select_reference_values(_obs(rows), min_period_coverage=0.9)
    assert ref.reference_periods["avg_wage"] == "2023"
    assert ref.values.loc["550000000", "avg_wage"] == 200.0
    assert ref.values.loc["559999999", "avg_wage"] == 300.0  # only newer values: the earliest of them


def test_no_common_period_falls_back_to_each_units_latest() -> None:
    rows = [
        ("556000000", "housing_units_offered", 1.0, "2025-03", "2025-03-31", "akimat"),
        ("556000000", "housing_units_offered", 2.0, "2025-06", "2025-06-30", "akimat"),
        ("555600000", "housing_units_offered", 5.0, "2025-04", "2025-04-30", "akimat"),
    ]
    ref = select_reference_values(_obs(rows))
    assert ref.reference_periods["housing_units_offered"] is None
    assert ref.values.loc["556000000", "housing_units_offered"] == 2.0


def test_own_value_beats_inherited_at_same_period_and_nan_rows_ignored() -> None:
    rows = [
        ("556000000", "unemployment_rate", 4.5, "2023", "2023-12-31", "inherited"),
        ("556000000", "unemployment_rate", 3.9, "2023", "2023-12-31", "akimat"),
        ("555600000", "unemployment_rate", np.nan, "2024", "2024-12-31", "official"),
        ("555600000", "unemployment_rate", 4.5, "2023", "2023-12-31", "inherited"),
    ]
    ref = select_reference_values(_obs(rows))
    assert ref.values.loc["556000000", "unemployment_rate"] == 3.9
    assert ref.provenance.loc[("555600000", "unemployment_rate"), "origin"] == "inherited"
    assert ref.reference_periods["unemployment_rate"] == "2023"


def test_empty_observations() -> None:
    ref = select_reference_values(_obs([]))
    assert ref.values.empty and ref.provenance.empty
