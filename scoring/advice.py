"""The advisor's family-specific scoring: an applicant family in, an adjusted weight profile and preference bonuses out.

The one-window officer (Decree No. 961 of 30 Nov 2022, Initiative 16) describes a family; the same
engine as the public map then ranks districts with weights that fit that family, and a few plainly
stated preference bonuses (kin, climate, urban/rural, the family's occupations among the region's
priority sectors) are added on the 0–100 scale. Every rule is a named constant or function here.
Errors carry a message id and parameters, translated at the UI edge.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from scoring.profile import WeightProfile

#: Occupation sectors the officer picks from, each mapped to Russian word stems found in the
#: ``priority_sector.sector_or_profession`` texts (data/raw/policy/priority_sectors.csv, written in
#: Russian). ``other`` and ``unknown`` match nothing.
SECTOR_KEYWORDS: dict[str, tuple[str, ...]] = {
    "agriculture": (
        "сельск",
        "агро",
        "апк",
        "зерн",
        "маслич",
        "молок",
        "мясн",
        "птицевод",
        "ветеринар",
        "животновод",
        "орошаем",
    ),
    "industry": (
        "промышлен",
        "металлург",
        "машиностро",
        "переработ",
        "производств",
        "ферросплав",
        "горно",
        "горнодоб",
        "рудн",
        "полимер",
        "инженер",
        "механик",
        "токар",
        "слесар",
        "печей",
    ),
    "construction": ("строител", "гидротехническ"),
    "healthcare": ("здравоохран", "медицин", "медработ", "врач", "медперс"),
    "education": ("образован", "педагог", "учител"),
    "energy": ("энергет", "газоснабж", "котельн", "электри"),
    "oil_gas": ("нефт",),
    "trade_logistics": ("торговл", "логистик"),
    "tourism": ("туризм",),
    "other": (),
    "unknown": (),
}
SECTORS: tuple[str, ...] = tuple(SECTOR_KEYWORDS)
EDUCATION_LEVELS: tuple[str, ...] = ("none", "secondary", "vocational", "higher", "unknown")
ORIGIN_COUNTRIES: tuple[str, ...] = ("CN", "UZ", "MN", "TM", "RU", "IR", "AF", "TR", "other")
SETTLEMENT_PREFERENCES: tuple[str, ...] = ("any", "urban", "rural")
CLIMATE_PREFERENCES: tuple[str, ...] = ("any", "north", "south")
SHEET_LOCALES: tuple[str, ...] = ("kk", "kk_Latn", "kk_Arab", "ru", "en")
#: Largest family the form accepts (a guard against typing errors, not a policy limit).
MAX_MEMBERS = 30

#: Sectors of «С дипломом – в село!» (Rules of the Minister of National Economy, order No. 72, source S14):
#: specialists of health care, education, social security, culture, sport and agro-industry moving to a village.
RURAL_SPECIALIST_SECTORS: frozenset[str] = frozenset({"healthcare", "education", "agriculture"})
RURAL_SPECIALIST_EDUCATION: frozenset[str] = frozenset({"vocational", "higher"})

#: Latitude separating "north" from "south" for the climate preference: the northern and
#: central-eastern macro-region of the Concept's expected result 3 lies north of about 48° N.
CLIMATE_SPLIT_LAT = 48.0
#: Points (on the 0–100 score scale) that each stated wish adds to a district that meets it. They are
#: large enough to move a district past a neighbouring oblast (the score's standard deviation between
#: districts is ~10 points) but, even all together, smaller than the gap between zone I and zone IV.
#: Kin weighs most: relatives on the spot are what helps a family settle (housing, first job, language).
KIN_POINTS = 15.0
CLIMATE_POINTS = 5.0
#: Times the district's share of the wished kind of population (rural for a village, urban for a town).
SETTLEMENT_POINTS = 8.0
SECTOR_POINTS_PER_ADULT = 4.0
SECTOR_POINTS_MAX = 12.0
#: A district counts as "mostly rural" (a village wish is met; farming work is likely) from this rural share.
RURAL_MAJORITY_PCT = 50.0
#: Akimat-reported vacancies per registered job seeker from which a district is said to have work for any field.
VACANCIES_PER_JOBSEEKER_MET = 1.0
#: Cap of each pillar's weight multiplier.
MULTIPLIER_MAX = 2.0


class AdviceInputError(ValueError):
    """Bad applicant input; ``msgid`` and ``params`` make the translated message at the UI edge."""

    def __init__(self, msgid: str, **params: object) -> None:
        super().__init__(msgid.format(**params) if params else msgid)
        self.msgid = msgid
        self.params = params


@dataclass(frozen=True)
class Applicant:
    """The family as the officer describes it: no name, no passport data.

    Parameters
    ----------
    adults, children, pensioners
        Counts of working-age adults, children and pensioners who move.
    adult_sectors
        Main occupation sector of each adult (one of :data:`SECTORS`), ``len == adults``.
    education
        Highest education level in the family (one of :data:`EDUCATION_LEVELS`).
    sheet_locale
        Locale and script of the advice sheet.
    origin
        Country of origin (ISO code from :data:`ORIGIN_COUNTRIES`).
    settlement, climate
        Preferences (``any`` = no preference).
    kin_oblast
        KATO of the oblast where the family has kin, or ``None``.
    ready_designated
        Whether the family is ready to move to a designated resettlement region.
    in_quota
        Whether the family is in the year's regional quota; ``None`` (the default) when not known
        yet — the advice then shows the support both ways.
    """

    adults: int
    children: int = 0
    pensioners: int = 0
    adult_sectors: tuple[str, ...] = ()
    education: str = "unknown"
    sheet_locale: str = "kk"
    origin: str = "other"
    settlement: Literal["any", "urban", "rural"] = "any"
    climate: Literal["any", "north", "south"] = "any"
    kin_oblast: str | None = None
    ready_designated: bool = True
    in_quota: bool | None = None

    @property
    def members(self) -> int:
        return self.adults + self.children + self.pensioners

    @property
    def rural_specialists(self) -> int:
        """Adults who may count as rural specialists: a village is preferred, a diploma and a programme sector."""
        if self.settlement != "rural" or self.education not in RURAL_SPECIALIST_EDUCATION:
            return 0
        return sum(s in RURAL_SPECIALIST_SECTORS for s in self.adult_sectors)

    def to_dict(self) -> dict[str, object]:
        """Plain dict (what a saved consultation stores as its profile)."""
        return {
            "adults": self.adults,
            "children": self.children,
            "pensioners": self.pensioners,
            "adult_sectors": list(self.adult_sectors),
            "education": self.education,
            "sheet_locale": self.sheet_locale,
            "origin": self.origin,
            "settlement": self.settlement,
            "climate": self.climate,
            "kin_oblast": self.kin_oblast,
            "ready_designated": self.ready_designated,
            "in_quota": self.in_quota,
        }


def validate_applicant(raw: dict[str, object], *, oblast_katos: set[str] | None = None) -> Applicant:
    """Check raw form values and build an :class:`Applicant`, or raise :class:`AdviceInputError`.

    Parameters
    ----------
    raw
        Keys as in :meth:`Applicant.to_dict`; counts may arrive as floats or strings from a form.
    oblast_katos
        Known oblast KATO codes; ``kin_oblast`` must be one of them when given.

    Returns
    -------
    Applicant
    """
    counts = {}
    for key in ("adults", "children", "pensioners"):
        value = raw.get(key, 0)
        try:
            number = float(value if value not in (None, "") else 0)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise AdviceInputError("The number of {field} must be a whole number", field=key) from None
        if math.isnan(number) or number != int(number):
            raise AdviceInputError("The number of {field} must be a whole number", field=key)
        if number < 0:
            raise AdviceInputError("The number of {field} cannot be negative", field=key)
        counts[key] = int(number)
    members = sum(counts.values())
    if members == 0:
        raise AdviceInputError("The family has no members: enter at least one adult or pensioner")
    if counts["adults"] + counts["pensioners"] == 0:
        raise AdviceInputError("Children cannot move alone: enter at least one adult or pensioner")
    if members > MAX_MEMBERS:
        raise AdviceInputError("A family of more than {n} people: check the numbers", n=MAX_MEMBERS)
    sectors = tuple(str(s) for s in (raw.get("adult_sectors") or ()))
    sectors = (sectors + ("unknown",) * counts["adults"])[: counts["adults"]]
    for sector in sectors:
        if sector not in SECTORS:
            raise AdviceInputError("Unknown occupation sector: {sector}", sector=sector)
    choices = {
        "education": EDUCATION_LEVELS,
        "sheet_locale": SHEET_LOCALES,
        "origin": ORIGIN_COUNTRIES,
        "settlement": SETTLEMENT_PREFERENCES,
        "climate": CLIMATE_PREFERENCES,
    }
    defaults = {"education": "unknown", "sheet_locale": "kk", "origin": "other", "settlement": "any", "climate": "any"}
    picked = {}
    for key, allowed in choices.items():
        value = str(raw.get(key) or defaults[key])
        if value not in allowed:
            raise AdviceInputError("Unknown value {value} for {field}", value=value, field=key)
        picked[key] = value
    in_quota = raw.get("in_quota")
    if in_quota not in (None, True, False):
        raise AdviceInputError("Unknown value {value} for {field}", value=in_quota, field="in_quota")
    kin = raw.get("kin_oblast") or None
    if kin is not None and oblast_katos is not None and str(kin) not in oblast_katos:
        raise AdviceInputError("Unknown oblast for kin: {value}", value=kin, field="kin_oblast")
    return Applicant(
        adults=counts["adults"],
        children=counts["children"],
        pensioners=counts["pensioners"],
        adult_sectors=sectors,
        kin_oblast=str(kin) if kin else None,
        ready_designated=bool(raw.get("ready_designated", True)),
        in_quota=in_quota,  # type: ignore[arg-type]
        **picked,
    )  # type: ignore[arg-type]


@dataclass(frozen=True)
class FamilyProfile:
    """The base profile re-weighted for a family, with the multiplier applied to each pillar."""

    profile: WeightProfile
    multipliers: dict[str, float] = field(default_factory=dict)


def pillar_multipliers(applicant: Applicant) -> dict[str, float]:
    """Weight multiplier of each pillar for the family.

    :math:`m_{labour} = 1 + 0.25 a`, :math:`m_{adaptation} = 1 + 0.25 (c + p)`,
    :math:`m_{housing} = 1 + 0.1 (n - 1)` (each capped at :data:`MULTIPLIER_MAX`), and
    :math:`m_{support}` = 1.5 if the family is ready for a designated region, else 0.5 (the
    kandas support measures apply only there) — ``a`` adults, ``c`` children, ``p`` pensioners,
    ``n`` members.
    """
    return {
        "labour": min(1.0 + 0.25 * applicant.adults, MULTIPLIER_MAX),
        "housing": min(1.0 + 0.1 * (applicant.members - 1), MULTIPLIER_MAX),
        "adaptation": min(1.0 + 0.25 * (applicant.children + applicant.pensioners), MULTIPLIER_MAX),
        "support": 1.5 if applicant.ready_designated else 0.5,
    }


def family_profile(base: WeightProfile, applicant: Applicant) -> FamilyProfile:
    """The base profile with pillar weights multiplied by :func:`pillar_multipliers`.

    :math:`v'_p = v_p \\cdot m_p`; indicators, normalisation, zoning and overrides stay as published.
    """
    mult = pillar_multipliers(applicant)
    weights = {p: w * mult.get(p, 1.0) for p, w in base.pillar_weights.items()}
    profile = base.model_copy(
        update={"id": f"{base.id}+family", "name": f"{base.name} (family)", "pillar_weights": weights}
    )
    return FamilyProfile(profile, {p: mult[p] for p in mult if p in weights})


def sectors_in_text(text: str) -> set[str]:
    """Sectors of :data:`SECTORS` whose word stems occur in a (Russian) priority-sector text."""
    lower = str(text).lower()
    return {s for s, stems in SECTOR_KEYWORDS.items() if any(stem in lower for stem in stems)}


def matched_sectors(applicant: Applicant, priority_rows: pd.DataFrame) -> dict[str, list[str]]:
    """Oblast KATO → the family's sectors named in that oblast's priority sectors or deficit professions.

    Rows of kind ``priority_sector`` and ``deficit_profession`` with an oblast count; national rows
    and vacancy counts "in all sectors" do not single out a region.
    """
    wanted = set(applicant.adult_sectors) - {"other", "unknown"}
    out: dict[str, list[str]] = {}
    if not wanted or priority_rows.empty:
        return out
    rows = priority_rows[
        priority_rows["oblast_kato"].notna() & priority_rows["kind"].isin(["priority_sector", "deficit_profession"])
    ]
    for kato, group in rows.groupby("oblast_kato"):
        found = set().union(*(sectors_in_text(t) for t in group["sector_or_profession"])) & wanted
        if found:
            out[str(kato)] = sorted(found)
    return out


@dataclass(frozen=True)
class Bonus:
    """One preference bonus of one district: ``msgid`` key (see :mod:`scoring.reasons`), points, parameters."""

    kato: str
    key: str
    points: float
    params: dict[str, object]


#: The family's wishes, in the order the sheet lists them.
WISHES: tuple[str, ...] = ("kin", "settlement", "climate", "work")
WishStatus = Literal["met", "not_met", "unknown"]


@dataclass(frozen=True)
class WishCheck:
    """How one district stands against one stated wish.

    ``status`` is ``met`` (the district earns ``points``), ``not_met`` (0 points) or ``unknown``
    (no data can judge the wish there: 0 points, and the sheet says so instead of pretending).
    ``key`` names the sentence (see the advisor's words), ``params`` fill it.
    """

    kato: str
    wish: str
    status: WishStatus
    key: str
    points: float
    params: dict[str, object]


def stated_wishes(applicant: Applicant) -> tuple[str, ...]:
    """The wishes the family stated (``any`` and unknown work fields state nothing)."""
    stated = {
        "kin": applicant.kin_oblast is not None,
        "settlement": applicant.settlement != "any",
        "climate": applicant.climate != "any",
        "work": bool(set(applicant.adult_sectors) - {"other", "unknown"}),
    }
    return tuple(w for w in WISHES if stated[w])


def kin_check(applicant: Applicant, kato: str, oblast: str) -> WishCheck:
    """Kin wish: met in every district of the kin oblast (:data:`KIN_POINTS`), not met elsewhere."""
    met = oblast == applicant.kin_oblast
    return WishCheck(
        kato, "kin", "met" if met else "not_met", "kin", KIN_POINTS if met else 0.0, {"oblast": applicant.kin_oblast}
    )


def settlement_check(applicant: Applicant, kato: str, rural_share_pct: float) -> WishCheck:
    """Village/town wish: :math:`B = P_{settlement} \\cdot f` where ``f`` is the rural share (village) or the
    urban share (town) of the district's population; met when :math:`f \\ge 0.5`, unknown without a share."""
    key = f"settlement_{applicant.settlement}"
    if pd.isna(rural_share_pct):
        return WishCheck(kato, "settlement", "unknown", key, 0.0, {})
    share = float(rural_share_pct) / 100.0
    fit = share if applicant.settlement == "rural" else 1.0 - share
    if fit >= RURAL_MAJORITY_PCT / 100.0:
        return WishCheck(kato, "settlement", "met", key, SETTLEMENT_POINTS * fit, {"share": fit})
    return WishCheck(kato, "settlement", "not_met", key, 0.0, {"share": fit})


def climate_check(applicant: Applicant, kato: str, lat: float) -> WishCheck:
    """Climate wish: met when the district centre lies on the wished side of :data:`CLIMATE_SPLIT_LAT`."""
    key = f"climate_{applicant.climate}"
    if pd.isna(lat):
        return WishCheck(kato, "climate", "unknown", key, 0.0, {})
    north = float(lat) >= CLIMATE_SPLIT_LAT
    met = north == (applicant.climate == "north")
    return WishCheck(kato, "climate", "met" if met else "not_met", key, CLIMATE_POINTS if met else 0.0, {"lat": lat})


def work_check(
    applicant: Applicant,
    kato: str,
    *,
    oblast_sectors: list[str] | None,
    rural_share_pct: float,
    vacancies_per_jobseeker: float = float("nan"),
) -> WishCheck:
    """Work wish: :math:`B = \\min(P_{adult} \\cdot n, P_{max})` for the ``n`` adults whose field the district has.

    An adult's field counts as present when the oblast's sourced priority sectors or deficit
    professions name it (``oblast_sectors``), when the field is agriculture and the district is mostly
    rural (:data:`RURAL_MAJORITY_PCT`), or — for any field — when the akimat reports at least
    :data:`VACANCIES_PER_JOBSEEKER_MET` vacancies per job seeker. Unknown when the oblast has no sourced
    sector list, no rural share is known and no akimat figure exists.

    Parameters
    ----------
    oblast_sectors
        The family's fields named in the oblast's priority-sector rows (``[]``: rows exist, none
        matches; ``None``: the oblast has no sourced sector rows at all).
    """
    fields = [s for s in applicant.adult_sectors if s not in ("other", "unknown")]
    present: set[str] = set(oblast_sectors or [])
    if pd.notna(rural_share_pct) and float(rural_share_pct) >= RURAL_MAJORITY_PCT and "agriculture" in fields:
        present.add("agriculture")
    vacancies = pd.notna(vacancies_per_jobseeker) and float(vacancies_per_jobseeker) >= VACANCIES_PER_JOBSEEKER_MET
    if vacancies:
        present.update(fields)
    adults = sum(f in present for f in fields)
    params: dict[str, object] = {"sectors": sorted(present & set(fields)), "vacancies": bool(vacancies)}
    if adults:
        return WishCheck(
            kato, "work", "met", "sector", min(SECTOR_POINTS_PER_ADULT * adults, SECTOR_POINTS_MAX), params
        )
    if oblast_sectors is None and pd.isna(vacancies_per_jobseeker):
        # No sector list and no akimat figure: at most the rural/urban structure speaks, and only of farming.
        return WishCheck(kato, "work", "unknown", "sector", 0.0, params)
    return WishCheck(kato, "work", "not_met", "sector", 0.0, params)


def wish_checks(
    applicant: Applicant,
    districts: pd.DataFrame,
    *,
    rural_share_pct: pd.Series,
    sector_matches: dict[str, list[str]],
    sector_oblasts: set[str] | None = None,
    vacancies_per_jobseeker: pd.Series | None = None,
) -> list[WishCheck]:
    """Every stated wish checked in every district (see the ``*_check`` functions for each term).

    Parameters
    ----------
    districts
        Frame with ``kato``, ``parent_kato``, ``lat``.
    rural_share_pct
        Rural share (0–100) indexed by district KATO.
    sector_matches
        Output of :func:`matched_sectors`.
    sector_oblasts
        Oblasts that have sourced priority-sector rows at all (None: treat every oblast as having them).
    vacancies_per_jobseeker
        Akimat-reported (approved) vacancies per job seeker indexed by district KATO, if any.
    """
    wishes = stated_wishes(applicant)
    vacancies = vacancies_per_jobseeker if vacancies_per_jobseeker is not None else pd.Series(dtype=float)
    out: list[WishCheck] = []
    for row in districts.itertuples(index=False):
        kato, oblast = str(row.kato), str(row.parent_kato)
        share = rural_share_pct.get(kato, np.nan)
        if "kin" in wishes:
            out.append(kin_check(applicant, kato, oblast))
        if "settlement" in wishes:
            out.append(settlement_check(applicant, kato, share))
        if "climate" in wishes:
            out.append(climate_check(applicant, kato, row.lat))
        if "work" in wishes:
            known = sector_oblasts is None or oblast in sector_oblasts
            sectors = sector_matches.get(oblast, []) if known else None
            out.append(
                work_check(
                    applicant,
                    kato,
                    oblast_sectors=sectors,
                    rural_share_pct=share,
                    vacancies_per_jobseeker=vacancies.get(kato, np.nan),
                )
            )
    return out


def preference_bonuses(
    applicant: Applicant,
    districts: pd.DataFrame,
    *,
    rural_share_pct: pd.Series,
    sector_matches: dict[str, list[str]],
    sector_oblasts: set[str] | None = None,
    vacancies_per_jobseeker: pd.Series | None = None,
) -> list[Bonus]:
    """The met wishes of :func:`wish_checks` as bonuses on the 0–100 scale (what the ranking adds)."""
    checks = wish_checks(
        applicant,
        districts,
        rural_share_pct=rural_share_pct,
        sector_matches=sector_matches,
        sector_oblasts=sector_oblasts,
        vacancies_per_jobseeker=vacancies_per_jobseeker,
    )
    return bonuses_of(checks)


def bonuses_of(checks: list[WishCheck]) -> list[Bonus]:
    """The met wishes as bonuses on the 0–100 scale (what the ranking adds); unmet and unjudged ones add nothing."""
    return [Bonus(c.kato, c.key, c.points, c.params) for c in checks if c.status == "met" and c.points > 0]


def personal_ranking(
    table: pd.DataFrame, bonuses: list[Bonus], *, pinned: tuple[str, ...] = (), excluded: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Order districts by engine score plus bonuses, officer overrides applied.

    :math:`P_u = S_u + \\sum_b B_{u,b}`; units without a score are left out. Excluded districts are
    dropped; pinned ones come first (in the order given), whatever their score.

    Returns
    -------
    pandas.DataFrame
        ``table``'s columns plus ``bonus``, ``personal_score``, ``personal_rank`` (1 = best),
        ``pinned`` (bool).
    """
    bonus = pd.Series(0.0, index=table["kato"].astype(str))
    for b in bonuses:
        if b.kato in bonus.index:
            bonus[b.kato] += b.points
    out = table.copy()
    out["kato"] = out["kato"].astype(str)
    out["bonus"] = bonus.reindex(out["kato"]).to_numpy()
    out["personal_score"] = out["score"] + out["bonus"]
    out = out[out["personal_score"].notna() | out["kato"].isin(pinned)]
    out = out[~out["kato"].isin(excluded)]
    out["pinned"] = out["kato"].isin(pinned)
    order = {k: i for i, k in enumerate(pinned)}
    out["_pin"] = out["kato"].map(order).fillna(len(order))
    out = out.sort_values(["_pin", "personal_score", "kato"], ascending=[True, False, True], na_position="last")
    out = out.drop(columns="_pin").reset_index(drop=True)
    out["personal_rank"] = np.arange(1, len(out) + 1)
    return out


def diverse_picks(ranking: pd.DataFrame, n: int, *, pinned: tuple[str, ...] = ()) -> pd.DataFrame:
    """The ``n`` districts to recommend from a :func:`personal_ranking`: diverse across oblasts.

    Pinned districts always come first. Then, in personal-rank order, a district is taken only if
    no district of its oblast is taken yet; when fewer than ``n`` oblasts qualify, the best of the
    remaining districts fill the list. Three near-identical districts of one oblast tell a family
    less than the best district of three oblasts.
    """
    pinned_rows = ranking[ranking["kato"].isin(pinned)]
    rest = ranking[~ranking["kato"].isin(pinned)]
    chosen = list(pinned_rows.index)
    oblasts = set(ranking.loc[chosen, "parent_kato"].astype(str))
    for idx, oblast in rest["parent_kato"].astype(str).items():
        if len(chosen) >= n:
            break
        if oblast not in oblasts:
            chosen.append(idx)
            oblasts.add(oblast)
    for idx in rest.index:
        if len(chosen) >= n:
            break
        if idx not in chosen:
            chosen.append(idx)
    return ranking.loc[chosen].reset_index(drop=True)
