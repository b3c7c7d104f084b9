"""Combine normalised indicators into pillar scores and one 0–100 score, and decompose it back.

Missing indicators (NaN) are dropped per unit and the remaining weights renormalised, so a unit is
judged on what is known about it; :func:`coverage` reports how much of the weight that was.
Geometric means use values floored at :data:`GEOMETRIC_FLOOR` so that one zero does not erase the
rest (a unit at the very bottom of one indicator is still compared on the others).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from scoring.profile import ScoringConfigError

Aggregation = Literal["arithmetic", "geometric"]
#: Smallest normalised value a geometric mean sees (1% of the scale).
GEOMETRIC_FLOOR = 0.01


def aggregate_pillars(
    normalised: pd.DataFrame,
    weights: Mapping[str, float],
    pillar_of: Mapping[str, str],
    *,
    method: Aggregation = "arithmetic",
    pillars: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Pillar scores in 0..1 from normalised indicators.

    Arithmetic :math:`P_{u,p} = \\sum_{i \\in p} w_i x_{u,i} / \\sum_{i \\in p,\\, x_{u,i} \\ne NaN} w_i`;
    geometric :math:`P_{u,p} = \\exp(\\sum_{i \\in p} w_i \\ln \\max(x_{u,i}, \\varepsilon) / \\sum w_i)`,
    sums over the unit's present indicators.

    Parameters
    ----------
    normalised
        Index kato, one column per indicator, values in [0, 1] or NaN.
    weights
        Indicator code → weight within its pillar (≥ 0).
    pillar_of
        Indicator code → pillar.
    method
        ``"arithmetic"`` or ``"geometric"``.
    pillars
        Output column order; by default pillars in order of first appearance.

    Returns
    -------
    pandas.DataFrame
        Index kato, one column per pillar; NaN where a unit has no indicator of the pillar.
    """
    codes = list(normalised.columns)
    pillars = list(pillars) if pillars is not None else list(dict.fromkeys(pillar_of[c] for c in codes))
    group = np.array([pillars.index(pillar_of[c]) for c in codes], dtype=int)
    w = np.array([weights[c] for c in codes], dtype=float)
    means = _weighted_means(normalised.to_numpy(float), w, group, len(pillars), method)
    return pd.DataFrame(means, index=normalised.index, columns=pillars)


def aggregate_score(
    pillar_scores: pd.DataFrame, pillar_weights: Mapping[str, float], *, method: Aggregation = "arithmetic"
) -> pd.Series:
    """The 0–100 score from pillar scores.

    Arithmetic :math:`S_u = 100 \\sum_p v_p P_{u,p} / \\sum_{p:\\, P_{u,p} \\ne NaN} v_p`; geometric
    :math:`S_u = 100 \\exp(\\sum_p v_p \\ln \\max(P_{u,p}, \\varepsilon) / \\sum v_p)`.

    Parameters
    ----------
    pillar_scores
        Output of :func:`aggregate_pillars`.
    pillar_weights
        Pillar → weight (≥ 0).
    method
        ``"arithmetic"`` or ``"geometric"``.

    Returns
    -------
    pandas.Series
        Score per unit in [0, 100]; NaN where no pillar has a value.
    """
    v = np.array([pillar_weights[p] for p in pillar_scores.columns], dtype=float)
    group = np.zeros(len(v), dtype=int)
    s = _weighted_means(pillar_scores.to_numpy(float), v, group, 1, method)[:, 0]
    return pd.Series(100.0 * s, index=pillar_scores.index, name="score")


def coverage(normalised: pd.DataFrame, effective_weights: Mapping[str, float]) -> pd.Series:
    """Share of the nominal weight for which a unit has values.

    :math:`c_u = \\sum_{i:\\, x_{u,i} \\ne NaN} W_i / \\sum_i W_i`, :math:`W_i` from
    :meth:`scoring.profile.WeightProfile.effective_weights`.
    """
    big_w = np.array([effective_weights[c] for c in normalised.columns], dtype=float)
    present = normalised.notna().to_numpy()
    return pd.Series(present @ big_w / big_w.sum(), index=normalised.index, name="coverage")


def decompose(
    normalised: pd.DataFrame,
    weights: Mapping[str, float],
    pillar_of: Mapping[str, str],
    pillar_weights: Mapping[str, float],
    *,
    within: Aggregation = "arithmetic",
    across: Aggregation = "arithmetic",
    pillars: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Split each unit's score into indicator contributions (score points) that sum to the score.

    :math:`c_{u,i} = C_{u,p(i)} \\cdot s_{u,i|p}` where the pillar's contribution :math:`C_{u,p}` and
    the indicator's share :math:`s_{u,i|p}` in its pillar follow the aggregation of each level:
    arithmetic :math:`s_k = w_k y_k / \\sum_j w_j y_j` (so :math:`C_p = 100 v'_p P_p`); geometric
    (log-decomposition above the floor) :math:`s_k = w_k \\ln(y_k/\\varepsilon) / \\sum_j w_j \\ln(y_j/\\varepsilon)`,
    exact because :math:`\\ln(S/\\varepsilon) = \\sum_k w'_k \\ln(y_k/\\varepsilon)` when weights sum to 1.
    When a denominator is 0 (all values 0, or all at the floor) the shares are the weight shares.

    Returns
    -------
    pandas.DataFrame
        Same shape as ``normalised``; 0 for a missing indicator, NaN for a unit without a score.
    """
    codes = list(normalised.columns)
    pillar_scores = aggregate_pillars(normalised, weights, pillar_of, method=within, pillars=pillars)
    score = aggregate_score(pillar_scores, pillar_weights, method=across).to_numpy()
    v = np.array([pillar_weights[p] for p in pillar_scores.columns], dtype=float)
    pillar_share = _shares(pillar_scores.to_numpy(float), v, np.zeros(len(v), dtype=int), 1, across)
    pillar_contribution = score[:, None] * pillar_share
    group = np.array([list(pillar_scores.columns).index(pillar_of[c]) for c in codes], dtype=int)
    w = np.array([weights[c] for c in codes], dtype=float)
    share = _shares(normalised.to_numpy(float), w, group, len(v), within)
    return pd.DataFrame(pillar_contribution[:, group] * share, index=normalised.index, columns=codes)


def _check(method: str) -> None:
    if method not in ("arithmetic", "geometric"):
        raise ScoringConfigError(f"unknown aggregation {method!r}; known: arithmetic, geometric")


def _weighted_means(x: np.ndarray, w: np.ndarray, group: np.ndarray, n_groups: int, method: str) -> np.ndarray:
    """Per-row weighted mean of the present values of each group (N × K → N × G), NaN for empty groups."""
    _check(method)
    present = ~np.isnan(x)
    member = np.zeros((len(w), n_groups))
    member[np.arange(len(w)), group] = w
    y = np.log(np.maximum(x, GEOMETRIC_FLOOR)) if method == "geometric" else x
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(present, y, 0.0) @ member / (present @ member)
    return np.exp(mean) if method == "geometric" else mean


def _shares(x: np.ndarray, w: np.ndarray, group: np.ndarray, n_groups: int, method: str) -> np.ndarray:
    """Share of each present value in its group's aggregate (rows of each group sum to 1; 0 if missing)."""
    _check(method)
    present = ~np.isnan(x)
    term = np.log(np.maximum(x, GEOMETRIC_FLOOR) / GEOMETRIC_FLOOR) if method == "geometric" else x
    numerator = np.where(present, w * term, 0.0)
    fallback = np.where(present, w, 0.0)
    member = np.zeros((len(w), n_groups))
    member[np.arange(len(w)), group] = 1.0
    total = (numerator @ member)[:, group]
    total_w = (fallback @ member)[:, group]
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(total > 0, numerator / np.where(total > 0, total, 1.0), fallback / total_w)
    return np.where(present, share, 0.0)
