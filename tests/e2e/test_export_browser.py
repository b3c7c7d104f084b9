"""The static export in Chromium from disk (file://) with every http(s) request aborted: map, card, RTL."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.conftest import ARTIFACTS
from tests.export import conftest as export_fixtures

pytestmark = pytest.mark.e2e
# The export fixtures of tests/export (a conftest there is not visible here).
exported_site = export_fixtures.exported_site
site_dir = export_fixtures.site_dir


@pytest.mark.parametrize("locale", ["kk", "kk_Arab"])
def test_export_opens_from_disk_without_network(browser: object, site_dir: Path, locale: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    attempts: list[str] = []
    context.route("http://**/*", lambda route: (attempts.append(route.request.url), route.abort()))
    context.route("https://**/*", lambda route: (attempts.append(route.request.url), route.abort()))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((site_dir / locale / "index.html").as_uri())
    paths = page.locator("path.leaflet-interactive")
    paths.nth(199).wait_for(state="attached", timeout=30_000)
    assert paths.count() >= 200
    assert int(page.locator("body").get_attribute("data-districts")) >= 200
    # Open a card by clicking a district on the map (the largest one, centre of its box).
    box = paths.nth(0).bounding_box()
    page.locator("path.leaflet-interactive").first.click(
        position={"x": box["width"] / 2, "y": box["height"] / 2}, force=True
    )
    kato = page.locator("body").get_attribute("data-selected", timeout=10_000)
    card = page.frame_locator("#qonys-card")
    card.locator("h1#name").wait_for(timeout=15_000)
    assert card.locator("tr[data-indicator]").count() >= 10
    # And from the ranking list (accessible path without the map).
    link = page.locator("a[data-kato]").nth(3)
    wanted = link.get_attribute("data-kato")
    link.click()
    page.wait_for_function(f"document.body.getAttribute('data-selected') === '{wanted}'", timeout=10_000)
    card.locator("h1#name").wait_for(timeout=15_000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"export-{locale}.png"))
    if locale == "kk_Arab":
        assert page.locator("html").get_attribute("dir") == "rtl"
    assert kato, "clicking a district selected nothing"
    assert not attempts, f"the export tried the network: {attempts[:5]}"
    assert not errors, errors
    context.close()


def test_export_on_a_phone(browser: object, site_dir: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    context.route("http*://**/*", lambda route: route.abort())
    page = context.new_page()
    page.goto((site_dir / "kk_Latn" / "index.html").as_uri())
    page.locator("path.leaflet-interactive").nth(199).wait_for(state="attached", timeout=30_000)
    page.locator("a[data-kato]").first.tap()
    page.frame_locator("#qonys-card").locator("h1#name").wait_for(timeout=15_000)
    page.screenshot(path=str(ARTIFACTS / "export-phone-kk_Latn.png"))
    context.close()
