"""Advisor consultations an embassy officer chose to save (no passport data: the form asks for none)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from data import permissions
from data.errors import AccessDenied
from data.store.audit import audit
from data.store.desk import utcnow
from data.store.reads import Reads


class Consultations(Reads):
    """Saving and deleting consultations: consul or ministry accounts only, audited."""

    def save_consultation(
        self,
        *,
        id: str,
        saved_by: str,
        locale: str,
        profile_json: str,
        result_json: str,
        note: str = "",
        now: dt.datetime | None = None,
    ) -> str:
        """Store one consultation as ``saved_by`` (an active consul or ministry account); returns its id."""
        now = now or utcnow()
        with self.transaction() as cur:
            account = self._actor(cur, saved_by, "consult", now=now)
            cur.execute(
                "INSERT INTO consultation (id, saved_by, saved_at, locale, profile_json, result_json, note) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [id, account["username"], now, locale, profile_json, result_json, note],
            )
            audit(cur, now, account["username"], "consultation.save", new_value=id)
        return id

    def delete_consultation(self, id: str, *, user: str, now: dt.datetime | None = None) -> bool:
        """Delete a saved consultation; True if it existed.

        An officer deletes their own; the ministry any. Audited.
        """
        now = now or utcnow()
        with self.transaction() as cur:
            account = self._actor(cur, user, "consult", now=now)
            rows = cur.execute("SELECT saved_by FROM consultation WHERE id = ?", [id]).fetchall()
            if not rows:
                return False
            if not permissions.may_delete_consultation(account, rows[0][0]):
                raise AccessDenied(f"consultation {id} was saved by another officer")
            cur.execute("DELETE FROM consultation WHERE id = ?", [id])
            audit(cur, now, account["username"], "consultation.delete", old_value=id, reason=rows[0][0])
        return True

    def consultations(self, *, saved_by: str | None = None) -> pd.DataFrame:
        """Saved consultations, newest first (optionally one officer's)."""
        sql, params = "SELECT * FROM consultation", []
        if saved_by is not None:
            sql, params = sql + " WHERE saved_by = ?", [saved_by]
        return self.query(sql + " ORDER BY saved_at DESC, id", params)
