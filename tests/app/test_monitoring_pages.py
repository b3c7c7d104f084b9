"""AppTest of the ministry Monitoring page and the public Progress page."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import i18n

ROOT = Path(__file__).resolve().parents[2]
MINISTRY = {"username": "ministry1", "role": "ministry", "scope_kato": None}
CONSUL = {"username": "consul1", "role": "consul", "scope_kato": None}


def open_page(page: str, db: Path, monkeypatch: pytest.MonkeyPatch, account: dict | None, locale: str) -> AppTest:
    monkeypatch.setenv("QONYS_DB", str(db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = locale
    if account:
        at.session_state["qonys_account"] = {**account, "last_seen": time.monotonic()}
    at.switch_page(f"pages/{page}.py")
    return at.run()


def _text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [t.value for t in at.title]
    return "\n".join(str(p) for p in parts)


def test_monitoring_asks_for_sign_in(built_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_page("monitoring", built_db, monkeypatch, None, "en")
    assert not at.exception, at.exception
    assert any("Sign in" in i.value for i in at.info)
    assert not at.dataframe, "nothing is shown before sign-in"


def test_monitoring_refuses_a_consul(desk_db: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_page("monitoring", desk_db["path"], monkeypatch, CONSUL, "en")
    assert not at.exception, at.exception
    assert any("cannot use this page" in w.value for w in at.warning)


def test_monitoring_signed_in_shows_targets_and_quota_rows(desk_db: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_page("monitoring", desk_db["path"], monkeypatch, MINISTRY, "en")
    assert not at.exception, at.exception
    assert len(at.tabs) == 4
    assert any("No data request is open." in i.value for i in at.info), "the Reporting rates tab, empty"
    tables = [df.value for df in at.dataframe]
    quota = next(t for t in tables if "Pavlodar Region" in set(t.get("Where", [])))
    pavlodar = quota[(quota["Where"] == "Pavlodar Region") & (quota["Year"] == "2025")].iloc[0]
    assert pavlodar["Actual"] == "88.70" and pavlodar["Status"] == "not met" and pavlodar["Part of the year"] == "yes"
    assert pavlodar["Link"].startswith("https://www.inform.kz/")
    text = _text(at)
    assert "Decree No. 961" in text
    assert "of new kandas" in text and "zones I–II" in text
    assert "13.7% of the kandas granted status" in text, "the designated share of 2025 (2,309 / 16,805)"
    districts = next(t for t in tables if "Districts named" in t.columns)
    atyrau = districts[districts["Oblast"] == "Atyrau Region"].iloc[0]
    assert atyrau["Reported in these districts"] == 173 and atyrau["Districts named"] == 5
    charts = at.get("vega_lite_chart")
    assert len(charts) >= 4, "target charts and the settlement chart"
    specs = " ".join(str(c.proto.spec) for c in charts)
    assert "strokeDash" in specs, "the target line is drawn"
    assert '"field": "source"' in specs and '"field": "source_id"' in specs, "tooltips carry the source ids"
    assert '"field": "target_source"' in specs


@pytest.mark.parametrize("locale", list(i18n.LOCALES))
def test_monitoring_in_every_locale(desk_db: dict, monkeypatch: pytest.MonkeyPatch, locale: str) -> None:
    at = open_page("monitoring", desk_db["path"], monkeypatch, MINISTRY, locale)
    assert not at.exception, at.exception
    assert at.dataframe


@pytest.mark.parametrize("locale", list(i18n.LOCALES))
def test_progress_is_public_and_national_only(built_db: Path, monkeypatch: pytest.MonkeyPatch, locale: str) -> None:
    at = open_page("progress", built_db, monkeypatch, None, locale)
    assert not at.exception, at.exception
    assert not at.info or not any("Sign in" in i.value for i in at.info)
    tables = [df.value for df in at.dataframe]
    assert tables
    _ = i18n.translator(locale, "monitoring")
    targets = [t for t in tables if _("Where") in t.columns]
    assert len(targets) == 6, "one targets table per indicator"
    for table in targets:
        assert set(table[_("Where")]) <= {_("Kazakhstan")}, "the public page shows national rows only"


def test_progress_states_the_designated_share(built_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_page("progress", built_db, monkeypatch, None, "en")
    assert not at.exception, at.exception
    share = next(t for t in (df.value for df in at.dataframe) if "13.74" in set(t.get("Actual", [])))
    assert share[share["Actual"] == "13.74"].iloc[0]["Source"] == "S15a;S15b"


def test_monitoring_shows_the_reporting_rates(desk_db: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    from data.store import Store

    store = Store(desk_db["path"])
    try:
        store.issue_request(
            user="ministry1",
            title="Outcomes",
            year=2025,
            quarter=1,
            deadline=dt.date.today() + dt.timedelta(days=9),
            indicators=["kandas_families_arrived"],
            oblasts=["100000000"],
        )
    finally:
        store.close()
    at = open_page("monitoring", desk_db["path"], monkeypatch, MINISTRY, "en")
    assert not at.exception, at.exception
    assert [t.label for t in at.tabs][-1] == "Reporting rates"
    assert any("Reported, %" in t.value.columns for t in at.dataframe)
