"""Sign-in over the store: bcrypt password hashes, lockout after repeated failures, role checks.

No Streamlit here (the login widget is :mod:`ui.auth`). There is no default account or password:
accounts are made with ``python -m data.users add``.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

import bcrypt

from data.store import Store

#: Failed sign-ins in a row that lock an account, and for how long.
MAX_FAILURES = 5
LOCK_MINUTES = 15
#: A signed-in session ends after this much inactivity.
SESSION_IDLE_MINUTES = 30
MIN_PASSWORD_CHARS = 10
#: bcrypt reads only the first 72 bytes; longer passwords are refused rather than silently cut.
MAX_PASSWORD_BYTES = 72
#: Which pages each role may open (the public has no account and sees Map and Methodology).
PAGES_BY_ROLE: dict[str | None, tuple[str, ...]] = {
    None: ("map", "table", "methodology", "progress"),
    "consul": ("map", "table", "methodology", "progress", "advisor"),
    "akimat": ("map", "table", "methodology", "progress", "data"),
    "ministry": ("map", "table", "methodology", "progress", "advisor", "data", "admin", "monitoring"),
}

# A hash of a random secret, checked when the user name is unknown so that the answer takes as long
# as for a known one (no user-name probing by timing).
_DUMMY_HASH = bcrypt.hashpw(secrets.token_bytes(16), bcrypt.gensalt())


class AuthError(Exception):
    """Sign-in refused; ``reason`` is ``'invalid'`` (name or password), ``'locked'`` or ``'weak'``."""

    def __init__(self, reason: str, *, until: dt.datetime | None = None) -> None:
        self.reason = reason
        self.until = until
        super().__init__(reason if until is None else f"{reason} until {until:%Y-%m-%d %H:%M} UTC")


@dataclass(frozen=True)
class Account:
    """A signed-in user as the pages see it (no password hash)."""

    username: str
    role: str
    scope_kato: str | None

    def as_dict(self) -> dict:
        return {"username": self.username, "role": self.role, "scope_kato": self.scope_kato}


def check_password_strength(password: str) -> None:
    """Refuse passwords shorter than :data:`MIN_PASSWORD_CHARS` or longer than bcrypt reads."""
    if len(password) < MIN_PASSWORD_CHARS or len(password.encode()) > MAX_PASSWORD_BYTES or not password.strip():
        raise AuthError("weak")


def hash_password(password: str) -> str:
    """bcrypt hash (cost 12) of a password that passes :func:`check_password_strength`."""
    check_password_strength(password)
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=12)).decode()


def _verify(password: str, hashed: str) -> bool:
    try:
        return bcrypt.checkpw(password.encode()[:MAX_PASSWORD_BYTES], hashed.encode())
    except ValueError:
        return False


def authenticate(store: Store, username: str, password: str, *, now: dt.datetime | None = None) -> Account:
    """Check a user name and password; count failures and lock the account after :data:`MAX_FAILURES`.

    Raises
    ------
    AuthError
        ``'locked'`` while the account is locked (even with the right password), else ``'invalid'``
        for an unknown, disabled or mistyped account — the message never says which.
    """
    now = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    username = (username or "").strip().lower()
    account = store.user(username) if username else None
    if account is None:
        _verify(password or "", _DUMMY_HASH.decode())
        raise AuthError("invalid")
    if account["locked_until"] is not None and account["locked_until"] > now:
        raise AuthError("locked", until=account["locked_until"])
    good = _verify(password or "", account["password_hash"])
    if not good or account["disabled"]:
        store.record_login(username, ok=False, now=now, max_failures=MAX_FAILURES, lock_minutes=LOCK_MINUTES)
        raise AuthError("invalid")
    store.record_login(username, ok=True, now=now, max_failures=MAX_FAILURES, lock_minutes=LOCK_MINUTES)
    return Account(account["username"], account["role"], account["scope_kato"])


def may_open(role: str | None, page: str) -> bool:
    """Whether a role (None = public) may open a page (``map``, ``advisor``, ``data`` …)."""
    return page in PAGES_BY_ROLE.get(role, PAGES_BY_ROLE[None])
