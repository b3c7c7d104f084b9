# i18n-domain: advisor
"""Advisor glue: the store's frames in, one family's advice out (no Streamlit, no translation here).

:func:`load_inputs` reads everything the advisor needs through the store (the page caches it by
data version); :func:`build_advice` scores the districts with the family's profile, adds the
preference bonuses and officer overrides, and gathers for each recommended district the reasons,
settlements, quota, priority sectors, nearest adaptation centre and the family's support. Nothing
here is stored; :func:`consultation_record` is what "save" writes.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

import pandas as pd

from data.scored import published_profile
from data.store import Store
from scoring import load_profile, score, sensitivity
from scoring.advice import (
    Applicant,
    Bonus,
    WishCheck,
    bonuses_of,
    diverse_picks,
    family_profile,
    matched_sectors,
    personal_ranking,
    wish_checks,
)
from scoring.geo import nearest_centre
from scoring.reasons import DistrictReasons, district_reasons
from scoring.support import Family, SupportEstimate, estimate_support, support_scenarios

#: How many districts the advice recommends (pinned ones come on top of the list).
TOP_N = 3
SENSITIVITY_DRAWS = 200
SENSITIVITY_SEED = 2026
#: Settlements listed per district.
SETTLEMENTS_SHOWN = 5
#: KATO that is on no designated list: the "outside a designated region" case of the support table.
NON_DESIGNATED = "00"


@dataclass(frozen=True)
class AdvisorInputs:
    """Everything the advisor reads from the store, once per data version."""

    districts: pd.DataFrame
    oblasts: pd.DataFrame
    observations: pd.DataFrame
    base_profile_json: str
    profile_status: str
    measures: pd.DataFrame
    mci: pd.DataFrame
    designated: pd.DataFrame
    quotas: pd.DataFrame
    centres: pd.DataFrame
    programmes: pd.DataFrame
    priority: pd.DataFrame
    settlements: pd.DataFrame
    sources: pd.DataFrame
    geometry: pd.DataFrame
    meta: dict[str, str]
    #: How to apply for kandas status (steps with source ids; empty when the build has no such table).
    how_to_apply: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["step", "topic", "text_en", "text_ru", "source_id"])
    )
    #: "Where and how to apply" contacts the akimats and the ministry keep (register ``apply_contacts``).
    apply_contacts: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def years(self) -> list[int]:
        """Years with an MCI value (the support amounts need it)."""
        return sorted(int(y) for y in self.mci.loc[self.mci["kzt"].notna(), "year"])


def load_inputs(store: Store) -> AdvisorInputs:
    """Read the advisor's frames through the store."""
    profile, status = published_profile(store)
    return AdvisorInputs(
        districts=store.units("district"),
        oblasts=store.units("oblast"),
        observations=store.observations("district"),
        base_profile_json=profile.to_json(),
        profile_status=status,
        measures=store.support_measures(),
        mci=store.mci(),
        designated=store.designated_regions(),
        quotas=store.quotas(),
        centres=store.adaptation_centres(),
        programmes=store.business_programmes(),
        priority=store.priority_sectors(),
        settlements=store.settlements(official_only=True),
        sources=store.sources(),
        geometry=store.geometry_wkb("district"),
        meta=store.meta(),
        how_to_apply=store.how_to_apply(),
        apply_contacts=store.register_rows("apply_contacts"),
    )


@dataclass(frozen=True)
class Overrides:
    """The officer's changes to the ranking: districts pinned to the top, districts excluded, a note."""

    pinned: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    note: str = ""

    @property
    def any(self) -> bool:
        return bool(self.pinned or self.excluded or self.note.strip())


@dataclass(frozen=True)
class DistrictAdvice:
    """One recommended district with everything the sheet says about it."""

    kato: str
    names: dict[str, object]
    oblast_kato: str
    oblast_names: dict[str, object]
    zone: str
    score: float | None
    bonus: float
    personal_score: float | None
    rank: float | None
    rank_p5: float | None
    rank_p95: float | None
    pinned: bool
    reasons: DistrictReasons
    settlements: pd.DataFrame
    quota: dict | None
    designated: dict | None
    priority: pd.DataFrame
    centre: dict | None
    centre_km: float | None
    support: SupportEstimate
    #: The support for each quota case that applies: ``in_quota`` and/or ``not_in_quota``
    #: (both when the family does not know yet whether it is in the quota).
    support_cases: dict[str, SupportEstimate] = field(default_factory=dict)


@dataclass(frozen=True)
class Advice:
    """A whole consultation's result (nothing of it is stored unless the officer saves)."""

    applicant: Applicant
    year: int
    family: Family
    multipliers: dict[str, float]
    districts: tuple[DistrictAdvice, ...]
    support_designated: SupportEstimate
    support_outside: SupportEstimate
    overrides: Overrides
    data_version: str
    built_at: str
    made_on: dt.date
    profile_status: str
    bonuses: tuple[Bonus, ...] = field(default=())
    wishes: tuple[WishCheck, ...] = field(default=())


def family_of(applicant: Applicant) -> Family:
    """The support engine's family: every member, children and pensioners, rural specialists, and whether
    it is in the quota (unknown unless the officer says)."""
    return Family(
        members=applicant.members,
        children=applicant.children,
        pensioners=applicant.pensioners,
        status="kandas",
        in_quota=applicant.in_quota,
        rural_specialists=applicant.rural_specialists,
    )


def _oblast_quota(quotas: pd.DataFrame, oblast: str, year: int) -> dict | None:
    rows = quotas[
        (quotas["year"] == year)
        & (quotas["category"] == "kandas")
        & quotas["preferred"]
        & (quotas["oblast_kato"].astype(str) == oblast)
    ]
    return rows.iloc[0].to_dict() if len(rows) else None


def _designation(designated: pd.DataFrame, oblast: str, year: int) -> dict | None:
    lists = designated[(designated["year"] == year) & (designated["category"] == "kandas")]
    if lists.empty:
        return None
    rows = lists[lists["oblast_kato"].astype(str) == oblast]
    first = lists.iloc[0].to_dict()
    return {
        "designated": not rows.empty,
        "source_id": first["source_id"],
        "legal_act": first["legal_act"],
        "year": year,
    }


def build_advice(
    inputs: AdvisorInputs,
    applicant: Applicant,
    *,
    year: int,
    overrides: Overrides = Overrides(),
    top_n: int = TOP_N,
    today: dt.date | None = None,
) -> Advice:
    """Score, rank and explain the districts for ``applicant`` in ``year``.

    Parameters
    ----------
    inputs
        From :func:`load_inputs`.
    applicant
        The validated family.
    year
        Year of the move (MCI, quota and designated list of that year).
    overrides
        Officer's pins, exclusions and note.
    top_n
        Districts recommended (plus any pinned beyond them).
    """
    base = load_profile(inputs.base_profile_json)
    fam = family_profile(base, applicant)
    result = score(inputs.districts, inputs.observations, fam.profile)
    bands = sensitivity(
        inputs.districts, inputs.observations, fam.profile, draws=SENSITIVITY_DRAWS, seed=SENSITIVITY_SEED
    )
    table = result.table.merge(bands[["kato", "rank_p5", "rank_p95"]], on="kato", how="left")
    rural = inputs.observations[inputs.observations["indicator"] == "rural_share_pct"]
    rural_share = rural.sort_values("period_end").groupby("kato")["value"].last()
    matches = matched_sectors(applicant, inputs.priority)
    located = table.merge(inputs.districts[["kato", "lat", "lon"]], on="kato", how="left")
    checks = wish_checks(
        applicant,
        located,
        rural_share_pct=rural_share,
        sector_matches=matches,
        sector_oblasts=set(inputs.priority["oblast_kato"].dropna().astype(str)),
        vacancies_per_jobseeker=_akimat_values(inputs.observations, "vacancies_per_jobseeker"),
    )
    bonuses = bonuses_of(checks)
    ranking = personal_ranking(located, bonuses, pinned=overrides.pinned, excluded=overrides.excluded)
    chosen = diverse_picks(ranking, max(top_n, len(overrides.pinned)), pinned=overrides.pinned)

    family = family_of(applicant)
    support_kwargs = {"year": year, "measures": inputs.measures, "mci": inputs.mci, "designated": inputs.designated}
    oblasts = inputs.oblasts.set_index("kato")
    units = inputs.districts.set_index("kato")
    districts = []
    for row in chosen.itertuples(index=False):
        oblast = str(row.parent_kato)
        settlements = inputs.settlements[inputs.settlements["district_kato"].astype(str) == row.kato]
        centre, km = nearest_centre(units.at[row.kato, "lat"], units.at[row.kato, "lon"], inputs.centres)
        priority = inputs.priority[inputs.priority["oblast_kato"].astype(str) == oblast]
        districts.append(
            DistrictAdvice(
                kato=row.kato,
                names=units.loc[row.kato, ["name_kk", "name_ru", "name_en"]].to_dict(),
                oblast_kato=oblast,
                oblast_names=oblasts.loc[oblast, ["name_kk", "name_ru", "name_en"]].to_dict(),
                zone=str(row.zone),
                score=_num(row.score),
                bonus=float(row.bonus),
                personal_score=_num(row.personal_score),
                rank=_num(row.rank),
                rank_p5=_num(row.rank_p5),
                rank_p95=_num(row.rank_p95),
                pinned=bool(row.pinned),
                reasons=district_reasons(
                    result.contributions, row.kato, bonuses=bonuses, provenance=result.provenance, wishes=checks
                ),
                settlements=settlements.head(SETTLEMENTS_SHOWN).reset_index(drop=True),
                quota=_oblast_quota(inputs.quotas, oblast, year),
                designated=_designation(inputs.designated, oblast, year),
                priority=priority.reset_index(drop=True),
                centre=centre,
                centre_km=km,
                support=estimate_support(family, oblast_kato=oblast, **support_kwargs),
                support_cases=support_scenarios(family, oblast_kato=oblast, **support_kwargs),
            )
        )
    lists = inputs.designated[(inputs.designated["year"] == year) & (inputs.designated["category"] == "kandas")]
    some_designated = str(lists["oblast_kato"].iloc[0]) if len(lists) else NON_DESIGNATED
    return Advice(
        applicant=applicant,
        year=year,
        family=family,
        multipliers=fam.multipliers,
        districts=tuple(districts),
        support_designated=estimate_support(family, oblast_kato=some_designated, **support_kwargs),
        support_outside=estimate_support(family, oblast_kato=NON_DESIGNATED, **support_kwargs),
        overrides=overrides,
        data_version=inputs.meta.get("data_version", ""),
        built_at=inputs.meta.get("built_at", ""),
        made_on=today or dt.date.today(),
        profile_status=inputs.profile_status,
        bonuses=tuple(b for b in bonuses if b.kato in set(chosen["kato"])),
        wishes=tuple(c for c in checks if c.kato in set(chosen["kato"])),
    )


def _akimat_values(observations: pd.DataFrame, indicator: str) -> pd.Series:
    """The latest akimat-entered (published) value of ``indicator`` per district KATO."""
    rows = observations[(observations["indicator"] == indicator) & (observations["origin"] == "akimat")]
    if rows.empty:
        return pd.Series(dtype=float)
    return rows.sort_values("period_end").groupby("kato")["value"].last()


def _num(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def consultation_record(advice: Advice) -> tuple[str, str]:
    """``(profile_json, result_json)`` of a consultation: the family's description (no names, no passport
    data — the form asks for none) and what was advised."""
    profile = json.dumps(advice.applicant.to_dict(), ensure_ascii=False)
    result = {
        "year": advice.year,
        "data_version": advice.data_version,
        "made_on": advice.made_on.isoformat(),
        "districts": [
            {
                "kato": d.kato,
                "zone": d.zone,
                "score": d.score,
                "personal_score": d.personal_score,
                "pinned": d.pinned,
                # "up to" and the guaranteed part per quota case (never one total: the rest is conditional).
                "support": {
                    case: {"up_to_kzt": est.up_to_kzt, "guaranteed_kzt": est.guaranteed_kzt}
                    for case, est in d.support_cases.items()
                },
            }
            for d in advice.districts
        ],
        "overrides": {"pinned": list(advice.overrides.pinned), "excluded": list(advice.overrides.excluded)},
    }
    return profile, json.dumps(result, ensure_ascii=False)
