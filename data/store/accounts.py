"""Accounts: staff users, their roles and scopes, and the record of sign-ins."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from data import _validate as _v
from data import permissions
from data.errors import ValidationError, ValidationFailed
from data.store.audit import audit
from data.store.desk import utcnow
from data.store.reads import Reads

ROLES = permissions.ROLES
USERNAME_RE = re.compile(r"[a-z0-9][a-z0-9._-]{2,39}")


class Accounts(Reads):
    """Adding and changing accounts (ministry or the console operator) and recording sign-ins."""

    def _check_user_fields(self, role: str, scope_kato: str | None) -> None:
        if role not in ROLES:
            raise ValidationFailed([ValidationError(_v.BAD_ROLE, column="role", value=role)])
        if role == "akimat":
            unit = self.unit(scope_kato) if scope_kato else None
            if unit is None or unit["level"] not in ("oblast", "district"):
                raise ValidationFailed([ValidationError(_v.BAD_SCOPE, column="scope_kato", value=scope_kato or "")])
        elif scope_kato:
            raise ValidationFailed([ValidationError(_v.SCOPE_ONLY_AKIMAT, column="scope_kato", value=scope_kato)])

    def add_user(
        self,
        username: str,
        role: str,
        scope_kato: str | None,
        password_hash: str,
        *,
        by: str,
        now: dt.datetime | None = None,
    ) -> None:
        """Create an account (the hash comes from :func:`data.auth.hash_password`); audited.

        ``by`` is an active ministry account or :data:`~data.permissions.OPERATOR` (the console).
        """
        self._precheck(by, "manage_users")
        now = now or utcnow()
        if not USERNAME_RE.fullmatch(username or "") or username == permissions.OPERATOR:
            raise ValidationFailed([ValidationError(_v.BAD_USERNAME, column="username", value=repr(username))])
        self._check_user_fields(role, scope_kato)
        with self.transaction() as cur:
            actor = self._actor(cur, by, "manage_users", now=now)
            if cur.execute("SELECT count(*) FROM app_user WHERE username = ?", [username]).fetchall()[0][0]:
                raise ValidationFailed([ValidationError(_v.USER_EXISTS, column="username", value=username)])
            cur.execute(
                "INSERT INTO app_user (username, role, scope_kato, password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                [username, role, scope_kato, password_hash, now],
            )
            audit(cur, now, actor["username"], "user.add", kato=scope_kato, new_value=f"{username} ({role})")

    def set_user(
        self,
        username: str,
        *,
        by: str,
        role: str | None = None,
        scope_kato: str | None = None,
        disabled: bool | None = None,
        password_hash: str | None = None,
        now: dt.datetime | None = None,
    ) -> None:
        """Change an account's role and scope, disable/enable it or set its password hash; audited.

        ``by`` is an active ministry account or :data:`~data.permissions.OPERATOR` (the console); a
        disabled ministry account cannot re-enable itself.
        """
        self._precheck(by, "manage_users")
        now = now or utcnow()
        old = self.user(username)
        if old is None:
            raise ValidationFailed([ValidationError(_v.UNKNOWN_USER, column="username", value=username)])
        if role is not None:
            self._check_user_fields(role, scope_kato)
        with self.transaction() as cur:
            actor = self._actor(cur, by, "manage_users", now=now)["username"]
            if role is not None:
                cur.execute(
                    "UPDATE app_user SET role = ?, scope_kato = ? WHERE username = ?", [role, scope_kato, username]
                )
                audit(
                    cur,
                    now,
                    actor,
                    "user.scope",
                    kato=scope_kato,
                    old_value=f"{old['role']} {old['scope_kato'] or ''}",
                    new_value=f"{role} {scope_kato or ''}",
                    reason=username,
                )
            if disabled is not None:
                cur.execute("UPDATE app_user SET disabled = ? WHERE username = ?", [disabled, username])
                audit(cur, now, actor, "user.disable" if disabled else "user.enable", reason=username)
            if password_hash is not None:
                cur.execute(
                    "UPDATE app_user SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE username = ?",
                    [password_hash, username],
                )
                audit(cur, now, actor, "user.password", reason=username)

    def record_login(self, username: str, *, ok: bool, now: dt.datetime) -> None:
        """Audit a sign-in of an existing account; count failures in a row (reset by a good one).

        The count is shown to the ministry; it locks nothing (slowing repeated failures is
        :mod:`data.auth`'s throttle, so nobody can lock another person out by guessing).
        """
        with self.transaction() as cur:
            if ok:
                cur.execute("UPDATE app_user SET failed_logins = 0, locked_until = NULL WHERE username = ?", [username])
                audit(cur, now, username, "login.ok")
            else:
                cur.execute("UPDATE app_user SET failed_logins = failed_logins + 1 WHERE username = ?", [username])
                audit(cur, now, username[:60], "login.failed")

    def user(self, username: str) -> dict | None:
        """One account as a dict (with its password hash), or None."""
        rows = self.query("SELECT * FROM app_user WHERE username = ?", [username])
        if rows.empty:
            return None
        out = rows.iloc[0].to_dict()
        out["scope_kato"] = None if pd.isna(out["scope_kato"]) else out["scope_kato"]
        out["locked_until"] = (
            None if pd.isna(out["locked_until"]) else pd.Timestamp(out["locked_until"]).to_pydatetime()
        )
        return out

    def users(self) -> pd.DataFrame:
        """Accounts without their password hashes."""
        return self.query(
            "SELECT username, role, scope_kato, disabled, failed_logins, locked_until, created_at "
            "FROM app_user ORDER BY username"
        )
