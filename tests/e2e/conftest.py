"""Real-browser fixtures: a Streamlit server on a free local port and Debian's Chromium via Playwright."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import bench.appserver

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


class AppServer(bench.appserver.AppServer):
    """The app on loopback for a browser test; its output goes to ``test-artifacts/server-<port>.log``."""

    def __init__(self, db: Path, *, port: int | None = None, extra_env: dict[str, str] | None = None) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        port = port or bench.appserver.free_port()
        super().__init__(db, port=port, log=ARTIFACTS / f"server-{port}.log", extra_env=extra_env)


@pytest.fixture(scope="session")
def server_db(built_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the session database for servers: DuckDB refuses a second process on a file that this
    test process already holds (the export and scoring fixtures keep a connection to ``built_db``)."""
    copy = tmp_path_factory.mktemp("server_db") / "qonys.duckdb"
    copy.write_bytes(built_db.read_bytes())
    return copy


@pytest.fixture(scope="session")
def app_server(server_db: Path) -> Iterator[AppServer]:
    ARTIFACTS.mkdir(exist_ok=True)
    server = AppServer(server_db)
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


def click_district(page: object, frame: object) -> None:
    """Click the middle of a large district that no control covers."""
    paths = frame.locator("path.leaflet-interactive")
    boxes = sorted(
        ((b["width"] * b["height"], i, b) for i in range(0, paths.count(), 7) if (b := paths.nth(i).bounding_box())),
        reverse=True,
    )
    for _area, i, box in boxes[:12]:
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        js = (
            "(p) => { var r = window.frameElement.getBoundingClientRect();"
            f" return document.elementFromPoint({x} - r.left, {y} - r.top) === p; }}"
        )
        if paths.nth(i).evaluate(js):
            page.mouse.click(x, y)
            return
    raise AssertionError("no uncovered district to click")


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
