"""Copy-on-publish snapshots of the database file, and the cross-process write lock.

The database file (the *master*) is opened read-write only inside a write, under an exclusive
``flock`` on ``<db>.lock``. After a committed write (or a rebuild) the writer copies the master to
``<db>.snapshots/<version>.duckdb`` and points ``<db>.snapshots/CURRENT`` at it, each by an atomic
rename. Readers open the current snapshot read-only and keep it; before a read they look (at most
every :data:`REFRESH_EVERY_S`) whether ``CURRENT`` changed, and reopen. Why: DuckDB 2.0.1 refuses
a read-write open while any other process holds the file, even read-only, so a long-lived reader
of the master would keep every writing command out (measured; see the package docstring).
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from data.store.errors import StoreError

#: How often a reader looks whether a newer snapshot was published (a ``stat`` of ``CURRENT`` and
#: of the master, about 5 µs). An edit by another process is seen within this time, well under the
#: 5 s the issue asks for.
REFRESH_EVERY_S = 0.5

#: How long a superseded snapshot is kept before it is removed, and how long a reader keeps its
#: superseded connection open for queries still running on it. A query on these files takes
#: milliseconds; on Linux a reader may keep reading a removed file it holds open.
GRACE_S = 120.0
RETIRE_S = 30.0

#: How often a writer waiting for the lock tries again.
LOCK_RETRY_S = 0.05

CURRENT = "CURRENT"
_NAME = re.compile(r"^(\d{10})\.duckdb$")

_THREAD_LOCKS: dict[str, threading.Lock] = {}
_THREAD_LOCKS_LOCK = threading.Lock()


def lock_path(db: Path) -> Path:
    """The lock file of ``db``: ``<db>.lock``."""
    return db.with_name(f"{db.name}.lock")


def snapshot_dir(db: Path) -> Path:
    """The folder of ``db``'s snapshots: ``<db>.snapshots``."""
    return db.with_name(f"{db.name}.snapshots")


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """What changes when a file is replaced or written: inode, mtime (ns), size; None when missing."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


def _busy(db: Path, wait_s: float) -> StoreError:
    return StoreError(
        f"database {db} is held by another process writing to it (lock {lock_path(db)}; waited {wait_s:g} s): "
        "another save, an import or a rebuild. Nothing was changed; try again when it ends."
    )


@contextmanager
def exclusive(db: Path, *, wait_s: float, blocking: bool = True) -> Iterator[bool]:
    """Hold ``<db>.lock`` exclusively (``flock``) for the block; every writer of ``db`` takes it.

    Waits up to ``wait_s`` seconds, then raises :class:`StoreError` naming the lock. With
    ``blocking=False`` it does not wait nor raise and yields whether it got the lock. Threads of one
    process serialise on a process-wide lock first (``flock`` locks of two descriptors of one
    process exclude each other too; the thread lock only spares them the polling).

    Raises
    ------
    OSError
        The lock file cannot be created (read-only folder): the caller decides what that means.
    """
    path = lock_path(db)
    with _THREAD_LOCKS_LOCK:
        thread_lock = _THREAD_LOCKS.setdefault(str(path.resolve()), threading.Lock())
    deadline = time.monotonic() + wait_s
    if not thread_lock.acquire(timeout=wait_s if blocking else 0):
        if not blocking:
            yield False
            return
        raise _busy(db, wait_s)
    try:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o664)
        except PermissionError:
            fd = os.open(path, os.O_RDONLY)  # an existing lock file we may not write still locks
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if not blocking:
                        yield False
                        return
                    if time.monotonic() >= deadline:
                        raise _busy(db, wait_s) from None
                time.sleep(LOCK_RETRY_S)
            try:
                yield True
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
    finally:
        thread_lock.release()


def read_current(db: Path) -> tuple[Path, tuple[int, int, int] | None] | None:
    """The current snapshot of ``db`` and the master's stamp it was copied from; None when none is published."""
    folder = snapshot_dir(db)
    try:
        name, *stamp = (folder / CURRENT).read_text(encoding="ascii").split()
    except (FileNotFoundError, ValueError, UnicodeDecodeError):
        return None
    if not _NAME.match(name) or not (folder / name).exists():
        return None
    master = tuple(int(x) for x in stamp) if len(stamp) == 3 and all(x.isdigit() for x in stamp) else None
    return folder / name, master  # type: ignore[return-value]


def _fsync_copy(src: Path, dst: Path) -> None:
    shutil.copyfile(src, dst)
    fd = os.open(dst, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}-{threading.get_ident()}")
    with open(tmp, "w", encoding="ascii") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def publish(db: Path) -> Path:
    """Copy the master ``db`` to a new snapshot and make it current; return the snapshot's path.

    The caller holds :func:`exclusive` (so the master is not being written) and has closed its
    read-write connection. A write-ahead log left beside the master (a write whose checkpoint
    failed) is merged first, so the copy holds every committed change. Superseded snapshots older
    than :data:`GRACE_S` are removed.
    """
    if Path(f"{db}.wal").exists():
        con = duckdb.connect(str(db))
        try:
            con.execute("CHECKPOINT")
        finally:
            con.close()
    folder = snapshot_dir(db)
    folder.mkdir(exist_ok=True)
    numbers = [int(m.group(1)) for p in folder.iterdir() if (m := _NAME.match(p.name))]
    name = f"{max(numbers, default=0) + 1:010d}.duckdb"
    stamp = _stamp(db)
    if stamp is None:
        raise FileNotFoundError(db)
    tmp = folder / f".{name}.tmp-{os.getpid()}"
    try:
        _fsync_copy(db, tmp)
        os.replace(tmp, folder / name)
    finally:
        tmp.unlink(missing_ok=True)
    _write_atomically(folder / CURRENT, f"{name} {' '.join(map(str, stamp))}\n")
    _remove_superseded(folder, keep=name)
    return folder / name


def _remove_superseded(folder: Path, *, keep: str) -> None:
    """Remove snapshots superseded more than :data:`GRACE_S` ago (a snapshot is superseded when the
    next one is written), and temporary files of crashed publishers as old."""
    now = time.time()
    names = sorted(p.name for p in folder.iterdir() if _NAME.match(p.name))
    for older, newer in zip(names, names[1:], strict=False):
        if older == keep:
            continue
        try:
            if now - os.stat(folder / newer).st_mtime > GRACE_S:
                (folder / older).unlink(missing_ok=True)
        except FileNotFoundError:
            pass  # another publisher removed it meanwhile
    for tmp in folder.glob(".*.tmp-*"):
        try:
            if now - tmp.stat().st_mtime > GRACE_S:
                tmp.unlink(missing_ok=True)
        except FileNotFoundError:
            pass


class Reader:
    """One process's read-only connection to the current snapshot of one database file.

    Parameters
    ----------
    db
        The master database file.
    wait_s
        How long the first open may wait for a writer to finish publishing the first snapshot.

    A database that has no snapshot yet (a fresh build, a file restored from a backup or written
    outside the store) is published on first open; when its folder is not writable (a read-only
    deployment) the reader opens the master itself read-only and :attr:`direct` is True — this
    process then cannot write it.
    """

    def __init__(self, db: Path, *, wait_s: float) -> None:
        self.db = db
        self.wait_s = wait_s
        self.direct = False
        self.snapshot: Path | None = None
        self._con: duckdb.DuckDBPyConnection | None = None
        self._seen: tuple[object, ...] | None = None
        self._checked = 0.0
        self._retired: list[tuple[float, duckdb.DuckDBPyConnection]] = []
        self._lock = threading.Lock()
        #: ``(connection, Store.data_version())`` of the last connection it was read on (data/store/reads.py).
        self.data_version_memo: tuple[duckdb.DuckDBPyConnection, str] | None = None
        self.refresh(force=True)

    @property
    def version(self) -> str:
        """The snapshot's version (its file name without ``.duckdb``), or ``"direct"``."""
        return "direct" if self.direct or self.snapshot is None else self.snapshot.stem

    def connection(self) -> duckdb.DuckDBPyConnection:
        """The connection to read with, reopened on a newer snapshot (looked for at most every
        :data:`REFRESH_EVERY_S`)."""
        if self._con is None or (not self.direct and time.monotonic() - self._checked >= REFRESH_EVERY_S):
            self.refresh()
        assert self._con is not None
        return self._con

    def refresh(self, *, force: bool = False) -> None:
        """Switch to the current snapshot if it changed; publish one when there is none or the
        master was changed outside the store (a restored backup) and no writer is at work."""
        with self._lock:
            if self.direct and self._con is not None:
                return
            if not force and self._con is not None and time.monotonic() - self._checked < REFRESH_EVERY_S:
                return
            folder = snapshot_dir(self.db)
            seen = (_stamp(folder / CURRENT), _stamp(self.db))
            self._checked = time.monotonic()
            if self._con is not None and seen == self._seen:
                return
            current = read_current(self.db)
            if current is None or (seen[1] is not None and current[1] != seen[1]):
                current = self._publish(wait=current is None) or current
            if current is None:  # the folder is not writable: read the master itself
                self._swap(self._open(self.db), None)
                self.direct = True
                return
            self._seen = seen
            if current[0] != self.snapshot:
                self._swap(self._open(current[0]), current[0])

    def _publish(self, *, wait: bool) -> tuple[Path, tuple[int, int, int] | None] | None:
        """Publish the master under the lock unless another writer did meanwhile; None when the
        lock or the folder cannot be written (read-only deployment) or, not waiting, it is busy."""
        try:
            with exclusive(self.db, wait_s=self.wait_s, blocking=wait) as got:
                if not got:
                    return None
                current = read_current(self.db)
                if current is None or current[1] != _stamp(self.db):
                    publish(self.db)
                return read_current(self.db)
        except (PermissionError, OSError) as exc:
            if isinstance(exc, FileNotFoundError) and not self.db.exists():
                return None  # the master was deleted: keep reading what was published
            if isinstance(exc, PermissionError) or exc.errno in (30, 13):  # EROFS, EACCES
                return None
            raise

    @staticmethod
    def _open(path: Path) -> duckdb.DuckDBPyConnection:
        con = duckdb.connect(str(path), read_only=True)
        try:
            con.execute("SELECT count(*) FROM meta").fetchone()
        except BaseException:
            con.close()
            raise
        return con

    def _swap(self, con: duckdb.DuckDBPyConnection, snapshot: Path | None) -> None:
        """Use ``con`` from now on; close superseded connections once no query can still run on them."""
        now = time.monotonic()
        if self._con is not None:
            self._retired.append((now, self._con))
        self._con, self.snapshot = con, snapshot
        keep = []
        for at, old in self._retired:
            if now - at > RETIRE_S:
                old.close()
            else:
                keep.append((at, old))
        self._retired = keep

    def close(self) -> None:
        """Close every connection this reader holds."""
        with self._lock:
            for _at, old in self._retired:
                old.close()
            self._retired = []
            if self._con is not None:
                self._con.close()
                self._con = None
