"""A damaged database file at start-up: the app says what is wrong and what to do, never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def damaged(kind: str, folder: Path, built_db: Path) -> Path:
    path = folder / f"{kind}.duckdb"
    if kind == "garbage":
        path.write_bytes(os.urandom(100))
    elif kind == "empty":
        path.write_bytes(b"")
    else:  # a copy cut short, as by a full disk or an interrupted transfer: it opens, then a read fails
        whole = built_db.read_bytes()
        path.write_bytes(whole[: len(whole) // 2])
    return path


@pytest.mark.parametrize("kind", ["garbage", "empty", "truncated"])
def test_a_damaged_database_gives_a_clear_message(
    kind: str, tmp_path: Path, built_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QONYS_DB", str(damaged(kind, tmp_path, built_db)))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    messages = [e.value for e in at.error]
    assert len(messages) == 1, messages
    assert f"{kind}.duckdb" in messages[0] and "restore it from a backup" in messages[0]
