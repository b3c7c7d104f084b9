"""``python -m data.monitor``: the same rows as the Monitoring page, as JSON, CSV or a table."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from data import monitor, outcomes
from data.store import Store
from scoring import monitoring

ROOT = Path(__file__).resolve().parents[2]
KEYS = ["indicator", "year", "scope", "target", "actual", "source", "status"]


def test_json_rows_and_keys(built_db: Path, capsys: pytest.CaptureFixture) -> None:
    assert monitor.main(["--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and all(list(r)[:7] == KEYS for r in rows)
    assert {r["status"] for r in rows} <= set(monitoring.STATUSES)
    assert {r["indicator"] for r in rows} == set(monitoring.TARGETS_BY_CODE)
    share = next(r for r in rows if r["indicator"] == "designated_share_of_new_kandas" and r["year"] == 2025)
    assert share["actual"] == pytest.approx(100 * 2309 / 16805, abs=0.01) and share["status"] == "no target"
    employment = next(r for r in rows if r["indicator"] == "kandas_employment_rate" and r["year"] == 2027)
    assert employment["target"] == 95 and employment["actual"] is None and employment["status"] == "not reported"


def test_csv_one_year(built_db: Path, capsys: pytest.CaptureFixture) -> None:
    assert monitor.main(["--format", "csv", "--year", "2025"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows and {r["year"] for r in rows} == {"2025"}
    assert list(rows[0])[:7] == KEYS
    pavlodar = next(r for r in rows if r["indicator"] == "quota_fulfilment" and r["scope"] == "550000000")
    assert float(pavlodar["actual"]) == 88.7 and pavlodar["status"] == "not met"
    assert pavlodar["source_url"].startswith("https://www.inform.kz/")
    national = next(r for r in rows if r["indicator"] == "quota_fulfilment" and r["scope"] == "national")
    assert float(national["actual"]) == 100 and national["status"] == "met" and national["target_source"] == "S10e"


def test_table_format_says_where_outcomes_came_from(built_db: Path, capsys: pytest.CaptureFixture) -> None:
    assert monitor.main(["--year", "2028"]) == 0
    captured = capsys.readouterr()
    assert "north_south_imbalance" in captured.out and "1.65" in captured.out
    assert "outcome figures read from" in captured.err and "Decree No. 961" in captured.err


def test_missing_database_is_a_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("QONYS_DB", str(tmp_path / "none.duckdb"))
    assert monitor.main([]) == 1
    assert capsys.readouterr().err.startswith("monitor failed:")


def test_approved_akimat_value_reaches_the_rows(writable_db: Path) -> None:
    """Only published akimat rows of catalogue indicators are read; pending ones are drafts."""
    store = Store(writable_db)
    now = pd.Timestamp("2026-11-29 10:00")
    with store.transaction() as cur:
        for status, value in (("published", 88.0), ("pending", 99.0)):
            cur.execute(
                "INSERT INTO observation (kato, indicator, value, period, period_end, source_id, origin, status, "
                "entered_by, entered_at, version) VALUES (?, ?, ?, '2025', '2025-12-31', 'akimat letter', 'akimat', "
                "?, 'akimat_pav', ?, ?)",
                ["550000000", "kandas_employment_rate", value, status, now, 1 if status == "published" else 2],
            )
    approved = monitor.approved_observations(store)
    assert list(approved["value"]) == [88.0]
    row = monitor.rows(store, year=2025).query("indicator == 'kandas_employment_rate' and scope == '550000000'")
    assert row.iloc[0]["actual"] == 88 and row.iloc[0]["status"] == "met" and row.iloc[0]["origin"] == "akimat"
    store.close()


def test_outcomes_loader_reads_the_vendored_files(store: Store) -> None:
    settlement = outcomes.settlement(store)
    assert len(settlement) == 53
    if not outcomes.reads_from_database(store):  # the CSV: one id per line; the build's table: R01 per file
        assert settlement["source_id"].is_unique
    astana = settlement[settlement["oblast"] == "г. Астана"]
    assert set(astana["oblast_kato"]) == {"710000000"}
    atyrau = settlement[settlement["kato_or_name"] == "г. Атырау"]
    assert set(atyrau["district_kato"]) == {"231000000"}, "'г. Атырау' is the city of 'г. Атырау (Г.А.)'"
    assert settlement["district_kato"].notna().sum() == 13  # 5 Atyrau, 7 Mangystau, 1 West Kazakhstan
    abai = outcomes.centres(store)
    assert "100000000" in set(abai["oblast_kato"]), "'область Абай (ранее ВКО)' is Abai"


def test_module_runs_as_a_command(built_db: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "data.monitor", "--format", "json", "--year", "2023"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**__import__("os").environ, "QONYS_DB": str(built_db)},
    )
    assert {r["year"] for r in json.loads(done.stdout)} == {2023}


def test_outcomes_loader_reads_the_build_tables_when_present(writable_db: Path) -> None:
    """After the build loads data/raw/outcomes (columns place, source_ref, source_id = R01), the loader reads
    the table instead of the CSV, with the same rows and the report's URL as the link."""
    frame = pd.read_csv(outcomes.OUTCOMES_DIR / outcomes.SETTLEMENT_CSV, dtype=str, keep_default_na=False)
    frame = frame.rename(columns={"kato_or_name": "place", "source": "source_ref"}).assign(source_id="R01")
    store = Store(writable_db)
    with store.transaction() as cur:
        cur.execute("DROP TABLE IF EXISTS kandas_settlement")
    assert not outcomes.reads_from_database(store)
    with store.transaction() as cur:
        cur.register("reported", frame)
        cur.execute("CREATE TABLE kandas_settlement AS SELECT * FROM reported")
    assert outcomes.reads_from_database(store)
    settlement = outcomes.settlement(store)
    assert len(settlement) == 53 and set(settlement["source_id"]) == {"R01"}
    pavlodar = monitor.rows(store, year=2025).query("indicator == 'quota_fulfilment' and scope == '550000000'")
    assert pavlodar.iloc[0]["actual"] == 88.7 and pavlodar.iloc[0]["source"] == "R01"
    assert pavlodar.iloc[0]["source_url"].startswith("https://www.inform.kz/")
    store.close()
