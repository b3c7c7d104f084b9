"""data/card.py: the value the score used beside a newer one, oblast totals, amounts per month, notes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from data import card
from scoring.evidence import CARD_NOTE_TEXT

KATO = "631000000"


def observations() -> pd.DataFrame:
    rows = [
        ("unemployment_rate", 4.6, "2023-Q4", "2023-12-31", "inherited", "S02"),
        ("unemployment_rate", 4.4, "2025-Q4", "2025-12-31", "akimat", "D:x"),
        ("doctors_total", 3002.0, "2022", "2022-12-31", "inherited", "S32"),
        ("population", 372645.0, "2023-01-01", "2023-01-01", "official", "S01"),
    ]
    frame = pd.DataFrame(rows, columns=["indicator", "value", "period", "period_end", "origin", "source_id"])
    return frame.assign(kato=KATO, period_end=pd.to_datetime(frame["period_end"]))


def provenance() -> pd.DataFrame:
    index = pd.MultiIndex.from_tuples([(KATO, "unemployment_rate")], names=["kato", "indicator"])
    return pd.DataFrame(
        {"value": [4.6], "period": ["2023-Q4"], "origin": ["inherited"], "source_id": ["S02"]}, index=index
    )


def test_scored_value_shown_with_newer_one_apart() -> None:
    v = card.indicator_values(KATO, observations(), provenance()).set_index("code")
    u = v.loc["unemployment_rate"]
    assert (u["value"], u["period"], bool(u["scored"])) == (4.6, "2023-Q4", True)
    assert (u["newer_value"], u["newer_period"]) == (4.4, "2025-Q4")
    assert np.isnan(v.loc["vacancies_per_jobseeker", "value"])  # unknown stays missing, never 0


def test_oblast_totals_flagged_never_district_values() -> None:
    v = card.indicator_values(KATO, observations(), None).set_index("code")
    assert bool(v.loc["doctors_total", "oblast_total"])
    assert not bool(v.loc["population", "oblast_total"])  # the district's own count
    assert card.is_oblast_total("hospitals", "inherited") and card.is_oblast_total("schools_rural", "official")
    assert not card.is_oblast_total("doctors_per_10k", "inherited")  # a rate, not a total


def test_rent_subsidy_reads_per_month_not_as_its_12_month_total() -> None:
    mci = 4325.0
    m = {
        "basis": "per_family_month",
        "months": 12,
        "amount_min_kzt": 15 * mci * 12,
        "amount_max_kzt": 30 * mci * 12,
    }
    text = card.measure_amount_text(m, "en", lambda s: s)
    assert "per month for up to 12 months" in text
    assert "₸64,875 to ₸129,750 per month" in text  # 15–30 MCI a month
    assert "at most ₸1,557,000 in all" in text


def test_conditions_and_sentences() -> None:
    assert card.condition_text(("designated_region", "in_quota"), lambda s: s).count("only") == 2
    assert card.condition_text((), lambda s: s) == ""
    _ = lambda s: s  # noqa: E731
    assert card.support_sentence(False, "Aktobe", 2026, _).startswith("No state resettlement support here")
    assert "not known" in card.support_sentence(None, "Aktobe", 2026, _)
    row = {"score": 50.0, "evidence_district": 0.125, "evidence_inherited": 0.625, "evidence_policy": 0.25}
    lines = card.evidence_sentences(row, 0, _)
    assert lines[:2] == [CARD_NOTE_TEXT[n] for n in card.card_notes(row, akimat_values=0)][:2]
    assert card.zone_sentence(None, _) == card.ZONE_MEANINGS["insufficient"]


def test_how_to_apply_steps_in_order_with_sources() -> None:
    steps = pd.DataFrame(
        {"step": [2, 1], "text_en": ["b", "a"], "text_ru": ["б", "а"], "source_id": ["A03", "A01;A02"]}
    )
    assert card.how_to_apply_steps(steps, "en") == [("a", ["A01", "A02"], "en"), ("b", ["A03"], "en")]
    assert card.how_to_apply_steps(steps, "kk")[0][::2] == ("а", "ru")  # no Kazakh text yet: the Russian one


def test_ranking_frame_keeps_codes_and_band_for_downloads_only(store) -> None:
    from data.scored import score_districts
    from ui.ranking_table import download_only_columns, ranking_frame

    frame = ranking_frame(score_districts(store, draws=20), store.units("oblast"), "en", lambda s: s)
    assert set(download_only_columns(lambda s: s)) <= set(frame.columns)  # the downloads keep them
    assert frame["Zone uncertain"].isin(["yes", "no"]).all()
    assert frame["Share of the zone from district data (%)"].between(0, 100).all()
    assert frame["Rank in the oblast"].min() == 1
