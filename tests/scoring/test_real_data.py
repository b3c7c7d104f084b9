"""The engine on the database built from the vendored sources (the session fixture of tests/conftest.py)."""

from __future__ import annotations

import numpy as np

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
