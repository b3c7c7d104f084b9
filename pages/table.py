"""Table page: the accessible twin of the zone map (every district, sortable, filterable, downloadable) and the
side-by-side comparison of two or three districts.

Kept off the map page so that the map paints first on a phone (bench/RESULTS.md, "Map").
"""

import streamlit as st

from ui import cache, district_card, ranking_table
from ui.context import page_context

ctx = page_context("map")
_ = ctx._
version = cache.data_version(ctx.store)
scored = cache.scored_map(version)
zones, _points, _centres = cache.map_frames(version, ctx.locale)

st.title(_("Ranking table"))
st.caption(_("The zone map as a table: every district, its zone, rank band and pillars. Sort by any column."))
st.page_link("pages/map.py", label=_("Back to the map"), icon=":material/map:")
st.header(_("Compare districts"))
names = dict(zip(zones["kato"], zones["name"], strict=True))
# No max_selections: Streamlit's own "You can only select up to 3 options" is English in every locale.
chosen = st.multiselect(
    _("Choose two or three districts"),
    list(names),
    format_func=names.get,
    key="compare",
    placeholder=_("Choose districts"),  # Streamlit's own is "Choose options", in English
)
if len(chosen) > 3:
    st.caption(_("Only the first three districts are compared."))
if chosen:
    district_card.render_compare(ctx, version, scored, chosen[:3])
st.header(_("All districts"))
ranking_table.render(ctx, version, scored)
