"""Print the state support a family gets: ``python -m data.support --members 5 --oblast KZ-PAV --year 2026``.

Amounts come from the database (support measures in MCI, the year's MCI, designated regions);
nothing is computed from constants here. Exit 1 with a clear message on bad input.
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from data.store import Store, StoreError
from scoring.support import Family, estimate_support


def oblast_by_iso(store: Store, iso: str) -> dict | None:
    oblasts = store.units("oblast")
    hit = oblasts[oblasts["iso_code"].str.upper() == iso.upper()]
    return hit.iloc[0].to_dict() if len(hit) else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data.support", description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, required=True, help="everyone who moves, applicant included")
    parser.add_argument("--children", type=int, default=0)
    parser.add_argument("--pensioners", type=int, default=0)
    parser.add_argument("--specialists", type=int, default=0, help="members moving to a village as specialists")
    parser.add_argument("--status", choices=["kandas", "settler"], default="kandas")
    parser.add_argument("--not-in-quota", action="store_true", help="the family is not in the year's quota")
    parser.add_argument("--oblast", required=True, help="ISO 3166-2 code, e.g. KZ-PAV")
    parser.add_argument("--year", type=int, required=True)
    args = parser.parse_args(argv)
    try:
        family = Family(
            members=args.members,
            children=args.children,
            pensioners=args.pensioners,
            status=args.status,
            in_quota=not args.not_in_quota,
            rural_specialists=args.specialists,
        )
        store = Store(read_only=True)
    except (ValueError, StoreError) as exc:
        print(f"support: {exc}", file=sys.stderr)
        return 1
    oblast = oblast_by_iso(store, args.oblast)
    if oblast is None:
        known = ", ".join(store.units("oblast")["iso_code"].dropna())
        print(f"support: unknown oblast {args.oblast!r}; known: {known}", file=sys.stderr)
        return 1
    est = estimate_support(
        family,
        oblast_kato=oblast["kato"],
        year=args.year,
        measures=store.support_measures(),
        mci=store.mci(),
        designated=store.designated_regions(),
    )
    print(
        f"{oblast['name_en']} ({args.oblast}), {args.year}; MCI = {est.mci_kzt or 'unknown'} KZT; "
        f"designated region: {'unknown' if est.designated is None else 'yes' if est.designated else 'no'}"
    )
    cols = [
        "code",
        "status",
        "amount_min_kzt",
        "amount_max_kzt",
        "months",
        "in_total",
        "reason",
        "legal_basis",
        "source_id",
    ]
    with pd.option_context("display.max_colwidth", 60, "display.width", 200):
        print(est.measures[[c for c in cols if c in est.measures]].to_string(index=False))
    if est.total_min_kzt is None:
        print("total: unknown")
    elif est.total_min_kzt == est.total_max_kzt:
        print(f"total: {est.total_min_kzt:,.0f} KZT")
    else:
        print(f"total: {est.total_min_kzt:,.0f} – {est.total_max_kzt:,.0f} KZT")
    for note in est.notes:
        print(f"note: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
