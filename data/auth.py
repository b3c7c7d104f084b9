"""Sign-in over the store: bcrypt password hashes, a throttle on repeated failures, role checks.

No Streamlit here (the login widget is :mod:`ui.auth`). There is no default account or password:
accounts are made with ``python -m data.users add``.

Repeated failures do not lock an account (that would let anyone lock anyone out by guessing):
they slow sign-in down. After :data:`FREE_FAILURES_PER_NAME` failures in a row for a user name
(whether or not it exists) each further attempt must wait twice as long as the one before, up to
:data:`MAX_DELAY_PER_NAME_S`; a client (address) that keeps failing over any names is slowed the
same way, up to :data:`MAX_DELAY_PER_CLIENT_S`. Unknown, disabled and mistyped names all answer
``'invalid'``, and a slowed name answers ``'throttled'`` whether it exists or not.
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass

import bcrypt

from data.permissions import PAGES_BY_ROLE, may_open
from data.store import Store

__all__ = ["PAGES_BY_ROLE", "Account", "AuthError", "Throttle", "authenticate", "hash_password", "may_open"]

#: Failures in a row allowed per user name, and per client, before attempts are slowed down.
FREE_FAILURES_PER_NAME = 5
FREE_FAILURES_PER_CLIENT = 10
#: The longest wait between attempts: short per name (the real user may be the one waiting),
#: long per client (that is the guesser).
MAX_DELAY_PER_NAME_S = 60
MAX_DELAY_PER_CLIENT_S = 900
#: Failures older than this are forgotten.
FORGET_AFTER = dt.timedelta(minutes=30)
#: A signed-in session ends after this much inactivity.
SESSION_IDLE_MINUTES = 30
MIN_PASSWORD_CHARS = 10
#: bcrypt reads only the first 72 bytes; longer passwords are refused rather than silently cut.
MAX_PASSWORD_BYTES = 72

# A hash of a random secret, checked when the user name is unknown so that the answer takes as long
# as for a known one (no user-name probing by timing).
_DUMMY_HASH = bcrypt.hashpw(secrets.token_bytes(16), bcrypt.gensalt())


class AuthError(Exception):
    """Sign-in refused; ``reason`` is ``'invalid'`` (name or password), ``'throttled'`` (too many
    failures: try again at ``until``), ``'weak'`` or ``'mismatch'``."""

    def __init__(self, reason: str, *, until: dt.datetime | None = None) -> None:
        self.reason = reason
        self.until = until
        super().__init__(reason if until is None else f"{reason} until {until:%Y-%m-%d %H:%M:%S} UTC")


@dataclass(frozen=True)
class Account:
    """A signed-in user as the pages see it (no password hash)."""

    username: str
    role: str
    scope_kato: str | None

    def as_dict(self) -> dict:
        return {"username": self.username, "role": self.role, "scope_kato": self.scope_kato}


class Throttle:
    """Failures in a row per key (a user name or a client), and when the next attempt may be checked.

    Held in memory by the app process (one per process; a restart forgets it, which only ever
    shortens a wait). At most ``max_keys`` keys are kept, the least recently failed dropped first,
    so a flood of invented names cannot exhaust memory.
    """

    def __init__(self, *, max_keys: int = 10_000) -> None:
        self._failures: OrderedDict[str, tuple[int, dt.datetime]] = OrderedDict()
        self._lock = threading.Lock()
        self._max_keys = max_keys

    def next_attempt(self, key: str, *, free: int, max_delay_s: float, now: dt.datetime) -> dt.datetime | None:
        """When ``key`` may try again, or None if it may now."""
        with self._lock:
            count, last = self._failures.get(key, (0, now))
        if count <= free or now - last > FORGET_AFTER:
            return None
        until = last + dt.timedelta(seconds=min(2 ** (count - free - 1), max_delay_s))
        return until if until > now else None

    def failed(self, key: str, *, now: dt.datetime) -> None:
        with self._lock:
            count, last = self._failures.pop(key, (0, now))
            self._failures[key] = (1 if now - last > FORGET_AFTER else count + 1, now)
            while len(self._failures) > self._max_keys:
                self._failures.popitem(last=False)

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)


#: The app's throttle (tests make their own).
THROTTLE = Throttle()


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


def authenticate(
    store: Store,
    username: str,
    password: str,
    *,
    client: str | None = None,
    now: dt.datetime | None = None,
    throttle: Throttle | None = None,
) -> Account:
    """Check a user name and password, slowing down repeated failures per name and per client.

    Parameters
    ----------
    client
        Who is signing in (the remote address), for the per-client throttle; None: not known.
    throttle
        The failure record; default the process's :data:`THROTTLE`.

    Raises
    ------
    AuthError
        ``'throttled'`` (with ``until``) while the name or the client must wait, checked before the
        password and the same for every name; else ``'invalid'`` for an unknown, disabled, locked
        or mistyped account — the message never says which.
    """
    now = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    throttle = throttle or THROTTLE
    username = (username or "").strip().lower()
    keys = [("name:" + username[:60], FREE_FAILURES_PER_NAME, MAX_DELAY_PER_NAME_S)]
    if client:
        keys.append(("client:" + client[:100], FREE_FAILURES_PER_CLIENT, MAX_DELAY_PER_CLIENT_S))
    waits = [w for key, free, cap in keys if (w := throttle.next_attempt(key, free=free, max_delay_s=cap, now=now))]
    if waits:
        raise AuthError("throttled", until=max(waits))
    account = store.user(username) if username else None
    good = _verify(password or "", account["password_hash"] if account else _DUMMY_HASH.decode())
    locked = account is not None and account["locked_until"] is not None and account["locked_until"] > now
    if account is None or not good or account["disabled"] or locked:
        for key, _free, _cap in keys:
            throttle.failed(key, now=now)
        if account is not None:
            store.record_login(username, ok=False, now=now)
        raise AuthError("invalid")
    throttle.succeeded(keys[0][0])
    store.record_login(username, ok=True, now=now)
    return Account(account["username"], account["role"], account["scope_kato"])
