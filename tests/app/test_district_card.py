"""The district card's top lines through AppTest: support applies or not, what the zone rests on, "zone uncertain",
the family-size support, what to do next, the scored period and the oblast totals kept apart."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from data.card import NOTE_TEXT
from scoring.evidence import CARD_NOTE_TEXT, CardNote
from tests.app.test_map_pages import run
from ui.district_card import DETAILS_KEY

DESIGNATED = ("630000000", "631000000")  # East Kazakhstan: on the 2026 kandas list (S11)
NOT_DESIGNATED = ("150000000", "151000000")  # Aktobe: not on it
UNCERTAIN = ("110000000", "111000000")  # an Akmola district whose zone is uncertain


def card(oblast_district: tuple[str, str], locale: str = "en") -> AppTest:
    at = run("map", locale)
    at.session_state[DETAILS_KEY] = True  # the details (rank, indicators, sources) are open
    at.selectbox(key="sel_oblast").select(oblast_district[0]).run()
    at.selectbox(key="sel_district").select(oblast_district[1]).run()
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "success", "warning", "info") for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts).replace("\\", "")


def test_note_texts_match_scoring() -> None:
    assert dict(NOTE_TEXT) == {note: text for note, text in CARD_NOTE_TEXT.items()}


def test_support_applies_in_a_designated_region(built_db: Path) -> None:
    at = card(DESIGNATED)
    assert any("State resettlement support applies here" in s.value for s in at.success)
    body = texts(at)
    assert "Most of this zone comes from oblast figures" in body
    assert "The akimat has not reported district data yet." in body
    assert "What to do next" in body and "migration.enbek.kz" in body and "A01" in body
    assert "employment centre: no data yet" in body
    for jargon in ("p5", "p95", "indicator weight has data", "simulation"):
        assert jargon not in body


def test_no_support_said_plainly_outside_designated_regions(built_db: Path) -> None:
    at = card(NOT_DESIGNATED)
    assert any("No state resettlement support here" in w.value for w in at.warning)
    assert any("No state resettlement payment applies to this family here." in m.value for m in at.markdown)


def test_zone_uncertain_in_words(built_db: Path) -> None:
    at = card(UNCERTAIN)
    assert any(CARD_NOTE_TEXT[CardNote.ZONE_UNCERTAIN] in w.value.replace("\\", "") for w in at.warning)


def test_family_support_monthly_and_guaranteed(built_db: Path) -> None:
    at = card(DESIGNATED)
    at.number_input(key=f"adults_{DESIGNATED[1]}").set_value(2).run()
    at.number_input(key=f"children_{DESIGNATED[1]}").set_value(3).run()
    assert not at.exception, at.exception
    lines = [m.value for m in at.markdown if "Condition:" in m.value and "Guaranteed:" in m.value]
    assert lines, "the support lines for the family"
    assert "per month for up to 12 months" in lines[0]  # the rent subsidy never reads as a monthly total
    assert any("Guaranteed:" in m.value and "Up to" in m.value for m in at.markdown)


def test_scored_period_and_oblast_totals_apart(built_db: Path) -> None:
    at = card(DESIGNATED)
    frames = {tuple(df.value.columns): df.value for df in at.dataframe}
    own = next(f for cols, f in frames.items() if "Value used in the score" in cols)
    totals = next(f for cols, f in frames.items() if "Oblast total" in cols)
    unemployment = own[own["Indicator"].str.contains("nemploy")].iloc[0]
    assert unemployment["Period"] == "2023-Q4"  # the reference period the score used
    assert unemployment["Newer figure"] == ""  # the test database has nothing newer (tests/ui/test_card.py has)
    vacancies = own[own["Indicator"].str.contains("acancies per")].iloc[0]
    assert vacancies["Value used in the score"] == "no data"  # unknown is "no data", never 0
    assert totals["Indicator"].str.contains("octors").any()
    assert not own["Indicator"].str.contains("Number of doctors|Hospitals", regex=True).any()


@pytest.mark.parametrize("locale", ["kk", "ru"])
def test_card_in_other_locales(built_db: Path, locale: str) -> None:
    at = card(NOT_DESIGNATED, locale)
    assert at.warning
