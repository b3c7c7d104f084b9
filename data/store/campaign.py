"""The data campaign: the ministry's data requests, the akimats' to-do lists and the reporting rates.

A request (indicators × a quarter × a deadline × oblasts) is issued and withdrawn on the Admin page
(``issue_request``: ministry; audited). Who must report what, and how far they got, is computed by the
pure :mod:`scoring.reporting` from the requests and the values stored by the desk — no separate
"submission" is kept, so a value entered, imported, reviewed or rolled back counts at once.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd

from data import _validate as _v
from data.errors import ValidationError, ValidationFailed
from data.store.audit import audit
from data.store.desk import utcnow
from data.store.reads import Reads
from i18n import N_

CAMPAIGN_SCHEMA = Path(__file__).with_name("campaign_schema.sql")

NO_INDICATORS = N_("choose at least one indicator")
NO_OBLASTS = N_("choose at least one oblast")
NOT_AN_OBLAST = N_("{value} is not an oblast")
NOT_REQUESTABLE = N_("indicator {value} is not entered by akimats")
BAD_QUARTER = N_("{value} is not a quarter (1–4)")
BAD_YEAR = N_("{value} is not a year between 2000 and 2100")
DEADLINE_PASSED = N_("the deadline {value} is in the past")
UNKNOWN_REQUEST = N_("unknown data request {value}")


class Campaign(Reads):
    """Data requests (ministry writes, everyone staff reads) and the computed to-do and rates."""

    def _ensure_campaign_schema(self, cur) -> None:
        cur.execute(CAMPAIGN_SCHEMA.read_text(encoding="utf-8"))

    # ------------------------------------------------------------------ writes
    def issue_request(
        self,
        *,
        user: str,
        title: str,
        year: int,
        quarter: int,
        deadline: dt.date,
        indicators: list[str],
        oblasts: list[str],
        now: dt.datetime | None = None,
    ) -> int:
        """Issue a data request as ``user`` (an active ministry account); returns its id. Audited.

        Raises :class:`~data.errors.ValidationFailed` naming every problem: an empty or unsafe title,
        a year outside 2000–2100, a quarter outside 1–4, a deadline before today, no indicator or an
        indicator akimats do not enter, no oblast or a KATO that is not an oblast.
        """
        now = now or utcnow()
        self._precheck(user, "issue_request")
        problems: list[ValidationError] = []
        title, found = _v.check_text(title, column="title", required=_v.MISSING_VALUE)
        problems += found
        if not isinstance(year, int) or not 2000 <= year <= 2100:
            problems.append(ValidationError(BAD_YEAR, column="year", value=year))
        if quarter not in (1, 2, 3, 4):
            problems.append(ValidationError(BAD_QUARTER, column="quarter", value=quarter))
        if not isinstance(deadline, dt.date) or deadline < now.date():
            problems.append(ValidationError(DEADLINE_PASSED, column="deadline", value=deadline))
        settings = self.indicator_settings()
        requestable = set(settings.loc[settings["akimat_editable"], "code"])
        codes = list(dict.fromkeys(str(c) for c in indicators))
        if not codes:
            problems.append(ValidationError(NO_INDICATORS, column="indicators"))
        problems += [
            ValidationError(NOT_REQUESTABLE, column="indicators", value=c) for c in codes if c not in requestable
        ]
        oblast_katos = set(self.units("oblast")["kato"])
        katos = list(dict.fromkeys(str(k) for k in oblasts))
        if not katos:
            problems.append(ValidationError(NO_OBLASTS, column="oblasts"))
        problems += [ValidationError(NOT_AN_OBLAST, column="oblasts", value=k) for k in katos if k not in oblast_katos]
        if problems:
            raise ValidationFailed(problems)
        with self.transaction() as cur:
            account = self._actor(cur, user, "issue_request", now=now)
            self._ensure_campaign_schema(cur)
            # The next id is read in the write's transaction (writes are serialised): the build carries this
            # table into a rebuilt file as rows only (data/store/build_writer.py), without a sequence.
            new_id = cur.execute("SELECT coalesce(max(id), 0) + 1 FROM data_request").fetchone()[0]
            cur.execute(
                "INSERT INTO data_request (id, title, year, quarter, deadline, indicators, oblasts, issued_by, "
                "issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    new_id,
                    title,
                    year,
                    quarter,
                    deadline,
                    json.dumps(codes),
                    json.dumps(katos),
                    account["username"],
                    now,
                ],
            )
            audit(
                cur,
                now,
                account["username"],
                "request.issue",
                period=f"{year}-Q{quarter}",
                indicator=",".join(codes),
                kato=",".join(katos),
                new_value=f"#{new_id} {title} (deadline {deadline.isoformat()})",
            )
        return int(new_id)

    def withdraw_request(self, request_id: int, *, user: str, reason: str, now: dt.datetime | None = None) -> None:
        """Withdraw a request (it leaves every to-do list; its values stay). Ministry only; audited with the reason."""
        now = now or utcnow()
        reason, found = _v.check_text(reason, column="reason", required=_v.MISSING_REASON)
        if found:
            raise ValidationFailed(found)
        with self.transaction() as cur:
            account = self._actor(cur, user, "issue_request", now=now)
            self._ensure_campaign_schema(cur)
            rows = cur.execute(
                "SELECT title FROM data_request WHERE id = ? AND withdrawn_at IS NULL", [request_id]
            ).fetchall()
            if not rows:
                raise ValidationFailed([ValidationError(UNKNOWN_REQUEST, value=request_id)])
            cur.execute("UPDATE data_request SET withdrawn_at = ? WHERE id = ?", [now, request_id])
            audit(
                cur,
                now,
                account["username"],
                "request.withdraw",
                old_value=f"#{request_id} {rows[0][0]}",
                reason=reason,
            )

    # ------------------------------------------------------------------ reads
    def data_requests(self, *, include_withdrawn: bool = False) -> pd.DataFrame:
        """Requests, newest first; ``indicators`` and ``oblasts`` as lists of text."""
        cols = [
            "id",
            "title",
            "year",
            "quarter",
            "deadline",
            "indicators",
            "oblasts",
            "issued_by",
            "issued_at",
            "withdrawn_at",
        ]
        if not self._has_table("data_request"):
            return pd.DataFrame(columns=cols)
        rows = self.query(
            "SELECT * FROM data_request WHERE ? OR withdrawn_at IS NULL ORDER BY issued_at DESC, id DESC",
            [include_withdrawn],
        )
        rows["indicators"] = [json.loads(x) for x in rows["indicators"]]
        rows["oblasts"] = [json.loads(x) for x in rows["oblasts"]]
        rows["deadline"] = pd.to_datetime(rows["deadline"]).dt.date
        return rows[cols]

    def request_observations(self, codes: list[str]) -> pd.DataFrame:
        cols = ["kato", "indicator", "period_end", "status", "entered_at", "reviewed"]
        if not codes:
            return pd.DataFrame(columns=cols)
        return self.query(
            """SELECT o.kato, o.indicator, o.period_end, o.status, o.entered_at,
                      EXISTS (SELECT 1 FROM audit a WHERE a.action = 'observation.approve' AND a.kato = o.kato
                              AND a.indicator = o.indicator AND a.period = o.period) AS reviewed
               FROM observation o WHERE list_contains(?, o.indicator)
               QUALIFY row_number() OVER (PARTITION BY o.kato, o.indicator, o.period ORDER BY o.version DESC) = 1""",
            [codes],
        )[cols]
