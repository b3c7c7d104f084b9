"""A/B of the map page between two git revisions, side by side in one run: cold paint and click → card.

``python -m bench.map_ab REV [--runs 7]`` starts the app of ``REV`` (a temporary git worktree with this
checkout's compiled catalogues, on a copy of the database) and the app of this checkout, plus the empty-map floor
page, and drives Debian's Chromium through ``bench.map.measure`` (a fresh browser context per visit, so a cold
HTTP cache): one unrecorded visit each, then ``--runs`` visits each, interleaved. Prints the medians, each
paint as a multiple of the floor measured in the same run, and every click time (the spread is wide on a shared
machine, so read the two columns against each other, not against another run).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.appserver import HOST, free_port, stop_group
from bench.map import ARGS, CHROMIUM, ROOT, mark_s, measure
from data.store import default_db_path


def serve(tree: Path, script: Path, db: Path) -> tuple[subprocess.Popen, str]:
    """``streamlit run script`` from ``tree`` on a free loopback port; returns the process and its URL."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(tree), "QONYS_DB": str(db)}
    command = [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port)]
    command += ["--server.address", HOST, "--server.headless", "true", "--server.fileWatcherType", "none"]
    proc = subprocess.Popen(
        command, cwd=tree, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True
    )
    url = f"http://{HOST}:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.3)
    stop_group(proc)
    raise RuntimeError(f"the app of {tree} did not start")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev", help="the git revision to compare this checkout with")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="qonys-map-ab-"))
    tree = tmp / "baseline"
    subprocess.run(["git", "worktree", "add", "--detach", "-q", str(tree), args.rev], cwd=ROOT, check=True)
    procs: list[subprocess.Popen] = []
    try:
        shutil.copytree(ROOT / "i18n" / "locales", tree / "i18n" / "locales", dirs_exist_ok=True)  # the .mo files
        shutil.copy(ROOT / "bench" / "floor_map_app.py", tmp / "floor_map_app.py")
        (tmp / "static").symlink_to(ROOT / "static")
        urls = {}
        for name, where, script in (
            (args.rev, tree, tree / "app.py"),
            ("this checkout", ROOT, ROOT / "app.py"),
            ("floor", ROOT, tmp / "floor_map_app.py"),
        ):
            db = tmp / f"{len(urls)}.duckdb"
            shutil.copy(default_db_path(), db)
            proc, url = serve(where, script, db)
            procs.append(proc)
            urls[name] = url if name == "floor" else f"{url}/map?lang=kk"
        floor_url = urls.pop("floor")
        results: dict[str, list[dict[str, float]]] = {name: [] for name in urls}
        floor: list[float] = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            for url in urls.values():
                measure(browser, url)  # warm-up, not recorded
            mark_s(browser, floor_url, "__leaflet")
            for _ in range(args.runs):
                for name, url in urls.items():
                    results[name].append(measure(browser, url))
                floor.append(mark_s(browser, floor_url, "__leaflet"))
            browser.close()
    finally:
        for proc in procs:
            stop_group(proc)
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False)
        shutil.rmtree(tmp, ignore_errors=True)
    floor_s = statistics.median(floor)
    print(f"median of {args.runs} cold visits each; floor (an empty st_folium map): {floor_s:.2f} s")
    print("| code | navigation → painted (s) | × floor | click → card (s) | clicks (s) |")
    print("|---|---|---|---|---|")
    for name, runs in results.items():
        paint = statistics.median(r["paint_s"] for r in runs)
        click = statistics.median(r["click_s"] for r in runs)
        clicks = ", ".join(f"{r['click_s']:.2f}" for r in runs)
        print(f"| {name} | {paint:.2f} | {paint / floor_s:.2f} | {click:.2f} | {clicks} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
