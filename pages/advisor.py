"""Advisor page (placeholder until its issue lands)."""

import streamlit as st

from ui.context import page_context

ctx = page_context("advisor")
st.title(ctx._("Advisor"))
st.info(ctx._("This page is being built."))
