"""What was clicked or searched → what the map page shows (plain functions, no Streamlit)."""

from __future__ import annotations

import pandas as pd
import shapely

from data.selection import Selection, click_key, search, search_index, selection_for_place, selection_from_click
from layers.topology import border_arcs, encode, polyline
from ui.district_card import indicator_rows, quota_rows, source_ids

DISTRICTS = pd.DataFrame(
    {"kato": ["101000000", "101010000", "631000000"], "parent_kato": ["100000000", "100000000", "630000000"]}
)


def test_district_click_selects_district_and_oblast() -> None:
    sel = selection_from_click({"properties": {"layer": "district", "kato": "101010000"}}, DISTRICTS)
    assert sel == Selection("100000000", "101010000", None)
    assert sel.highlight_katos(DISTRICTS) == ["101010000"]


def test_settlement_click_selects_settlement_and_its_district() -> None:
    drawing = {"properties": {"layer": "settlement", "kato": "631000000", "id": "wof:1"}}
    assert selection_from_click(drawing, DISTRICTS) == Selection("630000000", "631000000", "wof:1")
    assert click_key(drawing) == "settlement:631000000:wof:1"


def test_other_clicks_keep_the_selection() -> None:
    current = Selection("100000000")
    assert selection_from_click({"properties": {"layer": "centre", "index": 0}}, DISTRICTS, current) is current
    assert selection_from_click(None, DISTRICTS, current) is current
    assert selection_from_click({"properties": {"layer": "district", "kato": "999"}}, DISTRICTS, current) is current
    assert click_key(None) is None


def test_oblast_selection_outlines_its_districts() -> None:
    assert Selection("100000000").highlight_katos(DISTRICTS) == ["101000000", "101010000"]
    assert Selection().highlight_katos(DISTRICTS) == []


PLACES = search_index(
    pd.DataFrame(
        {
            "kind": ["oblast", "district", "settlement"],
            "kato": ["100000000", "101010000", "wof:9"],
            "name_kk": ["Абай облысы", "Жаңасемей ауданы", "Үржар"],
            "name_ru": ["Абайская область", "Жанасемейский район", "Урджар"],
            "name_en": ["Abai Region", "Zhanasemey District", "Urzhar"],
            "district_kato": [None, None, "101010000"],
        }
    )
)


def test_search_finds_a_place_in_every_script() -> None:
    for query in ("Үржар", "үрж", "Ürjar", "ٴۇرجار", "Урджар", "urzhar"):
        assert search(PLACES, query)["kato"].tolist() == ["wof:9"], query
    assert search(PLACES, "жана")["kato"].tolist() == ["101010000"]  # ң folds to н
    assert search(PLACES, "a").empty  # too short


def test_search_hit_becomes_a_selection() -> None:
    row = PLACES.iloc[2]
    assert selection_for_place(row, DISTRICTS) == Selection("100000000", "101010000", "wof:9")
    assert selection_for_place(PLACES.iloc[0], DISTRICTS) == Selection("100000000")


def test_topology_shares_borders_and_finds_oblast_edges() -> None:
    a = shapely.box(0, 0, 1, 1)
    b = shapely.box(1, 0, 2, 1)
    c = shapely.box(2, 0, 3, 1)
    topo, users = encode([a, b, c], [{"kato": "1"}, {"kato": "2"}, {"kato": "3"}], quantum_deg=0.5)
    shared = [i for i, u in enumerate(users) if len(u) == 2]
    assert len(shared) == 2  # a|b and b|c, each sent once
    borders = border_arcs(users, ["x", "x", "y"])
    assert not set(borders) & {i for i, u in enumerate(users) if u == [0, 1]}  # same oblast: no border
    assert {i for i, u in enumerate(users) if u == [1, 2]} <= set(borders)
    assert polyline([0, 1, -1]) == "?A@"  # zig-zag: 0→0, 1→2, -1→1
    assert "{" not in polyline(list(range(-2000, 2000, 37)))


def test_card_functions() -> None:
    assert source_ids("D:x;S01; GEOKZ") == ["D:x", "S01", "GEOKZ"]
    quotas = pd.DataFrame(
        {
            "year": [2026, 2026, 2025],
            "category": ["kandas"] * 3,
            "preferred": [False, True, True],
            "oblast_kato": ["100000000"] * 3,
            "persons": [1, 2, 3],
        }
    )
    assert quota_rows(quotas, "100000000", 2026)["persons"].tolist() == [2, 1]


def test_indicator_rows_cover_every_indicator_with_provenance(store) -> None:
    obs = store.observations("district", katos=["101000000"])
    rows = indicator_rows("101000000", obs, store.sources(), "en", lambda s: s)
    from scoring.registry import INDICATORS

    assert len(rows) == len(INDICATORS)
    wage = rows.set_index("code").loc["avg_wage"]
    assert wage["origin"] == "inherited from the oblast" and "S03" in wage["source"]
    missing = rows.set_index("code").loc["vacancies_per_jobseeker"]
    assert missing["value"] == "no data" and missing["source"] == "no data"
