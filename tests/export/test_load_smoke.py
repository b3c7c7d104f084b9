"""A tiny run of bench/load.py (3 sessions) so the load test cannot rot; the real levels run in `make load`.

Run as a command in its own process: the browser fixtures keep an event loop running in this one.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]


def test_load_script_drives_three_sessions_without_errors(built_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "qonys.duckdb"
    db.write_bytes(built_db.read_bytes())  # the session database may be held open by this process
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.load",
            "--sessions",
            "3",
            "--db",
            str(db),
            "--ramp",
            "0.5",
            "--think",
            "0.1",
            "--timeout",
            "60",
            "--level-limit",
            "120",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "N=  3: 18 runs" in done.stdout, done.stdout + done.stderr
    assert "errors 0," in done.stdout, done.stdout
