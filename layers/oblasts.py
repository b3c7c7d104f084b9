"""Oblast borders over the districts: outline only, no fill, not interactive (clicks reach the districts)."""

from __future__ import annotations

from folium.map import Layer
from folium.template import Template

from layers._markup import script_safe, to_js

OBLAST_BORDER_COLOUR = "#1a1a1a"


class OblastLayer(Layer):
    """Oblast outlines from GeoJSON text embedded verbatim."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.geoJSON({{ this.geojson_js }}, {
                interactive: false,
                style: {{ this.style_js }}
            });
        {% endmacro %}
        """
    )

    def __init__(self, geojson_text: str, *, name: str, show: bool, control: bool, style: dict[str, object]) -> None:
        super().__init__(name=name, overlay=True, control=control, show=show)
        self._name = "OblastLayer"
        self.geojson_js = script_safe(geojson_text)
        self.style_js = to_js(style)


def build(
    geojson_text: str,
    *,
    name: str,
    show: bool = True,
    control: bool = True,
    colour: str = OBLAST_BORDER_COLOUR,
    weight_px: float = 1.6,
) -> OblastLayer:
    """Oblast borders as a non-interactive outline layer.

    Parameters
    ----------
    geojson_text
        Oblast FeatureCollection as text (cached by the page; not parsed here).
    name
        Layer name in the layer control (translated).
    show, control
        Shown at start; listed in the layer control.
    colour, weight_px
        Outline colour and width in pixels.

    Returns
    -------
    OblastLayer
        A folium layer; add it to the map after the districts so it is drawn above them.
    """
    if not isinstance(geojson_text, str):
        raise TypeError(f"geojson_text must be the GeoJSON text (str), not {type(geojson_text).__name__}")
    style = {"fill": False, "color": colour, "weight": weight_px, "opacity": 0.9}
    return OblastLayer(geojson_text, name=name, show=show, control=control, style=style)
