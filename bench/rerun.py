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

``--baseline REV`` measures the same mix, in the same run, on the code of git revision ``REV`` (a temporary
worktree with this script copied in; same database), and prints each action's ratio to it.

AppTest runs every page in Streamlit's pages-folder mode first (it resets ``PagesManager.uses_pages_directory``
before each run), so the app would run twice per rerun (ui/context.py ``run_app_if_page_ran_alone``); a server
leaves that mode at its first ``st.navigation``. The bench sets the flag as a running server has it.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import shutil
import statistics
import subprocess
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


def measure(
    sessions: int, profile: int
) -> tuple[dict[str, list[float]], dict[str, list[float]], cProfile.Profile | None]:
    """Both passes of the mix on a private copy of the database: per action, CPU seconds of each session."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "qonys.duckdb"
        shutil.copyfile(default_db_path(), db)
        os.environ["QONYS_DB"] = str(db)
        with ScriptClock() as clock:
            session(clock, "101000000")  # warm-up: the process-wide caches, as a server's first visitor fills them
            clock.profile = cProfile.Profile() if profile else None
            passes: list[dict[str, list[float]]] = []
            for _pass in ("cold", "warm"):
                per_action: dict[str, list[float]] = defaultdict(list)
                for i in range(sessions):
                    for name, seconds in session(clock, KATOS[i % len(KATOS)]).items():
                        per_action[name].append(seconds)
                passes.append(per_action)
    return passes[0], passes[1], clock.profile


def baseline(rev: str, sessions: int) -> dict[str, float]:
    """The medians of this bench on the code of ``rev`` (a temporary git worktree; same database)."""
    # Imported here: this script runs inside the older revision too, whose bench/appserver.py may not have it.
    from bench.appserver import revision_tree

    with revision_tree(rev) as tree:
        shutil.copyfile(Path(__file__), tree / "bench" / "rerun.py")
        env = {**os.environ, "QONYS_DB": str(default_db_path().resolve())}
        out = subprocess.run(
            [sys.executable, "-m", "bench.rerun", "--sessions", str(sessions), "--json"],
            cwd=tree,
            env=env,
            capture_output=True,
            text=True,
        )
    line = next((x for x in out.stdout.splitlines() if x.startswith("{")), None)
    if line is None:
        raise RuntimeError(f"the baseline run failed:\n{out.stdout[-2000:]}\n{out.stderr[-2000:]}")
    return json.loads(line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=5, help="sessions per pass (at most 7 districts)")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="print the N costliest functions")
    parser.add_argument("--baseline", metavar="REV", help="also measure git revision REV and compare")
    parser.add_argument("--json", action="store_true", help="print the medians as one line of JSON first")
    args = parser.parse_args(argv)

    before = baseline(args.baseline, args.sessions) if args.baseline else None
    cold, per_action, profile = measure(args.sessions, args.profile)
    medians = {name: statistics.median(per_action[name]) for name in ACTIONS}
    if args.json:
        print(json.dumps({name: round(v, 4) for name, v in medians.items()}))
    print(f"CPU of the script thread per action, median of {args.sessions} sessions (goal ≤ {GOAL_S:.2f} s):")
    header = "| action | median CPU (s) | min | max | goal |"
    if before:
        header += f" {args.baseline} (s) | ratio |"
    print(header)
    print("|---" * (header.count("|") - 1) + "|")
    for name in ACTIONS:
        values = per_action[name]
        verdict = "ok" if medians[name] <= GOAL_S else "missed"
        line = f"| {name} | {medians[name]:.3f} | {min(values):.3f} | {max(values):.3f} | {verdict} |"
        if before:
            line += f" {before[name]:.3f} | {medians[name] / before[name]:.2f} |"
        print(line)
    overall = statistics.mean(medians.values())
    print(f"mean over the mix: {overall:.3f} s per interaction", end="")
    print(f" ({statistics.mean(before.values()):.3f} s at {args.baseline})" if before else "")
    for name in ("select_district", "map_kk_Latn"):
        print(f"first pass (each card built the first time): {name} median {statistics.median(cold[name]):.3f} s")
    if profile is not None:
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(args.profile)
        print(out.getvalue())
    return 0 if max(medians.values()) <= GOAL_S else 1


if __name__ == "__main__":
    sys.exit(main())
