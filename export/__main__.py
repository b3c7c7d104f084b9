"""Command line: ``python -m export --out DIR [--db PATH] [--locale CODE ...] [--draws N]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import i18n
from data.store import Store, StoreError
from export.site import export_site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m export", description="Write the static public site.")
    parser.add_argument("--out", type=Path, required=True, help="output folder (replaced atomically)")
    parser.add_argument("--db", type=Path, default=None, help="database (default: $QONYS_DB or data/qonys.duckdb)")
    parser.add_argument(
        "--locale", action="append", choices=list(i18n.LOCALES), help="locale to export (repeatable; default: all five)"
    )
    parser.add_argument("--draws", type=int, default=1000, help="Monte-Carlo draws of the rank bands")
    args = parser.parse_args(argv)
    try:
        store = Store(args.db, read_only=True)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    summary = export_site(store, args.out, locales=tuple(args.locale or i18n.LOCALES), draws=args.draws)
    print(
        f"wrote {summary.out}: {len(summary.locales)} locales, {summary.districts} districts, "
        f"{summary.files} files, {summary.total_bytes / 1e6:.1f} MB in {summary.seconds:.1f} s"
    )
    print(f"open {summary.out.resolve() / 'index.html'} in a browser (no server needed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
