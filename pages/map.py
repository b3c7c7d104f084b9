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
districts = cache.units(version, "district")

st.title(_("Where kandas are welcome: resettlement zones by district"))
clicked = drilldown.apply_click(districts)
from_url = drilldown.apply_query(version)
# The screen order is title, map, search, selectors, card: the map is the first thing on a phone's screen, and on
# a cold visit the browser fetches the map's code before that of the other widgets (it fetches them in screen
# order; bench/RESULTS.md "Map"). The script fills the slots in the order that reaches the reader first: on a
# visit the map's message right after the title; after a click the card's lines (the map's ~140 KB message then
# only moves the outline). The selection is in the session before the selectors are drawn (their keys and
# callbacks, and the click above, set it).
map_slot, search_slot = st.container(), st.container()
options = st.expander(_("Oblast, district, settlement; all villages"))
card_slot = st.container(key=layout.CARD_KEY)
selection = drilldown.current_selection()
villages_on = bool(st.session_state.get("villages"))
# A clicked place is shown where the reader looks, and a reload keeps the view of its URL: the view fits
# only a place chosen by search or selector, or named by a link without a view.
fit = drilldown.selection_changed(selection) and not clicked
fit = fit and not (from_url and map_view.view_in_url(st.query_params))
drilldown.sync_query(selection)


def draw_map() -> None:
    with map_slot:
        groups = [map_view.selection_group(selection.highlight_katos(districts), fit=fit)]
        if villages_on:
            villages = cache.village_frame(version, ctx.locale)
            groups.append(map_view.villages_group(villages, _("All villages (GeoNames via Who's On First)")))
        map_view.show(cache.map_args(version, ctx.locale, map_view.MAP_KEY, reporting=True), groups=groups)


def draw_card() -> None:
    with card_slot:
        if selection.settlement:
            district_card.render_settlement(ctx, version, selection.settlement)
        if selection.district:
            district_card.render(ctx, version, selection.district)
        else:
            st.info(_("Click a district on the map, or choose one above, to see its card."))
        if clicked:
            layout.scroll_into_view(layout.CARD_KEY, nonce=st.session_state.get(drilldown.LAST_CLICK, ""))


for draw in (draw_card, draw_map) if clicked else (draw_map, draw_card):
    draw()
with search_slot:
    drilldown.search_box(ctx, version)
with options:
    drilldown.selectors(ctx, version)
    if st.toggle(_("All villages (GeoNames via Who's On First)"), key="villages"):
        st.caption(
            _(
                "Villages come from GeoNames via Who's On First (CC BY 4.0): positions are rounded to 1–2 km and "
                "names are often Soviet-era. Their populations are not official and are not shown."
            )
        )

st.page_link(
    "pages/table.py", label=_("Ranking table, comparison and downloads (CSV, XLSX, GeoJSON)"), icon=":material/table:"
)
