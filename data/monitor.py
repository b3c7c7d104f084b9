"""Print the Concept's targets beside the actuals: ``python -m data.monitor``.

Usage: ``python -m data.monitor [--format json|csv|table] [--year Y]``. Reads through the store
(read-only) and calls :func:`scoring.monitoring.monitor`; the rows are the ones the Monitoring page shows.
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from data import outcomes
from data.store import Store, StoreError
from scoring import monitoring


def approved_observations(store: Store) -> pd.DataFrame:
    """Approved akimat values of the monitored indicators (oblast and national level), maybe empty.

    ``Store.observations`` returns only published rows, i.e. values the ministry approved or that
    needed no review; only ``origin='akimat'`` rows of catalogue indicators are kept.
    """
    obs = store.observations("oblast")
    keep = obs["indicator"].isin(list(monitoring.TARGETS_BY_CODE)) & (obs["origin"] == "akimat")
    return obs.loc[keep, ["kato", "indicator", "period", "value", "source_id"]].reset_index(drop=True)


def outcome_observations(store: Store) -> pd.DataFrame:
    """Approved district outcome values (scoring/outcome_indicators.py) summed to oblasts and the country
    per year, with the employment rate (:func:`scoring.monitoring.outcome_actuals`)."""
    obs = store.observations("district", inherit=False)
    obs = obs[obs["indicator"].isin(monitoring.OUTCOME_SUM_CODES) & (obs["origin"] == "akimat")]
    return monitoring.outcome_actuals(obs, store.units("district")[["kato", "parent_kato"]])


def rows(store: Store, *, year: int | None = None) -> pd.DataFrame:
    """The monitoring rows from the store (optionally one year only)."""
    # The outcome tables come with the build branch; until the database has them, data.outcomes reads
    # data/raw/outcomes/*.csv (the same files) — see outcomes.reads_from_database.
    table = monitoring.monitor(
        kandas_stats=store.kandas_stats(),
        quotas=store.quotas(),
        settlement=outcomes.settlement(store),
        approved=pd.concat([approved_observations(store), outcome_observations(store)], ignore_index=True),
        sources=store.sources(),
    )
    if year is not None:
        table = table[table["year"] == year].reset_index(drop=True)
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data.monitor", description=__doc__.splitlines()[0])
    parser.add_argument("--format", choices=["json", "csv", "table"], default="table")
    parser.add_argument("--year", type=int, help="only this year")
    args = parser.parse_args(argv)
    try:
        store = Store(read_only=True)
        table = rows(store, year=args.year)
        from_db = outcomes.reads_from_database(store)
    except (StoreError, OSError) as exc:
        print(f"monitor failed: {exc}", file=sys.stderr)
        return 1
    if args.format == "json":
        print(table.to_json(orient="records", force_ascii=False, indent=1))
    elif args.format == "csv":
        table.to_csv(sys.stdout, index=False)
    else:
        short = table[["indicator", "year", "scope", "target", "actual", "status", "source"]]
        print(short.to_string(index=False, na_rep="—"))
    where = "database" if from_db else f"{outcomes.OUTCOMES_DIR} (not yet in the database)"
    print(f"# outcome figures read from {where}; targets: {monitoring.DECREE_961}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
