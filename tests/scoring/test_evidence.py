"""The evidence rules: partial registers, indicator coverage, redundant pairs, designated-region cap, evidence shares."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import score, sensitivity
from scoring.correlation import indicator_correlations, redundant_pairs
from scoring.evidence import (
    CARD_NOTE_TEXT,
    CardNote,
    anova_r2,
    card_notes,
    evidence_shares,
    rank_within_group,
    within_group_sd,
    zone_uncertain,
)
from scoring.pipeline import EXCLUDED_LOW_COVERAGE, EXCLUDED_PARTIAL
from scoring.profile import (
    DEFAULT_DROPPED_AS_REDUNDANT,
    DEFAULT_PROFILE,
    IndicatorSpec,
    ScoringConfigError,
    WeightProfile,
    ZoningRule,
    build_default_profile,
    default_exclusions,
    load_profile,
)
from scoring.registry import BY_CODE
from scoring.zones import OUTSIDE_DESIGNATED, outside_designated_override


def _variant(profile: WeightProfile, **update: object) -> WeightProfile:
    return load_profile({**profile.model_dump(), **update})


# --- Registry and default profile ---------------------------------------------------------------


def test_adaptation_centre_distance_is_partial_and_out_of_the_default() -> None:
    ind = BY_CODE["distance_to_adaptation_centre_km"]
    assert ind.completeness == "partial" and ind.register == "adaptation_centres"
    assert default_exclusions()["distance_to_adaptation_centre_km"] == "partial_register"
    assert "distance_to_adaptation_centre_km" not in DEFAULT_PROFILE.scored_indicators()


def test_marking_the_register_complete_brings_it_back() -> None:
    profile = build_default_profile(complete_registers=("adaptation_centres",))
    assert "distance_to_adaptation_centre_km" in profile.scored_indicators()
    assert profile.complete_registers == ("adaptation_centres",)


def test_unknown_register_is_refused() -> None:
    with pytest.raises(ScoringConfigError, match="register"):
        load_profile({**DEFAULT_PROFILE.model_dump(), "complete_registers": ["hospitals"]})


def test_project_website_is_not_in_the_default() -> None:
    assert not BY_CODE["rural_vacancies_per_1000"].source_official
    assert default_exclusions()["rural_vacancies_per_1000"] == "unofficial_source"


def test_default_keeps_one_of_each_redundant_pair() -> None:
    scored = set(DEFAULT_PROFILE.scored_indicators())
    for dropped, (kept, why) in DEFAULT_DROPPED_AS_REDUNDANT.items():
        assert dropped not in scored and kept in scored and why
    assert "distance_to_city100k_km" in DEFAULT_DROPPED_AS_REDUNDANT


def test_default_caps_outside_designated_regions() -> None:
    assert DEFAULT_PROFILE.zoning.outside_designated_max_zone == "III"
    assert ZoningRule().outside_designated_max_zone == "III"  # on unless the ministry turns it off


# --- Pipeline: partial registers and coverage ---------------------------------------------------


def test_partial_register_is_reported_not_scored(fx, units, profile) -> None:
    values = {**fx.VALUES, "distance_to_adaptation_centre_km": (10.0, 50.0, 300.0, 120.0, 80.0, 5.0)}
    with_centre = _variant(
        profile,
        indicators={**profile.model_dump()["indicators"], "distance_to_adaptation_centre_km": {"weight": 1}},
        pillar_weights={"labour": 1.0, "housing": 1.0, "adaptation": 1.0},
    )
    result = score(units, fx.make_observations(values), with_centre)
    row = result.excluded.set_index("indicator").loc["distance_to_adaptation_centre_km"]
    assert row["reason"] == EXCLUDED_PARTIAL and row["units_with_value"] == 6
    assert "distance_to_adaptation_centre_km" not in set(result.contributions["indicator"])
    assert "distance_to_adaptation_centre_km" not in result.scored_profile.scored_indicators()

    complete = _variant(with_centre, complete_registers=("adaptation_centres",))
    result = score(units, fx.make_observations(values), complete)
    assert result.excluded.empty
    assert "distance_to_adaptation_centre_km" in set(result.contributions["indicator"])


def _with_sparse(fx, present: int) -> tuple[pd.DataFrame, WeightProfile]:
    """Observations where ``population_change_pct`` has values for the first ``present`` of 6 districts."""
    obs = fx.make_observations()
    sparse = fx.make_observations(
        {"population_change_pct": tuple(float(i) for i in range(present))}, katos=tuple(fx.KATOS[:present])
    )
    return pd.concat([obs, sparse], ignore_index=True)


@pytest.mark.parametrize(("present", "excluded"), [(1, True), (2, True), (3, False), (6, False)])
def test_indicator_under_half_the_units_is_excluded(fx, units, profile, present, excluded) -> None:
    prof = _variant(profile, indicators={**profile.model_dump()["indicators"], "population_change_pct": {"weight": 1}})
    result = score(units, _with_sparse(fx, present), prof)
    assert ("population_change_pct" in set(result.excluded["indicator"])) is excluded
    assert ("population_change_pct" in set(result.contributions["indicator"])) is not excluded
    if excluded:
        row = result.excluded.set_index("indicator").loc["population_change_pct"]
        assert row["reason"] == EXCLUDED_LOW_COVERAGE and row["coverage"] == pytest.approx(present / 6)


@settings(max_examples=15, deadline=None)
@given(mask=st.lists(st.booleans(), min_size=6, max_size=6))
def test_coverage_rule_property(fx, profile, mask) -> None:
    units = fx.make_units()
    keep = tuple(k for k, m in zip(fx.KATOS, mask, strict=True) if m)
    obs = fx.make_observations()
    if keep:
        extra = fx.make_observations({"population_change_pct": tuple(1.0 + i for i in range(len(keep)))}, katos=keep)
        obs = pd.concat([obs, extra], ignore_index=True)
    prof = _variant(profile, indicators={**profile.model_dump()["indicators"], "population_change_pct": {"weight": 1}})
    result = score(units, obs, prof)
    assert ("population_change_pct" in set(result.excluded["indicator"])) is (len(keep) < 3)


def test_nothing_left_is_a_config_error(fx, units) -> None:
    only = WeightProfile(
        id="t", name="t", version=1, indicators={"avg_wage": IndicatorSpec(weight=1)}, pillar_weights={"labour": 1}
    )
    obs = fx.make_observations({"avg_wage": (1.0,)}, katos=(fx.KATOS[0],))
    with pytest.raises(ScoringConfigError, match="evidence rules"):
        score(units, obs, only)


# --- Evidence shares ----------------------------------------------------------------------------

ORIGINS = ("official", "derived", "inherited", "akimat")


@settings(max_examples=15, deadline=None)
@given(
    origins=st.lists(st.sampled_from(ORIGINS), min_size=24, max_size=24),
    missing=st.lists(st.booleans(), min_size=24, max_size=24),
)
def test_evidence_shares_sum_to_one_for_scored_units(fx, origins, missing) -> None:
    units = fx.make_units()
    values = {**fx.VALUES, "kandas_quota_per_100k": (30.0, 30.0, 5.0, 12.0, 12.0, 0.0)}
    obs = fx.make_observations(values)
    obs["origin"] = list(origins) + ["inherited"] * (len(obs) - len(origins))
    obs = obs[~np.array(list(missing) + [False] * (len(obs) - len(missing)))]
    prof = WeightProfile(
        id="t",
        name="t",
        version=1,
        indicators={c: IndicatorSpec(weight=1) for c in values},
        pillar_weights={"labour": 1, "housing": 1, "support": 1},
        min_coverage=0.0,
        zoning={"method": "thresholds"},
    )
    try:
        result = score(units, obs, prof)
    except ScoringConfigError:
        return  # every indicator under half the units: nothing to score, nothing to check
    t = result.table
    scored = t["score"].notna()
    total = t.loc[scored, ["evidence_district", "evidence_inherited", "evidence_policy"]].sum(axis=1)
    np.testing.assert_allclose(total, 1.0, atol=1e-9)
    assert t.loc[~scored, "evidence_district"].isna().all()
    assert (t.loc[scored, ["evidence_district", "evidence_inherited", "evidence_policy"]] >= -1e-12).all().all()


def test_evidence_classes(fx, units) -> None:
    values = {"avg_wage": fx.VALUES["avg_wage"], "kandas_quota_per_100k": (30.0, 30.0, 5.0, 12.0, 12.0, 0.0)}
    obs = fx.make_observations(values)
    obs.loc[(obs["indicator"] == "avg_wage") & (obs["kato"] != fx.KATOS[0]), "origin"] = "inherited"
    prof = WeightProfile(
        id="t",
        name="t",
        version=1,
        indicators={c: IndicatorSpec(weight=1) for c in values},
        pillar_weights={"labour": 3, "support": 1},
        zoning={"method": "thresholds"},
    )
    t = score(units, obs, prof).table.set_index("kato")
    assert t.loc[fx.KATOS[0], "evidence_district"] == pytest.approx(0.75)
    assert t.loc[fx.KATOS[1], "evidence_inherited"] == pytest.approx(0.75)
    assert t["evidence_policy"].eq(0.25).all()  # the quota is a policy figure (tag "policy")


def test_evidence_shares_of_an_unscored_unit_are_missing() -> None:
    contributions = pd.DataFrame({"kato": ["1", "2"], "indicator": ["avg_wage"] * 2, "weight": [1.0, np.nan]})
    provenance = pd.DataFrame(
        {"origin": ["official", "official"]},
        index=pd.MultiIndex.from_tuples([("1", "avg_wage"), ("2", "avg_wage")], names=["kato", "indicator"]),
    )
    out = evidence_shares(contributions, provenance)
    assert out.loc["1", "evidence_district"] == 1.0 and np.isnan(out.loc["2", "evidence_district"])


# --- Correlations -------------------------------------------------------------------------------


def test_correlation_report_finds_a_planted_pair() -> None:
    rng = np.random.default_rng(7)
    x = rng.normal(size=60)
    frame = pd.DataFrame(
        {
            "distance_to_city100k_km": x,
            "distance_to_oblast_centre_km": 3 * x + rng.normal(scale=0.3, size=60),
            "avg_wage": rng.normal(size=60),
            "housing_rent_m2": rng.normal(size=60),
        }
    )
    groups = pd.Series(np.repeat(["a", "b", "c"], 20))
    report = indicator_correlations(frame, groups)
    assert redundant_pairs(report) == [("distance_to_city100k_km", "distance_to_oblast_centre_km")]
    top = report.iloc[0]
    assert top["pearson"] > 0.9 and top["spearman"] > 0.9 and top["pearson_within_oblast"] > 0.9
    assert not top["same_pillar"] and len(report) == 6


def test_correlation_of_a_constant_or_too_few_units_is_missing() -> None:
    frame = pd.DataFrame({"avg_wage": [1.0, 2, 3, 4, 5, 6], "housing_rent_m2": [2.0] * 6, "doctors_per_10k": [1.0] * 6})
    frame.loc[2:, "doctors_per_10k"] = np.nan
    report = indicator_correlations(frame).set_index(["indicator_a", "indicator_b"])
    assert np.isnan(report.loc[("avg_wage", "housing_rent_m2"), "pearson"])
    assert report.loc[("avg_wage", "doctors_per_10k"), "n_units"] == 2
    assert not report["redundant"].any()


def test_within_oblast_correlation_of_inherited_values_is_missing() -> None:
    frame = pd.DataFrame({"avg_wage": [1.0, 1, 2, 2, 3, 3], "unemployment_rate": [5.0, 5, 4, 4, 3, 3]})
    groups = pd.Series(["a", "a", "b", "b", "c", "c"])
    row = indicator_correlations(frame, groups).iloc[0]
    assert row["pearson"] == pytest.approx(-1.0) and np.isnan(row["pearson_within_oblast"])


# --- Designated-region cap ----------------------------------------------------------------------


def _cap_case(fx, max_zone: str | None, designated: tuple[float, ...]):
    obs = fx.make_observations({**fx.VALUES, "designated_region": designated})
    prof = WeightProfile(
        id="t",
        name="t",
        version=1,
        indicators={c: IndicatorSpec(weight=1) for c in fx.VALUES},
        pillar_weights={"labour": 1, "housing": 1},
        zoning={"method": "quantiles", "outside_designated_max_zone": max_zone},
    )
    return obs, prof


def test_cap_moves_zone_I_and_II_outside_designated_to_III(fx, units) -> None:
    uncapped_obs, uncapped = _cap_case(fx, None, (0.0,) * 6)
    before = score(units, uncapped_obs, uncapped).table.set_index("kato")
    assert set(before["zone"]) >= {"I", "II"}
    obs, prof = _cap_case(fx, "III", (0.0,) * 6)
    after = score(units, obs, prof).table.set_index("kato")
    assert not after["zone"].isin(["I", "II"]).any()
    moved = before["zone"].isin(["I", "II"])
    assert (after.loc[moved, "zone"] == "III").all()
    assert all(OUTSIDE_DESIGNATED in a for a in after.loc[moved, "overrides_applied"])
    assert (after["zone_unadjusted"] == before["zone"]).all()  # zoning itself is unchanged
    assert (after["score"] == before["score"]).all()


def test_cap_spares_designated_and_unknown_units(fx, units) -> None:
    obs, prof = _cap_case(fx, "III", (1.0,) * 6)
    free = score(units, obs, prof).table
    assert not any(OUTSIDE_DESIGNATED in a for a in free["overrides_applied"])
    obs, prof = _cap_case(fx, "III", (1.0,) * 6)
    obs = obs[obs["indicator"] != "designated_region"]  # status unknown: no guess either way
    assert not any(OUTSIDE_DESIGNATED in a for a in score(units, obs, prof).table["overrides_applied"])


def test_cap_applies_in_the_monte_carlo_too(fx, units) -> None:
    obs, prof = _cap_case(fx, "III", (0.0,) * 6)
    bands = sensitivity(units, obs, prof, draws=100, seed=1)
    assert not bands["zone"].isin(["I", "II"]).any()
    # Nominal III of a capped unit is what every draw of a high scorer gives, so it stays stable.
    t = score(units, obs, prof).table
    capped = t.loc[[OUTSIDE_DESIGNATED in a for a in t["overrides_applied"]], "kato"]
    assert (bands.set_index("kato").loc[capped, "zone_share"] > 0.5).all()


def test_outside_designated_override_function() -> None:
    designated = pd.Series([1.0, 0.0, np.nan], index=["a", "b", "c"])
    rule = outside_designated_override(designated, "III")
    assert rule is not None and rule.katos == ("b",) and rule.max_zone == "III" and rule.name == OUTSIDE_DESIGNATED
    assert outside_designated_override(designated, None) is None
    assert outside_designated_override(pd.Series([1.0], index=["a"]), "III") is None


# --- Rank in oblast, uncertainty, notes, R² -----------------------------------------------------


def test_rank_within_group() -> None:
    scores = pd.Series([50.0, 70.0, np.nan, 10.0, 10.0], index=list("abcde"))
    groups = pd.Series(["x", "x", "x", "y", "y"], index=list("abcde"))
    r = rank_within_group(scores, groups)
    assert r.tolist()[:2] == [2.0, 1.0] and np.isnan(r["c"]) and r["d"] == r["e"] == 1.0


def test_zone_uncertain_threshold() -> None:
    out = zone_uncertain(pd.Series([0.79, 0.8, 1.0, np.nan]))
    assert out.tolist() == [True, False, False, False]


def test_card_notes() -> None:
    row = {
        "score": 40.0,
        "evidence_district": 0.1,
        "evidence_inherited": 0.65,
        "evidence_policy": 0.25,
        "zone_uncertain": True,
        "overrides_applied": (OUTSIDE_DESIGNATED,),
    }
    assert card_notes(row) == [
        CardNote.MOSTLY_INHERITED,
        CardNote.NO_AKIMAT_DATA,
        CardNote.ZONE_UNCERTAIN,
        CardNote.CAPPED_OUTSIDE_DESIGNATED,
    ]
    assert card_notes({"score": float("nan")}, akimat_values=2) == [CardNote.INSUFFICIENT_DATA]
    assert set(CARD_NOTE_TEXT) == set(CardNote)


def test_anova_r2_and_within_sd() -> None:
    g = pd.Series(["a", "a", "b", "b"])
    assert anova_r2(pd.Series([1.0, 1.0, 5.0, 5.0]), g) == pytest.approx(1.0)
    assert within_group_sd(pd.Series([1.0, 1.0, 5.0, 5.0]), g) == 0.0
    assert anova_r2(pd.Series([1.0, 5.0, 1.0, 5.0]), g) == pytest.approx(0.0)
    assert within_group_sd(pd.Series([0.0, 2.0, 0.0, 2.0]), g) == pytest.approx(np.sqrt(4 / 2))


def test_akimat_value_counts(fx) -> None:
    from scoring.evidence import akimat_value_counts

    obs = fx.make_observations()  # housing_units_offered is an akimat indicator
    obs.loc[(obs["indicator"] == "housing_units_offered") & (obs["kato"] == fx.KATOS[0]), "origin"] = "inherited"
    counts = akimat_value_counts(obs)
    assert fx.KATOS[0] not in counts.index and counts[fx.KATOS[1]] == 1


def test_within_group_variance_shares_sum_to_one() -> None:
    from scoring.evidence import within_group_variance_shares

    katos = list("abcdef")
    a = [0.0, 10.0, 20.0, 0.0, 5.0, 10.0]
    b = [1.0, 1.0, 1.0, 7.0, 7.0, 7.0]  # constant within each group: carries no within share
    contributions = pd.DataFrame(
        {"kato": katos * 2, "indicator": ["x"] * 6 + ["y"] * 6, "contribution": a + b},
    )
    scores = pd.Series([p + q for p, q in zip(a, b, strict=True)], index=katos)
    groups = pd.Series(list("gggkkk"), index=katos)
    shares = within_group_variance_shares(contributions, scores, groups)
    assert shares["x"] == pytest.approx(1.0) and shares["y"] == pytest.approx(0.0)
