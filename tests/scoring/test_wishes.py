"""The family's wishes as named terms: met, not met or not judgeable; never lowering a matching district."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.advice import (
    KIN_POINTS,
    SECTORS,
    Applicant,
    diverse_picks,
    personal_ranking,
    preference_bonuses,
    stated_wishes,
    wish_checks,
)
from scoring.reasons import district_reasons

DISTRICTS = pd.DataFrame(
    {
        "kato": ["101", "102", "103", "201", "202", "301"],
        "parent_kato": ["100", "100", "100", "200", "200", "300"],
        "lat": [50.0, 50.5, 51.0, 43.0, float("nan"), 47.0],
        "score": [70.0, 69.0, 68.0, 60.0, 55.0, 50.0],
    }
)
RURAL = pd.Series({"101": 80.0, "102": 20.0, "103": 60.0, "201": 90.0, "301": 10.0})


def family(**kw: object) -> Applicant:
    base = {"adults": 2, "children": 3, "adult_sectors": ("agriculture", "education")}
    return Applicant(**{**base, **kw})  # type: ignore[arg-type]


def by(checks, wish):
    return {c.kato: c for c in checks if c.wish == wish}


def test_only_stated_wishes_are_checked() -> None:
    assert stated_wishes(family()) == ("work",)
    assert stated_wishes(family(adult_sectors=("unknown", "other"))) == ()
    full = family(kin_oblast="200", settlement="rural", climate="north")
    assert stated_wishes(full) == ("kin", "settlement", "climate", "work")


def test_each_wish_is_met_not_met_or_unknown_with_a_reason() -> None:
    a = family(kin_oblast="200", settlement="rural", climate="north")
    checks = wish_checks(
        a,
        DISTRICTS,
        rural_share_pct=RURAL,
        sector_matches={"100": ["education"]},
        sector_oblasts={"100", "200"},
    )
    kin, village, climate, work = (by(checks, w) for w in ("kin", "settlement", "climate", "work"))
    assert kin["201"].status == "met" and kin["201"].points == KIN_POINTS and kin["101"].status == "not_met"
    assert village["101"].status == "met" and village["102"].status == "not_met"
    assert village["202"].status == "unknown"  # no rural share known: not pretended
    assert climate["101"].status == "met" and climate["201"].status == "not_met" and climate["202"].status == "unknown"
    # oblast 100 names education; 101 is mostly rural so farming counts too → two adults
    assert work["101"].status == "met" and work["101"].params["sectors"] == ["agriculture", "education"]
    assert work["102"].params["sectors"] == ["education"]
    # oblast 200 has sector rows, none matches, but 201 is mostly rural: the farmer fits
    assert work["201"].status == "met" and work["201"].params["sectors"] == ["agriculture"]
    # oblast 300 has no sourced sector list and 301 is urban: nothing can judge the teacher's or farmer's work
    assert work["301"].status == "unknown"


def test_akimat_vacancies_meet_any_field() -> None:
    a = family(adult_sectors=("healthcare", "unknown"))
    checks = wish_checks(
        a,
        DISTRICTS,
        rural_share_pct=RURAL,
        sector_matches={},
        sector_oblasts={"100", "200", "300"},
        vacancies_per_jobseeker=pd.Series({"301": 1.4, "201": 0.3}),
    )
    work = by(checks, "work")
    assert work["301"].status == "met" and work["301"].params["vacancies"] is True
    assert work["201"].status == "not_met"


def test_reasons_say_which_wishes_a_district_meets_and_which_not() -> None:
    a = family(kin_oblast="200", settlement="rural")
    checks = wish_checks(a, DISTRICTS, rural_share_pct=RURAL, sector_matches={}, sector_oblasts={"100"})
    contributions = pd.DataFrame(columns=["kato", "indicator", "value", "normalised", "weight", "contribution"])
    reasons = district_reasons(contributions, "101", wishes=checks)
    assert [w.wish for w in reasons.wishes_met] == ["settlement", "work"]
    assert [w.wish for w in reasons.wishes_not_met] == ["kin"]
    assert reasons.wishes_unknown == ()


def test_three_picks_come_from_three_oblasts() -> None:
    ranking = personal_ranking(DISTRICTS, [])
    assert list(ranking.head(3)["kato"]) == ["101", "102", "103"]  # one oblast on top
    picks = diverse_picks(ranking, 3)
    assert list(picks["kato"]) == ["101", "201", "301"]


def test_pins_and_too_few_oblasts_allow_repeats() -> None:
    ranking = personal_ranking(DISTRICTS, [], pinned=("102",))
    assert list(diverse_picks(ranking, 3, pinned=("102",))["kato"]) == ["102", "201", "301"]
    two_oblasts = personal_ranking(DISTRICTS[DISTRICTS["parent_kato"] != "300"], [])
    assert list(diverse_picks(two_oblasts, 3)["kato"]) == ["101", "201", "102"]


wish_values = st.fixed_dictionaries(
    {
        "kin_oblast": st.sampled_from([None, "100", "200", "300"]),
        "settlement": st.sampled_from(["any", "rural", "urban"]),
        "climate": st.sampled_from(["any", "north", "south"]),
        "adult_sectors": st.lists(st.sampled_from(SECTORS), min_size=1, max_size=3).map(tuple),
    }
)


@settings(max_examples=200, deadline=None)
@given(wish_values, st.sampled_from(["kin_oblast", "settlement", "climate", "adult_sectors"]))
def test_a_stated_wish_never_lowers_a_matching_district(values: dict, dropped: str) -> None:
    """Stating one wish more never lowers the personal score of any district (it can only add points)."""
    with_wish = Applicant(adults=len(values["adult_sectors"]), **values)
    neutral = {"kin_oblast": None, "settlement": "any", "climate": "any"}
    without = dict(values)
    if dropped == "adult_sectors":
        without["adult_sectors"] = ("unknown",) * len(values["adult_sectors"])
    else:
        without[dropped] = neutral[dropped]
    without_wish = Applicant(adults=len(values["adult_sectors"]), **without)
    kw = {"rural_share_pct": RURAL, "sector_matches": {"100": ["education"]}, "sector_oblasts": {"100", "200"}}
    before = personal_ranking(DISTRICTS, preference_bonuses(without_wish, DISTRICTS, **kw)).set_index("kato")
    after = personal_ranking(DISTRICTS, preference_bonuses(with_wish, DISTRICTS, **kw)).set_index("kato")
    met = {c.kato for c in wish_checks(with_wish, DISTRICTS, **kw) if c.status == "met"}
    for kato in met:
        assert after.at[kato, "personal_score"] >= before.at[kato, "personal_score"] - 1e-9
    gain = after["personal_score"] - before["personal_score"].reindex(after.index)
    assert (gain >= -1e-9).all()


@pytest.mark.parametrize("wish", ["kin", "settlement", "climate", "work"])
def test_every_wish_has_a_named_check(wish: str) -> None:
    import scoring.advice as advice

    assert callable(getattr(advice, f"{wish}_check"))
