"""Choose one value per unit and indicator from observations that span several periods.

The store hands the engine every observation (several periods per unit and indicator, oblast
values marked ``inherited`` for districts without their own). Scoring needs one comparable value
per cell, so that a 2025-Q4 figure published for seven regions is not ranked against 2023-Q4
figures for the others.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

#: Columns the engine reads from the store's long observation frame.
OBSERVATION_COLUMNS: tuple[str, ...] = ("kato", "indicator", "value", "period", "period_end", "source_id", "origin")


class ReferenceValues(NamedTuple):
    """Result of :func:`select_reference_values`.

    Attributes
    ----------
    values
        Wide frame, index ``kato``, one column per indicator code, NaN where a unit has no value.
    provenance
        Long frame, index (``kato``, ``indicator``), columns ``value``, ``period``, ``period_end``,
        ``origin``, ``source_id`` and ``reference_period`` (the indicator's reference period label,
        ``None`` when no period reached the coverage threshold).
    reference_periods
        Series indicator code → reference period label (or ``None``).
    """

    values: pd.DataFrame
    provenance: pd.DataFrame
    reference_periods: pd.Series


def select_reference_values(observations: pd.DataFrame, *, min_period_coverage: float = 0.9) -> ReferenceValues:
    """Pick, per unit and indicator, the value of the indicator's reference period.

    :math:`t^*_j = \\max\\{t : |\\{u : x_{u,j,t} \\text{ exists}\\}| \\ge c \\cdot |\\{u : x_{u,j,\\cdot} \\text{ exists}\\}|\\}`,
    then :math:`x_{u,j} = x_{u,j,\\max\\{t \\le t^*_j\\}}`, else :math:`x_{u,j,\\min t}`.

    Rule: per indicator, the reference period is the latest period (by ``period_end``, counted by
    its ``period`` label) for which at least ``min_period_coverage`` of the units that have any value
    of the indicator have one. Each unit then takes its latest value with ``period_end`` no later
    than the reference period's; a unit that only has newer values takes its earliest one. If no
    period is common enough, every unit takes its own latest value and the reference period is
    ``None``. Where a unit has both its own and an ``inherited`` value for the same period end, its
    own wins. Rows whose value is NaN are ignored.

    Parameters
    ----------
    observations
        Long frame with :data:`OBSERVATION_COLUMNS`.
    min_period_coverage
        Share in (0, 1] of an indicator's units that the reference period must cover.

    Returns
    -------
    ReferenceValues
    """
    if not 0.0 < min_period_coverage <= 1.0:
        raise ValueError(f"min_period_coverage must be in (0, 1], got {min_period_coverage}")
    missing = [c for c in OBSERVATION_COLUMNS if c not in observations.columns]
    if missing:
        raise ValueError(f"observations lack columns {missing}")
    obs = observations.loc[observations["value"].notna(), list(OBSERVATION_COLUMNS)].reset_index(drop=True)
    obs["kato"] = obs["kato"].astype(str)
    obs["value"] = obs["value"].astype(float)
    obs["period_end"] = pd.to_datetime(obs["period_end"])
    # Integer codes keep this fast on the ~10^4 rows of a full district table (pure numpy below).
    unit, katos = pd.factorize(obs["kato"], sort=True)
    ind, codes = pd.factorize(obs["indicator"], sort=True)
    per, labels = pd.factorize(obs["period"])
    t = obs["period_end"].to_numpy("datetime64[ns]").astype(np.int64)
    ref_end, ref_period = _reference_periods(unit, ind, per, t, len(codes), len(labels), min_period_coverage)
    ref_label = pd.Series(
        [None if p < 0 else labels[p] for p in ref_period],
        index=pd.Index(codes, name="indicator"),
        dtype=object,
        name="reference_period",
    )

    # One sort does the selection: values at or before the reference end first (newest first), then
    # newer ones (oldest first); own values before inherited ones at the same period end.
    span = int(np.abs(t).max()) + 1 if len(t) else 1
    key = np.where(t <= ref_end[ind], -t, t + 2 * span)
    inherited = (obs["origin"] == "inherited").to_numpy()
    order = np.lexsort((inherited, key, ind, unit))
    cell = unit[order] * len(codes) + ind[order]
    first = order[np.r_[True, cell[1:] != cell[:-1]]] if len(order) else order

    chosen = obs.iloc[first].copy()
    chosen["reference_period"] = ref_label.to_numpy()[ind[first]]
    provenance = chosen.set_index(["kato", "indicator"])
    grid = np.full((len(katos), len(codes)), np.nan)
    grid[unit[first], ind[first]] = chosen["value"].to_numpy()
    values = pd.DataFrame(grid, index=pd.Index(katos, name="kato"), columns=list(codes))
    return ReferenceValues(values, provenance, ref_label)


def _reference_periods(
    unit: np.ndarray, ind: np.ndarray, per: np.ndarray, t: np.ndarray, n_ind: int, n_per: int, min_share: float
) -> tuple[np.ndarray, np.ndarray]:
    """Per indicator code: reference ``period_end`` in ns (int64 max = no cut-off) and period code (-1 = none)."""
    n_unit = int(unit.max()) + 1 if len(unit) else 1
    units_per_ind = np.bincount(np.unique(ind * n_unit + unit) // n_unit, minlength=n_ind)
    cell = ind * n_per + per
    units_per_cell = np.bincount(np.unique(cell * n_unit + unit) // n_unit, minlength=n_ind * n_per)
    end = np.full(n_ind * n_per, np.iinfo(np.int64).min)
    np.maximum.at(end, cell, t)
    share = units_per_cell / np.maximum(units_per_ind.repeat(n_per), 1)
    # A tiny tolerance so that e.g. 9 of 10 units meets 0.9 despite binary fractions.
    common = (share >= min_share - 1e-12).reshape(n_ind, n_per)
    end = np.where(common, end.reshape(n_ind, n_per), np.iinfo(np.int64).min)
    best = end.argmax(axis=1) if n_per else np.zeros(n_ind, dtype=int)
    found = common.any(axis=1) if n_per else np.zeros(n_ind, dtype=bool)
    ref_end = np.where(found, end[np.arange(n_ind), best] if n_per else 0, np.iinfo(np.int64).max)
    return ref_end, np.where(found, best, -1)
