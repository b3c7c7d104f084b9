"""Adaptation and integration centres: markers with an inline-SVG ``DivIcon`` (no icon image, no CDN).

A clicked centre reaches st_folium's ``last_active_drawing`` with
``properties = {"layer": "centre", "index": <row position>}``.
"""

from __future__ import annotations

import pandas as pd
from folium.map import Layer
from folium.template import Template

from layers._markup import is_missing, to_js_packed, tooltip_html

CENTRE_COLOURS = {"fill": "#b2182b", "stroke": "#ffffff"}
ICON_SIZE_PX = 20


def icon_svg(
    *, fill: str = CENTRE_COLOURS["fill"], stroke: str = CENTRE_COLOURS["stroke"], size_px: int = ICON_SIZE_PX
) -> str:
    """The centre symbol: a diamond with a white cross, as inline SVG (no namespace URL needed in HTML)."""
    return (
        f'<svg width="{size_px}" height="{size_px}" viewBox="0 0 20 20" aria-hidden="true">'
        f'<rect x="4" y="4" width="12" height="12" transform="rotate(45 10 10)" fill="{fill}" '
        f'stroke="{stroke}" stroke-width="1.5"/>'
        f'<path d="M10 6.5v7M6.5 10h7" stroke="{stroke}" stroke-width="1.8"/></svg>'
    )


class CentreLayer(Layer):
    """Markers with one shared ``L.divIcon``, built from a compact array."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = (function (d) {
                var icon = L.divIcon({html: d.svg, className: "qonys-centre", iconSize: [d.s, d.s],
                                      iconAnchor: [d.s / 2, d.s / 2]});
                var group = L.featureGroup(), i, m;
                for (i = 0; i < d.p.length; i++) {
                    m = L.marker([d.p[i][0], d.p[i][1]], {icon: icon, keyboard: true, title: d.a[i]});
                    m.feature = {type: "Feature", properties: {layer: "centre", index: d.p[i][2]}};
                    if (d.t[i]) { m.bindTooltip(d.t[i]); }
                    group.addLayer(m);
                }
                return group;
            })({{ this.data_js }});
        {% endmacro %}
        """
    )

    def __init__(self, data: dict[str, object], *, name: str, show: bool, control: bool) -> None:
        super().__init__(name=name, overlay=True, control=control, show=show)
        self._name = "CentreLayer"
        self.data_js = to_js_packed(data)


def build(
    centres: pd.DataFrame, *, name: str, show: bool = True, control: bool = True, fill: str = CENTRE_COLOURS["fill"]
) -> CentreLayer:
    """Adaptation centres as markers with escaped tooltips.

    Parameters
    ----------
    centres
        Columns ``name``, ``lat``, ``lon``; optional ``tooltip`` (translated lines such as capacity and
        source, composed by the caller). ``capacity``/``source`` are not shown unless put in ``tooltip``,
        because their labels need translating. Rows without coordinates are skipped.
    name
        Layer name in the layer control (translated).
    show, control
        Shown at start; listed in the layer control.
    fill
        Symbol colour (keep it apart from the zone palette).

    Returns
    -------
    CentreLayer
        A folium layer; add it last so the markers sit above the other layers.
    """
    frame = centres.reset_index(drop=True)
    lines = frame["tooltip"].tolist() if "tooltip" in frame.columns else [None] * len(frame)
    points, tooltips, titles = [], [], []
    for i, (lat, lon, label) in enumerate(zip(frame["lat"], frame["lon"], frame["name"], strict=True)):
        if is_missing(lat) or is_missing(lon):
            continue
        points.append([round(float(lat), 5), round(float(lon), 5), i])
        tooltips.append(tooltip_html(label, lines[i]))
        # Leaflet sets ``title`` as an attribute (textContent semantics), so the raw name is safe there.
        titles.append("" if is_missing(label) else str(label))
    data = {"svg": icon_svg(fill=fill), "s": ICON_SIZE_PX, "p": points, "t": tooltips, "a": titles}
    return CentreLayer(data, name=name, show=show, control=control)
