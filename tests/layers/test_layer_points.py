"""Settlements (canvas, compact arrays) and adaptation centres (inline-SVG markers)."""

from __future__ import annotations

import json
import re
import time

import numpy as np
import pandas as pd
import pytest

from layers import basemap, centres, settlements
from layers.zones import ZONE_COLOURS
from tests.layers.samples import ARABIC, XSS


def render(layer) -> str:
    m = basemap.new_map(attribution="x", center=(48, 67), zoom=5)
    layer.add_to(m)
    return m.get_root().render()


def payload(html: str) -> dict:
    """The JSON argument of the layer's builder function."""
    return json.loads(re.search(r"\}\)\((\{.*\})\);", html).group(1))


def test_radius_scales_with_square_root_of_population():
    radius = settlements.radius_px(pd.Series([400.0, 100.0, np.nan, 0.0]), population_max=400, min_px=0.5, max_px=10)
    assert radius.tolist() == [10.0, 5.0, 0.5, 0.5]
    assert settlements.radius_px(pd.Series([np.nan, np.nan])).tolist() == [2.0, 2.0]


def test_settlements_one_canvas_array(settlements_frame):
    html = render(settlements.build(settlements_frame, name="Settlements"))
    data = payload(html)
    assert len(data["p"]) == 3  # the row without coordinates is skipped
    assert html.count("L.canvas(") == 1 and html.count("L.circleMarker(") == 1
    radii = [p[2] for p in data["p"]]
    assert radii == sorted(radii, reverse=True)  # big first, small on top
    by_name = {t[0]: (p, k) for t, p, k in zip(data["t"], data["p"], data["k"], strict=True)}
    semey, kato = by_name["Семей"]
    assert data["c"][semey[3]] == ZONE_COLOURS["II"] and kato == "101000000"
    arabic, kato = by_name[ARABIC]
    assert data["c"][arabic[3]] == ZONE_COLOURS["insufficient"] and kato is None
    assert XSS not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_settlements_non_interactive_has_no_tooltips(settlements_frame):
    data = payload(render(settlements.build(settlements_frame, name="S", interactive=False)))
    assert data["i"] is False and data["t"] == [] and data["k"] == []


def test_settlements_unknown_zone(settlements_frame):
    frame = settlements_frame.assign(zone=["I", "X", "I", "I"])
    with pytest.raises(ValueError, match="unknown zone 'X'"):
        settlements.build(frame, name="S")


def test_eleven_thousand_villages_stay_compact():
    rng = np.random.default_rng(0)
    n = 11_726
    frame = pd.DataFrame(
        {
            "name": [f"Ауыл {i}" for i in range(n)],
            "lat": rng.uniform(41, 55, n),
            "lon": rng.uniform(47, 87, n),
            "population": rng.choice([np.nan, 300, 2000], n),
            "zone": rng.choice(list(ZONE_COLOURS), n),
            "official": False,
        }
    )
    start = time.perf_counter()
    html = render(settlements.build(frame, name="Villages"))
    elapsed = time.perf_counter() - start
    size_kb = len(html.encode()) / 1024
    print(f"\n11,726 villages: {size_kb:.0f} KB HTML, built and rendered in {elapsed:.2f} s")
    assert size_kb < 1200 and elapsed < 3


def test_centres_markers_escaped_with_inline_icon(centres_frame):
    html = render(centres.build(centres_frame, name="Centres"))
    data = payload(html)
    assert len(data["p"]) == 2 and data["p"][1][2] == 1
    assert data["t"][0] == "<b>Астана адаптация орталығы</b><br>Capacity: 120<br>Source: MTSZN 2023"
    assert data["t"][1] == "<b>&lt;script&gt;alert(1)&lt;/script&gt;</b>"
    assert "<svg" in data["svg"] and "xmlns" not in data["svg"]
    assert XSS not in html and "L.divIcon(" in html and "L.Icon.Default" not in html
