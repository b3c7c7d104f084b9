"""Reported and reference tables: adaptation centres, kandas statistics and settlement, housing price points.

These are facts as sources report them (news, ministry communiqués, a regional project site), kept
with their wording; none is scored directly except the adaptation centres' locations.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from data.build.table import Loaded, from_csv
from data.build.units import oblast_kato
from data.raw import STATS, read_csv, to_number

OUTCOMES = "outcomes"
#: The registry ids the vendored outcome files cite (data/raw/outcomes/SOURCES.md, "Source ids").
OUTCOME_FILES = {
    "kandas_settlement": (f"{OUTCOMES}/kandas_settlement_reported.csv", "R01"),
    "adaptation_centre_reported": (f"{OUTCOMES}/adaptation_centres_reported.csv", "R02"),
}
#: Languages of the wording added in Qonys beside a source's own text (``name_kk`` …, "Translations" in SOURCES).
LANGUAGES = ("kk", "ru", "en")
_REPORT_COLUMNS = ("kato_or_name", "oblast", "indicator", "period", "value", "unit", "source")


def load_adaptation_centres(raw: Path, centres: dict[str, tuple]) -> Loaded:
    """Adaptation and temporary-placement centres (S17), placed at their city's centre point.

    ``reported`` is the date of the newest dated report on the centre, missing when the report is undated.
    """
    rel = f"{STATS}/adaptation_centres.csv"
    c = read_csv(raw, rel, required=("kato2", "city", "name", "status", "beds", "source_ids", "reported"))
    table = pd.DataFrame(
        {
            "id": [f"AC{i + 1:02d}" for i in range(len(c))],
            "name": c["name"],
            "oblast_kato": c["kato2"].map(oblast_kato),
            "city": c["city"],
            "lat": [centres[k][0] if k in centres else np.nan for k in c["kato2"]],
            "lon": [centres[k][1] if k in centres else np.nan for k in c["kato2"]],
            "coord_basis": "point of the city (geokz oblast centres 2022); the centre's street address is not sourced",
            "capacity": to_number(c, "beds", rel, integer=True),
            "status": c["status"],
            **{f"{field}_{lang}": c[f"{field}_{lang}"] for field in ("name", "status") for lang in LANGUAGES},
            "contacts": None,
            "reported": c["reported"],
            "source_id": c["source_ids"],
            "note": c["note"],
        }
    )
    return Loaded(table, c["_line"], rel)


def load_kandas_stats(raw: Path) -> Loaded:
    """National and regional counts of kandas arrivals (S15, S16, S17e); several-share cells stay text."""
    rel = f"{STATS}/kandas_stats.csv"
    ks = read_csv(raw, rel, required=("scope", "indicator", "value", "source_ids"))
    ks["value_num"] = pd.to_numeric(ks["value"], errors="coerce")
    ks = ks.rename(columns={"source_ids": "source_id"})
    ks["oblast_kato"] = ks["kato2"].map(lambda k: oblast_kato(k) if isinstance(k, str) else None)
    cols = ["scope", "period_or_date", "oblast_kato", "indicator", "value", "value_num", "unit", "source_id", "note"]
    return from_csv(ks, cols, rel)


def load_housing_price_points(raw: Path) -> Loaded:
    """Scattered BNS housing price points by city (S20)."""
    rel = f"{STATS}/housing_price_points.csv"
    hp = read_csv(raw, rel, required=("city", "kato2", "month", "market", "price_kzt_per_m2", "source_ids"))
    hp["price_kzt_per_m2"] = to_number(hp, "price_kzt_per_m2", rel)
    hp["oblast_kato"] = hp["kato2"].map(oblast_kato)
    hp = hp.rename(columns={"source_ids": "source_id"})
    cols = ["city", "oblast_kato", "month", "market", "price_kzt_per_m2", "publisher_note", "source_id"]
    return from_csv(hp, cols, rel)


def load_reported_outcome(raw: Path, name: str) -> Loaded:
    """One of :data:`OUTCOME_FILES`, values as the reports give them (``value_num`` only for plain numbers)."""
    rel, source_id = OUTCOME_FILES[name]
    f = read_csv(raw, rel, required=_REPORT_COLUMNS)
    f["place"] = f["kato_or_name"]
    f["value_num"] = pd.to_numeric(f["value"], errors="coerce")
    f["source_ref"] = f["source"]
    f["source_id"] = source_id
    cols = ["place", "oblast", "indicator", "period", "value", "value_num", "unit", "source_ref", "source_id"]
    labels = [f"{field}_{lang}" for field in ("place", "period") for lang in LANGUAGES]
    return from_csv(f, cols + [c for c in labels if c in f.columns], rel)
