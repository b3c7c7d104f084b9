"""Rerun cost: the CPU one interaction costs the server, action by action, for the load mix of bench/load.py.

Run ``python -m bench.rerun [--sessions 5] [--profile 25]`` from the repository root. Each session is a fresh
Streamlit ``AppTest`` of ``app.py`` on a private copy of the database, in this process, doing what a load-test
session does: open the map (kk), change the language (ru), click a district, open Methodology, move a what-if
weight slider, back to the map in kk_Latn. One unmeasured session warms the process-wide caches first, as a
running server's first visitor does. The sessions then click ``--sessions`` different districts twice over:
the first pass shows each card for the first time in this process (it is built: "cold"), the second pass
shows cards seen before (laid out from the shared cache, as most clicks on a server that has run a while).
The per-action medians are of the second pass; the first pass's card actions are printed apart.

Measured: the CPU time of the script thread of each run (``time.thread_time`` around Streamlit's
``ScriptRunner._run_script``: the page's Python, its cached reads and the building of every element), which is
what a server process spends per interaction apart from sending the messages. The median per action over the
sessions is compared with the goal of issue 18 (≤ 0.06 s per interaction rerun). ``--profile N`` prints the
``N`` functions with the most cumulative time over all measured runs (cProfile inside the script thread).

AppTest runs every page in Streamlit's pages-folder mode first (it resets ``PagesManager.uses_pages_directory``
before each run), so the app would run twice per rerun (ui/context.py ``run_app_if_page_ran_alone``); a server
leaves that mode at its first ``st.navigation``. The bench sets the flag as a running server has it.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import script_runner
from streamlit.testing.v1 import AppTest

from data.store import default_db_path

ROOT = Path(__file__).resolve().parents[1]
GOAL_S = 0.06
ACTIONS = ("open_map", "change_locale", "select_district", "open_methodology", "what_if_slider", "map_kk_Latn")
KATOS = ("631000000", "551000000", "351000000", "111000000", "271000000", "391000000", "471000000")


class ScriptClock:
    """CPU seconds of each script run (and an optional cProfile of it), taken inside the script thread."""

    def __init__(self) -> None:
        self.runs: list[float] = []
        self.profile: cProfile.Profile | None = None
        self._original = script_runner.ScriptRunner._run_script

    def __enter__(self) -> ScriptClock:
        clock, original = self, self._original

        def timed(runner, *args, **kwargs):
            PagesManager.uses_pages_directory = False  # as on a server after its first st.navigation
            started = time.thread_time()
            if clock.profile is not None:
                clock.profile.enable()
            try:
                return original(runner, *args, **kwargs)
            finally:
                if clock.profile is not None:
                    clock.profile.disable()
                clock.runs.append(time.thread_time() - started)

        script_runner.ScriptRunner._run_script = timed
        return self

    def __exit__(self, *exc: object) -> None:
        script_runner.ScriptRunner._run_script = self._original

    def measure(self, action) -> float:
        """CPU seconds of the script runs ``action`` triggers (an ``st.rerun`` adds its second run)."""
        before = len(self.runs)
        action()
        return sum(self.runs[before:])


def session(clock: ScriptClock, kato: str) -> dict[str, float]:
    """One load-test session; CPU seconds per action."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = "kk"
    times: dict[str, float] = {}

    def check() -> None:
        if at.exception:
            raise RuntimeError(at.exception[0].value)

    def open_map() -> None:
        at.switch_page("pages/map.py").run()

    def change_locale(locale: str) -> None:
        at.selectbox(key="locale_picker").set_value(locale).run()

    def click() -> None:
        drawing = {"type": "Feature", "properties": {"kato": kato, "layer": "district"}, "geometry": None}
        at.session_state["zone_map"] = {"last_active_drawing": drawing}
        at.run()
        if at.session_state["sel_district"] != kato:
            raise RuntimeError(f"the click on {kato} did not select it")

    def slider() -> None:
        first = at.select_slider[0]  # the pillar weights are select sliders (methodology_view.what_if)
        options = list(first.options)
        first.set_value(options[-1] if first.value != options[-1] else options[0]).run()

    steps = {
        "open_map": open_map,
        "change_locale": lambda: change_locale("ru"),
        "select_district": click,
        "open_methodology": lambda: at.switch_page("pages/methodology.py").run(),
        "what_if_slider": slider,
        "map_kk_Latn": lambda: (at.switch_page("pages/map.py"), change_locale("kk_Latn")),
    }
    for name in ACTIONS:
        times[name] = clock.measure(steps[name])
        check()
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=5, help="sessions per pass (at most 7 districts)")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="print the N costliest functions")
    parser.add_argument("--json", action="store_true", help="print the medians as JSON")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "qonys.duckdb"
        shutil.copyfile(default_db_path(), db)
        import os

        os.environ["QONYS_DB"] = str(db)
        with ScriptClock() as clock:
            session(clock, "101000000")  # warm-up: the process-wide caches, as a server's first visitor fills them
            clock.profile = cProfile.Profile() if args.profile else None
            passes: list[dict[str, list[float]]] = []
            for _pass in ("cold", "warm"):
                per_action: dict[str, list[float]] = defaultdict(list)
                for i in range(args.sessions):
                    for name, seconds in session(clock, KATOS[i % len(KATOS)]).items():
                        per_action[name].append(seconds)
                passes.append(per_action)
    cold, per_action = passes

    medians = {name: statistics.median(per_action[name]) for name in ACTIONS}
    if args.json:
        print(json.dumps({name: round(v, 4) for name, v in medians.items()}))
    print(f"CPU of the script thread per action, median of {args.sessions} sessions (goal ≤ {GOAL_S:.2f} s):")
    print("| action | median CPU (s) | min | max | goal |")
    print("|---|---|---|---|---|")
    for name in ACTIONS:
        values = per_action[name]
        verdict = "ok" if medians[name] <= GOAL_S else "missed"
        print(f"| {name} | {medians[name]:.3f} | {min(values):.3f} | {max(values):.3f} | {verdict} |")
    overall = statistics.mean(medians.values())
    print(f"mean over the mix: {overall:.3f} s per interaction")
    for name in ("select_district", "map_kk_Latn"):
        print(f"first pass (each card built the first time): {name} median {statistics.median(cold[name]):.3f} s")
    if clock.profile is not None:
        out = io.StringIO()
        pstats.Stats(clock.profile, stream=out).sort_stats("cumulative").print_stats(args.profile)
        print(out.getvalue())
    return 0 if max(medians.values()) <= GOAL_S else 1


if __name__ == "__main__":
    sys.exit(main())
