"""District choropleth by resettlement zone — the one place that defines the zone colours.

How the page uses it with streamlit-folium (0.27.4)::

    m = basemap.new_map(...)
    zones.build(districts_geojson_text, zone_frame, name=_("Zones")).add_to(m)
    out = st_folium(m, key="zone_map", height=620, use_container_width=True,
                    returned_objects=["last_active_drawing"])
    feature = out and out.get("last_active_drawing")
    props = (feature or {}).get("properties") or {}
    if props.get("layer") == "district":
        selected_kato = props["kato"]          # settlements carry their district's kato too

Only ``last_active_drawing`` is returned, so pan and zoom do not rerun the script; a click sends the clicked
feature (its ``properties`` are those of the GeoJSON plus ``layer``). st_folium re-mounts the map whenever the
generated script changes, so keep the base map's inputs stable across reruns and pass what changes — the
selection (:func:`layers.highlight.build`) or new zones from what-if weights (:func:`restyle`) — as
``feature_group_to_add=[...]``, which st_folium evaluates without re-mounting.

Style injection, measured on the 224 coverage-simplified districts with compact GeoJSON text (420 KB;
tests/layers/test_layer_size.py prints it): the text goes into the page verbatim and a compact
``{kato: [zone, name, line ids]}`` dict with shared tooltip lines is applied by a small JS function — 441 KB of HTML, 30–40 ms to
build and render in Python, no parse/serialise. folium's ``GeoJson`` with a Python ``style_function`` (styles
de-duplicated into a style map by folium 0.20) and the tooltips put into the features' properties parses the
text and re-serialises it — 497 KB, 85–105 ms. Hence the first; it also keeps the geometry text byte-identical
across reruns and lets :func:`restyle` change zones without re-sending any geometry.

Two marks sit on top of the zone colour. A district whose zone rests (almost) only on oblast figures gets a
hatch: an SVG ``<pattern>`` per zone (the zone colour crossed by thin white diagonals), defined once in the page by
the layer's script — no image, no external asset — and used as ``fillColor: url(#qonys-hatch-<zone>)``. A
district whose zone is uncertain gets a dark dotted outline (:data:`UNCERTAIN_STYLE`). Both travel as one small
bit field appended to the district's entry only when set (``[zone, name, refs, flags]``; 1 = oblast data only,
2 = uncertain), so an unmarked district costs nothing more. Measured on the 225 districts (English, all hatched,
97 uncertain): the marks and their two tooltip lines add 1.1 KB to the style payload and the patterns 1.7 KB.

Palette: ColorBrewer YlGnBu (zone I darkest) with neutral greys for ``insufficient`` (dashed outline) and
``ineligible`` (white). Smallest CIE76 ΔE between any two of the six colours, Machado et al. (2009) simulation:
normal 23, deuteranopia 19, protanopia 13, tritanopia 16 (checked by tests/layers/test_zones.py).
"""

from __future__ import annotations

import folium
import pandas as pd
from folium.map import Layer
from folium.template import Template

from layers._markup import TOOLTIP_JS, OnMap, is_missing, line_refs, name_html, script_safe, to_js, to_js_packed

ZONE_COLOURS: dict[str, str] = {
    "I": "#0c2c84",
    "II": "#225ea8",
    "III": "#41b6c4",
    "IV": "#c7e9b4",
    "insufficient": "#bdbdbd",
    "ineligible": "#ffffff",
}
"""Fill colour of each zone key; legend, settlements and tests read it from here."""

ZONES: tuple[str, ...] = tuple(ZONE_COLOURS)
BORDER_COLOUR = "#4d4d4d"
FILL_OPACITY = 0.85
#: Flag bits of a district entry (see the module docstring).
FLAG_OBLAST_ONLY = 1
FLAG_UNCERTAIN = 2
#: Outline of a district whose zone is uncertain: dark and dotted, unlike the grey dashes of "insufficient".
UNCERTAIN_STYLE: dict[str, object] = {"color": "#1a1a1a", "weight": 2.0, "opacity": 0.9, "dashArray": "1 3"}
#: Hatch lines: white, this wide, this far apart (px), at 45°.
HATCH_STROKE = "#ffffff"
HATCH_WIDTH_PX = 1.5
HATCH_SPACING_PX = 6


def hatch_id(zone: str) -> str:
    """Element id of the SVG pattern hatching ``zone``'s colour (zone keys are ASCII: I…IV, insufficient…)."""
    return f"qonys-hatch-{zone}"


def hatch_defs_svg(colours: dict[str, str] = ZONE_COLOURS) -> str:
    """A zero-size inline ``<svg>`` holding one hatch ``<pattern>`` per zone colour (no external asset)."""
    step = HATCH_SPACING_PX
    patterns = "".join(
        f'<pattern id="{hatch_id(zone)}" width="{step}" height="{step}" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="{step}" height="{step}" fill="{colour}"/>'
        f'<line x1="0" y1="0" x2="0" y2="{step}" stroke="{HATCH_STROKE}" stroke-width="{HATCH_WIDTH_PX}" '
        'stroke-opacity="0.75"/></pattern>'
        for zone, colour in colours.items()
    )
    # Zero size but not display:none: browsers do not paint patterns defined inside a display:none svg.
    return (
        '<svg id="qonys-hatch-defs" width="0" height="0" aria-hidden="true" '
        f'style="position:absolute;width:0;height:0"><defs>{patterns}</defs></svg>'
    )


# Puts the hatch patterns into the document once (st_folium keeps only each element's script, so no header HTML).
_DEFS_JS = """(function (svg) {
  if (!document.getElementById("qonys-hatch-defs")) {
    var d = document.createElement("div"); d.innerHTML = svg; document.body.appendChild(d.firstChild);
  }
})"""

# Applies {kato: [zone, name_html, [line ids], flags?]} (lines shared in data.s) to every polygon of a districts
# layer; shared by build() and restyle().
_APPLY_JS = """function (layer, data) {
  layer.eachLayer(function (l) {
    var p = l.feature.properties, s = data.k[p.kato], tip, f = (s && s[3]) || 0;
    p.layer = "district";
    l._qonysBase = s ? data.z[s[0]] : data.none;
    if (f & 1) { l._qonysBase = Object.assign({}, l._qonysBase, {fillColor: "url(#qonys-hatch-" + s[0] + ")"}); }
    if (f & 2) { l._qonysBase = Object.assign({}, l._qonysBase, data.u); }
    l.setStyle(l._qonysBase);
    l.unbindTooltip();
    if (s) {
      tip = (__TOOLTIP__)(s[1], s[2], data.s);
      if (tip) { l.bindTooltip(tip, {sticky: true}); }
    }
  });
}""".replace("__TOOLTIP__", TOOLTIP_JS)


def zone_style(zone: str, colours: dict[str, str] = ZONE_COLOURS) -> dict[str, object]:
    """Leaflet path style of one zone (``insufficient`` gets a dashed outline so it does not read as a zone)."""
    style: dict[str, object] = {
        "fillColor": colours[zone],
        "fillOpacity": FILL_OPACITY,
        "color": BORDER_COLOUR,
        "weight": 0.6,
        "opacity": 0.7,
    }
    if zone == "insufficient":
        style.update(color="#737373", weight=0.9, dashArray="3 3")
    return style


def _kato_series(frame: pd.DataFrame) -> pd.Series:
    katos = frame["kato"] if "kato" in frame.columns else frame.index.to_series()
    katos = katos.astype(str)
    bad = katos[~katos.str.fullmatch(r"\d{9}")]
    if len(bad):
        raise ValueError(f"kato must be a 9-digit string, got {bad.iloc[0]!r}")
    return katos.reset_index(drop=True)


def _flags(row: dict[str, object]) -> int:
    flags = 0
    if not is_missing(row.get("oblast_only")) and bool(row.get("oblast_only")):
        flags |= FLAG_OBLAST_ONLY
    if not is_missing(row.get("uncertain")) and bool(row.get("uncertain")):
        flags |= FLAG_UNCERTAIN
    return flags


def _zone_of(value: object, kato: str, colours: dict[str, str]) -> str:
    if is_missing(value):
        return "insufficient"
    zone = str(value)
    if zone not in colours:
        raise ValueError(f"unknown zone {zone!r} for kato {kato}; expected one of {sorted(colours)}")
    return zone


def zone_data(zones: pd.DataFrame, *, colours: dict[str, str] = ZONE_COLOURS) -> dict[str, object]:
    """The compact style payload: zone styles, shared tooltip lines and ``{kato: [zone, name, line ids]}``.

    Tooltip lines repeat across districts (every zone-I district says "Zone I — priority"), so each
    distinct escaped line is sent once in ``s`` and districts refer to it by index.

    Parameters
    ----------
    zones
        One row per district, kato in a ``kato`` column or the index; ``zone`` (NaN → ``insufficient``);
        optional ``name`` and ``tooltip`` (translated lines: a newline-separated string or a list);
        optional booleans ``oblast_only`` (hatched) and ``uncertain`` (dotted outline).
    colours
        Fill colour per zone key.

    Returns
    -------
    dict
        ``{"z": {zone: style}, "none": style, "u": outline style, "s": [line_html],
        "k": {kato: [zone, name_html, [ids]] or [zone, name_html, [ids], flags]}}``, ready for
        :func:`to_js_packed`; the browser joins name and lines with ``<br>``.
    """
    katos = _kato_series(zones)
    names = zones["name"].tolist() if "name" in zones.columns else [None] * len(zones)
    lines = zones["tooltip"].tolist() if "tooltip" in zones.columns else [None] * len(zones)
    marks = zones.reindex(columns=["oblast_only", "uncertain"]).to_dict("records")
    shared: dict[str, int] = {}
    per_kato = {}
    for kato, zone, name, extra, mark in zip(katos, zones["zone"].tolist(), names, lines, marks, strict=True):
        entry: list[object] = [_zone_of(zone, kato, colours), name_html(name), line_refs(extra, shared)]
        if flags := _flags(mark):
            entry.append(flags)
        per_kato[kato] = entry
    return {
        "z": {zone: zone_style(zone, colours) for zone in colours},
        "none": zone_style("insufficient", colours),
        "u": UNCERTAIN_STYLE,
        "s": list(shared),
        "k": per_kato,
    }


class ZoneLayer(OnMap, Layer):
    """Districts from GeoJSON text, styled in the browser from a per-kato dict (see module docstring)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.geoJSON({{ this.geojson_js }}, {
                interactive: {{ this.interactive_js }},
                onEachFeature: function (f, l) {
                    l.on("mouseover", function () { l.setStyle({weight: 2.5}); });
                    l.on("mouseout", function () { l.setStyle({weight: l._qonysBase.weight}); });
                }
            });
            ({{ this.defs_js }})({{ this.hatch_svg_js }});
            ({{ this.apply_js }})({{ this.get_name() }}, {{ this.data_js }});
            {{ this.map_js }}.qonys = {{ this.map_js }}.qonys || {};
            {{ this.map_js }}.qonys.districts = {{ this.get_name() }};
        {% endmacro %}
        """
    )

    def __init__(
        self,
        geojson_text: str,
        data: dict[str, object],
        *,
        name: str,
        show: bool,
        control: bool,
        interactive: bool,
        colours: dict[str, str] = ZONE_COLOURS,
    ) -> None:
        super().__init__(name=name, overlay=True, control=control, show=show)
        self._name = "ZoneLayer"
        self.geojson_js = script_safe(geojson_text)
        self.data_js = to_js_packed(data)
        self.interactive_js = "true" if interactive else "false"
        self.apply_js = _APPLY_JS
        self.defs_js = _DEFS_JS
        self.hatch_svg_js = to_js(hatch_defs_svg(colours))


def build(
    geojson_text: str,
    zones: pd.DataFrame,
    *,
    name: str,
    show: bool = True,
    control: bool = True,
    interactive: bool = True,
    colours: dict[str, str] = ZONE_COLOURS,
) -> ZoneLayer:
    """District choropleth coloured by zone, with escaped tooltips and clickable features.

    Parameters
    ----------
    geojson_text
        FeatureCollection as text (cached by the page; embedded verbatim, never parsed here); every
        feature's properties carry ``kato``.
    zones
        See :func:`zone_data`. A district without a row is drawn as ``insufficient`` without tooltip;
        a row without a polygon is simply not drawn.
    name
        Layer name in the layer control (translated).
    show, control
        Shown at start; listed in the layer control.
    interactive
        Tooltips, hover and clicks (``last_active_drawing``).
    colours
        Fill colour per zone key, default :data:`ZONE_COLOURS`.

    Returns
    -------
    ZoneLayer
        A folium layer; add it to the map.
    """
    if not isinstance(geojson_text, str):
        raise TypeError(f"geojson_text must be the GeoJSON text (str), not {type(geojson_text).__name__}")
    if '"kato"' not in geojson_text:
        raise ValueError("district GeoJSON features must carry a 'kato' property")
    return ZoneLayer(
        geojson_text,
        zone_data(zones, colours=colours),
        name=name,
        show=show,
        control=control,
        interactive=interactive,
        colours=colours,
    )


class _ZoneRestyle(OnMap, folium.MacroElement):
    """Re-applies zone styles and tooltips to the map's districts layer, without re-sending geometry."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            (function () {
                var d = {{ this.map_js }}.qonys && {{ this.map_js }}.qonys.districts;
                if (d) { ({{ this.apply_js }})(d, {{ this.data_js }}); }
            })();
        {% endmacro %}
        """
    )

    def __init__(self, data: dict[str, object]) -> None:
        super().__init__()
        self._name = "ZoneRestyle"
        self.data_js = to_js_packed(data)
        self.apply_js = _APPLY_JS


def restyle(zones: pd.DataFrame, *, colours: dict[str, str] = ZONE_COLOURS) -> folium.FeatureGroup:
    """New zones for the districts layer already on the map, as a group for ``feature_group_to_add``.

    Parameters
    ----------
    zones
        As for :func:`build`.
    colours
        Fill colour per zone key.

    Returns
    -------
    folium.FeatureGroup
        Not listed in the layer control; pass it to st_folium's ``feature_group_to_add`` (or add it to a
        map after the :class:`ZoneLayer`).
    """
    group = folium.FeatureGroup(name="zone-restyle", control=False)
    group.add_child(_ZoneRestyle(zone_data(zones, colours=colours)))
    return group
