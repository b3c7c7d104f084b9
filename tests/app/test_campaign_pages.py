"""AppTest of the data campaign: the ministry's request form (Admin) and the akimat's to-do list (Data)."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from data.store import Store

ROOT = Path(__file__).resolve().parents[2]
ABAI = {"username": "akimat_abai", "role": "akimat", "scope_kato": "100000000"}
MINISTRY = {"username": "ministry1", "role": "ministry", "scope_kato": None}


def open_page(page: str, monkeypatch: pytest.MonkeyPatch, db: Path, account: dict, locale: str = "en") -> AppTest:
    monkeypatch.setenv("QONYS_DB", str(db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = locale
    at.session_state["qonys_account"] = {**account, "last_seen": time.monotonic()}
    at.switch_page(f"pages/{page}.py")
    return at.run()


def test_admin_request_form_issues_an_audited_request(desk_db: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_page("admin", monkeypatch, desk_db["path"], MINISTRY)
    assert not at.exception, at.exception
    at.text_input(key="req_title").input("Outcomes Q1")
    at.multiselect(key="req_indicators").set_value(["kandas_families_arrived"])
    at.multiselect(key="req_oblasts").set_value(["100000000"])
    at.date_input(key="req_deadline").set_value(dt.date.today() + dt.timedelta(days=10))
    next(b for b in at.button if b.label == "Issue the request").click()
    at.run()
    assert not at.exception, at.exception
    assert any("issued" in s.value for s in at.success), [e.value for e in at.error]
    store = Store(desk_db["path"], read_only=True)
    assert list(store.data_requests()["title"]) == ["Outcomes Q1"]
    assert "request.issue" in set(store.audit_log()["action"])


def test_admin_request_form_refuses_an_empty_request_without_traceback(
    desk_db: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = open_page("admin", monkeypatch, desk_db["path"], MINISTRY, locale="ru")
    next(b for b in at.button if b.label in ("Issue the request", "Отправить запрос")).click()
    at.run()
    assert not at.exception, at.exception
    assert len(at.error) >= 3  # title, indicators, oblasts


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
def test_data_page_to_do_list_shows_the_request_and_overdue_values(
    desk_db: dict, monkeypatch: pytest.MonkeyPatch, locale: str
) -> None:
    store = Store(desk_db["path"])
    store.issue_request(
        user="ministry1",
        title="Outcomes Q1 2025",
        year=2025,
        quarter=1,
        deadline=dt.date(2025, 4, 20),
        indicators=["kandas_families_arrived"],
        oblasts=["100000000", "110000000"],
        now=dt.datetime(2025, 4, 1),
    )
    store.close()
    at = open_page("data", monkeypatch, desk_db["path"], ABAI, locale=locale)
    assert not at.exception, at.exception
    assert any("Outcomes Q1 2025" in s.value for s in at.subheader)
    todo = next(d.value for d in at.dataframe if "Outcomes Q1 2025" in set(d.value.iloc[:, 0].astype(str)))
    assert len(todo) == len(
        Store(desk_db["path"], read_only=True).units("district").query("parent_kato == '100000000'")
    )
    assert todo.iloc[:, -1].astype(bool).all()  # the deadline has passed: every value overdue
    assert any(":red[" in m.value for m in at.markdown)


def test_admin_registers_tab_marks_an_oblast_register_complete(desk_db: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_page("admin", monkeypatch, desk_db["path"], MINISTRY)
    assert not at.exception, at.exception
    at.selectbox(key="complete_oblast").set_value("100000000")
    at.text_input(key="complete_source").input("MLSP letter 2025-04")
    at.button(key="complete_save").click()
    at.run()
    assert not at.exception, at.exception
    marks = Store(desk_db["path"], read_only=True).register_completeness()
    assert list(marks["oblast_kato"]) == ["100000000"] and list(marks["source"]) == ["MLSP letter 2025-04"]
    assert "register.complete" in set(Store(desk_db["path"], read_only=True).audit_log()["action"])


@pytest.mark.parametrize("locale", ["kk", "ru", "kk_Arab"])
def test_data_page_registers_section_offers_the_akimat_its_own_registers(
    desk_db: dict, monkeypatch: pytest.MonkeyPatch, locale: str
) -> None:
    at = open_page("data", monkeypatch, desk_db["path"], ABAI, locale=locale)
    assert not at.exception, at.exception
    # the national business programmes are the ministry's: not offered to an akimat
    assert at.selectbox(key="register_akimat").options and "business_programmes" not in [
        str(o) for o in at.selectbox(key="register_akimat").options
    ]
    assert len(at.selectbox(key="register_akimat").options) == 3


def test_public_map_gets_the_completeness_layer_once_a_request_is_open(
    desk_db: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    def map_args() -> str:
        monkeypatch.setenv("QONYS_DB", str(desk_db["path"]))
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.query_params["lang"] = "en"
        at.switch_page("pages/map.py")
        at.run()
        assert not at.exception, at.exception
        return " ".join(el.proto.json_args for el in at.get("component_instance"))

    assert "Reported by the akimat" not in map_args()  # nothing requested yet: no layer
    store = Store(desk_db["path"])
    store.issue_request(
        user="ministry1",
        title="Q1",
        year=2025,
        quarter=1,
        deadline=dt.date.today() + dt.timedelta(days=3),
        indicators=["kandas_families_arrived"],
        oblasts=["100000000"],
    )
    args = map_args()
    assert "Reported by the akimat" in args
    assert "No data was requested of this district." in args  # districts of other oblasts
    assert "Requested values reported" in args
