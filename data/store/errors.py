"""The store's one error type (its own module so the connection and the snapshots can both raise it)."""

from __future__ import annotations


class StoreError(Exception):
    """The database is missing, unreadable, read-only or locked; the message says what to do."""
