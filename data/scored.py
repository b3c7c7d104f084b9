"""Store → scoring glue: the one way every page, command and export scores the districts.

Reads units and observations through the store, takes the published weight profile (or the
registry default when none is published yet), and returns scores, zones, ranks, contributions and
the Monte-Carlo rank bands together. Pure scoring stays in ``scoring/``; this module only does IO.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from data.store import Store
from scoring import DEFAULT_PROFILE, ScoreResult, WeightProfile, load_profile, score, sensitivity
from scoring.evidence import zone_uncertain
from scoring.profile import build_default_profile
from scoring.registry import BY_CODE

DEFAULT_DRAWS = 1000
DEFAULT_SEED = 2026


@dataclass(frozen=True)
class ScoredMap:
    """Scores of one level with their uncertainty; ``table`` has the rank band columns joined in."""

    result: ScoreResult
    table: pd.DataFrame
    profile: WeightProfile
    profile_status: str  # 'published' (from the database) or 'default' (registry default, none published)


def with_register_state(profile: WeightProfile, store: Store) -> WeightProfile:
    """``profile`` with ``complete_registers`` = its own ∪ the registers the ministry has marked complete
    in every oblast (:meth:`Store.complete_registers`), so the published zones follow the register state.

    Only register names the scoring registry knows are added (a register with no indicator, e.g. the
    programmes list, has nothing to let into the score). Returns ``profile`` itself when nothing changes.
    """
    known = {ind.register for ind in BY_CODE.values() if ind.register}
    marked = tuple(name for name in store.complete_registers() if name in known)
    merged = tuple(sorted(set(profile.complete_registers) | set(marked)))
    if merged == tuple(sorted(profile.complete_registers)):
        return profile
    return profile.model_copy(update={"complete_registers": merged})


def published_profile(store: Store) -> tuple[WeightProfile, str]:
    """The newest published weight profile, or the registry default marked ``'default'``, with the
    registers marked complete in the store (:func:`with_register_state`).

    The default is rebuilt with those registers, so an indicator kept out only as a partial register
    (the distance to an adaptation centre) gets its default weight once its register is complete.
    """
    rows = store.query(
        "SELECT profile_json FROM weight_profile WHERE status = 'published' "
        "ORDER BY published_at DESC NULLS LAST, version DESC LIMIT 1"
    )
    if rows.empty:
        known = {ind.register for ind in BY_CODE.values() if ind.register}
        marked = tuple(name for name in store.complete_registers() if name in known)
        return (build_default_profile(complete_registers=marked) if marked else DEFAULT_PROFILE), "default"
    return with_register_state(load_profile(rows.iloc[0, 0]), store), "published"


def score_districts(
    store: Store, profile: WeightProfile | None = None, *, draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED
) -> ScoredMap:
    """Score every district with ``profile`` (default: the published one) and attach rank bands.

    The returned table carries ``rank_p5``, ``rank_p50``, ``rank_p95``, ``zone_share`` (share of
    Monte-Carlo draws in the nominal zone) and ``zone_uncertain`` (zone_share < 0.8, see
    :func:`scoring.evidence.zone_uncertain`) beside the nominal score, zone, rank and the evidence
    shares of :class:`scoring.ScoreResult`. A partial register marked complete in every oblast is
    scored (:func:`with_register_state`), whichever profile is used.
    """
    status = "custom"
    if profile is None:
        profile, status = published_profile(store)
    else:
        profile = with_register_state(profile, store)
    units = store.units("district")
    observations = store.observations("district")
    result = score(units, observations, profile)
    bands = sensitivity(units, observations, profile, draws=draws, seed=seed)
    band_cols = ["kato", "rank_p5", "rank_p50", "rank_p95", "zone_share"]
    table = result.table.merge(bands[band_cols], on="kato", how="left")
    table["zone_uncertain"] = zone_uncertain(table["zone_share"])
    return ScoredMap(result=result, table=table, profile=profile, profile_status=status)


def validated_profile(text: str) -> WeightProfile:
    """A weight profile typed on the Admin page, validated before the store saves it as a draft.

    Raises
    ------
    ValidationFailed
        The text is not a valid profile (the reason names what is wrong).
    """
    from data import _validate as _v
    from data.errors import ValidationError, ValidationFailed
    from scoring.profile import ScoringConfigError

    try:
        return load_profile(text)
    except ScoringConfigError as exc:
        raise ValidationFailed([ValidationError(_v.BAD_PROFILE, column="profile", value=str(exc)[:300])]) from exc
