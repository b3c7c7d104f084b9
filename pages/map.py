"""Map page (walking skeleton): districts coloured by one real indicator, oblast borders, sourced tooltips.

The zone map of the scoring engine replaces the indicator choropleth once scoring lands.
"""

import json

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from layers.basemap import new_map
from ui.context import page_context

ctx = page_context("map")
_ = ctx._
INDICATOR = "rural_share_pct"
ATTRIBUTION = _("Boundaries: geokz (A. Rodionov), CC BY 4.0, after OCHA COD-AB")


@st.cache_data(show_spinner=False)
def district_values(version: str) -> pd.DataFrame:
    units = ctx.store.units("district")
    obs = ctx.store.observations("district", katos=None)
    obs = obs[obs["indicator"] == INDICATOR][["kato", "value", "period", "source_id", "origin"]]
    return units.merge(obs, on="kato", how="left")


@st.cache_data(show_spinner=False)
def geojson(version: str, level: str) -> dict:
    return json.loads(ctx.store.geojson(level))


version = ctx.store.meta()["data_version"]
st.title(_("Rural share of population by district"))
st.caption(_("One real indicator shown until the zone scoring lands: BNS, 1 Jan 2023."))
values = district_values(version).set_index("kato")

m = new_map(attribution=ATTRIBUTION, center=(48.0, 67.0), zoom=5, locale_dir="rtl" if ctx.rtl else "ltr")
bins = [0, 20, 40, 60, 80, 101]
colours = ["#f1eef6", "#bdc9e1", "#74a9cf", "#2b8cbe", "#045a8d"]


def style(feature: dict) -> dict:
    value = values["value"].get(feature["properties"]["kato"])
    colour = "#cccccc" if pd.isna(value) else colours[next(i for i, b in enumerate(bins[1:]) if value < b)]
    return {"fillColor": colour, "color": "#555", "weight": 0.5, "fillOpacity": 0.8}


districts = geojson(version, "district")
for feature in districts["features"]:
    row = values.loc[feature["properties"]["kato"]]
    feature["properties"].update(name_kk=row["name_kk"], name_ru=row["name_ru"],
                                 value=None if pd.isna(row["value"]) else f"{row['value']:.1f} %",
                                 period=row["period"], source=row["source_id"])
folium.GeoJson(districts, name="districts", style_function=style,
               tooltip=folium.GeoJsonTooltip(["name_kk", "name_ru", "value", "period", "source"])).add_to(m)
folium.GeoJson(geojson(version, "oblast"), name="oblasts", interactive=False,
               style_function=lambda f: {"fill": False, "color": "#222", "weight": 1.5}).add_to(m)
st_folium(m, key="district_map", height=600, use_container_width=True, returned_objects=["last_active_drawing"])
