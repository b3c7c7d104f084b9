"""The advice sheet's small map: an equirectangular projection of Kazakhstan shared by the HTML and PDF renderers."""

from __future__ import annotations

import math

import shapely

#: The box drawn (degrees): all of Kazakhstan with a small margin.
LON0, LON1, LAT0, LAT1 = 46.0, 88.0, 40.3, 55.6
#: Longitudes are shrunk by cos(48°), the country's middle latitude, so shapes are not stretched east–west.
COS_LAT = math.cos(math.radians(48.0))


def project(lon: float, lat: float, width: float) -> tuple[float, float]:
    """Equirectangular projection at 48° N onto a box ``width`` wide (y down):
    :math:`x = (\\lambda-\\lambda_0)\\cos 48° \\cdot s`, :math:`y = (\\phi_1-\\phi) \\cdot s`."""
    scale = width / ((LON1 - LON0) * COS_LAT)
    return (lon - LON0) * COS_LAT * scale, (LAT1 - lat) * scale


def map_height(width: float) -> float:
    """Height of the map box that is ``width`` wide."""
    return (LAT1 - LAT0) * width / ((LON1 - LON0) * COS_LAT)


def label_point(rings: list[list[tuple[float, float]]], width: float) -> tuple[float, float]:
    """Where a district's number goes: a point inside its largest ring, projected."""
    biggest = max(rings, key=len)
    pt = shapely.Polygon(biggest).representative_point()
    return project(pt.x, pt.y, width)
