"""The public map in Debian's Chromium: districts are drawn, and nothing is fetched from another host."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import record_hosts, shot, wait_for_map

pytestmark = pytest.mark.e2e


def test_map_draws_districts_without_leaving_the_host(app_server, page) -> None:
    hosts = record_hosts(page)
    page.goto(f"{app_server.url}/map?lang=kk")
    frame = wait_for_map(page)
    assert frame.locator("path.leaflet-interactive").count() >= 200
    shot(page, "map-kk")
    page.wait_for_timeout(1500)  # late requests too (favicon, fonts)
    assert hosts <= {f"127.0.0.1:{app_server.port}"}, f"requests to other hosts: {hosts}"


def test_table_page_compares_districts_and_offers_downloads(app_server, page) -> None:
    page.goto(f"{app_server.url}/table?lang=ru")
    page.get_by_role("heading", name="Таблица рейтинга").wait_for(timeout=60_000)
    page.get_by_test_id("stDownloadButton").nth(2).wait_for()
    assert page.get_by_test_id("stDownloadButton").count() == 3  # CSV, XLSX, GeoJSON
    page.locator("[data-testid='stDataFrame']").first.wait_for()
    compare = page.get_by_test_id("stMultiSelect").first
    for name in ("Павлодар", "Атырау"):
        compare.click()
        page.keyboard.type(name)
        page.get_by_role("option").first.click()
        page.keyboard.press("Escape")
    page.locator("[data-testid='stDataFrame']").nth(1).wait_for()  # the comparison beside the table
    shot(page, "table-ru")
