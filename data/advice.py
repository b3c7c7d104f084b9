"""The advisor's advice for one family, from the command line: ``python -m data.advice --profile FAMILY.json``.

Usage: ``python -m data.advice --profile FAMILY.json [--locale kk_Arab] [--format json|pdf|html] [--out PATH]``.
A thin adapter like :mod:`data.report`: reads through the store, builds the same advice as the
Advisor page and prints (or writes) it. FAMILY.json holds ``year, adults, children, pensioners,
work (list of sectors), education, origin (ISO 3166 alpha-2), settlement ("village"|"town"|"any"),
climate ("north"|"south"|"any"), kin_oblast (an oblast's KATO or ISO 3166-2 code, optional),
in_quota (true|false|null)``. Nothing is stored. Exit 1 with a message naming the field on bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from advisor.model import Advice, build_advice, load_inputs
from advisor.sheet_html import sheet_html
from advisor.sheet_model import build_sheet
from advisor.sheet_pdf import sheet_pdf
from data.store import Store, StoreError
from scoring.advice import ORIGIN_COUNTRIES, SHEET_LOCALES, AdviceInputError, WishCheck, validate_applicant
from scoring.support import SupportEstimate

#: FAMILY.json's words for the settlement wish → the advisor's.
SETTLEMENT_WORDS = {"village": "rural", "town": "urban", "any": "any"}
FAMILY_KEYS = (
    "year",
    "adults",
    "children",
    "pensioners",
    "work",
    "education",
    "origin",
    "settlement",
    "climate",
    "kin_oblast",
    "in_quota",
)


class FamilyFileError(ValueError):
    """FAMILY.json cannot be read; the message names the field."""


def family_from_json(raw: dict, oblasts: pd.DataFrame, *, locale: str) -> tuple[dict[str, object], int]:
    """FAMILY.json's fields → the Advisor form's raw values and the year (raises :class:`FamilyFileError`)."""
    if not isinstance(raw, dict):
        raise FamilyFileError("FAMILY.json must hold one object")
    unknown = sorted(set(raw) - set(FAMILY_KEYS))
    if unknown:
        raise FamilyFileError(f"unknown field(s) {', '.join(unknown)}; known: {', '.join(FAMILY_KEYS)}")
    year = raw.get("year")
    if not isinstance(year, int) or isinstance(year, bool):
        raise FamilyFileError("year: a whole number such as 2026 is required")
    settlement = raw.get("settlement", "any")
    if settlement not in SETTLEMENT_WORDS:
        raise FamilyFileError(f"settlement: {settlement!r} is not one of {', '.join(SETTLEMENT_WORDS)}")
    work = raw.get("work") or []
    if not isinstance(work, list):
        raise FamilyFileError('work: a list of sectors is required, e.g. ["agriculture", "education"]')
    origin = str(raw.get("origin") or "other").upper()
    kin = raw.get("kin_oblast")
    kin_kato = None
    if kin not in (None, ""):
        text = str(kin).strip()
        hit = oblasts[
            (oblasts["kato"].astype(str) == text) | (oblasts["iso_code"].fillna("").str.upper() == text.upper())
        ]
        if hit.empty:
            raise FamilyFileError(f"kin_oblast: {text!r} is neither an oblast KATO nor an ISO 3166-2 code")
        kin_kato = str(hit.iloc[0]["kato"])
    form = {
        "adults": raw.get("adults", 0),
        "children": raw.get("children", 0),
        "pensioners": raw.get("pensioners", 0),
        "adult_sectors": work,
        "education": raw.get("education") or "unknown",
        "origin": origin if origin in ORIGIN_COUNTRIES else "other",
        "settlement": SETTLEMENT_WORDS[settlement],
        "climate": raw.get("climate") or "any",
        "kin_oblast": kin_kato,
        "in_quota": raw.get("in_quota"),
        "sheet_locale": locale,
    }
    return form, year


def _num(value: object) -> float | None:
    if value is None or pd.isna(value):
        return None
    return float(value)


def support_json(estimate: SupportEstimate) -> dict[str, object]:
    """A support estimate as plain JSON: the guaranteed part, the ceiling and each measure with its conditions."""
    measures = []
    for m in estimate.measures.itertuples(index=False):
        measures.append(
            {
                "code": m.code,
                "status": m.status,
                "guaranteed": bool(m.guaranteed),
                "conditions": list(m.conditions),
                "amount_min_kzt": _num(m.amount_min_kzt),
                "amount_max_kzt": _num(m.amount_max_kzt),
                "months": _num(m.months),
                "reason": m.reason,
                "legal_basis": m.legal_basis,
                "valid_from": None if m.valid_from is None or pd.isna(m.valid_from) else str(m.valid_from.date()),
                "source_id": m.source_id,
            }
        )
    return {
        "designated_region": estimate.designated,
        "guaranteed_kzt": estimate.guaranteed_kzt,
        "up_to_kzt": estimate.up_to_kzt,
        "mci_kzt": estimate.mci_kzt,
        "measures": measures,
        "notes": list(estimate.notes),
    }


def _wishes(checks: tuple[WishCheck, ...], status: str) -> list[dict[str, object]]:
    return [{"wish": c.wish, "points": c.points} for c in checks if c.status == status]


def advice_json(advice: Advice) -> dict[str, object]:
    """The advice as the command prints it with ``--format json``."""
    districts = []
    for d in advice.districts:
        districts.append(
            {
                "kato": d.kato,
                "name_en": d.names.get("name_en"),
                "oblast_kato": d.oblast_kato,
                "zone": d.zone,
                "score": d.score,
                "personal_score": d.personal_score,
                "pinned": d.pinned,
                "wishes_met": _wishes(d.reasons.wishes, "met"),
                "wishes_not_met": _wishes(d.reasons.wishes, "not_met"),
                "wishes_unknown": _wishes(d.reasons.wishes, "unknown"),
                "reasons_for": [r.params.get("indicator", r.key) for r in d.reasons.for_],
                "reason_against": None if d.reasons.against is None else d.reasons.against.params.get("indicator"),
                "support": {case: support_json(est) for case, est in d.support_cases.items()},
            }
        )
    return {
        "year": advice.year,
        "locale": advice.applicant.sheet_locale,
        "family": advice.applicant.to_dict(),
        "data_version": advice.data_version,
        "districts": districts,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data.advice", description=__doc__.splitlines()[0])
    parser.add_argument("--profile", type=Path, required=True, help="FAMILY.json")
    parser.add_argument("--locale", choices=SHEET_LOCALES, default="kk")
    parser.add_argument("--format", choices=["json", "pdf", "html"], default="json")
    parser.add_argument("--out", type=Path, help="write here instead of standard output (required for pdf)")
    args = parser.parse_args(argv)
    if args.format == "pdf" and args.out is None:
        print("advice: --format pdf needs --out PATH", file=sys.stderr)
        return 1
    try:
        raw = json.loads(args.profile.read_text(encoding="utf-8"))
        store = Store(read_only=True)
        inputs = load_inputs(store)
        form, year = family_from_json(raw, inputs.oblasts, locale=args.locale)
        applicant = validate_applicant(form, oblast_katos=set(inputs.oblasts["kato"].astype(str)))
        if year not in inputs.years:
            known = ", ".join(str(y) for y in inputs.years)
            raise FamilyFileError(f"year: {year} has no MCI in the data; known years: {known}")
        advice = build_advice(inputs, applicant, year=year)
    except (OSError, json.JSONDecodeError, FamilyFileError, AdviceInputError, StoreError) as exc:
        print(f"advice: {exc}", file=sys.stderr)
        return 1
    if args.format == "json":
        text = json.dumps(advice_json(advice), ensure_ascii=False, indent=1)
        payload: bytes = text.encode("utf-8")
    else:
        sheet = build_sheet(advice, inputs)
        payload = sheet_pdf(sheet) if args.format == "pdf" else sheet_html(sheet).encode("utf-8")
    if args.out:
        args.out.write_bytes(payload)
    else:
        sys.stdout.buffer.write(payload)
    return 0


if __name__ == "__main__":
    sys.exit(main())
