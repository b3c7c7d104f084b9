"""Reasons in words for one recommended district, generated from the score's contributions.

Pure: returns message keys and parameters; the UI translates them (``advisor/text.py``). The
best three reasons *for* are the largest positive contributions (score points) of indicators on
which the district does at least as well as the midpoint (normalised value >= 0.5) and better than
at least half of the other districts; the main reason *against* is the indicator losing the most
points (:math:`100 \\cdot w_i (1 - y_i)`) among those below the midpoint and worse than at least
half of the others. The family's preference bonuses are listed apart, as the wishes a district meets.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from scoring.advice import Bonus, WishCheck

#: Normalised values at or above this count as a strength, below it as a weakness.
MIDPOINT = 0.5
#: A reason must beat (or, against, trail) at least this share of the other districts.
MIN_SHARE = 0.5
#: Binary indicators with their own sentences (a percentile says nothing about a yes/no).
BINARY_INDICATORS = frozenset({"designated_region"})


@dataclass(frozen=True)
class Reason:
    """One sentence: ``key`` names the message (see ``advisor.text.REASONS``), ``params`` fill it."""

    key: str
    points: float
    params: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class DistrictReasons:
    """The best reasons for (at most ``n_for``), the main reason against (or ``None``), the wishes met."""

    kato: str
    for_: tuple[Reason, ...]
    against: Reason | None
    preferences: tuple[Reason, ...] = ()
    #: Every stated wish for this district, met or not or not judgeable (in :data:`scoring.advice.WISHES` order).
    wishes: tuple[WishCheck, ...] = ()

    @property
    def wishes_met(self) -> tuple[WishCheck, ...]:
        return tuple(w for w in self.wishes if w.status == "met")

    @property
    def wishes_not_met(self) -> tuple[WishCheck, ...]:
        return tuple(w for w in self.wishes if w.status == "not_met")

    @property
    def wishes_unknown(self) -> tuple[WishCheck, ...]:
        return tuple(w for w in self.wishes if w.status == "unknown")


def _share_beaten(values: pd.Series, own: float, *, better: bool) -> float:
    """Share of the other units whose normalised value is strictly below (``better``) or above ``own``."""
    others = values.dropna()
    if len(others) <= 1:
        return 0.0
    beaten = (others < own).sum() if better else (others > own).sum()
    return float(beaten) / float(len(others) - 1)


def district_reasons(
    contributions: pd.DataFrame,
    kato: str,
    *,
    bonuses: list[Bonus] | tuple[Bonus, ...] = (),
    provenance: pd.DataFrame | None = None,
    n_for: int = 3,
    wishes: list[WishCheck] | tuple[WishCheck, ...] = (),
) -> DistrictReasons:
    """Reasons for and against ``kato`` from a :class:`scoring.pipeline.ScoreResult`'s contributions.

    Parameters
    ----------
    contributions
        Long frame: ``kato``, ``indicator``, ``value``, ``normalised``, ``weight``, ``contribution``
        for every scored unit (the shares "better than x % of districts" are taken over all of them).
    kato
        The district.
    bonuses
        Preference bonuses (only those of ``kato`` are used), returned as ``preferences``, largest first.
    provenance
        Optional, index (``kato``, ``indicator``) with ``period``, ``source_id``, ``origin``: copied
        into each reason's parameters so the sheet can show the date and source.
    n_for
        How many reasons for.
    wishes
        Wish checks (only those of ``kato`` are kept), returned as ``wishes``.

    Returns
    -------
    DistrictReasons
        Indicator reasons have keys ``for_generic``/``against_generic`` (params ``indicator``,
        ``value``, ``share``, ``inherited``, ``period``, ``source_id``) or
        ``for_designated``/``against_designated``; bonus reasons keep the bonus key.
    """
    kato = str(kato)
    scored = contributions[contributions["weight"].notna() & contributions["normalised"].notna()]
    own = scored[scored["kato"].astype(str) == kato]
    candidates_for: list[Reason] = []
    candidates_against: list[Reason] = []
    for row in own.itertuples(index=False):
        peers = scored.loc[scored["indicator"] == row.indicator, "normalised"]
        params: dict[str, object] = {"indicator": row.indicator, "value": float(row.value)}
        if provenance is not None and (kato, row.indicator) in provenance.index:
            prov = provenance.loc[(kato, row.indicator)]
            params.update(
                period=str(prov["period"]),
                source_id=str(prov["source_id"]),
                inherited=prov.get("origin") == "inherited",
            )
        lost = 100.0 * float(row.weight) * (1.0 - float(row.normalised))
        binary = row.indicator in BINARY_INDICATORS
        if row.normalised >= MIDPOINT and row.contribution > 0:
            share = _share_beaten(peers, float(row.normalised), better=True)
            if binary or share >= MIN_SHARE:
                key = "for_designated" if binary else "for_generic"
                candidates_for.append(Reason(key, float(row.contribution), {**params, "share": share}))
        elif row.normalised < MIDPOINT and lost > 0:
            share = _share_beaten(peers, float(row.normalised), better=False)
            if binary or share >= MIN_SHARE:
                key = "against_designated" if binary else "against_generic"
                candidates_against.append(Reason(key, lost, {**params, "share": share}))
    best = sorted(candidates_for, key=lambda r: (-r.points, str(r.params["indicator"])))[:n_for]
    worst = max(candidates_against, key=lambda r: (r.points, str(r.params["indicator"])), default=None)
    wished = sorted(
        (Reason(b.key, b.points, dict(b.params)) for b in bonuses if b.kato == kato and b.points > 0),
        key=lambda r: (-r.points, r.key),
    )
    own_wishes = tuple(w for w in wishes if w.kato == kato)
    return DistrictReasons(kato, tuple(best), worst, tuple(wished), own_wishes)
