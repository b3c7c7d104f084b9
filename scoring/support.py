"""State support a family can expect at a place and year, in tenge, from the measures in the data.

Measures are stated in MCI (monthly calculation index, МРП/АЕК), fixed each year by the law on the
republican budget; the amounts, designated regions and MCI values all come from the frames passed
in (the store's ``support_measure``, ``mci`` and designated-region tables), never from constants
here. Where something needed is missing (no MCI for the year, no designated-region list) the answer
says "unknown" instead of guessing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import pandas as pd

MEASURE_COLUMNS: tuple[str, ...] = (
    "code",
    "amount_mci",
    "amount_mci_max",
    "basis",
    "months",
    "eligibility",
    "valid_from",
    "valid_to",
    "legal_basis",
    "source_id",
)
#: Bases whose amounts are grants summed into the family's total.
GRANT_BASES: tuple[str, ...] = ("per_member", "per_family", "per_family_month", "per_specialist")
#: Bases listed but never summed: a loan ceiling (money lent, not given) and a share of a price.
LISTED_BASES: tuple[str, ...] = ("loan_cap", "share")
#: Measures paid only when the family buys a home (the economic-mobility certificate is "for buying
#: housing, paid in full only if the home costs less": MinTrud order of 14 Nov 2025, sources S12b, S15a;
#: Concept 2023–2027, Initiative 23, source S12d). They count in the "up to" ceiling, never as guaranteed.
HOUSING_PURCHASE_MEASURES: frozenset[str] = frozenset({"MOBILITY_CERTIFICATE", "MOBILITY_CERTIFICATE_2023"})
#: Conditions that make money conditional even for an eligible family: a home must be bought (the
#: certificate), or a member must be hired as a specialist in a village («С дипломом – в село!», order
#: No. 72, source S14: the allowance follows the job, which the family does not have yet).
NOT_GUARANTEED_CONDITIONS: tuple[str, ...] = ("housing_purchase", "rural_specialist")
#: Conditions a measure can carry, in the order the card and the sheet list them.
CONDITIONS: tuple[str, ...] = ("designated_region", "in_quota", "housing_purchase", "rural_specialist")
#: Category of the designated-region list that applies to each kind of applicant.
DESIGNATED_CATEGORY: dict[str, str] = {"kandas": "kandas", "settler": "settlers"}


@dataclass(frozen=True)
class Family:
    """The applicant family as the one-window officer describes it.

    Parameters
    ----------
    members
        Everyone who moves, the applicant included.
    children, pensioners
        How many of the members are children and pensioners.
    status
        ``"kandas"`` (ethnic Kazakh with kandas status) or ``"settler"`` (internal settler).
    in_quota
        Whether the family is included in the year's regional quota (the condition of state support);
        ``None`` when it is not known yet: the quota measures are then conditional (in the "up to"
        ceiling, not in the guaranteed part).
    rural_specialists
        How many members move to a village as specialists («С дипломом – в село!»).
    """

    members: int
    children: int = 0
    pensioners: int = 0
    status: Literal["kandas", "settler"] = "kandas"
    in_quota: bool | None = True
    rural_specialists: int = 0

    def __post_init__(self) -> None:
        if self.members < 1:
            raise ValueError(f"a family has at least one member, got {self.members}")
        if self.children < 0 or self.pensioners < 0 or self.children + self.pensioners > self.members:
            raise ValueError(
                f"children ({self.children}) and pensioners ({self.pensioners}) must be "
                f"non-negative and not exceed members ({self.members})"
            )
        if not 0 <= self.rural_specialists <= self.members - self.children:
            raise ValueError(f"rural_specialists ({self.rural_specialists}) must be between 0 and the adults")
        if self.status not in DESIGNATED_CATEGORY:
            raise ValueError(f"unknown status {self.status!r}; known: {', '.join(DESIGNATED_CATEGORY)}")


@dataclass(frozen=True)
class SupportEstimate:
    """Result of :func:`estimate_support`.

    Attributes
    ----------
    measures
        One row per measure: ``code``, ``status`` (``eligible``, ``conditional`` — eligible only if
        the family is in the quota, which is not known yet —, ``not_eligible``, ``not_in_force``,
        ``unknown``), ``eligible`` (bool), ``reason``, ``basis``, ``months``, ``amount_min_kzt``,
        ``amount_max_kzt`` (equal unless the measure is a range; NaN when not eligible, when the MCI
        is unknown, or when the amount is not a plain MCI figure), ``in_total`` (grants only; a loan
        ceiling or a share of a price is listed, not summed), ``legal_basis``, ``source_id``.
    total_min_kzt, total_max_kzt
        Sum of the eligible grants; ``None`` when the MCI or an eligibility is unknown.
    mci_kzt
        MCI of the year in tenge, ``None`` if the data has none.
    designated
        Whether the oblast is designated for the family's status in the year (``None`` = no list).
    notes
        Why the answer is incomplete, if it is.
    """

    measures: pd.DataFrame
    total_min_kzt: float | None
    total_max_kzt: float | None
    mci_kzt: float | None
    designated: bool | None
    notes: tuple[str, ...]
    guaranteed_kzt: float | None = None
    up_to_kzt: float | None = None

    @property
    def conditional_kzt(self) -> float | None:
        """The part of :attr:`up_to_kzt` that depends on a condition not yet met (or a range's upper end)."""
        if self.guaranteed_kzt is None or self.up_to_kzt is None:
            return None
        return self.up_to_kzt - self.guaranteed_kzt


def measure_amount_kzt(
    amount_mci: float, basis: str, *, members: int, months: float, mci_kzt: float, specialists: int = 0
) -> float:
    """Tenge amount of one measure for a family.

    :math:`A = a_{MCI} \\cdot MCI_{year} \\cdot m` with :math:`m` = members (``per_member``), 1
    (``per_family``, ``loan_cap``), months (``per_family_month``) or specialists (``per_specialist``).
    """
    multipliers = {
        "per_member": members,
        "per_family": 1,
        "per_family_month": months,
        "per_specialist": specialists,
        "loan_cap": 1,
    }
    if basis not in multipliers:
        raise ValueError(f"basis {basis!r} has no tenge amount; known: {', '.join(multipliers)}")
    multiplier = multipliers[basis]
    return float(amount_mci) * float(mci_kzt) * float(multiplier)


def estimate_support(
    family: Family, *, oblast_kato: str, year: int, measures: pd.DataFrame, mci: pd.DataFrame, designated: pd.DataFrame
) -> SupportEstimate:
    """Eligibility and tenge amount of every support measure for ``family`` in ``oblast_kato`` and ``year``.

    :math:`T = \\sum_{k \\text{ eligible}} a_k \\cdot MCI_{year} \\cdot m_k` (min and max of ranges).

    A measure is in force in ``year`` when its validity interval overlaps the calendar year.
    ``kandas_settler_in_quota`` measures need the oblast on the year's designated list for the
    family's status and the family in the quota; ``rural_specialist`` measures need a rural
    specialist in the family. Grants are summed; a loan ceiling (``loan_cap``) and a share of a
    price (``share``) are listed with their reason but not summed. Oblasts are matched on the first two KATO digits.

    Parameters
    ----------
    family
        The family.
    oblast_kato
        KATO of the destination oblast (9 digits, or its 2-digit prefix).
    year
        Year of the move.
    measures
        Frame with :data:`MEASURE_COLUMNS`.
    mci
        Frame with columns ``year``, ``kzt``.
    designated
        Frame with columns ``year``, ``oblast_kato``, ``category``.

    Returns
    -------
    SupportEstimate
    """
    missing = [c for c in MEASURE_COLUMNS if c not in measures.columns]
    if missing:
        raise ValueError(f"measures lack columns {missing}")
    notes: list[str] = []
    mci_rows = mci.loc[(mci["year"].astype(int) == year) & mci["kzt"].notna(), "kzt"]
    mci_kzt = float(mci_rows.iloc[0]) if len(mci_rows) else None
    if mci_kzt is None:
        notes.append(f"MCI for {year} is not in the data: amounts unknown")

    oblast = str(oblast_kato)[:2]
    lists = designated[designated["year"].astype(int) == year]
    category = DESIGNATED_CATEGORY[family.status]
    if lists.empty:
        is_designated: bool | None = None
        notes.append(f"no designated-region list for {year}: eligibility of quota measures unknown")
    else:
        is_designated = bool(
            ((lists["oblast_kato"].astype(str).str[:2] == oblast) & (lists["category"] == category)).any()
        )

    first_day, last_day = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
    rows = []
    for m in measures.itertuples(index=False):
        valid_from, valid_to = _date(m.valid_from), _date(m.valid_to)
        in_force = (valid_from is None or valid_from <= last_day) and (valid_to is None or valid_to >= first_day)
        status, reason = _eligibility(m.eligibility, family, year, in_force, is_designated)
        if valid_from is None and status in ("eligible", "conditional"):
            # A measure applies only from the year its sources say; without one we do not assume it.
            status, reason = "unknown", "the sources do not say from which year the measure applies"
        if not in_force:
            reason = f"not in force in {year} (valid {_fmt(valid_from)} – {_fmt(valid_to)})"
        conditions = _conditions(m.code, m.eligibility)
        low = high = np.nan
        if m.basis not in GRANT_BASES + LISTED_BASES and status in ("eligible", "conditional"):
            status, reason = "unknown", f"unknown basis {m.basis!r}"
        elif m.basis == "share" and status in ("eligible", "conditional"):
            reason += "; the amount is a share of the housing price, not a fixed sum"
        elif status in ("eligible", "conditional") and mci_kzt is not None:
            months = float(m.months) if pd.notna(m.months) else np.nan
            size = {
                "members": family.members,
                "months": months,
                "mci_kzt": mci_kzt,
                "specialists": family.rural_specialists,
            }
            if pd.notna(m.amount_mci):
                low = measure_amount_kzt(m.amount_mci, m.basis, **size)
            top = m.amount_mci_max if pd.notna(m.amount_mci_max) else m.amount_mci
            if pd.notna(top):
                high = measure_amount_kzt(top, m.basis, **size)
            if m.basis == "loan_cap":
                reason += "; a loan ceiling, not counted in the total"
        rows.append(
            {
                "code": m.code,
                "status": status,
                "eligible": status == "eligible",
                "reason": reason,
                "basis": m.basis,
                "months": m.months,
                "amount_min_kzt": low,
                "amount_max_kzt": high,
                "in_total": status in ("eligible", "conditional") and m.basis in GRANT_BASES,
                "conditions": conditions,
                "guaranteed": status == "eligible"
                and m.basis in GRANT_BASES
                and not set(conditions) & set(NOT_GUARANTEED_CONDITIONS),
                "legal_basis": m.legal_basis,
                "source_id": m.source_id,
                "valid_from": valid_from,
            }
        )
    table = pd.DataFrame(
        rows,
        columns=[
            "code",
            "status",
            "eligible",
            "reason",
            "basis",
            "months",
            "amount_min_kzt",
            "amount_max_kzt",
            "in_total",
            "conditions",
            "guaranteed",
            "legal_basis",
            "source_id",
            "valid_from",
        ],
    )
    granted = table[table["in_total"]]
    complete = mci_kzt is not None and not (table["status"] == "unknown").any()
    if complete:
        total_min, total_max = float(granted["amount_min_kzt"].sum()), float(granted["amount_max_kzt"].sum())
        guaranteed = float(granted.loc[granted["guaranteed"], "amount_min_kzt"].sum())
        up_to = total_max
    else:
        total_min = total_max = guaranteed = up_to = None
    return SupportEstimate(table, total_min, total_max, mci_kzt, is_designated, tuple(notes), guaranteed, up_to)


def support_scenarios(family: Family, **kwargs: object) -> dict[str, SupportEstimate]:
    """One estimate per quota case: ``{"in_quota": …, "not_in_quota": …}`` when the family's quota is
    unknown (``in_quota is None``), else the one case that applies. ``kwargs`` as for :func:`estimate_support`."""
    cases = (
        {"in_quota": True, "not_in_quota": False}
        if family.in_quota is None
        else {"in_quota" if family.in_quota else "not_in_quota": family.in_quota}
    )
    return {name: estimate_support(replace(family, in_quota=flag), **kwargs) for name, flag in cases.items()}  # type: ignore[arg-type]


def _conditions(code: str, rule: str) -> tuple[str, ...]:
    """The conditions a measure's money depends on, in :data:`CONDITIONS` order."""
    found = set()
    if rule == "kandas_settler_in_quota":
        found |= {"designated_region", "in_quota"}
    if rule == "rural_specialist":
        found.add("rural_specialist")
    if code in HOUSING_PURCHASE_MEASURES:
        found.add("housing_purchase")
    return tuple(c for c in CONDITIONS if c in found)


def _eligibility(rule: str, family: Family, year: int, in_force: bool, is_designated: bool | None) -> tuple[str, str]:
    """Status and reason of one measure for the family."""
    if not in_force:
        return "not_in_force", ""
    if rule == "kandas_settler_in_quota":
        if is_designated is None:
            return "unknown", f"no designated-region list for {year}"
        if not is_designated:
            return "not_eligible", f"the region is not designated for {family.status} resettlement in {year}"
        if family.in_quota is None:
            return "conditional", f"only if the family is in the {year} regional quota"
        if not family.in_quota:
            return "not_eligible", f"the family is not in the {year} regional quota"
        return "eligible", f"designated region and family in the {year} quota"
    if rule == "rural_specialist":
        if family.rural_specialists > 0:
            return "eligible", "a member moves to a village as a specialist"
        return "not_eligible", "no member moves to a village as a specialist"
    return "unknown", f"unknown eligibility rule {rule!r}"


def _date(value: object) -> pd.Timestamp | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return pd.Timestamp(value)


def _fmt(value: pd.Timestamp | None) -> str:
    return "…" if value is None else value.date().isoformat()
