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


# --- bugs fixed with the split of the build into a package -------------------------------------------


def test_kyzylorda_centre_is_the_city_not_baikonur(built_db: Path) -> None:
    # The geokz centre points hold Kyzylorda (TYPE_CNT1 3) and Baikonur (TYPE_CNT1 4) under KATO prefix 43.
    from data.geometry import geodesic_km

    [(olat, olon)] = q(built_db, "SELECT lat, lon FROM unit WHERE kato = '430000000'")
    [(dlat, dlon)] = q(built_db, "SELECT lat, lon FROM unit WHERE kato = '431000000'")  # Kyzylorda city (G.A.)
    assert geodesic_km(olon, olat, dlon, dlat) < 15


def test_district_created_after_2023_has_no_population_of_its_own(built_db: Path) -> None:
    nura = "711510000"  # Nura district of Astana, created after 1 Jan 2023
    assert q(built_db, f"SELECT population IS NULL FROM unit WHERE kato = '{nura}'") == [(True,)]
    rows = Store(built_db).observations("district", katos=[nura])
    pop = rows[rows["indicator"] == "population"]
    assert len(pop) == 1 and pop["value"].isna().all(), pop
    assert pop["origin"].iloc[0] != "inherited" and "created after 1 Jan 2023" in pop["note"].iloc[0]


def test_unknown_counts_are_missing_not_zero(built_db: Path) -> None:
    # The BNS bulletin lists no settlement for Nura (created later): its count is unknown, not 0.
    assert q(built_db, "SELECT count(*) FROM observation WHERE indicator = 'official_settlements' AND value = 0") == [
        (0,)
    ]
    assert q(
        built_db, "SELECT count(*) FROM observation WHERE indicator = 'official_settlements' AND kato = '711510000'"
    ) == [(0,)]


def test_project_site_values_are_not_called_official(built_db: Path) -> None:
    from scoring.registry import BY_CODE

    assert BY_CODE["rural_vacancies"].supplier == "reported"
    assert BY_CODE["families_resettled"].supplier == "reported"
    assert BY_CODE["rural_vacancies_per_1000"].supplier == "derived"
    origins = dict(
        q(
            built_db,
            "SELECT indicator, string_agg(DISTINCT origin) FROM observation "
            "WHERE indicator IN ('rural_vacancies', 'families_resettled', 'rural_vacancies_per_1000') GROUP BY 1",
        )
    )
    assert origins == {"rural_vacancies": "reported", "families_resettled": "reported",
                       "rural_vacancies_per_1000": "derived"}  # fmt: skip


def test_adaptation_distance_period_is_the_reports_not_invented(built_db: Path) -> None:
    periods = q(built_db, "SELECT DISTINCT period, note FROM observation WHERE indicator = "
                "'distance_to_adaptation_centre_km'")  # fmt: skip
    assert len(periods) == 1
    period, note = periods[0]
    assert period == "2025-12-10" and "undated" in note  # S17c's date; the Uralsk report (S17d) has none
    assert q(built_db, "SELECT city, coalesce(reported, 'undated') FROM adaptation_centre ORDER BY id") == [
        ("Шымкент", "2025-12-10"),
        ("Уральск", "undated"),
    ]


def test_no_dated_centre_means_no_distance() -> None:
    import pandas as pd

    from data.build.derived import Inputs, distance_to_adaptation_centre_km

    centres = pd.DataFrame(
        {"lat": [51.2], "lon": [51.4], "reported": [None], "city": ["Уральск"], "source_id": ["S17d"]}
    )
    units = pd.DataFrame({"kato": ["271010000"], "level": ["district"], "lat": [51.0], "lon": [51.0]})
    assert distance_to_adaptation_centre_km(Inputs(units, pd.DataFrame(), [], centres, pd.DataFrame())) == []


def test_every_derived_indicator_has_one_documented_function() -> None:
    from data.build.derived import DERIVED, formula
    from scoring.registry import INDICATORS

    derived = {i.code: i for i in INDICATORS if i.supplier == "derived"}
    assert set(DERIVED) == set(derived)
    for code, function in DERIVED.items():
        assert derived[code].formula, f"{code}: the registry has no formula"
        assert formula(function) == derived[code].formula, code


def test_measure_labels_come_from_the_policy_file(built_db: Path) -> None:
    labels = q(built_db, "SELECT label_kk, label_ru, label_en FROM support_measure WHERE code = 'RENT_SUBSIDY'")
    assert labels == [
        (
            "Тұрғын үй жалдау және коммуналдық қызметтерге субсидия",
            "Субсидия на аренду жилья и коммунальные услуги",
            "Rent and utilities subsidy",
        )
    ]
    assert q(built_db, "SELECT months FROM support_measure WHERE code = 'RENT_SUBSIDY'") == [(12,)]


def test_reported_outcomes_and_how_to_apply_are_loaded(built_db: Path) -> None:
    assert q(built_db, "SELECT count(*) FROM kandas_settlement") == [(53,)]
    assert q(built_db, "SELECT count(*) FROM adaptation_centre_reported") == [(31,)]
    assert q(built_db, "SELECT count(*) FROM how_to_apply") == [(5,)]
    [(value, num, src)] = q(
        built_db,
        "SELECT value, value_num, source_id FROM kandas_settlement WHERE place = 'Жылыойский район' "
        "AND indicator = 'kandas_families_settled_ytd'",
    )
    assert (value, num, src) == ("7", 7.0, "R01")
    known = {r[0] for r in q(built_db, "SELECT id FROM source")}
    assert {"A01", "A05", "R01", "R02"} <= known


def test_unknown_source_in_how_to_apply_is_named(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    target = raw / "policy/how_to_apply.csv"
    target.write_text(target.read_text(encoding="utf-8").replace(",A03\n", ",A99\n"), encoding="utf-8")
    with pytest.raises(ValidationError, match="how_to_apply.csv, row 4, column source_id: unknown source A99"):
        build(raw, tmp_path / "x.duckdb")


def test_translations_added_in_qonys_reach_the_tables(built_db: Path) -> None:
    """Every sourced text shown has its kk, ru and en wording in the database (raw/*/SOURCES*, "Translations")."""
    checks = {
        "adaptation_centre": ["name_kk", "name_ru", "name_en", "status_kk", "status_ru", "status_en"],
        "adaptation_centre_reported": ["place_kk", "place_ru", "place_en", "period_kk", "period_ru", "period_en"],
        "priority_sector": ["sector_kk", "sector_ru", "sector_en", "period_kk", "period_ru", "period_en"],
        "business_programme": ["name_kk", "name_ru", "name_en", "valid_period_kk", "valid_period_en"],
        "support_measure": ["legal_basis_kk", "legal_basis_ru", "legal_basis_en"],
        "designated_region": ["legal_act_kk", "legal_act_ru", "legal_act_en"],
    }
    for table, columns in checks.items():
        missing = " OR ".join(f"{c} IS NULL OR {c} = ''" for c in columns)
        assert q(built_db, f"SELECT count(*) FROM {table} WHERE {missing}") == [(0,)], table
    # "same" in legal_act resolves to the act above in every language, as in legal_basis
    rows = q(built_db, "SELECT legal_basis, legal_basis_en FROM support_measure WHERE legal_basis IS NOT NULL")
    assert all(en for _basis, en in rows)
    assert q(built_db, "SELECT count(*) FROM quota WHERE act IS NOT NULL AND act_ru IS NULL") == [(0,)]
    (name,) = q(built_db, "SELECT name_en FROM adaptation_centre WHERE name LIKE '%Уральск%'")[0]
    assert name == "Temporary accommodation centre for ethnic Kazakhs (Uralsk)"
