"""Journeys in Debian's Chromium: an embassy officer signs in, describes a family, reads the three districts (three
oblasts, wishes met / not met, support "up to" and guaranteed), downloads the PDF (≤ 3 pages), saves, reloads
(still signed in), reopens the saved consultation and deletes it.

(a) five from China (a farmer and a teacher, want a village, kin in Abai), page and sheet in kk_Arab;
(b) a young engineer from Mongolia (industry, town), page and sheet in kk.
Screenshots go to test-artifacts/; page 1 of the kk_Arab PDF is rendered to
test-artifacts/advice-sheet-kk_Arab-page1.png (pdftoppm) for a person to read.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

import i18n
from advisor.model import build_advice, load_inputs
from advisor.sheet_model import support_summary
from advisor.text import COUNTRY_LABELS, SECTOR_LABELS, SETTLEMENT_LABELS, WISH_TEXTS
from data.store import Store
from scoring.advice import validate_applicant
from tests.e2e.conftest import ARTIFACTS, AppServer, shot

pytestmark = pytest.mark.e2e

ABAI = "100000000"
FAMILIES = {
    "china-kk_Arab": (
        "kk_Arab",
        {
            "adults": 2,
            "children": 2,
            "pensioners": 1,
            "adult_sectors": ["agriculture", "education"],
            "origin": "CN",
            "settlement": "rural",
            "kin_oblast": ABAI,
        },
    ),
    "mongolia-kk": (
        "kk",
        {
            "adults": 1,
            "children": 0,
            "pensioners": 0,
            "adult_sectors": ["industry"],
            "origin": "MN",
            "settlement": "urban",
        },
    ),
}


def choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the Streamlit selectbox labelled ``label``."""
    page.get_by_label(label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()
    page.wait_for_timeout(300)


def set_number(page, label: str, value: int) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(str(value))
    box.press("Enter")
    page.wait_for_timeout(500)


def pick_radio(page, group: str, option: str) -> None:
    page.locator('[data-testid="stRadio"]').filter(has_text=group).get_by_text(option, exact=True).click()
    page.wait_for_timeout(300)


def expected_advice(db: Path, locale: str, family: dict):
    store = Store(db, read_only=True)
    try:
        inputs = load_inputs(store)
        applicant = validate_applicant({**family, "sheet_locale": locale}, oblast_katos=set(inputs.oblasts["kato"]))
        return inputs, build_advice(inputs, applicant, year=max(inputs.years))
    finally:
        store.close()


@pytest.mark.parametrize("case", list(FAMILIES))
def test_officer_advises_saves_reloads_reopens_deletes(desk_db: dict, browser, case: str) -> None:
    locale, family = FAMILIES[case]
    _ = i18n.translator(locale, "advisor")
    _a = i18n.translator(locale, "admin")
    inputs, advice = expected_advice(desk_db["path"], locale, family)
    oblasts = inputs.oblasts.set_index("kato")
    ARTIFACTS.mkdir(exist_ok=True)
    server = AppServer(desk_db["path"])
    context = browser.new_context(viewport={"width": 1280, "height": 1100}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(90_000)
    try:
        page.goto(f"{server.url}/advisor?lang={locale}")
        # The page's own sign-in form (a direct link to a staff page).
        main = page.get_by_test_id("stMain")
        main.get_by_label(_a("User name"), exact=True).fill("consul1")
        main.get_by_label(_a("Password"), exact=True).fill(desk_db["passwords"]["consul1"])
        main.get_by_role("button", name=_a("Sign in"), exact=True).click()
        submit = page.get_by_role("button", name=_("Prepare advice"))
        submit.wait_for()
        assert "s=" in page.url and "consul1" not in page.url  # an opaque token, no personal data

        set_number(page, _("Adults (working age)"), family["adults"])
        set_number(page, _("Children"), family["children"])
        set_number(page, _("Pensioners"), family["pensioners"])
        for i, sector in enumerate(family["adult_sectors"]):
            choose(page, _("Work of adult {n}").format(n=i + 1), _(SECTOR_LABELS[sector]))
        choose(page, _("Country of origin"), _(COUNTRY_LABELS[family["origin"]]))
        pick_radio(page, _("Town or village"), _(SETTLEMENT_LABELS[family["settlement"]]))
        if family.get("kin_oblast"):
            choose(page, _("Kin live in"), i18n.place_name(oblasts.loc[family["kin_oblast"]].to_dict(), locale))
        page.get_by_label(_("Officer's name"), exact=True).fill("A. Officer")
        page.get_by_label(_("Officer's name"), exact=True).press("Enter")
        page.wait_for_timeout(800)
        page.get_by_role("button", name=_("Prepare advice")).click()
        pdf_button = page.get_by_role("button", name=_("Download the advice sheet (PDF)"))
        pdf_button.wait_for()
        page.wait_for_timeout(1500)
        page.get_by_role("heading", name=_("Advice"), exact=True).scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, 0)")
        shot(page, f"advisor-{case}-result")

        # Three districts from three oblasts, each with its support "up to" and guaranteed, both quota cases.
        body = page.locator("section.main, [data-testid='stMain']").first.inner_text()
        assert len({d.oblast_kato for d in advice.districts}) == 3
        for d in advice.districts:
            assert i18n.place_name(d.names, locale) in body
            for line in support_summary(d, locale):
                assert line.split(":")[-1].strip().split(";")[0] in body
        # The wishes: at least one met ("+") and the kin / town-or-village sentences are on the page.
        wish_heads = {
            _(WISH_TEXTS[(w.wish, w.status)]).split(":")[0] for d in advice.districts for w in d.reasons.wishes
        }
        assert wish_heads and all(head in body for head in wish_heads)
        assert any(w.status == "met" for d in advice.districts for w in d.reasons.wishes)
        if family.get("kin_oblast"):
            assert any(w.status == "not_met" for d in advice.districts for w in d.reasons.wishes)

        with page.expect_download() as info:
            pdf_button.click()
        pdf = Path(info.value.path()).read_bytes()
        pdf_path = ARTIFACTS / f"advice-sheet-{locale}.pdf"
        pdf_path.write_bytes(pdf)
        reader = PdfReader(io.BytesIO(pdf))
        assert len(reader.pages) <= 3, f"{len(reader.pages)} pages"
        text = "\n".join(p.extract_text() for p in reader.pages)
        if locale == "kk_Arab":
            assert any("\u0600" <= ch <= "\u06ff" for ch in text), "no Arabic script in the kk_Arab sheet"
            if shutil.which("pdftoppm"):
                stem = ARTIFACTS / "advice-sheet-kk_Arab-page1"
                subprocess.run(
                    ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", pdf_path, stem], check=True
                )

        # Save, reload (still signed in, form kept), reopen, delete.
        page.get_by_role("button", name=_("Save this consultation")).click()
        page.get_by_text(_("Consultation saved.")).wait_for()
        page.reload()
        page.get_by_role("button", name=_("Prepare advice")).wait_for()
        assert main.get_by_label(_a("Password"), exact=True).count() == 0, "signed out by the reload"
        expect(page.get_by_label(_("Officer's name"), exact=True)).to_have_value("A. Officer", timeout=30_000)
        open_button = page.get_by_role("button", name=_("Open"), exact=True)
        open_button.wait_for()
        shot(page, f"advisor-{case}-after-reload")
        open_button.click()
        page.get_by_role("button", name=_("Download the advice sheet (PDF)")).wait_for()
        page.get_by_role("button", name=_("Delete"), exact=True).click()
        page.get_by_text(_("No saved consultations.")).wait_for()
        shot(page, f"advisor-{case}-deleted")
    finally:
        context.close()
        server.stop()
