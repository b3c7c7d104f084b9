"""A link to a page on a freshly started server opens it inside the app's navigation (ui/context.py,
``run_app_if_page_ran_alone``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import AppServer, shot

pytestmark = pytest.mark.e2e


def test_direct_link_on_fresh_server_gets_app_navigation(writable_db: Path, browser) -> None:
    server = AppServer(writable_db)  # fresh: no session has run app.py yet
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{server.url}/methodology?lang=ru")
        sidebar = page.locator('section[data-testid="stSidebar"]')
        sidebar.get_by_text("Язык").wait_for(timeout=60_000)  # the language picker of app.py
        nav = page.locator('[data-testid="stSidebarNav"]')
        assert nav.get_by_text("Методология").count() == 1
        assert nav.get_by_text("admin", exact=True).count() == 0, "bare pages/ files must not be listed"
        assert page.get_by_text("Страница не найдена").count() == 0 and page.get_by_text("Page not found").count() == 0
        shot(page, "direct-link-methodology-ru")
        page.close()
        # Later deep-link visitors get the app too (the mode is left for the whole server).
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{server.url}/map?lang=ru")
        page.locator('section[data-testid="stSidebar"]').get_by_text("Язык").wait_for(timeout=60_000)
        page.frame_locator('iframe[title="streamlit_folium.st_folium"]').locator("path.leaflet-interactive").nth(
            199
        ).wait_for(state="attached", timeout=60_000)
        assert page.locator('[data-testid="stSidebarNav"]').get_by_text("admin", exact=True).count() == 0
        page.close()
    finally:
        server.stop()
