"""Map page: the zone map with drill-down and search, and the district card (the table twin is pages/table.py).

Phone first (issue "A family on a phone"): a compact title, the search, the map; the drill-down selectors
and the villages layer fold away; a click selects without moving the map and the card opens below it.
"""

import streamlit as st

from ui import cache, district_card, drilldown, layout, map_view
from ui.context import page_context

ctx = page_context("map")
_ = ctx._
version = cache.data_version(ctx.store)
scored = cache.scored_map(version)
districts = cache.units(version, "district")

st.title(_("Where kandas are welcome: resettlement zones by district"))
clicked = drilldown.apply_click(districts)
from_url = drilldown.apply_query(version)
drilldown.search_box(ctx, version)
with st.expander(_("Oblast, district, settlement; all villages")):
    selection = drilldown.selectors(ctx, version)
    villages_on = st.toggle(_("All villages (GeoNames via Who's On First)"), key="villages")
    if villages_on:
        st.caption(
            _(
                "Villages come from GeoNames via Who's On First (CC BY 4.0): positions are rounded to 1–2 km and "
                "names are often Soviet-era. Their populations are not official and are not shown."
            )
        )
# A clicked place is shown where the reader looks, and a reload keeps the view of its URL: the view fits
# only a place chosen by search or selector, or named by a link without a view.
fit = drilldown.selection_changed(selection) and not clicked
fit = fit and not (from_url and map_view.view_in_url(st.query_params))
drilldown.sync_query(selection)

# The card is written before the map, below it on screen: after a click its first lines reach the browser
# ahead of the map's ~135 KB message (which only moves the outline).
map_slot, card_slot = st.container(), st.container(key=layout.CARD_KEY)
with card_slot:
    if selection.settlement:
        district_card.render_settlement(ctx, version, selection.settlement)
    if selection.district:
        district_card.render(ctx, version, scored, selection.district)
    else:
        st.info(_("Click a district on the map, or choose one above, to see its card."))
    if clicked:
        layout.scroll_into_view(layout.CARD_KEY, nonce=st.session_state.get(drilldown.LAST_CLICK, ""))

with map_slot:
    groups = [map_view.selection_group(selection.highlight_katos(districts), fit=fit)]
    if villages_on:
        villages = cache.village_frame(version, ctx.locale)
        groups.append(map_view.villages_group(villages, _("All villages (GeoNames via Who's On First)")))
    map_view.show(cache.map_args(version, ctx.locale, map_view.MAP_KEY, reporting=True), groups=groups)

st.page_link(
    "pages/table.py", label=_("Ranking table, comparison and downloads (CSV, XLSX, GeoJSON)"), icon=":material/table:"
)
