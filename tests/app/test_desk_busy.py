"""A save while another process holds the database's write lock: a clear message on the page, nothing written."""

from __future__ import annotations

import pytest

from data.store import Store
from tests.app.test_desk_pages import ABAI, open_page
from tests.faults.test_store_faults import hold_lock


def test_a_save_kept_out_by_another_writer_says_so(desk_db: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    path = desk_db["path"]
    monkeypatch.setenv("QONYS_DB_WAIT_S", "1")
    at = open_page("data", monkeypatch, path, ABAI, locale="en")
    at.selectbox(key="quick_indicator").set_value("vacancies_per_jobseeker")
    at.selectbox(key="quick_unit").set_value("101000000")
    at.text_input(key="quick_value").input("0.7")
    at.text_input(key="quick_date").input("10.01.2026")
    at.text_input(key="quick_source").input("Akimat letter 5")
    holder = hold_lock(path, 60)
    try:
        next(b for b in at.button if b.label == "Save value").click()
        at.run()
    finally:
        holder.kill()
        holder.wait(timeout=60)
    assert not at.exception, at.exception
    errors = " ".join(e.value for e in at.error).replace("\\", "")  # plain() escapes markdown
    assert "held by another process" in errors and f"{path.name}.lock" in errors, errors
    assert Store(path).observation_history("101000000", "vacancies_per_jobseeker").empty
