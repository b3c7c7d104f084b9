"""The district card and the data campaign (tmp database): "last reported by the akimat" and the oblast's
saved "where and how to apply" contact in place of "no data yet (no source)"."""

from __future__ import annotations

import datetime as dt

import pytest

from data.card import apply_contact_lines
from data.store import Edit, Store
from tests.app.test_district_card import card, texts

ABAI, SEMEY = "100000000", "101000000"
CONTACT = {
    "office": "Semey employment centre",
    "address": "Semey, Abai st. 1",
    "phone": "8 7222 00 00 00",
    "hours": "Mon-Fri 9:00-18:00",
    "oblast_kato": ABAI,
    "source": "akimat letter 12",
}


def test_contact_lines_keep_what_the_row_has() -> None:
    import pandas as pd

    rows = pd.DataFrame([CONTACT, {**CONTACT, "phone": None, "hours": ""}, {**CONTACT, "source": None}])
    lines = apply_contact_lines(rows, lambda s: s)
    assert lines[0] == (
        "Semey employment centre; address: Semey, Abai st. 1; phone: 8 7222 00 00 00; hours: Mon-Fri 9:00-18:00",
        "akimat letter 12",
    )
    assert lines[1][0] == "Semey employment centre; address: Semey, Abai st. 1"
    assert len(lines) == 2  # no source, not shown


def test_card_says_when_the_akimat_reported_and_shows_the_saved_contact(
    desk_db: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(desk_db["path"])
    try:
        store.issue_request(
            user="ministry1",
            title="Outcomes",
            year=2025,
            quarter=1,
            deadline=dt.date.today() + dt.timedelta(days=9),
            indicators=["kandas_families_arrived"],
            oblasts=[ABAI],
        )
        store.save_observations(
            [Edit(SEMEY, "kandas_families_arrived", "4", "2025-02-15", "akimat letter")], user="akimat_abai"
        )
        store.save_register_rows("apply_contacts", [CONTACT], user="ministry1")
    finally:
        store.close()
    monkeypatch.setenv("QONYS_DB", str(desk_db["path"]))
    body = texts(card((ABAI, SEMEY)))
    assert "Last reported by the akimat:" in body
    assert "8 7222 00 00 00" in body and "akimat letter 12" in body
    assert "employment centre: no data yet" not in body
    assert "Deadlines for applying for support: no data yet" in body
