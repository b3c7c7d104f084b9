"""Every command works while the app serves: real processes on one database file.

An "app" process holds a :class:`~data.store.Store` and keeps reading (as the Streamlit app does);
meanwhile the writing commands (``data.users add``, ``data.import_file``) and the reading ones
(``data.report``, ``data.support``, ``data.monitor``, ``data.advice``, ``export``) run in their own
processes and succeed, and the app sees the writes within 5 s.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from data.permissions import OPERATOR
from data.store import Edit, Store, StoreError, snapshots

ROOT = Path(__file__).resolve().parents[2]
SEEN_WITHIN_S = 5.0
APP = textwrap.dedent("""
    import json, sys, time
    from data.store import Store
    store = Store(sys.argv[1])
    want_user, want_by = sys.argv[2], sys.argv[3]
    seen = {}
    print("ready", store.data_version(), flush=True)
    deadline = time.time() + 240
    while time.time() < deadline and len(seen) < 2:
        if "user" not in seen and store.user(want_user) is not None:
            seen["user"] = time.time()
        n = store.query("SELECT count(*) AS n FROM observation WHERE entered_by = ?", [want_by]).iloc[0, 0]
        if "value" not in seen and n > 0:
            seen["value"] = time.time()
        store.units("district")  # a page's read
        time.sleep(0.05)
    print(json.dumps(seen), flush=True)
""")


def env(path: Path, wait_s: float = 30) -> dict[str, str]:
    return {**os.environ, "QONYS_DB": str(path), "QONYS_DB_WAIT_S": str(wait_s)}


def run(path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env(path), input=stdin, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def app(desk_db: dict) -> subprocess.Popen:
    """An app-like process holding a Store on the desk database, reading until it saw the new user
    ``newcomer`` and a value entered by ``akimat_abai``."""
    proc = subprocess.Popen(
        [sys.executable, "-c", APP, str(desk_db["path"]), "newcomer", "akimat_abai"],
        cwd=ROOT,
        env=env(desk_db["path"]),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().startswith("ready"), proc.stderr
    yield proc
    proc.kill()
    proc.wait(timeout=60)


def test_writers_beside_the_app_succeed_and_the_app_sees_their_writes(
    app: subprocess.Popen, desk_db: dict, tmp_path: Path
) -> None:
    path = desk_db["path"]
    added = run(path, "-m", "data.users", "add", "newcomer", "--role", "ministry", stdin="a long enough password\n")
    assert added.returncode == 0, added.stderr
    user_done = time.time()
    values = tmp_path / "values.csv"
    values.write_text(
        "kato,indicator,value,date,source,reason\n101000000,vacancies_per_jobseeker,0.8,2026-01-15,Akimat letter 12,\n",
        encoding="utf-8",
    )
    imported = run(path, "-m", "data.import_file", "--user", "akimat_abai", str(values))
    assert imported.returncode == 0, imported.stderr
    value_done = time.time()
    out, err = app.communicate(timeout=120)
    seen = json.loads(out.strip().splitlines()[-1])
    assert set(seen) == {"user", "value"}, (out, err)
    assert seen["user"] - user_done < SEEN_WITHIN_S and seen["value"] - value_done < SEEN_WITHIN_S


def test_reading_commands_run_while_the_app_holds_the_file(
    app: subprocess.Popen, desk_db: dict, tmp_path: Path
) -> None:
    path = desk_db["path"]
    family = tmp_path / "family.json"
    family.write_text(json.dumps({"year": 2026, "adults": 1, "work": ["industry"], "origin": "MN"}), encoding="utf-8")
    commands = {
        "report": ["-m", "data.report", "--format", "json", "--draws", "20"],
        "support": ["-m", "data.support", "--members", "2", "--oblast", "KZ-PAV", "--year", "2026"],
        "monitor": ["-m", "data.monitor", "--format", "json"],
        "advice": ["-m", "data.advice", "--profile", str(family)],
        "export": ["-m", "export", "--out", str(tmp_path / "site"), "--draws", "20"],
        "users list": ["-m", "data.users", "list"],
    }
    for name, args in commands.items():
        done = run(path, *args)
        assert done.returncode == 0, (name, done.stderr[-2000:])
    assert app.poll() is None, "the app process died"
    assert (tmp_path / "site" / "index.html").exists()


def add_users(path: Path, prefix: str, n: int) -> subprocess.Popen:
    script = textwrap.dedent(f"""
        from data.permissions import OPERATOR
        from data.store import Store
        store = Store({str(path)!r})
        for i in range({n}):
            store.add_user(f"{prefix}{{i}}", "ministry", None, "x" * 60, by=OPERATOR)
    """)
    return subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, env=env(path, 60), stderr=subprocess.PIPE)


def test_concurrent_writers_serialise_and_lose_nothing(desk_db: dict) -> None:
    path = desk_db["path"]
    writers = [add_users(path, prefix, 4) for prefix in ("left", "right")]
    for w in writers:
        assert w.wait(timeout=240) == 0, w.stderr.read() if w.stderr else ""
    store = Store(path, read_only=True)
    names = set(store.users()["username"])
    assert {f"{p}{i}" for p in ("left", "right") for i in range(4)} <= names
    # the audit of every write is there too, with distinct ids
    ids = store.query("SELECT id FROM audit WHERE action LIKE 'user%'")["id"]
    assert ids.is_unique and len(ids) >= 8


def test_a_write_is_read_back_at_once_and_changes_the_data_version(desk_db: dict) -> None:
    store = Store(desk_db["path"])
    before, snapshot = store.data_version(), store.snapshot_version()
    store.save_observations(
        [Edit("101000000", "vacancies_per_jobseeker", 1.5, "2026-01-01", "letter")], user="akimat_abai"
    )
    assert store.snapshot_version() > snapshot and store.data_version() != before
    assert len(store.query("SELECT * FROM observation WHERE entered_by = 'akimat_abai'")) == 1


def test_first_open_publishes_a_snapshot_and_superseded_ones_are_removed(
    writable_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = snapshots.snapshot_dir(writable_db)
    assert not folder.exists()
    store = Store(writable_db)
    assert (folder / snapshots.CURRENT).exists() and store.snapshot_version() == "0000000001"
    monkeypatch.setattr(snapshots, "GRACE_S", -1.0)
    for name in ("one", "two", "three"):
        store.add_user(name, "ministry", None, "x" * 60, by=OPERATOR)
    assert sorted(p.name for p in folder.glob("*.duckdb")) == ["0000000004.duckdb"]
    assert store.user("three") is not None


def test_a_file_restored_outside_the_store_is_published_to_readers(desk_db: dict, tmp_path: Path) -> None:
    path = desk_db["path"]
    backup = tmp_path / "backup.duckdb"
    shutil.copy(path, backup)
    store = Store(path)
    store.add_user("after_backup", "ministry", None, "x" * 60, by=OPERATOR)
    assert store.user("after_backup") is not None
    os.replace(backup, path)  # an operator restores yesterday's file
    deadline = time.monotonic() + SEEN_WITHIN_S
    while store.user("after_backup") is not None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert store.user("after_backup") is None


def test_a_read_only_folder_reads_the_file_itself_and_refuses_writes(
    writable_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(db: Path) -> Path:
        raise PermissionError(13, "Permission denied", str(snapshots.snapshot_dir(db)))

    monkeypatch.setattr(snapshots, "publish", refuse)
    store = Store(writable_db)
    try:
        assert store.read_only and len(store.units("district")) > 0
        with pytest.raises(StoreError, match="read-only"):
            store.add_user("nobody", "ministry", None, "x" * 60, by=OPERATOR)
    finally:
        store.close()


def test_a_rebuild_runs_while_the_app_holds_the_file(app: subprocess.Popen, desk_db: dict) -> None:
    path = desk_db["path"]
    before = Store(path, read_only=True).snapshot_version()
    done = run(path, "-m", "data.build", "--out", str(path))
    assert done.returncode == 0, done.stderr[-2000:]
    assert app.poll() is None, "the app process died"
    store = Store(path, read_only=True)
    assert store.snapshot_version() > before and store.user("akimat_abai") is not None  # staff data carried
