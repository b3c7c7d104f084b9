"""Journey in Debian's Chromium: an embassy officer signs in, describes a family of five from China, asks for a
kk-Arab sheet and downloads the PDF, which carries the family's total support and three districts."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from advisor.model import build_advice, load_inputs
from data.store import Store
from scoring.advice import validate_applicant
from tests.e2e.conftest import ARTIFACTS, AppServer, shot, wait_for_map

pytestmark = pytest.mark.e2e


def choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the Streamlit selectbox labelled ``label``."""
    page.get_by_label(label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()


def set_number(page, label: str, value: int) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(str(value))
    box.press("Enter")
    page.wait_for_timeout(400)


def test_officer_makes_a_kk_arab_advice_sheet(desk_db: dict, browser) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    server = AppServer(desk_db["path"])
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(f"{server.url}/?lang=en")
        wait_for_map(page)
        # Sign in on the Methodology page: on the Map page the map component's own reruns can swallow the
        # form's submit (seen in Chromium 156 with streamlit-folium 0.27.4).
        page.get_by_role("link", name="Methodology").click()
        page.get_by_text("How the zones are made").wait_for()
        page.get_by_text("Staff sign-in").click()
        page.get_by_label("User name", exact=True).fill("consul1")
        page.get_by_label("Password", exact=True).fill(desk_db["passwords"]["consul1"])
        page.get_by_role("button", name="Sign in", exact=True).click()
        page.get_by_text("Signed in as consul1").wait_for()
        page.get_by_role("link", name="Advisor").click()
        page.get_by_role("button", name="Prepare advice").wait_for()

        set_number(page, "Adults (working age)", 2)
        set_number(page, "Children", 2)
        set_number(page, "Pensioners", 1)
        choose(page, "Country of origin", "China")
        choose(page, "Language and script of the sheet", "قازاقشا")
        page.get_by_role("button", name="Prepare advice").click()
        pdf_button = page.get_by_role("button", name="Download the advice sheet (PDF)")
        pdf_button.wait_for()
        shot(page, "advisor-kk-arab")
        with page.expect_download() as info:
            pdf_button.click()
        path = Path(info.value.path())
        (ARTIFACTS / "advisor-kk-arab.pdf").write_bytes(path.read_bytes())
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages)
    finally:
        context.close()
        server.stop()

    store = Store(desk_db["path"], read_only=True)
    try:
        inputs = load_inputs(store)
        applicant = validate_applicant(
            {"adults": 2, "children": 2, "pensioners": 1, "origin": "CN", "sheet_locale": "kk_Arab"}
        )
        advice = build_advice(inputs, applicant, year=max(inputs.years))
    finally:
        store.close()
    total = str(int(advice.support_designated.total_min_kzt))
    assert total in "".join(ch for ch in text if ch.isdigit()), "the family's total support is missing"
    assert all(f"{i}." in text for i in (1, 2, 3)), "three districts are expected"
    assert "قازاقستان" in text or "ازاقستان" in text  # Arabic-script Kazakh survived
