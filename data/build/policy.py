"""The policy tables: support measures, MCI, kandas quotas and designated resettlement regions.

Every rule below that reads a policy fact cites where it comes from (source ids of stats/SOURCES.md).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from data.build.observations import observation
from data.build.table import Loaded, from_csv
from data.build.units import oblast_kato
from data.errors import ValidationError
from data.raw import STATS, read_csv, to_number

POLICY_CSV = f"{STATS}/resettlement_policy.csv"
#: A regional quota reported by an oblast office, not set by the national order: S16b (Kazinform 07.11.2025,
#: baq.kz 16.12.2025) quotes 103 places for Atyrau 2025 where the MinTrud order of Dec 2024 (S10e) has 100.
#: Kept beside the order's figure, never preferred over it.
OBLAST_REPORTS = frozenset({"S16b"})
#: The designated-region list stated for 2025–2026 by MinTrud communiqués (S11: Kazinform 18.11.2025, zakon.kz
#: 28.01.2026); stats/oblasts.csv marks its oblasts in ``kandas_resettlement_region_2025_2026``.
CURRENT_LIST_YEAR = 2026
#: The yearly lists of labour-deficit regions for kandas begin with the 2024 list (S11b); earlier rows are the
#: 2016 baseline of Government decrees No. 82 and 83 (S11c), kept in the table but not scored.
FIRST_LIST_YEAR = 2024
#: The act's kk/ru/en wording, added in Qonys (stats/SOURCES.md, "Translations"); ``legal_act`` stays as written.
LEGAL_ACT_LANGUAGES = ("legal_act_kk", "legal_act_ru", "legal_act_en")
_MEASURE_COLUMNS = ("measure_code", "measure_basis", "measure_eligibility", "measure_label_en")


def read_policy(raw: Path) -> pd.DataFrame:
    """``stats/resettlement_policy.csv`` with ``legal_act`` "same" resolved to the act of the row above."""
    p = read_csv(
        raw,
        POLICY_CSV,
        required=("section", "year", "kato2", "category", "item", "value", "source_ids", *_MEASURE_COLUMNS),
    )
    for column in ("legal_act", *LEGAL_ACT_LANGUAGES):
        acts, previous = [], None
        for act in p[column] if column in p.columns else [None] * len(p):
            previous = previous if act == "same" else act
            acts.append(previous)
        p[f"{column}_resolved"] = acts
    return p


def load_quotas(p: pd.DataFrame) -> Loaded:
    """Kandas and settler quotas: national totals and regional splits, the order's figure ``preferred``.

    A total is superseded when an amendment of the same year and category follows it (the 2024 order of
    27 Dec 2023, S10c, amended from 24 Aug 2024, S10a); a figure reported by an oblast office
    (:data:`OBLAST_REPORTS`) stays beside the order's.
    """
    part = p[p["section"].isin(["quota_total", "quota_region"])].reset_index(drop=True)
    persons = pd.to_numeric(part["value"], errors="coerce")
    if persons.isna().any():
        i = int(persons.isna().idxmax())
        raise ValidationError(
            "not a number: {value}",
            file=POLICY_CSV,
            row=int(part.at[i, "_line"]),
            column="value",
            value=part.at[i, "value"],
        )
    amended = part["category"].str.contains("(amended)", regex=False)
    category = part["category"].str.replace(" (amended)", "", regex=False)
    year = part["year"].astype(int)
    amendments = set(zip(year[amended], category[amended], strict=True))
    is_total = part["section"] == "quota_total"
    superseded = is_total & ~amended & pd.Series([(y, c) in amendments for y, c in zip(year, category, strict=True)])
    table = pd.DataFrame(
        {
            "year": year,
            "oblast_kato": part["kato2"].map(lambda k: oblast_kato(k) if isinstance(k, str) else None),
            "category": category,
            "persons": persons.astype(int),
            "act": part["legal_act"],
            **{f"act_{lang}": part[f"legal_act_{lang}"] for lang in ("kk", "ru", "en")},
            "effective_from": part["effective_from"],
            "source_id": part["source_ids"],
            "preferred": ~superseded & ~part["source_ids"].isin(OBLAST_REPORTS),
            "note": part["note"],
        }
    )
    return Loaded(table, part["_line"], POLICY_CSV)


def load_designated_regions(p: pd.DataFrame, oblasts: pd.DataFrame) -> Loaded:
    """Designated resettlement regions by year and category; the current list from ``stats/oblasts.csv``."""
    part = p[p["section"] == "designated_region"].reset_index(drop=True)
    table = pd.DataFrame(
        {
            "year": part["year"].astype(int),
            "oblast_kato": part["kato2"].map(oblast_kato),
            "category": part["category"].map(lambda c: "kandas" if "kandas" in c else "settlers"),
            "legal_act": part["legal_act"],
            **{c: part[c] for c in LEGAL_ACT_LANGUAGES},
            "source_id": part["source_ids"],
            "note": part["note"],
        }
    )
    listed = oblasts[oblasts["kandas_resettlement_region_2025_2026"] == "yes"]
    current = pd.DataFrame(
        {
            "year": CURRENT_LIST_YEAR,
            "oblast_kato": listed["kato9"],
            "category": "kandas",
            "legal_act": "Government list (see note)",
            # translations added in Qonys, as for the file's rows of the same wording
            "legal_act_kk": "Үкімет бекіткен тізім (ескертпені қараңыз)",
            "legal_act_ru": "перечень Правительства (см. примечание)",
            "legal_act_en": "Government list (see note)",
            "source_id": "S11",
            "note": "the 2025 list, stated by MinTrud communiqués for 2025–2026 (oblasts.csv)",
        }
    )
    lines = pd.concat([part["_line"], listed["_line"]], ignore_index=True)
    return Loaded(pd.concat([table, current], ignore_index=True), lines, POLICY_CSV)


def _year_bounds(text: str | float) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    if not isinstance(text, str):
        return None, None
    years = [int(y) for y in re.findall(r"\d{4}", text)]
    if not years:
        return None, None
    if "–" in text or "-" in text:
        return pd.Timestamp(years[0], 1, 1), pd.Timestamp(years[-1], 12, 31)
    return pd.Timestamp(years[0], 1, 1), None


def _amounts(value: str) -> tuple[float | None, float | None, bool]:
    """``"70"`` → (70, None), ``"15–30"`` → (15, 30), ``"up to 2,500"`` → (None, 2500); text → not plain."""
    numbers = [float(x.replace(",", "")) for x in re.findall(r"\d[\d,]*\.?\d*", value)]
    plain = re.fullmatch(r"(up to )?[\d,]+([–-][\d,]+)?", value.strip()) is not None
    lo = numbers[0] if plain and numbers and not value.startswith("up to") else None
    hi = numbers[-1] if plain and numbers and (len(numbers) > 1 or value.startswith("up to")) else None
    return lo, hi, plain


def load_support_measures(p: pd.DataFrame) -> Loaded:
    """Support measures: the rows of the policy file with a ``measure_code`` (codes, labels and basis are
    columns of the file; rows without one, e.g. the Atyrau disbursement example, are reports, not measures)."""
    part = p[p["section"].isin(["support_measure", "program"]) & p["measure_code"].notna()].reset_index(drop=True)
    rows = []
    for r in part.itertuples(index=False):
        lo, hi, plain = _amounts(r.value)
        # a programme row's year is the year of its quoted amounts, not a validity period
        start, end = _year_bounds(r.year) if r.section == "support_measure" else (None, None)
        if isinstance(r.effective_from, str) and re.match(r"\d{4}-\d{2}-\d{2}", r.effective_from):
            start = pd.Timestamp(r.effective_from)
        if start is None and isinstance(r.measure_attested_from, str):
            # No legal start date in the sources: the measure applies from the first year a source shows it
            # paid (the row's note, e.g. "2023: 70 MCI = 241,500 KZT"), never to earlier years.
            start = pd.Timestamp(int(r.measure_attested_from), 1, 1)
        rows.append(
            {
                "code": r.measure_code,
                "label_kk": r.measure_label_kk,
                "label_ru": r.measure_label_ru,
                "label_en": r.measure_label_en,
                "amount_mci": lo,
                "amount_mci_max": hi,
                "amount_text": None if plain else r.value,
                "basis": r.measure_basis,
                "months": int(r.measure_months) if isinstance(r.measure_months, str) else None,
                "eligibility": r.measure_eligibility,
                "valid_from": start,
                "valid_to": end,
                "legal_basis": r.legal_act_resolved,
                "legal_basis_kk": r.legal_act_kk_resolved,
                "legal_basis_ru": r.legal_act_ru_resolved,
                "legal_basis_en": r.legal_act_en_resolved,
                "source_id": r.source_ids,
                "note": r.note,
            }
        )
    return Loaded(pd.DataFrame(rows), part["_line"], POLICY_CSV)


def load_mci(raw: Path) -> Loaded:
    """The monthly calculation index by year (S13); a year without a sourced value is absent, not guessed."""
    rel = f"{STATS}/mci.csv"
    mci = read_csv(raw, rel, required=("year", "mci_kzt", "source_ids"))
    mci["kzt"] = to_number(mci, "mci_kzt", rel, integer=True)
    mci = mci[mci["kzt"].notna()].rename(columns={"source_ids": "source_id"})
    mci["year"] = mci["year"].astype(int)
    return from_csv(mci, ["year", "kzt", "source_id", "note"], rel)


def designated_region_observations(designated: pd.DataFrame, oblast_katos: list[str]) -> list[dict]:
    """``designated_region`` (1 listed, 0 not) of every oblast for each yearly kandas list from 2024 on."""
    kandas = designated[(designated["category"] == "kandas") & (designated["year"] >= FIRST_LIST_YEAR)]
    rows = []
    for year, listed in kandas.groupby("year"):
        src = ";".join(sorted(set(listed["source_id"])))
        members = set(listed["oblast_kato"])
        rows += [observation(k, "designated_region", float(k in members), str(year), src) for k in oblast_katos]
    return rows
