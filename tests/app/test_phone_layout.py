"""The map page keeps the language and the place in the URL; the page CSS (ui/layout.py) is well formed."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui import layout

ROOT = Path(__file__).resolve().parents[2]


def run_map(**params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    for name, value in params.items():
        at.query_params[name] = value
    at.switch_page("pages/map.py")
    return at.run()


def param(at: AppTest, name: str) -> str | None:
    """A query parameter's value (AppTest keeps a value or a list of values)."""
    value = at.query_params.get(name)
    return value[-1] if isinstance(value, list) and value else value


@pytest.mark.parametrize("rtl", [False, True])
def test_page_css_braces_balance(rtl: bool) -> None:
    # One stray brace silently drops every rule after it (the kk_Arab direction rule was lost so once).
    css = layout.page_css(rtl=rtl)
    depth = 0
    for char in css:
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0
    assert ("direction:rtl" in css) is rtl


def test_district_in_the_url_selects_it_and_the_selection_goes_back_to_the_url(built_db: Path) -> None:
    at = run_map(lang="en", d="631000000")
    assert not at.exception, at.exception
    assert at.session_state["sel_district"] == "631000000"
    assert at.session_state["sel_oblast"] == "630000000"
    assert at.metric[0].label == "Zone"
    assert param(at, "d") == "631000000" and param(at, "lang") == "en"
    at.selectbox(key="sel_district").select("").run()
    assert param(at, "d") == "630000000"  # the oblast stays selected


def test_unknown_district_in_the_url_is_ignored_and_the_language_is_written_back(built_db: Path) -> None:
    at = run_map(d="<script>")
    assert not at.exception, at.exception
    assert at.session_state["sel_district"] == ""
    assert param(at, "lang") == "kk"  # the default, put into the URL for a reload
    assert "d" not in at.query_params


def test_the_language_switch_is_also_in_the_main_area(built_db: Path) -> None:
    at = run_map(lang="ru")
    assert at.selectbox(key="locale_picker_top").value == "ru"
    at.selectbox(key="locale_picker_top").select("kk_Arab").run()
    assert not at.exception, at.exception
    assert param(at, "lang") == "kk_Arab"
    assert at.selectbox(key="locale_picker").value == "kk_Arab"
