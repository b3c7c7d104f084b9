"""Admin page (placeholder until its issue lands)."""

import streamlit as st

from ui.context import page_context

ctx = page_context("admin")
st.title(ctx._("Admin"))
st.info(ctx._("This page is being built."))
