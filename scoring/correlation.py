"""Correlation of indicators over units, to find pairs that count the same thing twice.

OECD/JRC Handbook on Constructing Composite Indicators (2008), step 4 "Multivariate analysis": two
indicators correlated at |r| ≥ 0.75 measure largely the same phenomenon, and giving both a weight
double-counts it. The report covers every pair of scored indicators, within a pillar and across
pillars, over all units (Pearson and Spearman) and within oblasts (both correlations of the
deviations from the oblast mean, so an oblast-wide difference does not make a pair look alike).
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd

from scoring.registry import BY_CODE

#: A pair with |r| at or above this (Pearson or Spearman, over all units) is flagged as redundant.
REDUNDANT_ABS_R = 0.75
#: Fewer common units than this and a correlation is not computed (NaN): it would mean nothing.
MIN_PAIR_UNITS = 5

CORRELATION_COLUMNS: tuple[str, ...] = (
    "indicator_a",
    "indicator_b",
    "pillar_a",
    "pillar_b",
    "same_pillar",
    "n_units",
    "pearson",
    "spearman",
    "pearson_within_oblast",
    "spearman_within_oblast",
    "redundant",
)


def _pearson(x: np.ndarray, y: np.ndarray) -> float:
    """:math:`r = \\frac{\\sum (x-\\bar x)(y-\\bar y)}{\\sqrt{\\sum (x-\\bar x)^2 \\sum (y-\\bar y)^2}}`, NaN if constant."""
    dx, dy = x - x.mean(), y - y.mean()
    # Deviations at float-noise size (an inherited value minus its oblast mean) are a constant.
    if any(np.abs(d).max() <= 1e-9 * max(1.0, float(np.abs(v).max())) for d, v in ((dx, x), (dy, y))):
        return float("nan")
    den = np.sqrt((dx * dx).sum() * (dy * dy).sum())
    return float((dx * dy).sum() / den)


def _within(v: pd.Series, groups: pd.Series) -> np.ndarray:
    """Deviation of each value from its group's mean."""
    return (v - v.groupby(groups).transform("mean")).to_numpy(float)


def indicator_correlations(
    values: pd.DataFrame, groups: pd.Series | None = None, *, threshold: float = REDUNDANT_ABS_R
) -> pd.DataFrame:
    """Pearson and Spearman correlation of every pair of indicator columns, over units and within groups.

    :math:`r_{ij} = \\mathrm{corr}(x_{\\cdot i}, x_{\\cdot j})`,
    :math:`\\rho_{ij} = \\mathrm{corr}(\\mathrm{rank}\\,x_{\\cdot i}, \\mathrm{rank}\\,x_{\\cdot j})`; within
    groups the same on :math:`x_{ui} - \\bar x_{g(u) i}`. Flag the pair when
    :math:`\\max(|r_{ij}|, |\\rho_{ij}|) \\ge 0.75`.

    Parameters
    ----------
    values
        Wide frame: index unit, one column per indicator code (raw values, NaN for missing).
    groups
        Group of each unit (the oblast ``parent_kato``), same index; ``None`` skips the within-group
        correlations (NaN).
    threshold
        |r| at which a pair is flagged ``redundant``.

    Returns
    -------
    pandas.DataFrame
        One row per pair with :data:`CORRELATION_COLUMNS`, sorted by the larger of |Pearson| and
        |Spearman|, strongest first. A pair with fewer than :data:`MIN_PAIR_UNITS` common units or a
        constant column gets NaN and is never flagged.
    """
    rows = []
    for a, b in combinations(list(values.columns), 2):
        both = values[[a, b]].dropna()
        n = len(both)
        r = rho = r_w = rho_w = float("nan")
        if n >= MIN_PAIR_UNITS:
            x, y = both[a].to_numpy(float), both[b].to_numpy(float)
            r = _pearson(x, y)
            rho = _pearson(both[a].rank().to_numpy(float), both[b].rank().to_numpy(float))
            if groups is not None:
                g = groups.reindex(both.index)
                r_w = _pearson(_within(both[a], g), _within(both[b], g))
                rho_w = _pearson(_within(both[a].rank(), g), _within(both[b].rank(), g))
        strongest = np.nanmax([abs(r), abs(rho)]) if not (np.isnan(r) and np.isnan(rho)) else float("nan")
        pa, pb = _pillar(a), _pillar(b)
        rows.append(
            {
                "indicator_a": a,
                "indicator_b": b,
                "pillar_a": pa,
                "pillar_b": pb,
                "same_pillar": pa == pb,
                "n_units": n,
                "pearson": r,
                "spearman": rho,
                "pearson_within_oblast": r_w,
                "spearman_within_oblast": rho_w,
                "redundant": bool(strongest >= threshold - 1e-12) if not np.isnan(strongest) else False,
                "_key": strongest,
            }
        )
    if not rows:
        return pd.DataFrame(columns=list(CORRELATION_COLUMNS))
    out = pd.DataFrame(rows).sort_values("_key", ascending=False, na_position="last", kind="stable")
    return out.drop(columns="_key").reset_index(drop=True)[list(CORRELATION_COLUMNS)]


def redundant_pairs(correlations: pd.DataFrame) -> list[tuple[str, str]]:
    """The flagged pairs of :func:`indicator_correlations`, strongest first."""
    flagged = correlations[correlations["redundant"]]
    return list(zip(flagged["indicator_a"], flagged["indicator_b"], strict=True))


def _pillar(code: str) -> str:
    ind = BY_CODE.get(code)
    return ind.pillar if ind else ""
