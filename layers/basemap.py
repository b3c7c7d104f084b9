"""The base map: a :class:`folium.Map` that loads only local Leaflet assets and reads without tiles.

folium's defaults pull Leaflet, jQuery, Bootstrap, Font Awesome and awesome-markers from CDNs; offline the
map is blank (../shared/TECH_NOTES.md). Here the map's own ``default_js``/``default_css`` are replaced by the
vendored Leaflet under ``static_prefix`` (``/app/static/`` when Streamlit serves ``./static``; a relative
path such as ``static/`` for the static export). No layer of this package adds another asset.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import folium
from folium.template import Template

from layers._markup import OnMap, add_header_css, to_js

BACKGROUND_COLOUR = "#eef1f4"
LocaleDir = Literal["ltr", "rtl"]


class _Attribution(OnMap, folium.MacroElement):
    """Data attribution shown when there is no tile layer to carry it (trusted, configured markup)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            {{ this.map_js }}.attributionControl.addAttribution({{ this.text_js }});
        {% endmacro %}
        """
    )

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "QonysAttribution"
        self.text_js = to_js(text)


class ImmediateClick(OnMap, folium.MacroElement):
    """Send a clicked feature to Streamlit at once instead of after st_folium's 250 ms debounce.

    streamlit-folium (0.27) records a clicked layer's feature in ``window.__GLOBAL_DATA__.last_active_drawing``
    and reports it through a 250 ms debounce meant for pan and zoom; a click then waits a quarter second before
    the script reruns. This map-level click handler (Leaflet fires it after the layers' handlers) does what the
    debounced report would do, now: send ``{last_active_drawing}`` with ``window.Streamlit.setComponentValue``
    when it differs from the last value sent, and store it as sent, so the debounced report finds nothing new.
    It acts only when the map returns exactly ``["last_active_drawing"]``, and does nothing outside st_folium
    (the static export).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            {{ this.map_js }}.on("click", function () {
                var g = window.__GLOBAL_DATA__, S = window.Streamlit;
                if (!g || !S || !g.returned_objects || g.returned_objects.join() !== "last_active_drawing") return;
                var value = {last_active_drawing: g.last_active_drawing};
                if (JSON.stringify(g.previous_data) === JSON.stringify(value)) return;
                g.previous_data = value;
                S.setComponentValue(value);
            });
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "QonysImmediateClick"


def _css(background: str, locale_dir: LocaleDir) -> str:
    # Chromium draws a focus rectangle around a clicked SVG path (TECH_NOTES, "Streamlit + st_folium").
    css = (
        "path.leaflet-interactive:focus{outline:none}"
        f".leaflet-container{{background:{background}}}"
        ".leaflet-tooltip{max-width:22rem;white-space:normal}"
    )
    if locale_dir == "rtl":
        css += ".leaflet-tooltip,.leaflet-popup-content,.leaflet-control-layers{direction:rtl;text-align:right}"
    return css


def new_map(
    *,
    tiles_url: str | None = None,
    attribution: str,
    center: Sequence[float],
    zoom: int,
    locale_dir: LocaleDir = "ltr",
    static_prefix: str = "/app/static/",
    prefer_canvas: bool = False,
    background: str = BACKGROUND_COLOUR,
    min_zoom: int = 3,
    max_zoom: int = 14,
) -> folium.Map:
    """Create the base map with local Leaflet only.

    Parameters
    ----------
    tiles_url
        Tile URL template (``https://…/{z}/{x}/{y}.png``); ``None`` draws no tiles (plain background).
    attribution
        Attribution markup (trusted configuration, may hold links): the tile layer's, or added to the
        attribution control when there are no tiles.
    center
        ``(lat, lon)`` of the initial view.
    zoom
        Initial zoom level.
    locale_dir
        ``"rtl"`` for right-to-left locales: zoom control on the right, tooltips and controls right-aligned.
    static_prefix
        URL prefix of the vendored ``leaflet.js``/``leaflet.css`` (ends with ``/``).
    prefer_canvas
        Draw every vector layer on canvas (settlements always use their own canvas renderer).
    background
        CSS colour of the map background, so the map reads without tiles.
    min_zoom, max_zoom
        Zoom limits.

    Returns
    -------
    folium.Map
        The map, already inside a :class:`branca.element.Figure`.
    """
    if locale_dir not in ("ltr", "rtl"):
        raise ValueError(f"locale_dir must be 'ltr' or 'rtl', not {locale_dir!r}")
    if not static_prefix.endswith("/"):
        static_prefix += "/"
    m = folium.Map(
        location=list(center),
        zoom_start=zoom,
        tiles=None,
        prefer_canvas=prefer_canvas,
        zoom_control="topright" if locale_dir == "rtl" else "topleft",
        control_scale=True,
    )
    m.options.update(min_zoom=min_zoom, max_zoom=max_zoom)
    # Instance attributes: folium's class-level lists are shared module globals and must not be mutated.
    m.default_js = [("leaflet", f"{static_prefix}leaflet.js")]
    m.default_css = [("leaflet_css", f"{static_prefix}leaflet.css")]
    if tiles_url:
        folium.TileLayer(
            tiles=tiles_url, attr=attribution, name="tiles", control=False, min_zoom=min_zoom, max_zoom=max_zoom
        ).add_to(m)
    else:
        m.add_child(_Attribution(attribution), name="qonys_attribution")
    add_header_css(m, "qonys_map_css", _css(background, locale_dir))
    return m
