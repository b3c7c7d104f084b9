"""Connections, transactions and the write lock of the store; its error type.

One DuckDB connection per process and database file is shared by every :class:`Connection` on that
file (DuckDB refuses a second connection in the same process with other settings); each call takes
its own ``cursor()``, so Streamlit's session threads can read at once. Writes are serialised by a
process-wide lock and run in one transaction each.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from data import permissions
from data.errors import AccessDenied

DEFAULT_DB = Path(__file__).resolve().parents[1] / "qonys.duckdb"
DESK_SCHEMA = Path(__file__).with_name("desk_schema.sql")

_CONNECTIONS: dict[str, tuple[duckdb.DuckDBPyConnection, bool]] = {}
_CONNECTIONS_LOCK = threading.Lock()
_WRITE_LOCKS: dict[str, threading.Lock] = {}

#: What to do about a damaged live database: a rebuild would drop every account and entered value.
RESTORE_HINT = (
    "restore it from a backup (python -m data.build makes a fresh database but loses every account "
    "and value entered since the build)"
)


#: How long opening waits for another process to let go of the file (``$QONYS_DB_WAIT_S``), and
#: how often it tries again meanwhile. DuckDB lets no process open a file read-write while another
#: holds it at all, so a command started while a short one (a report, an import) runs waits for it.
DEFAULT_WAIT_S = 10.0
LOCK_RETRY_S = 0.2


def default_wait_s() -> float:
    """Seconds to wait for another process's lock on the file: ``$QONYS_DB_WAIT_S`` or 10."""
    try:
        return max(0.0, float(os.environ.get("QONYS_DB_WAIT_S") or DEFAULT_WAIT_S))
    except ValueError:
        return DEFAULT_WAIT_S


class StoreError(Exception):
    """The database is missing, unreadable, read-only or locked; the message says what to do."""


def default_db_path() -> Path:
    """The database path: ``$QONYS_DB`` if set, else ``data/qonys.duckdb``."""
    return Path(os.environ.get("QONYS_DB") or DEFAULT_DB)


def _is_read_only_cause(exc: BaseException) -> bool:
    text = str(exc).lower()
    return any(s in text for s in ("permission denied", "read-only file system", "read only file system"))


class Connection:
    """The plumbing every part of :class:`~data.store.Store` shares.

    Parameters
    ----------
    path
        Database file; default :func:`default_db_path`.
    read_only
        Open without write access when this process has no connection to the file yet (several
        processes may then read the same file); otherwise the process's connection is shared. A
        file this process may not write (permissions, read-only file system) is opened read-only
        by itself: the public pages keep working and writes say why they cannot be saved.
    """

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False, wait_s: float | None = None) -> None:
        self.path = Path(path or default_db_path())
        if not self.path.exists():
            raise StoreError(f"database not found: {self.path}. Build it with: python -m data.build")
        key = str(self.path.resolve())
        wait_s = default_wait_s() if wait_s is None else wait_s
        try:
            with _CONNECTIONS_LOCK:
                if key not in _CONNECTIONS:
                    _CONNECTIONS[key] = self._open_waiting(key, read_only=read_only, wait_s=wait_s)
                    _WRITE_LOCKS[key] = threading.Lock()
            self._con, self.read_only = _CONNECTIONS[key]
            self._key = key
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise StoreError(
                    f"database {self.path} is held by another process (waited {wait_s:g} s; {exc}): a running "
                    "app, an import or a report. Stop it or wait until it ends, then try again."
                ) from exc
            raise StoreError(
                f"database {self.path} cannot be opened ({exc}); if it is damaged, {RESTORE_HINT}."
            ) from exc
        except duckdb.Error as exc:
            raise StoreError(f"database {self.path} is not a Qonys database ({exc}); {RESTORE_HINT}.") from exc
        self._write_lock = _WRITE_LOCKS[key]

    @classmethod
    def _open_waiting(cls, key: str, *, read_only: bool, wait_s: float) -> tuple[duckdb.DuckDBPyConnection, bool]:
        """Open, retrying for up to ``wait_s`` seconds while another process holds the file's lock."""
        deadline = time.monotonic() + wait_s
        while True:
            try:
                return cls._open(key, read_only=read_only)
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                    raise
            time.sleep(LOCK_RETRY_S)

    @staticmethod
    def _open(key: str, *, read_only: bool) -> tuple[duckdb.DuckDBPyConnection, bool]:
        if not read_only and not os.access(key, os.W_OK):
            read_only = True
        try:
            con = duckdb.connect(key, read_only=read_only)
        except duckdb.IOException as exc:
            if read_only or not _is_read_only_cause(exc):
                raise
            con, read_only = duckdb.connect(key, read_only=True), True
        try:
            con.execute("SELECT count(*) FROM meta").fetchone()
        except BaseException:
            con.close()
            raise
        return con, read_only

    # ------------------------------------------------------------------ reads
    def query(self, sql: str, params: list | tuple | None = None) -> pd.DataFrame:
        """Run one parameterised SELECT on its own cursor and return a data frame."""
        cur = self._con.cursor()
        try:
            return cur.execute(sql, params or []).df()
        finally:
            cur.close()

    # ------------------------------------------------------------------ writes
    def _file_identity(self) -> tuple[int, int]:
        try:
            st = os.stat(self._key)
        except FileNotFoundError:
            raise StoreError(
                f"database {self.path} was deleted while the app was running: nothing was saved. Restore the "
                "file from a backup and restart the app."
            ) from None
        return st.st_dev, st.st_ino

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One serialised write transaction: committed on success, rolled back on any error.

        Raises
        ------
        StoreError
            The store is read-only, the file was deleted or replaced under the running process (a
            write would land in the old, unlinked file and be lost), or the COMMIT failed (disk
            full, permission denied: the message names the cause, not a later rollback error).
        """
        if self.read_only:
            raise StoreError(
                f"database {self.path} is open read-only (the file or its folder is not writable by this "
                "process, or it was opened read-only): changes cannot be saved. Make the file and its folder "
                "writable for the app's user and restart the app."
            )
        with self._write_lock:
            identity = self._file_identity()
            cur = self._con.cursor()
            cur.execute("BEGIN TRANSACTION")
            try:
                yield cur
                if self._file_identity() != identity:
                    raise StoreError(f"database {self.path} was replaced while saving: nothing was saved.")
                try:
                    cur.execute("COMMIT")
                except duckdb.Error as exc:
                    raise StoreError(f"database {self.path}: the change could not be saved ({exc}).") from exc
            except BaseException:
                try:
                    cur.execute("ROLLBACK")
                except duckdb.Error:
                    pass  # a failed COMMIT already ended the transaction; the real cause is raised below
                raise
            finally:
                cur.close()
            if self._file_identity() != identity:
                raise StoreError(
                    f"database {self.path} was deleted or replaced during the save: the change went to the "
                    "old file and is lost. Restore the database and restart the app."
                )

    def _actor(self, cur: duckdb.DuckDBPyConnection, username: object, action: str, *, now: object) -> dict:
        """The acting account, re-read inside the write's transaction; refused unless it may act.

        Every write calls this first, so an account disabled, locked or demoted after it signed in
        keeps no power. :data:`~data.permissions.OPERATOR` (the console) needs no account.
        """
        if username == permissions.OPERATOR and action == "manage_users":
            return {"username": permissions.OPERATOR, "role": "operator", "scope_kato": None}
        rows = (
            cur.execute(
                "SELECT username, role, scope_kato, disabled, locked_until FROM app_user WHERE username = ?",
                [username],
            ).fetchall()
            if isinstance(username, str)
            else []
        )
        account = (
            dict(zip(("username", "role", "scope_kato", "disabled", "locked_until"), rows[0], strict=True))
            if rows
            else None
        )
        if not permissions.is_active(account, now=now) or not permissions.may(account["role"], action):
            need = " or ".join(permissions.roles_for(action))
            raise AccessDenied(f"user {username!r} may not do this (needs an active {need} account)")
        return account

    def _precheck(self, username: object, action: str) -> None:
        """Refuse early, before validating input, a user who may not act at all (the authoritative
        check is :meth:`_actor` inside the write's transaction)."""
        cur = self._con.cursor()
        try:
            self._actor(cur, username, action, now=None)
        finally:
            cur.close()

    def close(self) -> None:
        """Close this process's connection to the file (every Store on the same file is closed with it)."""
        with _CONNECTIONS_LOCK:
            con = _CONNECTIONS.pop(self._key, None)
            _WRITE_LOCKS.pop(self._key, None)
        if con is not None:
            con[0].close()
