"""Data page (placeholder until its issue lands)."""

import streamlit as st

from ui.context import page_context

ctx = page_context("data")
st.title(ctx._("Data"))
st.info(ctx._("This page is being built."))
