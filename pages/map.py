"""Map page: the zone map with drill-down and search, and the district card (the table twin is pages/table.py)."""

import streamlit as st

from data import completeness
from ui import cache, district_card, drilldown, map_view
from ui.context import page_context

ctx = page_context("map")
_ = ctx._
version = cache.data_version(ctx.store)
scored = cache.scored_map(version)
districts = cache.units(version, "district")
zones, points, centre_rows = cache.map_frames(version, ctx.locale)

st.title(_("Where kandas are welcome: resettlement zones by district"))
if scored.profile_status == "default":
    st.caption(_("No weight profile is published yet: the map uses the default profile (equal weights)."))
drilldown.apply_click(districts)
drilldown.search_box(ctx, version)
selection = drilldown.selectors(ctx, version)
fit = drilldown.selection_changed(selection)

villages_on = st.toggle(_("All villages (GeoNames via Who's On First)"), key="villages")
if villages_on:
    st.caption(
        _(
            "Villages come from GeoNames via Who's On First (CC BY 4.0): positions are rounded to 1–2 km and "
            "names are often Soviet-era. Their populations are not official and are not shown."
        )
    )

# The card is written before the map, below it on screen: after a click its first lines reach the browser
# ahead of the map's ~135 KB message (which only moves the outline).
map_slot, card_slot = st.container(), st.container()
with card_slot:
    if selection.settlement:
        district_card.render_settlement(ctx, version, selection.settlement)
    if selection.district:
        district_card.render(ctx, version, scored, selection.district)
    else:
        st.info(_("Click a district on the map, or choose one above, to see its card."))

with map_slot:
    m = map_view.base_map(
        topo=cache.topology_text(version),
        zones=zones,
        points=points,
        centre_rows=centre_rows,
        locale=ctx.locale,
        _=_,
        reporting=completeness.layer_frame(completeness.district_completeness(ctx.store), ctx.locale),
    )
    groups = [map_view.selection_group(selection.highlight_katos(districts), fit=fit)]
    if villages_on:
        villages = cache.settlements(version, False)
        villages = map_view.settlement_frame(villages[~villages["official"]], zones, ctx.locale, _, official=False)
        groups.append(map_view.villages_group(villages, _("All villages (GeoNames via Who's On First)")))
    map_view.show(m, groups=groups)

st.page_link(
    "pages/table.py", label=_("Ranking table, comparison and downloads (CSV, XLSX, GeoJSON)"), icon=":material/table:"
)
