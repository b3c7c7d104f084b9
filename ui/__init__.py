"""Streamlit glue shared by the pages: the cached store, the locale picker, role checks, layout helpers."""
