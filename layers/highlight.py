"""Selection outline and drill-down view (country → oblast → district) over the districts layer.

The outline re-uses the polygons the districts layer already holds in the browser (found through
``map.qonys.districts``, set by :mod:`layers.zones`), so a new selection sends only a list of katos.
:func:`build` returns a :class:`folium.FeatureGroup` so the page can pass it as st_folium's
``feature_group_to_add``: the selection then changes without re-mounting the map. Added to a map directly
(static export) it must come after the districts layer.
"""

from __future__ import annotations

from collections.abc import Iterable

import folium
from folium.template import Template

from layers._markup import OnMap, to_js

HIGHLIGHT_COLOUR = "#e66101"  # orange: stands apart from the blue-green zones, also under deuteranopia


class _Highlight(OnMap, folium.MacroElement):
    """Outlines the selected districts and optionally fits the view to them."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            (function (o) {
                var map = {{ this.map_js }}, d = map.qonys && map.qonys.districts, sel = {}, feats = [];
                if (!d) { return; }
                o.k.forEach(function (k) { sel[k] = true; });
                d.eachLayer(function (l) { if (sel[l.feature.properties.kato]) { feats.push(l.feature); } });
                if (!feats.length) { return; }
                var outline = L.geoJSON(feats, {interactive: false, style: o.style});
                if (o.outline) { outline.addTo({{ this._parent.get_name() }}); }
                if (o.fit) { map.fitBounds(outline.getBounds(), {padding: [16, 16], maxZoom: o.maxZoom}); }
            })({{ this.options_js }});
        {% endmacro %}
        """
    )

    def __init__(self, options: dict[str, object]) -> None:
        super().__init__()
        self._name = "Highlight"
        self.options_js = to_js(options)


def build(
    katos: Iterable[str],
    *,
    outline: bool = True,
    fit_bounds: bool = False,
    colour: str = HIGHLIGHT_COLOUR,
    weight_px: float = 3.0,
    max_zoom: int = 9,
) -> folium.FeatureGroup:
    """Outline selected districts and/or fit the view to them.

    Parameters
    ----------
    katos
        District katos: one for a selected district, all of an oblast's for an oblast drill-down, none for
        the country (nothing is drawn and the view is left alone).
    outline
        Draw the outline (off for a pure zoom to an oblast).
    fit_bounds
        Fit the map view to the selected districts.
    colour, weight_px
        Outline colour and width.
    max_zoom
        Upper zoom bound of the fit, so a small city district is not blown up.

    Returns
    -------
    folium.FeatureGroup
        Not in the layer control; pass it as ``feature_group_to_add`` (or add it after the districts).
    """
    selected = sorted({str(k) for k in katos})
    options = {
        "k": selected,
        "outline": outline,
        "fit": fit_bounds,
        "maxZoom": max_zoom,
        "style": {"fill": False, "color": colour, "weight": weight_px, "opacity": 1.0},
    }
    group = folium.FeatureGroup(name="selection", control=False)
    group.add_child(_Highlight(options))
    return group
