"""The "reported by the akimat" completeness layer: colours by share, escaped tooltips, no external asset."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd

from layers import basemap, completeness
from tests.layers.samples import ARABIC, KAZAKH, XSS


def render(layer) -> str:
    m = basemap.new_map(attribution="x", center=(48, 67), zoom=5)
    layer.add_to(m)
    return m.get_root().render()


def payload(html: str) -> dict:
    return json.loads(re.search(r"\}\)\((\{.*\})\);", html).group(1))


def test_colour_bands_and_no_request_grey() -> None:
    assert completeness.colour_of(0) == completeness.BANDS[0][1]
    assert completeness.colour_of(60) == completeness.BANDS[2][1]
    assert completeness.colour_of(100) == completeness.BANDS[-1][1]
    assert completeness.colour_of(np.nan) == completeness.NO_REQUEST_COLOUR
    assert completeness.colour_of(None) == completeness.NO_REQUEST_COLOUR


def test_layer_draws_one_circle_per_located_district_with_escaped_tooltips() -> None:
    frame = pd.DataFrame(
        {
            "name": [XSS, KAZAKH, ARABIC, "no position"],
            "lat": [50.4, 43.2, 47.0, np.nan],
            "lon": [80.2, 76.9, 51.9, 60.0],
            "approved_pct": [100.0, 0.0, np.nan, 50.0],
            "tooltip": [["Last reported by the akimat: 2025-04-02"], [XSS], None, None],
        }
    )
    html = render(completeness.build(frame, name="Reported by the akimat"))
    data = payload(html)
    assert len(data["p"]) == 3
    assert [data["c"][p[2]] for p in data["p"]] == [
        completeness.BANDS[-1][1],
        completeness.BANDS[0][1],
        completeness.NO_REQUEST_COLOUR,
    ]
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in data["t"][0] and "&lt;script&gt;" in data["t"][1]
    assert KAZAKH in data["t"][1] and ARABIC in data["t"][2]
    assert "https://" not in html.split("L.canvas", 1)[1]  # no asset fetched by the layer


def test_empty_frame_gives_an_empty_layer() -> None:
    frame = pd.DataFrame(columns=["name", "lat", "lon", "approved_pct"])
    assert payload(render(completeness.build(frame, name="x")))["p"] == []
