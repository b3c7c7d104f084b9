"""Qonys — the interactive map of kandas resettlement. Entry point: ``streamlit run app.py``."""

from pathlib import Path

import streamlit as st

import i18n
from data.auth import may_open
from ui.auth import current_account, sidebar_login
from ui.context import current_locale, locale_picker

# A local favicon: a ":material/…" page icon makes the browser fetch the SVG from Google's font CDN.
st.set_page_config(page_title="Qonys", page_icon=str(Path(__file__).with_name("static") / "favicon.png"), layout="wide")

locale = current_locale()
_ = i18n.translator(locale, "common")
account = current_account()
role = account["role"] if account else None


def visibility(page: str) -> str:
    """Staff pages stay reachable by URL (they ask for sign-in) but are listed only for roles that use them."""
    return "visible" if may_open(role, page) else "hidden"


pages = [
    # The map is the default page, served at "/". A default page still reserves its own pathname without
    # answering it, so "/map" would end on "Page not found" (and the map's clicks with it): the default takes
    # the unused name "home" and a hidden second entry answers "/map".
    st.Page("pages/map.py", title=_("Map"), icon=":material/map:", url_path="home", default=True),
    st.Page("pages/map.py", title=_("Map"), icon=":material/map:", url_path="map", visibility="hidden"),
    st.Page("pages/table.py", title=_("Table"), icon=":material/table:", url_path="table"),
    st.Page("pages/methodology.py", title=_("Methodology"), icon=":material/functions:", url_path="methodology"),
    st.Page("pages/progress.py", title=_("Progress"), icon=":material/trending_up:", url_path="progress"),
    st.Page(
        "pages/advisor.py",
        title=_("Advisor"),
        icon=":material/explore:",
        url_path="advisor",
        visibility=visibility("advisor"),
    ),
    st.Page(
        "pages/data.py", title=_("Data"), icon=":material/edit_note:", url_path="data", visibility=visibility("data")
    ),
    st.Page(
        "pages/monitoring.py",
        title=_("Monitoring"),
        icon=":material/monitoring:",
        url_path="monitoring",
        visibility=visibility("monitoring"),
    ),
    st.Page(
        "pages/admin.py",
        title=_("Admin"),
        icon=":material/admin_panel_settings:",
        url_path="admin",
        visibility=visibility("admin"),
    ),
]
# The page runs before the language pickers and the sign-in form are drawn (in the sidebar, and on a phone in
# the toolbar row: ui/layout.py fixes that picker there wherever it is in the page): on a cold visit the
# browser then fetches the map's code before the code of the selectboxes and the form (bench/RESULTS.md
# "Map"). They are drawn also when the page stops early (a staff page without sign-in).
try:
    st.navigation(pages).run()
finally:
    locale_picker()
    sidebar_login(locale)
