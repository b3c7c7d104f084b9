"""Shared fixtures: one database built from the vendored sources per test session, in a temp folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from data.build import build
from data.permissions import OPERATOR
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


DESK_ACCOUNTS = {
    "akimat_abai": ("akimat", "100000000"),
    "akimat_akmola": ("akimat", "110000000"),
    "akimat_semey": ("akimat", "101000000"),
    "ministry1": ("ministry", None),
    "consul1": ("consul", None),
}


@pytest.fixture(scope="session")
def desk_accounts() -> dict[str, tuple[str, str]]:
    """Random passwords (no defaults anywhere) and their bcrypt hashes, made once per test session."""
    import secrets

    from data.auth import hash_password

    passwords = {name: secrets.token_urlsafe(12) for name in DESK_ACCOUNTS}
    return {name: (password, hash_password(password)) for name, password in passwords.items()}


@pytest.fixture
def desk_db(writable_db: Path, desk_accounts: dict) -> dict:
    """A private database with staff accounts made for this test.

    Returns ``{"path": Path, "passwords": {username: password}}``; users: ``akimat_abai`` (Abai
    oblast 100000000), ``akimat_akmola`` (Akmola 110000000), ``akimat_semey`` (district 101000000),
    ``ministry1`` and ``consul1``.
    """
    store = Store(writable_db)
    for name, (role, scope) in DESK_ACCOUNTS.items():
        store.add_user(name, role, scope, desk_accounts[name][1], by=OPERATOR)
    store.close()
    return {"path": writable_db, "passwords": {name: pw for name, (pw, _h) in desk_accounts.items()}}
