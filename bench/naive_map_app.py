"""The naive baseline of bench/map.py: st_folium of the raw district layer, as a demo page would write it.

Full-resolution GeoJSON parsed and handed to folium.GeoJson each rerun, default returned objects; the
"card" is the clicked feature's properties. Two pages (the map, and a blank page at /home) so that the bench can
also time a switch to the map inside a loaded app. Served by its own streamlit process (local Leaflet, so it
works offline like ours).
"""

import json

import folium
import streamlit as st
from streamlit_folium import st_folium

from data.store import Store


def home() -> None:
    st.write("Naive baseline")


def naive_map() -> None:
    store = Store(read_only=True)
    m = folium.Map(location=[48.0, 67.0], zoom_start=5, tiles=None)
    m.default_js = [("leaflet", "/app/static/leaflet.js")]
    m.default_css = [("leaflet_css", "/app/static/leaflet.css")]
    folium.GeoJson(
        json.loads(store.geojson("district", simplified=False)),
        name="districts",
        tooltip=folium.GeoJsonTooltip(["kato"]),
    ).add_to(m)
    out = st_folium(m, key="naive", height=560, use_container_width=True)
    drawing = (out or {}).get("last_active_drawing")
    if drawing:
        st.metric("District", drawing["properties"]["kato"])


st.navigation([st.Page(naive_map, title="Map", default=True), st.Page(home, title="Home", url_path="home")]).run()
