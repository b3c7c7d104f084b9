"""Reported outcomes (where kandas settled, adaptation centres) as frames: from the database or the raw CSVs.

The build loads ``data/raw/outcomes/`` into the tables ``kandas_settlement`` and
``adaptation_centre_reported``. Until a database has them, :func:`settlement` and
:func:`centres` read the vendored CSVs directly (same files, same columns), so the monitoring
page and ``python -m data.monitor`` work on either. Each row gets the oblast's KATO (matched on the
Russian name), a numeric ``value`` where the text is a number, a ``source_id`` naming the file and
line (from the database: the registry id the build gives the file, R01/R02), and ``source_url``
(the first URL of the ``source`` text, i.e. the report itself).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

import pandas as pd

from data.store import Store

OUTCOMES_DIR: Final = Path(__file__).resolve().parent / "raw" / "outcomes"
SETTLEMENT_CSV: Final = "kandas_settlement_reported.csv"
CENTRES_CSV: Final = "adaptation_centres_reported.csv"
#: Table names the build gives the two files.
SETTLEMENT_TABLE: Final = "kandas_settlement"
CENTRES_TABLE: Final = "adaptation_centre_reported"
RAW_COLUMNS: Final = ("kato_or_name", "oblast", "indicator", "period", "value", "unit", "source")
#: The build's column names (data/schema.sql) → the CSV's; its ``source_id`` is the registry id (R01, R02).
DB_COLUMNS: Final = {"place": "kato_or_name", "source_ref": "source"}

_URL_RE: Final = re.compile(r"https?://[^\s;,)]+")


def _normalise_name(name: object) -> str:
    """'г. Астана' ~ 'город Астана'; 'область Абай (ранее ВКО)' ~ 'область Абай (Абайская область)'."""
    text = re.sub(r"\(.*?\)", "", str(name or "")).strip().lower()
    text = re.sub(r"^г\.\s*", "город ", text)
    return re.sub(r"\s+", " ", text)


def oblast_katos(names: pd.Series, oblasts: pd.DataFrame) -> pd.Series:
    """KATO of each oblast name (Russian, as the reports write it), None when it names no oblast."""
    lookup = {_normalise_name(n): str(k) for k, n in zip(oblasts["kato"], oblasts["name_ru"], strict=True)}
    return names.map(lambda n: lookup.get(_normalise_name(n)))


def district_katos(frame: pd.DataFrame, districts: pd.DataFrame) -> pd.Series:
    """KATO of the district a row names (``kato_or_name`` within its ``oblast_kato``), else None."""
    lookup = {
        (str(p), _normalise_name(n)): str(k)
        for k, p, n in zip(districts["kato"], districts["parent_kato"], districts["name_ru"], strict=True)
    }
    return pd.Series(
        [
            lookup.get((str(o), _normalise_name(n)))
            for o, n in zip(frame["oblast_kato"], frame["kato_or_name"], strict=True)
        ],
        index=frame.index,
        dtype=object,
    )


def prepare(
    raw: pd.DataFrame, oblasts: pd.DataFrame, *, file: str, districts: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Add ``oblast_kato``, ``district_kato``, ``value_num``, ``source_id`` (``outcomes:<file>#<line>``)
    and ``source_url``."""
    out = raw.copy()
    out["oblast_kato"] = oblast_katos(out["oblast"], oblasts)
    if districts is None or districts.empty:
        out["district_kato"] = None
    else:
        out["district_kato"] = district_katos(out, districts)
    out["value_num"] = pd.to_numeric(out["value"], errors="coerce")
    if "source_id" not in out:
        # Line numbers of the CSV file (header = line 1), so the id points at the exact row.
        out["source_id"] = [f"outcomes:{file}#{n + 2}" for n in range(len(out))]
    if "source_url" not in out:
        out["source_url"] = out["source"].map(lambda s: (_URL_RE.findall(str(s)) or [""])[0])
    return out


def _read(store: Store | None, table: str, file: str, directory: Path) -> pd.DataFrame:
    oblasts = store.units("oblast") if store is not None else pd.DataFrame(columns=["kato", "name_ru"])
    districts = store.units("district") if store is not None else None
    raw = None
    if store is not None and _has_table(store, table):
        candidate = store.query(f"SELECT * FROM {table}").rename(columns=DB_COLUMNS)  # noqa: S608 (constant)
        if set(RAW_COLUMNS) <= set(candidate.columns):
            raw = candidate
    if raw is None:
        # Fallback while the database predates the outcome tables (build branch); same files, same columns.
        raw = pd.read_csv(directory / file, dtype=str, keep_default_na=False).replace({"": None})
    return prepare(raw, oblasts, file=file, districts=districts)


def _has_table(store: Store, name: str) -> bool:
    found = store.query("SELECT count(*) AS n FROM information_schema.tables WHERE table_name = ?", [name])
    return bool(found.iloc[0, 0])


def settlement(store: Store | None, *, directory: Path = OUTCOMES_DIR) -> pd.DataFrame:
    """Where kandas settled, as reported (table ``kandas_settlement`` or ``kandas_settlement_reported.csv``)."""
    return _read(store, SETTLEMENT_TABLE, SETTLEMENT_CSV, directory)


def centres(store: Store | None, *, directory: Path = OUTCOMES_DIR) -> pd.DataFrame:
    """Adaptation centres reported in the press (table ``adaptation_centre_reported`` or the CSV)."""
    return _read(store, CENTRES_TABLE, CENTRES_CSV, directory)


def reads_from_database(store: Store) -> bool:
    """Whether the outcome tables are in the database (else the CSVs are read)."""
    return _has_table(store, SETTLEMENT_TABLE)
