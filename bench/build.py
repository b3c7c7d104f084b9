"""Time the data build (raw files → validated DuckDB) against reading the raw files alone, in the same run.

Run ``python -m bench.build`` from the repository root. The build (:func:`data.build.build`) reads every
vendored file, repairs and coverage-simplifies the boundaries, derives indicators, validates and writes the
database atomically. The baseline reads the same files and nothing more: every CSV with pandas and every
GeoJSON with geopandas (pyogrio). Three runs each; the median is reported. The build goes to a temporary
folder, never over ``data/qonys.duckdb``.
"""

from __future__ import annotations

import platform
import statistics
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import pandas as pd

from data.build import build
from data.raw import RAW_DIR

RUNS = 3


def read_raw_files(raw: Path = RAW_DIR) -> int:
    """Read every CSV and GeoJSON under ``raw``; return the number of rows read."""
    rows = 0
    for path in sorted(raw.rglob("*.csv")):
        rows += len(pd.read_csv(path, dtype=str, keep_default_na=False))
    for path in sorted(raw.rglob("*.geojson")):
        rows += len(gpd.read_file(path))
    return rows


def timed(fn, runs: int = RUNS) -> tuple[float, float]:
    """Median and minimum wall time of ``fn()`` over ``runs`` runs, in seconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), min(times)


def main() -> None:
    print(f"# Data build — {time.strftime('%Y-%m-%d')}, {platform.machine()}, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "qonys.duckdb"
        rows = read_raw_files()
        base_med, base_min = timed(read_raw_files)
        build_med, build_min = timed(lambda: build(RAW_DIR, out))
        size_mb = out.stat().st_size / 1e6
    print("| step | median | min | note |")
    print("|---|---|---|---|")
    print(f"| baseline: read the raw files only | {base_med:.2f} s | {base_min:.2f} s | {rows:,} rows/features |")
    print(
        f"| data build (validated, atomic) | {build_med:.2f} s | {build_min:.2f} s | "
        f"{size_mb:.1f} MB database; {build_med / base_med:.1f}× the baseline |"
    )


if __name__ == "__main__":
    main()
