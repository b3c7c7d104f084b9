"""``python -m data.build``: build the database; exit 1 naming the problem and the safe next step."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from data.build.pipeline import build
from data.errors import ValidationError
from data.raw import RAW_DIR
from data.store import StoreError

DESCRIPTION = "Build the Qonys database from the vendored files in data/raw/ (validated, atomic)."


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, build, print the summary (JSON); 0 on success, 1 on any refused build."""
    parser = argparse.ArgumentParser(prog="python -m data.build", description=DESCRIPTION)
    parser.add_argument(
        "--out", type=Path, default=None, help="database file (default: $QONYS_DB or data/qonys.duckdb)"
    )
    parser.add_argument("--raw", type=Path, default=RAW_DIR, help="folder of vendored sources (default: data/raw)")
    staff = parser.add_mutually_exclusive_group()
    staff.add_argument(
        "--keep-staff-data",
        dest="keep_staff_data",
        action="store_true",
        default=True,
        help="copy users, audit, akimat values, weight profiles, settings and consultations of the existing "
        "database into the new one (the default)",
    )
    staff.add_argument(
        "--discard-staff-data",
        dest="keep_staff_data",
        action="store_false",
        help="replace the existing database without its staff data (prints what is dropped)",
    )
    args = parser.parse_args(argv)
    try:
        summary = build(args.raw, args.out, keep_staff_data=args.keep_staff_data)
    except ValidationError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        print(
            "The existing database was left untouched. Correct the named file in data/raw/ and run the build again.",
            file=sys.stderr,
        )
        return 1
    except StoreError as exc:
        print(f"build refused: {exc}", file=sys.stderr)
        print("The existing database was left untouched.", file=sys.stderr)
        return 1
    dropped = summary["staff_data"]["dropped"]
    if dropped:
        print("Staff data dropped (--discard-staff-data):", file=sys.stderr)
        for what, rows in dropped.items():
            print(f"  {what}: {rows} rows", file=sys.stderr)
    print(json.dumps(summary, indent=1, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
