"""What the public map shows of the data campaign: per district, the share of requested values the akimat
reported and the ministry approved, and when the akimat last reported (layers/completeness.py draws it).

Reads through the store and calls the pure :mod:`scoring.reporting`; no Streamlit.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

import i18n
from data.campaign import campaign_cells
from data.store import Store
from scoring import reporting

#: Columns of :func:`district_completeness`.
COLUMNS = (
    "kato",
    "name_kk",
    "name_ru",
    "name_en",
    "lat",
    "lon",
    "expected",
    "reported_pct",
    "approved_pct",
    "last_reported",
)


def district_completeness(store: Store, *, today: dt.date | None = None) -> pd.DataFrame:
    """Every district with its reporting completeness over the open data requests.

    Returns
    -------
    DataFrame
        Columns :data:`COLUMNS`: ``expected`` is the number of values requested (0 when none, and then
        the shares are NaN — not 0 %), ``reported_pct``/``approved_pct`` in %, ``last_reported`` the
        newest entry time of a counted value (NaT when none). An oblast-level request counts for the
        oblast, not its districts.
    """
    cells = campaign_cells(store, None, today=today)
    shares = reporting.district_completeness(cells)
    units = store.units("district")[["kato", "name_kk", "name_ru", "name_en", "lat", "lon"]]
    out = units.merge(shares, on="kato", how="left")
    out["expected"] = out["expected"].fillna(0).astype(int)
    out["last_reported"] = pd.to_datetime(out["last_reported"])
    return out[list(COLUMNS)].reset_index(drop=True)


def last_reported(store_or_frame: Store | pd.DataFrame, kato: str) -> dt.date | None:
    """The day the akimat last reported a requested value of a district, or None (for the district card:
    "last reported by the akimat: <date>").

    ``store_or_frame`` is a store or a frame from :func:`district_completeness` (pass the frame when
    asking for many districts, so the requests are read once).
    """
    frame = store_or_frame if isinstance(store_or_frame, pd.DataFrame) else district_completeness(store_or_frame)
    hit = frame.loc[frame["kato"] == kato, "last_reported"]
    if hit.empty or pd.isna(hit.iloc[0]):
        return None
    return pd.Timestamp(hit.iloc[0]).date()


def layer_frame(frame: pd.DataFrame, locale: str) -> pd.DataFrame:
    """The rows :func:`layers.completeness.build` takes: the district's name in ``locale`` and tooltip lines
    (the shares and "last reported by the akimat: <date>") in ``locale``. Empty while no open request
    expects anything (the map then has no such layer)."""
    _ = i18n.translator(locale, "data")
    rows = []
    if not (frame["expected"] > 0).any():
        return pd.DataFrame(columns=["name", "lat", "lon", "approved_pct", "tooltip"])
    for r in frame.to_dict("records"):
        if r["expected"]:
            lines = [
                _("Requested values reported: {share}").format(
                    share=i18n.format_percent(r["reported_pct"] / 100, locale)
                ),
                _("Reported and approved: {share}").format(share=i18n.format_percent(r["approved_pct"] / 100, locale)),
            ]
        else:
            lines = [_("No data was requested of this district.")]
        day = None if pd.isna(r["last_reported"]) else pd.Timestamp(r["last_reported"]).date()
        lines.append(
            _("Last reported by the akimat: {date}").format(
                date=i18n.format_date(day, locale) if day else i18n.format_missing(locale)
            )
        )
        rows.append(
            {
                "name": i18n.place_name(r, locale),
                "lat": r["lat"],
                "lon": r["lon"],
                "approved_pct": r["approved_pct"] if r["expected"] else None,
                "tooltip": lines,
            }
        )
    return pd.DataFrame(rows, columns=["name", "lat", "lon", "approved_pct", "tooltip"])
