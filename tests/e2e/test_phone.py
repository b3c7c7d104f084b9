"""The map page on a 390×844 phone and a 1366×768 desktop (issue "A family on a phone", items 1, 4–7).

On a phone the first screen is the map, the language switch is one tap away, a tap selects a district without
changing the zoom and opens its card, and a reload keeps the language and the place. kk_Arab reads right to left.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest

from tests.e2e.conftest import shot, wait_for_map
from ui.map_view import KZ_BOUNDS

pytestmark = pytest.mark.e2e

IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser) -> Iterator[object]:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


def legend_clear_of_country(frame) -> bool:
    """True when the legend's box does not meet the box of Kazakhstan's extent (ui/map_view.py KZ_BOUNDS)."""
    bounds = json.dumps(KZ_BOUNDS)
    return frame.locator(".leaflet-container").first.evaluate(
        "() => { var m = window.map, b = L.latLngBounds(" + bounds + ");"
        " var a = m.latLngToContainerPoint(b.getNorthWest()), z = m.latLngToContainerPoint(b.getSouthEast());"
        " var c = m.getContainer().getBoundingClientRect(),"
        " l = m.getContainer().querySelector('.qonys-legend').getBoundingClientRect();"
        " var x0 = l.left - c.left, x1 = l.right - c.left, y0 = l.top - c.top, y1 = l.bottom - c.top;"
        " return x1 <= a.x || x0 >= z.x || y1 <= a.y || y0 >= z.y; }"
    )


def map_zoom(frame) -> float:
    return frame.locator(".leaflet-container").first.evaluate("() => window.map.getZoom()")


def tap_district(page, frame) -> None:
    """Tap the middle of a large district that no control covers and that lies on the first screen."""
    paths = frame.locator("path.leaflet-interactive")
    boxes = sorted(
        ((b["width"] * b["height"], i, b) for i in range(0, paths.count(), 5) if (b := paths.nth(i).bounding_box())),
        reverse=True,
    )
    for _area, i, box in boxes:
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        if not (0 < x < PHONE["width"] and 0 < y < PHONE["height"]):
            continue
        js = (
            "(p) => { var r = window.frameElement.getBoundingClientRect();"
            f" return document.elementFromPoint({x} - r.left, {y} - r.top) === p; }}"
        )
        if paths.nth(i).evaluate(js):
            page.touchscreen.tap(x, y)
            return
    raise AssertionError("no uncovered district on the first screen")


@pytest.mark.parametrize("lang", ["kk", "kk_Arab", "en"])
def test_phone_first_screen_is_the_map_and_a_tap_opens_the_card(app_server, phone, lang: str) -> None:
    page = phone
    page.goto(f"{app_server.url}/?lang={lang}")
    frame = wait_for_map(page)
    page.wait_for_timeout(1500)  # the fit to the country's bounds
    top = page.locator(IFRAME).first.bounding_box()
    assert top is not None and top["y"] < 300, f"the map starts at y={top and top['y']}"
    switch = page.locator(".st-key-qonys_top_language")
    assert switch.is_visible(), "the language switch needs the sidebar"
    box = switch.bounding_box()
    assert box and box["y"] >= 0 and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 10, "page scrolls sideways"
    legend = frame.locator(".qonys-legend").bounding_box()
    attribution = frame.locator(".leaflet-control-attribution").bounding_box()
    assert legend and attribution and legend["y"] + legend["height"] <= attribution["y"], "legend under attribution"
    assert legend_clear_of_country(frame), "the legend covers part of the country"
    if lang == "kk_Arab":
        h1 = page.locator(".stMain h1").first
        assert h1.evaluate("e => getComputedStyle(e).direction") == "rtl"
        assert h1.evaluate("e => getComputedStyle(e).textAlign") in ("right", "start")
    shot(page, f"phone-map-{lang}")

    before = map_zoom(frame)
    tap_district(page, frame)
    page.get_by_test_id("stMetric").first.wait_for(timeout=30_000)
    page.wait_for_timeout(1500)  # a fit to the district would have run by now
    assert map_zoom(frame) == before, "a tap changed the zoom"
    assert frame.locator(".leaflet-tooltip").count() == 0, "the tooltip stays after the tap"
    card = page.locator(".st-key-qonys_card").bounding_box()
    assert card and card["y"] < PHONE["height"], "the card opened off screen"
    page.wait_for_function("() => /[?&]d=\\d+/.test(location.search) && /[?&]z=/.test(location.search)")
    kato = re.search(r"[?&]d=(\d+)", page.url).group(1)
    assert f"lang={lang}" in page.url
    name = page.get_by_test_id("stMetric").first.inner_text()
    shot(page, f"phone-card-{lang}")

    page.reload()
    wait_for_map(page)
    page.get_by_test_id("stMetric").first.wait_for(timeout=30_000)
    assert f"lang={lang}" in page.url and f"d={kato}" in page.url
    assert page.get_by_test_id("stMetric").first.inner_text() == name
    page.wait_for_timeout(1500)  # a fit to the district would have run by now
    assert map_zoom(wait_for_map(page)) == before, "the reload lost the map view"


def test_desktop_map_starts_high_and_navigation_keeps_the_language(app_server, browser) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        page.goto(f"{app_server.url}/?lang=kk_Arab")
        frame = wait_for_map(page)
        page.wait_for_timeout(1000)  # the fit beside the legend
        top = page.locator(IFRAME).first.bounding_box()
        assert top is not None and top["y"] < 300, f"the map starts at y={top and top['y']}"
        assert not page.locator(".st-key-qonys_top_language").is_visible(), "the sidebar has the picker"
        legend = frame.locator(".qonys-legend").bounding_box()
        assert legend and legend["y"] < top["y"] + 200, "the legend is not at the top"
        assert legend_clear_of_country(frame), "the legend covers part of the country"
        shot(page, "desktop-map-kk_Arab")
        page.locator('[data-testid="stSidebarNav"] a[href$="/table"]').click()
        page.wait_for_url(re.compile(r"/table\?.*lang=kk_Arab"), timeout=30_000)
        page.reload()
        page.locator(".stMain h1").first.wait_for(timeout=30_000)
        page.wait_for_function("getComputedStyle(document.querySelector('.stMain')).direction === 'rtl'")
        assert re.search("[\u0600-\u06ff]", page.locator(".stMain h1").first.inner_text()), "Table lost kk_Arab"
    finally:
        context.close()
