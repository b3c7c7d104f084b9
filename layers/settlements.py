"""Settlements as canvas circle markers built in the browser from one compact JS array.

11,726 villages as folium ``CircleMarker`` objects would be 11k script blocks; here they are one array
``[lat, lon, radius_px, zone_index]`` plus parallel arrays of tooltips and district katos, drawn by a single
``L.canvas`` renderer. Radius ∝ √population (area ∝ population); a missing population gets the minimum radius.
Larger circles are drawn first so small ones stay on top and clickable. A clicked point reaches st_folium's
``last_active_drawing`` with ``properties = {"layer": "settlement", "kato": <district kato or null>}``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from folium.map import Layer
from folium.template import Template

from layers._markup import TOOLTIP_JS, is_missing, line_refs, name_html, to_js_packed
from layers.zones import ZONE_COLOURS

MIN_RADIUS_PX = 2.0
MAX_RADIUS_PX = 14.0


def radius_px(
    population: pd.Series,
    *,
    population_max: float | None = None,
    min_px: float = MIN_RADIUS_PX,
    max_px: float = MAX_RADIUS_PX,
) -> np.ndarray:
    """Circle radius: ``clip(max_px · √(population / population_max), min_px, max_px)``; NaN → ``min_px``."""
    pop = pd.to_numeric(population, errors="coerce").to_numpy(dtype=float)
    top = population_max if population_max is not None else np.nanmax(pop, initial=0.0)
    if not top or not math.isfinite(top) or top <= 0:
        return np.full(len(pop), min_px)
    radius = max_px * np.sqrt(np.clip(pop, 0, None) / top)
    return np.clip(np.nan_to_num(radius, nan=min_px), min_px, max_px)


class SettlementLayer(Layer):
    """Circle markers on one canvas renderer, from compact arrays."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = (function (d) {
                var renderer = L.canvas({padding: 0.5}), group = L.featureGroup(), i, p, m, t;
                for (i = 0; i < d.p.length; i++) {
                    p = d.p[i];
                    m = L.circleMarker([p[0], p[1]], {
                        renderer: renderer, radius: p[2], fillColor: d.c[p[3]], fillOpacity: 0.9,
                        color: "#222", weight: 0.7, opacity: 0.9, interactive: d.i
                    });
                    if (d.i) {
                        m.feature = {type: "Feature", properties: {layer: "settlement", kato: d.k[i],
                                                                  id: d.n ? d.n[i] : null}};
                        t = ({{ this.tooltip_js }})(d.t[i][0], d.t[i][1], d.s);
                        if (t) { m.bindTooltip(t); }
                    }
                    group.addLayer(m);
                }
                return group;
            })({{ this.data_js }});
        {% endmacro %}
        """
    )

    def __init__(self, data: dict[str, object], *, name: str, show: bool, control: bool) -> None:
        super().__init__(name=name, overlay=True, control=control, show=show)
        self._name = "SettlementLayer"
        self.data_js = to_js_packed(data)
        self.tooltip_js = TOOLTIP_JS


def _optional(frame: pd.DataFrame, column: str) -> list[object]:
    return frame[column].tolist() if column in frame.columns else [None] * len(frame)


def _kato_or_none(value: object) -> str | None:
    if is_missing(value):
        return None
    return str(value)


def build(
    settlements: pd.DataFrame,
    *,
    name: str,
    show: bool = True,
    control: bool = True,
    interactive: bool = True,
    population_max: float | None = None,
    colours: dict[str, str] = ZONE_COLOURS,
) -> SettlementLayer:
    """Settlements sized by population and coloured by their district's zone.

    Parameters
    ----------
    settlements
        Columns ``lat``, ``lon``, ``zone`` (NaN → ``insufficient``), ``population`` (may be NaN); optional
        ``name``, ``tooltip`` (translated lines), ``district_kato`` (returned on click as ``kato``) and
        ``id`` (the settlement's own key, returned on click as ``id``). Rows without
        coordinates are skipped.
    name
        Layer name in the layer control (translated, e.g. with the source caveat for GeoNames villages).
    show, control
        Shown at start; listed in the layer control.
    interactive
        Tooltips and clicks; turn off for the 11k-village layer if hovering is not wanted.
    population_max
        Population given the largest circle; default the largest in the frame (pass a fixed value so
        two layers share one scale).
    colours
        Fill colour per zone key.

    Returns
    -------
    SettlementLayer
        A folium layer; add it to the map.
    """
    frame = settlements.dropna(subset=["lat", "lon"]).reset_index(drop=True)
    radius = radius_px(frame["population"], population_max=population_max)
    zone_keys = list(colours)
    zone_index = {zone: i for i, zone in enumerate(zone_keys)}
    zones = []
    for zone in frame["zone"].tolist():
        key = "insufficient" if is_missing(zone) else str(zone)
        if key not in zone_index:
            raise ValueError(f"unknown zone {key!r} for a settlement; expected one of {sorted(zone_index)}")
        zones.append(zone_index[key])
    order = np.argsort(-radius, kind="stable")
    names, lines = _optional(frame, "name"), _optional(frame, "tooltip")
    katos = _optional(frame, "district_kato")
    lat, lon = frame["lat"].to_numpy(float), frame["lon"].to_numpy(float)
    shared: dict[str, int] = {}
    data = {
        "c": [colours[z] for z in zone_keys],
        "i": bool(interactive),
        "p": [[round(lat[i], 5), round(lon[i], 5), round(float(radius[i]), 1), zones[i]] for i in order],
        # tooltips: the escaped name, then references to lines in "s" (line_refs)
        "t": [[name_html(names[i]), line_refs(lines[i], shared)] for i in order] if interactive else [],
        "k": [_kato_or_none(katos[i]) for i in order] if interactive else [],
    }
    data["s"] = list(shared)
    if interactive and "id" in frame.columns:
        ids = frame["id"].tolist()
        data["n"] = [_kato_or_none(ids[i]) for i in order]
    return SettlementLayer(data, name=name, show=show, control=control)
