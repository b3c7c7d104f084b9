"""The map page's packed geometry (export.site.pack_geojson) and its order: the map's script before the panel."""

from __future__ import annotations

import json
from pathlib import Path

from export.site import GEOMETRY_SCALE, pack_geojson


def unpack(packed: str) -> dict:
    """What the page's ``qonysGeo`` does, in Python."""
    p = json.loads(packed)
    features = []
    for properties, kind, polygons in p["f"]:
        coordinates = []
        for polygon in polygons:
            rings = []
            for ring in polygon:
                x = y = 0
                points = []
                for i in range(0, len(ring), 2):
                    x, y = x + ring[i], y + ring[i + 1]
                    points.append([x / p["s"], y / p["s"]])
                rings.append(points)
            coordinates.append(rings)
        geometry = {"type": kind, "coordinates": coordinates[0] if kind == "Polygon" else coordinates}
        features.append({"type": "Feature", "properties": properties, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


def _rings(feature: dict) -> list[list[list[float]]]:
    g = feature["geometry"]
    return g["coordinates"] if g["type"] == "Polygon" else [r for polygon in g["coordinates"] for r in polygon]


def test_packing_keeps_every_feature_within_half_a_grid_step(site_dir: Path) -> None:
    for name in ("districts", "oblasts"):
        text = (site_dir / "data" / f"{name}.geojson").read_text(encoding="utf-8")
        original, packed = json.loads(text), pack_geojson(text)
        assert len(packed) < 0.5 * len(text)
        back = unpack(packed)
        assert [f["properties"] for f in back["features"]] == [f["properties"] for f in original["features"]]
        for before, after in zip(original["features"], back["features"], strict=True):
            assert after["geometry"]["type"] == before["geometry"]["type"]
            for ring_before, ring_after in zip(_rings(before), _rings(after), strict=True):
                assert ring_after[0] == ring_after[-1] and len(ring_after) >= 4  # still closed rings
                kept = {tuple(p) for p in ring_after}
                for x, y, *_ in ring_before:  # every vertex is on the grid point next to it (or merged into it)
                    snapped = (round(x * GEOMETRY_SCALE) / GEOMETRY_SCALE, round(y * GEOMETRY_SCALE) / GEOMETRY_SCALE)
                    assert snapped in kept and abs(snapped[0] - x) <= 0.5 / GEOMETRY_SCALE + 1e-9


def test_borders_shared_in_the_data_stay_shared() -> None:
    """Two squares with a common edge: the packed copies of that edge are the same points."""
    a = [[0.00041, 0.0], [1.00049, 0.0], [1.00049, 1.00051], [0.00041, 1.00051], [0.00041, 0.0]]
    b = [[1.00049, 0.0], [2.0, 0.0], [2.0, 1.00051], [1.00049, 1.00051], [1.00049, 0.0]]
    text = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "properties": {"kato": k}, "geometry": {"type": "Polygon", "coordinates": [r]}}
                for k, r in (("1", a), ("2", b))
            ],
        }
    )
    left, right = (_rings(f)[0] for f in unpack(pack_geojson(text))["features"])
    assert {tuple(p) for p in left} & {tuple(p) for p in right} == {(1.0, 0.0), (1.0, 1.001)}


def test_map_page_embeds_packed_geometry_and_puts_its_panel_after_the_map_script(site_dir: Path) -> None:
    page = (site_dir / "kk" / "index.html").read_text(encoding="utf-8")
    assert page.count("L.geoJSON(qonysGeo(") == 2 and '"coordinates"' not in page
    assert page.index("function qonysGeo(") < page.index("</head>")
    # the panel (ranking) is parsed after the script that builds the map, inside the body
    assert page.index("L.map(") < page.index('<aside id="qonys-panel"') < page.index("</body>") < page.index("</html>")
    assert page.count("</body>") == 1 and page.rstrip().endswith("</body>\n</html>")
