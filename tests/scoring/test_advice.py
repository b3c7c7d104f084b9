"""The advisor's family profile, bad input, preference bonuses and overrides (pure functions)."""

from __future__ import annotations

import pandas as pd
import pytest

from scoring.advice import (
    CLIMATE_POINTS,
    KIN_POINTS,
    SECTOR_POINTS_PER_ADULT,
    SECTORS,
    SETTLEMENT_POINTS,
    AdviceInputError,
    Applicant,
    family_profile,
    matched_sectors,
    personal_ranking,
    pillar_multipliers,
    preference_bonuses,
    sectors_in_text,
    validate_applicant,
)
from scoring.profile import DEFAULT_PROFILE


def raw(**kw: object) -> dict[str, object]:
    return {"adults": 2, "children": 2, "pensioners": 1, "adult_sectors": ["agriculture", "healthcare"], **kw}


def test_valid_family_of_five() -> None:
    a = validate_applicant(raw(origin="CN", sheet_locale="kk_Arab"))
    assert a.members == 5 and a.adult_sectors == ("agriculture", "healthcare") and a.sheet_locale == "kk_Arab"


@pytest.mark.parametrize(
    ("fields", "msgid"),
    [
        (
            {"adults": 0, "children": 0, "pensioners": 0},
            "The family has no members: enter at least one adult or pensioner",
        ),
        ({"adults": -1}, "The number of {field} cannot be negative"),
        ({"children": -3}, "The number of {field} cannot be negative"),
        ({"adults": 1.5}, "The number of {field} must be a whole number"),
        ({"adults": "two"}, "The number of {field} must be a whole number"),
        ({"adults": 0, "pensioners": 0}, "Children cannot move alone: enter at least one adult or pensioner"),
        ({"adult_sectors": ["astronaut", "unknown"]}, "Unknown occupation sector: {sector}"),
        ({"origin": "XX"}, "Unknown value {value} for {field}"),
        ({"adults": 40}, "A family of more than {n} people: check the numbers"),
    ],
)
def test_bad_input_raises_a_translatable_error(fields: dict, msgid: str) -> None:
    with pytest.raises(AdviceInputError) as err:
        validate_applicant(raw(**fields))
    assert err.value.msgid == msgid


def test_unknown_kin_oblast_is_refused() -> None:
    with pytest.raises(AdviceInputError):
        validate_applicant(raw(kin_oblast="999"), oblast_katos={"550000000"})


def test_missing_sectors_become_unknown_and_unknown_is_allowed() -> None:
    a = validate_applicant(raw(adults=3, adult_sectors=["unknown"]))
    assert a.adult_sectors == ("unknown", "unknown", "unknown")
    assert "unknown" in SECTORS


def test_family_profile_reweights_pillars_only() -> None:
    a = validate_applicant(raw())
    fam = family_profile(DEFAULT_PROFILE, a)
    assert fam.multipliers == pillar_multipliers(a)
    assert fam.profile.pillar_weights["labour"] == pytest.approx(1.5)
    assert fam.profile.pillar_weights["adaptation"] == pytest.approx(1.75)
    assert fam.profile.pillar_weights["support"] == pytest.approx(1.5)
    assert fam.profile.indicators == DEFAULT_PROFILE.indicators
    assert DEFAULT_PROFILE.pillar_weights["labour"] == 1.0  # the base is not changed


def test_not_ready_for_designated_region_halves_support_weight() -> None:
    a = validate_applicant(raw(ready_designated=False))
    assert family_profile(DEFAULT_PROFILE, a).profile.pillar_weights["support"] == pytest.approx(0.5)


def test_multipliers_are_capped() -> None:
    a = Applicant(adults=20, children=9, adult_sectors=("unknown",) * 20)
    assert max(pillar_multipliers(a).values()) <= 2.0


def test_sector_keywords_match_the_russian_data_texts() -> None:
    assert sectors_in_text("сельское хозяйство и переработка (мясной кластер)") >= {"agriculture", "industry"}
    assert sectors_in_text("медицинский персонал") == {"healthcare"}
    assert sectors_in_text("педагоги") == {"education"}
    assert sectors_in_text("нечто иное") == set()


PRIORITY = pd.DataFrame(
    {
        "oblast_kato": ["630000000", "630000000", None, "550000000"],
        "sector_or_profession": [
            "ветеринары",
            "педагоги",
            "здравоохранение",
            "вакансии для переселенцев (все отрасли)",
        ],
        "kind": ["deficit_profession", "deficit_profession", "labour_demand_forecast", "vacancy_count"],
    }
)
DISTRICTS = pd.DataFrame(
    {
        "kato": ["636200000", "556000000", "235600000"],
        "parent_kato": ["630000000", "550000000", "230000000"],
        "lat": [49.6, 52.3, 47.2],
        "score": [50.0, 60.0, 55.0],
    }
)


def test_matched_sectors_use_the_oblast_rows_only() -> None:
    a = validate_applicant(raw(adult_sectors=["agriculture", "healthcare"]))
    assert matched_sectors(a, PRIORITY) == {"630000000": ["agriculture"]}


def test_preference_bonuses() -> None:
    a = validate_applicant(raw(kin_oblast="630000000", climate="north", settlement="rural"))
    rural = pd.Series({"636200000": 80.0, "556000000": 20.0})
    bonuses = preference_bonuses(a, DISTRICTS, rural_share_pct=rural, sector_matches={"630000000": ["agriculture"]})
    by = {(b.kato, b.key): b.points for b in bonuses}
    assert by[("636200000", "kin")] == KIN_POINTS
    assert by[("636200000", "climate_north")] == CLIMATE_POINTS
    assert by[("636200000", "settlement_rural")] == pytest.approx(SETTLEMENT_POINTS * 0.8)
    assert by[("636200000", "sector")] == pytest.approx(SECTOR_POINTS_PER_ADULT)
    assert ("235600000", "climate_north") not in by  # 47.2° N is south of the split
    assert ("556000000", "settlement_rural") not in by  # mostly urban
    assert not [b for b in bonuses if b.kato == "235600000"]


def test_personal_ranking_with_pins_and_exclusions() -> None:
    a = validate_applicant(raw(kin_oblast="630000000"))
    bonuses = preference_bonuses(a, DISTRICTS, rural_share_pct=pd.Series(dtype=float), sector_matches={})
    plain = personal_ranking(DISTRICTS, bonuses)
    assert list(plain["kato"]) == ["636200000", "556000000", "235600000"]  # 50 + 15 > 60 > 55
    changed = personal_ranking(DISTRICTS, bonuses, pinned=("636200000",), excluded=("556000000",))
    assert list(changed["kato"]) == ["636200000", "235600000"]
    assert changed["pinned"].tolist() == [True, False] and changed["personal_rank"].tolist() == [1, 2]
