"""AppTest of the Data and Admin pages, signed out and signed in, on a private database."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui.district_card import DETAILS_KEY

ROOT = Path(__file__).resolve().parents[2]


def open_page(
    page: str, monkeypatch: pytest.MonkeyPatch, db: Path, account: dict | None = None, locale: str = "kk"
) -> AppTest:
    monkeypatch.setenv("QONYS_DB", str(db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["lang"] = locale
    if account:
        at.session_state["qonys_account"] = {**account, "last_seen": time.monotonic()}
    at.switch_page(f"pages/{page}.py")
    return at.run()


ABAI = {"username": "akimat_abai", "role": "akimat", "scope_kato": "100000000"}
MINISTRY = {"username": "ministry1", "role": "ministry", "scope_kato": None}


@pytest.mark.parametrize("page", ["data", "admin"])
def test_signed_out_pages_ask_for_sign_in(desk_db: dict, monkeypatch: pytest.MonkeyPatch, page: str) -> None:
    at = open_page(page, monkeypatch, desk_db["path"], locale="en")
    assert not at.exception, at.exception
    assert any("Sign in" in i.value for i in at.info)


def test_akimat_cannot_open_admin(desk_db: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_page("admin", monkeypatch, desk_db["path"], ABAI, locale="en")
    assert not at.exception, at.exception
    assert any("cannot use this page" in w.value for w in at.warning)


# Signing in through the sidebar form is exercised in the browser (tests/e2e/test_desk_browser.py):
# AppTest drops the sidebar of an app using st.navigation after its first run.


@pytest.mark.parametrize("locale", ["kk", "ru", "en", "kk_Arab"])
def test_data_page_signed_in(desk_db: dict, monkeypatch: pytest.MonkeyPatch, locale: str) -> None:
    at = open_page("data", monkeypatch, desk_db["path"], ABAI, locale=locale)
    assert not at.exception, at.exception
    assert len(at.tabs) == 5  # edit, to do, import, history, registers


def test_quick_form_saves_and_history_shows_it(desk_db: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_page("data", monkeypatch, desk_db["path"], ABAI, locale="en")
    at.selectbox(key="quick_indicator").set_value("vacancies_per_jobseeker")
    at.selectbox(key="quick_unit").set_value("101000000")
    at.text_input(key="quick_value").input("0.7")
    at.text_input(key="quick_date").input("10.01.2026")  # day first, never re-ordered
    at.text_input(key="quick_source").input("Akimat <script>alert(1)</script> letter №5")
    next(b for b in at.button if b.label == "Save value").click()
    at.run()
    assert not at.exception, at.exception
    assert any("Saved 1 value" in s.value for s in at.success), [e.value for e in at.error]
    from data.store import Store

    history = Store(desk_db["path"]).observation_history("101000000", "vacancies_per_jobseeker")
    assert history.iloc[0]["value"] == 0.7 and history.iloc[0]["origin"] == "akimat"
    assert str(history.iloc[0]["period"]) == "2026-01-10"


def test_quick_form_out_of_range_shows_report_not_traceback(desk_db: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_page("data", monkeypatch, desk_db["path"], ABAI, locale="ru")
    at.selectbox(key="quick_indicator").set_value("vacancies_per_jobseeker")
    at.text_input(key="quick_value").input("=1+2")
    at.text_input(key="quick_source").input("@SUM(A1)")
    next(b for b in at.button if b.label in ("Save value", "Сохранить значение")).click()
    at.run()
    assert not at.exception, at.exception
    assert at.error, "the problems are listed"


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
def test_admin_page_signed_in(desk_db: dict, monkeypatch: pytest.MonkeyPatch, locale: str) -> None:
    at = open_page("admin", monkeypatch, desk_db["path"], MINISTRY, locale=locale)
    assert not at.exception, at.exception
    assert len(at.tabs) == 9  # … audit log, data campaign, registers


def test_admin_publishes_zoning_draft(desk_db: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_page("admin", monkeypatch, desk_db["path"], MINISTRY, locale="en")
    at.selectbox(key="zoning_method").set_value("thresholds")
    next(b for b in at.button if b.label == "Save zoning as draft").click()
    at.run()
    assert not at.exception, at.exception
    next(b for b in at.button if b.label == "Publish").click()
    at.run()
    assert not at.exception, at.exception
    from data.scored import published_profile
    from data.store import Store

    profile, status = published_profile(Store(desk_db["path"]))
    assert status == "published" and profile.zoning.method == "thresholds"


def test_admin_zoning_keeps_designated_cap(desk_db: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    """Saving the zoning form used to rebuild the rule without the designated-region cap."""
    from data.store import Store
    from scoring.profile import load_profile

    at = open_page("admin", monkeypatch, desk_db["path"], MINISTRY, locale="en")
    at.selectbox(key="zoning_method").set_value("thresholds")
    next(b for b in at.button if b.label == "Save zoning as draft").click()
    at.run()
    assert not at.exception, at.exception
    drafts = Store(desk_db["path"]).weight_profiles()
    newest = drafts.sort_values("version").iloc[-1]
    assert load_profile(newest["profile_json"]).zoning.outside_designated_max_zone == "III"


def test_admin_evidence_toggles_saved_published_and_audited(desk_db: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    from data.scored import published_profile
    from data.store import Store

    at = open_page("admin", monkeypatch, desk_db["path"], MINISTRY, locale="en")
    assert at.checkbox(key="evidence_cap_outside").value is True  # default on
    at.checkbox(key="evidence_centres_complete").check()
    at.checkbox(key="evidence_cap_outside").uncheck()
    next(b for b in at.button if b.label == "Save evidence rules as draft").click()
    at.run()
    assert not at.exception, at.exception
    next(b for b in at.button if b.label == "Publish").click()
    at.run()
    assert not at.exception, at.exception
    store = Store(desk_db["path"])
    profile, status = published_profile(store)
    assert status == "published"
    assert "adaptation_centres" in profile.complete_registers
    assert profile.zoning.outside_designated_max_zone is None
    log = store.audit_log()
    assert log["action"].astype(str).str.contains("profile").sum() >= 2, log[["action"]].tail()


def test_data_page_offers_only_units_in_scope(desk_db: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    """Through the page, an Abai officer is offered Abai units only (the store refuses the rest as well)."""
    from data.store import Store

    at = open_page("data", monkeypatch, desk_db["path"], ABAI, locale="en")
    assert not at.exception, at.exception
    box = at.selectbox(key="quick_unit")
    units = Store(desk_db["path"]).units("district").set_index("kato")
    abai = {units.loc[k, "name_en"] for k in units.index if k.startswith("10")}
    others = {units.loc[k, "name_en"] for k in units.index if not k.startswith("10")} - abai
    assert box.options, "the officer is offered units"
    assert not set(box.options) & others, "a unit of another oblast is offered"


def test_map_card_shows_an_akimat_value_with_its_date(desk_db: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    """After an akimat save, the public district card lists the value as 'akimat' with its date."""
    from data.store import Edit, Store

    store = Store(desk_db["path"])
    store.save_observations(
        [Edit("101000000", "vacancies_per_jobseeker", 0.42, "2026-01-10", "Akimat of Abai region, letter No. 7")],
        user="akimat_abai",
    )
    monkeypatch.setenv("QONYS_DB", str(desk_db["path"]))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["lang"] = "en"
    at.session_state["sel_oblast"] = "100000000"
    at.session_state["sel_district"] = "101000000"
    at.session_state[DETAILS_KEY] = True
    at.switch_page("pages/map.py")
    at.run()
    assert not at.exception, at.exception
    tables = [df.value for df in at.dataframe]
    rows = [t for t in tables if "akimat" in t.to_string().lower() and "0.42" in t.to_string()]
    assert rows, "the card's indicator table shows the akimat value"
    assert "2026" in rows[0].to_string()
