"""A link to a page on a freshly started server opens it inside the app's navigation."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import AppServer, shot

pytestmark = pytest.mark.e2e


@pytest.mark.xfail(
    strict=True,
    reason=(
        "Streamlit 1.67 serves an app with a pages/ folder in its old pages-folder mode until the first st.navigation "
        "call (PagesManager.uses_pages_directory): the very first visitor of a fresh server who opens /methodology "
        "gets that page without app.py. Leaving the mode early (flag off before the first run, or a rerun) made "
        "later sessions show 'Page not found' in Chromium, so it is left as is; staff pages still check roles."
    ),
)
def test_direct_link_on_fresh_server_gets_app_navigation(built_db: Path, browser) -> None:
    server = AppServer(built_db)  # fresh: no session has run app.py yet
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{server.url}/methodology?lang=ru")
        sidebar = page.locator('section[data-testid="stSidebar"]')
        sidebar.get_by_text("Язык").wait_for(timeout=60_000)  # the language picker of app.py
        nav = page.locator('[data-testid="stSidebarNav"]')
        assert nav.get_by_text("Методология").count() == 1
        assert nav.get_by_text("admin", exact=True).count() == 0, "bare pages/ files must not be listed"
        shot(page, "direct-link-methodology-ru")
        page.close()
    finally:
        server.stop()
