"""Advisor page: the embassy one-window officer's consultation — family → districts with reasons → advice sheet."""

import streamlit as st

from advisor.model import build_advice
from advisor.text import input_error
from scoring.advice import AdviceInputError
from ui import cache
from ui.advisor_view import (
    family_form,
    officer_fields,
    override_form,
    require_officer,
    saved_consultations,
    show_advice,
)
from ui.context import page_context

ctx = page_context("advisor")
_ = ctx._
st.title(_("Advisor"))
user = require_officer()
inputs = cache.advisor_inputs(cache.data_version(ctx.store))
st.caption(
    _(
        "Fill in the family, press “Prepare advice”, adjust if needed and download the sheet. "
        "Nothing is stored unless you save."
    )
)
years = inputs.years
year = st.selectbox(
    _("Year of the move"), years, index=len(years) - 1, key="adv_year", placeholder=_("No year with data")
)
applicant = family_form(inputs, ctx.locale)
advice = None
if applicant is not None:
    overrides = override_form(inputs, ctx.locale)
    try:
        advice = build_advice(inputs, applicant, year=int(year), overrides=overrides)
    except AdviceInputError as exc:
        st.error(input_error(exc, ctx.locale))
    if advice is not None:
        show_advice(advice, inputs, ctx.locale, officer_fields())
st.divider()
saved_consultations(ctx.store, advice, user, ctx.locale, inputs)
