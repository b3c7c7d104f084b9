"""Print every district's score, zone, rank and rank band: ``python -m data.report``.

Usage: ``python -m data.report [--profile FILE] [--level district] [--format csv|json] [--draws N]``.
Reads through the store and scores with the published profile (or ``--profile`` JSON).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from data import _validate as _v
from data.scored import DEFAULT_DRAWS, score_districts
from data.store import Store, StoreError
from scoring import ScoringConfigError, load_profile

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
    "coverage",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data.report", description=__doc__.splitlines()[0])
    parser.add_argument("--profile", type=Path, help="weight profile JSON (default: the published one)")
    parser.add_argument("--level", choices=["district"], default="district")
    parser.add_argument("--format", choices=["csv", "json"], default="csv")
    parser.add_argument("--draws", type=int, default=DEFAULT_DRAWS, help="Monte-Carlo draws for the rank bands")
    args = parser.parse_args(argv)
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


if __name__ == "__main__":
    sys.exit(main())
