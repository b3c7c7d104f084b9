"""Map page vs a naive st_folium page, in one run: first payload, navigation → districts painted, click → card.

``python -m bench.map [--runs 3]``. Starts our app (``app.py``, /map) and ``bench/naive_map_app.py``, each in
its own streamlit process on the same database, and drives Debian's Chromium. Payload = bytes of every
websocket frame the browser received until the districts were painted (the map component's args dominate).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.appserver import AppServer
from data.store import default_db_path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
IFRAME = 'iframe[title="streamlit_folium.st_folium"]'


def measure(browser, url: str, card_selector: str) -> dict[str, float]:
    """One cold visit: websocket bytes until painted, paint time, click → card time."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    received = [0]
    page.on(
        "websocket",
        lambda ws: ws.on(
            "framereceived",
            lambda payload: received.__setitem__(
                0, received[0] + len(payload if isinstance(payload, bytes) else payload.encode())
            ),
        ),
    )
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(IFRAME, state="attached", timeout=120_000)
    frame = page.frame_locator(IFRAME).first
    frame.locator("path.leaflet-interactive").nth(223).wait_for(state="attached", timeout=120_000)
    paint = time.perf_counter() - start
    payload = received[0]
    page.locator(IFRAME).first.scroll_into_view_if_needed()
    paths = frame.locator("path.leaflet-interactive")
    box = max((paths.nth(i).bounding_box() for i in range(0, 224, 9)), key=lambda b: b["width"] * b["height"])
    start = time.perf_counter()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.locator(card_selector).first.wait_for(timeout=60_000)
    click = time.perf_counter() - start
    page.close()
    return {"payload_kb": payload / 1024, "paint_s": paint, "click_s": click}


def component_args_kb(script: Path, page: str | None) -> float:
    """Total size of the map component's args on the first run (AppTest, no browser)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(script), default_timeout=120)
    if page:
        at.query_params["lang"] = "kk"
        at.switch_page(page)
    at.run()
    return sum(len(el.proto.json_args) for el in at.get("component_instance")) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    # Each server gets its own copy of the database: DuckDB lets one read-write process hold a file.
    tmp = Path(tempfile.mkdtemp(prefix="qonys-bench-"))
    for name in ("ours", "naive"):
        shutil.copy(default_db_path(), tmp / f"{name}.duckdb")
    ours = AppServer(tmp / "ours.duckdb")
    # Streamlit serves ./static next to the main script: give the naive page the same Leaflet files.
    shutil.copy(ROOT / "bench" / "naive_map_app.py", tmp / "naive_map_app.py")
    (tmp / "static").symlink_to(ROOT / "static")
    naive = AppServer(tmp / "naive.duckdb", script=tmp / "naive_map_app.py")
    results: dict[str, list[dict[str, float]]] = {"ours": [], "naive": []}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            for _ in range(args.runs):
                results["ours"].append(measure(browser, f"{ours.url}/map?lang=kk", "[data-testid='stMetric']"))
                results["naive"].append(measure(browser, f"{naive.url}/", "[data-testid='stMetric']"))
            browser.close()
    finally:
        ours.stop()
        naive.stop()
    med = {k: {m: statistics.median(r[m] for r in v) for m in v[0]} for k, v in results.items()}
    os.environ["QONYS_DB"] = str(tmp / "ours.duckdb")
    med["ours"]["args_kb"] = component_args_kb(ROOT / "app.py", "pages/map.py")
    med["naive"]["args_kb"] = component_args_kb(ROOT / "bench" / "naive_map_app.py", None)
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d')}; Chromium {CHROMIUM}; median of {args.runs} cold visits each."
    )
    print("| measure | Qonys /map | naive st_folium (raw layer) | ratio | target | verdict |")
    print("|---|---|---|---|---|---|")
    for key, label, target in (
        ("args_kb", "map component args (KB)", 0.10),
        ("payload_kb", "all websocket bytes until painted (KB)", 0.10),
        ("paint_s", "navigation → 224 districts painted (s)", 0.5),
        ("click_s", "click → district card (s)", 0.5),
    ):
        ratio = med["ours"][key] / med["naive"][key]
        verdict = "ok" if ratio <= target else "missed"
        print(
            f"| {label} | {med['ours'][key]:.2f} | {med['naive'][key]:.2f} | {ratio:.2f} | ≤ {target:.2f} | {verdict} |"
        )


if __name__ == "__main__":
    main()
