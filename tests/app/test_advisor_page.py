"""AppTest of the Advisor page: gate, a consultation end to end, bad input, overrides, saving and deleting."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
CONSUL = {"username": "consul1", "role": "consul", "scope_kato": None}
AKIMAT = {"username": "akimat_abai", "role": "akimat", "scope_kato": "100000000"}


def open_advisor(
    monkeypatch: pytest.MonkeyPatch, db: Path, account: dict | None = CONSUL, locale: str = "en"
) -> AppTest:
    monkeypatch.setenv("QONYS_DB", str(db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = locale
    if account:
        at.session_state["qonys_account"] = {**account, "last_seen": time.monotonic()}
    at.switch_page("pages/advisor.py")
    return at.run()


def fill_family(at: AppTest, *, adults: int = 2, children: int = 2, pensioners: int = 1) -> AppTest:
    at.number_input(key="adv_adults").set_value(adults)
    at.number_input(key="adv_children").set_value(children)
    at.number_input(key="adv_pensioners").set_value(pensioners)
    at.run()
    return at


def press(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click()
    return at.run()


def text_of(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_signed_out_and_wrong_role_are_stopped(writable_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_advisor(monkeypatch, writable_db, None)
    assert not at.exception and any("Sign in" in i.value for i in at.info)
    at = open_advisor(monkeypatch, writable_db, AKIMAT)
    assert not at.exception and any("cannot use this page" in w.value for w in at.warning)


def test_consultation_end_to_end(desk_db: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    writable_db = desk_db["path"]  # the store saves a consultation only for an existing consul account
    at = fill_family(open_advisor(monkeypatch, writable_db))
    at.selectbox(key="adv_sector_0").set_value("agriculture")
    at.selectbox(key="adv_sector_1").set_value("healthcare")
    at.selectbox(key="adv_origin").set_value("CN")
    at.selectbox(key="adv_sheet_locale").set_value("kk_Arab")
    at = press(at, "adv_submit")
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    body = text_of(at)
    assert "1." in body and "3." in body  # three districts, numbered
    assert "₸" in body  # support in tenge
    assert at.get("download_button"), "the PDF and HTML downloads are offered"
    # Nothing stored until saved; then saved and deletable.
    from data.store import Store

    assert Store(writable_db, read_only=True).consultations().empty
    at = press(at, "adv_save")
    assert not at.exception and at.success
    saved = Store(writable_db, read_only=True).consultations()
    assert len(saved) == 1 and saved.iloc[0]["saved_by"] == "consul1"
    at = press(at, f"adv_del_{saved.iloc[0]['id']}")
    assert not at.exception
    assert Store(writable_db, read_only=True).consultations().empty


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({"adults": 0, "children": 0, "pensioners": 0}, "В семье нет ни одного человека"),
        ({"adults": -2}, "не может быть отрицательным"),
        ({"adults": 0, "children": 3, "pensioners": 0}, "Дети не могут переехать одни"),
    ],
)
def test_bad_input_gives_a_translated_message(
    writable_db: Path, monkeypatch: pytest.MonkeyPatch, counts: dict, expected: str
) -> None:
    at = fill_family(
        open_advisor(monkeypatch, writable_db, locale="ru"), **{"adults": 2, "children": 0, "pensioners": 0, **counts}
    )
    at = press(at, "adv_submit")
    assert not at.exception, at.exception
    assert any(expected in e.value for e in at.error), [e.value for e in at.error]
    assert not at.get("download_button")


def test_override_excludes_and_notes(writable_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = press(fill_family(open_advisor(monkeypatch, writable_db)), "adv_submit")
    first_title = next(m.value for m in at.markdown if m.value.startswith("**1\\."))
    options = at.multiselect(key="adv_excluded").options
    assert options
    at.text_area(key="adv_note").input("Family will ask kin <b>first</b>")
    at.run()
    body = text_of(at)
    assert "Officer's note: Family will ask kin \\<b\\>first\\</b\\>" in body
    assert first_title in body


@pytest.mark.parametrize("locale", ["kk", "kk_Latn", "kk_Arab", "ru", "en"])
def test_page_in_every_locale(writable_db: Path, monkeypatch: pytest.MonkeyPatch, locale: str) -> None:
    at = open_advisor(monkeypatch, writable_db, locale=locale)
    assert not at.exception, at.exception
    assert at.button(key="adv_submit")


def test_quota_switch_officer_fields_summary_on_top_reopen(desk_db: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    at = fill_family(open_advisor(monkeypatch, desk_db["path"]), adults=1, children=0, pensioners=0)
    assert at.radio(key="adv_quota").value == "unknown"
    at.text_input(key="adv_officer").input("A. Officer")
    at.text_input(key="adv_embassy").input("Embassy in Ulaanbaatar")
    at = press(at, "adv_submit")
    assert not at.exception, at.exception
    body = text_of(at)
    # The summary comes first (before the sheet's sections), with both quota cases and no "Total".
    summary = body.split("Officer: A. Officer")[0]
    assert "1 person, 1 adult" in summary and "In the quota: up to" in summary and "Not in the quota" in summary
    assert "Total" not in body and "Embassy: Embassy in Ulaanbaatar" in body
    at.radio(key="adv_quota").set_value("yes")
    at = press(at, "adv_submit")
    assert "Not in the quota" not in text_of(at).split("Officer:")[0]
    at = press(at, "adv_save")
    from data.store import Store

    saved = Store(desk_db["path"], read_only=True).consultations()
    cid = saved.iloc[0]["id"]
    assert "1 person, 1 adult" in text_of(at)
    # Reopen in a fresh session: the form is filled and the advice shown again.
    at = open_advisor(monkeypatch, desk_db["path"])
    at = press(at, f"adv_open_{cid}")
    assert not at.exception, at.exception
    assert at.number_input(key="adv_adults").value == 1 and at.radio(key="adv_quota").value == "yes"
    assert at.get("download_button")
    at = press(at, f"adv_del_{cid}")
    assert Store(desk_db["path"], read_only=True).consultations().empty


def test_reload_keeps_the_officer_signed_in_and_the_form(desk_db: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_advisor(monkeypatch, desk_db["path"], None)
    at.text_input(key="page_login_user").input("consul1")
    at.text_input(key="page_login_password").input(desk_db["passwords"]["consul1"])
    next(b for b in at.button if b.label == "Sign in").click()
    at = at.run()
    token = at.query_params.get("s")
    token = token[0] if isinstance(token, list) else token
    assert token and len(token) >= 24 and "consul1" not in token
    at = fill_family(at, adults=3, children=1, pensioners=0)
    # A reload: a new session with only the URL's query string.
    monkeypatch.setenv("QONYS_DB", str(desk_db["path"]))
    again = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    again.query_params["lang"] = "en"
    again.query_params["s"] = token
    again.switch_page("pages/advisor.py")
    again = again.run()
    assert not again.exception, again.exception
    assert again.button(key="adv_submit") and again.number_input(key="adv_adults").value == 3
    # An unknown token signs no one in.
    other = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    other.query_params["lang"] = "en"
    other.query_params["s"] = "not-a-token"
    other.switch_page("pages/advisor.py")
    other = other.run()
    assert any("Sign in" in i.value for i in other.info)
