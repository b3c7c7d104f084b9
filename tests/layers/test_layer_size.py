"""Measures the two ways of styling the 224 districts (figures quoted in layers/zones.py's docstring)."""

from __future__ import annotations

import json
import time

import folium
import pandas as pd

from layers import basemap, zones


def _frame(text: str) -> pd.DataFrame:
    katos = [f["properties"]["kato"] for f in json.loads(text)["features"]]
    return pd.DataFrame(
        {
            "kato": katos,
            "zone": [zones.ZONES[i % 5] for i in range(len(katos))],
            "name": [f"Аудан {k}" for k in katos],
            "tooltip": "Zone\nRank 1 of 224",
        }
    )


def _timed_render(build) -> tuple[int, float]:
    start = time.perf_counter()
    m = basemap.new_map(attribution="x", center=(48, 67), zoom=5)
    build().add_to(m)
    html = m.get_root().render()
    return len(html.encode()), time.perf_counter() - start


def test_style_dict_beats_style_function(all_districts_text):
    frame = _frame(all_districts_text)
    by_kato = zones.zone_data(frame)["k"]

    def style_function(feature: dict) -> dict:
        return zones.zone_style(by_kato[feature["properties"]["kato"]][0])

    def geojson_with_tooltips() -> folium.GeoJson:
        data = json.loads(all_districts_text)  # what the page would have to do on every rerun
        for feature in data["features"]:
            feature["properties"]["tooltip"] = by_kato[feature["properties"]["kato"]][1]
        return folium.GeoJson(
            data, style_function=style_function, tooltip=folium.GeoJsonTooltip(["tooltip"], labels=False)
        )

    dict_bytes, dict_s = _timed_render(lambda: zones.build(all_districts_text, frame, name="Z"))
    func_bytes, func_s = _timed_render(geojson_with_tooltips)
    print(
        f"\n224 districts, GeoJSON text {len(all_districts_text.encode()) / 1024:.0f} KB:"
        f" style dict {dict_bytes / 1024:.0f} KB in {dict_s * 1000:.0f} ms;"
        f" GeoJson+style_function {func_bytes / 1024:.0f} KB in {func_s * 1000:.0f} ms"
    )
    # folium 0.20 de-duplicates styles into a style map, so the gap is the re-serialised geometry (with
    # spaces) and the tooltips inside it; the Python time per rerun differs ~3x.
    assert dict_bytes < func_bytes
