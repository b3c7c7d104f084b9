"""Faults during a save or a build: the error reaches the caller and nothing is half-written.

Disk full is simulated with ``RLIMIT_FSIZE`` in a child process (the kernel refuses to grow any file past
the limit with EFBIG, like ENOSPC on a full disk, and works even as root, where chmod does not bind); a
read-only deployment with a read-only store; a failure in the middle of a build by injecting an error
into the store's table writer used by the build.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

import data.store
from data.build import build
from data.raw import RAW_DIR
from data.store import Edit, Store

ROOT = Path(__file__).resolve().parents[2]
VAC = "vacancies_per_jobseeker"
ABAI_DISTRICTS = ["101000000", "102000000", "103000000"]


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
        size = {path.stat().st_size}
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))  # no file may grow: the disk is full
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
    assert "ERROR" in done.stdout
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
    real_append = data.store._append

    def append(con: duckdb.DuckDBPyConnection, table: str, frame: object, **kw: object) -> None:
        if table == "observation":  # sources, units and geometry are already written by now
            raise OSError(28, "No space left on device")
        real_append(con, table, frame, **kw)

    monkeypatch.setattr(data.store, "_append", append)
    with pytest.raises(OSError, match="No space left"):
        build(RAW_DIR, out)
    assert digest(out) == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["qonys.duckdb"], "temporary build files left behind"
    Store(out, read_only=True).meta()  # still opens
