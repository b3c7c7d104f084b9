"""Two replicas behind nginx (``deploy.serve.Cluster``): health, sticky routes, the websocket and a real browser.

nginx comes from Debian (``make nginx``, a prerequisite of ``make test``); without it and without a way to
install it, the module is skipped and says why. The replicas and nginx are stopped however a test ends.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bench.load import Session
from data.permissions import OPERATOR
from data.store import Store
from data.store.snapshots import snapshot_dir
from deploy.serve import Cluster, find_nginx, render_nginx_conf
from tests.e2e.conftest import click_district, shot, wait_for_map

pytestmark = pytest.mark.e2e
ROUTE_RE = re.compile(r"qonys_route=([0-9a-f]{32}); Path=/; HttpOnly; SameSite=Lax$")


def _ensure_nginx() -> None:
    """Install Debian's nginx when root with apt-get (as `make nginx` does); skip when that is impossible."""
    if find_nginx() is None and os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True, timeout=600)
        subprocess.run(["apt-get", "install", "-y", "-q", "nginx"], env=env, capture_output=True, timeout=600)
    if find_nginx() is None:
        pytest.skip("nginx is not installed and could not be installed here: run `make nginx` (apt-get install nginx)")


@pytest.fixture(scope="module")
def cluster_db(server_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The one database file both replicas share (a copy: the saves of these tests stay here)."""
    path = tmp_path_factory.mktemp("proxy_db") / "qonys.duckdb"
    path.write_bytes(server_db.read_bytes())
    return path


@pytest.fixture(scope="module")
def cluster(cluster_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """Two replicas sharing one database file, and nginx, all on free loopback ports.

    The run folder (nginx config, error log, replica logs) is a pytest temp folder, kept for a post-mortem.
    """
    _ensure_nginx()
    cluster = Cluster(2, db=cluster_db, run_dir=tmp_path_factory.mktemp("proxy"))
    cluster.start()  # stops whatever it started if it fails
    try:
        yield cluster
    finally:
        cluster.stop()


def get(url: str, route: str | None = None) -> tuple[int, str, dict[str, list[str]]]:
    """GET ``url`` with an optional route cookie; return status, body and headers (lower-case names)."""
    request = urllib.request.Request(url, headers={"Cookie": f"qonys_route={route}"} if route else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        headers: dict[str, list[str]] = {}
        for name, value in response.headers.items():
            headers.setdefault(name.lower(), []).append(value)
        return response.status, response.read().decode("utf-8", "replace"), headers


def replica_addresses(cluster: Cluster) -> set[str]:
    return {f"127.0.0.1:{port}" for port in cluster.replica_ports}


def test_health_answers_through_the_proxy(cluster: Cluster) -> None:
    status, body, headers = get(f"{cluster.url}/_stcore/health")
    assert (status, body) == (200, "ok")
    assert headers["x-qonys-upstream"][0] in replica_addresses(cluster)


def test_route_cookie_keeps_a_client_on_one_replica(cluster: Cluster) -> None:
    _status, _body, headers = get(f"{cluster.url}/")
    cookies = [c for c in headers.get("set-cookie", []) if c.startswith("qonys_route=")]
    assert len(cookies) == 1 and (match := ROUTE_RE.match(cookies[0])), cookies
    route, first = match.group(1), headers["x-qonys-upstream"][0]
    for path in ["/", "/_stcore/health", "/_stcore/host-config", "/map?lang=ru", "/"] * 2:
        _status, _body, headers = get(f"{cluster.url}{path}", route)
        assert headers["x-qonys-upstream"] == [first], path
        new = [c for c in headers.get("set-cookie", []) if c.startswith("qonys_route=")]
        assert not new, "a client with a route must not get a new one"


def test_different_routes_use_both_replicas(cluster: Cluster) -> None:
    """Sticky is not 'everyone on one replica': distinct routes spread (the hash is fixed, so is this set)."""
    seen = {get(f"{cluster.url}/_stcore/health", f"{i:032x}")[2]["x-qonys-upstream"][0] for i in range(16)}
    assert seen == replica_addresses(cluster)


def test_websocket_goes_through_to_the_routed_replica_and_runs_the_map(cluster: Cluster) -> None:
    route = "0123456789abcdef0123456789abcdef"
    upstream = get(f"{cluster.url}/_stcore/health", route)[2]["x-qonys-upstream"][0]

    async def drive() -> tuple[object, str | None]:
        session = Session(cluster.ws_url, timeout_s=60, route=route)
        await session.open()
        try:
            result = await session.run("map", "lang=kk")
            return result, session.ws.response.headers.get("X-Qonys-Upstream")
        finally:
            await session.close()

    # Its own thread and event loop: the browser fixtures keep a loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        result, ws_upstream = pool.submit(asyncio.run, drive()).result(timeout=120)
    assert result.ok, result.error
    assert result.bytes_in > 100_000  # the map page came through (its folium message alone is ~135 KB)
    assert ws_upstream == upstream


def route_to(cluster: Cluster, port: int) -> str:
    """A route cookie that nginx's hash sends to the replica on ``port``."""
    for i in range(64):
        route = f"{i:032x}"
        if get(f"{cluster.url}/_stcore/health", route)[2]["x-qonys-upstream"][0] == f"127.0.0.1:{port}":
            return route
    raise AssertionError(f"no route to port {port}")


def snapshots_open(pid: int, db: Path) -> set[str]:
    """Names of the database's snapshots the process ``pid`` holds open (what its store reads)."""
    folder = snapshot_dir(db).resolve()
    names = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = Path(os.readlink(fd))
        except OSError:
            continue  # closed meanwhile
        if target.parent == folder and target.suffix == ".duckdb":
            names.add(target.name)
    return names


def test_a_save_by_another_writer_is_seen_by_both_replicas_within_5_s(cluster: Cluster, cluster_db: Path) -> None:
    """Both replicas serve one file: a save made beside them (as through replica A, or by a command) is read
    by replica B within 5 s — B's store reopens the new snapshot at its next read."""
    writer = Store(cluster_db)  # this process is the other writer
    try:
        writer.add_user("proxy_writer", "ministry", None, "x" * 60, by=OPERATOR)
        published = f"{writer.snapshot_version()}.duckdb"
    finally:
        writer.close()
    saved_at = time.monotonic()

    async def page(route: str) -> object:
        session = Session(cluster.ws_url, timeout_s=60, route=route)
        await session.open()
        try:
            return await session.run("table", "lang=en")
        finally:
            await session.close()

    for port, replica in cluster.replicas.items():
        route = route_to(cluster, port)
        while True:
            started = time.monotonic()  # a page asked for after the save; its first read sees it
            with ThreadPoolExecutor(1) as pool:  # its own loop: the browser fixtures keep one running here
                result = pool.submit(asyncio.run, page(route)).result(timeout=120)
            assert result.ok, result.error
            held = snapshots_open(replica.proc.pid, cluster_db)
            if published in held:
                break
            assert started - saved_at < 5.0, f"replica on port {port} still reads {held}, not {published}"
            time.sleep(0.2)


def test_browser_clicks_a_district_through_the_proxy(cluster: Cluster, page: object) -> None:
    page.goto(f"{cluster.url}/map?lang=en")
    frame = wait_for_map(page)
    page.locator('iframe[title="streamlit_folium.st_folium"]').first.scroll_into_view_if_needed()
    click_district(page, frame)
    page.get_by_test_id("stMetric").first.wait_for(timeout=30_000)
    assert page.get_by_test_id("stMetricLabel").first.inner_text().strip() == "Zone"
    assert [c["name"] for c in page.context.cookies() if c["name"] == "qonys_route"] == ["qonys_route"]
    shot(page, "proxy-map-card-en")


def test_generated_config_has_the_proxy_essentials(tmp_path: Path) -> None:
    """Without nginx running: the config the launcher writes keeps every replica, the hash and the websocket."""
    conf = render_nginx_conf(run_dir=tmp_path, listen_port=8501, replica_ports=[8511, 8512, 8513])
    assert "hash $qonys_route consistent;" in conf
    for port in (8511, 8512, 8513):
        assert f"server 127.0.0.1:{port} max_fails=" in conf
    assert "listen 127.0.0.1:8501;" in conf and not re.search(r"@[A-Z_]+@", conf)
    snippet = (Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "qonys-proxy.conf").read_text()
    for directive in ("proxy_http_version 1.1;", "Upgrade $http_upgrade", "proxy_read_timeout 86400s;"):
        assert directive in snippet


def test_server_site_config_passes_nginx_t(tmp_path: Path) -> None:
    """deploy/nginx/qonys-site.conf with its snippets, as laid out in /etc/nginx, is accepted by `nginx -t`."""
    _ensure_nginx()
    deploy = Path(__file__).resolve().parents[2] / "deploy" / "nginx"
    (tmp_path / "snippets").mkdir()
    for name in ("qonys-maps.conf", "qonys-proxy.conf", "qonys-export.conf"):
        shutil.copy(deploy / name, tmp_path / "snippets" / name)
    temp = " ".join(f"{kind}_temp_path {tmp_path / kind};" for kind in ("proxy", "fastcgi", "uwsgi", "scgi"))
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path / 'nginx.pid'}; error_log {tmp_path / 'error.log'};\n"
        "events {}\n"
        f"http {{ include /etc/nginx/mime.types; access_log off; client_body_temp_path {tmp_path / 'body'}; {temp}\n"
        f"include {deploy / 'qonys-site.conf'}; }}\n"
    )
    done = subprocess.run(
        [find_nginx(), "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert done.returncode == 0, done.stderr


def test_load_script_runs_through_the_proxy(built_db: Path, tmp_path: Path) -> None:
    """`python -m bench.load --proxy 2` with 3 sessions (its own nginx and replicas), so the option cannot rot."""
    _ensure_nginx()
    db = tmp_path / "qonys.duckdb"
    db.write_bytes(built_db.read_bytes())  # the session database may be held open by this process
    args = [
        "--proxy",
        "2",
        "--sessions",
        "3",
        "--db",
        str(db),
        "--ramp",
        "0.5",
        "--think",
        "0.1",
        "--level-limit",
        "120",
    ]
    done = subprocess.run(
        [sys.executable, "-m", "bench.load", *args],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "→ 2 replicas" in done.stdout and "N=  3: 18 runs" in done.stdout, done.stdout + done.stderr
    assert "errors 0," in done.stdout, done.stdout
