"""Monte-Carlo sensitivity: determinism, agreement with the nominal run, bands."""

from __future__ import annotations

import numpy as np
import pytest

from scoring import score, sensitivity
from scoring.profile import ScoringConfigError


def test_deterministic_under_seed(units, observations, profile) -> None:
    a = sensitivity(units, observations, profile, draws=200, seed=7)
    b = sensitivity(units, observations, profile, draws=200, seed=7)
    c = sensitivity(units, observations, profile, draws=200, seed=8)
    assert a.equals(b)
    assert not a.equals(c)


def test_no_perturbation_reproduces_the_nominal_ranks_and_zones(units, observations, profile) -> None:
    out = sensitivity(units, observations, profile, draws=20, weight_spread=0.0, methods=("minmax",))
    nominal = score(units, observations, profile).table
    assert out["kato"].tolist() == nominal["kato"].tolist()
    np.testing.assert_array_equal(out["rank_p5"], nominal["rank"])
    np.testing.assert_array_equal(out["rank_p95"], nominal["rank"])
    assert (out["zone_share"] == 1.0).all()


def test_bands_are_ordered_and_shares_are_shares(units, observations, profile) -> None:
    out = sensitivity(units, observations, profile, draws=300)
    assert (out["rank_p5"] <= out["rank_p50"]).all() and (out["rank_p50"] <= out["rank_p95"]).all()
    assert out["zone_share"].between(0, 1).all()


def test_bad_arguments(units, observations, profile) -> None:
    with pytest.raises(ScoringConfigError, match="methods"):
        sensitivity(units, observations, profile, methods=("goalposts",))
    with pytest.raises(ScoringConfigError, match="draws"):
        sensitivity(units, observations, profile, draws=0)
