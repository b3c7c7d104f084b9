"""The accessible table twin of the zone map: sortable, filterable, downloadable as CSV, XLSX and GeoJSON."""

# i18n-domain: map
from __future__ import annotations

import io
import json
from collections.abc import Callable

import pandas as pd
import streamlit as st

import i18n
from data.scored import ScoredMap
from i18n.vocabulary import PILLAR_LABELS, ZONE_LABELS, zone_label
from scoring.registry import PILLARS
from ui import cache
from ui.safe import spreadsheet_frame

Translate = Callable[[str], str]


#: Columns of the downloads that the on-screen table leaves out (codes and statistics for specialists).
DOWNLOAD_ONLY = ("KATO", "Rank p5", "Rank p95")


def ranking_frame(scored: ScoredMap, oblasts: pd.DataFrame, locale: str, _: Translate) -> pd.DataFrame:
    """One row per district with translated headers: rank, names, zone, score, band, stability, evidence, pillars.

    The on-screen table drops :func:`download_only_columns`; the CSV/XLSX/GeoJSON keep every column.
    """
    names = {str(k): i18n.place_name(r, locale) for k, r in oblasts.set_index("kato").to_dict("index").items()}
    t = scored.table
    frame = pd.DataFrame(
        {
            _("Rank"): t["rank"].astype("Int64"),
            "KATO": t["kato"].astype(str),
            _("District"): [
                i18n.place_name(r, locale) for r in t[["name_kk", "name_ru", "name_en"]].to_dict("records")
            ],
            _("Oblast"): [names.get(str(k), "") for k in t["parent_kato"]],
            _("Zone"): [zone_label(z, _) for z in t["zone"]],
            _("Score"): t["score"].round(1),
            _("Rank p5"): t["rank_p5"].round(0).astype("Int64"),
            _("Rank p95"): t["rank_p95"].round(0).astype("Int64"),
            _("Rank in the oblast"): t["rank_in_oblast"].astype("Int64"),
            _("Zone stability"): (100 * t["zone_share"]).round(0),
            _("Zone uncertain"): [_("yes") if bool(u) else _("no") for u in t["zone_uncertain"]],
            _("Share of the zone from district data (%)"): (100 * t["evidence_district"]).round(0),
            _("Coverage"): (100 * t["coverage"]).round(0),
        }
    )
    for p in PILLARS:
        if f"pillar_{p}" in t.columns:
            frame[_(PILLAR_LABELS[p])] = t[f"pillar_{p}"].round(1)
    return frame


def download_only_columns(_: Translate) -> list[str]:
    """Headers of :data:`DOWNLOAD_ONLY` as :func:`ranking_frame` names them."""
    return [c if c == "KATO" else _(c) for c in DOWNLOAD_ONLY]


def to_csv(frame: pd.DataFrame) -> bytes:
    """The table as CSV (UTF-8 with BOM); a name that would start a formula is defused."""
    return spreadsheet_frame(frame).to_csv(index=False).encode("utf-8-sig")


def to_xlsx(frame: pd.DataFrame, sheet: str) -> bytes:
    """The table as XLSX; openpyxl writes text starting with ``=`` as a live formula, so such text is defused."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        spreadsheet_frame(frame).to_excel(writer, index=False, sheet_name=sheet[:31])
    return buffer.getvalue()


def to_geojson(frame: pd.DataFrame, geojson_text: str) -> bytes:
    """The district boundaries with the table's columns (translated headers) as properties."""
    rows = {r["KATO"]: r for r in json.loads(frame.to_json(orient="records", force_ascii=False))}
    collection = json.loads(geojson_text)
    collection["features"] = [
        {**f, "properties": rows[f["properties"]["kato"]]}
        for f in collection["features"]
        if f["properties"]["kato"] in rows
    ]
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def files(frame: pd.DataFrame, sheet: str, geojson_text: str) -> tuple[bytes, bytes, bytes]:
    """CSV, XLSX and GeoJSON of the table (made once per table, data version and sheet by :func:`ui.cache.downloads`)."""
    return to_csv(frame), to_xlsx(frame, sheet), to_geojson(frame, geojson_text)


def render(ctx, version: str, scored: ScoredMap) -> None:
    """Filters, the sortable table and three download buttons (Streamlit)."""
    _, locale = ctx._, ctx.locale
    frame = ranking_frame(scored, cache.units(version, "oblast"), locale, _)
    c1, c2, c3 = st.columns(3)
    zones = c1.multiselect(
        _("Zones"), [zone_label(z, _) for z in ZONE_LABELS], key="table_zones", placeholder=_("All zones")
    )
    oblast = c2.selectbox(
        _("Oblast"),
        [""] + sorted(frame[_("Oblast")].unique()),
        key="table_oblast",
        format_func=lambda o: o or _("All oblasts"),
    )
    text = c3.text_input(_("Filter by name"), key="table_filter")
    if zones:
        frame = frame[frame[_("Zone")].isin(zones)]
    if oblast:
        frame = frame[frame[_("Oblast")] == oblast]
    if text:
        frame = frame[frame[_("District")].str.contains(text, case=False, regex=False)]
    st.dataframe(frame.drop(columns=download_only_columns(_)), hide_index=True, width="stretch")
    st.caption(
        _(
            "Zone stability, coverage and the share from district data in percent. The downloads also hold "
            "the district codes and the rank band."
        )
    )
    csv, xlsx, geojson = cache.downloads(frame, version, _("Ranking"), files)
    d1, d2, d3 = st.columns(3)
    d1.download_button(_("Download CSV"), csv, "qonys-ranking.csv", "text/csv", key="dl_csv")
    d2.download_button(
        _("Download XLSX"),
        xlsx,
        "qonys-ranking.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="dl_xlsx",
    )
    d3.download_button(
        _("Download GeoJSON"), geojson, "qonys-ranking.geojson", "application/geo+json", key="dl_geojson"
    )
