"""Geodesic distances and the nearest adaptation centre (one formula for the build, the card and the advisor)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from scoring.geo import geodesic_km, nearest, nearest_centre, nearest_centres, nearest_km

CENTRES = pd.DataFrame(
    {"id": ["AC01", "AC02", "AC03"], "city": ["Шымкент", "Атырау", None], "lat": [42.34, 51.22, None]},
).assign(lon=[69.60, 51.37, None])


def test_geodesic_distance_astana_almaty() -> None:
    # The WGS84 geodesic Astana–Almaty is ~972.7 km; a sphere of 6,371 km gives ~969 km.
    assert geodesic_km(71.4491, 51.1694, 76.8897, 43.2380) == pytest.approx(972.7, abs=0.5)
    assert geodesic_km(71.0, 51.0, 71.0, 51.0) == pytest.approx(0.0)


def test_nearest_centre_of_one_point() -> None:
    centre, km = nearest_centre(51.0, 51.0, CENTRES)
    assert centre["id"] == "AC02" and km == pytest.approx(float(geodesic_km(51.0, 51.0, 51.37, 51.22)))
    assert nearest_centre(float("nan"), 51.0, CENTRES) == (None, None)
    assert nearest_centre(pd.NA, 51.0, CENTRES) == (None, None)
    assert nearest_centre(51.0, 51.0, CENTRES.iloc[0:0]) == (None, None)
    assert nearest_centre(51.0, 51.0, CENTRES.iloc[2:]) == (None, None)  # the only centre has no position


def test_nearest_centres_vectorised_matches_the_single_point() -> None:
    lat, lon = pd.Series([51.0, None, 43.0, 49.8]), pd.Series([51.0, 70.0, 70.0, 73.1])
    out = nearest_centres(lat, lon, CENTRES)
    assert out["position"].tolist() == [1, -1, 0, 0]
    assert np.isnan(out.loc[1, "distance_km"])
    for i in (0, 2, 3):
        assert out.loc[i, "distance_km"] == nearest_centre(lat[i], lon[i], CENTRES)[1]


def test_nearest_without_targets_and_with_a_shuffled_index() -> None:
    index, km = nearest([70.0, 71.0], [50.0, 51.0], [], [])
    assert index.tolist() == [-1, -1] and np.isnan(km).all()
    shuffled = CENTRES.set_index(pd.Index([30, 10, 20]))  # positions, not labels, come back
    assert nearest_centre(51.0, 51.0, shuffled)[0]["id"] == "AC02"
    assert nearest_km([51.0], [51.0], CENTRES["lon"], CENTRES["lat"])[0] == pytest.approx(
        nearest_centre(51.0, 51.0, CENTRES)[1]
    )
