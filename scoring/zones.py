"""Turn scores into zones I–IV by a published rule, apply named policy overrides, and rank units.

Zone I is the most recommended for settling, IV the least. Zones are assigned from scores alone;
overrides then move named units (e.g. the republican cities are never zone I) and are reported.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from scoring.profile import ZONES, PolicyOverride, ZoningRule

#: Scores are compared at this many decimals, so float noise (1e-15) never splits a tie.
SCORE_DECIMALS = 9


def zone_cutoffs(scores: pd.Series, rule: ZoningRule) -> tuple[float, float, float]:
    """Lower score bounds of zones I, II and III under ``rule``.

    Thresholds: :math:`(t_I, t_{II}, t_{III})` as published; quantiles: :math:`t_k = Q_{q_k}(S)` over the
    non-missing scores (linear interpolation).
    """
    if rule.method == "thresholds":
        return rule.thresholds
    s = scores.dropna().to_numpy(float)
    if s.size == 0:
        return (np.inf, np.inf, np.inf)
    return tuple(float(q) for q in np.quantile(s, rule.quantiles))  # type: ignore[return-value]


def assign_zones(scores: pd.Series, rule: ZoningRule) -> pd.Series:
    """Zone of each score: the best zone whose lower bound the score reaches.

    :math:`z(S) = I` if :math:`S \\ge t_I`, II if :math:`S \\ge t_{II}`, III if :math:`S \\ge t_{III}`, else IV.

    Parameters
    ----------
    scores
        Score per unit (0–100), NaN for units without a score.
    rule
        The profile's zoning rule.

    Returns
    -------
    pandas.Series
        ``"I"``…``"IV"`` (object dtype), ``None`` where the score is NaN.
    """
    cuts = np.round(np.array(zone_cutoffs(scores, rule), dtype=float), SCORE_DECIMALS)
    s = np.round(scores.to_numpy(float), SCORE_DECIMALS)
    index = (s[:, None] < cuts[None, :]).sum(axis=1)  # 0 = I … 3 = IV
    zones = np.array(ZONES, dtype=object)[np.minimum(index, 3)]
    zones[np.isnan(s)] = None
    return pd.Series(zones, index=scores.index, name="zone", dtype=object)


def override_bounds(
    katos: Sequence[str], parent_katos: Sequence[str | None], overrides: Sequence[PolicyOverride]
) -> tuple[np.ndarray, np.ndarray, list[list[str]]]:
    """Per unit, the best and worst allowed zone index (0 = I … 3 = IV) and the overrides that match it."""
    best = np.zeros(len(katos), dtype=int)
    worst = np.full(len(katos), 3, dtype=int)
    names: list[list[str]] = [[] for _ in katos]
    for rule in overrides:
        hit = np.array(
            [
                k in rule.katos or (p is not None and p in rule.parent_katos)
                for k, p in zip(katos, parent_katos, strict=True)
            ],
            dtype=bool,
        )
        if rule.max_zone is not None:
            best[hit] = np.maximum(best[hit], ZONES.index(rule.max_zone))
        if rule.min_zone is not None:
            worst[hit] = np.minimum(worst[hit], ZONES.index(rule.min_zone))
        for i in np.flatnonzero(hit):
            names[i].append(rule.name)
    return best, worst, names


def apply_overrides(
    zones: pd.Series, parent_katos: pd.Series, overrides: Sequence[PolicyOverride]
) -> tuple[pd.Series, pd.Series]:
    """Move zones into the range the matching overrides allow.

    :math:`z' = \\min(\\max(z, z_{max}), z_{min})` in zone order I < II < III < IV.

    Parameters
    ----------
    zones
        Output of :func:`assign_zones`, index kato.
    parent_katos
        Parent KATO per unit (same index).
    overrides
        The profile's policy overrides, applied in order.

    Returns
    -------
    (zones, applied)
        New zones, and per unit the names of the overrides that changed its zone (tuple, maybe empty).
    """
    katos = [str(k) for k in zones.index]
    parents = [None if pd.isna(p) else str(p) for p in parent_katos.reindex(zones.index)]
    best, worst, names = override_bounds(katos, parents, overrides)
    order = {z: i for i, z in enumerate(ZONES)}
    current = np.array([order.get(z, -1) for z in zones], dtype=int)  # -1: no zone (no score)
    moved = np.minimum(np.maximum(current, best), worst)
    changed = (current >= 0) & (moved != current)
    out = np.where(current >= 0, np.array(ZONES, dtype=object)[moved], zones.to_numpy(object))
    applied = [tuple(names[i]) if changed[i] else () for i in range(len(katos))]
    return (
        pd.Series(out, index=zones.index, name="zone", dtype=object),
        pd.Series(applied, index=zones.index, name="overrides_applied", dtype=object),
    )


def rank_units(scores: pd.Series) -> pd.Series:
    """Rank by score, 1 = best; ties share the smallest rank; units without a score stay NaN.

    :math:`r_u = 1 + |\\{v : S_v > S_u\\}|`.
    """
    return scores.round(SCORE_DECIMALS).rank(ascending=False, method="min", na_option="keep").rename("rank")


#: Name under which the designated-region cap is reported in ``overrides_applied``.
OUTSIDE_DESIGNATED = "outside_designated_max_zone"


def outside_designated_override(designated: pd.Series, max_zone: str | None) -> PolicyOverride | None:
    """The designated-region cap as a policy override: units outside the designated regions get at best ``max_zone``.

    :math:`z' = \\max(z, z_{max})` for every unit with :math:`d_u = 0`.

    Parameters
    ----------
    designated
        Per unit (index kato) the ``designated_region`` value of the year in use: 1 designated,
        0 not, NaN unknown. A unit with an unknown status is not capped (no guess either way).
    max_zone
        :attr:`scoring.profile.ZoningRule.outside_designated_max_zone`; ``None`` turns the rule off.

    Returns
    -------
    PolicyOverride or None
        ``None`` when the rule is off or no unit is outside the designated regions.
    """
    if max_zone is None:
        return None
    outside = designated.index[designated.to_numpy(float) == 0.0]
    if len(outside) == 0:
        return None
    return PolicyOverride(
        name=OUTSIDE_DESIGNATED,
        katos=tuple(str(k) for k in outside),
        max_zone=max_zone,
        reason=(
            "Outside the regions designated for resettlement in the year a family gets no state "
            "resettlement support (ZoningRule.outside_designated_max_zone), so the district is not "
            f"recommended: best zone {max_zone}."
        ),
    )
