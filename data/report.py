"""Print every district's score, zone, rank and rank band: ``python -m data.report``.

Usage: ``python -m data.report [--profile FILE] [--level district] [--format csv|json] [--draws N]``.
Reads through the store and scores with the published profile (or ``--profile`` JSON).
``python -m data.report --summary`` prints instead the before/after figures of the evidence rules
(:func:`scoring.evidence_report.evidence_summary`, docs/EVIDENCE.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from data import _validate as _v
from data.scored import DEFAULT_DRAWS, score_districts
from data.store import Store, StoreError
from scoring import ScoringConfigError, load_profile
from scoring.evidence_report import evidence_summary

COLUMNS = [
    "kato",
    "name_kk",
    "name_ru",
    "name_en",
    "score",
    "zone",
    "rank",
    "rank_p5",
    "rank_p95",
    "zone_share",
    "zone_uncertain",
    "coverage",
    "rank_in_oblast",
    "evidence_district",
    "evidence_inherited",
    "evidence_policy",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data.report", description=__doc__.splitlines()[0])
    parser.add_argument("--profile", type=Path, help="weight profile JSON (default: the published one)")
    parser.add_argument("--level", choices=["district"], default="district")
    parser.add_argument("--format", choices=["csv", "json"], default="csv")
    parser.add_argument("--draws", type=int, default=DEFAULT_DRAWS, help="Monte-Carlo draws for the rank bands")
    parser.add_argument("--summary", action="store_true", help="before/after figures of the evidence rules")
    args = parser.parse_args(argv)
    if args.summary:
        return _summary(args.format)
    try:
        profile = load_profile(args.profile.read_text(encoding="utf-8")) if args.profile else None
        scored = score_districts(Store(read_only=True), profile, draws=args.draws)
    except (StoreError, ScoringConfigError, OSError) as exc:
        print(f"report failed: {exc}", file=sys.stderr)
        return 1
    table = scored.table[COLUMNS].rename(columns={"zone_share": "zone_stability"})
    if args.format == "json":
        print(table.to_json(orient="records", force_ascii=False, indent=1))
    else:
        # opened in a spreadsheet: a text that would start a formula gets a leading '
        table.map(_v.defuse_formula).to_csv(sys.stdout, index=False, float_format="%.3f")
    print(f"# profile: {scored.profile.name} v{scored.profile.version} ({scored.profile_status})", file=sys.stderr)
    return 0


def _summary(fmt: str) -> int:
    """Print the evidence-rule ladder (one row per step), then the districts whose zone moved."""
    try:
        store = Store(read_only=True)
        summary, changes = evidence_summary(store.units("district"), store.observations("district"))
    except (StoreError, ScoringConfigError, OSError) as exc:
        print(f"report failed: {exc}", file=sys.stderr)
        return 1
    if fmt == "json":
        payload = {"steps": summary.to_dict(orient="records"), "changes": changes.to_dict(orient="records")}
        print(json.dumps(payload, ensure_ascii=False, indent=1, default=str))
    else:
        summary.to_csv(sys.stdout, index=False, float_format="%.3f")
        print()
        changes.to_csv(sys.stdout, index=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
