"""The single door to the Qonys database: every read and write of DuckDB goes through this package.

:class:`Store` is one façade composed of one class per job, each in its own module:

- :mod:`~data.store.connection` — reads, transactions, the acting account re-read inside every
  write, :class:`StoreError`;
- :mod:`~data.store.snapshots` — the cross-process write lock, publishing snapshots, the reader;
- :mod:`~data.store.reads` — units, observations with provenance, geometry, policy tables, the desk
  grid, audit and batch logs;
- :mod:`~data.store.desk` — saving values (checks, plausibility review, conflicts), rollback, review;
- :mod:`~data.store.accounts` — users and the record of sign-ins;
- :mod:`~data.store.settings` — the ministry's settings (profiles, quotas, support measures,
  indicator policy);
- :mod:`~data.store.consultations` — the advisor's saved consultations;
- :mod:`~data.store.campaign` — the ministry's data requests, to-do lists and reporting rates;
- :mod:`~data.store.registers` — registers kept from the UI (centres, programmes, sectors, contacts);
- :mod:`~data.store.audit` — the one builder of audit rows;
- :mod:`~data.store.build_writer` — the build's writer, which carries staff data into a rebuilt file.

How the database is held (measured with DuckDB 2.0.1 on this machine: two processes may both open
a file ``read_only``; a read-write open fails — "Could not set lock on file … Conflicting lock is
held" — while any other process holds the file at all, read-only included; a read-only open fails
while another process holds it read-write; open + query + close costs 15–26 ms, a query on a held
connection 0.2 ms). So no process keeps the database file open: **copy-on-publish snapshots**
(:mod:`~data.store.snapshots`).

- The file (``qonys.duckdb``, the *master*) is opened read-write only inside a write:
  :meth:`~data.store.connection.Connection.transaction` takes an exclusive ``flock`` on
  ``<db>.lock`` (waiting up to ``$QONYS_DB_WAIT_S``, default 10 s, then a :class:`StoreError` that
  names the lock: commands exit 1, pages show the message — nothing is written), opens the file,
  runs one transaction, checkpoints, closes, and *publishes*: copies the file to
  ``<db>.snapshots/<version>.duckdb`` and points ``<db>.snapshots/CURRENT`` at it, each by an atomic
  rename. Writers of all processes queue on the lock, so no write is lost or torn. The build
  (:mod:`data.build`) takes the same lock to replace the file, and publishes.
- Reads go to one read-only connection per process and file (shared by every :class:`Store` on
  it; each call takes its own ``cursor()``, so Streamlit's session threads read at once) to the
  current snapshot. Before a read, at most every 0.5 s, a ``stat`` of ``CURRENT`` and of the file
  tells whether a newer snapshot exists; then the reader reopens (the old connection is closed 30 s
  later, the old file removed 120 s after it was superseded; Linux lets a reader keep a removed
  file open). An edit by a command or another replica is thus read within a second; the writing
  process switches at once (it reads its own writes). :meth:`data_version` includes the snapshot
  version, so the pages' caches (``ui/cache.py``) follow every write of every process.
- A file without snapshots (a fresh build, a copied test file) is published on first open; a
  file changed outside the store (a backup restored over it) is published again when a reader
  notices. When the file's folder is not writable (a read-only deployment) the process reads the
  file itself read-only and its writes say they cannot be saved; so does a file it may not write.

Every write re-reads the acting account in its transaction (:mod:`data.permissions` holds the
rules) and writes its audit rows in it; a failed write leaves nothing behind. Pages get the store
from ``st.cache_resource`` and never open DuckDB themselves. All SQL is parameterised.
"""

from __future__ import annotations

from duckdb import Error as DatabaseError

from data.permissions import OPERATOR, ROLES
from data.store.accounts import USERNAME_RE, Accounts
from data.store.build_writer import BUILD_USER, write_tables
from data.store.campaign import Campaign
from data.store.connection import DEFAULT_DB, StoreError, default_db_path
from data.store.consultations import Consultations
from data.store.desk import UNCHECKED, Desk, Edit
from data.store.reads import LEVELS
from data.store.registers import Registers
from data.store.settings import Settings, ValidatedProfile

__all__ = [
    "BUILD_USER",
    "DatabaseError",
    "DEFAULT_DB",
    "LEVELS",
    "OPERATOR",
    "ROLES",
    "UNCHECKED",
    "USERNAME_RE",
    "Edit",
    "Store",
    "StoreError",
    "ValidatedProfile",
    "default_db_path",
    "write_tables",
]


class Store(Desk, Accounts, Settings, Consultations, Campaign, Registers):
    """Read and write access to one Qonys database file (see the package docstring).

    Parameters
    ----------
    path
        Database file; default :func:`default_db_path`.
    read_only
        This store never writes (its writes raise :class:`StoreError`). Reads never need write
        access: they go to the current snapshot, shared by every store of the process.
    wait_s
        How long a write waits for another writer's lock; default ``$QONYS_DB_WAIT_S`` or 10 s.
    """
