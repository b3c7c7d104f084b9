"""Methodology page: generated from the criteria registry and the scoring code; what-if weights; sensitivity."""

import streamlit as st

from i18n.vocabulary import profile_text
from ui import cache, methodology_view
from ui.context import page_context

ctx = page_context("methodology")
_ = ctx._
version = cache.data_version(ctx.store)
scored = cache.scored_map(version)

st.title(_("How the zones are made"))
methodology_view.render_summary(ctx, scored)
methodology_view.render_evidence_rules(ctx, version)
st.write(
    _(
        "Every district gets a score from 0 to 100 from the indicators below, following the OECD/JRC Handbook "
        "on Constructing Composite Indicators. The score sets the zone; the rank band shows how much the rank "
        "depends on the choice of weights."
    )
)
st.caption(
    _("Weight profile in use: {name} (version {version}).").format(
        name=profile_text(scored.profile.name, _), version=scored.profile.version
    )
)
st.header(_("Indicators"))
st.dataframe(methodology_view.tables(ctx, version)["indicators"], hide_index=True)
st.caption(_("Coverage: percent of districts with a value (own or inherited from the oblast)."))
methodology_view.render_rules(ctx, version, scored)
methodology_view.render_what_if(ctx, version, scored)
methodology_view.render_sensitivity(ctx, version, scored)
methodology_view.render_sources(ctx, version)
