"""Before/after figures of the evidence rules: how much of the district score is the oblast, and which zones moved why.

The rules are switched on one at a time, from the profile used before them (every non-context
indicator at equal weight, the adaptation-centre list treated as complete, no indicator-coverage
minimum, no designated-region cap) to :data:`scoring.profile.DEFAULT_PROFILE`, so every changed
zone is attributed to the step that moved it. Pure: frames in, frames out; the command is
``python -m data.report --summary`` and the figures are in docs/EVIDENCE.md.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from scoring.evidence import EVIDENCE_COLUMNS, anova_r2, within_group_sd, within_group_variance_shares
from scoring.pipeline import MIN_INDICATOR_COVERAGE, ScoreResult, score
from scoring.profile import ZONES, IndicatorSpec, WeightProfile, build_default_profile
from scoring.registry import BY_CODE


@dataclass(frozen=True)
class Step:
    """One rung of the ladder: a name, what it switches on, the profile and the indicator-coverage minimum."""

    name: str
    change: str
    profile: WeightProfile
    min_indicator_coverage: float


def legacy_profile() -> WeightProfile:
    """The default profile as it was before the evidence rules (version 1 of ``default``)."""
    now = build_default_profile(complete_registers=("adaptation_centres",))
    return now.model_copy(
        update={
            "version": 1,
            "indicators": {c: IndicatorSpec(weight=1.0) for c, ind in BY_CODE.items() if ind.pillar != "context"},
            "zoning": now.zoning.model_copy(update={"outside_designated_max_zone": None}),
        }
    )


def evidence_steps() -> list[Step]:
    """The ladder from the old default to the new one, one rule per step."""
    legacy = legacy_profile()
    partial = legacy.model_copy(update={"complete_registers": ()})
    new = build_default_profile()
    uncapped = new.model_copy(update={"zoning": new.zoning.model_copy(update={"outside_designated_max_zone": None})})
    return [
        Step("before", "old default profile", legacy, 0.0),
        Step("coverage", "indicators with values for < 50% of districts not scored", legacy, MIN_INDICATOR_COVERAGE),
        Step(
            "partial_register", "adaptation-centre distance (partial list) not scored", partial, MIN_INDICATOR_COVERAGE
        ),
        Step(
            "redundant",
            "one of each pair with |r| >= 0.75 (and unofficial sources) dropped",
            uncapped,
            MIN_INDICATOR_COVERAGE,
        ),
        Step("designated_cap", "outside designated regions at best zone III", new, MIN_INDICATOR_COVERAGE),
    ]


def summarise(result: ScoreResult) -> dict[str, float | str]:
    """Oblast R², within-oblast SD, zone counts, mean evidence shares and within-oblast drivers of one run."""
    t = result.table.set_index("kato")
    s, g = t["score"], t["parent_kato"]
    out: dict[str, float | str] = {
        "scored": int(s.notna().sum()),
        "r2_oblast": anova_r2(s, g),
        "sd_within_oblast": within_group_sd(s, g),
        "sd_total": float(s.std()),
        # Weighted indicators with at least one value (the old default also weighted empty ones).
        "indicators_scored": int(result.contributions.groupby("indicator")["value"].count().gt(0).sum()),
    }
    for z in ZONES:
        out[f"zone_{z}"] = int((t["zone"] == z).sum())
    for c in EVIDENCE_COLUMNS:
        out[f"mean_{c}"] = float(t[c].mean())
    drivers = within_group_variance_shares(result.contributions, s, g)
    out["within_oblast_drivers"] = "; ".join(f"{k} {v:.2f}" for k, v in drivers.items() if abs(v) >= 0.005)
    return out


def evidence_summary(units: pd.DataFrame, observations: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run :func:`evidence_steps` on the districts.

    Returns
    -------
    (summary, changes)
        ``summary``: one row per step with :func:`summarise`'s figures plus ``zones_changed`` (vs
        the previous step) and ``zones_changed_total`` (vs ``before``). ``changes``: one row per
        district whose zone differs between ``before`` and the last step: ``kato``, ``name_en``,
        ``parent_kato``, ``zone_before``, ``zone_after`` and ``moved_by`` (the steps that moved it,
        joined by ``+``).
    """
    rows, zones = [], {}
    for step in evidence_steps():
        result = score(units, observations, step.profile, min_indicator_coverage=step.min_indicator_coverage)
        zones[step.name] = result.table.set_index("kato")["zone"]
        rows.append({"step": step.name, "change": step.change, **summarise(result)})
        names = result.table.set_index("kato")[["name_en", "parent_kato"]]
    summary = pd.DataFrame(rows)
    names_of = list(zones)
    frame = pd.DataFrame(zones)
    summary["zones_changed"] = [0] + [
        int((frame[b] != frame[a]).sum()) for a, b in zip(names_of[:-1], names_of[1:], strict=True)
    ]
    summary["zones_changed_total"] = [int((frame[n] != frame[names_of[0]]).sum()) for n in names_of]
    moved = frame[frame[names_of[-1]] != frame[names_of[0]]]
    changes = names.reindex(moved.index).reset_index()
    changes["zone_before"] = moved[names_of[0]].to_numpy()
    changes["zone_after"] = moved[names_of[-1]].to_numpy()
    changes["moved_by"] = [
        "+".join(b for a, b in zip(names_of[:-1], names_of[1:], strict=True) if moved.at[k, a] != moved.at[k, b])
        for k in moved.index
    ]
    return summary, changes


def registry_correlations(units: pd.DataFrame, observations: pd.DataFrame) -> pd.DataFrame:
    """Correlations of every non-context registry indicator with values (for the Methodology page).

    The same table as :attr:`scoring.pipeline.ScoreResult.correlations`, but over all indicators
    the old default weighted, so the page can show the pairs the default profile resolves
    (:data:`scoring.profile.DEFAULT_DROPPED_AS_REDUNDANT`) and why.
    """
    return score(units, observations, legacy_profile(), min_indicator_coverage=0.0).correlations
