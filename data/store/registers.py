"""Registers kept from the UI: centres, business programmes, priority sectors, how-to-apply contacts.

Each register is a list of rows with typed fields (:data:`REGISTERS`), an oblast (None: national) and a
source. The ministry edits every row; an akimat officer the rows of its own oblast
(:func:`data.permissions.may_edit_register_row`). Every save re-reads the acting account, checks each
text (:func:`data._validate.check_text`) and number (the number grammar, :func:`data._validate.parse_number`),
refuses a row changed by someone else since it was loaded (:class:`~data.errors.ConflictError`), appends a
new version and writes one audit row per change — in one transaction. Until a row is first saved, the
vendored table's row (version 0) is shown in its place.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from data import _validate as _v
from data import permissions
from data.errors import AccessDenied, ConflictError, ValidationError, ValidationFailed
from data.store.audit import audit
from data.store.desk import utcnow
from data.store.reads import Reads
from i18n import N_

REGISTERS_SCHEMA = Path(__file__).with_name("registers_schema.sql")

UNKNOWN_REGISTER = N_("unknown register {value}")
NOT_AN_OBLAST = N_("{value} is not an oblast")


@dataclass(frozen=True)
class Field:
    """One field of a register: ``kind`` ``text`` or ``number`` (with an allowed range)."""

    name: str
    kind: str = "text"
    required: bool = False
    min_value: float | None = None
    max_value: float | None = None


#: The registers and their fields. Coordinates are bounded to Kazakhstan's extent (40.5–55.5 N,
#: 46.5–87.4 E, the boundaries in data/raw/geo rounded outwards) so a swapped lat/lon is refused.
REGISTERS: dict[str, tuple[Field, ...]] = {
    "adaptation_centres": (
        Field("name", required=True),
        Field("status"),
        Field("address"),
        Field("capacity", "number", min_value=0),
        Field("services"),
        Field("lat", "number", min_value=40.5, max_value=55.5),
        Field("lon", "number", min_value=46.5, max_value=87.4),
    ),
    "business_programmes": (
        Field("name", required=True),
        Field("operator"),
        Field("instrument"),
        Field("max_amount", "number", min_value=0),
        Field("amount_unit"),
        Field("eligibility"),
    ),
    "priority_sectors": (
        Field("sector", required=True),
        Field("kind"),
        Field("value", "number", min_value=0),
        Field("period"),
        Field("note"),
    ),
    "apply_contacts": (
        Field("office", required=True),
        Field("address"),
        Field("phone"),
        Field("hours"),
    ),
}

#: Columns of :meth:`Registers.register_rows` besides the fields.
ROW_COLUMNS = ("row_id", "version", "oblast_kato", "source", "changed_by", "changed_at")


class Registers(Reads):
    """Reads and audited, version-checked writes of the registers."""

    def _ensure_registers_schema(self, cur) -> None:
        cur.execute(REGISTERS_SCHEMA.read_text(encoding="utf-8"))

    # ------------------------------------------------------------------ reads
    def register_rows(self, register: str, *, oblast_kato: str | None = None) -> pd.DataFrame:
        """Current rows of a register (saved rows, else the vendored ones as version 0), optionally one oblast's."""
        fields = _fields(register)
        cols = [*ROW_COLUMNS, *(f.name for f in fields)]
        stored = (
            self.query(
                """SELECT * FROM register_row WHERE register = ?
                   QUALIFY row_number() OVER (PARTITION BY row_id ORDER BY version DESC) = 1""",
                [register],
            )
            if self._has_table("register_row")
            else pd.DataFrame(columns=["row_id", "version", "oblast_kato", "fields", "source", "deleted"])
        )
        rows = [
            {**json.loads(r.fields), **{c: getattr(r, c) for c in ROW_COLUMNS}}
            for r in stored.itertuples()
            if not r.deleted
        ]
        seen = set(stored["row_id"])
        rows += [r for r in self._vendored(register) if r["row_id"] not in seen]
        out = pd.DataFrame(rows, columns=cols)
        if oblast_kato is not None:
            out = out[out["oblast_kato"] == oblast_kato]
        return out.sort_values(["oblast_kato", "row_id"], na_position="first").reset_index(drop=True)

    def _vendored(self, register: str) -> list[dict]:
        base = {"version": 0, "changed_by": None, "changed_at": None}
        if register == "adaptation_centres" and self._has_table("adaptation_centre"):
            return [
                {
                    **base,
                    "row_id": f"v:{r.id}",
                    "oblast_kato": r.oblast_kato,
                    "source": r.source_id,
                    "name": r.name,
                    "status": r.status,
                    "address": r.city,  # the vendored list names the city only
                    "capacity": _num(r.capacity),
                    "services": None,  # the vendored note mixes services with report remarks: not copied
                    "lat": _num(r.lat),
                    "lon": _num(r.lon),
                }
                for r in self.query("SELECT * FROM adaptation_centre ORDER BY id").itertuples()
            ]
        if register == "business_programmes" and self._has_table("business_programme"):
            return [
                {
                    **base,
                    "row_id": f"v:{r.code}",
                    "oblast_kato": None,
                    "source": r.source_id,
                    "name": r.name_ru,
                    "operator": r.operator,
                    "instrument": r.instrument,
                    "max_amount": _num(r.max_amount),
                    "amount_unit": r.amount_unit,
                    "eligibility": r.eligibility,
                }
                for r in self.query("SELECT * FROM business_programme ORDER BY code").itertuples()
            ]
        if register == "priority_sectors" and self._has_table("priority_sector"):
            return [
                {
                    **base,
                    "row_id": f"v:{n}",
                    "oblast_kato": r.oblast_kato,
                    "source": r.source_id,
                    "sector": r.sector_or_profession,
                    "kind": r.kind,
                    "value": _num(r.value),
                    "period": r.period,
                    "note": r.note,
                }
                for n, r in enumerate(self.query("SELECT * FROM priority_sector").itertuples(), start=1)
            ]
        return []

    def register_completeness(self) -> pd.DataFrame:
        """The newest completeness mark of each (register, oblast): ``register``, ``oblast_kato``,
        ``complete``, ``source``, ``changed_by``, ``changed_at``."""
        cols = ["register", "oblast_kato", "complete", "source", "changed_by", "changed_at"]
        if not self._has_table("register_completeness"):
            return pd.DataFrame(columns=cols)
        return self.query(
            """SELECT * FROM register_completeness
               QUALIFY row_number() OVER (PARTITION BY register, oblast_kato ORDER BY changed_at DESC) = 1
               ORDER BY register, oblast_kato"""
        )[cols]

    def complete_registers(self) -> tuple[str, ...]:
        """Registers marked complete in every oblast — the names a profile may list in
        ``WeightProfile.complete_registers`` (scoring/profile.py)."""
        marks = self.register_completeness()
        oblasts = set(self.units("oblast")["kato"])
        done = marks[marks["complete"].astype(bool)].groupby("register")["oblast_kato"].apply(set)
        return tuple(sorted(name for name, katos in done.items() if oblasts <= katos))

    # ------------------------------------------------------------------ writes
    def save_register_rows(self, register: str, rows: list[dict], *, user: str, now: dt.datetime | None = None) -> int:
        """Add, change or delete register rows in one transaction; returns the number of rows written.

        Each row: the register's fields, ``oblast_kato`` (None: national), ``source`` (required),
        ``row_id`` (None for a new row), ``version`` (the version the editor loaded; 0 for a vendored
        row) and optionally ``deleted=True``. Raises :class:`~data.errors.ValidationFailed` (every
        problem, nothing written), :class:`~data.errors.ConflictError` (a row changed since it was
        loaded) or :class:`~data.errors.AccessDenied` (a row outside the account's oblast).
        """
        now = now or utcnow()
        fields = _fields(register)
        self._precheck(user, "edit_registers")
        oblasts = set(self.units("oblast")["kato"])
        checked, problems = [], []
        for line, row in enumerate(rows, start=1):
            clean, found = _check_row(fields, row, line, oblasts)
            problems += found
            checked.append(clean)
        if problems:
            raise ValidationFailed(problems)
        with self.transaction() as cur:
            account = self._actor(cur, user, "edit_registers", now=now)
            self._ensure_registers_schema(cur)
            home = self._home_oblast(cur, account)
            conflicts = []
            for row in checked:
                current = (
                    cur.execute(
                        "SELECT version, oblast_kato, fields, changed_by, changed_at FROM register_row "
                        "WHERE register = ? AND row_id = ? ORDER BY version DESC LIMIT 1",
                        [register, row["row_id"]],
                    ).fetchall()
                    if row["row_id"]
                    else []
                )
                now_version = int(current[0][0]) if current else 0
                old_oblast = current[0][1] if current else row["oblast_kato"]
                for kato in {old_oblast, row["oblast_kato"]}:
                    if not permissions.may_edit_register_row(account, kato, oblast_of_scope=home):
                        raise AccessDenied(f"register rows of {kato or 'the whole country'} are the ministry's")
                if now_version != row["version"]:
                    conflicts.append(
                        {
                            "kato": row["oblast_kato"],
                            "indicator": f"{register}/{row['row_id']}",
                            "yours": row["name"],
                            "theirs": current[0][2],
                            "theirs_status": None,
                            "theirs_by": current[0][3],
                            "theirs_at": current[0][4],
                            "current_id": now_version,
                            "row": None,
                        }
                    )
            if conflicts:
                raise ConflictError(conflicts)
            for row in checked:
                row_id = row["row_id"] or f"r:{uuid.uuid4().hex[:12]}"
                data = {f.name: row["fields"].get(f.name) for f in fields}
                cur.execute(
                    "INSERT INTO register_row (register, row_id, version, oblast_kato, fields, source, deleted, "
                    "changed_by, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        register,
                        row_id,
                        row["version"] + 1,
                        row["oblast_kato"],
                        json.dumps(data, ensure_ascii=False),
                        row["source"],
                        row["deleted"],
                        account["username"],
                        now,
                    ],
                )
                audit(
                    cur,
                    now,
                    account["username"],
                    f"register.{'delete' if row['deleted'] else 'set'}",
                    kato=row["oblast_kato"],
                    indicator=f"{register}/{row_id}",
                    period=str(row["version"] + 1),
                    new_value=None if row["deleted"] else json.dumps(data, ensure_ascii=False),
                    source_id=row["source"],
                )
        return len(checked)

    def mark_register_complete(
        self, register: str, oblast_kato: str, *, complete: bool, source: str, user: str, now: dt.datetime | None = None
    ) -> None:
        """Mark (or unmark) an oblast's register complete, citing the source of that judgement. Ministry; audited."""
        now = now or utcnow()
        _fields(register)
        source, found = _v.check_text(source, column="source", required=_v.MISSING_SOURCE)
        if oblast_kato not in set(self.units("oblast")["kato"]):
            found.append(ValidationError(NOT_AN_OBLAST, column="oblast_kato", value=oblast_kato))
        if found:
            raise ValidationFailed(found)
        with self.transaction() as cur:
            account = self._actor(cur, user, "confirm_register", now=now)
            self._ensure_registers_schema(cur)
            cur.execute(
                "INSERT INTO register_completeness VALUES (?, ?, ?, ?, ?, ?)",
                [register, oblast_kato, complete, source, account["username"], now],
            )
            audit(
                cur,
                now,
                account["username"],
                "register.complete" if complete else "register.incomplete",
                kato=oblast_kato,
                indicator=register,
                new_value=str(complete).lower(),
                source_id=source,
            )

    def _home_oblast(self, cur, account: dict) -> str | None:
        scope = account.get("scope_kato")
        if not scope:
            return None
        rows = cur.execute("SELECT level, parent_kato FROM unit WHERE kato = ?", [scope]).fetchall()
        if not rows:
            return None
        return scope if rows[0][0] == "oblast" else rows[0][1]


def _fields(register: str) -> tuple[Field, ...]:
    if register not in REGISTERS:
        raise ValidationFailed([ValidationError(UNKNOWN_REGISTER, value=register)])
    return REGISTERS[register]


def ticked(value: object) -> bool:
    """A checkbox cell: True only when ticked (a new editor row may carry None or NaN)."""
    return value is not None and value == value and bool(value)


def _num(value: object) -> float | None:
    number, found = _v.parse_number(value)
    return None if found else number


def _check_row(fields: tuple[Field, ...], row: dict, line: int, oblasts: set[str]) -> tuple[dict, list]:
    """One edited row checked: texts by :func:`data._validate.check_text`, numbers by the number grammar."""
    problems: list[ValidationError] = []
    values: dict[str, object] = {}
    for f in fields:
        raw = row.get(f.name)
        if f.kind == "number":
            number, found = _v.parse_number(raw, row=line, column=f.name)
            problems += found
            if number is None and f.required and not found:
                problems.append(ValidationError(_v.MISSING_VALUE, row=line, column=f.name))
            if number is not None:
                problems += _v.check_range(number, f.min_value, f.max_value, row=line, column=f.name)
            values[f.name] = number
        else:
            text, found = _v.check_text(
                "" if raw is None or raw != raw else raw,
                row=line,
                column=f.name,
                required=_v.MISSING_VALUE if f.required else None,
            )
            problems += found
            values[f.name] = text or None
    source, found = _v.check_text(
        "" if row.get("source") is None or row.get("source") != row.get("source") else row["source"],
        row=line,
        column="source",
        required=_v.MISSING_SOURCE,
    )
    problems += found
    oblast = row.get("oblast_kato")
    oblast = None if oblast is None or oblast != oblast or str(oblast).strip() == "" else str(oblast).strip()
    if oblast is not None and oblast not in oblasts:
        problems.append(ValidationError(NOT_AN_OBLAST, row=line, column="oblast_kato", value=oblast[:20]))
    row_id = row.get("row_id")
    row_id = None if row_id is None or row_id != row_id or str(row_id) == "" else str(row_id)
    version = row.get("version")
    version = 0 if version is None or version != version else int(version)
    first = fields[0].name
    return (
        {
            "row_id": row_id,
            "version": version,
            "oblast_kato": oblast,
            "source": source,
            "fields": values,
            "name": values.get(first),
            "deleted": ticked(row.get("deleted")),
        },
        problems,
    )
