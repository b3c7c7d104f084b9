"""Journeys in Debian's Chromium: click a district → card; kk_Arab is right-to-left; a 390-px phone works."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import ARTIFACTS, click_district, record_hosts, shot, wait_for_map

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("path", ["/", "/map"])  # the default page, and its alias (app.py)
def test_click_a_district_shows_its_card_with_zone_and_sources(app_server, page, path: str) -> None:
    page.goto(f"{app_server.url}{path}?lang=en")
    frame = wait_for_map(page)
    page.locator('iframe[title="streamlit_folium.st_folium"]').first.scroll_into_view_if_needed()
    click_district(page, frame)
    card = page.get_by_test_id("stMetric").first
    card.wait_for(timeout=30_000)
    assert page.get_by_test_id("stMetricLabel").first.inner_text().strip() == "Zone"
    assert re.fullmatch(
        r"Zone (I|II|III|IV)|Insufficient data", page.get_by_test_id("stMetricValue").first.inner_text()
    )
    meaning = page.get_by_test_id("stMetricDelta").first.inner_text()
    assert meaning in ("priority", "recommended", "possible", "not recommended"), meaning
    assert page.get_by_text("Indicators", exact=True).count() == 0  # the details open on request
    page.get_by_text("Details: rank, score, indicators and sources").click()
    page.get_by_text("Indicators", exact=True).wait_for()
    page.locator("[data-testid='stDataFrame']").nth(1).wait_for()  # indicators (with Source column) and support
    shot(page, "map-card-en")


def test_kk_arab_is_right_to_left(app_server, page) -> None:
    page.goto(f"{app_server.url}/map?lang=kk_Arab")
    frame = wait_for_map(page)
    assert page.evaluate("getComputedStyle(document.querySelector('.stMain')).direction") == "rtl"
    assert frame.locator(".qonys-legend").get_attribute("dir") == "rtl"
    shot(page, "map-kk-arab")


def test_phone_viewport_is_usable(app_server, browser) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True, locale="kk-KZ"
    )
    page = context.new_page()
    try:
        page.goto(f"{app_server.url}/map?lang=kk")
        frame = wait_for_map(page)
        iframe = page.locator('iframe[title="streamlit_folium.st_folium"]').first.bounding_box()
        assert iframe and iframe["width"] <= 390 and iframe["height"] >= 300
        assert page.evaluate("document.documentElement.scrollWidth") <= 400, "page scrolls sideways"
        assert frame.locator(".qonys-legend").count() == 1
        page.locator('iframe[title="streamlit_folium.st_folium"]').first.scroll_into_view_if_needed()
        shot(page, "map-phone-390")
        assert (ARTIFACTS / "map-phone-390.png").exists()
    finally:
        context.close()


def test_all_layers_stay_on_the_host(app_server, page) -> None:
    hosts = record_hosts(page)
    page.goto(f"{app_server.url}/map?lang=ru")
    frame = wait_for_map(page)
    page.get_by_text("Область, район, населённый пункт; все сёла").click()  # the folded choices (pages/map.py)
    page.get_by_text("Все сёла (GeoNames через Who's On First)").click()
    page.wait_for_timeout(4000)
    frame.locator("canvas").first.wait_for(state="attached")
    page.goto(f"{app_server.url}/methodology?lang=ru")
    wait_for_map(page)
    page.wait_for_timeout(1500)  # late requests too (favicon, fonts)
    assert hosts <= {f"127.0.0.1:{app_server.port}"}, f"requests to other hosts: {hosts}"
