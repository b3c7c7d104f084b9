"""Shared fixtures: one database built from the vendored sources per test session, in a temp folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from data.build import build
from data.raw import RAW_DIR
from data.store import Store

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def built_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Path of a database freshly built from ``data/raw``; ``QONYS_DB`` points at it for the session."""
    path = tmp_path_factory.mktemp("db") / "qonys.duckdb"
    build(RAW_DIR, path)
    os.environ["QONYS_DB"] = str(path)
    return path


@pytest.fixture(scope="session")
def store(built_db: Path) -> Store:
    """A read-only store on the session database (tests that write make their own copy)."""
    return Store(built_db, read_only=True)


@pytest.fixture
def writable_db(built_db: Path, tmp_path: Path) -> Path:
    """A private copy of the session database for tests that write."""
    copy = tmp_path / "qonys.duckdb"
    copy.write_bytes(built_db.read_bytes())
    return copy
