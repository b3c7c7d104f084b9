"""Reporting completeness: one circle per district, its colour the share of requested values the akimat
reported and the ministry approved (the data campaign, scoring/reporting.py).

Pure folium (no Streamlit, no IO, no external asset): circles drawn on one canvas from compact arrays.
"""

from __future__ import annotations

import pandas as pd
from folium.map import Layer
from folium.template import Template

from layers._markup import is_missing, to_js_packed, tooltip_html

#: Share bands (upper bounds, %) and their colours: a sequential scale apart from the zone palette;
#: grey = nothing was requested of the district.
BANDS: tuple[tuple[float, str], ...] = ((25.0, "#f1eef6"), (50.0, "#bdc9e1"), (75.0, "#74a9cf"), (100.0, "#0570b0"))
NO_REQUEST_COLOUR = "#9e9e9e"
RADIUS_PX = 6


def colour_of(share_pct: object) -> str:
    """Colour of a share (0–100 %); grey when there is none (nothing requested)."""
    if is_missing(share_pct):
        return NO_REQUEST_COLOUR
    for upper, colour in BANDS:
        if float(share_pct) <= upper:
            return colour
    return BANDS[-1][1]


class CompletenessLayer(Layer):
    """Circle markers on one canvas, built from a compact array."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = (function (d) {
                var renderer = L.canvas({padding: 0.5}), group = L.featureGroup(), i, m;
                for (i = 0; i < d.p.length; i++) {
                    m = L.circleMarker([d.p[i][0], d.p[i][1]], {renderer: renderer, radius: d.r,
                        color: "#333333", weight: 1, fillColor: d.c[d.p[i][2]], fillOpacity: 0.9});
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
        self._name = "CompletenessLayer"
        self.data_js = to_js_packed(data)


def build(
    districts: pd.DataFrame, *, name: str, show: bool = False, control: bool = True, radius_px: int = RADIUS_PX
) -> CompletenessLayer:
    """Districts as circles coloured by the share of requested values reported and approved.

    Parameters
    ----------
    districts
        Columns ``name``, ``lat``, ``lon``, ``approved_pct`` (NaN: nothing requested); optional
        ``tooltip`` (translated lines composed by the caller, e.g. the shares and "last reported by
        the akimat: <date>"). Rows without coordinates are skipped; every text is escaped.
    name
        Layer name in the layer control (translated).
    show, control
        Shown at start (off by default: an optional layer); listed in the layer control.
    radius_px
        Circle radius in pixels.

    Returns
    -------
    CompletenessLayer
        A folium layer.
    """
    frame = districts.reset_index(drop=True)
    lines = frame["tooltip"].tolist() if "tooltip" in frame.columns else [None] * len(frame)
    colours: list[str] = []
    points, tooltips = [], []
    for i, (lat, lon, label, share) in enumerate(
        zip(frame["lat"], frame["lon"], frame["name"], frame["approved_pct"], strict=True)
    ):
        if is_missing(lat) or is_missing(lon):
            continue
        colour = colour_of(share)
        if colour not in colours:
            colours.append(colour)
        points.append([round(float(lat), 5), round(float(lon), 5), colours.index(colour)])
        tooltips.append(tooltip_html(label, lines[i]))
    data = {"r": radius_px, "c": colours, "p": points, "t": tooltips}
    return CompletenessLayer(data, name=name, show=show, control=control)
