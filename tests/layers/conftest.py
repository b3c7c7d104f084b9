"""Fixtures for the layer tests: a few real districts and oblasts (coverage-simplified like the store's)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd
import pytest
import shapely

from layers import basemap, centres, highlight, legend, oblasts, settlements, zones
from tests.layers.samples import ARABIC, FIXTURE_KATOS, KAZAKH, XSS

GEO = Path(__file__).resolve().parents[2] / "data" / "raw" / "geo"


def feature_collection_text(frame: gpd.GeoDataFrame) -> str:
    """GeoJSON text with a lower-case ``kato`` property, as the store hands it to the page."""
    geoms = shapely.set_precision(shapely.coverage_simplify(frame.geometry.to_numpy(), 0.01), grid_size=1e-5)
    out = gpd.GeoDataFrame(
        {
            "kato": frame["KATO"].astype(str).to_numpy(),
            "name": frame["ADM2_KK"].to_numpy() if "ADM2_KK" in frame else frame["ADM1_KK"],
        },
        geometry=geoms,
        crs=4326,
    )
    return out.to_json(drop_id=True, separators=(",", ":"))


@pytest.fixture(scope="session")
def all_districts_text() -> str:
    frame = gpd.read_file(GEO / "districts_2024.geojson")
    frame["geometry"] = shapely.make_valid(frame.geometry.to_numpy())
    frame["geometry"] = [
        shapely.union_all([p for p in getattr(g, "geoms", [g]) if p.geom_type in ("Polygon", "MultiPolygon")])
        for g in frame.geometry
    ]
    return feature_collection_text(frame)


@pytest.fixture(scope="session")
def districts_text() -> str:
    frame = gpd.read_file(GEO / "districts_2024.geojson")
    return feature_collection_text(frame[frame["KATO"].isin(FIXTURE_KATOS)].reset_index(drop=True))


@pytest.fixture(scope="session")
def oblasts_text() -> str:
    frame = gpd.read_file(GEO / "oblasts_2024.geojson")
    return feature_collection_text(frame.head(3))


@pytest.fixture()
def zone_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kato": FIXTURE_KATOS,
            "zone": ["I", "II", "III", "IV", float("nan")],
            "name": [XSS, KAZAKH, ARABIC, "Қосшы", "Ұлытау"],
            "tooltip": ["Zone I\nRank 1", ["Аймақ II", "Орын 2"], "منطقة III", None, "Insufficient data"],
        }
    )


@pytest.fixture()
def settlements_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": ["Семей", XSS, ARABIC, "Қайнар"],
            "lat": [50.42675, 50.3, 49.0, float("nan")],
            "lon": [80.26669, 80.4, 81.0, 79.0],
            "population": [308126, float("nan"), 1200, 500],
            "zone": ["II", "I", float("nan"), "IV"],
            "official": [True, False, False, False],
            "district_kato": ["101000000", "101000000", None, "103200000"],
        }
    )


@pytest.fixture()
def centres_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": ["Астана адаптация орталығы", XSS],
            "lat": [51.16, 43.25],
            "lon": [71.45, 76.9],
            "capacity": [120, float("nan")],
            "source": ["MTSZN 2023", "akimat"],
            "tooltip": ["Capacity: 120\nSource: MTSZN 2023", None],
        }
    )


URL = re.compile(r"https?://[^\s\"'<>)\\]+")


def _full_map(
    districts_text: str,
    oblasts_text: str,
    zone_frame: pd.DataFrame,
    settlements_frame: pd.DataFrame,
    centres_frame: pd.DataFrame,
    **map_options: object,
) -> folium.Map:
    """A map with all layers, the legend, a layer control and a selection, as a page would build it."""
    options = {"attribution": "Boundaries: geoBoundaries", "center": (48.0, 67.0), "zoom": 5} | map_options
    m = basemap.new_map(**options)
    zones.build(districts_text, zone_frame, name="Zones").add_to(m)
    oblasts.build(oblasts_text, name="Oblasts").add_to(m)
    settlements.build(settlements_frame, name="Settlements").add_to(m)
    centres.build(centres_frame, name="Centres").add_to(m)
    entries = legend.zone_entries(
        {"I": "Zone I", "II": "Zone II", "III": "Zone III", "IV": "Zone IV", "insufficient": "Insufficient data"}
    )
    legend.build(entries, title="Zones", note="Villages: GeoNames").add_to(m)
    folium.LayerControl().add_to(m)
    highlight.build(["101000000"], fit_bounds=True).add_to(m)
    return m


def find_urls(html: str) -> list[str]:
    """Every http(s) URL in the text."""
    return URL.findall(html)


@pytest.fixture()
def full_map(districts_text, oblasts_text, zone_frame, settlements_frame, centres_frame) -> Callable[..., folium.Map]:
    """Factory: the complete map with the fixture layers; keyword arguments go to ``new_map``."""
    return lambda **options: _full_map(
        districts_text, oblasts_text, zone_frame, settlements_frame, centres_frame, **options
    )


@pytest.fixture()
def urls() -> Callable[[str], list[str]]:
    return find_urls
