"""Monitoring page (ministry): the Concept's targets beside sourced actuals, per oblast where reported;
where kandas settled beside the zones; adaptation centres reported in the press; the data campaign's reporting
rates (the Admin page's view, :func:`ui.campaign_view.rates`)."""

import streamlit as st

from ui import cache, campaign_view, monitoring_view
from ui.auth import require_role
from ui.context import page_context

ctx = page_context("monitoring")
_ = ctx._
st.title(_("Monitoring"))
require_role("ministry")
version = cache.data_version(ctx.store)
rows = cache.monitoring_rows(version)
oblasts = cache.units(version, "oblast")

st.write(
    _(
        "Targets of the Migration Policy Concept 2023–2027 (Decree No. 961) beside what is reported. An actual "
        "comes from a cited source or from an akimat value the ministry approved; otherwise the row says "
        "“not reported”. Nothing is estimated."
    )
)
st.download_button(
    _("Download the rows (CSV)"),
    rows.to_csv(index=False).encode("utf-8-sig"),
    file_name="qonys_monitoring.csv",
    mime="text/csv",
)
targets_tab, settled_tab, centres_tab, rates_tab = st.tabs(
    [_("Targets and actuals"), _("Where kandas settled"), _("Adaptation centres"), _("Reporting rates")]
)
with targets_tab:
    monitoring_view.render_indicators(ctx, rows, oblasts, public=False)
with settled_tab:
    monitoring_view.render_settlement(ctx, version, oblasts)
with centres_tab:
    monitoring_view.render_centres(ctx, version, oblasts)
with rates_tab:
    campaign_view.rates(ctx, say_when_empty=True)
