"""The build on the real vendored data: counts, keys, provenance, geometry, atomicity."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import shapely

from data.build import NATIONAL_POPULATION_2023, build, main
from data.errors import ValidationError
from data.raw import RAW_DIR
from data.store import Store


def q(path: Path, sql: str) -> list[tuple]:
    """Run SQL through the process's shared connection to ``path`` (DuckDB allows one configuration)."""
    return [tuple(r) for r in Store(path).query(sql).itertuples(index=False, name=None)]


def test_unit_counts(built_db: Path) -> None:
    counts = dict(q(built_db, "SELECT level, count(*) FROM unit GROUP BY level"))
    assert counts == {"oblast": 20, "district": 225, "settlement": 11_733}


def test_population_sums(built_db: Path) -> None:
    (national,) = q(built_db, "SELECT sum(population) FROM unit WHERE level = 'oblast'")[0]
    assert national == NATIONAL_POPULATION_2023
    rows = q(
        built_db,
        """SELECT o.kato, o.population, sum(d.population) FROM unit o
                          JOIN unit d ON d.parent_kato = o.kato AND d.level = 'district'
                          WHERE o.level = 'oblast' GROUP BY ALL""",
    )
    assert len(rows) == 20 and all(a == b for _, a, b in rows)


def test_sauran_listed_without_polygon(built_db: Path) -> None:
    [(has_geometry, population)] = q(built_db, "SELECT has_geometry, population FROM unit WHERE kato = '615500000'")
    assert has_geometry is False and population > 0
    (n,) = q(built_db, "SELECT count(*) FROM geometry WHERE level = 'district'")[0]
    assert n == 224


def test_every_geometry_valid_and_coverage_clean(built_db: Path) -> None:
    for level in ("district", "oblast"):
        rows = q(built_db, f"SELECT kato, wkb_full, wkb_simplified FROM geometry WHERE level = '{level}'")
        full = shapely.from_wkb([bytes(r[1]) for r in rows])
        simple = shapely.from_wkb([bytes(r[2]) for r in rows])
        assert shapely.is_valid(full).all() and shapely.is_valid(simple).all()
        assert shapely.coverage_is_valid(simple), f"{level}: neighbours must share their simplified borders"
    ulytau = q(built_db, "SELECT wkb_full FROM geometry WHERE kato = '623800000'")[0][0]
    assert shapely.from_wkb(bytes(ulytau)).is_valid


def test_every_observation_has_a_known_source(built_db: Path) -> None:
    rows = q(built_db, "SELECT DISTINCT source_id FROM observation")
    known = {r[0] for r in q(built_db, "SELECT id FROM source")}
    for (ids,) in rows:
        assert ids and all(i in known for i in ids.split(";")), ids
    assert q(built_db, "SELECT count(*) FROM observation WHERE period IS NULL OR origin IS NULL") == [(0,)]


def test_oblast_only_values_stored_once(built_db: Path) -> None:
    # Unemployment exists only per oblast: it is stored on oblasts, never copied onto districts.
    assert q(
        built_db,
        """SELECT count(*) FROM observation o JOIN unit u USING (kato)
                          WHERE o.indicator = 'unemployment_rate' AND u.level = 'district'""",
    ) == [(0,)]


def test_policy_tables(built_db: Path) -> None:
    assert q(built_db, "SELECT kzt FROM mci WHERE year = 2026") == [(4325,)]
    assert q(built_db, "SELECT amount_mci FROM support_measure WHERE code = 'RELOCATION_SUBSIDY'") == [(70.0,)]
    # 2026 kandas split adds up to the order's national total.
    (total,) = q(
        built_db, "SELECT persons FROM quota WHERE year = 2026 AND oblast_kato IS NULL AND category = 'kandas'"
    )[0]
    (split,) = q(
        built_db,
        "SELECT sum(persons) FROM quota WHERE year = 2026 AND oblast_kato IS NOT NULL "
        "AND category = 'kandas' AND preferred",
    )[0]
    assert total == split == 2281
    # The Atyrau 2025 disagreement is kept beside the national order, not silently resolved.
    rows = q(
        built_db,
        "SELECT persons, preferred FROM quota WHERE year = 2025 AND oblast_kato = '230000000' "
        "AND category = 'kandas' ORDER BY persons",
    )
    assert rows == [(100, True), (103, False)]
    assert q(built_db, "SELECT count(*) FROM adaptation_centre") == [(2,)]
    assert q(built_db, "SELECT count(*) FROM business_programme") == [(10,)]
    (n,) = q(built_db, "SELECT count(*) FROM designated_region WHERE year = 2026 AND category = 'kandas'")[0]
    assert n == 8


def test_build_is_idempotent(built_db: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.duckdb"
    build(RAW_DIR, again)
    for table in ("unit", "observation", "geometry", "quota", "source"):
        a = (
            q(built_db, f"SELECT count(*), sum(hash(COLUMNS(* EXCLUDE (entered_at)))) FROM {table}")
            if table == "observation"
            else q(built_db, f"SELECT count(*) FROM {table}")
        )
        b = (
            q(again, f"SELECT count(*), sum(hash(COLUMNS(* EXCLUDE (entered_at)))) FROM {table}")
            if table == "observation"
            else q(again, f"SELECT count(*) FROM {table}")
        )
        assert a == b, table


@pytest.mark.parametrize(
    ("relpath", "find", "replace", "expect"),
    [
        ("stats/districts.csv", "101800000", "10180000X", "districts.csv, row 4, column kato"),
        ("stats/oblasts.csv", "610189", "610190", "oblasts.csv, row 2, column pop_2023_01_01"),
        ("stats/indicators_extra.csv", "3901.1", "3901.1x", "indicators_extra.csv, row 2, column value"),
        ("stats/resettlement_policy.csv", ",S10d,", ",S99z,", "column source_id"),
    ],
)
def test_bad_input_leaves_old_database_untouched(
    built_db: Path, tmp_path: Path, relpath: str, find: str, replace: str, expect: str, capsys: pytest.CaptureFixture
) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    target = raw / relpath
    text = target.read_text(encoding="utf-8")
    assert find in text
    target.write_text(text.replace(find, replace, 1), encoding="utf-8")
    out = tmp_path / "db.duckdb"
    shutil.copy(built_db, out)
    before = out.read_bytes()
    assert main(["--raw", str(raw), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert expect in err and "Traceback" not in err
    assert out.read_bytes() == before
    assert not list(tmp_path.glob("db.duckdb.tmp-*"))


def test_not_utf8_is_named(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    (raw / "stats/mci.csv").write_bytes("year,mci_kzt,source_ids,note\n2026,4325,S13a,Астана\n".encode("cp1251"))
    with pytest.raises(ValidationError, match="mci.csv: file is not UTF-8"):
        build(raw, tmp_path / "x.duckdb")
