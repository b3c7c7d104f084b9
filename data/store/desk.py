"""The data desk's writes: save values (checked, plausibility-reviewed, conflict-free), roll back, review."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import pandas as pd

from data import _validate as _v
from data.errors import AccessDenied, ConflictError, ValidationError, ValidationFailed
from data.store import plausibility
from data.store.audit import append, audit, audit_row, text, write_audit
from data.store.reads import Reads

#: ``Edit.base_id`` of imports: no optimistic check, the file states dated values deliberately.
UNCHECKED = -1


@dataclass(frozen=True)
class Edit:
    """One value to save: a unit, an indicator, the value as of a date, its source and a reason.

    ``value`` and ``period`` may be raw cells (text from a file); the store parses and checks them.
    ``base_id`` is the newest observation id of ``(kato, indicator)`` the editor showed (None: it
    showed none), or :data:`UNCHECKED` for imports. ``row`` is the line in an imported file.
    """

    kato: object
    indicator: object
    value: object
    period: object
    source: object
    reason: object = ""
    base_id: int | None = UNCHECKED
    row: int | None = None


def utcnow() -> dt.datetime:
    """Now in UTC, naive (as the database stores timestamps)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def new_batch_id(now: dt.datetime, prefix: str = "B") -> str:
    """A batch id that sorts by time and does not collide: ``B20260115-093000-a1b2c3``."""
    return f"{prefix}{now:%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"


class Desk(Reads):
    """Writes of observation values and their review."""

    def save_observations(
        self,
        edits: list[Edit],
        *,
        user: str,
        dry_run: bool = False,
        progress: Callable[[int, int], None] | None = None,
        today: dt.date | None = None,
        now: dt.datetime | None = None,
    ) -> dict:
        """Validate and append a batch of values in one transaction, with audit rows.

        Every problem of every row is collected first and raised together as
        :class:`~data.errors.ValidationFailed`; a value changed by someone else since the editor
        loaded it raises :class:`~data.errors.ConflictError`; in both cases nothing is written.
        Implausible values (jump since the last value, outlier among districts) need ``reason`` and
        are stored ``pending`` like values of approval-required indicators.

        Parameters
        ----------
        edits
            The values; ``Edit.value`` and ``Edit.period`` may be raw cells (text is parsed here).
        user
            Username of an active akimat or ministry account; its scope is enforced.
        dry_run
            Check everything (including conflicts) but write nothing.
        progress
            Called with ``(rows_written, rows_total)`` after each chunk is written.

        Returns
        -------
        dict
            ``batch_id`` (None for a dry run), ``rows``, ``published``, ``pending``, ``flagged``.
        """
        today = today or dt.date.today()
        now = now or utcnow()
        total = len(edits)
        with self.transaction() as cur:
            account = self._actor(cur, user, "edit_values", now=now)
            self._ensure_desk_schema(cur)
            rows = self._check_edits(cur, edits, account, today)
            self._check_conflicts(cur, rows)
            pending = sum(r["status"] == "pending" for r in rows)
            result = {
                "batch_id": None,
                "rows": len(rows),
                "published": len(rows) - pending,
                "pending": pending,
                "flagged": sum(bool(r["flags"]) for r in rows),
                "dry_run": dry_run,
            }
            if dry_run or not rows:
                cur.execute("ROLLBACK")
                cur.execute("BEGIN TRANSACTION")
                return result
            batch_id = new_batch_id(now)
            sources = self._source_ids(cur, rows, account, now)
            step = 2000
            for start in range(0, len(rows), step):
                chunk = rows[start : start + step]
                obs = pd.DataFrame(
                    [
                        {
                            "kato": r["kato"],
                            "indicator": r["indicator"],
                            "value": r["value"],
                            "period": r["period"],
                            "period_end": pd.Timestamp(r["date"]),
                            "source_id": sources[r["source"]],
                            "origin": r["origin"],
                            "status": r["status"],
                            "entered_by": account["username"],
                            "entered_at": now,
                            "version": r["version"],
                            "note": r["note"],
                            "batch_id": batch_id,
                        }
                        for r in chunk
                    ]
                )
                append(cur, "observation", obs, casts={"period_end": "DATE"})
                write_audit(
                    cur,
                    [
                        audit_row(
                            now,
                            account["username"],
                            "observation.pending" if r["status"] == "pending" else "observation.set",
                            kato=r["kato"],
                            indicator=r["indicator"],
                            period=r["period"],
                            old_value=r["old"],
                            new_value=r["value"],
                            source_id=sources[r["source"]],
                            reason=r["reason"] or None,
                            batch_id=batch_id,
                        )
                        for r in chunk
                    ],
                )
                if progress:
                    progress(min(start + step, total), total)
            result["batch_id"] = batch_id
            return result

    def _check_edits(
        self, cur: duckdb.DuckDBPyConnection, edits: list[Edit], account: dict, today: dt.date
    ) -> list[dict]:
        units = {
            r.kato: r
            for r in cur.execute("SELECT kato, level FROM unit WHERE level IN ('oblast', 'district')").df().itertuples()
        }
        all_codes = set(cur.execute("SELECT code FROM indicator").df()["code"])
        editable = self.editable_indicators(account).set_index("code")
        scope = self.scope_katos(account)
        problems: list[ValidationError] = []
        rows: list[dict] = []
        seen: dict[tuple, int | None] = {}
        for i, edit in enumerate(edits):
            line = edit.row if edit.row is not None else i + 1
            bad = len(problems)
            kato, found = _v.check_text(edit.kato, row=line, column="kato", required=_v.UNKNOWN_KATO)
            if found:
                problems += [
                    p
                    if p.reason != _v.UNKNOWN_KATO
                    else ValidationError(_v.UNKNOWN_KATO, row=line, column="kato", value="''")
                    for p in found
                ]
            elif kato not in units:
                problems.append(ValidationError(_v.UNKNOWN_KATO, row=line, column="kato", value=kato[:20]))
            elif scope is not None and kato not in scope:
                problems.append(ValidationError(_v.OUT_OF_SCOPE, row=line, column="kato", value=kato))
            code, found = _v.check_text(edit.indicator, row=line, column="indicator", required=_v.UNKNOWN_INDICATOR)
            problems += [
                p
                if p.reason != _v.UNKNOWN_INDICATOR
                else ValidationError(_v.UNKNOWN_INDICATOR, row=line, column="indicator", value="''")
                for p in found
            ]
            spec = None
            if not found:
                if code not in all_codes:
                    problems.append(
                        ValidationError(_v.UNKNOWN_INDICATOR, row=line, column="indicator", value=code[:40])
                    )
                elif code not in editable.index:
                    problems.append(ValidationError(_v.NOT_EDITABLE, row=line, column="indicator", value=code))
                else:
                    spec = editable.loc[code]
                    if kato in units and units[kato].level != spec["level"]:
                        problems.append(ValidationError(_v.WRONG_LEVEL, row=line, column="indicator", value=code))
            value, found = _v.parse_number(edit.value, row=line, column="value")
            problems += found
            if value is None and not found:
                problems.append(ValidationError(_v.MISSING_VALUE, row=line, column="value"))
            if value is not None and spec is not None:
                problems += _v.check_range(value, spec["min_value"], spec["max_value"], row=line, column="value")
            source, found = _v.check_text(edit.source, row=line, column="source", required=_v.MISSING_SOURCE)
            problems += found
            reason, found = _v.check_text(edit.reason, row=line, column="reason")
            problems += found
            day, found = _v.parse_date(edit.period, today=today, row=line, column="date")
            problems += found
            if day is not None and not found:
                key = (kato, code, day.isoformat())
                if key in seen:
                    problems.append(
                        ValidationError(_v.DUPLICATE, row=line, column="date", value=" / ".join(key), other=seen[key])
                    )
                else:
                    seen[key] = line
            if len(problems) == bad:
                rows.append(
                    {
                        "line": line,
                        "kato": kato,
                        "indicator": code,
                        "value": value,
                        "date": day,
                        "period": day.isoformat(),
                        "source": source,
                        "reason": reason,
                        "base_id": edit.base_id,
                        "spec": spec,
                        "flags": [],
                    }
                )
        if problems:
            raise ValidationFailed(problems)
        problems += plausibility.review(cur, rows, account)
        if problems:
            raise ValidationFailed(problems)
        return rows

    def _check_conflicts(self, cur: duckdb.DuckDBPyConnection, rows: list[dict]) -> None:
        checked = [r for r in rows if r["base_id"] != UNCHECKED]
        if not checked:
            return
        keys = pd.DataFrame(
            {"kato": [r["kato"] for r in checked], "indicator": [r["indicator"] for r in checked]}
        ).drop_duplicates()
        cur.register("_keys", keys)
        try:
            latest = cur.execute("""SELECT o.id, o.kato, o.indicator, o.value, o.status, o.entered_by, o.entered_at
                                    FROM observation o JOIN _keys k USING (kato, indicator)
                                    QUALIFY row_number() OVER (PARTITION BY o.kato, o.indicator ORDER BY o.id DESC) = 1
                                 """).df()
        finally:
            cur.unregister("_keys")
        now = {(r.kato, r.indicator): r for r in latest.itertuples()}
        conflicts = []
        for r in checked:
            current = now.get((r["kato"], r["indicator"]))
            current_id = None if current is None else int(current.id)
            if current_id != (None if r["base_id"] is None or pd.isna(r["base_id"]) else int(r["base_id"])):
                conflicts.append(
                    {
                        "kato": r["kato"],
                        "indicator": r["indicator"],
                        "yours": r["value"],
                        "theirs": None if current is None or pd.isna(current.value) else float(current.value),
                        "theirs_status": None if current is None else current.status,
                        "theirs_by": None if current is None else current.entered_by,
                        "theirs_at": None if current is None else current.entered_at,
                        "current_id": current_id,
                        "row": r["line"],
                    }
                )
        if conflicts:
            raise ConflictError(conflicts)

    def _source_ids(
        self, cur: duckdb.DuckDBPyConnection, rows: list[dict], account: dict, now: dt.datetime
    ) -> dict[str, str]:
        """Source id of each source text: an existing id typed as is, else an ``AK-`` source row."""
        texts = sorted({r["source"] for r in rows})
        known = set(cur.execute("SELECT id FROM source").df()["id"])
        out = {}
        for name in texts:
            if name in known:
                out[name] = name
                continue
            sid = "AK-" + hashlib.sha1(name.encode()).hexdigest()[:12]
            cur.execute(
                "INSERT OR IGNORE INTO source (id, title, publisher, date, registry) VALUES (?, ?, ?, ?, ?)",
                [sid, name, account.get("scope_kato") or account["role"], now.date().isoformat(), "akimat"],
            )
            out[name] = sid
        return out

    def rollback_batch(self, batch_id: str, *, user: str, reason: str, now: dt.datetime | None = None) -> dict:
        """Undo a batch by appending versions: each value it set goes back to the one before it.

        A value whose key was changed after the batch raises :class:`ConflictError`; a value that had
        no earlier version is withdrawn (a new version without a value); a pending one is rejected.
        The rollback is itself a batch, audited with ``action='batch.rollback'``.
        """
        now = now or utcnow()
        reason, found = _v.check_text(reason, column="reason", required=_v.MISSING_REASON)
        if found:
            raise ValidationFailed(found)
        with self.transaction() as cur:
            account = self._actor(cur, user, "rollback", now=now)
            rows = cur.execute("SELECT * FROM observation WHERE batch_id = ? ORDER BY id", [batch_id]).df()
            if rows.empty or batch_id == "build":
                raise ValidationFailed([ValidationError(_v.UNKNOWN_BATCH, column="batch", value=batch_id)])
            scope = self.scope_katos(account)
            if scope is not None and not set(rows["kato"]) <= scope:
                raise AccessDenied(f"batch {batch_id} has units outside the scope of {user}")
            done = cur.execute(
                "SELECT count(*) FROM audit WHERE action = 'batch.rollback' AND old_value = ?", [batch_id]
            ).fetchall()[0][0]
            if done:
                raise ValidationFailed([ValidationError(_v.ALREADY_ROLLED_BACK, column="batch", value=batch_id)])
            new_batch = new_batch_id(now, prefix="R")
            out_obs, out_aud, conflicts = [], [], []
            for (kato, code, period), grp in rows.groupby(["kato", "indicator", "period"], sort=True):
                mine = grp.sort_values("version").iloc[-1]
                hist = cur.execute(
                    "SELECT * FROM observation WHERE kato = ? AND indicator = ? AND period = ? ORDER BY version",
                    [kato, code, period],
                ).df()
                newest = hist.iloc[-1]
                if int(newest["id"]) != int(mine["id"]):
                    conflicts.append(
                        {
                            "kato": kato,
                            "indicator": code,
                            "yours": None,
                            "theirs": None if pd.isna(newest["value"]) else float(newest["value"]),
                            "theirs_status": newest["status"],
                            "theirs_by": newest["entered_by"],
                            "theirs_at": newest["entered_at"],
                            "current_id": int(newest["id"]),
                            "row": None,
                        }
                    )
                    continue
                before = hist[(hist["version"] < grp["version"].min()) & (hist["status"] == "published")]
                row = {
                    **{c: mine[c] for c in ("kato", "indicator", "period", "period_end", "source_id", "origin")},
                    "entered_by": account["username"],
                    "entered_at": now,
                    "version": int(newest["version"]) + 1,
                    "batch_id": new_batch,
                }
                if mine["status"] == "pending":
                    row.update(value=mine["value"], status="rejected", note=f"rollback of {batch_id}: {reason}")
                elif before.empty:
                    row.update(value=None, status="published", note=f"withdrawn by rollback of {batch_id}: {reason}")
                else:
                    prior = before.iloc[-1]
                    row.update(
                        value=prior["value"],
                        status="published",
                        source_id=prior["source_id"],
                        origin=prior["origin"],
                        note=f"restored by rollback of {batch_id}: {reason}",
                    )
                out_obs.append(row)
                out_aud.append(
                    audit_row(
                        now,
                        account["username"],
                        "observation.rollback",
                        kato=kato,
                        indicator=code,
                        period=period,
                        old_value=mine["value"],
                        new_value=row["value"],
                        source_id=row["source_id"],
                        reason=reason,
                        batch_id=new_batch,
                    )
                )
            if conflicts:
                raise ConflictError(conflicts)
            append(cur, "observation", pd.DataFrame(out_obs), casts={"period_end": "DATE", "value": "DOUBLE"})
            out_aud.append(
                audit_row(
                    now,
                    account["username"],
                    "batch.rollback",
                    old_value=batch_id,
                    new_value=new_batch,
                    reason=reason,
                    batch_id=new_batch,
                )
            )
            write_audit(cur, out_aud)
        return {"batch_id": new_batch, "rows": len(out_obs)}

    def review_observation(
        self, observation_id: int, *, user: str, approve: bool, comment: str, now: dt.datetime | None = None
    ) -> None:
        """Approve (publish) or reject a pending value by appending a version; audited with the comment."""
        now = now or utcnow()
        comment, found = _v.check_text(comment, column="comment", required=None if approve else _v.MISSING_REASON)
        if found:
            raise ValidationFailed(found)
        with self.transaction() as cur:
            account = self._actor(cur, user, "review", now=now)
            row = cur.execute("SELECT * FROM observation WHERE id = ?", [observation_id]).df()
            if row.empty:
                raise ValidationFailed([ValidationError(_v.UNKNOWN_OBSERVATION, value=observation_id)])
            r = row.iloc[0]
            newest = cur.execute(
                "SELECT max(version) FROM observation WHERE kato = ? AND indicator = ? AND period = ?",
                [r["kato"], r["indicator"], r["period"]],
            ).fetchall()[0][0]
            if r["status"] != "pending" or int(newest) != int(r["version"]):
                raise ConflictError(
                    [
                        {
                            "kato": r["kato"],
                            "indicator": r["indicator"],
                            "yours": None,
                            "theirs": None,
                            "theirs_status": None,
                            "theirs_by": None,
                            "theirs_at": None,
                            "current_id": None,
                            "row": None,
                        }
                    ]
                )
            status = "published" if approve else "rejected"
            verdict = "approved" if approve else "rejected"
            new = {
                c: r[c]
                for c in (
                    "kato",
                    "indicator",
                    "value",
                    "period",
                    "period_end",
                    "source_id",
                    "origin",
                    "entered_by",
                    "entered_at",
                    "batch_id",
                )
            }
            new.update(
                status=status,
                version=int(newest) + 1,
                note="; ".join(
                    x
                    for x in (
                        r["note"] if pd.notna(r["note"]) else None,
                        f"{verdict} by {account['username']}: {comment}".rstrip(": "),
                    )
                    if x
                ),
            )
            append(cur, "observation", pd.DataFrame([new]), casts={"period_end": "DATE"})
            audit(
                cur,
                now,
                account["username"],
                f"observation.{'approve' if approve else 'reject'}",
                kato=r["kato"],
                indicator=r["indicator"],
                period=r["period"],
                old_value="pending",
                new_value=f"{status}: {text(r['value'])}",
                source_id=r["source_id"],
                reason=comment or None,
                batch_id=r["batch_id"],
            )
