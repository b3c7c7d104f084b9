"""Normalisation and winsorisation: ranges, direction, invariances, edge cases."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.normalise import NEUTRAL, normalise, winsorise
from scoring.profile import ScoringConfigError

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@pytest.mark.parametrize("method", ["minmax", "zscore", "rank"])
def test_range_and_direction(method: str) -> None:
    x = np.array([1.0, 5.0, 3.0, np.nan])
    up = normalise(x, method, "higher_better")
    down = normalise(x, method, "lower_better")
    assert np.nanmin(up) >= 0 and np.nanmax(up) <= 1
    assert np.isnan(up[3]) and np.isnan(down[3])  # missing stays missing, never 0
    assert up[1] > up[2] > up[0]
    np.testing.assert_allclose(down[:3], 1 - up[:3])


@pytest.mark.parametrize("method", ["minmax", "zscore", "rank"])
def test_constant_and_single_unit_are_neutral(method: str) -> None:
    assert np.all(normalise(np.array([0.1, 0.1, 0.1]), method, "higher_better") == NEUTRAL)
    assert np.all(normalise(np.array([7.0]), method, "lower_better") == NEUTRAL)


@pytest.mark.parametrize("method", ["minmax", "zscore", "rank"])
def test_all_missing_stays_missing(method: str) -> None:
    assert np.isnan(normalise(np.array([np.nan, np.nan]), method, "higher_better")).all()


def test_goalposts_clip_and_need_posts() -> None:
    y = normalise(np.array([0.0, 5.0, 20.0]), "goalposts", "higher_better", goalposts=(0.0, 10.0))
    np.testing.assert_allclose(y, [0.0, 0.5, 1.0])
    with pytest.raises(ScoringConfigError, match="goalposts"):
        normalise(np.array([1.0]), "goalposts", "higher_better")


def test_unknown_method_and_direction_are_clear_errors() -> None:
    with pytest.raises(ScoringConfigError, match="unknown normalisation method 'maxmin'"):
        normalise(np.array([1.0, 2.0]), "maxmin", "higher_better")
    with pytest.raises(ScoringConfigError, match="unknown direction"):
        normalise(np.array([1.0, 2.0]), "minmax", "up")


def test_series_keeps_index() -> None:
    s = pd.Series([1.0, 2.0], index=["556000000", "555600000"])
    assert list(normalise(s, "minmax", "higher_better").index) == list(s.index)


# Integer-valued data: distinct values differ by at least 1, so the comparison is not about float resolution.
@given(
    st.lists(st.integers(-(10**6), 10**6), min_size=2, max_size=30), st.floats(min_value=1e-3, max_value=1e3), finite
)
def test_minmax_invariant_to_positive_affine_rescaling(values: list[int], a: float, b: float) -> None:
    x = np.array(values, dtype=float)
    np.testing.assert_allclose(
        normalise(a * x + b, "minmax", "higher_better"), normalise(x, "minmax", "higher_better"), atol=1e-6
    )


def test_winsorise_clips_to_quantiles_and_keeps_nan() -> None:
    x = np.array([0.0, 1, 2, 3, 4, 5, 6, 7, 8, 100, np.nan])
    y = winsorise(x, lower=0.1, upper=0.9)
    assert np.isnan(y[-1])
    assert y[9] == pytest.approx(np.quantile(x[:-1], 0.9))
    assert y[0] == pytest.approx(np.quantile(x[:-1], 0.1))
