"""Methodology page (placeholder until its issue lands)."""

import streamlit as st

from ui.context import page_context

ctx = page_context("methodology")
st.title(ctx._("Methodology"))
st.info(ctx._("This page is being built."))
