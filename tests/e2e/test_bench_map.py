"""`python -m bench.map --only static-phone`: the static export on a throttled phone, through nginx, so it cannot rot.

Runs the script once (export of the session database, a private nginx with the public server's snippet, one
warm-up and one measured visit in Chromium); checks that it measured, not how fast (that depends on the machine).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from deploy.serve import find_nginx

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]


def test_static_phone_measure_runs_alone(server_db: Path) -> None:
    if find_nginx() is None:
        pytest.skip("nginx is not installed: run `make nginx` (apt-get install nginx)")
    done = subprocess.run(
        [sys.executable, "-m", "bench.map", "--only", "static-phone", "--runs", "1"],
        cwd=ROOT,
        env={**os.environ, "QONYS_DB": str(server_db)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    line = re.search(
        r"navigation → 224 districts painted ([0-9.]+) s .* goal ≤ 2\.0 s: (ok|missed); .* ([0-9]+) KB received",
        done.stdout,
    )
    assert line, done.stdout
    # gzip on: the page, Leaflet and its CSS are ~460 KB as plain text, ~140 KB compressed
    assert 0 < float(line.group(1)) < 60 and 50 < int(line.group(3)) < 300
