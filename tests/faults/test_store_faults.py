"""Faults during a save or a build: the error reaches the caller and nothing is half-written.

Disk full is simulated with ``RLIMIT_FSIZE`` in a child process (the kernel refuses to grow any file past
the limit with EFBIG, like ENOSPC on a full disk, and works even as root, where chmod does not bind); a
read-only deployment with a read-only store; a failure in the middle of a build by injecting an error
into the store's table writer used by the build. Writers queue on the store's write lock (``<db>.lock``):
one kept out longer than ``$QONYS_DB_WAIT_S`` names the lock and exits 1, while readers never wait.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

import data.store
from data.build import build
from data.raw import RAW_DIR
from data.store import Edit, Store, StoreError
from data.store.desk import Desk

ROOT = Path(__file__).resolve().parents[2]
VAC = "vacancies_per_jobseeker"
ABAI_DISTRICTS = ["101000000", "101010000", "101800000"]  # districts of Abai oblast


def content(path: Path) -> dict[str, list[str]]:
    """Every row a save could touch, read in a separate process-free connection."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {
            t: sorted(map(repr, con.execute(f"SELECT * FROM {t}").fetchall()))
            for t in ("observation", "audit", "app_user")
        }
    finally:
        con.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_save_on_a_read_only_store_fails_and_writes_nothing(desk_db: dict) -> None:
    path = desk_db["path"]
    before = content(path)
    script = textwrap.dedent(f"""
        from data.store import Edit, Store
        store = Store({str(path)!r}, read_only=True)
        try:
            store.save_observations([Edit("101000000", {VAC!r}, 1.5, "2026-01-01", "letter")], user="akimat_abai")
        except Exception as exc:
            print("ERROR", type(exc).__name__, str(exc)[:200])
            raise SystemExit(3)
        print("SAVED")
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 3, (done.stdout, done.stderr)
    assert "read-only" in done.stdout.lower() or "read only" in done.stdout.lower(), done.stdout
    assert content(path) == before


def test_disk_full_during_a_save_rolls_back(desk_db: dict) -> None:
    path = desk_db["path"]
    before = content(path)
    edits = [
        (kato, 1.0 + i / 100, f"{2010 + i // 12}-{1 + i % 12:02d}-01") for i, kato in enumerate(ABAI_DISTRICTS * 40)
    ]
    script = textwrap.dedent(f"""
        import resource, signal
        from data.store import Edit, Store
        store = Store({str(path)!r})
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG from write() instead of being killed
        resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))  # no file may grow (the WAL neither): the disk is full
        edits = [Edit(k, {VAC!r}, v, p, "letter", reason="disk-full test") for k, v, p in {edits!r}]
        try:
            store.save_observations(edits, user="akimat_abai")
        except Exception as exc:
            print("ERROR", type(exc).__name__, str(exc)[:300])
            raise SystemExit(3)
        print("SAVED")
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 3, (done.stdout, done.stderr)
    # The real cause is reported, not the secondary "cannot rollback - no transaction is active".
    assert "ERROR StoreError" in done.stdout and "File too large" in done.stdout, done.stdout
    assert "rollback" not in done.stdout.lower(), done.stdout
    # Reopened after the failure, the database is intact and holds none of the batch.
    assert content(path) == before
    store = Store(path)
    try:
        assert (
            store.save_observations([Edit("101000000", VAC, 1.5, "2026-01-01", "letter")], user="akimat_abai")["rows"]
            == 1
        )
    finally:
        store.close()


def test_failure_in_the_middle_of_a_build_keeps_the_old_database(
    built_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "qonys.duckdb"
    out.write_bytes(built_db.read_bytes())
    old = digest(out)
    real_append = data.store.build_writer._append

    def append(con: duckdb.DuckDBPyConnection, table: str, frame: object, **kw: object) -> None:
        if table == "observation":  # sources, units and geometry are already written by now
            raise OSError(28, "No space left on device")
        real_append(con, table, frame, **kw)

    monkeypatch.setattr(data.store.build_writer, "_append", append)
    with pytest.raises(OSError, match="No space left"):
        build(RAW_DIR, out)
    assert digest(out) == old
    # the lock file stays (writers share it); no temporary file and no snapshot of a half-built file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["qonys.duckdb", "qonys.duckdb.lock"], (
        "temporary build files left behind"
    )
    Store(out, read_only=True).meta()  # still opens


def test_a_database_deleted_under_the_running_app_is_not_reported_saved(desk_db: dict) -> None:
    path = desk_db["path"]
    store = Store(path)
    try:
        path.unlink()
        with pytest.raises(StoreError, match="deleted"):
            store.save_observations([Edit("101000000", VAC, 1.5, "2026-01-01", "letter")], user="akimat_abai")
    finally:
        store.close()


def test_a_database_replaced_during_a_save_is_not_reported_saved(
    desk_db: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = desk_db["path"]
    store = Store(path)
    real_check = Desk._check_conflicts

    def replace_then_check(self: Desk, cur: object, rows: list) -> None:
        shutil.copy(path, path.with_suffix(".new"))
        os.replace(path.with_suffix(".new"), path)  # a rebuild renames a new file over the old one
        real_check(self, cur, rows)

    monkeypatch.setattr(Desk, "_check_conflicts", replace_then_check)
    try:
        with pytest.raises(StoreError, match="replaced"):
            store.save_observations([Edit("101000000", VAC, 1.5, "2026-01-01", "letter")], user="akimat_abai")
    finally:
        store.close()


def test_an_unwritable_database_serves_reads_and_refuses_writes_clearly(
    desk_db: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = desk_db["path"]
    real_connect = duckdb.connect

    def connect(database: str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
        if not read_only:  # what a chmod 444 file or a read-only file system answers
            raise duckdb.IOException(f'IO Error: Cannot open file "{database}": Permission denied')
        return real_connect(database, read_only=True)

    monkeypatch.setattr(duckdb, "connect", connect)
    before = content(path)
    store = Store(path)
    try:
        assert len(store.units("district")) > 0  # the public pages keep working (they read a snapshot)
        with pytest.raises(StoreError) as info:
            store.save_observations([Edit("101000000", VAC, 1.5, "2026-01-01", "letter")], user="akimat_abai")
        message = str(info.value)
        assert "read-only" in message and "writable" in message
        assert "data.build" not in message and "another process" not in message
        assert store.read_only  # known from the first refused write on
        with pytest.raises(StoreError, match="read-only"):
            store.save_observations([Edit("101000000", VAC, 1.6, "2026-01-01", "letter")], user="akimat_abai")
    finally:
        store.close()
    assert content(path) == before


def test_no_store_message_recommends_a_rebuild_of_a_live_database(tmp_path: Path) -> None:
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"not a database" * 100)
    with pytest.raises(StoreError) as info:
        Store(bad)
    assert "backup" in str(info.value) and "loses every account" in str(info.value)


def hold(path: Path, seconds: float) -> subprocess.Popen:
    """A process outside the store holding the database file read-write for ``seconds`` (an old app, a shell)."""
    script = (
        f"import duckdb, time; con = duckdb.connect({str(path)!r}); print('held', flush=True); "
        f"time.sleep({seconds}); con.close()"
    )
    holder = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


def hold_lock(path: Path, seconds: float) -> subprocess.Popen:
    """Another writer holding the store's write lock ``<db>.lock`` for ``seconds`` (like a long import)."""
    script = textwrap.dedent(f"""
        import time
        from pathlib import Path
        from data.store.connection import write_lock
        with write_lock(Path({str(path)!r}), wait_s=30):
            print("held", flush=True)
            time.sleep({seconds})
    """)
    holder = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


def users(path: Path, wait_s: float, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "QONYS_DB": str(path), "QONYS_DB_WAIT_S": str(wait_s)}
    return subprocess.run(
        [sys.executable, "-m", "data.users", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def add_user(path: Path, wait_s: float, name: str) -> subprocess.CompletedProcess:
    return users(path, wait_s, "add", name, "--role", "ministry", stdin="a long enough password\n")


def test_a_writer_waits_for_another_writer_to_let_go(desk_db: dict) -> None:
    holder = hold_lock(desk_db["path"], 2)
    try:
        done = add_user(desk_db["path"], 30, "waited_writer")
    finally:
        holder.wait(timeout=60)
    assert done.returncode == 0, done.stderr
    assert "waited_writer" in users(desk_db["path"], 1, "list").stdout


def test_a_writer_that_cannot_get_the_lock_in_time_says_so_and_exits_1(desk_db: dict) -> None:
    path = desk_db["path"]
    holder = hold_lock(path, 60)
    try:
        done = add_user(path, 1, "blocked_writer")
        reading = users(path, 1, "list")  # readers never wait for a writer
    finally:
        holder.kill()
        holder.wait(timeout=60)
    assert done.returncode == 1
    assert f"{path}.lock" in done.stderr and "waited 1 s" in done.stderr, done.stderr
    assert "data.build" not in done.stderr
    assert reading.returncode == 0 and "akimat_abai" in reading.stdout, reading.stderr
    assert "blocked_writer" not in users(path, 1, "list").stdout


def test_a_writer_waits_for_a_process_outside_the_store_to_let_go(desk_db: dict) -> None:
    holder = hold(desk_db["path"], 2)
    try:
        done = add_user(desk_db["path"], 30, "waited_outside")
    finally:
        holder.wait(timeout=60)
    assert done.returncode == 0, done.stderr


def test_a_writer_kept_out_by_a_process_outside_the_store_says_so_and_exits_1(desk_db: dict) -> None:
    holder = hold(desk_db["path"], 60)
    try:
        done = add_user(desk_db["path"], 1, "blocked_outside")
    finally:
        holder.kill()
        holder.wait(timeout=60)
    assert done.returncode == 1
    assert "held by another process" in done.stderr and "waited 1 s" in done.stderr, done.stderr
    assert "data.build" not in done.stderr
