"""Geodesic distances on the WGS84 ellipsoid and the nearest adaptation centre, the one formula for both.

The build's ``distance_to_adaptation_centre_km`` indicator, the district card and the advisor all
call :func:`nearest_centres` / :func:`nearest_centre`, so a card never shows two distances for one
centre (it did: 597 km by the indicator, 599 km by a spherical formula). Pure: numpy, pandas and
``pyproj.Geod`` (an ellipsoid computation, no projection files, no IO).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from pyproj import Geod

#: WGS84, the datum of every coordinate of the store (geokz boundaries, WOF points, centres' cities).
WGS84 = Geod(ellps="WGS84")


def _degrees(values: Any) -> np.ndarray:
    """Coordinates as a float array; None, NaN and ``pandas.NA`` become NaN (a row may lack its position)."""
    column = pd.Series(np.atleast_1d(np.asarray(values, dtype=object)))
    return pd.to_numeric(column, errors="coerce").to_numpy(float, na_value=np.nan)


def geodesic_km(lon1: Any, lat1: Any, lon2: Any, lat2: Any) -> np.ndarray:
    """Geodesic distance between point pairs on WGS84, km: ``Geod.inv(...)[2] / 1000`` (vectorised).

    Parameters
    ----------
    lon1, lat1, lon2, lat2
        Degrees; scalars or equal-length arrays (numpy broadcasting is *not* applied by pyproj).

    Returns
    -------
    numpy.ndarray
        Distances in km (NaN where a coordinate is NaN).
    """
    _, _, metres = WGS84.inv(
        np.asarray(lon1, float), np.asarray(lat1, float), np.asarray(lon2, float), np.asarray(lat2, float)
    )
    return np.asarray(metres, dtype=float) / 1000.0


def nearest(lon: Any, lat: Any, target_lon: Any, target_lat: Any) -> tuple[np.ndarray, np.ndarray]:
    """For each point, the position of the nearest target and its geodesic distance, km.

    :math:`i^*(p) = \\arg\\min_i d_{WGS84}(p, t_i)`, with :math:`d` from :func:`geodesic_km`.

    Parameters
    ----------
    lon, lat
        Points, degrees (arrays of equal length; NaN allowed).
    target_lon, target_lat
        Targets, degrees (NaN targets are never nearest).

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Positions into the targets (``-1`` where there is none: no located target, or the point is NaN)
        and distances in km (NaN there).
    """
    lon, lat, target_lon, target_lat = (_degrees(v) for v in (lon, lat, target_lon, target_lat))
    index = np.full(len(lon), -1, dtype=np.int64)
    km = np.full(len(lon), np.nan)
    located = np.flatnonzero(~(np.isnan(target_lon) | np.isnan(target_lat)))
    points = ~(np.isnan(lon) | np.isnan(lat))
    if len(located) == 0 or not points.any():
        return index, km
    n = int(points.sum())
    dists = np.stack(
        [geodesic_km(lon[points], lat[points], np.full(n, target_lon[t]), np.full(n, target_lat[t])) for t in located]
    )
    best = dists.argmin(axis=0)
    index[points] = located[best]
    km[points] = dists[best, np.arange(dists.shape[1])]
    return index, km


def nearest_km(lon: Any, lat: Any, target_lon: Any, target_lat: Any) -> np.ndarray:
    """For each point, the geodesic distance to the nearest target, km (NaN without targets)."""
    return nearest(lon, lat, target_lon, target_lat)[1]


def nearest_centres(lat: Any, lon: Any, centres: pd.DataFrame) -> pd.DataFrame:
    """For each point, the nearest adaptation centre and its geodesic distance (vectorised, for the build).

    Parameters
    ----------
    lat, lon
        Points, degrees (equal-length arrays or Series; NaN allowed).
    centres
        The store's ``adaptation_centre`` rows with ``lat`` and ``lon`` (rows without them are skipped).

    Returns
    -------
    pandas.DataFrame
        One row per point, in order: ``position`` (the centre's row position in ``centres``, ``-1`` for
        none) and ``distance_km`` (NaN where no centre is located or the point has no position).
    """
    position, km = nearest(lon, lat, centres["lon"], centres["lat"])
    return pd.DataFrame({"position": position, "distance_km": km})


def nearest_centre(lat: float, lon: float, centres: pd.DataFrame) -> tuple[dict | None, float | None]:
    """The adaptation centre nearest to one point (its row as a dict) and the distance in km.

    The district card and the advisor use this; it is :func:`nearest_centres` for a single point.
    Returns ``(None, None)`` for a point without position or when no centre is located.
    """
    found = nearest_centres([lat], [lon], centres).iloc[0]
    if found["position"] < 0:
        return None, None
    return centres.iloc[int(found["position"])].to_dict(), float(found["distance_km"])
