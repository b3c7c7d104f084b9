"""The data campaign's expected values and their status: the store's requests and values through :mod:`scoring.reporting`.

Kept out of :mod:`data.store` (which never imports scoring): the store reads requests and values,
this module turns them into the cells the to-do list, the templates, the reporting rates and the
public completeness layer show.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from data.store import Store
from scoring import reporting


def campaign_cells(store: Store, account: dict | None = None, *, today: dt.date | None = None) -> pd.DataFrame:
    """Every value the open requests expect, with its status (:func:`scoring.reporting.cell_status`).

    ``account`` None or a ministry account: every cell; an akimat account: the cells of units in its
    scope. Withdrawn requests expect nothing.
    """
    today = today or dt.date.today()
    requests = store.data_requests()
    units = store.query(
        "SELECT kato, level, parent_kato, name_kk, name_ru, name_en FROM unit WHERE level IN ('oblast', 'district')"
    )
    cells = reporting.expected_cells(requests, store.indicators()[["code", "level"]], units)
    if account is not None:
        scope = store.scope_katos(account)
        if scope is not None:
            cells = cells[cells["kato"].isin(scope)]
    obs = store.request_observations(sorted(set(cells["indicator"])))
    out = reporting.cell_status(cells.reset_index(drop=True), obs, today=today)
    return out.merge(units[["kato", "level", "name_kk", "name_ru", "name_en"]], on="kato", how="left")
