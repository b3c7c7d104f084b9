"""Ministry settings: weight profiles, quotas, support measures and each indicator's desk policy."""

from __future__ import annotations

import datetime as dt
import json
from typing import Protocol

import pandas as pd

from data import _validate as _v
from data.errors import ValidationError, ValidationFailed
from data.store.audit import audit, text
from data.store.desk import utcnow
from data.store.reads import Reads


class ValidatedProfile(Protocol):
    """A weight profile the caller has already validated (``scoring.profile.load_profile``'s result).

    The store does not import ``scoring``: the page validates, the store only stores.
    """

    id: str
    name: str

    def to_json(self) -> str: ...


class Settings(Reads):
    """The ministry's settings writes, each checked against the acting account and audited."""

    def save_profile_draft(self, profile: ValidatedProfile, *, user: str, now: dt.datetime | None = None) -> int:
        """Store a validated profile as the next draft version of its id; returns the version.

        Parameters
        ----------
        profile
            The validated profile (from ``scoring.profile.load_profile``); its JSON is stored with
            ``version`` set to the new draft's number.
        """
        self._precheck(user, "manage_settings")
        now = now or utcnow()
        try:
            data = json.loads(profile.to_json())
            if not isinstance(data, dict) or not isinstance(profile.id, str) or not profile.id:
                raise ValueError("a profile is a JSON object with an id")
        except (AttributeError, TypeError, ValueError) as exc:
            raise ValidationFailed([ValidationError(_v.BAD_PROFILE, column="profile", value=str(exc)[:300])]) from exc
        with self.transaction() as cur:
            account = self._actor(cur, user, "manage_settings", now=now)
            version = (
                int(
                    cur.execute(
                        "SELECT coalesce(max(version), 0) FROM weight_profile WHERE id = ?", [profile.id]
                    ).fetchall()[0][0]
                )
                + 1
            )
            stored = json.dumps({**data, "version": version}, ensure_ascii=False, indent=2)
            cur.execute(
                "INSERT INTO weight_profile (id, version, name, profile_json, status, created_by, created_at) "
                "VALUES (?, ?, ?, ?, 'draft', ?, ?)",
                [profile.id, version, profile.name, stored, account["username"], now],
            )
            audit(
                cur,
                now,
                account["username"],
                "profile.draft",
                indicator=f"profile:{profile.id}",
                period=str(version),
                new_value=profile.name,
            )
        return version

    def publish_profile(self, profile_id: str, version: int, *, user: str, now: dt.datetime | None = None) -> None:
        """Publish a draft; the previously published version of any profile is retired. Audited."""
        self._precheck(user, "manage_settings")
        now = now or utcnow()
        with self.transaction() as cur:
            account = self._actor(cur, user, "manage_settings", now=now)
            row = cur.execute(
                "SELECT status FROM weight_profile WHERE id = ? AND version = ?", [profile_id, version]
            ).fetchall()
            row = row[0] if row else None
            if row is None or row[0] != "draft":
                raise ValidationFailed(
                    [ValidationError(_v.NOT_A_DRAFT, column="profile", value=f"{profile_id} v{version}")]
                )
            old = cur.execute("SELECT id, version FROM weight_profile WHERE status = 'published'").fetchall()
            cur.execute("UPDATE weight_profile SET status = 'retired' WHERE status = 'published'")
            cur.execute(
                "UPDATE weight_profile SET status = 'published', published_at = ? WHERE id = ? AND version = ?",
                [now, profile_id, version],
            )
            audit(
                cur,
                now,
                account["username"],
                "profile.publish",
                indicator=f"profile:{profile_id}",
                period=str(version),
                old_value=", ".join(f"{i} v{v}" for i, v in old) or None,
                new_value=f"{profile_id} v{version}",
            )

    def set_quota(
        self,
        year: int,
        oblast_kato: str | None,
        category: str,
        persons: int,
        source_id: str,
        *,
        user: str,
        act: str | None = None,
        note: str | None = None,
        now: dt.datetime | None = None,
    ) -> None:
        """Set the preferred quota of a year, oblast (None = national) and category; audited."""
        self._precheck(user, "manage_settings")
        now = now or utcnow()
        problems = []
        if category not in ("kandas", "settlers"):
            problems.append(ValidationError(_v.BAD_CATEGORY, column="category", value=category))
        if not 2000 <= int(year) <= 2100:
            problems.append(ValidationError(_v.BAD_YEAR, column="year", value=year))
        if int(persons) < 0:
            problems.append(ValidationError(_v.BELOW_MIN, column="persons", value=persons, min=0))
        if oblast_kato and (self.unit(oblast_kato) or {}).get("level") != "oblast":
            problems.append(ValidationError(_v.UNKNOWN_KATO, column="oblast_kato", value=oblast_kato))
        source_id, found = _v.check_text(source_id, column="source_id", required=_v.MISSING_SOURCE)
        note, found_note = _v.check_text(note, column="note")
        act, found_act = _v.check_text(act, column="act")
        if problems or found or found_note or found_act:
            raise ValidationFailed(problems + found + found_note + found_act)
        with self.transaction() as cur:
            account = self._actor(cur, user, "manage_settings", now=now)
            where = "year = ? AND category = ? AND preferred AND oblast_kato IS NOT DISTINCT FROM ?"
            old = next(
                iter(
                    cur.execute(
                        f"SELECT persons FROM quota WHERE {where}",  # noqa: S608
                        [year, category, oblast_kato],
                    ).fetchall()
                ),
                None,
            )
            if old is None:
                cur.execute(
                    "INSERT INTO quota (year, oblast_kato, category, persons, act, source_id, preferred, note) "
                    "VALUES (?, ?, ?, ?, ?, ?, TRUE, ?)",
                    [year, oblast_kato, category, persons, act or None, source_id, note or None],
                )
            else:
                cur.execute(
                    f"UPDATE quota SET persons = ?, act = ?, source_id = ?, note = ? WHERE {where}",  # noqa: S608
                    [persons, act or None, source_id, note or None, year, category, oblast_kato],
                )
            audit(
                cur,
                now,
                account["username"],
                "quota.set",
                kato=oblast_kato,
                indicator=f"quota:{category}",
                period=str(year),
                old_value=None if old is None else old[0],
                new_value=persons,
                source_id=source_id,
                reason=note or None,
            )

    def set_support_measure(
        self,
        code: str,
        *,
        user: str,
        amount_mci: float | None,
        valid_from: dt.date | None,
        valid_to: dt.date | None,
        source_id: str,
        note: str | None = None,
        now: dt.datetime | None = None,
    ) -> None:
        """Change a support measure's amount (MCI) and validity dates; audited field by field."""
        self._precheck(user, "manage_settings")
        now = now or utcnow()
        old = self.query("SELECT * FROM support_measure WHERE code = ?", [code])
        problems = []
        if old.empty:
            problems.append(ValidationError(_v.UNKNOWN_MEASURE, column="code", value=code))
        if amount_mci is not None and amount_mci < 0:
            problems.append(ValidationError(_v.BELOW_MIN, column="amount_mci", value=amount_mci, min=0))
        if valid_from and valid_to and valid_to < valid_from:
            problems.append(ValidationError(_v.BAD_VALIDITY, column="valid_to", value=valid_to.isoformat()))
        source_id, found = _v.check_text(source_id, column="source_id", required=_v.MISSING_SOURCE)
        note, found_note = _v.check_text(note, column="note")
        if problems or found or found_note:
            raise ValidationFailed(problems + found + found_note)
        before = old.iloc[0]
        new = {
            "amount_mci": amount_mci,
            "valid_from": valid_from,
            "valid_to": valid_to,
            "source_id": source_id,
            "note": note or None,
        }
        with self.transaction() as cur:
            account = self._actor(cur, user, "manage_settings", now=now)
            cur.execute(
                "UPDATE support_measure SET amount_mci = ?, valid_from = ?, valid_to = ?, source_id = ?, "
                "note = ? WHERE code = ?",
                [*new.values(), code],
            )
            for field_name, value in new.items():
                was = before[field_name]
                was = None if pd.isna(was) else (was.date() if isinstance(was, pd.Timestamp) else was)
                if text(was) != text(value):
                    audit(
                        cur,
                        now,
                        account["username"],
                        "support_measure.set",
                        indicator=f"{code}.{field_name}",
                        old_value=text(was),
                        new_value=text(value),
                        source_id=source_id,
                        reason=note or None,
                    )

    def set_indicator_policy(
        self,
        code: str,
        *,
        user: str,
        approval_required: bool,
        akimat_editable: bool,
        max_jump_share: float | None = None,
        now: dt.datetime | None = None,
    ) -> None:
        """Mark an indicator approval-required / akimat-editable and set its jump share; audited."""
        self._precheck(user, "manage_settings")
        now = now or utcnow()
        settings = self.indicator_settings().set_index("code")
        if code not in settings.index:
            raise ValidationFailed([ValidationError(_v.UNKNOWN_INDICATOR, column="code", value=code)])
        if max_jump_share is not None and not 0 < max_jump_share <= 100:
            raise ValidationFailed([ValidationError(_v.BAD_SHARE, column="max_jump_share", value=max_jump_share)])
        old = settings.loc[code]
        with self.transaction() as cur:
            account = self._actor(cur, user, "manage_settings", now=now)
            self._ensure_desk_schema(cur)
            cur.execute("UPDATE indicator SET approval_required = ? WHERE code = ?", [approval_required, code])
            cur.execute(
                "INSERT OR REPLACE INTO indicator_access VALUES (?, ?, ?, ?, ?)",
                [code, akimat_editable and old["supplier"] != "akimat", max_jump_share, account["username"], now],
            )
            audit(
                cur,
                now,
                account["username"],
                "indicator.policy",
                indicator=code,
                old_value=f"approval={bool(old['approval_required'])} akimat={bool(old['akimat_editable'])} "
                f"jump={old['max_jump_share']:g}",
                new_value=f"approval={approval_required} akimat={akimat_editable or old['supplier'] == 'akimat'} "
                f"jump={max_jump_share if max_jump_share is not None else _v.DEFAULT_MAX_JUMP_SHARE:g}",
            )
