"""Put indicators measured in tenge, kilometres and per-cent on one 0..1 scale where 1 is best.

Every function takes and returns 1-D float arrays (a :class:`pandas.Series` keeps its index).
NaN means "no value" and stays NaN: a missing value is never turned into 0.
"""

from __future__ import annotations

from typing import Literal, TypeVar

import numpy as np
import pandas as pd

from scoring.profile import ScoringConfigError

ArrayOrSeries = TypeVar("ArrayOrSeries", np.ndarray, pd.Series)
Direction = Literal["higher_better", "lower_better"]

METHODS: tuple[str, ...] = ("minmax", "zscore", "rank", "goalposts")
#: Normalised value given to every unit when an indicator does not vary (max == min): "neither good nor bad".
NEUTRAL = 0.5
#: Slope of the logistic curve that approximates the standard normal CDF to within 0.01 (Bowling et al. 2009).
LOGISTIC_SLOPE = 1.702


def winsorise(values: ArrayOrSeries, *, lower: float = 0.05, upper: float = 0.95) -> ArrayOrSeries:
    """Clip values to their own quantiles, taming outliers before min-max.

    :math:`x' = \\min(\\max(x, q_{lower}), q_{upper})` with :math:`q` the quantiles of the non-missing values.

    Parameters
    ----------
    values
        1-D values, NaN for missing.
    lower, upper
        Quantiles in [0, 1], ``lower < upper``.

    Returns
    -------
    Same type as ``values``; NaN stays NaN.
    """
    x = np.asarray(values, dtype=float)
    present = ~np.isnan(x)
    out = x.copy()
    if present.any():
        lo, hi = np.quantile(x[present], [lower, upper])
        out[present] = np.clip(x[present], lo, hi)
    return _like(values, out)


def normalise(
    values: ArrayOrSeries, method: str, direction: Direction, *, goalposts: tuple[float, float] | None = None
) -> ArrayOrSeries:
    """Map an indicator to 0..1 with 1 the best, per ``method``, then apply ``direction``.

    :math:`y = f_{method}(x)`, and :math:`y \\leftarrow 1 - y` when lower is better, where
    ``minmax`` :math:`(x - \\min x)/(\\max x - \\min x)`;
    ``zscore`` :math:`1/(1 + e^{-1.702 z})`, :math:`z = (x - \\bar x)/\\sigma_x` (≈ the normal CDF of z);
    ``rank`` :math:`(r(x) - 1)/(n - 1)` with average ranks of ties;
    ``goalposts`` :math:`\\mathrm{clip}((x - low)/(high - low), 0, 1)`.

    A constant indicator (max == min, σ = 0, or a single unit) gives every unit :data:`NEUTRAL`
    (except goalposts, which do not depend on the other units). NaN stays NaN.

    Parameters
    ----------
    values
        1-D raw values of one indicator across units, NaN for missing.
    method
        One of :data:`METHODS`.
    direction
        ``"higher_better"`` or ``"lower_better"``.
    goalposts
        ``(low, high)`` in the indicator's unit; required for ``"goalposts"``.

    Returns
    -------
    Same type as ``values``, in [0, 1] or NaN.

    Raises
    ------
    ScoringConfigError
        Unknown method or direction, or goalposts missing.
    """
    if method not in METHODS:
        raise ScoringConfigError(f"unknown normalisation method {method!r}; known: {', '.join(METHODS)}")
    if direction not in ("higher_better", "lower_better"):
        raise ScoringConfigError(f"unknown direction {direction!r}; known: higher_better, lower_better")
    x = np.asarray(values, dtype=float)
    present = ~np.isnan(x)
    out = np.full_like(x, np.nan)
    v = x[present]
    if v.size:
        if method == "goalposts":
            if goalposts is None:
                raise ScoringConfigError("normalisation 'goalposts' needs goalposts=(low, high)")
            low, high = goalposts
            y = np.clip((v - low) / (high - low), 0.0, 1.0)
        elif v.max() == v.min():
            y = np.full_like(v, NEUTRAL)
        elif method == "minmax":
            y = (v - v.min()) / (v.max() - v.min())
        elif method == "zscore":
            y = 1.0 / (1.0 + np.exp(-LOGISTIC_SLOPE * (v - v.mean()) / v.std()))
        else:  # rank
            y = (pd.Series(v).rank(method="average").to_numpy() - 1) / (v.size - 1)
        out[present] = 1.0 - y if direction == "lower_better" else y
    return _like(values, out)


def _like(template: ArrayOrSeries, data: np.ndarray) -> ArrayOrSeries:
    if isinstance(template, pd.Series):
        return pd.Series(data, index=template.index, name=template.name)
    return data
