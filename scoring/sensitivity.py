"""Monte-Carlo sensitivity of ranks and zones to the weights and the normalisation method.

Each draw multiplies every indicator weight and every pillar weight by an independent factor
uniform on [1 − s, 1 + s] (s = ``weight_spread``, default ±50%) and picks one normalisation method
uniformly among ``methods``; the rest of the profile (winsorisation, aggregation, coverage minimum,
zoning rule, overrides) is kept. All draws are computed at once with numpy arrays: the normalised
matrix of each method is computed once, the weighted means of all draws are matrix products.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from scoring.aggregate import GEOMETRIC_FLOOR
from scoring.pipeline import (
    COVERAGE_TOLERANCE,
    normalise_all,
    prepare_inputs,
    score_prepared,
)
from scoring.profile import INELIGIBLE, INSUFFICIENT, ZONES, PolicyOverride, ScoringConfigError, WeightProfile
from scoring.registry import BY_CODE
from scoring.zones import SCORE_DECIMALS, override_bounds

#: Zone codes used inside the simulation: 0–3 = I–IV, then these two.
_ZONE_CODE = {**{z: i for i, z in enumerate(ZONES)}, INSUFFICIENT: 4, INELIGIBLE: 5}


def sensitivity(
    units: pd.DataFrame,
    observations: pd.DataFrame,
    profile: WeightProfile,
    *,
    draws: int = 1000,
    seed: int = 0,
    weight_spread: float = 0.5,
    methods: Sequence[str] = ("minmax", "zscore", "rank"),
    level: str = "district",
    min_period_coverage: float = 0.9,
) -> pd.DataFrame:
    """Rank bands and zone stability of every unit under perturbed weights and normalisations.

    :math:`w^{(d)}_i = w_i U^{(d)}_i,\\ v^{(d)}_p = v_p U^{(d)}_p,\\ U \\sim \\mathcal U[1-s, 1+s]`,
    :math:`m^{(d)} \\sim \\mathcal U(methods)`; report :math:`Q_{5,50,95}(r^{(d)}_u)` and
    :math:`\\frac1D \\sum_d [z^{(d)}_u = z_u]`.

    Parameters
    ----------
    units, observations, profile, level, min_period_coverage
        As for :func:`scoring.pipeline.score`.
    draws
        Number of Monte-Carlo draws.
    seed
        Seed of :func:`numpy.random.default_rng`; equal seeds give equal results.
    weight_spread
        Half-width s in [0, 1) of the multiplicative uniform weight perturbation.
    methods
        Normalisation methods drawn from (``goalposts`` is not allowed: it needs per-indicator posts).

    Returns
    -------
    pandas.DataFrame
        One row per unit, sorted like the nominal table: ``kato``, ``zone`` and ``rank`` (nominal),
        ``rank_p5``, ``rank_p50``, ``rank_p95`` (over the draws in which the unit is ranked; NaN if
        never), ``share_ranked`` and ``zone_share`` (share of draws giving the nominal zone,
        ``"insufficient"`` and ``"ineligible"`` counting as zones).
    """
    if draws < 1:
        raise ScoringConfigError(f"draws must be at least 1, got {draws}")
    if not 0.0 <= weight_spread < 1.0:
        raise ScoringConfigError(f"weight_spread must be in [0, 1), got {weight_spread}")
    bad = [m for m in methods if m not in ("minmax", "zscore", "rank")]
    if bad or not methods:
        raise ScoringConfigError(f"sensitivity methods must be among minmax, zscore, rank; got {list(methods)}")

    prep = prepare_inputs(units, observations, profile, level=level, min_period_coverage=min_period_coverage)
    profile = prep.profile  # the weights the evidence rules leave (scoring.pipeline.evidence_exclusions)
    nominal = score_prepared(prep).table.set_index("kato")
    eligible = prep.eligible.to_numpy()
    raw = prep.raw[eligible]
    codes = list(raw.columns)
    pillars = profile.scored_pillars()
    group = np.array([pillars.index(BY_CODE[c].pillar) for c in codes])
    w0 = np.array([profile.indicators[c].weight for c in codes])
    v0 = np.array([profile.pillar_weights[p] for p in pillars])

    rng = np.random.default_rng(seed)
    method_of_draw = rng.integers(len(methods), size=draws)
    w = w0 * rng.uniform(1 - weight_spread, 1 + weight_spread, size=(draws, len(codes)))
    v = v0 * rng.uniform(1 - weight_spread, 1 + weight_spread, size=(draws, len(pillars)))

    n = len(raw)
    scores = np.full((draws, n), np.nan)
    for m, method in enumerate(methods):
        take = method_of_draw == m
        if take.any():
            x = normalise_all(raw, profile, method=method).to_numpy(float)
            scores[take] = _batch_scores(
                x, w[take], v[take], group, len(pillars), profile.aggregation_within, profile.aggregation_across
            )
    present = raw.notna().to_numpy()
    cover = _batch_coverage(present, w, v, group, len(pillars))
    scores[cover < profile.min_coverage - COVERAGE_TOLERANCE] = np.nan

    zone_codes = _batch_zones(
        scores,
        profile,
        prep.overrides,
        [str(k) for k in raw.index],
        [None if pd.isna(p) else str(p) for p in prep.units.loc[raw.index, "parent_kato"]],
    )
    ranks = _batch_ranks(scores)

    out = pd.DataFrame(index=prep.units.index)
    out["kato"] = prep.units.index
    out["zone"] = nominal["zone"].reindex(out.index)
    out["rank"] = nominal["rank"].reindex(out.index)
    bands = np.full((n, 3), np.nan)
    ranked = ~np.isnan(ranks)
    for j in np.flatnonzero(ranked.any(axis=0)):
        bands[j] = np.percentile(ranks[ranked[:, j], j], [5, 50, 95])
    for col, values in zip(("rank_p5", "rank_p50", "rank_p95"), bands.T, strict=True):
        out.loc[raw.index, col] = values
    out.loc[raw.index, "share_ranked"] = ranked.mean(axis=0)
    nominal_codes = out.loc[raw.index, "zone"].map(_ZONE_CODE).to_numpy()
    out.loc[raw.index, "zone_share"] = (zone_codes == nominal_codes[None, :]).mean(axis=0)
    out.loc[~eligible, "share_ranked"] = 0.0
    out.loc[~eligible, "zone_share"] = 1.0  # hard filters do not depend on weights
    order = nominal.index  # nominal table order: by rank, unscored last
    return out.reindex(order).reset_index(drop=True)


def _batch_scores(
    x: np.ndarray, w: np.ndarray, v: np.ndarray, group: np.ndarray, n_pillars: int, within: str, across: str
) -> np.ndarray:
    """Scores (draws × units) of :func:`scoring.aggregate.aggregate_pillars`/``aggregate_score`` for many weights."""
    present = ~np.isnan(x)
    y = np.log(np.maximum(x, GEOMETRIC_FLOOR)) if within == "geometric" else x
    y = np.where(present, y, 0.0)
    pillar = np.empty((w.shape[0], x.shape[0], n_pillars))
    with np.errstate(invalid="ignore", divide="ignore"):
        for p in range(n_pillars):
            idx = group == p
            pillar[:, :, p] = (w[:, idx] @ y[:, idx].T) / (w[:, idx] @ present[:, idx].T)
    if within == "geometric":
        pillar = np.exp(pillar)
    has = ~np.isnan(pillar)
    z = np.log(np.maximum(pillar, GEOMETRIC_FLOOR)) if across == "geometric" else pillar
    with np.errstate(invalid="ignore", divide="ignore"):
        s = (np.where(has, z, 0.0) * v[:, None, :]).sum(axis=2) / (has * v[:, None, :]).sum(axis=2)
    return 100.0 * (np.exp(s) if across == "geometric" else s)


def _batch_coverage(present: np.ndarray, w: np.ndarray, v: np.ndarray, group: np.ndarray, n_pillars: int) -> np.ndarray:
    """Coverage (draws × units) with each draw's effective weights :math:`W_i = v_p/\\sum v \\cdot w_i/\\sum_p w`."""
    member = np.eye(n_pillars)[group]  # K × P
    within_total = w @ member  # D × P
    big_w = (v / v.sum(axis=1, keepdims=True))[:, group] * w / within_total[:, group]
    return big_w @ present.T.astype(float)


def _batch_zones(
    scores: np.ndarray,
    profile: WeightProfile,
    overrides: Sequence[PolicyOverride],
    katos: list[str],
    parents: list[str | None],
) -> np.ndarray:
    """Zone codes (draws × units) by the profile's rule and ``overrides``; 4 where the unit is insufficient."""
    s = np.round(scores, SCORE_DECIMALS)
    if profile.zoning.method == "thresholds":
        cuts = np.broadcast_to(np.array(profile.zoning.thresholds), (len(s), 3))
    else:
        cuts = np.full((len(s), 3), np.inf)
        has = ~np.isnan(s).all(axis=1)
        if has.any():
            cuts[has] = np.nanquantile(s[has], profile.zoning.quantiles, axis=1).T
    cuts = np.round(cuts, SCORE_DECIMALS)
    with np.errstate(invalid="ignore"):
        zone = (s[:, :, None] < cuts[:, None, :]).sum(axis=2)
    best, worst, _ = override_bounds(katos, parents, overrides)
    zone = np.minimum(np.maximum(zone, best[None, :]), worst[None, :])
    return np.where(np.isnan(s), _ZONE_CODE[INSUFFICIENT], zone)


def _batch_ranks(scores: np.ndarray) -> np.ndarray:
    """Min-ranks per draw (1 = best, ties share the smallest rank), NaN where unscored."""
    key = np.where(np.isnan(scores), np.inf, -np.round(scores, SCORE_DECIMALS))
    order = np.argsort(key, axis=1, kind="stable")
    sorted_key = np.take_along_axis(key, order, axis=1)
    position = np.broadcast_to(np.arange(key.shape[1]), key.shape)
    new_value = np.ones(key.shape, dtype=bool)
    new_value[:, 1:] = sorted_key[:, 1:] != sorted_key[:, :-1]
    first_position = np.maximum.accumulate(np.where(new_value, position, 0), axis=1)
    ranks = np.empty(key.shape)
    np.put_along_axis(ranks, order, first_position + 1.0, axis=1)
    ranks[np.isnan(scores)] = np.nan
    return ranks
