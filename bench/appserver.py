"""A Streamlit server process on loopback, for the browser tests and the benchmarks alike.

Started with ``python -m streamlit run`` on a free (or given) port of 127.0.0.1, waited for until its
health endpoint answers, and stopped with its whole process group (and waited for, so the port can be
reused: TECH_NOTES.md measured ~2 s to exit after SIGTERM).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
START_TIMEOUT_S = 60


@contextmanager
def revision_tree(rev: str) -> Iterator[Path]:
    """A temporary git worktree of revision ``rev`` with its catalogues compiled, removed afterwards (for
    benchmarks that compare a revision with this checkout in one run)."""
    with tempfile.TemporaryDirectory(prefix="qonys-rev-") as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(tree), rev], cwd=ROOT, check=True)
        try:
            subprocess.run([sys.executable, "-m", "i18n.compile"], cwd=tree, check=True, capture_output=True)
            yield tree
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False)


def free_port() -> int:
    """A TCP port of the loopback interface that nothing listens on right now."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident set size of a process in MB (Linux ``/proc``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for pid {pid}")


def cpu_s(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stop_group(proc: subprocess.Popen, sig: int = signal.SIGTERM, timeout_s: float = 20) -> None:
    """Send ``sig`` to the process group of ``proc``, SIGKILL it after ``timeout_s``, and wait for the exit."""
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, sig)
    try:
        proc.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


class AppServer:
    """``streamlit run SCRIPT`` on loopback with ``QONYS_DB`` set; :meth:`stop` ends and waits for it.

    Parameters
    ----------
    db
        Database file for ``QONYS_DB`` (None: the environment's).
    script
        Streamlit script, default ``app.py``.
    port
        Port to listen on, default a free one (give the old port to test a restart).
    log
        File for the server's output, default discarded.
    extra_env
        More environment variables.
    wait
        Wait for the health endpoint before returning (False: call :meth:`wait_ready` later, so that
        several servers start at once).
    root
        The checkout whose code runs (working directory and ``PYTHONPATH``), default this one.
    """

    def __init__(
        self,
        db: Path | None,
        *,
        script: Path = ROOT / "app.py",
        port: int | None = None,
        log: Path | None = None,
        extra_env: dict[str, str] | None = None,
        wait: bool = True,
        root: Path = ROOT,
    ) -> None:
        self.port = port or free_port()
        self.url = f"http://{HOST}:{self.port}"
        env = {**os.environ, "PYTHONPATH": str(root), **(extra_env or {})}
        if db is not None:
            env["QONYS_DB"] = str(db)
        self.log = open(log or os.devnull, "w")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(script),
                "--server.port",
                str(self.port),
                "--server.address",
                HOST,
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
                # No module reloads under running sessions (with the watcher on, edits under load broke sessions).
                "--server.fileWatcherType",
                "none",
            ],
            cwd=root,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if wait:
            self.wait_ready()

    def wait_ready(self, timeout_s: float = START_TIMEOUT_S) -> None:
        """Return once ``/_stcore/health`` answers 200; stop the server and raise if it exits or times out."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.proc.returncode}; see {self.log.name}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"streamlit did not start within {timeout_s} s; see {self.log.name}")

    @property
    def ws_url(self) -> str:
        """The browser websocket of the server."""
        return f"ws://{HOST}:{self.port}/_stcore/stream"

    def rss_mb(self) -> float:
        return rss_mb(self.proc.pid)

    def cpu_s(self) -> float:
        return cpu_s(self.proc.pid)

    def stop(self) -> None:
        """SIGTERM the process group, SIGKILL after 20 s, and wait for the exit."""
        stop_group(self.proc)
        self.log.close()
