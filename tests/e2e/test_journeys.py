"""The four users' journeys in Debian's Chromium, a screenshot of every step in test-artifacts/journey-*.png.

Applicant on a phone in kk_Latn; embassy officer runs a consultation; akimat officer imports a file with
errors, fixes it, imports and rolls back; ministry publishes a weight profile and the public map changes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from data.store import Store
from tests.e2e.conftest import AppServer, click_district, shot, wait_for_map

pytestmark = pytest.mark.e2e
ZONE_I_FILL = "#0c2c84"  # layers.zones.ZONE_COLOURS["I"]
# A zone-I district: its colour, or its colour hatched when the zone rests on oblast data only.
ZONE_I_PATHS = f'path.leaflet-interactive[fill="{ZONE_I_FILL}"], path.leaflet-interactive[fill="url(#qonys-hatch-I)"]'
CYRILLIC = re.compile("[А-Яа-яӘәҒғҚқҢңӨөҰұҮүҺһІі]")


class Steps:
    """Numbered screenshots of one journey."""

    def __init__(self, page: object, journey: str) -> None:
        self.page, self.journey, self.n = page, journey, 0

    def __call__(self, name: str) -> None:
        self.n += 1
        shot(self.page, f"journey-{self.journey}-{self.n}-{name}")


def sign_in(page: object, server: AppServer, user: str, password: str, landing: str) -> None:
    """Sign in with the form a staff page shows to a signed-out visitor (no map on it to rerun under us)."""
    page.goto(f"{server.url}/{landing}?lang=en")
    main = page.get_by_test_id("stMain")
    main.get_by_label("User name", exact=True).fill(user)
    main.get_by_label("Password", exact=True).fill(password)
    main.get_by_role("button", name="Sign in", exact=True).click()
    try:
        main.get_by_role("button", name="Sign in", exact=True).wait_for(state="detached")  # the form is gone
    except Exception:
        shot(page, f"journey-sign-in-failed-{user}")
        raise


def test_applicant_browses_on_a_phone_in_kk_latn(app_server: AppServer, browser: object) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True, locale="kk-KZ"
    )
    page = context.new_page()
    page.set_default_timeout(60_000)
    step = Steps(page, "applicant")
    try:
        page.goto(f"{app_server.url}/map?lang=kk_Latn")
        frame = wait_for_map(page)
        title = page.locator("h1").first.inner_text()
        assert title and not CYRILLIC.search(title), title
        step("map")
        page.locator('iframe[title="streamlit_folium.st_folium"]').first.scroll_into_view_if_needed()
        click_district(page, frame)
        page.get_by_test_id("stMetric").first.wait_for()
        page.get_by_test_id("stMetric").first.scroll_into_view_if_needed()
        zone = page.get_by_test_id("stMetricValue").first.inner_text()
        assert re.search(r"\b(I|II|III|IV)\b", zone) or zone, zone
        metric = page.get_by_test_id("stMetricValue").first
        assert metric.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), "the zone metric is cut off on a phone"
        step("district-card")
        page.goto(f"{app_server.url}/methodology?lang=kk_Latn")
        page.locator("h1").first.wait_for()
        assert not CYRILLIC.search(page.locator("h1").first.inner_text())
        step("methodology")
        assert page.evaluate("document.documentElement.scrollWidth") <= 400, "the phone page scrolls sideways"
    finally:
        context.close()


def test_officer_runs_a_consultation(desk_db: dict, browser: object) -> None:
    server = AppServer(desk_db["path"])
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    step = Steps(page, "officer")
    try:
        sign_in(page, server, "consul1", desk_db["passwords"]["consul1"], "advisor")
        step("signed-in")
        page.get_by_role("button", name="Prepare advice").wait_for()
        for label, value in (("Adults (working age)", 2), ("Children", 3)):
            box = page.get_by_label(label, exact=True)
            box.fill(str(value))
            box.press("Enter")
            page.wait_for_timeout(400)
        page.get_by_label("Country of origin", exact=True).click()
        page.get_by_role("option", name="Mongolia", exact=True).click()
        step("family-profile")
        page.get_by_role("button", name="Prepare advice").click()
        html_button = page.get_by_role("button", name="Download printable HTML")
        html_button.wait_for()
        step("advice")
        with page.expect_download() as info:
            html_button.click()
        sheet = Path(info.value.path()).read_text(encoding="utf-8")
        assert "₸" in sheet and "<script" not in sheet.lower()
        step("sheet-downloaded")
    finally:
        context.close()
        server.stop()


def test_akimat_imports_with_errors_fixes_imports_and_rolls_back(
    desk_db: dict, browser: object, tmp_path: Path
) -> None:
    header = "kato,indicator,value,date,source,reason\n"
    bad = tmp_path / "values-with-errors.csv"
    bad.write_text(
        header + "101000000,vacancies_per_jobseeker,0.8,2026-01-15,Akimat letter 12,\n"
        "999999999,vacancies_per_jobseeker,abc,2026-01-15,,\n",
        encoding="utf-8",
    )
    good = tmp_path / "values-fixed.csv"
    good.write_text(
        header + "101000000,vacancies_per_jobseeker,0.8,2026-01-15,Akimat letter 12,\n"
        "101800000,local_support_programmes,2,2026-01-15,Akimat letter 13,\n",
        encoding="utf-8",
    )
    server = AppServer(desk_db["path"])
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    step = Steps(page, "akimat")
    try:
        sign_in(page, server, "akimat_abai", desk_db["passwords"]["akimat_abai"], "data")
        page.get_by_role("tab", name="Import a file").click()
        step("import-tab")
        uploader = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
        uploader.set_input_files(str(bad))
        page.get_by_role("button", name="Check file").click()
        # The report is a data grid (canvas-drawn): its cells are in the DOM but not "visible" to Playwright.
        page.get_by_text("unknown KATO code 999999999").first.wait_for(state="attached")
        step("report-of-errors")
        uploader.set_input_files(str(good))
        page.get_by_text("Check only (write nothing)").click()
        page.get_by_role("button", name="Import file").click()
        page.get_by_text(re.compile(r"Imported 2 value\(s\) as batch")).wait_for()
        step("imported")
        page.get_by_role("tab", name="History and rollback").click()
        page.get_by_label("Reason", exact=True).fill("journey test: undo the import")
        page.get_by_role("button", name="Roll back").click()
        page.get_by_text(re.compile(r"Rolled back as batch")).wait_for()
        step("rolled-back")
    finally:
        context.close()
        server.stop()
    store = Store(desk_db["path"], read_only=True)
    try:
        actions = set(store.audit_log(username="akimat_abai")["action"])
    finally:
        store.close()
    assert any("rollback" in str(a) for a in actions), actions


def test_ministry_publishes_a_weight_profile_and_the_public_map_changes(desk_db: dict, browser: object) -> None:
    server = AppServer(desk_db["path"])
    public = browser.new_context(viewport={"width": 1280, "height": 900})
    staff = browser.new_context(viewport={"width": 1280, "height": 1000})
    try:
        visitor = public.new_page()
        visitor.set_default_timeout(60_000)
        visitor.goto(f"{server.url}/map?lang=en")
        frame = wait_for_map(visitor)
        zone_one_before = frame.locator(ZONE_I_PATHS).count()
        shot(visitor, "journey-ministry-1-public-map-before")
        assert zone_one_before > 0

        page = staff.new_page()
        page.set_default_timeout(60_000)
        step = Steps(page, "ministry")
        step.n = 1
        sign_in(page, server, "ministry1", desk_db["passwords"]["ministry1"], "admin")
        page.get_by_role("tab", name="Weight profiles").click()
        page.get_by_label("Method", exact=True).click()
        page.keyboard.type("Fixed score")  # the list filters as one types; Enter takes the only option left
        page.keyboard.press("Enter")
        # Zone I only from a score of 95: no district reaches it with today's data.
        for i, bound in enumerate((95, 90, 85)):
            box = page.get_by_label(f"Lower score bound of zone {('I', 'II', 'III')[i]}", exact=True)
            box.fill(str(bound))
            box.press("Tab")
        step("zoning-draft")
        page.get_by_role("button", name="Save zoning as draft").click()
        page.get_by_text(re.compile(r"Draft version \d+ saved")).wait_for()
        page.get_by_role("tab", name="Weight profiles").click()  # the rerun after saving reopens the first tab
        page.get_by_role("button", name="Publish").click()
        page.get_by_text(re.compile(r"^Published .+ v\d+")).wait_for()
        step("published")

        visitor.goto(f"{server.url}/map?lang=en")
        frame = wait_for_map(visitor)
        visitor.wait_for_timeout(1000)
        zone_one_after = frame.locator(ZONE_I_PATHS).count()
        shot(visitor, "journey-ministry-4-public-map-after")
        assert zone_one_after == 0, f"zone I districts after publishing: {zone_one_after} (before {zone_one_before})"
    finally:
        public.close()
        staff.close()
        server.stop()
