"""Reporting rates of the data campaign (pure): expected cells, statuses, rates, completeness."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from scoring import reporting
from scoring.monitoring import outcome_actuals

UNITS = pd.DataFrame(
    {
        "kato": ["100000000", "101000000", "102000000", "110000000", "111000000"],
        "level": ["oblast", "district", "district", "oblast", "district"],
        "parent_kato": [None, "100000000", "100000000", None, "110000000"],
    }
)
INDICATORS = pd.DataFrame({"code": ["arrived", "regional"], "level": ["district", "oblast"]})


def requests(**kw: object) -> pd.DataFrame:
    row = {
        "id": 1,
        "title": "Q1",
        "year": 2025,
        "quarter": 1,
        "deadline": dt.date(2025, 4, 15),
        "indicators": ["arrived", "regional", "unknown"],
        "oblasts": ["100000000"],
    }
    row.update(kw)
    return pd.DataFrame([row])


def obs(kato: str, status: str, period_end: str, entered_at: str, *, reviewed: bool = False) -> dict:
    return {
        "kato": kato,
        "indicator": "arrived",
        "period_end": pd.Timestamp(period_end),
        "status": status,
        "entered_at": pd.Timestamp(entered_at),
        "reviewed": reviewed,
    }


def test_quarter_bounds() -> None:
    assert reporting.quarter_bounds(2025, 1) == (dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    assert reporting.quarter_bounds(2024, 4) == (dt.date(2024, 10, 1), dt.date(2024, 12, 31))
    with pytest.raises(ValueError):
        reporting.quarter_bounds(2025, 5)


def test_expected_cells_follow_the_indicator_level() -> None:
    cells = reporting.expected_cells(requests(), INDICATORS, UNITS)
    got = sorted(zip(cells["kato"], cells["indicator"], strict=True))
    # Two districts of Abai for the district indicator, the oblast itself for the oblast one, nothing unknown.
    assert got == [("100000000", "regional"), ("101000000", "arrived"), ("102000000", "arrived")]


def test_statuses_on_time_overdue_and_rates() -> None:
    cells = reporting.expected_cells(requests(), INDICATORS, UNITS)
    values = pd.DataFrame(
        [
            obs("101000000", "published", "2025-03-31", "2025-04-10", reviewed=True),  # approved, on time
            obs("101000000", "published", "2024-12-31", "2025-01-05"),  # another quarter: ignored
            obs("102000000", "pending", "2025-02-28", "2025-04-20"),  # pending, late
        ]
    )
    out = reporting.cell_status(cells, values, today=dt.date(2025, 5, 1))
    status = dict(zip(out["kato"], out["status"], strict=True))
    assert status == {
        "100000000": reporting.MISSING,
        "101000000": reporting.APPROVED,
        "102000000": reporting.PENDING,
    }
    assert out.set_index("kato").loc["101000000", "on_time"]
    assert not out.set_index("kato").loc["102000000", "on_time"]
    assert list(out.loc[out["overdue"], "kato"]) == ["100000000"]
    rates = reporting.reporting_rates(out, ["oblast_kato"]).iloc[0]
    assert (rates["expected"], rates["reported"], rates["on_time"], rates["approved"]) == (3, 2, 1, 1)
    assert rates["reported_pct"] == pytest.approx(66.7)


def test_rejected_value_is_missing_and_unreviewed_published_is_entered() -> None:
    cells = reporting.expected_cells(requests(indicators=["arrived"]), INDICATORS, UNITS)
    values = pd.DataFrame(
        [
            obs("101000000", "rejected", "2025-03-31", "2025-04-01"),
            obs("102000000", "published", "2025-01-31", "2025-02-01"),
        ]
    )
    out = reporting.cell_status(cells, values, today=dt.date(2025, 4, 2)).set_index("kato")
    assert out.loc["101000000", "status"] == reporting.MISSING
    assert not out.loc["101000000", "overdue"]  # the deadline has not passed
    assert out.loc["102000000", "status"] == reporting.ENTERED
    completeness = reporting.district_completeness(out.reset_index()).set_index("kato")
    assert completeness.loc["102000000", "approved_pct"] == 100.0
    assert completeness.loc["101000000", "reported_pct"] == 0.0
    assert pd.isna(completeness.loc["101000000", "last_reported"])


def test_no_requests_give_empty_frames_not_zero_rates() -> None:
    cells = reporting.expected_cells(requests().iloc[0:0], INDICATORS, UNITS)
    out = reporting.cell_status(cells, pd.DataFrame(), today=dt.date(2025, 1, 1))
    assert out.empty
    assert reporting.reporting_rates(out, ["kato"]).empty


def test_outcome_actuals_sum_quarters_and_districts_and_derive_the_rate() -> None:
    values = pd.DataFrame(
        [
            ("101000000", "kandas_working_age", "2025-03-31", 100.0, "A1"),
            ("101000000", "kandas_working_age", "2025-06-30", 100.0, "A2"),
            ("102000000", "kandas_working_age", "2025-03-31", 200.0, "A3"),
            ("101000000", "kandas_employed_working_age", "2025-03-31", 80.0, "A1"),
            ("101000000", "kandas_employed_working_age", "2025-06-30", 90.0, "A2"),
            ("102000000", "kandas_employed_working_age", "2025-03-31", 150.0, "A3"),
            ("111000000", "kandas_working_age", "2025-03-31", 10.0, "B1"),
            ("111000000", "kandas_employed_working_age", "2025-03-31", 11.0, "B1"),  # above the denominator
            ("111000000", "kandas_families_arrived", "2025-03-31", 3.0, "B1"),
            ("111000000", "vacancies_per_jobseeker", "2025-03-31", 3.0, "B1"),  # not an outcome
        ],
        columns=["kato", "indicator", "period", "value", "source_id"],
    )
    out = outcome_actuals(values, UNITS[UNITS["level"] == "district"][["kato", "parent_kato"]])
    got = {(k, i): v for k, i, v in zip(out["kato"].fillna("KZ"), out["indicator"], out["value"], strict=True)}
    assert got[("100000000", "kandas_working_age")] == 400.0
    assert got[("100000000", "kandas_employment_rate")] == 80.0  # (80 + 90 + 150) / 400
    assert ("110000000", "kandas_employment_rate") not in got  # 11 employed of 10: no rate
    assert got[("KZ", "kandas_families_arrived")] == 3.0
    assert got[("KZ", "kandas_employment_rate")] == round(100 * 331 / 410, 2)
    assert set(out["period"]) == {"2025"}
    assert "vacancies_per_jobseeker" not in set(out["indicator"])
    assert outcome_actuals(values.iloc[0:0], UNITS).empty
