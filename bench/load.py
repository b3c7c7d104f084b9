"""Load test: N concurrent sessions against one local Streamlit server, driven through its websocket.

Run ``python -m bench.load [--sessions 10 25 50]`` from the repository root. The script starts its own
``streamlit run app.py`` on a free loopback port, stops it at the end, and never talks to another host.
It is bounded: a fixed number of sessions and actions, a time limit per level and overall.

What a session does (what a browser's Streamlit client does, without the browser — 50 Chromiums would
measure the browsers, not the server, ../shared/TECH_NOTES.md): it opens ``/_stcore/stream`` and sends
``BackMsg.rerun_script`` messages — the protobufs of ``streamlit.proto`` — for this mix:

1. open the map (``?lang=kk``), 2. change the locale (``?lang=ru``), 3. click a district on the map (the
st_folium component's widget value ``last_active_drawing``, as the component sends it), 4. open the
Methodology page, 5. move a what-if weight slider there, 6. back to the map in ``kk_Latn``.

Latency of an action = ``rerun_script`` sent → ``script_finished`` (FINISHED_SUCCESSFULLY) received; a run
that ends early because the script called ``st.rerun`` is followed to its final run. Errors: an exception
element in the page, a failed or missing ``script_finished`` within the timeout, a dropped websocket.
Server memory: the server process's RSS (``/proc/<pid>/status``), sampled every 0.2 s.
Sessions start at random offsets within ``--ramp`` seconds and think ``--think`` seconds between actions
(uniform, seeded), as people do; ``--ramp 0 --think 0`` gives the all-at-once worst case.

``--proxy R`` runs the same sessions through nginx in front of R replicas (``deploy.serve.Cluster``, all
replicas on one shared database file, as ``make serve`` runs them; ``--db-per-replica`` gives each its own
copy): each session carries its own ``qonys_route`` cookie, as a browser would after its first page, so
the sticky hash spreads sessions over the replicas. Memory is then the sum over the replicas.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.typing import Subprotocol

from bench.appserver import HOST, AppServer
from data.store import default_db_path
from deploy.serve import Cluster

TARGET_P95_S = 2.0
ACTIONS = ("open_map", "change_locale", "select_district", "open_methodology", "what_if_slider", "map_kk_Latn")
SAMPLE_KATOS = (
    "101000000",
    "631000000",
    "591000000",
    "551000000",
    "351000000",
    "111000000",
    "271000000",
    "391000000",
    "471000000",
    "151000000",
)


# --------------------------------------------------------------------------------------------------
# One session
# --------------------------------------------------------------------------------------------------
@dataclass
class RunResult:
    seconds: float
    ok: bool
    error: str = ""
    bytes_in: int = 0


@dataclass
class Session:
    """One simulated browser tab: its websocket, the page hashes and widget ids seen so far."""

    url: str
    timeout_s: float
    route: str | None = None  # the proxy's sticky route cookie (None: talking to one server directly)
    ws: object = None
    pages: dict[str, str] = field(default_factory=dict)  # url_pathname → page_script_hash
    map_widget: str | None = None
    sliders: list[tuple[str, float, float, float, str | None]] = field(default_factory=list)  # id, value, min, max

    async def open(self) -> None:
        self.ws = await websockets.connect(
            self.url,
            subprotocols=[Subprotocol("streamlit")],
            max_size=None,
            open_timeout=self.timeout_s,
            ping_interval=None,
            additional_headers={"Cookie": f"qonys_route={self.route}"} if self.route else None,
        )

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def run(self, page: str, query: str, widgets: list | None = None) -> RunResult:
        """Send one ``rerun_script`` and wait for the script to finish; collect what later actions need."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = query
        state.page_name = page
        state.page_script_hash = self.pages.get(page, "")
        for widget in widgets or []:
            state.widget_states.widgets.append(widget)
        started = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        received, error = 0, ""
        sliders: list[tuple[str, float, float, float, str | None]] = []
        deadline = started + self.timeout_s
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                return RunResult(time.perf_counter() - started, False, "timeout", received)
            try:
                data = await asyncio.wait_for(self.ws.recv(), remaining)
            except TimeoutError:
                return RunResult(time.perf_counter() - started, False, "timeout", received)
            except websockets.ConnectionClosed as exc:
                return RunResult(time.perf_counter() - started, False, f"websocket closed: {exc}", received)
            received += len(data)
            fm = ForwardMsg()
            fm.ParseFromString(data)
            kind = fm.WhichOneof("type")
            if kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in fm.navigation.app_pages}
            elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                element = fm.delta.new_element
                etype = element.WhichOneof("type")
                if etype == "alert" and element.alert.format == 1 and not error:  # st.error on the page
                    error = f"error shown: {element.alert.body[:160]}"
                elif etype == "exception" and not error:
                    error = f"exception: {element.exception.type}: {element.exception.message[:120]}"
                elif etype == "component_instance" and "st_folium" in element.component_instance.component_name:
                    self.map_widget = element.component_instance.id
                elif etype == "slider" and element.slider.data_type in (0, 1):  # INT, FLOAT
                    s = element.slider
                    value = s.value[0] if s.value else s.default[0] if s.default else s.min
                    # A select slider (options as labels) takes the label of an option, not a number.
                    label = list(s.options)[-1 if value < len(s.options) - 1 else 0] if s.options else None
                    sliders.append((s.id, value, s.min, s.max, label))
            elif kind == "script_finished":
                status = fm.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # st.rerun(): the final run follows on the same socket
                if sliders:
                    self.sliders = sliders
                if status != ForwardMsg.FINISHED_SUCCESSFULLY:
                    error = error or f"script finished with status {status}"
                return RunResult(time.perf_counter() - started, not error, error, received)


def click_widget(widget_id: str, kato: str) -> object:
    """The st_folium widget value after a click on a district, as the component sends it."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    drawing = {"type": "Feature", "properties": {"kato": kato, "layer": "district"}, "geometry": None}
    return WidgetState(id=widget_id, json_value=json.dumps({"last_active_drawing": drawing}))


def slider_widget(slider: tuple[str, float, float, float, str | None]) -> object:
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    widget_id, value, low, high, label = slider
    state = WidgetState(id=widget_id)
    if label is not None:
        state.string_array_value.data.append(label)
        return state
    new = high if value < high else low
    state.double_array_value.data.append(new)
    return state


async def one_session(
    url: str,
    rng: random.Random,
    *,
    ramp_s: float,
    think_s: float,
    timeout_s: float,
    results: dict[str, list[RunResult]],
    route: str | None = None,
) -> None:
    await asyncio.sleep(rng.uniform(0, ramp_s))
    session = Session(url, timeout_s, route=route)
    try:
        await session.open()
    except (OSError, websockets.WebSocketException, TimeoutError) as exc:
        results["open_map"].append(RunResult(0.0, False, f"connect: {exc}"))
        return
    kato = rng.choice(SAMPLE_KATOS)
    try:
        for action in ACTIONS:
            if action == "open_map":
                result = await session.run("map", "lang=kk")
            elif action == "change_locale":
                result = await session.run("map", "lang=ru")
            elif action == "select_district":
                if session.map_widget is None:
                    result = RunResult(0.0, False, "no map component on the page")
                else:
                    result = await session.run("map", "lang=ru", [click_widget(session.map_widget, kato)])
            elif action == "open_methodology":
                result = await session.run("methodology", "lang=ru")
            elif action == "what_if_slider":
                if not session.sliders:
                    result = RunResult(0.0, False, "no slider on the methodology page")
                else:
                    result = await session.run("methodology", "lang=ru", [slider_widget(session.sliders[0])])
            else:
                result = await session.run("map", "lang=kk_Latn")
            results[action].append(result)
            if not result.ok and result.error.startswith("websocket closed"):
                return
            await asyncio.sleep(rng.uniform(0, 2 * think_s) if think_s else 0)
    finally:
        await session.close()


# --------------------------------------------------------------------------------------------------
# A level of N sessions
# --------------------------------------------------------------------------------------------------
def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


@dataclass
class LevelReport:
    sessions: int
    wall_s: float
    runs: int
    errors: list[str]
    p50_s: float
    p95_s: float
    max_s: float
    per_action: dict[str, tuple[float, float]]  # action → (p50, p95)
    rss_idle_mb: float
    rss_peak_mb: float
    timed_out: bool
    server_cpu_s: float = 0.0  # CPU seconds the server process(es) used during the level
    client_cpu_s: float = 0.0  # CPU seconds this load generator used (it shares the machine)

    @property
    def cpu_per_run_s(self) -> float:
        return self.server_cpu_s / max(self.runs, 1)

    @property
    def mb_per_session(self) -> float:
        return (self.rss_peak_mb - self.rss_idle_mb) / self.sessions

    @property
    def verdict(self) -> str:
        return "ok" if self.p95_s <= TARGET_P95_S and not self.errors and not self.timed_out else "MISSED"


async def run_level(
    server: AppServer | Cluster,
    n: int,
    *,
    seed: int,
    ramp_s: float,
    think_s: float,
    timeout_s: float,
    level_limit_s: float,
) -> LevelReport:
    results: dict[str, list[RunResult]] = {a: [] for a in ACTIONS}
    rng = random.Random(seed)
    routes = random.Random(f"route-{seed}")  # its own stream: the sessions' actions stay those of `rng`
    rss_idle = server.rss_mb()
    peak = [rss_idle]
    stop = asyncio.Event()

    async def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], server.rss_mb())
            await asyncio.sleep(0.2)

    sampler = asyncio.create_task(sample())
    started, cpu_before, client_before = time.perf_counter(), server.cpu_s(), time.process_time()
    tasks = [
        asyncio.create_task(
            one_session(
                server.ws_url,
                random.Random(rng.random()),
                ramp_s=ramp_s,
                think_s=think_s,
                timeout_s=timeout_s,
                results=results,
                route=f"{routes.getrandbits(128):032x}",
            )
        )
        for _ in range(n)
    ]
    done, pending = await asyncio.wait(tasks, timeout=level_limit_s)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    wall = time.perf_counter() - started
    server_cpu, client_cpu = server.cpu_s() - cpu_before, time.process_time() - client_before
    stop.set()
    await sampler
    errors = [f"{action}: {r.error}" for action, rs in results.items() for r in rs if not r.ok]
    errors += [f"session crashed: {t.exception()!r}" for t in done if t.exception() is not None]
    times = [r.seconds for rs in results.values() for r in rs if r.ok]
    per_action = {
        a: (percentile([r.seconds for r in rs if r.ok], 0.5), percentile([r.seconds for r in rs if r.ok], 0.95))
        for a, rs in results.items()
    }
    return LevelReport(
        sessions=n,
        wall_s=wall,
        runs=sum(len(rs) for rs in results.values()),
        errors=errors,
        p50_s=percentile(times, 0.5),
        p95_s=percentile(times, 0.95),
        max_s=max(times, default=0.0),
        per_action=per_action,
        rss_idle_mb=rss_idle,
        rss_peak_mb=peak[0],
        timed_out=bool(pending),
        server_cpu_s=server_cpu,
        client_cpu_s=client_cpu,
    )


async def warm_up(ws_urls: list[str], timeout_s: float) -> float:
    """One session through every action on each server, side by side, so the first level does not pay for
    the caches being filled. Behind the proxy these go to each replica directly: routes are hashed, so
    sessions through nginx could miss one.
    """
    results: dict[str, list[RunResult]] = {a: [] for a in ACTIONS}
    started = time.perf_counter()
    await asyncio.gather(
        *(
            one_session(url, random.Random(0), ramp_s=0, think_s=0, timeout_s=timeout_s, results=results)
            for url in ws_urls
        )
    )
    bad = [f"{a}: {r.error}" for a, rs in results.items() for r in rs if not r.ok]
    if bad:
        raise RuntimeError(f"warm-up failed: {bad}")
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[10, 25, 50], help="levels of concurrency")
    parser.add_argument("--db", type=Path, default=None, help="database (default: $QONYS_DB or data/qonys.duckdb)")
    parser.add_argument("--ramp", type=float, default=2.0, help="sessions start within this many seconds")
    parser.add_argument("--think", type=float, default=1.0, help="mean think time between actions, seconds")
    parser.add_argument("--timeout", type=float, default=60.0, help="limit of one action, seconds")
    parser.add_argument("--level-limit", type=float, default=300.0, help="limit of one level, seconds")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures as JSON here")
    parser.add_argument("--log", type=Path, default=None, help="server log file (without --proxy)")
    parser.add_argument(
        "--proxy", type=int, default=0, metavar="R", help="go through nginx in front of R replicas (deploy.serve)"
    )
    parser.add_argument(
        "--db-per-replica", action="store_true", help="with --proxy: each replica serves its own copy of the database"
    )
    args = parser.parse_args(argv)
    if max(args.sessions) > 200 or min(args.sessions) < 1:
        parser.error("sessions must be between 1 and 200")
    if not 0 <= args.proxy <= 8:
        parser.error("--proxy takes 1 to 8 replicas (0: no proxy)")

    # Serve a private copy, so that a benchmark neither sees nor makes changes of a live database (several
    # processes may share a file: the store reads snapshots; README "Database and processes").
    snapshot_dir = tempfile.TemporaryDirectory(prefix="qonys-load-")
    snapshot = Path(snapshot_dir.name) / "qonys.duckdb"
    shutil.copyfile(args.db or default_db_path(), snapshot)
    server: AppServer | Cluster
    if args.proxy:
        server = Cluster(args.proxy, db=snapshot, db_per_replica=args.db_per_replica).start()
        where = (
            f"nginx on {HOST}:{server.port} → {args.proxy} replicas on ports {server.replica_ports}"
            f" ({'a copy of the database each' if args.db_per_replica else 'one shared database file'})"
        )
    else:
        server = AppServer(snapshot, log=args.log)
        where = f"server pid {server.proc.pid} on {HOST}:{server.port}"
    reports: list[LevelReport] = []
    try:
        rss_start = server.rss_mb()
        warm_urls = [f"ws://{HOST}:{port}/_stcore/stream" for port in server.replica_ports] if args.proxy else []
        warm_s = asyncio.run(warm_up(warm_urls or [server.ws_url], args.timeout))
        rss_warm = server.rss_mb()
        print(
            f"{where}; RSS {rss_start:.0f} MB at start, {rss_warm:.0f} MB after a warm-up session on each "
            f"server ({warm_s:.1f} s for the {len(ACTIONS)} actions)"
        )
        print(
            f"mix per session: {', '.join(ACTIONS)}; ramp {args.ramp} s, think {args.think} s mean; "
            f"target p95 ≤ {TARGET_P95_S} s with no errors"
        )
        for i, n in enumerate(args.sessions):
            report = asyncio.run(
                run_level(
                    server,
                    n,
                    seed=args.seed + i,
                    ramp_s=args.ramp,
                    think_s=args.think,
                    timeout_s=args.timeout,
                    level_limit_s=args.level_limit,
                )
            )
            reports.append(report)
            print(
                f"N={n:3d}: {report.runs} runs in {report.wall_s:.1f} s, p50 {report.p50_s:.2f} s, "
                f"p95 {report.p95_s:.2f} s, max {report.max_s:.2f} s, errors {len(report.errors)}, "
                f"RSS {report.rss_idle_mb:.0f} → peak {report.rss_peak_mb:.0f} MB "
                f"(+{report.mb_per_session:.1f} MB/session) — {report.verdict}"
            )
            print(
                f"        server CPU {report.server_cpu_s:.1f} s = {report.cpu_per_run_s:.3f} s per run; "
                f"this load generator {report.client_cpu_s:.1f} s"
            )
            for action, (p50, p95) in report.per_action.items():
                print(f"        {action:17s} p50 {p50:.2f} s  p95 {p95:.2f} s")
            for error in sorted(set(report.errors))[:5]:
                print(f"        error: {error}")
            time.sleep(2)  # let the server drop the closed sessions before the next level
        rss_end = server.rss_mb()
        print(f"RSS after the last level: {rss_end:.0f} MB")
    finally:
        server.stop()
        snapshot_dir.cleanup()
    if args.json:
        args.json.write_text(
            json.dumps(
                [{**r.__dict__, "mb_per_session": r.mb_per_session, "verdict": r.verdict} for r in reports],
                indent=1,
                default=str,
            )
        )
    return 0 if all(r.verdict == "ok" for r in reports) else 1


if __name__ == "__main__":
    sys.exit(main())
