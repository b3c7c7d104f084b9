"""Real-browser fixtures: a Streamlit server on a free local port and Debian's Chromium via Playwright."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    """A ``streamlit run app.py`` process on loopback, stopped (and waited for) at the end."""

    def __init__(self, db: Path, extra_env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "QONYS_DB": str(db), **(extra_env or {})}
        self.log = open(ARTIFACTS / f"server-{self.port}.log", "w")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(ROOT / "app.py"),
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"streamlit did not start; see {self.log.name}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()


@pytest.fixture(scope="session")
def app_server(built_db: Path) -> Iterator[AppServer]:
    ARTIFACTS.mkdir(exist_ok=True)
    server = AppServer(built_db)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is not installed: run `make chromium` (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="kk-KZ")
    pg = context.new_page()
    yield pg
    context.close()


def wait_for_map(page: object, *, min_paths: int = 200, timeout_ms: int = 60_000) -> object:
    """Wait until the st_folium iframe has drawn at least ``min_paths`` interactive paths; return the frame."""
    page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]', state="attached", timeout=timeout_ms)
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]').first
    frame.locator("path.leaflet-interactive").nth(min_paths - 1).wait_for(state="attached", timeout=timeout_ms)
    return frame


def record_hosts(page: object) -> set[str]:
    """Collect the host of every request the page makes, failed ones (favicons, fonts) included."""
    from urllib.parse import urlparse

    hosts: set[str] = set()

    def add(request: object) -> None:
        if request.url.startswith("http"):
            hosts.add(urlparse(request.url).netloc)

    page.on("request", add)
    page.on("requestfailed", add)
    return hosts


def shot(page: object, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """On a failed browser test, keep a screenshot of its page in test-artifacts/ (failed-<test>.png)."""
    outcome = yield
    report = outcome.get_result()
    page = item.funcargs.get("page") if hasattr(item, "funcargs") else None
    if report.when == "call" and report.failed and page is not None:
        try:
            shot(page, f"failed-{item.name}")
        except Exception:  # a screenshot must never hide the real failure
            pass
