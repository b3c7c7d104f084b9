"""How much of a district's zone rests on evidence about that district, and the plain-words notes for its card.

A score is a weighted mean of indicator values; each value is either measured for the district
itself (an official district figure, a distance computed from its own centre, an approved akimat
entry), inherited from its oblast (the district has no figure of its own), or set by a policy act
(a quota, a designation). The shares of the score's weight in these three classes tell a reader
whether a zone says something about the district or about its oblast. Also here: the rank within
the oblast, the "zone uncertain" flag and the one-way ANOVA R² used in docs/EVIDENCE.md.
"""

from __future__ import annotations

from enum import StrEnum

import numpy as np
import pandas as pd

from scoring.registry import BY_CODE, Indicator

#: Zone stability (share of Monte-Carlo draws in the nominal zone) below which a zone is uncertain.
ZONE_STABLE_SHARE = 0.8
#: A share of the score's weight at or above this is "most of the zone".
MOST_SHARE = 0.5
EVIDENCE_COLUMNS: tuple[str, ...] = ("evidence_district", "evidence_inherited", "evidence_policy")


def is_policy(ind: Indicator) -> bool:
    """Whether an indicator's value is set by a policy act (supplier ``policy`` or tag ``policy``)."""
    return ind.supplier == "policy" or "policy" in ind.tags


def evidence_class(indicator: str, origin: str | None) -> str:
    """``"policy"``, ``"inherited"`` or ``"district"`` for one value of ``indicator`` with store ``origin``."""
    if is_policy(BY_CODE[indicator]):
        return "policy"
    return "inherited" if origin == "inherited" else "district"


def evidence_shares(contributions: pd.DataFrame, provenance: pd.DataFrame) -> pd.DataFrame:
    """Share of each unit's score weight resting on district, inherited and policy values.

    :math:`E^{c}_u = \\sum_{i : \\mathrm{class}(u,i) = c} W_{u,i}` with :math:`W_{u,i}` the unit's
    renormalised weight (summing to 1 over the indicators it has), for
    :math:`c \\in \\{district, inherited, policy\\}`; the three sum to 1.

    Parameters
    ----------
    contributions
        :attr:`scoring.pipeline.ScoreResult.contributions` (``kato``, ``indicator``, ``weight``;
        weight NaN for units without a score).
    provenance
        :attr:`scoring.pipeline.ScoreResult.provenance` (index ``kato``, ``indicator``; ``origin``).

    Returns
    -------
    pandas.DataFrame
        Index kato, :data:`EVIDENCE_COLUMNS`; NaN for units without a score.
    """
    c = contributions[["kato", "indicator", "weight"]].copy()
    origin = provenance["origin"] if "origin" in provenance.columns else pd.Series(dtype=object)
    keys = pd.MultiIndex.from_arrays([c["kato"].astype(str), c["indicator"]])
    c["origin"] = origin.reindex(keys).to_numpy() if len(origin) else None
    c["class"] = [evidence_class(i, o) for i, o in zip(c["indicator"], c["origin"], strict=True)]
    wide = c.pivot_table(index="kato", columns="class", values="weight", aggfunc="sum", dropna=False)
    scored = c.groupby("kato")["weight"].apply(lambda w: w.notna().any())
    out = pd.DataFrame(index=pd.Index(c["kato"].unique(), name="kato"))
    for name in ("district", "inherited", "policy"):
        col = wide[name] if name in wide.columns else pd.Series(0.0, index=wide.index)
        out[f"evidence_{name}"] = col.reindex(out.index).fillna(0.0).where(scored.reindex(out.index))
    return out


def rank_within_group(scores: pd.Series, groups: pd.Series) -> pd.Series:
    """Rank of each unit among the scored units of its group (oblast), 1 = best; NaN if unscored.

    :math:`r^{g}_u = 1 + |\\{v : g(v) = g(u),\\ S_v > S_u\\}|`.
    """
    from scoring.zones import SCORE_DECIMALS  # zones imports profile; evidence stays importable alone

    rounded = scores.round(SCORE_DECIMALS)
    g = groups.reindex(scores.index).fillna("")
    return rounded.groupby(g).rank(ascending=False, method="min", na_option="keep").rename("rank_in_oblast")


def zone_uncertain(zone_share: pd.Series, *, threshold: float = ZONE_STABLE_SHARE) -> pd.Series:
    """Whether a zone is uncertain: fewer than ``threshold`` of the Monte-Carlo draws give it.

    :math:`\\mathrm{uncertain}_u = [\\frac1D \\sum_d [z^{(d)}_u = z_u] < 0.8]`; a missing share is not uncertain.
    """
    return (zone_share.astype(float) < threshold).fillna(False).astype(bool).rename("zone_uncertain")


class CardNote(StrEnum):
    """Message ids of the plain-words notes on a district card; the UI translates them.

    The English sentence of each id is in :data:`CARD_NOTE_TEXT` (a msgid for the UI's catalogue).
    """

    MOSTLY_INHERITED = "evidence.mostly_inherited"
    NO_AKIMAT_DATA = "evidence.no_akimat_data"
    MOSTLY_POLICY = "evidence.mostly_policy"
    MOSTLY_DISTRICT = "evidence.mostly_district"
    ZONE_UNCERTAIN = "evidence.zone_uncertain"
    CAPPED_OUTSIDE_DESIGNATED = "evidence.capped_outside_designated"
    INSUFFICIENT_DATA = "evidence.insufficient_data"


CARD_NOTE_TEXT: dict[CardNote, str] = {
    CardNote.MOSTLY_INHERITED: "Most of this zone comes from oblast figures, not from figures about this district.",
    CardNote.NO_AKIMAT_DATA: "The akimat has not reported district data yet.",
    CardNote.MOSTLY_POLICY: "Most of this zone comes from policy: the region's quota and designation.",
    CardNote.MOSTLY_DISTRICT: "Most of this zone rests on figures measured for this district.",
    CardNote.ZONE_UNCERTAIN: "Zone uncertain: with other reasonable weights this district often lands in another zone.",
    CardNote.CAPPED_OUTSIDE_DESIGNATED: (
        "Not recommended above zone III: the region is not designated for resettlement this year, "
        "so a family gets no state resettlement support here."
    ),
    CardNote.INSUFFICIENT_DATA: "Not enough data to give this district a zone.",
}


def card_notes(row: pd.Series | dict, *, akimat_values: int = 0) -> list[CardNote]:
    """The notes a district card shows, in reading order.

    Parameters
    ----------
    row
        One row of the scored table (``score``, ``zone_uncertain`` if present, the
        :data:`EVIDENCE_COLUMNS`, ``overrides_applied``).
    akimat_values
        How many akimat-entered indicators have a value for this district (0 adds
        :attr:`CardNote.NO_AKIMAT_DATA`).

    Returns
    -------
    list of CardNote
    """
    get = row.get
    notes: list[CardNote] = []
    score = get("score")
    if score is None or (isinstance(score, float) and np.isnan(score)):
        notes.append(CardNote.INSUFFICIENT_DATA)
    else:
        district, inherited, policy = (float(get(c, 0.0) or 0.0) for c in EVIDENCE_COLUMNS)
        if inherited >= MOST_SHARE:
            notes.append(CardNote.MOSTLY_INHERITED)
        elif policy >= MOST_SHARE:
            notes.append(CardNote.MOSTLY_POLICY)
        elif district >= MOST_SHARE:
            notes.append(CardNote.MOSTLY_DISTRICT)
    if akimat_values == 0:
        notes.append(CardNote.NO_AKIMAT_DATA)
    if bool(get("zone_uncertain", False)):
        notes.append(CardNote.ZONE_UNCERTAIN)
    applied = get("overrides_applied") or ()
    if "outside_designated_max_zone" in tuple(applied):
        notes.append(CardNote.CAPPED_OUTSIDE_DESIGNATED)
    return notes


def akimat_value_counts(observations: pd.DataFrame) -> pd.Series:
    """Per kato, how many akimat-supplied indicators have a value of the district's own (for :func:`card_notes`).

    Parameters
    ----------
    observations
        The store's long observation frame (``kato``, ``indicator``, ``value``, ``origin``).

    Returns
    -------
    pandas.Series
        Index kato, number of distinct akimat indicators with a non-inherited value; katos without
        any are absent (read them as 0).
    """
    akimat = [code for code, ind in BY_CODE.items() if ind.supplier == "akimat"]
    own = observations[
        observations["indicator"].isin(akimat) & observations["value"].notna() & (observations["origin"] != "inherited")
    ]
    return own.groupby(own["kato"].astype(str))["indicator"].nunique().rename("akimat_values")


def anova_r2(scores: pd.Series, groups: pd.Series) -> float:
    """Share of the variance of ``scores`` explained by ``groups`` (one-way ANOVA R²).

    :math:`R^2 = 1 - \\frac{\\sum_u (S_u - \\bar S_{g(u)})^2}{\\sum_u (S_u - \\bar S)^2}` over scored units.
    """
    s = scores.dropna()
    g = groups.reindex(s.index)
    total = float(((s - s.mean()) ** 2).sum())
    within = float(((s - s.groupby(g).transform("mean")) ** 2).sum())
    return 1.0 - within / total if total > 0 else float("nan")


def within_group_sd(scores: pd.Series, groups: pd.Series) -> float:
    """Pooled within-group standard deviation of the scores.

    :math:`\\sqrt{\\frac{1}{n - k} \\sum_u (S_u - \\bar S_{g(u)})^2}` over the scored units of :math:`k` groups.
    """
    s = scores.dropna()
    g = groups.reindex(s.index)
    dof = len(s) - g.nunique()
    within = float(((s - s.groupby(g).transform("mean")) ** 2).sum())
    return float(np.sqrt(within / dof)) if dof > 0 else float("nan")


def within_group_variance_shares(contributions: pd.DataFrame, scores: pd.Series, groups: pd.Series) -> pd.Series:
    """Share of the within-oblast variance of the score that each indicator's contribution carries.

    :math:`\\frac{\\sum_u \\tilde c_{u,i} \\tilde S_u}{\\sum_u \\tilde S_u^2}` with :math:`\\tilde x_u = x_u - \\bar x_{g(u)}`;
    the shares sum to 1 (since :math:`S_u = \\sum_i c_{u,i}`) and say what orders districts within an oblast.

    Parameters
    ----------
    contributions
        :attr:`scoring.pipeline.ScoreResult.contributions`.
    scores, groups
        Score and oblast (``parent_kato``) per kato.

    Returns
    -------
    pandas.Series
        Indicator code → share, largest first; empty when no score varies within an oblast.
    """
    c = contributions.pivot_table(index="kato", columns="indicator", values="contribution", aggfunc="sum")
    s = scores.reindex(c.index)
    keep = s.notna()
    c, s = c[keep].fillna(0.0), s[keep]
    g = groups.reindex(c.index)
    cw = c - c.groupby(g).transform("mean")
    sw = s - s.groupby(g).transform("mean")
    total = float((sw * sw).sum())
    if total <= 0:
        return pd.Series(dtype=float)
    return (cw.mul(sw, axis=0).sum() / total).sort_values(ascending=False)
