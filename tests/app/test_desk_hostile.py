"""AppTest of the Data page against hostile text and the editor's no-change save."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from data.import_file import import_file
from data.store import Store
from tests.app.test_desk_pages import ABAI, open_page
from tests.data.hostile import MARKDOWN_SOURCE

#: Markdown that would render an image, a link or an HTML tag: "![", "](" or "<" not escaped by a backslash.
UNESCAPED = re.compile(r"(?<!\\)(?:!(?<!\\)\[|\](?<!\\)\(|<[a-zA-Z])")


def test_saving_an_untouched_table_reports_nothing_changed(desk_db: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(desk_db["path"])
    grid = store.desk_table(store.user("akimat_abai"))
    store.close()
    # an indicator where some unit in scope has no date yet: two NaT used to compare unequal
    undated = grid[grid["period_end"].isna()]["indicator"]
    assert len(undated), "fixture needs a unit without a value"
    at = open_page("data", monkeypatch, desk_db["path"], ABAI, locale="en")
    at.selectbox(key="desk_indicator").set_value(undated.iloc[0]).run()
    next(b for b in at.button if b.key == "desk_save").click()
    at.run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert any("Nothing changed" in i.value for i in at.info)


def test_a_hostile_source_is_shown_as_text_not_markdown(desk_db: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(desk_db["path"])
    row = "kato,indicator,value,date,source,reason\n"
    row += f'101000000,vacancies_per_jobseeker,0.8,2026-01-15,"{MARKDOWN_SOURCE}",\n'
    import_file(store, user="akimat_abai", name="md.csv", data=row.encode(), today=dt.date(2026, 11, 1))
    store.close()
    at = open_page("data", monkeypatch, desk_db["path"], ABAI, locale="en")
    at.selectbox(key="history_unit").set_value("101000000").run()
    assert not at.exception, at.exception
    # the history is an escaped HTML table (st.html): the source shows as text, no tag of it survives
    tables = [str(el.proto.body) for el in at.get("html")]
    shown = [t for t in tables if "host.invalid" in t]
    assert shown, tables
    for table in shown:
        assert "<img" not in table and "&lt;img src" in table, table
    markdown = [m.value for m in (*at.markdown, *at.caption, *at.subheader)]
    assert not any(UNESCAPED.search(m) for m in markdown), markdown
