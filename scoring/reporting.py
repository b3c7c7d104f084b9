"""Reporting rates of the data campaign: which requested values are expected, reported, on time, approved.

Pure (pandas only). The model is DHIS2's data sets and reporting rates: the ministry issues a *data
request* (indicators × a quarter × a deadline × oblasts); every unit of the requested indicators'
level in those oblasts is expected to report each indicator once for the quarter. A cell is

- ``missing`` — no value dated within the quarter (or only a value the ministry rejected);
- ``pending review`` — the newest value waits for the ministry's review;
- ``entered`` — the value is published without review (the desk's rules needed none);
- ``approved`` — the value is published after the ministry approved it.

Rates count ``reported`` = every cell but the missing ones, ``on time`` = reported with the value's
entry time on or before the deadline day, and ``approved`` = published cells (``entered`` or
``approved``: both count in the monitoring actuals, see :func:`scoring.monitoring.outcome_actuals`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Final

import pandas as pd

MISSING: Final = "missing"
ENTERED: Final = "entered"
PENDING: Final = "pending review"
APPROVED: Final = "approved"
STATUSES: Final = (MISSING, ENTERED, PENDING, APPROVED)

#: Columns of :func:`expected_cells` (and the first ones of :func:`cell_status`).
CELL_COLUMNS: Final = ("request_id", "title", "year", "quarter", "deadline", "oblast_kato", "kato", "indicator")
#: Columns of :func:`reporting_rates` besides the grouping keys.
RATE_COLUMNS: Final = (
    "expected",
    "reported",
    "on_time",
    "approved",
    "reported_pct",
    "on_time_pct",
    "approved_pct",
)


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """First and last day of a calendar quarter (1–4)."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"quarter must be 1–4, got {quarter!r}")
    first = dt.date(int(year), 3 * quarter - 2, 1)
    nxt = dt.date(int(year) + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return first, nxt - dt.timedelta(days=1)


def expected_cells(requests: pd.DataFrame, indicators: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """Every (request, unit, indicator) a request expects a value for.

    Parameters
    ----------
    requests
        ``id``, ``title``, ``year``, ``quarter``, ``deadline`` (date), ``indicators`` and ``oblasts``
        (sequences of codes and oblast KATOs).
    indicators
        ``code``, ``level`` (``district`` or ``oblast``) of the registry.
    units
        ``kato``, ``level``, ``parent_kato`` of oblasts and districts.

    Returns
    -------
    DataFrame
        Columns :data:`CELL_COLUMNS`: an oblast-level indicator expects the oblast itself, a
        district-level one each district of the oblast. Unknown indicators expect nothing.
    """
    level = dict(zip(indicators["code"], indicators["level"], strict=True))
    districts = units[units["level"] == "district"].groupby("parent_kato")["kato"].apply(list).to_dict()
    rows = []
    for r in requests.itertuples(index=False):
        for code in r.indicators:
            for oblast in r.oblasts:
                if level.get(code) == "oblast":
                    katos: Sequence[str] = [oblast]
                elif level.get(code) == "district":
                    katos = districts.get(oblast, [])
                else:
                    katos = []
                rows += [(r.id, r.title, r.year, r.quarter, r.deadline, oblast, k, code) for k in katos]
    return pd.DataFrame(rows, columns=list(CELL_COLUMNS))


def cell_status(cells: pd.DataFrame, observations: pd.DataFrame, *, today: dt.date) -> pd.DataFrame:
    """The status of every expected cell from the values stored.

    Parameters
    ----------
    cells
        From :func:`expected_cells`.
    observations
        The newest version of each ``(kato, indicator, period)``: ``kato``, ``indicator``,
        ``period_end`` (date), ``status`` (``published``/``pending``/``rejected``), ``entered_at``
        (timestamp), ``reviewed`` (bool: the ministry approved it).
    today
        Reference day for ``overdue``.

    Returns
    -------
    DataFrame
        ``cells`` plus ``status`` (:data:`STATUSES`), ``period_end``, ``entered_at`` (of the value
        counted; NaT when missing), ``on_time`` (bool), ``overdue`` (missing after the deadline).
        Several values dated within the quarter: the latest-dated non-rejected one counts.
    """
    out = cells.copy()
    out["status"], out["period_end"], out["entered_at"] = MISSING, pd.NaT, pd.NaT
    if not out.empty and not observations.empty:
        obs = observations[observations["status"] != "rejected"].copy()
        obs["period_end"] = pd.to_datetime(obs["period_end"])
        obs = obs.sort_values("period_end")
        merged = out.reset_index().merge(obs, on=["kato", "indicator"], how="inner", suffixes=("", "_obs"))
        first = pd.to_datetime(
            [quarter_bounds(y, q)[0] for y, q in zip(merged["year"], merged["quarter"], strict=True)]
        )
        last = pd.to_datetime([quarter_bounds(y, q)[1] for y, q in zip(merged["year"], merged["quarter"], strict=True)])
        inside = merged[(merged["period_end_obs"] >= first) & (merged["period_end_obs"] <= last)]
        latest = inside.sort_values("period_end_obs", kind="stable").groupby("index").tail(1).set_index("index")
        status = [
            PENDING if s == "pending" else APPROVED if bool(rv) else ENTERED
            for s, rv in zip(latest["status_obs"], latest["reviewed"], strict=True)
        ]
        out.loc[latest.index, "status"] = status
        out.loc[latest.index, "period_end"] = latest["period_end_obs"]
        out.loc[latest.index, "entered_at"] = pd.to_datetime(latest["entered_at_obs"])
    out["period_end"] = pd.to_datetime(out["period_end"])
    out["entered_at"] = pd.to_datetime(out["entered_at"])
    deadline = pd.to_datetime(out["deadline"])
    reported = out["status"] != MISSING
    out["on_time"] = reported & (out["entered_at"].dt.normalize() <= deadline)
    out["overdue"] = ~reported & (deadline < pd.Timestamp(today))
    return out


def reporting_rates(cells: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """Expected, reported, on-time and approved counts and shares (%) grouped by ``by``.

    ``reported_pct`` = 100 · reported / expected, likewise on time and approved; a group with no
    expected cell has no rate (NaN), never 0 %.
    """
    keys = list(by)
    if cells.empty:
        return pd.DataFrame(columns=[*keys, *RATE_COLUMNS])
    frame = cells.assign(
        _reported=cells["status"] != MISSING,
        _approved=cells["status"].isin([ENTERED, APPROVED]),
        _on_time=cells["on_time"].astype(bool),
    )
    out = frame.groupby(keys, as_index=False, dropna=False).agg(
        expected=("status", "size"),
        reported=("_reported", "sum"),
        on_time=("_on_time", "sum"),
        approved=("_approved", "sum"),
    )
    for name in ("reported", "on_time", "approved"):
        out[f"{name}_pct"] = (100.0 * out[name] / out["expected"].where(out["expected"] > 0)).round(1)
    return out[[*keys, *RATE_COLUMNS]]


def district_completeness(cells: pd.DataFrame) -> pd.DataFrame:
    """Per unit: share (%) of requested values reported and approved, and when a value was last entered.

    Returns ``kato``, ``expected``, ``reported_pct``, ``approved_pct``, ``last_reported`` (the latest
    ``entered_at`` of a counted value; NaT when nothing was reported).
    """
    if cells.empty:
        return pd.DataFrame(columns=["kato", "expected", "reported_pct", "approved_pct", "last_reported"])
    rates = reporting_rates(cells, ["kato"])
    last = cells.groupby("kato")["entered_at"].max().rename("last_reported")
    out = rates.merge(last, left_on="kato", right_index=True, how="left")
    return out[["kato", "expected", "reported_pct", "approved_pct", "last_reported"]]
