"""Faults seen from a real browser: a missing or corrupt database, and a server restart mid-session."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import AppServer, shot, wait_for_map

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("fault", ["missing", "corrupt"])
def test_broken_database_shows_how_to_rebuild(browser: object, tmp_path: Path, fault: str) -> None:
    db = tmp_path / "qonys.duckdb"
    if fault == "corrupt":
        db.write_bytes(b"this is not a DuckDB file \x00\xff" * 4096)
    server = AppServer(db)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{server.url}/map?lang=en")
        alert = page.locator('[data-testid="stAlert"]').first
        alert.wait_for(timeout=60_000)
        body = page.locator("body").inner_text()
        assert "python -m data.build" in body
        assert "Traceback" not in body and 'data-testid="stException"' not in page.content()
        shot(page, f"fault-db-{fault}")
    finally:
        context.close()
        server.stop()


def _wait_gone(pid: int, timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    raise AssertionError(f"server {pid} still running after {timeout_s} s")


def test_page_recovers_after_a_server_restart(browser: object, writable_db: Path) -> None:
    first = AppServer(writable_db)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    second = None
    try:
        page = context.new_page()
        page.goto(f"{first.url}/map?lang=ru")
        wait_for_map(page)
        shot(page, "fault-restart-1-before")
        pid = first.proc.pid
        first.stop()
        _wait_gone(pid)
        # The browser notices the lost connection (Streamlit shows its "connecting" state).
        time.sleep(2)
        shot(page, "fault-restart-2-server-down")
        second = AppServer(writable_db, port=first.port)  # the same port again
        # Without a reload: the client reconnects by itself, gets a new session and runs the page again.
        page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]', state="attached", timeout=90_000)
        frame = wait_for_map(page, timeout_ms=90_000)
        assert frame.locator("path.leaflet-interactive").count() >= 200
        assert "lang=ru" in page.url
        shot(page, "fault-restart-3-recovered")
    finally:
        context.close()
        if second is not None:
            second.stop()
        first.stop()
