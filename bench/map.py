"""Map page vs a naive st_folium page, in one run: first payload, navigation → districts painted, click → card.

``python -m bench.map [--runs 5] [--only static-phone]``. Starts our app (``app.py``, /map),
``bench/naive_map_app.py`` and ``bench/floor_map_app.py`` (an empty st_folium map: what any such page pays), each in
its own streamlit process on a copy of the database, and drives Debian's Chromium: one unrecorded visit per server
(it fills the server's caches and imports), then ``--runs`` visits each, interleaved, each in a fresh browser
context (cold HTTP cache). Payload = bytes of every websocket frame the browser received until the districts were
painted (the map component's args dominate). Times are taken in the browser (:data:`MARKS_JS`). A fourth measure
switches to the map from a page without one inside the loaded app (Streamlit's start-up excluded); a fifth paints
the static export's map page (``python -m export``), the public route without a server-side script, served as in
production: by a private nginx with the public server's gzip and cache headers (``deploy.serve.StaticSite``,
``deploy/nginx/qonys-export.conf``).

A sixth paints that page on a throttled phone (:data:`PHONE`, :data:`NETWORK`, :data:`CPU_SLOWDOWN`: 390×844 at
3×, touch, 1.6 Mbps down / 750 kbps up, 150 ms RTT, 4× CPU slowdown, set through a CDP session before
navigation), with the compressed bytes the browser received until painted; goal ≤ :data:`PHONE_GOAL_S`.
``--only static-phone`` runs that measure alone (no Streamlit servers, a minute instead of several).
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
from data.store import Store, default_db_path
from deploy.serve import StaticSite
from export.site import ExportSummary, export_site

ROOT = Path(__file__).resolve().parents[1]
#: Issue 18's goals: navigation → painted within 1.15× an empty st_folium map's, click → card within 0.35 of
#: the naive page's.
PAINT_TO_FLOOR_GOAL = 1.15
CLICK_GOAL = 0.35
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
#: The phone: a 390×844 CSS-pixel screen at device scale factor 3, touch, mobile (Chrome on Android).
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
    "user_agent": (
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/120.0.0.0 Mobile Safari/537.36"
    ),
}
#: Its network (CDP ``Network.emulateNetworkConditions``: throughputs in bytes/s, latency in ms).
NETWORK = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1_600_000 / 8,
    "uploadThroughput": 750_000 / 8,
}
#: Its CPU (CDP ``Emulation.setCPUThrottlingRate``): 4× slower than this machine.
CPU_SLOWDOWN = 4
#: Goal (issue 18): navigation → 224 districts painted on that phone, seconds.
PHONE_GOAL_S = 2.0


#: Runs in the page before its own scripts and records, in milliseconds since navigation start:
#: ``__leaflet`` (first animation frame with Leaflet's zoom control in the map), ``__painted`` (first frame with all
#: 224 district paths), ``__pointerdown`` (last pointer-down in the map), ``__card`` (first frame with a card
#: metric) and ``__navclick`` (last pointer-down in the page itself, e.g. on a link). Checked once per frame from the
#: page (the map component rewrites its iframe's document, which drops listeners set up in it early). Playwright's
#: own waits poll with a backoff of up to 500 ms, which would blur sub-second figures; these marks are exact to one
#: frame.
MARKS_JS = """
if (window === window.top) {
  // The Streamlit pages draw the map in st_folium's iframe; the static export draws it in the page itself.
  const frameDoc = () =>
    document.querySelector('iframe[title="streamlit_folium.st_folium"]')?.contentDocument ?? document;
  const mark = (name, test, then) => {
    const check = () => {
      if (!test()) return requestAnimationFrame(check);
      window[name] = performance.now();
      if (then) then();
    };
    requestAnimationFrame(check);
  };
  mark("__leaflet", () => frameDoc()?.querySelector(".leaflet-control-zoom") != null);
  mark(
    "__painted",
    () => (frameDoc()?.querySelectorAll("path.leaflet-interactive").length ?? 0) >= 224,
    () => frameDoc().addEventListener("pointerdown", () => { window.__pointerdown = performance.now(); }, true),
  );
  mark("__card", () => document.querySelector("[data-testid='stMetric']") !== null);
  addEventListener("pointerdown", () => { window.__navclick = performance.now(); }, true);
}
"""


#: For the static export: ``__borders``, the first frame with the oblast borders (non-interactive paths), which the
#: page adds in the task after its first frame with the districts.
BORDERS_JS = """
if (window === window.top) {
  const check = () => {
    if (document.querySelector(".leaflet-overlay-pane path:not(.leaflet-interactive)") === null) {
      return requestAnimationFrame(check);
    }
    window.__borders = performance.now();
  };
  requestAnimationFrame(check);
}
"""


def measure(browser, url: str) -> dict[str, float]:
    """One cold visit (fresh browser context): websocket bytes until painted, paint time, click → card time."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.add_init_script(MARKS_JS)
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
    page.goto(url)
    page.wait_for_function("typeof window.__painted === 'number'", timeout=120_000)
    paint_ms = page.evaluate("window.__painted")
    payload = received[0]
    page.locator(IFRAME).first.scroll_into_view_if_needed()
    paths = page.frame_locator(IFRAME).first.locator("path.leaflet-interactive")
    box = max((paths.nth(i).bounding_box() for i in range(0, 224, 9)), key=lambda b: b["width"] * b["height"])
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function("typeof window.__card === 'number'", timeout=60_000)
    click_ms = page.evaluate("window.__card - window.__pointerdown")
    page.close()
    return {
        "payload_kb": payload / 1024,
        "paint_s": paint_ms / 1000,
        "click_s": click_ms / 1000,
    }


def component_args_kb(script: Path, page: str | None) -> float:
    """Total size of the map component's args on the first run (AppTest, no browser)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(script), default_timeout=120)
    if page:
        at.query_params["lang"] = "kk"
        at.switch_page(page)
    at.run()
    return sum(len(el.proto.json_args) for el in at.get("component_instance")) / 1024


def mark_s(browser, url: str, mark: str) -> float:
    """One cold visit: navigation → the frame of ``MARKS_JS``'s ``mark`` (``__leaflet``, ``__painted``), in seconds."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.add_init_script(MARKS_JS)
    page.goto(url)
    page.wait_for_function(f"typeof window.{mark} === 'number'", timeout=120_000)
    seconds = page.evaluate(f"window.{mark}") / 1000
    page.close()
    return seconds


def phone_paint(browser, url: str) -> dict[str, float]:
    """One cold visit on the throttled phone: navigation → painted (s), and what came over the network by then.

    Returns ``paint_s``, ``leaflet_s`` (zoom control in the map), ``borders_s`` (the oblast borders drawn too),
    ``html_s`` (the page's last byte), ``kb``
    (compressed bytes received until painted, CDP ``encodedDataLength``; headers included) and ``html_kb`` (of
    those, the page itself).
    """
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.add_init_script(MARKS_JS)
    page.add_init_script(BORDERS_JS)
    cdp = context.new_cdp_session(page)
    urls: dict[str, str] = {}
    received: dict[str, int] = {}
    cdp.on("Network.responseReceived", lambda e: urls.__setitem__(e["requestId"], e["response"]["url"]))
    cdp.on("Network.loadingFinished", lambda e: received.__setitem__(e["requestId"], e["encodedDataLength"]))
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", NETWORK)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    page.goto(url, wait_until="commit")
    page.wait_for_function("typeof window.__painted === 'number'", timeout=120_000, polling=100)
    kb = sum(received.values()) / 1024
    page.wait_for_function("typeof window.__borders === 'number'", timeout=60_000, polling=100)
    marks = page.evaluate(
        "[window.__painted, window.__leaflet, performance.getEntriesByType('navigation')[0].responseEnd,"
        " window.__borders]"
    )
    html_bytes = sum(n for rid, n in received.items() if urls.get(rid) == url)
    context.close()
    return {
        "paint_s": marks[0] / 1000,
        "leaflet_s": marks[1] / 1000,
        "html_s": marks[2] / 1000,
        "borders_s": marks[3] / 1000,
        "kb": kb,
        "html_kb": html_bytes / 1024,
    }


def print_phone(runs: list[dict[str, float]]) -> None:
    """The phone measure's line, with the goal's verdict."""
    med = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    verdict = "ok" if med["paint_s"] <= PHONE_GOAL_S else "missed"
    each = ", ".join(f"{r['paint_s']:.2f}" for r in runs)
    print(
        f"Static export on a throttled phone (390×844 @3×, 1.6 Mbps down / 750 kbps up, 150 ms RTT, "
        f"{CPU_SLOWDOWN}× CPU; nginx as in production): navigation → 224 districts painted {med['paint_s']:.2f} s "
        f"(runs {each}), goal ≤ {PHONE_GOAL_S:.1f} s: {verdict}; "
        f"page's last byte {med['html_s']:.2f} s, Leaflet's map {med['leaflet_s']:.2f} s, oblast borders too "
        f"{med['borders_s']:.2f} s; "
        f"{med['kb']:.0f} KB received until painted ({med['html_kb']:.0f} KB the page)."
    )


def export_for_bench(tmp: Path) -> ExportSummary:
    """The public static export (python -m export) of a copy of the database, locale kk, into ``tmp / "site"``."""
    # nginx started as root serves the site as `nobody`: it must pass through tmp (mkdtemp makes it 0700), but
    # need not list it nor read the database copy beside the site.
    tmp.chmod(0o711)
    shutil.copy(default_db_path(), tmp / "site.duckdb")
    (tmp / "site.duckdb").chmod(0o600)
    return export_site(Store(tmp / "site.duckdb", read_only=True), tmp / "site", locales=("kk",), draws=200)


def machine_line(what: str) -> str:
    return (
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d %H:%M')}; Chromium {CHROMIUM}; {what}."
    )


def main_static_phone(runs: int) -> None:
    """``--only static-phone``: the phone measure alone (export, nginx, Chromium; no Streamlit)."""
    tmp = Path(tempfile.mkdtemp(prefix="qonys-bench-"))
    try:
        site = export_for_bench(tmp)
        with StaticSite(site.out) as static, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            url = f"{static.url}/kk/index.html"
            phone_paint(browser, url)  # warm-up, not recorded
            results = [phone_paint(browser, url) for _ in range(runs)]
            browser.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(machine_line(f"median of {runs} cold visits"))
    print_phone(results)


def switch_to_map_s(browser, start_url: str, link_text: str) -> float:
    """Open a page of the app without a map, click the sidebar link to the map: click → districts painted (s)."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.add_init_script(MARKS_JS)
    page.goto(start_url)
    link = page.locator("[data-testid='stSidebarNav'] a").filter(has_text=link_text).first
    link.wait_for(timeout=120_000)
    page.wait_for_timeout(1500)  # the start page settles (its script run and chunks)
    link.click()
    page.wait_for_function("typeof window.__painted === 'number'", timeout=120_000)
    seconds = page.evaluate("window.__painted - window.__navclick") / 1000
    page.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--only", choices=("static-phone",), help="run only this measure (static-phone: no Streamlit servers)"
    )
    args = parser.parse_args()
    if args.only == "static-phone":
        main_static_phone(args.runs)
        return
    # Each server gets its own copy of the database: DuckDB lets one read-write process hold a file.
    tmp = Path(tempfile.mkdtemp(prefix="qonys-bench-"))
    for name in ("ours", "naive", "floor"):
        shutil.copy(default_db_path(), tmp / f"{name}.duckdb")
    # Streamlit serves ./static next to the main script: give the bench pages the same Leaflet files.
    for script in ("naive_map_app.py", "floor_map_app.py"):
        shutil.copy(ROOT / "bench" / script, tmp / script)
    (tmp / "static").symlink_to(ROOT / "static")
    servers = {
        "ours": AppServer(tmp / "ours.duckdb"),
        "naive": AppServer(tmp / "naive.duckdb", script=tmp / "naive_map_app.py"),
        "floor": AppServer(tmp / "floor.duckdb", script=tmp / "floor_map_app.py"),
    }
    urls = {"ours": f"{servers['ours'].url}/map?lang=kk", "naive": f"{servers['naive'].url}/"}
    # The public static export (python -m export) of the same database, served by nginx as in production.
    static = StaticSite(export_for_bench(tmp).out).start()
    static_url = f"{static.url}/kk/index.html"
    switch = {  # a page without a map → the map, inside the loaded app
        "ours": (f"{servers['ours'].url}/table?lang=kk", "Карта"),
        "naive": (f"{servers['naive'].url}/home", "Map"),
    }
    results: dict[str, list[dict[str, float]]] = {"ours": [], "naive": []}
    floor: list[float] = []
    static_paint: list[float] = []
    phone: list[dict[str, float]] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            for url in urls.values():
                measure(browser, url)  # warm-up, not recorded
            mark_s(browser, servers["floor"].url, "__leaflet")
            phone_paint(browser, static_url)
            for _ in range(args.runs):
                for name, url in urls.items():
                    results[name].append({**measure(browser, url), "switch_s": switch_to_map_s(browser, *switch[name])})
                floor.append(mark_s(browser, servers["floor"].url, "__leaflet"))
                static_paint.append(mark_s(browser, static_url, "__painted"))
                phone.append(phone_paint(browser, static_url))
            browser.close()
    finally:
        for server in servers.values():
            server.stop()
        static.stop()
    med = {k: {m: statistics.median(r[m] for r in v) for m in v[0]} for k, v in results.items()}
    os.environ["QONYS_DB"] = str(tmp / "ours.duckdb")
    med["ours"]["args_kb"] = component_args_kb(ROOT / "app.py", "pages/map.py")
    med["naive"]["args_kb"] = component_args_kb(ROOT / "bench" / "naive_map_app.py", None)
    print(machine_line(f"median of {args.runs} cold visits each"))
    print("| measure | Qonys /map | naive st_folium (raw layer) | ratio | target | verdict |")
    print("|---|---|---|---|---|---|")
    for key, label, target in (
        ("args_kb", "map component args (KB)", 0.10),
        ("payload_kb", "all websocket bytes until painted (KB)", 0.10),
        ("paint_s", "navigation → 224 districts painted (s)", 0.5),
        ("switch_s", "in the loaded app: sidebar link → 224 districts painted (s)", 0.5),
        ("click_s", "click → district card (s)", CLICK_GOAL),
    ):
        ratio = med["ours"][key] / med["naive"][key]
        verdict = "ok" if ratio <= target else "missed"
        print(
            f"| {label} | {med['ours'][key]:.2f} | {med['naive'][key]:.2f} | {ratio:.2f} | ≤ {target:.2f} | {verdict} |"
        )
    floor_s = statistics.median(floor)
    print(
        f"\nFloor: navigation → an empty st_folium map ready (bench/floor_map_app.py): {floor_s:.2f} s, "
        f"{floor_s / med['naive']['paint_s']:.2f} of the naive page's paint (all of it before any map data)."
    )
    to_floor = med["ours"]["paint_s"] / floor_s
    print(
        f"Qonys /map navigation → painted is {to_floor:.2f}× the floor (goal ≤ {PAINT_TO_FLOOR_GOAL:.2f}×): "
        + ("ok" if to_floor <= PAINT_TO_FLOOR_GOAL else "missed")
    )
    static_s = statistics.median(static_paint)
    print(
        f"Static export (python -m export, nginx as in production): navigation → 224 districts painted "
        f"{static_s:.2f} s, {static_s / med['naive']['paint_s']:.2f} of the naive page's paint."
    )
    print_phone(phone)


if __name__ == "__main__":
    main()
