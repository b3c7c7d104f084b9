"""Support calculator, checked against the real 2026 amounts (MCI 4,325 KZT)."""

from __future__ import annotations

import pandas as pd
import pytest

from scoring.support import MEASURE_COLUMNS, Family, estimate_support, support_scenarios

# Real values (resettlement_policy.csv, mci.csv): relocation 70 MCI per member, rent 15–30 MCI per family
# per month for 12 months, economic mobility certificate 1,625 MCI per family from 1 Jan 2026.
MEASURES = pd.DataFrame(
    [
        (
            "RELOCATION_SUBSIDY",
            70.0,
            None,
            "per_member",
            None,
            "kandas_settler_in_quota",
            "2023-01-01",
            None,
            "R",
            "S12a",
        ),
        (
            "RENT_SUBSIDY",
            15.0,
            30.0,
            "per_family_month",
            12,
            "kandas_settler_in_quota",
            "2023-01-01",
            None,
            "R",
            "S12a",
        ),
        (
            "MOBILITY_CERTIFICATE",
            1625.0,
            None,
            "per_family",
            None,
            "kandas_settler_in_quota",
            "2026-01-01",
            None,
            "MinTrud order 14 Nov 2025",
            "S12b",
        ),
        (
            "MOBILITY_CERTIFICATE_2023",
            None,
            None,
            "share",
            None,
            "kandas_settler_in_quota",
            "2023-01-01",
            "2025-12-31",
            "Concept",
            "S12d",
        ),
        (
            "DIPLOMA_LIFTING_ALLOWANCE",
            100.0,
            None,
            "per_specialist",
            None,
            "rural_specialist",
            "2024-01-01",
            None,
            "S14",
            "S14",
        ),
        ("DIPLOMA_HOUSING_LOAN", None, 2500.0, "loan_cap", None, "rural_specialist", "2025-01-01", None, "S14", "S14"),
    ],
    columns=list(MEASURE_COLUMNS),
)
MCI = pd.DataFrame({"year": [2025, 2026], "kzt": [3932, 4325]})
DESIGNATED = pd.DataFrame(
    {
        "year": [2026, 2026, 2026],
        "oblast_kato": ["550000000", "100000000", "350000000"],
        "category": ["kandas", "kandas", "settlers"],
    }
)


def _estimate(family: Family, oblast: str = "550000000", year: int = 2026):
    return estimate_support(family, oblast_kato=oblast, year=year, measures=MEASURES, mci=MCI, designated=DESIGNATED)


def test_family_of_five_in_a_designated_region_2026() -> None:
    est = _estimate(Family(members=5, children=3))
    m = est.measures.set_index("code")
    assert m.loc["RELOCATION_SUBSIDY", "amount_min_kzt"] == 1_513_750  # 70 × 5 × 4,325
    assert m.loc["MOBILITY_CERTIFICATE", "amount_min_kzt"] == 7_028_125  # 1,625 × 4,325
    assert (m.loc["RENT_SUBSIDY", "amount_min_kzt"], m.loc["RENT_SUBSIDY", "amount_max_kzt"]) == (778_500, 1_557_000)
    assert m.loc["MOBILITY_CERTIFICATE_2023", "status"] == "not_in_force"
    assert est.total_min_kzt == 1_513_750 + 7_028_125 + 778_500
    assert est.total_max_kzt == 1_513_750 + 7_028_125 + 1_557_000
    assert est.designated is True


def test_region_not_designated_or_family_outside_quota() -> None:
    est = _estimate(Family(members=5), oblast="750000000")
    assert not est.measures["eligible"].any() and est.total_min_kzt == 0
    assert "not designated" in est.measures.set_index("code").loc["RELOCATION_SUBSIDY", "reason"]
    outside = _estimate(Family(members=2, in_quota=False)).measures.set_index("code")
    assert "quota" in outside.loc["RELOCATION_SUBSIDY", "reason"]
    settler = _estimate(Family(members=2, status="settler"), oblast="350000000")
    assert settler.measures.set_index("code").loc["RELOCATION_SUBSIDY", "eligible"]


def test_rural_specialist_grant_counted_loan_listed() -> None:
    m = _estimate(Family(members=1, rural_specialists=1), oblast="750000000").measures.set_index("code")
    assert (
        m.loc["DIPLOMA_LIFTING_ALLOWANCE", "amount_min_kzt"] == 432_500
        and m.loc["DIPLOMA_LIFTING_ALLOWANCE", "in_total"]
    )
    assert m.loc["DIPLOMA_HOUSING_LOAN", "amount_max_kzt"] == 2500 * 4325
    assert not m.loc["DIPLOMA_HOUSING_LOAN", "in_total"]


def test_missing_mci_is_unknown_not_guessed() -> None:
    est = _estimate(Family(members=3), year=2027)
    assert est.mci_kzt is None and est.total_min_kzt is None
    assert any("MCI for 2027" in n for n in est.notes)
    assert est.measures["amount_min_kzt"].isna().all()


def test_bad_family() -> None:
    with pytest.raises(ValueError, match="at least one member"):
        Family(members=0)
    with pytest.raises(ValueError, match="exceed"):
        Family(members=2, children=3)


def test_guaranteed_part_apart_from_the_conditional_ceiling() -> None:
    """Family of five in the quota, 2026: relocation and the rent floor are guaranteed; the rent ceiling
    and the housing certificate (only when buying a home) are "up to"."""
    est = _estimate(Family(members=5, children=2))
    mci = 4325
    assert est.guaranteed_kzt == pytest.approx(5 * 70 * mci + 15 * 12 * mci)
    assert est.up_to_kzt == pytest.approx(5 * 70 * mci + 30 * 12 * mci + 1625 * mci)
    assert est.conditional_kzt == pytest.approx(15 * 12 * mci + 1625 * mci)
    m = est.measures.set_index("code")
    assert m.loc["MOBILITY_CERTIFICATE", "conditions"] == ("designated_region", "in_quota", "housing_purchase")
    assert not m.loc["MOBILITY_CERTIFICATE", "guaranteed"] and m.loc["RELOCATION_SUBSIDY", "guaranteed"]


def test_unknown_quota_makes_quota_measures_conditional_and_shows_both_cases() -> None:
    family = Family(members=5, children=2, in_quota=None)
    est = _estimate(family)
    assert (est.measures.set_index("code").loc["RELOCATION_SUBSIDY", "status"]) == "conditional"
    assert est.guaranteed_kzt == 0 and est.up_to_kzt > 0
    cases = support_scenarios(
        family, oblast_kato="550000000", year=2026, measures=MEASURES, mci=MCI, designated=DESIGNATED
    )
    assert set(cases) == {"in_quota", "not_in_quota"}
    assert cases["not_in_quota"].up_to_kzt == 0 and cases["in_quota"].guaranteed_kzt > 0


def test_a_measure_applies_only_from_the_year_its_source_says() -> None:
    est = _estimate(Family(members=1, rural_specialists=1), oblast="750000000", year=2025)
    m = est.measures.set_index("code")
    assert m.loc["MOBILITY_CERTIFICATE", "status"] == "not_in_force"  # from 1 Jan 2026
    undated = MEASURES.assign(valid_from=None)
    est = estimate_support(
        Family(members=2), oblast_kato="550000000", year=2026, measures=undated, mci=MCI, designated=DESIGNATED
    )
    quota = est.measures[est.measures["code"].isin(["RELOCATION_SUBSIDY", "RENT_SUBSIDY", "MOBILITY_CERTIFICATE"])]
    assert (quota["status"] == "unknown").all() and est.up_to_kzt is None
