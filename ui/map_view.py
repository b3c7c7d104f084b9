"""The zone map: composes the layers into one stable folium map and shows it with st_folium's component.

The base map is built and rendered once per data version and locale (:func:`component_args`, cached in
:func:`ui.cache.map_args`): its script is byte-identical on every rerun, so the component never re-mounts,
and a rerun pays neither folium's rendering nor Jinja (they were most of a map page's server time, see
bench/RESULTS.md "Rerun cost"). The selection outline, what-if zones and the optional villages layer travel
as ``feature_group_to_add`` (layers/zones.py docstring), rendered per rerun. Only ``last_active_drawing``
is returned, so pan and zoom never rerun the script.
"""

# i18n-domain: map
from __future__ import annotations

import html
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import folium
import pandas as pd
import streamlit as st
import streamlit_folium
from folium.template import Template

import i18n
from data.card import oblast_only
from i18n.vocabulary import RANKED_ZONES, ZONE_LABELS, zone_label
from layers import centres, completeness, highlight, legend, settlements, topology
from layers._markup import OnMap, add_header_css, to_js
from layers.basemap import ImmediateClick, new_map
from layers.centres import CENTRE_COLOURS
from layers.legend import LegendEntry
from layers.zones import ZONE_COLOURS, restyle

MAP_KEY = "zone_map"
LEGEND_POSITION = "topleft"
#: URL query parameters of the map view (zoom, centre), written by :class:`KeepView`.
VIEW_PARAMS = ("z", "lat", "lon")
#: Kazakhstan's extent (south-west, north-east), fitted on load so a phone sees the whole country.
KZ_BOUNDS = [[40.5, 46.4], [55.5, 87.4]]
Translate = Callable[[str], str]
#: Small attribution; on a phone a compact legend without its note and no scale bar (the attribution wraps
#: over it), so the map stays visible.
MAP_CSS = (
    # The legend's note speaks of composite scores: the Methodology page explains zones, the public map not.
    ".qonys-legend .note{display:none}"
    ".leaflet-control-attribution{font-size:9px;line-height:1.2;max-width:70%}.leaflet-tooltip{min-width:11rem}"
    "@media (max-width:520px){.qonys-legend{font-size:10px;max-width:9.5rem;padding:3px 5px;line-height:1.2}"
    ".qonys-legend h4{display:none}.leaflet-control-attribution{max-width:100%}"
    # A phone shows the whole country as a band across the middle of a tall map: below the zoom buttons
    # the top corner has no room left, the space above the attribution has.
    ".qonys-legend{position:fixed;bottom:46px;left:10px}.qonys-legend[dir=rtl]{left:auto;right:10px}"
    ".leaflet-control-scale{display:none}}"
)
#: Right to left: the attribution reads from the right, each source isolated so its parts keep their order.
MAP_CSS_RTL = ".leaflet-control-attribution{direction:rtl;text-align:right}"


class FitBesideLegend(OnMap, folium.MacroElement):
    """Fit the country into the part of the map the legend leaves free.

    No corner of a screen-shaped map is empty (top-left covered Aktobe, bottom-right Almaty/Zhetisu): on a
    wide map the country is fitted to the right of the legend (top-left), on a tall one (a phone, where
    ``MAP_CSS`` puts the legend above the attribution) above it. Measured in the browser, so a longer
    translation or an extra legend row still fits.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            (function (map, bounds) {
                var legend = map.getContainer().querySelector(".qonys-legend"), size = map.getSize();
                if (!legend || !legend.offsetWidth || !size.x) { return; }
                var wide = size.x > size.y * 1.2;
                map.fitBounds(bounds, wide
                    ? {paddingTopLeft: [legend.offsetWidth + 20, 10], paddingBottomRight: [10, 10]}
                    : {paddingTopLeft: [10, 70], paddingBottomRight: [10, legend.offsetHeight + 60]});
            })({{ this.map_js }}, {{ this.bounds_js }});
        {% endmacro %}
        """
    )

    def __init__(self, bounds: Sequence[Sequence[float]]) -> None:
        super().__init__()
        self._name = "QonysFitBesideLegend"
        self.bounds_js = to_js([list(corner) for corner in bounds])


class KeepView(OnMap, folium.MacroElement):
    """Keep the map view in the page's URL (``?z=&lat=&lon=``) and restore it on load, so a reload or a
    shared link shows what the reader saw.

    Written with ``history.replaceState`` on every ``moveend`` (pan and zoom do not rerun the script), and
    written again when Streamlit's own URL updates dropped it; read by the server only when a session starts
    (:func:`view_in_url`). Does nothing outside the app (no same-origin parent page: the static export).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            (function (map) {
                var w = window.parent, q;
                try { if (w === window) { return; } q = new URLSearchParams(w.location.search); } catch (e) { return; }
                var z = parseFloat(q.get("z")), lat = parseFloat(q.get("lat")), lon = parseFloat(q.get("lon"));
                if (isFinite(z) && isFinite(lat) && isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
                    map.setView([lat, lon], Math.max(map.getMinZoom(), Math.min(map.getMaxZoom(), z)), {animate: false});
                }
                var path = w.location.pathname, view = null;
                function write() {
                    if (!view || w.location.pathname !== path) { return; }
                    var p = new URLSearchParams(w.location.search);
                    if (p.get("z") === view[0] && p.get("lat") === view[1] && p.get("lon") === view[2]) { return; }
                    p.set("z", view[0]); p.set("lat", view[1]); p.set("lon", view[2]);
                    w.history.replaceState(w.history.state, "", path + "?" + p.toString() + w.location.hash);
                }
                map.on("moveend", function () {
                    var c = map.getCenter();
                    view = [String(Math.round(map.getZoom() * 4) / 4), c.lat.toFixed(3), c.lng.toFixed(3)];
                    write();
                });
                // Streamlit rewrites the URL from its own copy of the query after each rerun (a click's
                // "?d="), dropping the view: put it back. The timer ends with this frame.
                setInterval(write, 400);
            })({{ this.map_js }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "QonysKeepView"


def view_in_url(params: Mapping[str, object]) -> bool:
    """True when the URL names a map view (``z``, ``lat``, ``lon``; see :class:`KeepView`)."""
    return all(params.get(name) not in (None, "") for name in VIEW_PARAMS)


class CloseTooltipOnTap(OnMap, folium.MacroElement):
    """Close the tooltips after a tap: a touch opens a district's tooltip and no "mouseout" ever closes it.

    A mouse click leaves them alone (the pointer still hovers the district).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            (function (map) {
                map.on("click", function (e) {
                    var o = e.originalEvent;
                    if (o && o.pointerType === "mouse") { return; }
                    setTimeout(function () {
                        map.eachLayer(function (l) { if (l.closeTooltip) { l.closeTooltip(); } });
                    }, 30);
                });
            })({{ this.map_js }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "QonysCloseTooltipOnTap"


def zone_frame(table: pd.DataFrame, locale: str, _: Translate) -> pd.DataFrame:
    """Per district: ``kato``, ``zone``, translated ``name``, tooltip lines (zone, rank, marks) and the two marks
    ``oblast_only`` and ``uncertain`` of the zone layer.

    The rank line is a ``(template, rank)`` pair (layers/_markup.py ``line_refs``): the map sends "Rank {} of
    225" once and one number per district.
    """
    n = int(table["rank"].notna().sum())
    rank_line = _("Rank {rank} of {n}").format(rank="{}", n=i18n.format_number(n, locale))
    only = oblast_only(table).tolist()
    uncertain = (
        table["zone_uncertain"].fillna(False).astype(bool).tolist()
        if "zone_uncertain" in table.columns
        else [False] * len(table)
    )
    rows = []
    for r, by_oblast, unsure in zip(table.itertuples(index=False), only, uncertain, strict=True):
        lines: list[object] = [zone_label(r.zone, _)]
        if pd.notna(r.rank):
            lines.append((rank_line, i18n.format_number(int(r.rank), locale)))
        if unsure:
            lines.append(_("Zone uncertain"))
        if by_oblast:
            lines.append(_("Zone from oblast figures only"))
        rows.append(
            {
                "kato": r.kato,
                "zone": r.zone,
                "name": i18n.place_name(r._asdict(), locale),
                "tooltip": lines,
                "oblast_only": by_oblast,
                "uncertain": unsure,
            }
        )
    return pd.DataFrame(rows, columns=["kato", "zone", "name", "tooltip", "oblast_only", "uncertain"])


def settlement_frame(
    points: pd.DataFrame, zones: pd.DataFrame, locale: str, _: Translate, *, official: bool
) -> pd.DataFrame:
    """Settlement points with their district's zone, a translated name and tooltip lines."""
    zone_of = dict(zip(zones["kato"].astype(str), zones["zone"], strict=True))
    frame = points.copy()
    frame["zone"] = [zone_of.get(str(k)) for k in frame["district_kato"]]
    frame["name"] = [i18n.place_name(r, locale) for r in frame[["name_kk", "name_ru", "name_en"]].to_dict("records")]
    frame["id"] = frame["kato"]
    if official:
        # The label line is the same for every point, so the settlement layer sends it once; only the number
        # travels per point (every character costs bytes in the map payload).
        label = _("Population (BNS, 1 Jan 2023):")
        frame["tooltip"] = [
            [label, i18n.format_number(p, locale)] if pd.notna(p) else [label, i18n.format_missing(locale)]
            for p in frame["population"]
        ]
    else:
        # GeoNames populations are not official: never shown (DESIGN.md, Settlements).
        frame["population"] = float("nan")
        frame["tooltip"] = [[_("GeoNames via Who's On First; position rounded, name may be outdated")]] * len(frame)
    return frame


def centre_frame(rows: pd.DataFrame, _: Translate, locale: str) -> pd.DataFrame:
    """Adaptation centres with their name in the locale and translated tooltip lines (capacity, source id)."""
    frame = rows.copy()
    if "name_kk" in frame.columns:  # Qonys' kk/ru/en wording (stats/SOURCES.md, "Translations")
        frame["name"] = [i18n.localised(r, locale, prefix="name_", default=r["name"]) for r in rows.to_dict("records")]
    frame["tooltip"] = [
        [_("Capacity: {n}").format(n=i18n.format_number(c, locale)), _("Source: {id}").format(id=s)]
        for c, s in zip(frame["capacity"], frame["source_id"], strict=True)
    ]
    return frame


def legend_entries(_: Translate, zones_present: Sequence[str]) -> list[LegendEntry]:
    keys = [z for z in ZONE_LABELS if z in RANKED_ZONES or z in set(zones_present)]
    entries = legend.zone_entries({z: _(ZONE_LABELS[z]) for z in keys})
    entries.append(LegendEntry(_("Hatched: zone from oblast figures only"), ZONE_COLOURS["III"], "hatch"))
    entries.append(LegendEntry(_("Dotted outline: zone uncertain"), "#ffffff", "uncertain"))
    entries.append(LegendEntry(_("Official settlement (size: population)"), "#888888", "dot"))
    entries.append(LegendEntry(_("Adaptation centre"), CENTRE_COLOURS["fill"], "centre"))
    return entries


def base_map(
    *,
    topo: str,
    zones: pd.DataFrame,
    points: pd.DataFrame,
    centre_rows: pd.DataFrame,
    locale: str,
    _: Translate,
    reporting: pd.DataFrame | None = None,
) -> folium.Map:
    """The full zone map (districts, oblast borders, official settlements, centres, legend, layer control)."""
    rtl = i18n.is_rtl(locale)
    tiles = os.environ.get("QONYS_TILES_URL") or None
    sources = [
        _("Boundaries: geokz (A. Rodionov), CC BY 4.0, after OCHA COD-AB"),
        _("Settlement points: GeoNames (CC BY 4.0) via Who's On First; populations: BNS RK (1 Jan 2023)"),
    ]
    if rtl:  # Latin names and numbers inside Arabic text: each source is its own bidi island
        sources = [f"<bdi>{html.escape(text, quote=False)}</bdi>" for text in sources]
    attribution = " | ".join(sources)
    if tiles and os.environ.get("QONYS_TILES_ATTRIBUTION"):
        attribution = os.environ["QONYS_TILES_ATTRIBUTION"] + " | " + attribution
    m = new_map(
        tiles_url=tiles, attribution=attribution, center=(48.0, 67.0), zoom=5, locale_dir="rtl" if rtl else "ltr"
    )
    m.options.update(zoom_snap=0.25)  # so the whole country fills a phone or a wide screen
    m.fit_bounds(KZ_BOUNDS)
    add_header_css(m, "qonys_map_page_css", MAP_CSS + (MAP_CSS_RTL if rtl else ""))
    topology.build_zones(topo, zones, name=_("Zones")).add_to(m)
    topology.OblastMeshLayer(name=_("Oblast borders")).add_to(m)
    settlements.build(points, name=_("Official settlements"), population_max=2_200_000).add_to(m)
    centres.build(centre_rows, name=_("Adaptation centres")).add_to(m)
    if reporting is not None and len(reporting):  # data.completeness.layer_frame: "reported by the akimat"
        completeness.build(reporting, name=_("Reported by the akimat")).add_to(m)
    legend.build(
        legend_entries(_, zones["zone"].dropna().unique().tolist()),
        title=_("Resettlement zones"),
        note=_("Zones are quarters of the composite score; see Methodology."),
        locale_dir="rtl" if rtl else "ltr",
        # Top-left lies over Russia and the Caspian, outside the country, at every screen shape; the
        # bottom corners covered Almaty/Zhetisu (desktop) or the attribution (phone).
        position=LEGEND_POSITION,
    ).add_to(m)
    FitBesideLegend(KZ_BOUNDS).add_to(m)  # after the legend, whose size it reads
    KeepView().add_to(m)  # after the fit, which a view in the URL replaces
    CloseTooltipOnTap().add_to(m)
    folium.LayerControl(collapsed=True, position="topleft" if rtl else "topright").add_to(m)
    ImmediateClick().add_to(m)
    return m


def villages_group(points: pd.DataFrame, name: str) -> folium.FeatureGroup:
    """All GeoNames villages as a group for ``feature_group_to_add`` (sent only when switched on)."""
    group = folium.FeatureGroup(name=name, control=False)
    settlements.build(points, name=name, control=False, population_max=2_200_000, colours=ZONE_COLOURS).add_to(group)
    return group


#: The only map state sent back to the server: a click on a district, settlement or centre.
RETURNED_OBJECTS = ("last_active_drawing",)


@dataclass(frozen=True)
class MapArgs:
    """st_folium's component arguments for one rendered map, the same on every rerun (read-only by contract)."""

    key: str  #: the page's key of the map's state in ``st.session_state``
    widget_key: str  #: st_folium's widget key: a hash of the script, so an unchanged map is not re-mounted
    script: str
    header: str
    html: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]


def _assets(element: object) -> tuple[list[str], list[str]]:
    """The CSS and JS links of every element of the map, in order, each once (as st_folium collects them)."""
    css: list[str] = []
    js: list[str] = []
    stack = [element]
    while stack:
        node = stack.pop(0)
        if isinstance(node, folium.elements.JSCSSMixin):
            css.extend(href for _, href in getattr(node, "default_css", []))
            js.extend(src for _, src in getattr(node, "default_js", []))
        stack[0:0] = list(getattr(node, "_children", {}).values())
    return list(dict.fromkeys(css)), list(dict.fromkeys(js))


def component_args(m: folium.Map, key: str = MAP_KEY) -> MapArgs:
    """Render ``m`` once into the arguments ``st_folium(m, key=key, returned_objects=RETURNED_OBJECTS)`` sends.

    The steps are st_folium's own (streamlit-folium 0.27.4, pinned; ``tests/app/test_map_args.py`` checks
    that :func:`show` sends what ``st_folium`` would).
    """
    m.get_root().render()
    m.render()
    html_text = streamlit_folium._get_html(m)
    header = streamlit_folium._get_header(m)
    script = streamlit_folium._get_map_string(m)
    css, js = _assets(m)
    return MapArgs(
        key=key,
        widget_key=streamlit_folium.generate_js_hash(script, key, False),
        script=script,
        header=header,
        html=html_text,
        map_id=streamlit_folium.get_full_id(m),
        css_links=tuple(css),
        js_links=tuple(js),
    )


def groups_script(groups: Sequence[folium.FeatureGroup]) -> str | None:
    """The feature groups as st_folium's ``feature_group`` script (rendered on a throwaway map: every
    reference to a map becomes ``map_div``, the component's map). A page may cache it and pass it to
    :func:`show` in place of the groups."""
    if not groups:
        return None
    host = folium.Map(tiles=None)
    return "".join(streamlit_folium._get_feature_group_string(g, map=host, idx=i) for i, g in enumerate(groups))


def show(args: MapArgs, *, groups: Sequence[folium.FeatureGroup] | str = (), height: int = 560) -> dict | None:
    """Show a rendered map with st_folium's component; only ``last_active_drawing`` comes back (pan and zoom do
    not rerun). Its state is kept in ``st.session_state[args.key]``, as ``st_folium(key=args.key)`` keeps it.

    ``groups`` are the feature groups added over the map, or their script from :func:`groups_script`.
    """

    def on_change() -> None:
        st.session_state[args.key] = st.session_state.get(args.widget_key, {})

    return streamlit_folium._component_func(
        script=args.script,
        header=args.header,
        html=args.html,
        id=args.map_id,
        key=args.widget_key,
        height=height,
        width=None,
        returned_objects=list(RETURNED_OBJECTS),
        default={"last_active_drawing": None},
        zoom=None,
        center=None,
        feature_group=(groups or None) if isinstance(groups, str) else groups_script(groups),
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        css_links=list(args.css_links),
        js_links=list(args.js_links),
        on_change=on_change,
        wrap_longitude=False,
    )


def selection_group(katos: list[str], *, fit: bool) -> folium.FeatureGroup:
    return highlight.build(katos, outline=True, fit_bounds=fit)


def restyle_group(zones: pd.DataFrame) -> folium.FeatureGroup:
    return restyle(zones)
