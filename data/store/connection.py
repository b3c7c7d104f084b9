"""Connections, transactions and the write lock of the store; its error type.

Reads go to this process's read-only connection to the current snapshot of the file
(:class:`~data.store.snapshots.Reader`, one per process and file, shared by every
:class:`Connection` on it); each call takes its own ``cursor()``, so Streamlit's session threads can
read at once. A write opens the file itself read-write under the cross-process lock, runs one
transaction, closes it and publishes a new snapshot (:mod:`data.store.snapshots`).
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
from data.store import snapshots
from data.store.errors import StoreError

DEFAULT_DB = Path(__file__).resolve().parents[1] / "qonys.duckdb"
DESK_SCHEMA = Path(__file__).with_name("desk_schema.sql")

_READERS: dict[str, snapshots.Reader] = {}
_READERS_LOCK = threading.Lock()

#: What to do about a damaged live database: a rebuild would drop every account and entered value.
RESTORE_HINT = (
    "restore it from a backup (python -m data.build makes a fresh database but loses every account "
    "and value entered since the build)"
)


#: How long a writer waits for the lock or for another process to let go of the file
#: (``$QONYS_DB_WAIT_S``), and how often it tries again meanwhile. Writers of the store queue on
#: ``<db>.lock``; a process outside the store holding the file (an old app, a DuckDB shell) is
#: waited for by retrying the open.
DEFAULT_WAIT_S = 10.0
LOCK_RETRY_S = 0.2


def default_wait_s() -> float:
    """Seconds to wait for another process's lock on the file: ``$QONYS_DB_WAIT_S`` or 10."""
    try:
        return max(0.0, float(os.environ.get("QONYS_DB_WAIT_S") or DEFAULT_WAIT_S))
    except ValueError:
        return DEFAULT_WAIT_S


def default_db_path() -> Path:
    """The database path: ``$QONYS_DB`` if set, else ``data/qonys.duckdb``."""
    return Path(os.environ.get("QONYS_DB") or DEFAULT_DB)


def _is_read_only_cause(exc: BaseException) -> bool:
    text = str(exc).lower()
    return any(s in text for s in ("permission denied", "read-only file system", "read only file system"))


def _held(path: Path, wait_s: float, exc: BaseException) -> StoreError:
    return StoreError(
        f"database {path} is held by another process (waited {wait_s:g} s; {exc}): a program outside Qonys "
        "(an older app, a DuckDB shell) has it open. Stop it or wait until it ends, then try again."
    )


@contextmanager
def write_lock(path: Path, *, wait_s: float | None = None) -> Iterator[None]:
    """Hold ``path``'s cross-process write lock (``<path>.lock``) for the block; the build uses it.

    Raises :class:`StoreError` naming the lock when another writer keeps it longer than ``wait_s``
    (default :func:`default_wait_s`).
    """
    # the resolved path: a symlink and its target must share one lock and one snapshot folder
    with snapshots.exclusive(Path(path).resolve(), wait_s=default_wait_s() if wait_s is None else wait_s):
        yield


def publish(path: Path) -> None:
    """Publish ``path`` (the master, just replaced or written) as the current snapshot and switch
    this process's readers to it. The caller holds :func:`write_lock`."""
    path = Path(path).resolve()
    try:
        snapshots.publish(path)
    except OSError as exc:
        raise StoreError(
            f"database {path} was written, but its readers' copy in {snapshots.snapshot_dir(path)} could "
            f"not be updated ({exc}); readers see the change once a copy succeeds. Free disk space or make the "
            "folder writable."
        ) from exc
    reader = _READERS.get(str(path))
    if reader is not None:
        reader.refresh(force=True)


class Connection:
    """The plumbing every part of :class:`~data.store.Store` shares.

    Parameters
    ----------
    path
        Database file; default :func:`default_db_path`.
    read_only
        This store never writes (its writes say so). Reads are read-only in every store: they go
        to the current snapshot, so any number of processes read while one writes. A file this
        process may not write (permissions, read-only file system) makes writes say why they
        cannot be saved; when even its folder is read-only the file itself is read.
    wait_s
        How long a write waits for another writer (and the first open for the first snapshot);
        default ``$QONYS_DB_WAIT_S`` or 10 s.
    """

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False, wait_s: float | None = None) -> None:
        self.path = Path(path or default_db_path())
        if not self.path.exists():
            raise StoreError(f"database not found: {self.path}. Build it with: python -m data.build")
        key = str(self.path.resolve())
        self._wait_s = default_wait_s() if wait_s is None else wait_s
        try:
            with _READERS_LOCK:
                if key not in _READERS:
                    _READERS[key] = snapshots.Reader(Path(key), wait_s=self._wait_s)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise _held(self.path, self._wait_s, exc) from exc
            raise StoreError(
                f"database {self.path} cannot be opened ({exc}); if it is damaged, {RESTORE_HINT}."
            ) from exc
        except duckdb.Error as exc:
            raise StoreError(f"database {self.path} is not a Qonys database ({exc}); {RESTORE_HINT}.") from exc
        self._key = key
        self._reader = _READERS[key]
        self._read_only_wanted = read_only

    @property
    def read_only(self) -> bool:
        """True when this store cannot write: opened read-only, or the file or its folder is not writable."""
        return self._read_only_wanted or self._reader.direct or not os.access(self._key, os.W_OK)

    @property
    def _con(self) -> duckdb.DuckDBPyConnection:
        return self._reader.connection()

    def snapshot_version(self) -> str:
        """The version of the snapshot reads come from (it changes with every write and rebuild)."""
        self._reader.connection()
        return self._reader.version

    # ------------------------------------------------------------------ reads
    def query(self, sql: str, params: list | tuple | None = None) -> pd.DataFrame:
        """Run one parameterised SELECT on its own cursor and return a data frame."""
        cur = self._con.cursor()
        try:
            return cur.execute(sql, params or []).df()
        finally:
            cur.close()

    # ------------------------------------------------------------------ writes
    def _read_only_error(self) -> StoreError:
        return StoreError(
            f"database {self.path} is open read-only (the file or its folder is not writable by this "
            "process, or it was opened read-only): changes cannot be saved. Make the file and its folder "
            "writable for the app's user and restart the app."
        )

    def _file_identity(self) -> tuple[int, int]:
        try:
            st = os.stat(self._key)
        except FileNotFoundError:
            raise StoreError(
                f"database {self.path} was deleted while the app was running: nothing was saved. Restore the "
                "file from a backup and restart the app."
            ) from None
        return st.st_dev, st.st_ino

    def _open_master(self, deadline: float) -> duckdb.DuckDBPyConnection:
        """The master opened read-write, retrying while a process outside the store holds it."""
        while True:
            try:
                return duckdb.connect(self._key)
            except duckdb.IOException as exc:
                if _is_read_only_cause(exc):
                    self._read_only_wanted = True
                    raise self._read_only_error() from exc
                if "lock" not in str(exc).lower():
                    raise StoreError(
                        f"database {self.path} cannot be opened for writing ({exc}); if it is damaged, {RESTORE_HINT}."
                    ) from exc
                if time.monotonic() >= deadline:
                    raise _held(self.path, self._wait_s, exc) from exc
            time.sleep(LOCK_RETRY_S)

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One write transaction, serialised across processes: committed on success, rolled back on any error.

        Takes ``<db>.lock`` (waiting up to ``wait_s``), opens the file read-write, runs the
        transaction, checkpoints and closes it, then publishes a new snapshot and switches this
        process's reads to it (a process reads its own writes at once).

        Raises
        ------
        StoreError
            The store is read-only, another writer kept the lock too long, the file was deleted or
            replaced under the running process (a write would land in the old, unlinked file and be
            lost), or the COMMIT failed (disk full, permission denied: the message names the cause,
            not a later rollback error).
        """
        if self.read_only:
            raise self._read_only_error()
        with snapshots.exclusive(Path(self._key), wait_s=self._wait_s):
            deadline = time.monotonic() + self._wait_s
            self._file_identity()
            self._reader.refresh(force=True)  # reads inside the write see every earlier write
            con = self._open_master(deadline)
            try:
                identity = self._file_identity()
                cur = con.cursor()
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
                try:
                    con.execute("CHECKPOINT")  # the snapshot is a copy of the file alone
                except duckdb.Error:
                    pass  # committed in the log; publishing merges it or says why it cannot
            finally:
                con.close()
            publish(self.path)
            self._reader.refresh(force=True)  # also when this store's reader was closed and reopened alone

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
        with _READERS_LOCK:
            reader = _READERS.pop(self._key, None)
        if reader is not None:
            reader.close()
