"""The single door to the Qonys database: every read and write of DuckDB goes through this package.

:class:`Store` is one façade composed of one class per job, each in its own module:

- :mod:`~data.store.connection` — the shared connection, transactions, the write lock, the acting
  account re-read inside every write, :class:`StoreError`;
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

How connections are held: one DuckDB connection per process and database file, shared by every
:class:`Store` on that file (DuckDB allows one read-write process per file, and refuses a second
connection in the same process with other settings). Each call takes its own ``cursor()`` so
Streamlit's many session threads can read at once. Writes are serialised by a process-wide lock
and run in one transaction each, so a failed write leaves nothing behind; every write re-reads the
acting account in that transaction (:mod:`data.permissions` holds the rules) and writes its audit
rows in it. A file this process cannot write is opened read-only (reads keep working, writes say
why they cannot). Pages get the store from :func:`ui.context.get_store` (the one ``st.cache_resource`` in
``ui/cache.py``) and never open DuckDB themselves.
All SQL is parameterised.

Other processes (commands beside the running app) — measured with DuckDB 2.0.1 on this machine: two
processes may both hold the file with ``read_only=True``; a read-write open fails ("Could not set lock
on file … Conflicting lock is held") while any other process holds the file at all, read-only
included; and a read-only open fails while another process holds it read-write. Opening, querying
and closing costs 15–26 ms (a query on a held connection 0.2 ms). So a command that writes
(``data.users``, ``data.import_file``) can run beside the app only if the app holds no connection
while idle — per-operation connections under a cross-process ``flock`` on ``<db>.lock`` (shared for
reads, exclusive for a write's transaction). That is not done yet: today the app's long-lived
connection keeps such commands out. What is done: opening retries for up to ``$QONYS_DB_WAIT_S``
(default 10 s) while another process holds the file, so commands queue behind each other, and then
fails saying the file is held (commands exit 1).
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
        Open without write access when this process has no connection to the file yet (several
        processes may then read the same file); otherwise the process's connection is shared.
    wait_s
        How long to wait while another process holds the file; default ``$QONYS_DB_WAIT_S`` or 10 s.
    """
