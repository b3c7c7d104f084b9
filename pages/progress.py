"""Progress page (public, read-only): the Concept's national targets beside the published actuals and
where kandas settled beside the zones. No drafts: only published values and the published profile."""

import streamlit as st

from ui import cache, monitoring_view
from ui.context import page_context

ctx = page_context("monitoring")
_ = ctx._
st.title(_("Progress of resettlement"))
version = cache.data_version(ctx.store)
rows = cache.monitoring_rows(version)
oblasts = cache.units(version, "oblast")

st.write(
    _(
        "How the country is doing against the targets of the Migration Policy Concept 2023–2027 (Decree "
        "No. 961). Only published figures with a cited source are shown; a target without a reported "
        "figure says “not reported”."
    )
)
monitoring_view.render_settlement(ctx, version, oblasts)
st.header(_("Targets and actuals"))
monitoring_view.render_indicators(ctx, rows, oblasts, public=True)
