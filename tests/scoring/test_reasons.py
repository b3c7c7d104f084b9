"""The reason generator: best three for, main one against, wishes met — from contributions."""

from __future__ import annotations

import pandas as pd
import pytest

from scoring.advice import Bonus
from scoring.reasons import district_reasons


def contributions() -> pd.DataFrame:
    """Four districts, four indicators (equal weight 0.25); district A is good on three, bad on one."""
    rows = []
    table = {  # indicator → normalised value of A, B, C, D
        "avg_wage": (1.0, 0.2, 0.4, 0.0),
        "unemployment_rate": (0.9, 0.1, 0.5, 0.6),
        "designated_region": (1.0, 0.0, 0.0, 1.0),
        "distance_to_adaptation_centre_km": (0.1, 0.9, 0.8, 1.0),
    }
    for indicator, values in table.items():
        for kato, y in zip("ABCD", values, strict=True):
            rows.append(
                {
                    "kato": kato,
                    "indicator": indicator,
                    "value": y * 100,
                    "normalised": y,
                    "weight": 0.25,
                    "contribution": 25.0 * y,
                }
            )
    return pd.DataFrame(rows)


def test_best_three_for_and_main_against() -> None:
    r = district_reasons(contributions(), "A")
    assert [x.params["indicator"] for x in r.for_] == ["avg_wage", "designated_region", "unemployment_rate"]
    assert [x.key for x in r.for_] == ["for_generic", "for_designated", "for_generic"]
    assert r.for_[0].params["share"] == pytest.approx(1.0)  # better than all three others
    assert r.against is not None and r.against.key == "against_generic"
    assert r.against.params["indicator"] == "distance_to_adaptation_centre_km"
    assert r.against.points == pytest.approx(100 * 0.25 * 0.9)


def test_binary_indicator_has_its_own_sentence_against() -> None:
    r = district_reasons(contributions(), "B")
    keys = {x.key for x in r.for_}
    assert "for_generic" in keys  # distance to the centre
    assert r.against is not None and r.against.params["indicator"] in {
        "designated_region",
        "unemployment_rate",
        "avg_wage",
    }


def test_no_weakness_gives_none() -> None:
    c = contributions()
    c = c[c["indicator"] != "distance_to_adaptation_centre_km"]
    assert district_reasons(c, "A").against is None


def test_a_middling_value_is_not_a_reason() -> None:
    r = district_reasons(contributions(), "C")
    assert "unemployment_rate" not in [x.params["indicator"] for x in r.for_]  # 0.5 beats only a third


def test_bonuses_are_wishes_met_largest_first() -> None:
    bonuses = [
        Bonus("A", "climate_north", 3.0, {"lat": 52.0}),
        Bonus("A", "kin", 5.0, {"oblast": "630000000"}),
        Bonus("B", "kin", 5.0, {"oblast": "630000000"}),
    ]
    r = district_reasons(contributions(), "A", bonuses=bonuses)
    assert [x.key for x in r.preferences] == ["kin", "climate_north"]
    assert len(r.for_) == 3


def test_provenance_is_copied_into_params() -> None:
    prov = pd.DataFrame(
        {"kato": ["A"], "indicator": ["avg_wage"], "period": ["2024"], "source_id": ["S03"], "origin": ["inherited"]}
    ).set_index(["kato", "indicator"])
    r = district_reasons(contributions(), "A", provenance=prov)
    wage = next(x for x in r.for_ if x.params["indicator"] == "avg_wage")
    assert wage.params["period"] == "2024" and wage.params["source_id"] == "S03" and wage.params["inherited"]


def test_unscored_district_has_no_reasons() -> None:
    c = contributions()
    c.loc[c["kato"] == "D", "weight"] = float("nan")
    r = district_reasons(c, "D")
    assert r.for_ == () and r.against is None
