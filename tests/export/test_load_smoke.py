"""A tiny run of bench/load.py (3 sessions) so the load test cannot rot; the real levels run in `make load`."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bench.load import ACTIONS, Server, run_level, warm_up

pytestmark = pytest.mark.e2e


def test_load_script_drives_three_sessions_without_errors(built_db: Path, tmp_path: Path) -> None:
    server = Server(built_db, log=tmp_path / "server.log")
    try:
        asyncio.run(warm_up(server, 60))
        report = asyncio.run(run_level(server, 3, seed=1, ramp_s=0.5, think_s=0.1, timeout_s=60, level_limit_s=120))
    finally:
        server.stop()
    assert not report.errors, report.errors
    assert report.runs == 3 * len(ACTIONS)
    assert report.p95_s > 0 and report.rss_peak_mb > report.rss_idle_mb * 0.5
