"""The scoring pipeline: observations and a weight profile in, scores, zones, ranks and their decomposition out.

Steps (OECD/JRC Handbook on Constructing Composite Indicators; DESIGN.md "Scoring model"):
reference values → hard eligibility filters → winsorisation (optional) → normalisation with
direction → aggregation within and across pillars (missing indicators dropped, weights
renormalised, coverage reported) → score 0–100 → zones by the published rule → policy overrides →
rank. A unit failing a hard filter is kept and reported as ``"ineligible"``; it takes no part in
normalisation. A unit with coverage below ``min_coverage`` is ``"insufficient"``: it gets no score,
zone or rank, never a guess.

Evidence rules enforced here for every profile (docs/EVIDENCE.md): an indicator whose source is
marked partial is not scored until its register is in ``profile.complete_registers``, and an
indicator with values for fewer than half of the units of the level is not scored (min-max over a
handful of units would stretch them over the whole 0–1 range); both are reported in
:attr:`ScoreResult.excluded`. Units outside the designated regions are capped by
``profile.zoning.outside_designated_max_zone``.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from scoring.aggregate import aggregate_pillars, aggregate_score, coverage, decompose
from scoring.correlation import indicator_correlations
from scoring.evidence import evidence_shares, rank_within_group
from scoring.normalise import normalise, winsorise
from scoring.profile import INELIGIBLE, INSUFFICIENT, PolicyOverride, ScoringConfigError, WeightProfile
from scoring.reference import ReferenceValues, select_reference_values
from scoring.registry import BY_CODE
from scoring.zones import apply_overrides, assign_zones, outside_designated_override, rank_units

UNIT_COLUMNS: tuple[str, ...] = ("kato", "level", "parent_kato", "name_kk", "name_ru", "name_en", "population")
#: Tolerance when comparing coverage with ``min_coverage`` (weights are binary fractions).
COVERAGE_TOLERANCE = 1e-9
#: An indicator with values for fewer than this share of the units of its level is not scored.
MIN_INDICATOR_COVERAGE = 0.5
#: Reason ids of :attr:`ScoreResult.excluded` (the UI translates them).
EXCLUDED_PARTIAL = "partial_register"
EXCLUDED_LOW_COVERAGE = "low_coverage"
EXCLUDED_COLUMNS: tuple[str, ...] = ("indicator", "pillar", "reason", "units_with_value", "units", "coverage")
#: The policy indicator the designated-region cap reads.
DESIGNATED_INDICATOR = "designated_region"
_OPS = {"==": operator.eq, "!=": operator.ne, ">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}


@dataclass(frozen=True)
class ScoreResult:
    """Everything one scoring run produces.

    Attributes
    ----------
    table
        One row per unit of the level: ``kato``, ``parent_kato``, ``name_kk``, ``name_ru``,
        ``name_en``, ``score`` (0–100), ``zone`` (I–IV, ``"insufficient"``, ``"ineligible"``),
        ``zone_unadjusted`` (before overrides), ``rank`` (1 = best, NaN if unscored),
        ``rank_in_oblast`` (1 = best among the scored units of the same parent), ``coverage``
        (0–1), ``eligible``, ``eligibility_reason``, ``overrides_applied`` (tuple of names, the
        designated-region cap as ``"outside_designated_max_zone"``), ``evidence_district``,
        ``evidence_inherited``, ``evidence_policy`` (shares of the score's weight, see
        :func:`scoring.evidence.evidence_shares`; NaN if unscored) and one ``pillar_<name>``
        column (0–100) per scored pillar. Sorted by rank, unscored last.
    contributions
        Long: ``kato``, ``pillar``, ``indicator``, ``value`` (raw reference value), ``normalised``
        (0–1), ``weight`` (the unit's renormalised weight in the score, 0 when missing),
        ``nominal_weight``, ``contribution`` (score points; they sum to ``score`` per unit).
    provenance
        Long, index (``kato``, ``indicator``): the chosen observation's ``value``, ``period``,
        ``period_end``, ``origin``, ``source_id`` and the indicator's ``reference_period``.
    reference_periods
        Indicator code → reference period label (``None`` when units take their own latest).
    profile
        The profile used.
    excluded
        Indicators the profile weights but the evidence rules kept out of this run, with
        :data:`EXCLUDED_COLUMNS`; ``reason`` is :data:`EXCLUDED_PARTIAL` or :data:`EXCLUDED_LOW_COVERAGE`.
    correlations
        :func:`scoring.correlation.indicator_correlations` of the scored indicators over the
        units (and within oblasts); pairs with |r| ≥ 0.75 have ``redundant`` true.
    scored_profile
        ``profile`` with the excluded indicators' weights set to 0: the weights actually used.
    """

    table: pd.DataFrame
    contributions: pd.DataFrame
    provenance: pd.DataFrame
    reference_periods: pd.Series
    profile: WeightProfile
    excluded: pd.DataFrame
    correlations: pd.DataFrame
    scored_profile: WeightProfile


@dataclass(frozen=True)
class PreparedInputs:
    """Units and raw reference values of one level, with eligibility; shared by score and sensitivity."""

    units: pd.DataFrame  # index kato
    reference: ReferenceValues
    raw: pd.DataFrame  # index kato, columns = scored indicator codes, NaN for missing
    eligible: pd.Series  # bool
    eligibility_reason: pd.Series  # str, "" when eligible
    profile: WeightProfile  # the given profile with excluded indicators at weight 0
    given_profile: WeightProfile
    excluded: pd.DataFrame  # EXCLUDED_COLUMNS
    overrides: tuple[PolicyOverride, ...]  # the profile's, then the designated-region cap


def prepare_inputs(
    units: pd.DataFrame,
    observations: pd.DataFrame,
    profile: WeightProfile,
    *,
    level: str = "district",
    min_period_coverage: float = 0.9,
    min_indicator_coverage: float = MIN_INDICATOR_COVERAGE,
) -> PreparedInputs:
    """Select the units of ``level``, their reference values and the result of the hard filters.

    :math:`e_u = \\bigwedge_f (x_{u,f} \\ne NaN \\wedge x_{u,f} \\,op_f\\, a_f)`;
    indicator :math:`i` is scored only if :math:`|\\{u : x_{u,i} \\ne NaN\\}| \\ge 0.5\\,|U|` and its
    register is complete (:func:`evidence_exclusions`).
    """
    if level not in ("oblast", "district"):
        raise ScoringConfigError(f"unknown level {level!r}; known: oblast, district")
    missing = [c for c in UNIT_COLUMNS if c not in units.columns]
    if missing:
        raise ValueError(f"units lack columns {missing}")
    at_level = units.loc[units["level"] == level, list(UNIT_COLUMNS)].copy()
    at_level["kato"] = at_level["kato"].astype(str)
    at_level = at_level.set_index("kato", drop=False)
    codes = profile.scored_indicators()
    needed = set(codes) | {f.indicator for f in profile.filters}
    if profile.zoning.outside_designated_max_zone is not None:
        needed.add(DESIGNATED_INDICATOR)
    obs = observations[observations["kato"].astype(str).isin(at_level.index) & observations["indicator"].isin(needed)]
    reference = select_reference_values(obs, min_period_coverage=min_period_coverage)
    values = reference.values.reindex(index=at_level.index, columns=sorted(needed))

    eligible = pd.Series(True, index=at_level.index, name="eligible")
    reasons: list[list[str]] = [[] for _ in range(len(at_level))]
    for rule in profile.filters:
        x = values[rule.indicator].to_numpy(float)
        with np.errstate(invalid="ignore"):
            passed = ~np.isnan(x) & _OPS[rule.op](x, rule.value)
        for i in np.flatnonzero(~passed):
            got = "no value" if np.isnan(x[i]) else f"value {x[i]:g}"
            reasons[i].append(rule.reason or f"{rule.name}: {rule.indicator} {rule.op} {rule.value:g} fails ({got})")
        eligible &= passed
    reason = pd.Series(["; ".join(r) for r in reasons], index=at_level.index, name="eligibility_reason")
    excluded = evidence_exclusions(values[codes], profile, min_indicator_coverage=min_indicator_coverage)
    scored_profile = _without(profile, list(excluded["indicator"]))
    kept = scored_profile.scored_indicators()
    cap = outside_designated_override(
        values.get(DESIGNATED_INDICATOR, pd.Series(np.nan, index=at_level.index)),
        profile.zoning.outside_designated_max_zone,
    )
    overrides = (*profile.overrides, *((cap,) if cap else ()))
    return PreparedInputs(
        at_level, reference, values[kept], eligible, reason, scored_profile, profile, excluded, overrides
    )


def evidence_exclusions(
    raw: pd.DataFrame, profile: WeightProfile, *, min_indicator_coverage: float = MIN_INDICATOR_COVERAGE
) -> pd.DataFrame:
    """The scored indicators the evidence rules keep out of the score, with the reason.

    :math:`i` is excluded if :math:`\\mathrm{partial}(i) \\wedge \\mathrm{register}(i) \\notin R` or
    :math:`\\frac{|\\{u : x_{u,i} \\ne NaN\\}|}{|U|} < 0.5`.

    Parameters
    ----------
    raw
        Reference values of the profile's scored indicators, one row per unit of the level.
    profile
        The profile (its ``complete_registers``).
    min_indicator_coverage
        Share of the units an indicator needs values for (:data:`MIN_INDICATOR_COVERAGE`; 0 only
        to reproduce the scores made before the rule, docs/EVIDENCE.md).

    Returns
    -------
    pandas.DataFrame
        :data:`EXCLUDED_COLUMNS`, one row per excluded indicator in registry order; a partial
        register wins over low coverage as the reason.
    """
    n = len(raw)
    rows = []
    for code in raw.columns:
        ind = BY_CODE[code]
        have = int(raw[code].notna().sum())
        share = have / n if n else 0.0
        if ind.completeness == "partial" and not (ind.register and ind.register in profile.complete_registers):
            why = EXCLUDED_PARTIAL
        elif share < min_indicator_coverage - COVERAGE_TOLERANCE:
            why = EXCLUDED_LOW_COVERAGE
        else:
            continue
        rows.append(
            {
                "indicator": code,
                "pillar": ind.pillar,
                "reason": why,
                "units_with_value": have,
                "units": n,
                "coverage": share,
            }
        )
    return pd.DataFrame(rows, columns=list(EXCLUDED_COLUMNS))


def _without(profile: WeightProfile, codes: list[str]) -> WeightProfile:
    """``profile`` with the weights of ``codes`` set to 0; an error if nothing is left to score."""
    if not codes:
        return profile
    indicators = {
        c: (spec.model_copy(update={"weight": 0.0}) if c in codes else spec) for c, spec in profile.indicators.items()
    }
    out = profile.model_copy(update={"indicators": indicators})
    if not out.scored_indicators():
        raise ScoringConfigError(
            f"no indicator of profile {profile.id!r} passes the evidence rules (excluded: {', '.join(codes)})"
        )
    return out


def normalise_all(raw: pd.DataFrame, profile: WeightProfile, *, method: str | None = None) -> pd.DataFrame:
    """Winsorise (if the profile says so) and normalise every column of ``raw`` with its direction.

    :math:`y_{u,i} = f_{m(i)}(\\mathrm{wins}(x_{\\cdot,i}))_u`, with ``method`` replacing every
    indicator's own method when given (used by :func:`scoring.sensitivity.sensitivity`).
    """
    out = {}
    for code in raw.columns:
        x = raw[code]
        if profile.winsorise is not None:
            x = winsorise(x, lower=profile.winsorise.lower, upper=profile.winsorise.upper)
        m = method or profile.method_for(code)
        spec = profile.indicators[code]
        posts = (spec.goalposts.low, spec.goalposts.high) if spec.goalposts else None
        out[code] = normalise(x, m, BY_CODE[code].direction, goalposts=posts)
    return pd.DataFrame(out, index=raw.index, columns=raw.columns)


def score(
    units: pd.DataFrame,
    observations: pd.DataFrame,
    profile: WeightProfile,
    *,
    level: str = "district",
    min_period_coverage: float = 0.9,
    min_indicator_coverage: float = MIN_INDICATOR_COVERAGE,
) -> ScoreResult:
    """Score, zone and rank every unit of ``level`` under ``profile``.

    :math:`S_u = 100 \\cdot A_{across}(\\{A_{within}(\\{f_i(x_{u,i})\\}_{i \\in p}; w)\\}_p; v)`.

    Parameters
    ----------
    units
        Frame with :data:`UNIT_COLUMNS` (the store's ``unit`` rows).
    observations
        Long frame (see :func:`scoring.reference.select_reference_values`).
    profile
        The weight profile.
    level
        ``"district"`` or ``"oblast"``; units of other levels are ignored.
    min_period_coverage
        Passed to :func:`scoring.reference.select_reference_values`.
    min_indicator_coverage
        Passed to :func:`evidence_exclusions`.

    Returns
    -------
    ScoreResult
    """
    prep = prepare_inputs(
        units,
        observations,
        profile,
        level=level,
        min_period_coverage=min_period_coverage,
        min_indicator_coverage=min_indicator_coverage,
    )
    return score_prepared(prep)


def score_prepared(prep: PreparedInputs) -> ScoreResult:
    """:func:`score` on inputs already passed through :func:`prepare_inputs` (same formula)."""
    profile = prep.profile
    codes = list(prep.raw.columns)
    pillars = profile.scored_pillars()
    pillar_of = {c: BY_CODE[c].pillar for c in codes}
    weights = {c: profile.indicators[c].weight for c in codes}
    pillar_weights = {p: profile.pillar_weights[p] for p in pillars}

    eligible = prep.eligible.to_numpy()
    normalised = normalise_all(prep.raw[eligible], profile).reindex(prep.raw.index)
    pillar_scores = aggregate_pillars(
        normalised, weights, pillar_of, method=profile.aggregation_within, pillars=pillars
    )
    total = aggregate_score(pillar_scores, pillar_weights, method=profile.aggregation_across)
    cover = coverage(normalised, profile.effective_weights()).where(prep.eligible)
    sufficient = prep.eligible & (cover >= profile.min_coverage - COVERAGE_TOLERANCE)
    total = total.where(sufficient)
    pillar_scores = pillar_scores.where(sufficient, axis=0)

    unadjusted = assign_zones(total, profile.zoning)
    zones, applied = apply_overrides(unadjusted, prep.units["parent_kato"], prep.overrides)
    zones = zones.where(sufficient, INSUFFICIENT).where(prep.eligible, INELIGIBLE)
    unadjusted = unadjusted.where(sufficient, INSUFFICIENT).where(prep.eligible, INELIGIBLE)

    table = prep.units[["kato", "parent_kato", "name_kk", "name_ru", "name_en"]].copy()
    table["score"] = total
    table["zone"] = zones
    table["zone_unadjusted"] = unadjusted
    table["rank"] = rank_units(total)
    table["rank_in_oblast"] = rank_within_group(total, prep.units["parent_kato"])
    table["coverage"] = cover
    table["eligible"] = prep.eligible
    table["eligibility_reason"] = prep.eligibility_reason
    table["overrides_applied"] = applied
    contributions = _contributions(prep, normalised, total, profile, pillars, weights, pillar_of, pillar_weights)
    provenance = prep.reference.provenance.loc[
        prep.reference.provenance.index.get_level_values("indicator").isin(
            list(prep.raw.columns) + [f.indicator for f in profile.filters]
        )
    ]
    shares = evidence_shares(contributions, provenance)
    for col in shares.columns:
        table[col] = shares[col].reindex(table.index)
    for p in pillars:
        table[f"pillar_{p}"] = 100.0 * pillar_scores[p]
    table = (
        table.reset_index(drop=True)
        .sort_values(["rank", "kato"], na_position="last", kind="stable")
        .reset_index(drop=True)
    )

    correlations = indicator_correlations(prep.raw, prep.units["parent_kato"])
    return ScoreResult(
        table,
        contributions,
        provenance,
        prep.reference.reference_periods,
        prep.given_profile,
        prep.excluded,
        correlations,
        profile,
    )


def _contributions(
    prep: PreparedInputs,
    normalised: pd.DataFrame,
    total: pd.Series,
    profile: WeightProfile,
    pillars: list[str],
    weights: dict[str, float],
    pillar_of: dict[str, str],
    pillar_weights: dict[str, float],
) -> pd.DataFrame:
    """Long decomposition table (see :class:`ScoreResult`)."""
    codes = list(normalised.columns)
    parts = decompose(
        normalised,
        weights,
        pillar_of,
        pillar_weights,
        within=profile.aggregation_within,
        across=profile.aggregation_across,
        pillars=pillars,
    )
    parts = parts.where(total.notna(), axis=0)
    # The unit's own weights after dropping its missing indicators and empty pillars.
    present = normalised.notna().to_numpy()
    group = np.array([pillars.index(pillar_of[c]) for c in codes])
    w = np.array([weights[c] for c in codes]) * present
    member = np.eye(len(pillars))[group]
    w_within = w / np.where(w @ member > 0, w @ member, 1.0)[:, group]
    v = np.array([pillar_weights[p] for p in pillars]) * ((w @ member) > 0)
    v_share = v / np.where(v.sum(axis=1, keepdims=True) > 0, v.sum(axis=1, keepdims=True), 1.0)
    unit_weight = v_share[:, group] * w_within
    nominal = profile.effective_weights()
    n, k = normalised.shape
    return pd.DataFrame(
        {
            "kato": np.repeat(normalised.index.to_numpy(), k),
            "pillar": np.tile([pillar_of[c] for c in codes], n),
            "indicator": np.tile(codes, n),
            "value": prep.raw.to_numpy(float).ravel(),
            "normalised": normalised.to_numpy(float).ravel(),
            "weight": np.where(total.notna().to_numpy()[:, None], unit_weight, np.nan).ravel(),
            "nominal_weight": np.tile([nominal[c] for c in codes], n),
            "contribution": parts.to_numpy(float).ravel(),
        }
    )
