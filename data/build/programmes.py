"""Programme tables: business support programmes, priority sectors, and how to apply for kandas status."""

from __future__ import annotations

from pathlib import Path

from data.build.table import Loaded, from_csv
from data.build.units import oblast_kato
from data.raw import POLICY, read_csv, to_number

BUSINESS_COLUMNS = [
    "code", "name_ru", "name_kk", "name_en", "operator", "instrument", "max_amount", "amount_unit", "rate_pct", "term_months",
    "eligibility", "kandas_eligible", "regions", "valid_period", "source_id", "note",
    "valid_period_kk", "valid_period_ru", "valid_period_en",
]  # fmt: skip

#: kk/ru/en wording added in Qonys (policy/SOURCES_programmes.md, "Translations"); the source's text stays.
LABEL_COLUMNS = [f"{field}_{lang}" for field in ("sector", "period") for lang in ("kk", "ru", "en")]


def load_business_programmes(raw: Path) -> Loaded:
    """Business support programmes open to kandas (P-ids of policy/SOURCES_programmes.md)."""
    rel = f"{POLICY}/business_programmes.csv"
    bp = read_csv(raw, rel, required=("code", "name_ru", "source_id", "kandas_eligible"))
    return from_csv(bp, [c for c in BUSINESS_COLUMNS if c in bp.columns], rel)


def load_priority_sectors(raw: Path) -> Loaded:
    """Priority sectors and professions by oblast (``00`` = national)."""
    rel = f"{POLICY}/priority_sectors.csv"
    ps = read_csv(raw, rel, required=("oblast_kato2", "sector_or_profession", "kind", "source_id"))
    ps["oblast_kato"] = ps["oblast_kato2"].map(lambda k: None if k == "00" else oblast_kato(k))
    cols = ["oblast_kato", "sector_or_profession", "kind", "value", "period", "source_id", "note", *LABEL_COLUMNS]
    return from_csv(ps, [c for c in cols if c in ps.columns], rel)


def load_how_to_apply(raw: Path) -> Loaded:
    """Steps of applying for kandas status (A-ids of policy/SOURCES_apply.md); our own summaries, ru and en."""
    rel = f"{POLICY}/how_to_apply.csv"
    f = read_csv(raw, rel, required=("step", "topic", "text_en", "text_ru", "source_id"))
    f["step"] = to_number(f, "step", rel, integer=True)
    return from_csv(f, ["step", "topic", "text_en", "text_ru", "source_id"], rel)
