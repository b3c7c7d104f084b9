"""Districts as quantized TopoJSON for the browser, and the layers that draw them without any CDN script.

Why: the coverage-simplified district GeoJSON is ~415 KB and the oblast outlines another ~138 KB; shared
borders are sent twice and every coordinate is a 15-character float. A topology sends each shared border
once as delta-encoded integers (TopoJSON spec 1.0, "arcs" + "transform"), and the oblast outlines become a
list of arc indices of the same topology (arcs between districts of different oblasts, plus the outer
border) — no second geometry at all. Each arc's integer deltas are written as one encoded-polyline string
(:func:`polyline`, ~4 characters a vertex instead of ~10 as JSON arrays); that is the one departure from
the TopoJSON spec. folium's ``TopoJson`` loads topojson-client from a CDN, so the
decoder here is a few lines of inline JS (:data:`DECODE_JS`).

Input must be a clean polygon coverage with shared vertices identical (``shapely.coverage_simplify``
then ``set_precision``; ../shared/TECH_NOTES.md "Geometry"): arcs are found by exact coordinates.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import folium
import numpy as np
import pandas as pd
import shapely
from folium.template import Template

from layers._markup import OnMap, script_safe, to_js
from layers.zones import ZONE_COLOURS, ZoneLayer, zone_data

#: Simplification tolerance of the browser geometry, in degrees (~1.5–2 km; districts are 10–100 km wide).
BROWSER_TOLERANCE_DEG = 0.015
#: Quantization step in degrees (~50–100 m): coarser than this is visible at district zoom.
QUANTUM_DEG = 5e-4

Point = tuple[float, float]


def simplify_coverage(
    geoms: Sequence[shapely.Geometry], *, tolerance_deg: float = BROWSER_TOLERANCE_DEG, grid_deg: float = 1e-5
) -> np.ndarray:
    """Coverage-simplify polygons without opening gaps: ``set_precision(coverage_simplify(make_valid(g), t))``."""
    valid = shapely.make_valid(np.asarray(geoms, dtype=object))
    return shapely.set_precision(shapely.coverage_simplify(valid, tolerance_deg), grid_deg)


def _rings(geom: shapely.Geometry) -> list[list[list[Point]]]:
    """Polygons of a (multi)polygon as lists of rings, each ring open (last point not repeated)."""
    polygons = list(geom.geoms) if geom.geom_type in ("MultiPolygon", "GeometryCollection") else [geom]
    out = []
    for poly in polygons:
        if poly.geom_type != "Polygon" or poly.is_empty:
            continue
        rings = [poly.exterior, *poly.interiors]
        out.append([[(float(x), float(y)) for x, y in ring.coords[:-1]] for ring in rings])
    return out


def _junctions(all_rings: list[list[Point]]) -> set[Point]:
    """Points where rings meet with different neighbours (ends of shared borders), per TopoJSON's join."""
    neighbours: dict[Point, frozenset[Point]] = {}
    junctions: set[Point] = set()
    for ring in all_rings:
        n = len(ring)
        for i, p in enumerate(ring):
            pair = frozenset((ring[i - 1], ring[(i + 1) % n]))
            seen = neighbours.setdefault(p, pair)
            if seen != pair:
                junctions.add(p)
    return junctions


def _cut(ring: list[Point], junctions: set[Point]) -> list[list[Point]]:
    """A closed ring as arcs between junctions (each arc repeats its end points)."""
    idx = [i for i, p in enumerate(ring) if p in junctions]
    if not idx:
        start = ring.index(min(ring))
        rotated = ring[start:] + ring[:start]
        return [rotated + [rotated[0]]]
    start = idx[0]
    rotated = ring[start:] + ring[:start]
    cuts = [i - start for i in idx] + [len(ring)]
    closed = rotated + [rotated[0]]
    return [closed[a : b + 1] for a, b in zip(cuts, cuts[1:], strict=False)]


def encode(
    geoms: Sequence[shapely.Geometry],
    properties: Sequence[dict],
    *,
    object_name: str = "districts",
    quantum_deg: float = QUANTUM_DEG,
) -> tuple[dict, list[list[int]]]:
    """Encode a polygon coverage as a quantized TopoJSON topology.

    Parameters
    ----------
    geoms
        Polygons/multipolygons forming a clean coverage (shared vertices identical).
    properties
        One properties dict per geometry (e.g. ``{"kato": ..., "parent": ...}``).
    object_name
        Name of the GeometryCollection in ``objects``.
    quantum_deg
        Grid step of the quantized coordinates.

    Returns
    -------
    tuple[dict, list[list[int]]]
        The topology, and for each arc the indices of the geometries using it (for meshes).
    """
    if len(geoms) != len(properties):
        raise ValueError(f"{len(geoms)} geometries but {len(properties)} property dicts")
    per_geom = [_rings(g) for g in geoms]
    junctions = _junctions([ring for polys in per_geom for poly in polys for ring in poly])
    arcs: list[list[Point]] = []
    index: dict[tuple[Point, ...], int] = {}
    users: list[set[int]] = []
    objects = []
    for g, polys in enumerate(per_geom):
        encoded_polys = []
        for poly in polys:
            encoded_rings = []
            for ring in poly:
                refs = []
                for arc in _cut(ring, junctions):
                    key = tuple(arc)
                    if key in index:
                        ref = index[key]
                    elif key[::-1] in index:
                        ref = ~index[key[::-1]]
                    else:
                        ref = index[key] = len(arcs)
                        arcs.append(arc)
                        users.append(set())
                    users[ref if ref >= 0 else ~ref].add(g)
                    refs.append(ref)
                encoded_rings.append(refs)
            encoded_polys.append(encoded_rings)
        geometry: dict = {"properties": dict(properties[g])}
        if not encoded_polys:
            geometry["type"] = None
        elif len(encoded_polys) == 1:
            geometry.update(type="Polygon", arcs=encoded_polys[0])
        else:
            geometry.update(type="MultiPolygon", arcs=encoded_polys)
        objects.append(geometry)
    x0 = min((p[0] for arc in arcs for p in arc), default=0.0)
    y0 = min((p[1] for arc in arcs for p in arc), default=0.0)
    quantized = []
    for arc in arcs:
        q = np.rint((np.asarray(arc) - [x0, y0]) / quantum_deg).astype(np.int64)
        keep = np.ones(len(q), dtype=bool)
        keep[1:-1] = np.any(q[1:-1] != q[:-2], axis=1)  # drop repeats made by quantization, keep the ends
        q = q[keep]
        deltas = np.vstack([q[:1], np.diff(q, axis=0)])
        quantized.append(polyline(deltas.ravel().tolist()))
    topology = {
        "type": "Topology",
        "transform": {"scale": [quantum_deg, quantum_deg], "translate": [x0, y0]},
        "objects": {object_name: {"type": "GeometryCollection", "geometries": objects}},
        "arcs": quantized,
    }
    return topology, [sorted(u) for u in users]


def polyline(values: Sequence[int]) -> str:
    """Integers as text by the encoded-polyline scheme (zig-zag sign, 5-bit groups, offset 63), ``{``→``!``, ``\\``→``$``."""
    out = []
    for v in values:
        v = ~(v << 1) if v < 0 else v << 1
        while v >= 0x20:
            out.append(chr((0x20 | (v & 0x1F)) + 63))
            v >>= 5
        out.append(chr(v + 63))
    # "{" could open a Jinja tag when folium re-templates the script, "\\" costs two characters in JSON.
    return "".join(out).translate(_SAFE)


_SAFE = str.maketrans({"{": "!", "\\": "$"})


def border_arcs(users: list[list[int]], groups: Sequence[str]) -> list[int]:
    """Arcs separating geometries of different ``groups`` (e.g. oblasts) or on the outer edge."""
    return [i for i, used_by in enumerate(users) if len(used_by) == 1 or len({groups[g] for g in used_by}) > 1]


def district_topology(
    frame: pd.DataFrame, *, tolerance_deg: float = BROWSER_TOLERANCE_DEG, quantum_deg: float = QUANTUM_DEG
) -> str:
    """Compact TopoJSON text of the districts with an ``oblast_borders`` arc list.

    Parameters
    ----------
    frame
        Columns ``kato``, ``parent_kato``, ``wkb`` (full-resolution boundaries).
    tolerance_deg, quantum_deg
        See :data:`BROWSER_TOLERANCE_DEG` and :data:`QUANTUM_DEG`.

    Returns
    -------
    str
        JSON text; features' properties carry ``kato``; ``oblast_borders`` lists arc indices.
    """
    geoms = shapely.from_wkb([bytes(b) for b in frame["wkb"]])
    simplified = simplify_coverage(geoms, tolerance_deg=tolerance_deg)
    katos = frame["kato"].astype(str).tolist()
    topology, users = encode(simplified, [{"kato": k} for k in katos], quantum_deg=quantum_deg)
    topology["oblast_borders"] = border_arcs(users, frame["parent_kato"].astype(str).tolist())
    return json.dumps(topology, separators=(",", ":"))


# Decodes a topology into a GeoJSON FeatureCollection (TopoJSON 1.0, quantized, delta-encoded arcs, each arc
# written as one encoded-polyline string of its x, y deltas — see polyline()).
DECODE_JS = """function (t, name) {
  var s = t.transform.scale, tr = t.transform.translate, arcs = t.arcs.map(function (text) {
    var vals = [], i = 0, v, shift, b, out = [], x = 0, y = 0, j;
    while (i < text.length) {
      v = 0; shift = 0;
      do { b = text.charCodeAt(i++); b = (b === 33 ? 123 : b === 36 ? 92 : b) - 63; v |= (b & 31) << shift; shift += 5; } while (b >= 32);
      vals.push(v & 1 ? ~(v >> 1) : v >> 1);
    }
    for (j = 0; j < vals.length; j += 2) {
      x += vals[j]; y += vals[j + 1]; out.push([x * s[0] + tr[0], y * s[1] + tr[1]]);
    }
    return out;
  });
  function ring(refs) {
    var out = [];
    refs.forEach(function (r, j) {
      var a = r < 0 ? arcs[~r].slice().reverse() : arcs[r];
      out = out.concat(j ? a.slice(1) : a);
    });
    return out;
  }
  function poly(rs) { return rs.map(ring); }
  var feats = t.objects[name].geometries.filter(function (g) { return g.type; }).map(function (g) {
    return {type: "Feature", properties: g.properties, geometry: {type: g.type,
      coordinates: g.type === "Polygon" ? poly(g.arcs) : g.arcs.map(poly)}};
  });
  var mesh = (t.oblast_borders || []).map(function (i) { return arcs[i]; });
  return {type: "FeatureCollection", features: feats, mesh: mesh};
}"""


class TopoZoneLayer(ZoneLayer):
    """:class:`layers.zones.ZoneLayer` fed from TopoJSON text; also keeps the topology for the oblast borders."""

    def __init__(
        self, topology_text: str, data: dict[str, object], *, name: str, show: bool, control: bool, interactive: bool
    ) -> None:
        super().__init__(
            '{"type":"FeatureCollection","features":[]}',
            data,
            name=name,
            show=show,
            control=control,
            interactive=interactive,
        )
        # The decoded collection is kept on window so the oblast layer re-uses its arcs.
        self.geojson_js = f"(window.qonysTopo = ({DECODE_JS})({script_safe(topology_text)}, {to_js('districts')}))"


def build_zones(
    topology_text: str,
    zones: pd.DataFrame,
    *,
    name: str,
    show: bool = True,
    control: bool = True,
    interactive: bool = True,
    colours: dict[str, str] = ZONE_COLOURS,
) -> TopoZoneLayer:
    """District choropleth from TopoJSON text (same contract as :func:`layers.zones.build`)."""
    if not isinstance(topology_text, str) or '"Topology"' not in topology_text:
        raise ValueError("topology_text must be the TopoJSON text of the districts")
    return TopoZoneLayer(
        topology_text, zone_data(zones, colours=colours), name=name, show=show, control=control, interactive=interactive
    )


class OblastMeshLayer(OnMap, folium.map.Layer):
    """Oblast borders as polylines of the district topology's ``oblast_borders`` arcs (add after the zones)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.geoJSON(
                {type: "MultiLineString", coordinates: (window.qonysTopo || {mesh: []}).mesh},
                {interactive: false, style: {{ this.style_js }}});
        {% endmacro %}
        """
    )

    def __init__(
        self, *, name: str, show: bool = True, control: bool = True, colour: str = "#1a1a1a", weight_px: float = 1.6
    ) -> None:
        super().__init__(name=name, overlay=True, control=control, show=show)
        self._name = "OblastMeshLayer"
        self.style_js = to_js({"color": colour, "weight": weight_px, "opacity": 0.9})
