"""Plausibility review of the data desk's values: against the registry's range, the past and the peers.

A value the desk has accepted as valid (inside the hard ``min_value``/``max_value``) may still be
implausible: outside the indicator's ``plausible`` range (a review threshold of the registry, which
catches an absurd *first* value), a jump from the last *published* value, or far outside its peers.
Such a value needs a reason and waits for ministry review (``pending``) instead of being published.
"""

from __future__ import annotations

import math

import duckdb
import numpy as np
import pandas as pd

from data import _validate as _v
from data.errors import ValidationError

#: With fewer peers than :data:`data._validate.MIN_PEERS` quartiles mean little; a value is then
#: implausible when it lies further from the peers' range than nine times the largest peer magnitude
#: (an order of magnitude beyond every peer). Our choice, not a published rule: it catches a typing
#: slip (45 for 0.45) and lets ordinary spread through.
FEW_PEERS_FACTOR = 9.0


def peer_fences(values: np.ndarray) -> tuple[float, float] | None:
    r"""Bounds outside which a value is implausible among its peers, or None when there are none.

    Enough peers: the interquartile fences (:func:`data._validate.iqr_fences`). A few (1 to
    ``MIN_PEERS - 1``): :math:`[\min - 9m, \max + 9m]` with :math:`m = \max |v|`.
    """
    values = values[np.isfinite(values)]
    if len(values) >= _v.MIN_PEERS:
        return _v.iqr_fences(values)
    scale = float(np.abs(values).max()) if len(values) else 0.0
    if scale == 0:
        return None
    return float(values.min() - FEW_PEERS_FACTOR * scale), float(values.max() + FEW_PEERS_FACTOR * scale)


def plausible_range(spec: pd.Series) -> tuple[float, float] | None:
    """The indicator's ``(plausible_min, plausible_max)``, or None when it has none (or the database predates it).

    A missing bound is open on that side.
    """
    low, high = spec.get("plausible_min"), spec.get("plausible_max")
    low = None if low is None or pd.isna(low) else float(low)
    high = None if high is None or pd.isna(high) else float(high)
    if low is None and high is None:
        return None
    return (-math.inf if low is None else low, math.inf if high is None else high)


def review(cur: duckdb.DuckDBPyConnection, rows: list[dict], account: dict) -> list[ValidationError]:
    """Set version, previous value, status and flags of each row; problems for flags without a reason.

    A value is compared with the last *published* value of its unit and indicator (a pending or
    rejected one is not a reference: correcting an absurd pending value must not read as a jump)
    and with its peers — the latest published values of the same indicator at the same level, in
    the same oblast when it has enough of them, else in the whole country (see :func:`peer_fences`).
    So a first value, which has nothing of its own to compare with, is still checked.
    """
    if not rows:
        return []
    keys = pd.DataFrame(
        {
            "kato": [r["kato"] for r in rows],
            "indicator": [r["indicator"] for r in rows],
            "period": [r["period"] for r in rows],
        }
    ).drop_duplicates()
    cur.register("_keys", keys)
    try:
        versions = cur.execute("""SELECT o.kato, o.indicator, o.period, max(o.version) AS v FROM observation o
                                  JOIN _keys k USING (kato, indicator, period) GROUP BY ALL""").df()
        previous = cur.execute("""SELECT o.kato, o.indicator, o.value FROM observation o
                                  JOIN (SELECT DISTINCT kato, indicator FROM _keys) k USING (kato, indicator)
                                  WHERE o.status = 'published'
                                  QUALIFY row_number() OVER (PARTITION BY o.kato, o.indicator
                                                             ORDER BY o.period_end DESC, o.version DESC) = 1""").df()
        peers = cur.execute("""SELECT o.kato, o.indicator, o.value, u.level, u.parent_kato
                               FROM observation o JOIN unit u USING (kato)
                               WHERE o.status = 'published' AND o.value IS NOT NULL
                                 AND o.indicator IN (SELECT DISTINCT indicator FROM _keys)
                               QUALIFY row_number() OVER (PARTITION BY o.kato, o.indicator
                                                          ORDER BY o.period_end DESC, o.version DESC) = 1""").df()
        parents = dict(
            cur.execute("SELECT kato, parent_kato FROM unit WHERE kato IN (SELECT DISTINCT kato FROM _keys)").fetchall()
        )
    finally:
        cur.unregister("_keys")
    version = {(r.kato, r.indicator, r.period): int(r.v) for r in versions.itertuples()}
    last = {(r.kato, r.indicator): (None if pd.isna(r.value) else float(r.value)) for r in previous.itertuples()}
    fences: dict[tuple, tuple[float, float] | None] = {}
    problems: list[ValidationError] = []
    for r in sorted(rows, key=lambda r: (r["kato"], r["indicator"], r["date"])):
        spec = r["spec"]
        code = r["indicator"]
        group = (code, spec["level"], parents.get(r["kato"]))
        if group not in fences:
            same = peers[(peers["indicator"] == code) & (peers["level"] == spec["level"])]
            same = same[same["kato"] != r["kato"]]
            local = same[same["parent_kato"] == group[2]] if spec["level"] == "district" else same.iloc[0:0]
            chosen = local if len(local) >= _v.MIN_PEERS else same
            fences[group] = peer_fences(chosen["value"].to_numpy(dtype=float))
        pair = (r["kato"], code)
        r["old"] = last.get(pair)
        found = _v.implausibility(
            r["value"], r["old"], fences[group], float(spec["max_jump_share"]), plausible_range(spec)
        )
        r["flags"] = [ValidationError(reason, row=r["line"], column="value", **params) for reason, params in found]
        if r["flags"] and not r["reason"]:
            problems += [ValidationError(f.reason, row=f.row, column="reason", **f.params) for f in r["flags"]]
        r["version"] = version.get((r["kato"], code, r["period"]), 0) + 1
        r["status"] = "pending" if r["flags"] or bool(spec["approval_required"]) else "published"
        if r["status"] == "published":  # the next value of this batch is compared with this one
            last[pair] = r["value"]
        r["origin"] = "akimat" if spec["supplier"] == "akimat" or account["role"] == "akimat" else spec["supplier"]
        notes = [f.reason.format(**f.params) for f in r["flags"]] + ([r["reason"]] if r["reason"] else [])
        r["note"] = "; ".join(notes) or None
    return problems
