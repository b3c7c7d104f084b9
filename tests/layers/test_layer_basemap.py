"""The base map loads local assets only and reads without tiles."""

from __future__ import annotations

import folium
import pytest

from layers import basemap


def test_full_map_has_no_external_url(full_map, urls):
    html = full_map().get_root().render()
    assert urls(html) == []
    assert '<script src="/app/static/leaflet.js"></script>' in html
    assert '<link rel="stylesheet" href="/app/static/leaflet.css"/>' in html
    assert html.count("<script src=") == 1 and html.count('<link rel="stylesheet"') == 1


def test_only_configured_tiles_and_attribution_urls(full_map, urls):
    tiles = "https://tiles.example.kz/{z}/{x}/{y}.png"
    attribution = '&copy; <a href="https://www.openstreetmap.org/copyright">OSM</a>'
    m = full_map(tiles_url=tiles, attribution=attribution)
    found = set(urls(m.get_root().render()))
    assert found == {tiles, "https://www.openstreetmap.org/copyright"}


def test_no_tiles_without_url_and_plain_background():
    m = basemap.new_map(attribution="x", center=(48, 67), zoom=5)
    html = m.get_root().render()
    assert "L.tileLayer" not in html
    assert "path.leaflet-interactive:focus{outline:none}" in html
    assert f".leaflet-container{{background:{basemap.BACKGROUND_COLOUR}}}" in html
    assert 'attributionControl.addAttribution("x")' in html


def test_static_prefix_for_export_and_folium_defaults_untouched():
    m = basemap.new_map(attribution="x", center=(48, 67), zoom=5, static_prefix="static")
    html = m.get_root().render()
    assert '<script src="static/leaflet.js"></script>' in html
    assert any("cdn" in url for _, url in folium.Map.default_js)  # class defaults not mutated


def test_rtl_moves_zoom_control_and_right_aligns():
    html = basemap.new_map(attribution="x", center=(48, 67), zoom=5, locale_dir="rtl").get_root().render()
    assert 'position: "topright"' in html
    assert "direction:rtl" in html
    with pytest.raises(ValueError, match="locale_dir"):
        basemap.new_map(attribution="x", center=(48, 67), zoom=5, locale_dir="up")  # type: ignore[arg-type]


def test_streamlit_folium_script_uses_renamed_map_and_loads_local_js(full_map, urls, zone_frame):
    from streamlit_folium import _get_feature_group_string, _get_header, _get_map_string

    from layers import highlight, zones

    m = full_map()
    m.get_root().render()
    header = _get_header(m)
    script = _get_map_string(m)
    assert "map_div.qonys.districts = " in script
    assert "var legend_" in script and "qonys-legend" in script
    assert "path.leaflet-interactive:focus{outline:none}" in header
    assert urls(script + header) == []
    group_js = _get_feature_group_string(highlight.build(["101000000"]), map=m)
    assert "var map = map_div," in group_js
    restyle_js = _get_feature_group_string(zones.restyle(zone_frame), map=m, idx=1)
    assert "map_div.qonys && map_div.qonys.districts" in restyle_js


def test_immediate_click_sends_only_the_returned_drawing_once():
    m = basemap.new_map(attribution="x", center=(48, 67), zoom=5)
    basemap.ImmediateClick().add_to(m)
    html = m.get_root().render()
    assert f'{m.get_name()}.on("click", function ()' in html
    assert 'g.returned_objects.join() !== "last_active_drawing"' in html  # only the protocol it mirrors
    assert "g.previous_data = value;" in html  # so st_folium's debounced report finds nothing new
    assert html.count("S.setComponentValue(value)") == 1
