"""N Streamlit replicas of the app behind nginx on one port: ``python -m deploy.serve --replicas 2``.

What it does, in order (``make serve REPLICAS=N`` calls it):

1. reads the shared cookie secret (``$STREAMLIT_SERVER_COOKIE_SECRET``, else ``.streamlit/cookie_secret``,
   made once with 256 random bits and mode 0600), so that every replica signs and checks Streamlit's
   cookies (XSRF token of uploads) alike;
2. starts one ``streamlit run app.py`` per port on 127.0.0.1 (each port checked free first: never two
   workers on one port) and waits until every ``/_stcore/health`` answers;
3. writes an nginx config into a run folder (pid, logs and temp files inside it, so it runs as an
   ordinary user and as root) from ``deploy/nginx/run.conf.in`` and ``proxy.conf.in`` with the shared
   snippets ``qonys-maps.conf`` (sticky route cookie, websocket upgrade) and ``qonys-proxy.conf``, checks it
   with ``nginx -t`` and starts nginx in the foreground as a child (:class:`Nginx`);
4. stays in the foreground: a replica that exits is started again on its port (nginx's passive health
   check, ``max_fails``/``fail_timeout``, routes around it meanwhile); SIGINT or SIGTERM stop nginx and
   every replica, and so does nginx exiting on its own.

The replicas share one database file (``$QONYS_DB`` or ``--db``): each reads the store's current read-only
snapshot of it, and a save made through any replica (or a command beside them) takes the file's write lock,
writes and publishes a new snapshot that every replica reads within a second (README "Database and
processes", ``data/store/__init__.py``). With ``--db-per-replica`` each serves its own copy in the run
folder instead (isolated replicas: saves are not shared).

:class:`StaticSite` runs the same private nginx in front of a static export (``python -m export``) instead,
with the public server's gzip and cache headers (``deploy/nginx/qonys-export.conf``, included by
``qonys-site.conf`` too): ``bench/map.py`` measures the export's paint through it.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from bench.appserver import HOST, ROOT, AppServer, cpu_s, free_port, rss_mb, stop_group
from deploy.health import is_healthy

DEPLOY_DIR = Path(__file__).resolve().parent
RUN_TEMPLATE = DEPLOY_DIR / "nginx" / "run.conf.in"
CONF_TEMPLATE = DEPLOY_DIR / "nginx" / "proxy.conf.in"
STATIC_TEMPLATE = DEPLOY_DIR / "nginx" / "static.conf.in"
#: Debian's; :func:`mime_types_path` asks the nginx binary where its own is.
DEFAULT_MIME_TYPES = Path("/etc/nginx/mime.types")
COOKIE_SECRET_FILE = ROOT / ".streamlit" / "cookie_secret"
COOKIE_SECRET_ENV = "STREAMLIT_SERVER_COOKIE_SECRET"
#: Passive health check of the upstream: after this many failed tries a replica rests FAIL_TIMEOUT_S.
MAX_FAILS = 2
FAIL_TIMEOUT_S = 10
#: A replica that died is started again at most this often (a crash loop must not eat the machine).
RESTART_EVERY_S = 10.0
DEFAULT_PORT = 8501
DEFAULT_FIRST_REPLICA_PORT = 8511
START_TIMEOUT_S = 90.0


class ServeError(RuntimeError):
    """nginx is missing, a port is taken, or a replica or nginx did not start; the message says which."""


def find_nginx() -> str | None:
    """Path of the nginx binary (Debian puts it in /usr/sbin, which an ordinary user's PATH may lack)."""
    return shutil.which("nginx", path=os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/sbin"]))


def cookie_secret(path: Path = COOKIE_SECRET_FILE) -> str:
    """The cookie secret shared by all replicas: the environment's, else the file's, else a new one saved there."""
    if os.environ.get(COOKIE_SECRET_ENV):
        return os.environ[COOKIE_SECRET_ENV]
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(32)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(secret + "\n")
    os.replace(tmp, path)
    return secret


def port_is_free(port: int, host: str = HOST) -> bool:
    """Whether nothing listens on ``host:port`` (a bind succeeds)."""
    with socket.socket() as s:
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def _fill(template: Path, markers: dict[str, str]) -> str:
    """``template``'s text with each ``@NAME@`` marker replaced by its value."""
    text = template.read_text(encoding="utf-8")
    for marker, value in markers.items():
        text = text.replace(f"@{marker}@", value)
    return text


def render_run_conf(*, run_dir: Path, http: str) -> str:
    """A whole private nginx config: ``run.conf.in`` (pid, logs, temp files in ``run_dir``) around ``http``."""
    return _fill(RUN_TEMPLATE, {"RUN_DIR": str(run_dir), "HTTP": http.rstrip("\n")})


def render_nginx_conf(*, run_dir: Path, listen_port: int, replica_ports: list[int], host: str = HOST) -> str:
    """The nginx config of the local proxy: ``proxy.conf.in`` with the port and replicas, in ``run.conf.in``."""
    servers = "\n".join(
        f"        server {host}:{port} max_fails={MAX_FAILS} fail_timeout={FAIL_TIMEOUT_S}s;" for port in replica_ports
    )
    http = _fill(CONF_TEMPLATE, {"DEPLOY": str(DEPLOY_DIR), "LISTEN": f"{host}:{listen_port}", "SERVERS": servers})
    return render_run_conf(run_dir=run_dir, http=http)


def mime_types_path(nginx: str | None = None) -> Path:
    """The ``mime.types`` beside the nginx binary's own config (``nginx -V``'s ``--conf-path``), else Debian's."""
    nginx = nginx or find_nginx()
    if nginx:
        try:
            built = subprocess.run([nginx, "-V"], capture_output=True, text=True, timeout=10).stderr
        except (OSError, subprocess.TimeoutExpired):
            built = ""
        for word in built.split():
            if word.startswith("--conf-path="):
                candidate = Path(word.split("=", 1)[1]).parent / "mime.types"
                if candidate.exists():
                    return candidate
    return DEFAULT_MIME_TYPES


def render_static_conf(
    *, run_dir: Path, listen_port: int, root: Path, host: str = HOST, mime_types: Path | None = None
) -> str:
    """The nginx config of a static export at ``root``: ``static.conf.in`` (the public server's
    ``qonys-export.conf``) in ``run.conf.in``."""
    http = _fill(
        STATIC_TEMPLATE,
        {
            "MIME_TYPES": str(mime_types or mime_types_path()),
            "DEPLOY": str(DEPLOY_DIR),
            "LISTEN": f"{host}:{listen_port}",
            "ROOT": str(Path(root).resolve()),
        },
    )
    return render_run_conf(run_dir=run_dir, http=http)


def _die_with_parent() -> None:
    """In the child before exec: get SIGTERM if the launcher dies (Linux prctl PR_SET_PDEATHSIG).

    Strictly, when the thread that started it ends: start a cluster from a thread that outlives it.
    """
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)
    except OSError:
        pass


def http_status(url: str, *, timeout_s: float = 2.0) -> int | None:
    """The HTTP status ``url`` answers with, or None when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout_s) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return None


class Nginx:
    """One private nginx in the foreground, a child of this process; config, pid, logs and temp files in
    ``run_dir``. :meth:`start` writes ``conf``, checks it with ``nginx -t``, starts nginx and waits until
    ``ready()`` is true; :meth:`stop` stops it (graceful, then forced). Raises :class:`ServeError`."""

    def __init__(self, run_dir: Path, conf: str, ready: Callable[[], bool]) -> None:
        self.run_dir = run_dir
        self.conf = conf
        self.ready = ready
        self.proc: subprocess.Popen | None = None
        self._log = None

    @property
    def conf_path(self) -> Path:
        return self.run_dir / "nginx.conf"

    def start(self, nginx: str | None = None) -> Nginx:
        nginx = nginx or find_nginx()
        if nginx is None:
            raise ServeError("nginx is not installed: run `make nginx` (apt-get install -y nginx)")
        self.run_dir.mkdir(parents=True, exist_ok=True)
        # nginx as root runs its workers as `nobody`: they must reach the temp folders it makes here.
        self.run_dir.chmod(0o755)
        self.conf_path.write_text(self.conf, encoding="utf-8")
        command = [nginx, "-p", str(self.run_dir), "-c", str(self.conf_path)]
        checked = subprocess.run([*command, "-t", "-q"], capture_output=True, text=True, timeout=30)
        if checked.returncode != 0:
            raise ServeError(f"nginx -t rejected {self.conf_path}:\n{checked.stderr}")
        self._log = open(self.run_dir / "nginx.out", "w")
        self.proc = subprocess.Popen(
            command,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent,  # only prctl: safe in the forked child
        )
        deadline = time.monotonic() + 20
        while not self.ready():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                log = self.run_dir / "error.log"
                errors = log.read_text(errors="replace") if log.exists() else ""
                raise ServeError(f"nginx did not start (exit {self.proc.poll()}):\n{errors[-2000:]}")
            time.sleep(0.1)
        return self

    def stop(self) -> None:
        if self.proc is not None:
            stop_group(self.proc, signal.SIGQUIT, timeout_s=10)  # nginx's graceful stop
        if self._log is not None:
            self._log.close()
            self._log = None


class StaticSite:
    """A static export (``python -m export``'s folder) served by a private :class:`Nginx` on a loopback port,
    the way the public server of ``qonys-site.conf`` serves it (gzip, cache headers: ``qonys-export.conf``).

    ``run_dir`` holds config, pid, logs and temp files (default a new temporary one, removed by :meth:`stop`).
    """

    def __init__(self, root: Path, *, port: int | None = None, run_dir: Path | None = None) -> None:
        self.root = Path(root).resolve()
        self.port = port or free_port()
        self._own_run_dir = run_dir is None
        self.run_dir = Path(run_dir or tempfile.mkdtemp(prefix="qonys-static-")).resolve()
        self.nginx: Nginx | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> StaticSite:
        if not port_is_free(self.port):
            raise ServeError(f"port already in use: {self.port}")
        conf = render_static_conf(run_dir=self.run_dir, listen_port=self.port, root=self.root)
        self.nginx = Nginx(self.run_dir, conf, lambda: http_status(self.url + "/") is not None)
        try:
            self.nginx.start()
            status = http_status(self.url + "/")
            if status != 200:
                raise ServeError(
                    f"nginx answers {status} for / of {self.root} (it needs index.html, and nginx started as root "
                    f"reads as `nobody`: the folder and its parents must be readable by others); see "
                    f"{self.run_dir / 'error.log'}"
                )
        except BaseException:
            self.stop(keep_run_dir=True)  # its logs say why
            raise
        return self

    def stop(self, *, keep_run_dir: bool = False) -> None:
        if self.nginx is not None:
            self.nginx.stop()
        if self._own_run_dir and not keep_run_dir:
            shutil.rmtree(self.run_dir, ignore_errors=True)

    def __enter__(self) -> StaticSite:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class Cluster:
    """Replicas of the app on loopback ports and nginx in front of them; :meth:`stop` ends them all.

    Parameters
    ----------
    replicas
        Number of Streamlit processes.
    port
        Port of nginx (default a free one).
    first_port
        Replicas listen on ``first_port``, ``first_port + 1``, … (default: free ports).
    db
        Database file shared by the replicas (None: ``$QONYS_DB`` or data/qonys.duckdb); they read its
        snapshots and write it under its lock, so a save through one is seen by all.
    db_per_replica
        Give each replica its own copy of ``db`` in the run folder instead (saves are not shared).
    run_dir
        Folder for the nginx config, pid, logs and temp files (default a new temporary one, removed by
        :meth:`stop`; a given one is kept).
    """

    def __init__(
        self,
        replicas: int,
        *,
        port: int | None = None,
        first_port: int | None = None,
        db: Path | None = None,
        db_per_replica: bool = False,
        run_dir: Path | None = None,
    ) -> None:
        if replicas < 1:
            raise ServeError("at least one replica is needed")
        self.port = port or free_port()
        if first_port is not None:
            self.replica_ports = list(range(first_port, first_port + replicas))
        else:
            ports: set[int] = set()
            while len(ports) < replicas:
                ports |= {free_port()} - {self.port}
            self.replica_ports = sorted(ports)
        self.db = db
        self.db_per_replica = db_per_replica
        self._own_run_dir = run_dir is None
        self.run_dir = Path(run_dir or tempfile.mkdtemp(prefix="qonys-serve-")).resolve()
        self.replicas: dict[int, AppServer] = {}
        self.nginx: Nginx | None = None
        self._last_restart: dict[int, float] = {}

    # ------------------------------------------------------------------ addresses
    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def ws_url(self) -> str:
        """The browser websocket, through nginx."""
        return f"ws://{HOST}:{self.port}/_stcore/stream"

    @property
    def conf_path(self) -> Path:
        return self.run_dir / "nginx.conf"

    def rss_mb(self) -> float:
        """Resident memory of all replicas together, MB (nginx's few MB not counted)."""
        return sum(rss_mb(r.proc.pid) for r in self.replicas.values() if r.proc.poll() is None)

    def cpu_s(self) -> float:
        """CPU seconds all replicas have used so far (nginx not counted)."""
        return sum(cpu_s(r.proc.pid) for r in self.replicas.values() if r.proc.poll() is None)

    # ------------------------------------------------------------------ life cycle
    def start(self) -> Cluster:
        """Start the replicas, wait for their health, then start nginx and wait for it; raise :class:`ServeError`."""
        nginx = find_nginx()
        if nginx is None:
            raise ServeError("nginx is not installed: run `make nginx` (apt-get install -y nginx)")
        taken = [p for p in [self.port, *self.replica_ports] if not port_is_free(p)]
        if taken or len(set(self.replica_ports) | {self.port}) != len(self.replica_ports) + 1:
            raise ServeError(f"port(s) already in use or repeated: {taken or self.replica_ports}")
        self.run_dir.mkdir(parents=True, exist_ok=True)
        secret = cookie_secret()
        try:
            for port in self.replica_ports:
                self.replicas[port] = self._start_replica(port, secret)
            for port, replica in self.replicas.items():
                try:
                    replica.wait_ready(START_TIMEOUT_S)
                except RuntimeError as exc:
                    raise ServeError(f"replica on port {port}: {exc}") from exc
            self._start_nginx(nginx)
        except BaseException:
            self.stop(keep_run_dir=True)  # its logs say why
            raise
        return self

    def _start_replica(self, port: int, secret: str) -> AppServer:
        db = self.db
        if self.db_per_replica:
            source = self.db or Path(os.environ.get("QONYS_DB") or ROOT / "data" / "qonys.duckdb")
            db = self.run_dir / f"replica-{port}.duckdb"
            shutil.copyfile(source, db)
        return AppServer(
            db,
            port=port,
            log=self.run_dir / f"replica-{port}.log",
            extra_env={COOKIE_SECRET_ENV: secret},
            wait=False,
        )

    def _start_nginx(self, nginx: str) -> None:
        conf = render_nginx_conf(run_dir=self.run_dir, listen_port=self.port, replica_ports=self.replica_ports)
        self.nginx = Nginx(self.run_dir, conf, lambda: is_healthy(self.url)).start(nginx)

    def check(self) -> str | None:
        """Restart replicas that died (at most every RESTART_EVERY_S each); return why to stop, or None."""
        if self.nginx is not None and self.nginx.proc is not None and self.nginx.proc.poll() is not None:
            return f"nginx exited with {self.nginx.proc.returncode}; see {self.run_dir / 'error.log'}"
        now = time.monotonic()
        for port, replica in list(self.replicas.items()):
            code = replica.proc.poll()
            if code is None or now - self._last_restart.get(port, -RESTART_EVERY_S) < RESTART_EVERY_S:
                continue
            print(f"replica on port {port} exited with {code}; starting it again", file=sys.stderr, flush=True)
            replica.stop()
            self._last_restart[port] = now
            self.replicas[port] = self._start_replica(port, cookie_secret())
        return None

    def stop(self, *, keep_run_dir: bool = False) -> None:
        """Stop nginx (graceful, then forced), then every replica; remove a temporary run folder."""
        if self.nginx is not None:
            self.nginx.stop()
        # SIGTERM all replicas first so that they shut down side by side, then wait for each.
        for replica in self.replicas.values():
            if replica.proc.poll() is None:
                try:
                    os.killpg(replica.proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for replica in self.replicas.values():
            replica.stop()
        if self._own_run_dir and not keep_run_dir:
            shutil.rmtree(self.run_dir, ignore_errors=True)

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.serve", description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=2, help="number of Streamlit processes (default 2)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port of nginx (default 8501)")
    parser.add_argument("--first-port", type=int, default=DEFAULT_FIRST_REPLICA_PORT, help="first replica port")
    parser.add_argument("--db", type=Path, default=None, help="database (default: $QONYS_DB or data/qonys.duckdb)")
    parser.add_argument(
        "--db-per-replica", action="store_true", help="each replica serves its own copy (saves are not shared)"
    )
    parser.add_argument("--run-dir", type=Path, default=None, help="keep config and logs here (default: temporary)")
    args = parser.parse_args(argv)
    if not 1 <= args.replicas <= 64:
        parser.error("--replicas must be between 1 and 64")

    stopping: list[int] = []

    def on_signal(signum: int, _frame: object) -> None:
        stopping.append(signum)

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    cluster = Cluster(
        args.replicas,
        port=args.port,
        first_port=args.first_port,
        db=args.db,
        db_per_replica=args.db_per_replica,
        run_dir=args.run_dir,
    )
    try:
        cluster.start()
    except ServeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    ports = ", ".join(str(p) for p in cluster.replica_ports)
    print(f"Qonys on {cluster.url} (nginx) → {args.replicas} replicas on {HOST}:{ports}; run folder {cluster.run_dir}")
    print("Ctrl-C stops them all.", flush=True)
    reason = None
    try:
        while not stopping and reason is None:
            time.sleep(0.5)
            reason = cluster.check()
    finally:
        cluster.stop()
    if reason:
        print(f"error: {reason}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
