"""Map, table and methodology pages through AppTest in every locale: map component, card, table, what-if."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import i18n
from ui.district_card import DETAILS_KEY

ROOT = Path(__file__).resolve().parents[2]


def run(page: str, locale: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["lang"] = locale
    at.switch_page(f"pages/{page}.py")
    return at.run()


def folium_args(at: AppTest) -> list[dict]:
    return [el.proto.json_args for el in at.get("component_instance")]


@pytest.mark.parametrize("locale", list(i18n.LOCALES))
def test_map_page_with_a_district_card(built_db: Path, locale: str) -> None:
    at = run("map", locale)
    assert not at.exception, at.exception
    args = " ".join(folium_args(at))
    assert '\\"Topology\\"' in args and "/app/static/leaflet.js" in args
    _ = i18n.translator(locale, "map")
    assert _("Click a district on the map, or choose one above, to see its card.") in [i.value for i in at.info]
    at.selectbox(key="sel_oblast").select("630000000").run()
    at.selectbox(key="sel_district").select("631000000").run()
    assert not at.exception, at.exception
    assert [m.label for m in at.metric] == [_("Zone")]  # the details are closed
    assert not at.dataframe or _("Source") not in at.dataframe[-1].value.columns
    at.toggle(key=DETAILS_KEY).set_value(True).run()
    assert [m.label for m in at.metric][:1] == [_("Zone")]
    headers = [list(df.value.columns) for df in at.dataframe]
    assert any(_("Source") in h and _("Origin") in h for h in headers)
    assert [link.proto.page for link in at.get("page_link")][-1:] == ["table"]  # the table twin


@pytest.mark.parametrize("locale", list(i18n.LOCALES))
def test_table_page_with_comparison_and_downloads(built_db: Path, locale: str) -> None:
    at = run("table", locale)
    assert not at.exception, at.exception
    _ = i18n.translator(locale, "map")
    assert at.title[0].value == _("Ranking table")
    headers = [list(df.value.columns) for df in at.dataframe]
    assert any(_("Zone stability") in h for h in headers)  # headers translated
    table = next(h for h in headers if _("Zone stability") in h)
    for column in ("Rank in the oblast", "Share of the zone from district data (%)", "Zone uncertain"):
        assert _(column) in table, column
    for jargon in ("KATO", _("Rank p5"), _("Rank p95")):  # kept for the downloads only
        assert jargon not in table, jargon
    assert len(at.get("download_button")) == 3
    at.multiselect(key="compare").select("631000000").select("551000000").run()
    assert not at.exception, at.exception
    assert len(at.dataframe) == 2  # the comparison beside the table


@pytest.mark.parametrize("locale", list(i18n.LOCALES))
def test_methodology_page(built_db: Path, locale: str) -> None:
    at = run("methodology", locale)
    assert not at.exception, at.exception
    assert len(at.latex) >= 10
    _ = i18n.translator(locale, "methodology")
    assert at.title[0].value == _("How the zones are made")
    at.select_slider(key="whatif_support").set_value(3.0).run()
    assert not at.exception, at.exception
    assert any("restyle" in a.lower() or "qonys.districts" in a for a in folium_args(at))


def test_methodology_starts_with_plain_summary_and_evidence_rules(built_db: Path) -> None:
    from scoring.profile import DEFAULT_DROPPED_AS_REDUNDANT
    from ui.methodology_view import REDUNDANT_REASONS

    assert set(REDUNDANT_REASONS) == {why for _kept, why in DEFAULT_DROPPED_AS_REDUNDANT.values()}
    at = run("methodology", "en")
    assert not at.exception, at.exception
    first = at.markdown[0].value
    assert first.startswith("Every district gets a zone from I")
    body = " ".join(m.value for m in at.markdown)
    assert "rest mostly on oblast figures" in body and "distance to the oblast centre" in body
    assert "Evidence rules" in [h.value for h in at.header]
    pairs = next(df.value for df in at.dataframe if "Correlated with" in df.value.columns)
    assert len(pairs) >= 4 and (pairs["Why"] != "").sum() >= 4
