"""A/B of the map page between two git revisions, side by side in one run: cold paint and click → card.

``python -m bench.map_ab REV [--runs 7]`` starts the app of ``REV`` (a temporary git worktree with its catalogues
compiled, on a copy of the database) and the app of this checkout, plus the empty-map floor
page, and drives Debian's Chromium through ``bench.map.measure`` (a fresh browser context per visit, so a cold
HTTP cache): one unrecorded visit each, then ``--runs`` visits each, interleaved. Prints the medians, each
paint as a multiple of the floor measured in the same run, and every click time (the spread is wide on a shared
machine, so read the two columns against each other, not against another run).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.appserver import AppServer, revision_tree
from bench.map import ARGS, CHROMIUM, ROOT, mark_s, measure
from data.store import default_db_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev", help="the git revision to compare this checkout with")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    servers: list[AppServer] = []
    with revision_tree(args.rev) as tree, tempfile.TemporaryDirectory(prefix="qonys-map-ab-") as tmp_name:
        tmp = Path(tmp_name)
        try:
            shutil.copy(ROOT / "bench" / "floor_map_app.py", tmp / "floor_map_app.py")
            (tmp / "static").symlink_to(ROOT / "static")  # Streamlit serves ./static beside the script
            for root, script in ((tree, tree / "app.py"), (ROOT, ROOT / "app.py"), (ROOT, tmp / "floor_map_app.py")):
                db = tmp / f"{len(servers)}.duckdb"
                shutil.copy(default_db_path(), db)
                servers.append(AppServer(db, script=script, root=root, wait=False))
            for server in servers:
                server.wait_ready()
            urls = {args.rev: f"{servers[0].url}/map?lang=kk", "this checkout": f"{servers[1].url}/map?lang=kk"}
            results: dict[str, list[dict[str, float]]] = {name: [] for name in urls}
            floor: list[float] = []
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
                for url in urls.values():
                    measure(browser, url)  # warm-up, not recorded
                mark_s(browser, servers[2].url, "__leaflet")
                for _ in range(args.runs):
                    for name, url in urls.items():
                        results[name].append(measure(browser, url))
                    floor.append(mark_s(browser, servers[2].url, "__leaflet"))
                browser.close()
        finally:
            for server in servers:
                server.stop()
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
