"""AppTest of the Data and Admin pages, signed out and signed in, on a private database."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def open_page(page: str, monkeypatch: pytest.MonkeyPatch, db: Path, account: dict | None = None,
              locale: str = "kk") -> AppTest:
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
    assert len(at.tabs) == 3


def test_quick_form_saves_and_history_shows_it(desk_db: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_page("data", monkeypatch, desk_db["path"], ABAI, locale="en")
    at.selectbox(key="quick_indicator").set_value("vacancies_per_jobseeker")
    at.selectbox(key="quick_unit").set_value("101000000")
    at.text_input(key="quick_value").input("0.7")
    at.date_input(key="quick_date").set_value(__import__("datetime").date(2026, 1, 10))
    at.text_input(key="quick_source").input("Akimat <script>alert(1)</script> letter №5")
    next(b for b in at.button if b.label == "Save value").click()
    at.run()
    assert not at.exception, at.exception
    assert any("Saved 1 value" in s.value for s in at.success), [e.value for e in at.error]
    from data.store import Store

    history = Store(desk_db["path"]).observation_history("101000000", "vacancies_per_jobseeker")
    assert history.iloc[0]["value"] == 0.7 and history.iloc[0]["origin"] == "akimat"


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
    assert len(at.tabs) == 7


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
