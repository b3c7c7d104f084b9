"""The whole pipeline: scores, decomposition, zones, ranks, coverage, filters, overrides."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import DEFAULT_PROFILE, score
from scoring.profile import INELIGIBLE, INSUFFICIENT, ZONES, WeightProfile
from scoring.registry import BY_CODE

UNIT_ORDER = ["556000000", "555600000", "235600000", "103200000", "104600000", "711210000"]
INDICATOR_CODES = ["unemployment_rate", "avg_wage", "housing_price_m2", "housing_units_offered"]


def _variant(profile: WeightProfile, **changes: object) -> WeightProfile:
    return WeightProfile.model_validate({**profile.model_dump(), **changes})


@pytest.mark.parametrize("within", ["arithmetic", "geometric"])
@pytest.mark.parametrize("across", ["arithmetic", "geometric"])
def test_contributions_sum_to_score(units, observations, profile, within, across) -> None:
    p = _variant(profile, aggregation_within=within, aggregation_across=across)
    result = score(units, observations, p)
    sums = result.contributions.groupby("kato")["contribution"].sum()
    table = result.table.set_index("kato")
    np.testing.assert_allclose(sums[table.index], table["score"], atol=1e-9)
    assert table["score"].between(0, 100).all()


def test_table_shape_and_names_pass_through(units, observations, profile) -> None:
    result = score(units, observations, profile)
    t = result.table
    assert sorted(t["kato"]) == sorted(UNIT_ORDER)  # districts only, oblasts ignored
    assert "Үржар ауданы" in set(t["name_kk"])  # Kazakh letters untouched
    assert {"pillar_labour", "pillar_housing"} <= set(t.columns)
    assert t["rank"].tolist() == sorted(t["rank"].tolist())
    assert result.provenance.index.names == ["kato", "indicator"]


def test_ties_share_min_rank(units, profile, fx) -> None:
    values = {k: v for k, v in fx.VALUES.items() if k != "housing_units_offered"}
    t = score(
        units, fx.make_observations(values), _variant(profile, indicators={k: {"weight": 1} for k in values})
    ).table.set_index("kato")
    assert t.loc["556000000", "rank"] == t.loc["555600000", "rank"]
    assert t.loc["556000000", "score"] == t.loc["555600000", "score"]


def test_zone_order_follows_score_order(units, observations, profile) -> None:
    t = score(units, observations, _variant(profile, zoning={"method": "quantiles"})).table
    order = t.sort_values("score", ascending=False)
    zone_index = [ZONES.index(z) for z in order["zone"]]
    assert zone_index == sorted(zone_index)


@given(
    code=st.sampled_from(INDICATOR_CODES),
    unit=st.integers(0, 5),
    step=st.floats(0.0, 1e5),
    method=st.sampled_from(["minmax", "zscore", "rank"]),
    within=st.sampled_from(["arithmetic", "geometric"]),
)
@settings(max_examples=80, deadline=None)
def test_improving_an_indicator_never_lowers_the_score(fx, profile, code, unit, step, method, within) -> None:
    p = _variant(profile, normalisation=method, aggregation_within=within, aggregation_across=within)
    units_ = fx.make_units()
    before = score(units_, fx.make_observations(), p).table.set_index("kato")["score"]
    better = {k: list(v) for k, v in fx.VALUES.items()}
    better[code][unit] += step if BY_CODE[code].direction == "higher_better" else -step
    after = score(units_, fx.make_observations({k: tuple(v) for k, v in better.items()}), p).table
    assert after.set_index("kato")["score"][fx.KATOS[unit]] >= before[fx.KATOS[unit]] - 1e-9


def test_one_unit(profile, fx) -> None:
    one = fx.make_units(fx.DISTRICTS[:1])
    obs = fx.make_observations({k: v[:1] for k, v in fx.VALUES.items()}, katos=(fx.KATOS[0],))
    t = score(one, obs, profile).table
    assert t["score"].iloc[0] == pytest.approx(50.0)  # every indicator constant → neutral 0.5
    assert t["rank"].iloc[0] == 1


def test_all_missing_indicator_is_excluded_not_scored(units, observations, profile) -> None:
    obs = observations[observations["indicator"] != "housing_units_offered"]
    result = score(units, obs, profile)
    t = result.table
    # An indicator nobody has a value for is not part of the score (evidence rule), so it does not
    # lower anyone's coverage; it is reported as excluded instead.
    assert t["coverage"].round(9).eq(1.0).all()
    assert "housing_units_offered" not in set(result.contributions["indicator"])
    row = result.excluded.set_index("indicator").loc["housing_units_offered"]
    assert row["reason"] == "low_coverage" and row["units_with_value"] == 0


def test_coverage_below_minimum_is_insufficient(units, observations, profile) -> None:
    obs = observations[~((observations["kato"] == "103200000") & (observations["indicator"] != "avg_wage"))]
    t = score(units, obs, _variant(profile, min_coverage=0.5)).table.set_index("kato")
    assert t.loc["103200000", "zone"] == INSUFFICIENT
    assert np.isnan(t.loc["103200000", "score"]) and np.isnan(t.loc["103200000", "rank"])
    assert t.loc["103200000", "coverage"] == pytest.approx(1 / 3)
    assert t["rank"].max() == len(UNIT_ORDER) - 1


def test_nan_value_is_dropped_and_reweighted(units, observations, profile) -> None:
    obs = observations.copy()
    obs.loc[(obs["kato"] == "556000000") & (obs["indicator"] == "avg_wage"), "value"] = np.nan
    result = score(units, obs, profile)
    c = result.contributions.set_index(["kato", "indicator"])
    assert c.loc[("556000000", "avg_wage"), "weight"] == 0
    assert c.loc["556000000", "weight"].sum() == pytest.approx(1.0)


def test_hard_filter_marks_unit_ineligible_not_dropped(units, observations, profile, fx) -> None:
    designated = fx.make_observations({"designated_region": (1, 1, 1, 1, 1, 0)})
    p = _variant(
        profile, filters=[{"name": "designated_only", "indicator": "designated_region", "op": "==", "value": 1}]
    )
    t = score(units, pd.concat([observations, designated]), p).table.set_index("kato")
    assert t.loc["711210000", "zone"] == INELIGIBLE
    assert not t.loc["711210000", "eligible"]
    assert "designated_only" in t.loc["711210000", "eligibility_reason"]
    assert t["eligible"].sum() == len(UNIT_ORDER) - 1


def test_default_profile_override_keeps_capital_districts_out_of_zone_one(units, fx) -> None:
    # Esil District of Astana gets the best value of every indicator …
    best = {
        code: tuple(100.0 if i == 5 else 1.0 for i in range(6))
        if BY_CODE[code].direction == "higher_better"
        else tuple(1.0 if i == 5 else 100.0 for i in range(6))
        for code in DEFAULT_PROFILE.scored_indicators()
    }
    t = score(units, fx.make_observations(best), DEFAULT_PROFILE).table.set_index("kato")
    assert t.loc["711210000", "rank"] == 1 and t.loc["711210000", "zone_unadjusted"] == "I"
    # … but never zone I (Decree 961: relieve the overcrowded cities)
    assert t.loc["711210000", "zone"] == "II"
    assert t.loc["711210000", "overrides_applied"] == ("republican_cities_never_zone_I",)


def test_unknown_level_is_clear(units, observations, profile) -> None:
    with pytest.raises(ValueError, match="unknown level 'village'"):
        score(units, observations, profile, level="village")
