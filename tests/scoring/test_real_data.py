"""The engine on the database built from the vendored sources (the session fixture of tests/conftest.py)."""

from __future__ import annotations

import numpy as np
import pytest

from scoring import DEFAULT_PROFILE, score, sensitivity
from scoring.support import Family, estimate_support


def test_default_profile_on_all_districts(store) -> None:
    units, obs = store.units("district"), store.observations("district")
    result = score(units, obs, DEFAULT_PROFILE)
    t = result.table.set_index("kato")
    assert len(t) == len(units)
    sums = result.contributions.groupby("kato")["contribution"].sum()
    scored = t["score"].notna()
    np.testing.assert_allclose(sums[t.index[scored]], t.loc[scored, "score"], atol=1e-9)
    capital = t[t["parent_kato"].isin(["710000000", "750000000", "790000000"])]
    assert len(capital) > 0 and not (capital["zone"] == "I").any()
    assert result.provenance["origin"].isin(["official", "akimat", "derived", "inherited", "policy"]).all()


def test_sensitivity_on_all_districts(store) -> None:
    out = sensitivity(store.units("district"), store.observations("district"), DEFAULT_PROFILE, draws=200)
    ranked = out["rank"].notna()
    assert (out.loc[ranked, "rank_p5"] <= out.loc[ranked, "rank_p95"]).all()


def test_support_2026_family_of_five_in_pavlodar(store) -> None:
    est = estimate_support(
        Family(members=5, children=3),
        oblast_kato="550000000",
        year=2026,
        measures=store.support_measures(),
        mci=store.mci(),
        designated=store.designated_regions(),
    )
    m = est.measures.set_index("code")
    assert m.loc["RELOCATION_SUBSIDY", "amount_min_kzt"] == 1_513_750
    assert m.loc["MOBILITY_CERTIFICATE", "amount_min_kzt"] == 7_028_125
    assert m.loc["RENT_SUBSIDY", "amount_max_kzt"] == 30 * 4325 * 12


def test_default_profile_scores_no_redundant_pair_and_no_partial_source(store) -> None:
    from scoring.profile import default_exclusions
    from scoring.registry import BY_CODE

    result = score(store.units("district"), store.observations("district"), DEFAULT_PROFILE)
    assert not result.correlations["redundant"].any(), result.correlations[result.correlations["redundant"]]
    scored = set(result.scored_profile.scored_indicators())
    assert all(BY_CODE[c].completeness == "complete" and BY_CODE[c].source_official for c in scored)
    # The akimat indicators have no values yet: reported as excluded for low coverage, not scored.
    assert set(result.excluded["reason"]) <= {"low_coverage"}
    assert "distance_to_adaptation_centre_km" in default_exclusions()


def test_every_redundant_pair_on_the_data_is_resolved_by_the_default(store) -> None:
    from scoring.evidence_report import legacy_profile
    from scoring.profile import DEFAULT_DROPPED_AS_REDUNDANT, default_exclusions

    everything = score(
        store.units("district"), store.observations("district"), legacy_profile(), min_indicator_coverage=0.0
    )
    out = default_exclusions()
    for a, b in zip(
        *[everything.correlations.loc[everything.correlations["redundant"], c] for c in ("indicator_a", "indicator_b")],
        strict=True,
    ):
        assert a in out or b in out, (a, b)
    assert set(DEFAULT_DROPPED_AS_REDUNDANT) <= {
        c
        for pair in everything.correlations.loc[
            everything.correlations["redundant"], ["indicator_a", "indicator_b"]
        ].itertuples(index=False)
        for c in pair
    }


def test_evidence_columns_on_all_districts(store) -> None:
    t = score(store.units("district"), store.observations("district"), DEFAULT_PROFILE).table
    scored = t["score"].notna()
    shares = t.loc[scored, ["evidence_district", "evidence_inherited", "evidence_policy"]].sum(axis=1)
    np.testing.assert_allclose(shares, 1.0, atol=1e-9)
    assert (t.loc[scored, "rank_in_oblast"] >= 1).all()
    outside = [("outside_designated_max_zone" in a) for a in t["overrides_applied"]]
    assert not t.loc[outside, "zone"].isin(["I", "II"]).any()


def test_evidence_ladder_before_reproduces_the_old_default(store) -> None:
    from scoring.evidence_report import evidence_summary

    summary, changes = evidence_summary(store.units("district"), store.observations("district"))
    s = summary.set_index("step")
    # Before the rules the oblast alone explained 92% of the district score (the analyst's figure).
    assert s.loc["before", "r2_oblast"] == pytest.approx(0.92, abs=0.01)
    assert s.loc["designated_cap", "zones_changed_total"] == len(changes)
    assert set(changes["moved_by"].str.split("+").explode()) <= set(s.index[1:])


def test_registry_correlations_show_the_urban_pair(store) -> None:
    from scoring.evidence_report import registry_correlations

    c = registry_correlations(store.units("district"), store.observations("district"))
    pair = c[(c["indicator_a"] == "distance_to_city100k_km") & (c["indicator_b"] == "distance_to_oblast_centre_km")]
    assert bool(pair["redundant"].iloc[0]) and pair["pearson_within_oblast"].iloc[0] > 0.75
