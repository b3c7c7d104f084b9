"""Importing files: templates, the all-or-nothing rule over 100+ bad files, the command, and a kill -9."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from data.errors import AccessDenied, ValidationFailed
from data.import_file import MAX_BYTES, import_file, template
from data.store import Store
from scoring.outcome_indicators import OUTCOME_CODES
from tests.data.test_desk import content

ROOT = Path(__file__).resolve().parents[2]
HEADER = ["kato", "indicator", "value", "date", "source", "reason"]
GOOD = [
    ["101000000", "vacancies_per_jobseeker", "0.8", "2026-01-15", "Akimat letter 12", ""],
    ["101010000", "housing_units_offered", "40", "2026-01-15", "Akimat letter 12", ""],
    ["103200000", "adaptation_services", "7", "2026-01-15", "Akimat letter 13", ""],
    ["101800000", "local_support_programmes", "2", "2026-01-15", "Akimat letter 13", ""],
]


def to_csv(rows: list[list[object]], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


def to_xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def desk(desk_db: dict) -> Store:
    store = Store(desk_db["path"])
    yield store
    store.close()


def test_good_file_dry_run_then_import(desk: Store) -> None:
    before = content(desk)
    data = to_csv([HEADER, *GOOD])
    result = import_file(desk, user="akimat_abai", name="ok.csv", data=data, dry_run=True)
    assert result["rows"] == 4 and result["batch_id"] is None
    assert content(desk) == before
    result = import_file(desk, user="akimat_abai", name="ok.xlsx", data=to_xlsx([HEADER, *GOOD]))
    assert result["rows"] == 4 and result["batch_id"]
    assert len(desk.audit_log(batch_id=result["batch_id"])) == 4


@pytest.mark.parametrize("locale", ["kk", "ru", "en", "kk_Latn", "kk_Arab"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_filled_template_imports_in_every_locale(desk: Store, locale: str, fmt: str) -> None:
    account = desk.user("akimat_semey")
    data = template(desk, account, locale, fmt)
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    else:
        rows = [list(r) for r in load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)]
    header, body = rows[0], rows[1:]
    # four indicators akimats enter for a district, and the outcome indicators of the data campaign
    assert len(body) == 4 + len(OUTCOME_CODES) and header[0] != "kato" or locale == "en"
    col = {name: i for i, name in enumerate(header)}
    value_col, date_col, source_col = (list(col.values())[i] for i in (8, 9, 10))
    body[0][value_col], body[0][date_col], body[0][source_col] = "3", "2026-02-01", "Әкімдік хаты"
    data = to_csv([header, *body]) if fmt == "csv" else to_xlsx([header, *body])
    result = import_file(desk, user="akimat_semey", name=f"t.{fmt}", data=data)
    assert result["rows"] == 1


def test_every_problem_is_reported_by_row_and_column(desk: Store) -> None:
    rows = [
        HEADER,
        GOOD[0],
        ["999999999", "vacancies_per_jobseeker", "abc", "2026-01-15", "", ""],
        ["111000000", "unemployment_rate", "500", "", '=HYPERLINK("http://x")', ""],
        GOOD[0],
    ]
    with pytest.raises(ValidationFailed) as info:
        import_file(desk, user="akimat_abai", name="bad.csv", data=to_csv(rows))
    found = {(p.row, p.column) for p in info.value.problems}
    assert {
        (3, "kato"),
        (3, "value"),
        (3, "source"),
        (4, "kato"),
        (4, "indicator"),
        (4, "date"),
        (4, "source"),
        (5, "date"),
    } <= found


def _mutate(row_index: int, column: str, value: object) -> Callable[[list[list[object]]], list[list[object]]]:
    def apply(rows: list[list[object]]) -> list[list[object]]:
        rows = [list(r) for r in rows]
        rows[row_index][HEADER.index(column)] = value
        return rows

    return apply


FUTURE = (dt.date.today() + dt.timedelta(days=3)).isoformat()
#: (name, change to the good rows) — each makes exactly the file invalid.
ROW_DEFECTS: list[tuple[str, Callable]] = [
    ("unknown KATO", _mutate(1, "kato", "999999999")),
    ("KATO not a code", _mutate(1, "kato", "Semey")),
    ("empty KATO", _mutate(1, "kato", "")),
    ("KATO of another oblast", _mutate(1, "kato", "111000000")),
    ("oblast KATO for a district indicator", _mutate(1, "kato", "100000000")),
    ("unknown indicator", _mutate(1, "indicator", "vacancies")),
    ("official indicator", _mutate(1, "indicator", "unemployment_rate")),
    ("derived indicator", _mutate(1, "indicator", "rural_share_pct")),
    ("value text", _mutate(1, "value", "many")),
    ("value missing with source", _mutate(1, "value", "")),
    ("value below min", _mutate(1, "value", "-1")),
    ("value above max", _mutate(1, "value", "101")),
    ("value nan", _mutate(1, "value", "nan")),
    ("value inf", _mutate(1, "value", "inf")),
    ("value formula", _mutate(1, "value", "=1+1")),
    ("value @ formula", _mutate(1, "value", "@SUM(A1:A2)")),
    ("value two numbers", _mutate(1, "value", "1.2.3")),
    ("missing source", _mutate(1, "source", "")),
    ("blank source", _mutate(1, "source", "   ")),
    ("source =", _mutate(1, "source", "=cmd|' /C calc'!A0")),
    ("source +", _mutate(1, "source", "+1+1")),
    ("source -", _mutate(1, "source", "-2+3")),
    ("source @", _mutate(1, "source", "@SUM(1,1)")),
    ("source tab", _mutate(1, "source", "\t=1")),
    ("source control character", _mutate(1, "source", "letter\x07")),
    ("source too long", _mutate(1, "source", "x" * 501)),
    ("reason formula", _mutate(1, "reason", "=1")),
    ("missing date", _mutate(1, "date", "")),
    ("date month first", _mutate(1, "date", "01/15/2026")),
    ("date with garbage time", _mutate(1, "date", "2026-01-15Tgarbage")),
    ("date impossible", _mutate(1, "date", "2026-02-30")),
    ("date in the future", _mutate(1, "date", FUTURE)),
    ("date before 2000", _mutate(1, "date", "1999-12-31")),
    ("date formula", _mutate(1, "date", "=TODAY()")),
    ("duplicate row", lambda rows: [*rows, list(rows[1])]),
    ("duplicate key other source", lambda rows: [*rows, [*rows[1][:4], "other letter", ""]]),
]
FILE_DEFECTS: list[tuple[str, str, Callable[[], bytes]]] = [
    ("windows-1251 encoding", "a.csv", lambda: to_csv([HEADER, [*GOOD[0][:4], "Әкімдік хаты", ""]], encoding="utf-16")),
    ("cp1251 encoding", "a.csv", lambda: to_csv([HEADER, [*GOOD[0][:4], "Письмо акимата", ""]], encoding="cp1251")),
    ("oversized", "a.csv", lambda: to_csv([HEADER, *GOOD]) + b"#" * (MAX_BYTES + 1)),
    ("missing column", "a.csv", lambda: to_csv([HEADER[:4], *[r[:4] for r in GOOD]])),
    ("unknown column", "a.csv", lambda: to_csv([[*HEADER, "password"], *[[*r, "x"] for r in GOOD]])),
    ("empty file", "a.csv", lambda: b""),
    ("header only", "a.csv", lambda: to_csv([HEADER])),
    ("nothing filled", "a.csv", lambda: to_csv([HEADER, ["101000000", "vacancies_per_jobseeker", "", "", "", ""]])),
    ("garbage xlsx", "a.xlsx", lambda: b"PK\x03\x04 not really a zip"),
    ("csv named xlsx", "a.xlsx", lambda: to_csv([HEADER, *GOOD])),
    ("wrong extension", "a.txt", lambda: to_csv([HEADER, *GOOD])),
    ("old xls", "a.xls", lambda: b"\xd0\xcf\x11\xe0"),
    ("xlsx formula cell", "a.xlsx", lambda: to_xlsx([HEADER, [*GOOD[0][:2], "=1/0", *GOOD[0][3:]]])),
    ("xlsx text in value", "a.xlsx", lambda: to_xlsx([HEADER, [*GOOD[0][:2], "n/a", *GOOD[0][3:]]])),
]


def bad_files() -> list[tuple[str, str, bytes]]:
    """Every row defect at two positions in CSV and once in XLSX, plus the file-level defects: > 100 files."""
    files = []
    for name, change in ROW_DEFECTS:
        rows = change([HEADER, *GOOD])
        files.append((f"{name} (csv)", "f.csv", to_csv(rows)))
        if "control" not in name:  # XLSX cannot hold control characters at all
            files.append((f"{name} (xlsx)", "f.xlsx", to_xlsx(rows)))
        moved = [rows[0], *rows[2:4], rows[1], *rows[4:]]
        files.append(
            (
                f"{name} (csv, semicolons, row 4)",
                "f.csv",
                to_csv(moved).replace(b",", b";") if b";" not in to_csv(moved) else to_csv(moved),
            )
        )
    files += [(name, file, make()) for name, file, make in FILE_DEFECTS]
    return files


def test_at_least_100_bad_files_are_each_rejected_leaving_the_database_unchanged(desk: Store) -> None:
    files = bad_files()
    assert len(files) >= 100
    before = content(desk)
    accepted = []
    for name, file, data in files:
        try:
            import_file(desk, user="akimat_abai", name=file, data=data)
        except ValidationFailed as exc:
            assert exc.problems, name
            assert all(p.describe() for p in exc.problems)
        else:
            accepted.append(name)
    assert not accepted, f"accepted bad files: {accepted}"
    assert content(desk) == before


def run_import(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "data.import_file", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "QONYS_DB": str(db)},
        timeout=300,
    )


def test_command_enforces_scope_and_reports_like_the_page(desk_db: dict, tmp_path: Path) -> None:
    db = desk_db["path"]
    store = Store(db)
    before = content(store)
    store.close()
    other = tmp_path / "akmola.csv"
    other.write_bytes(to_csv([HEADER, ["111000000", "vacancies_per_jobseeker", "1", "2026-01-15", "letter", ""]]))
    rejected = run_import(db, "--user", "akimat_abai", str(other))
    assert rejected.returncode == 1 and "outside your scope" in rejected.stderr and "row 2" in rejected.stderr
    good = tmp_path / "good.csv"
    good.write_bytes(to_csv([HEADER, *GOOD]))
    assert run_import(db, "--user", "consul1", str(good)).returncode == 1
    dry = run_import(db, "--user", "akimat_abai", "--dry-run", str(good))
    assert dry.returncode == 0 and "would import 4" in dry.stdout
    store = Store(db)
    assert content(store) == before
    store.close()
    done = run_import(db, "--user", "akimat_abai", str(good))
    assert done.returncode == 0 and "imported 4" in done.stdout


def test_store_refuses_other_oblast_even_via_the_importer_api(desk: Store) -> None:
    data = to_csv([HEADER, ["111000000", "vacancies_per_jobseeker", "1", "2026-01-15", "letter", ""]])
    with pytest.raises(ValidationFailed):
        import_file(desk, user="akimat_abai", name="x.csv", data=data)
    with pytest.raises(AccessDenied):
        import_file(desk, user="consul1", name="x.csv", data=to_csv([HEADER, *GOOD]))


def test_kill_during_a_large_import_leaves_the_database_consistent(desk_db: dict, tmp_path: Path) -> None:
    db = desk_db["path"]
    store = Store(db)
    districts = list(store.units("district")["kato"])
    before = content(store)
    store.close()
    codes = ["vacancies_per_jobseeker", "housing_units_offered", "adaptation_services", "local_support_programmes"]
    rows = [HEADER] + [
        [kato, code, "1", (dt.date(2021, 1, 1) + dt.timedelta(days=d)).isoformat(), "bulk report", ""]
        for d in range(60)
        for kato in districts
        for code in codes
    ]
    big = tmp_path / "big.csv"
    big.write_bytes(to_csv(rows))
    proc = subprocess.Popen(
        [sys.executable, "-m", "data.import_file", "--user", "ministry1", str(big)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "QONYS_DB": str(db)},
    )
    line = proc.stdout.readline()  # the first chunk is written inside the open transaction
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    assert line.startswith("written ") and int(line.split()[1].split("/")[0]) < len(rows) - 1, line
    assert proc.returncode == -signal.SIGKILL
    store = Store(db)  # reopening replays the log: the unfinished transaction is gone
    assert content(store) == before
    result = import_file(store, user="akimat_abai", name="ok.csv", data=to_csv([HEADER, *GOOD]))
    assert result["rows"] == 4
    store.close()
