"""The zone map: composes the layers into one stable folium map and shows it with st_folium.

The base map is rebuilt on each rerun from cached inputs, so its script is byte-identical and st_folium
does not re-mount it; the selection outline, what-if zones and the optional villages layer travel as
``feature_group_to_add`` (layers/zones.py docstring). Only ``last_active_drawing`` is returned, so pan
and zoom never rerun the script.
"""

# i18n-domain: map
from __future__ import annotations

import os
from collections.abc import Callable, Sequence

import folium
import pandas as pd
from streamlit_folium import st_folium

import i18n
from i18n.vocabulary import RANKED_ZONES, ZONE_LABELS, zone_label
from layers import centres, highlight, legend, settlements, topology
from layers._markup import add_header_css
from layers.basemap import ImmediateClick, new_map
from layers.centres import CENTRE_COLOURS
from layers.legend import LegendEntry
from layers.zones import ZONE_COLOURS, restyle

MAP_KEY = "zone_map"
#: Kazakhstan's extent (south-west, north-east), fitted on load so a phone sees the whole country.
KZ_BOUNDS = [[40.5, 46.4], [55.5, 87.4]]
Translate = Callable[[str], str]
#: Small attribution; on a phone a compact legend without its note and no scale bar (the attribution wraps
#: over it), so the map stays visible.
MAP_CSS = (
    ".leaflet-control-attribution{font-size:9px;line-height:1.2;max-width:70%}.leaflet-tooltip{min-width:11rem}"
    "@media (max-width:520px){.qonys-legend{font-size:10px;max-width:10.5rem;padding:3px 5px}"
    ".qonys-legend .note,.qonys-legend h4{display:none}.leaflet-control-attribution{max-width:100%}"
    ".leaflet-control-scale{display:none}}"
)


def zone_frame(table: pd.DataFrame, locale: str, _: Translate) -> pd.DataFrame:
    """Per district: ``kato``, ``zone``, translated ``name`` and tooltip lines (zone, rank).

    The rank line is a ``(template, rank)`` pair (layers/_markup.py ``line_refs``): the map sends "Rank {} of
    225" once and one number per district.
    """
    n = int(table["rank"].notna().sum())
    rank_line = _("Rank {rank} of {n}").format(rank="{}", n=i18n.format_number(n, locale))
    rows = []
    for r in table.itertuples(index=False):
        lines: list[object] = [zone_label(r.zone, _)]
        if pd.notna(r.rank):
            lines.append((rank_line, i18n.format_number(int(r.rank), locale)))
        rows.append({"kato": r.kato, "zone": r.zone, "name": i18n.place_name(r._asdict(), locale), "tooltip": lines})
    return pd.DataFrame(rows, columns=["kato", "zone", "name", "tooltip"])


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
    entries.append(LegendEntry(_("Official settlement (size: population)"), "#888888", "dot"))
    entries.append(LegendEntry(_("Adaptation centre"), CENTRE_COLOURS["fill"], "centre"))
    return entries


def base_map(
    *, topo: str, zones: pd.DataFrame, points: pd.DataFrame, centre_rows: pd.DataFrame, locale: str, _: Translate
) -> folium.Map:
    """The full zone map (districts, oblast borders, official settlements, centres, legend, layer control)."""
    rtl = i18n.is_rtl(locale)
    tiles = os.environ.get("QONYS_TILES_URL") or None
    attribution = " | ".join(
        [
            _("Boundaries: geokz (A. Rodionov), CC BY 4.0, after OCHA COD-AB"),
            _("Settlement points: GeoNames (CC BY 4.0) via Who's On First; populations: BNS RK (1 Jan 2023)"),
        ]
    )
    if tiles and os.environ.get("QONYS_TILES_ATTRIBUTION"):
        attribution = os.environ["QONYS_TILES_ATTRIBUTION"] + " | " + attribution
    m = new_map(
        tiles_url=tiles, attribution=attribution, center=(48.0, 67.0), zoom=5, locale_dir="rtl" if rtl else "ltr"
    )
    m.options.update(zoom_snap=0.25)  # so the whole country fills a phone or a wide screen
    m.fit_bounds(KZ_BOUNDS)
    add_header_css(m, "qonys_map_page_css", MAP_CSS)
    topology.build_zones(topo, zones, name=_("Zones")).add_to(m)
    topology.OblastMeshLayer(name=_("Oblast borders")).add_to(m)
    settlements.build(points, name=_("Official settlements"), population_max=2_200_000).add_to(m)
    centres.build(centre_rows, name=_("Adaptation centres")).add_to(m)
    legend.build(
        legend_entries(_, zones["zone"].dropna().unique().tolist()),
        title=_("Resettlement zones"),
        note=_("Zones are quarters of the composite score; see Methodology."),
        locale_dir="rtl" if rtl else "ltr",
    ).add_to(m)
    folium.LayerControl(collapsed=True, position="topleft" if rtl else "topright").add_to(m)
    ImmediateClick().add_to(m)
    return m


def villages_group(points: pd.DataFrame, name: str) -> folium.FeatureGroup:
    """All GeoNames villages as a group for ``feature_group_to_add`` (sent only when switched on)."""
    group = folium.FeatureGroup(name=name, control=False)
    settlements.build(points, name=name, control=False, population_max=2_200_000, colours=ZONE_COLOURS).add_to(group)
    return group


def show(
    m: folium.Map, *, groups: Sequence[folium.FeatureGroup] = (), key: str = MAP_KEY, height: int = 560
) -> dict | None:
    """Render with st_folium: only ``last_active_drawing`` comes back (pan/zoom do not rerun)."""
    return st_folium(
        m,
        key=key,
        height=height,
        use_container_width=True,
        returned_objects=["last_active_drawing"],
        feature_group_to_add=list(groups) or None,
    )


def selection_group(katos: list[str], *, fit: bool) -> folium.FeatureGroup:
    return highlight.build(katos, outline=True, fit_bounds=fit)


def restyle_group(zones: pd.DataFrame) -> folium.FeatureGroup:
    return restyle(zones)
