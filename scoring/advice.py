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
KIN_POINTS = 5.0
CLIMATE_POINTS = 3.0
SETTLEMENT_POINTS = 3.0
SECTOR_POINTS_PER_ADULT = 2.0
SECTOR_POINTS_MAX = 6.0
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


def preference_bonuses(
    applicant: Applicant, districts: pd.DataFrame, *, rural_share_pct: pd.Series, sector_matches: dict[str, list[str]]
) -> list[Bonus]:
    """Bonuses of each district on the 0–100 scale.

    Kin oblast: :data:`KIN_POINTS`. Climate: :data:`CLIMATE_POINTS` when the district centre lies on
    the preferred side of :data:`CLIMATE_SPLIT_LAT`. Urban/rural: :data:`SETTLEMENT_POINTS` × the
    rural (or urban) share of the population (none when unknown). Sectors:
    :data:`SECTOR_POINTS_PER_ADULT` per adult whose sector the oblast names, at most
    :data:`SECTOR_POINTS_MAX`.

    Parameters
    ----------
    districts
        Frame with ``kato``, ``parent_kato``, ``lat``.
    rural_share_pct
        Rural share (0–100) indexed by district KATO.
    sector_matches
        Output of :func:`matched_sectors`.
    """
    out: list[Bonus] = []
    for row in districts.itertuples(index=False):
        kato, oblast = str(row.kato), str(row.parent_kato)
        if applicant.kin_oblast and oblast == applicant.kin_oblast:
            out.append(Bonus(kato, "kin", KIN_POINTS, {"oblast": oblast}))
        lat = float(row.lat) if pd.notna(row.lat) else np.nan
        if applicant.climate != "any" and not np.isnan(lat):
            north = lat >= CLIMATE_SPLIT_LAT
            if north == (applicant.climate == "north"):
                out.append(Bonus(kato, f"climate_{applicant.climate}", CLIMATE_POINTS, {"lat": lat}))
        share = rural_share_pct.get(kato, np.nan)
        if applicant.settlement != "any" and pd.notna(share):
            fit = share / 100.0 if applicant.settlement == "rural" else 1.0 - share / 100.0
            if fit >= 0.5:
                out.append(Bonus(kato, f"settlement_{applicant.settlement}", SETTLEMENT_POINTS * fit, {"share": fit}))
        sectors = sector_matches.get(oblast, [])
        if sectors:
            adults = sum(s in sectors for s in applicant.adult_sectors)
            points = min(SECTOR_POINTS_PER_ADULT * adults, SECTOR_POINTS_MAX)
            out.append(Bonus(kato, "sector", points, {"sectors": sectors}))
    return out


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
