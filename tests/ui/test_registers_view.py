"""Which rows of the register editor are sent to the store: only the added, changed and deleted ones."""

from __future__ import annotations

import numpy as np
import pandas as pd

from data.store.registers import ticked
from ui.registers_view import changed_rows

FIELDS = ["name", "capacity"]


def test_only_added_changed_and_deleted_rows_are_sent() -> None:
    before = pd.DataFrame(
        {
            "row_id": ["v:1", "v:2", "r:3"],
            "version": [0, 0, 2],
            "oblast_kato": ["100000000", None, "100000000"],
            "name": ["Қайнар", "Орталық", "Centre"],
            "capacity": [20.0, np.nan, 5.0],
            "source": ["S17d", "S17b", "letter"],
            "deleted": [False, False, False],
        }
    )
    after = before.copy()
    after.loc[1, "capacity"] = 30.0  # changed
    after.loc[2, "deleted"] = True  # deleted
    new = {"row_id": None, "version": np.nan, "oblast_kato": None, "name": "Жаңа", "capacity": None}
    after = pd.concat([after, pd.DataFrame([{**new, "source": "x", "deleted": None}])], ignore_index=True)
    sent = changed_rows(before, after, FIELDS)
    assert [r["name"] for r in sent] == ["Орталық", "Centre", "Жаңа"]


def test_ticked_reads_a_checkbox_cell() -> None:
    assert ticked(True) and ticked(np.bool_(True))
    assert not any(ticked(v) for v in (None, np.nan, False, 0))
