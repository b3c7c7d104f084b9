"""Akimat officer journey in Debian's Chromium: sign in, enter a vacancy figure, see it marked "akimat"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from tests.e2e.conftest import AppServer, shot

pytestmark = pytest.mark.e2e
SEMEY = "101000000"


@pytest.fixture
def desk_server(desk_db: dict) -> Iterator[AppServer]:
    server = AppServer(desk_db["path"])
    yield server
    server.stop()


def pick(page: object, scope: object, label: str, option: str) -> None:
    """Choose ``option`` in the Streamlit selectbox labelled ``label`` (type to filter, then press Enter).

    On a busy machine a rerun that is still arriving can redraw the box and close its list; like a user, try
    again (three times at most).
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    box = scope.get_by_label(label, exact=True).first
    for attempt in range(3):
        box.click()
        box.fill(option)
        try:
            page.get_by_role("option", name=option).first.wait_for(timeout=10_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")
    box.press("Enter")


def test_akimat_officer_enters_a_vacancy_figure(desk_server: AppServer, desk_db: dict, page: object) -> None:
    page.goto(f"{desk_server.url}/data?lang=en")
    main = page.get_by_test_id("stMain")
    main.get_by_label("User name").fill("akimat_abai")
    main.get_by_label("Password", exact=True).first.fill(desk_db["passwords"]["akimat_abai"])
    main.get_by_role("button", name="Sign in").click()
    page.get_by_role("tab", name="Edit values").wait_for(timeout=30_000)
    form = page.get_by_test_id("stForm").filter(has_text="Save value")
    pick(page, form, "District or oblast", f"Semey (city administration) ({SEMEY})")
    pick(page, form, "Indicator", "Vacancies per job seeker")
    form.get_by_label("Value").fill("0.75")
    day = dt.date.today() - dt.timedelta(days=1)
    form.get_by_label("Date (YYYY-MM-DD or DD.MM.YYYY)").fill(f"{day:%d.%m.%Y}")  # the locale's own format
    form.get_by_label("Source").fill("Akimat of Abai region, letter No. 12")
    form.get_by_role("button", name="Save value").click()
    page.get_by_text("Saved 1 value(s)").wait_for(timeout=30_000)
    shot(page, "desk-saved")
    page.get_by_role("tab", name="History and rollback").click()
    # the history tab opens on the first unit of the scope, Semey (KATO 101000000)
    # the history is an HTML table whose cells carry their own language (ui.safe.html_table)
    history = page.get_by_role("tabpanel", name="History and rollback").locator("table").first
    history.wait_for(timeout=30_000)
    shot(page, "desk-history")
    text = history.inner_text()
    assert "0.75" in text and "akimat" in text and day.isoformat() in text
    desk_server.stop()  # DuckDB has one writer process: read what the map's card reads once the server is gone
    from data.store import Store

    obs = Store(desk_db["path"], read_only=True).observations("district", katos=[SEMEY])
    row = obs[obs["indicator"] == "vacancies_per_jobseeker"].iloc[-1]
    assert (row["value"], row["origin"], row["period"]) == (0.75, "akimat", day.isoformat())
