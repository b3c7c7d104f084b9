"""Time the static export of the public site and report its size (``python -m bench.export``)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import i18n
from data.store import Store
from export.site import export_site


def main(argv: list[str] | None = None) -> int:
    store = Store(read_only=True)
    with tempfile.TemporaryDirectory() as tmp:
        summary = export_site(store, Path(tmp) / "site")
        page = (summary.out / "kk" / "index.html").stat().st_size
        cards = sorted(p.stat().st_size for p in (summary.out / "kk" / "d").glob("*.html"))
    print("| static export | value |")
    print("|---|---|")
    print(f"| locales × districts | {len(i18n.LOCALES)} × {summary.districts} |")
    print(f"| time (score + 1,000-draw bands + write) | {summary.seconds:.1f} s |")
    print(f"| files, total size | {summary.files}, {summary.total_bytes / 1e6:.1f} MB |")
    print(f"| one locale's map page (geometry embedded) | {page / 1e3:.0f} KB |")
    print(f"| district card page, median / max | {cards[len(cards) // 2] / 1e3:.0f} KB / {cards[-1] / 1e3:.0f} KB |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
