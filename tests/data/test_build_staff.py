"""A rebuild over a live database keeps its staff data, refuses a held file, and clears a stale WAL."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from data.build import build, main
from data.permissions import OPERATOR
from data.raw import RAW_DIR
from data.store import Edit, Store

ROOT = Path(__file__).resolve().parents[2]


def rows(path: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture
def live_db(built_db: Path, tmp_path: Path, desk_accounts: dict) -> Path:
    """A copy of the session database with a user, an akimat value, its audit row and a settings change."""
    path = tmp_path / "live.duckdb"
    path.write_bytes(built_db.read_bytes())
    store = Store(path)
    store.add_user("akimat_abai", "akimat", "100000000", desk_accounts["akimat_abai"][1], by=OPERATOR)
    store.add_user("ministry1", "ministry", None, desk_accounts["ministry1"][1], by=OPERATOR)
    store.save_observations(
        [Edit("101000000", "vacancies_per_jobseeker", 1.5, "2026-01-01", "letter")], user="akimat_abai"
    )
    store.set_quota(2026, None, "kandas", 2300, "S10d", user="ministry1", note="test amendment")
    store.set_indicator_policy("population", user="ministry1", approval_required=True, akimat_editable=False)
    store.close()
    return path


def staff(path: Path) -> dict:
    return {
        "users": rows(path, "SELECT username FROM app_user ORDER BY 1"),
        "audit": rows(path, "SELECT id, action, username FROM audit ORDER BY id"),
        "akimat": rows(
            path,
            "SELECT kato, indicator, value, period, entered_by FROM observation WHERE entered_by <> 'build'",
        ),
        "quota": rows(
            path,
            "SELECT persons FROM quota WHERE year = 2026 AND oblast_kato IS NULL AND preferred AND category = 'kandas'",
        ),  # fmt: skip
        "approval": rows(path, "SELECT code FROM indicator WHERE approval_required"),
    }


def test_rebuild_keeps_staff_data_by_default(live_db: Path) -> None:
    before = staff(live_db)
    assert before["users"] and before["akimat"] and before["audit"]
    summary = build(RAW_DIR, live_db)
    assert staff(live_db) == before
    kept = summary["staff_data"]["kept"]
    assert kept["app_user"] == 2 and kept["observation (not from the build)"] == 1
    # new writes after the rebuild get fresh ids, after the carried ones
    store = Store(live_db)
    try:
        store.save_observations(
            [Edit("101000000", "vacancies_per_jobseeker", 1.7, "2026-02-01", "letter")], user="akimat_abai"
        )
        ids = [r[0] for r in rows_live(store, "SELECT id FROM audit ORDER BY id")]
        assert len(ids) == len(set(ids)) == len(before["audit"]) + 1
    finally:
        store.close()


def rows_live(store: Store, sql: str) -> list[tuple]:
    return list(store.query(sql).itertuples(index=False, name=None))


def test_discard_staff_data_drops_it_and_says_what(live_db: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["--out", str(live_db), "--discard-staff-data"]) == 0
    err = capsys.readouterr().err
    assert "app_user: 2 rows" in err and "observation (not from the build): 1 rows" in err
    after = staff(live_db)
    assert after["users"] == [] and after["akimat"] == [] and after["audit"] == []


def test_a_held_database_is_not_replaced(live_db: Path, capsys: pytest.CaptureFixture) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
                import duckdb, sys, time
                con = duckdb.connect({str(live_db)!r})
                print("open", flush=True)
                time.sleep(60)
            """),
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        before = live_db.read_bytes()
        assert main(["--out", str(live_db)]) == 1
        err = capsys.readouterr().err
        assert "held by another process" in err and "Stop the app" in err and "left untouched" in err
        assert live_db.read_bytes() == before
        assert not list(live_db.parent.glob("live.duckdb.tmp-*"))
    finally:
        holder.kill()
        holder.wait()


def test_unreadable_database_is_kept_unless_discarded(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "q.duckdb"
    out.write_bytes(b"not a database")
    assert main(["--out", str(out)]) == 1
    assert "--discard-staff-data" in capsys.readouterr().err
    assert out.read_bytes() == b"not a database"
    assert main(["--out", str(out), "--discard-staff-data"]) == 0
    assert "unreadable old database" in capsys.readouterr().err
    assert rows(out, "SELECT count(*) FROM unit WHERE level = 'oblast'") == [(20,)]


def test_stale_wal_is_removed_when_the_file_is_replaced(built_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "q.duckdb"
    wal = Path(f"{out}.wal")
    wal.write_bytes(b"stale log of a database that is gone")  # no database beside it: nobody can hold it
    build(RAW_DIR, out)
    assert not wal.exists()
    assert rows(out, "SELECT count(*) FROM unit WHERE level = 'oblast'") == [(20,)]
    time.sleep(0)  # the new file opens cleanly: no foreign WAL is replayed into it
