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
    first_title = next(m.value for m in at.markdown if m.value.startswith("**1."))
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
