"""The data campaign and the registers through the store: permissions, validation, audit, version check."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from data import monitor
from data.campaign import campaign_cells
from data.errors import AccessDenied, ConflictError, ValidationFailed
from data.store import Edit, Store
from scoring import reporting
from scoring.outcome_indicators import OUTCOME_CODES

ROOT = Path(__file__).resolve().parents[2]
ABAI, AKMOLA = "100000000", "110000000"
SEMEY = "101000000"  # a district of Abai
NOW = dt.datetime(2025, 4, 1, 9, 0)


@pytest.fixture
def desk(desk_db: dict) -> Store:
    store = Store(desk_db["path"])
    yield store
    store.close()


def issue(store: Store, **kw: object) -> int:
    args = {
        "user": "ministry1",
        "title": "Outcomes Q1 2025",
        "year": 2025,
        "quarter": 1,
        "deadline": dt.date(2025, 4, 20),
        "indicators": ["kandas_families_arrived", "kandas_working_age"],
        "oblasts": [ABAI],
        "now": NOW,
    }
    args.update(kw)
    return store.issue_request(**args)


@pytest.mark.parametrize("first", ["scoring.registry", "scoring.outcome_indicators"])
def test_outcome_indicators_join_the_registry_whichever_module_is_imported_first(first: str) -> None:
    code = (
        f"import {first}; from scoring.registry import BY_CODE; "
        f"assert all(BY_CODE[c].supplier == 'akimat' and BY_CODE[c].pillar == 'context' for c in {OUTCOME_CODES!r})"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_outcome_indicators_are_district_akimat_indicators_in_the_database(desk: Store) -> None:
    ind = desk.indicators().set_index("code")
    for code in OUTCOME_CODES:
        assert ind.loc[code, "level"] == "district"
        assert ind.loc[code, "supplier"] == "akimat"
    editable = set(desk.editable_indicators({"role": "akimat", "scope_kato": ABAI})["code"])
    assert set(OUTCOME_CODES) <= editable


def test_only_the_ministry_issues_requests_and_every_issue_is_audited(desk: Store) -> None:
    with pytest.raises(AccessDenied):
        issue(desk, user="akimat_abai")
    request_id = issue(desk)
    rows = desk.data_requests()
    assert list(rows["id"]) == [request_id]
    assert rows.iloc[0]["indicators"] == ["kandas_families_arrived", "kandas_working_age"]
    log = desk.audit_log(username="ministry1")
    assert "request.issue" in set(log["action"])


def test_request_validation_names_every_problem(desk: Store) -> None:
    with pytest.raises(ValidationFailed) as caught:
        issue(
            desk,
            title="=cmd|x",
            quarter=5,
            deadline=dt.date(2020, 1, 1),
            indicators=["population_2023", "nope"],
            oblasts=[SEMEY],
        )
    columns = sorted(p.column for p in caught.value.problems)
    assert columns == ["deadline", "indicators", "indicators", "oblasts", "quarter", "title"]
    assert desk.data_requests().empty


def test_to_do_list_statuses_follow_the_desk_and_rates_count_them(desk: Store) -> None:
    issue(desk)
    issue(desk, title="Akmola", oblasts=[AKMOLA])
    cells = campaign_cells(
        desk, {"role": "akimat", "scope_kato": ABAI, "username": "akimat_abai"}, today=dt.date(2025, 5, 1)
    )
    assert set(cells["oblast_kato"]) == {ABAI}
    assert set(cells["status"]) == {reporting.MISSING}
    assert cells["overdue"].all()
    desk.save_observations(
        [Edit(SEMEY, "kandas_families_arrived", "12", "2025-03-31", "akimat letter 5/1")],
        user="akimat_abai",
        today=dt.date(2025, 4, 2),
        now=dt.datetime(2025, 4, 2, 10, 0),
    )
    cells = campaign_cells(desk, today=dt.date(2025, 5, 1))
    mine = cells[(cells["kato"] == SEMEY) & (cells["indicator"] == "kandas_families_arrived")].iloc[0]
    assert mine["status"] == reporting.ENTERED
    assert mine["on_time"] and not mine["overdue"]
    rates = reporting.reporting_rates(cells, ["oblast_kato"]).set_index("oblast_kato")
    assert rates.loc[ABAI, "reported"] == 1
    assert rates.loc[AKMOLA, "reported"] == 0


def test_withdrawn_request_leaves_the_lists(desk: Store) -> None:
    request_id = issue(desk)
    with pytest.raises(ValidationFailed):
        desk.withdraw_request(request_id, user="ministry1", reason="")
    desk.withdraw_request(request_id, user="ministry1", reason="issued twice")
    assert desk.data_requests().empty
    assert campaign_cells(desk).empty


def test_approved_district_outcomes_reach_the_monitoring_rows(desk: Store) -> None:
    desk.save_observations(
        [
            Edit(SEMEY, "kandas_working_age", "200", "2025-03-31", "akimat letter"),
            Edit(SEMEY, "kandas_employed_working_age", "180", "2025-03-31", "akimat letter"),
        ],
        user="akimat_abai",
        today=dt.date(2025, 4, 2),
    )
    rows = monitor.rows(desk, year=2025)
    rate = rows[(rows["indicator"] == "kandas_employment_rate") & (rows["scope"] == ABAI)]
    assert list(rate["actual"]) == [90.0]
    assert list(rate["origin"]) == ["akimat"]


# ------------------------------------------------------------------ registers
CENTRE = {
    "name": "Орталық «Қайнар»",
    "status": "operating",
    "address": "Семей, Абай к. 1",
    "capacity": "40",
    "services": "тіл курстары",
    "lat": "50,41",
    "lon": "80.25",
    "oblast_kato": ABAI,
    "source": "akimat letter 12",
}


def test_akimat_edits_its_own_oblasts_register_rows_only(desk: Store) -> None:
    assert desk.save_register_rows("adaptation_centres", [CENTRE], user="akimat_semey") == 1
    rows = desk.register_rows("adaptation_centres", oblast_kato=ABAI)
    mine = rows[rows["name"] == CENTRE["name"]].iloc[0]
    assert (mine["capacity"], mine["lat"], mine["version"]) == (40.0, 50.41, 1)
    with pytest.raises(AccessDenied):
        desk.save_register_rows("adaptation_centres", [{**CENTRE, "oblast_kato": AKMOLA}], user="akimat_abai")
    with pytest.raises(AccessDenied):
        desk.save_register_rows("business_programmes", [{"name": "x", "source": "y"}], user="akimat_abai")
    assert "register.set" in set(desk.audit_log(username="akimat_semey")["action"])


def test_register_rows_are_checked_and_never_silently_overwritten(desk: Store) -> None:
    with pytest.raises(ValidationFailed) as caught:
        desk.save_register_rows(
            "adaptation_centres", [{**CENTRE, "name": "=HYPERLINK()", "lat": "80.25", "source": ""}], user="ministry1"
        )
    assert sorted(p.column for p in caught.value.problems) == ["lat", "name", "source"]
    desk.save_register_rows("adaptation_centres", [CENTRE], user="ministry1")
    row = desk.register_rows("adaptation_centres", oblast_kato=ABAI)
    row = row[row["name"] == CENTRE["name"]].iloc[0].to_dict()
    desk.save_register_rows("adaptation_centres", [{**row, "capacity": 50}], user="akimat_abai")
    with pytest.raises(ConflictError):  # the ministry still holds version 1
        desk.save_register_rows("adaptation_centres", [{**row, "capacity": 60}], user="ministry1")
    desk.save_register_rows("adaptation_centres", [{**row, "version": 2, "deleted": True}], user="ministry1")
    assert CENTRE["name"] not in set(desk.register_rows("adaptation_centres")["name"])


def test_vendored_rows_show_until_saved_and_completeness_is_the_ministrys(desk: Store) -> None:
    vendored = desk.register_rows("business_programmes")
    assert len(vendored) and set(vendored["version"]) == {0}
    with pytest.raises(AccessDenied):
        desk.mark_register_complete("adaptation_centres", ABAI, complete=True, source="x", user="akimat_abai")
    with pytest.raises(ValidationFailed):
        desk.mark_register_complete("adaptation_centres", SEMEY, complete=True, source="", user="ministry1")
    desk.mark_register_complete("adaptation_centres", ABAI, complete=True, source="MLSP letter", user="ministry1")
    marks = desk.register_completeness()
    assert list(marks["oblast_kato"]) == [ABAI]
    assert desk.complete_registers() == ()  # one oblast of many is not the country
    for kato in desk.units("oblast")["kato"]:
        desk.mark_register_complete("adaptation_centres", kato, complete=True, source="MLSP letter", user="ministry1")
    assert desk.complete_registers() == ("adaptation_centres",)


def test_public_completeness_and_last_reported(desk: Store) -> None:
    from data import completeness

    assert completeness.district_completeness(desk)["expected"].eq(0).all()
    assert completeness.last_reported(desk, SEMEY) is None
    assert completeness.layer_frame(completeness.district_completeness(desk), "kk").empty  # no layer yet
    issue(desk, indicators=["kandas_families_arrived"])
    desk.save_observations(
        [Edit(SEMEY, "kandas_families_arrived", "4", "2025-02-15", "akimat letter")],
        user="akimat_abai",
        today=dt.date(2025, 4, 2),
        now=dt.datetime(2025, 4, 2, 10, 0),
    )
    frame = completeness.district_completeness(desk, today=dt.date(2025, 4, 3))
    semey = frame.set_index("kato").loc[SEMEY]
    assert (semey["expected"], semey["reported_pct"], semey["approved_pct"]) == (1, 100.0, 100.0)
    assert completeness.last_reported(frame, SEMEY) == dt.date(2025, 4, 2)
    assert completeness.last_reported(frame, "111000000") is None  # Akmola: nothing requested
    layer = completeness.layer_frame(frame, "ru")
    assert len(layer) == len(frame)
    assert layer["approved_pct"].notna().sum() == int((frame["expected"] > 0).sum())


@pytest.mark.parametrize("locale", ["kk", "ru"])
def test_request_template_is_pre_filled_with_the_units_indicators_and_quarter(desk: Store, locale: str) -> None:
    import csv
    import io

    from data.import_file import import_file, template

    request_id = issue(desk, deadline=dt.date.today() + dt.timedelta(days=5), now=None)
    account = desk.user("akimat_semey")
    rows = list(
        csv.reader(io.StringIO(template(desk, account, locale, "csv", request_id=request_id).decode("utf-8-sig")))
    )
    header, body = rows[0], rows[1:]
    assert header[0] != "kato"  # headers in the officer's language
    assert sorted((r[0], r[2]) for r in body) == [(SEMEY, "kandas_families_arrived"), (SEMEY, "kandas_working_age")]
    assert {r[9] for r in body} == {"2025-03-31"}  # the date column: the quarter's last day
    body[0][8], body[0][10] = "7", "Әкімдік хаты"
    out = io.StringIO()
    csv.writer(out).writerows([header, body[0]])
    assert import_file(desk, user="akimat_semey", name="t.csv", data=out.getvalue().encode())["rows"] == 1
    cells = campaign_cells(desk, account)
    assert set(cells.loc[cells["indicator"] == body[0][2], "status"]) == {reporting.ENTERED}


def test_a_new_editor_row_with_an_empty_checkbox_is_kept(desk: Store) -> None:
    import numpy as np

    row = {**CENTRE, "row_id": np.nan, "version": np.nan, "deleted": np.nan, "capacity": 12.0}
    desk.save_register_rows("adaptation_centres", [row], user="ministry1")
    assert CENTRE["name"] in set(desk.register_rows("adaptation_centres")["name"])


def test_a_rebuild_carries_requests_and_registers_and_new_ids_follow(desk_db: dict) -> None:
    from data.build import build
    from data.raw import RAW_DIR

    store = Store(desk_db["path"])
    first = issue(store, now=None, deadline=dt.date.today() + dt.timedelta(days=9))
    store.save_register_rows("adaptation_centres", [CENTRE], user="ministry1")
    store.mark_register_complete("adaptation_centres", ABAI, complete=True, source="MLSP letter", user="ministry1")
    store.close()
    summary = build(RAW_DIR, desk_db["path"])
    kept = summary["staff_data"]["kept"]
    assert kept["data_request"] == 1 and kept["register_row"] == 1 and kept["register_completeness"] == 1
    store = Store(desk_db["path"])
    try:
        second = issue(store, now=None, deadline=dt.date.today() + dt.timedelta(days=9))
        assert second == first + 1
        assert CENTRE["name"] in set(store.register_rows("adaptation_centres")["name"])
        assert list(store.register_completeness()["oblast_kato"]) == [ABAI]
    finally:
        store.close()
