"""One escaping path for Markdown, and formula-safe spreadsheets (ranking CSV/XLSX, audit CSV)."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from openpyxl import load_workbook

from ui.ranking_table import to_csv, to_xlsx
from ui.safe import plain, plain_frame, spreadsheet_frame

HOSTILE = ["![s](http://host.invalid/b.png)", "<img src=x onerror=alert(1)>", "# head", ":red[x]", "a\n\n- b"]
UNESCAPED = re.compile(r"(?<!\\)(?:[\[<!#]|\]\()")


def test_plain_escapes_every_markdown_special() -> None:
    for text in HOSTILE:
        out = plain(text)
        assert not UNESCAPED.search(out), out
        assert "\n" not in out
        assert out.replace("\\", "") == text.replace("\n", " ")  # the reader sees the same characters
    assert plain(None) == "" and plain(float("nan")) == ""
    assert plain("Әкімдік хаты №5") == "Әкімдік хаты №5"


def test_plain_frame_escapes_cells_index_and_headers() -> None:
    frame = pd.DataFrame({"[h](x)": ["![s](u)"], "n": [1.5]}, index=pd.Index(["<b>"], name="i_d"))
    out = plain_frame(frame)
    assert out.iloc[0, 0] == plain("![s](u)") and out.iloc[0, 1] == 1.5
    assert list(out.columns) == [plain("[h](x)"), "n"] and out.index[0] == plain("<b>")


NAMES = ['=HYPERLINK("http://host.invalid","x")', " =1+1", "\u00a0@SUM(A1)", "\n-2+3", "+1", "Абай"]


def test_ranking_downloads_hold_no_live_formula() -> None:
    frame = pd.DataFrame({"KATO": [f"10100000{i}" for i in range(len(NAMES))], "Name": NAMES, "Score": 1.0})
    book = load_workbook(io.BytesIO(to_xlsx(frame, "ranking")))
    cells = [c for row in book.active.iter_rows(min_row=2) for c in row]
    assert not [c.value for c in cells if c.data_type == "f"]
    names = [row[1].value for row in book.active.iter_rows(min_row=2)]
    assert names[:5] == ["'" + n for n in NAMES[:5]] and names[5] == "Абай"
    text = to_csv(frame).decode("utf-8-sig")
    assert "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text and "'=HYPERLINK" in text


def test_spreadsheet_frame_leaves_numbers_and_headers_readable() -> None:
    frame = pd.DataFrame({"=x": ["-1", "ok"], "n": [-1.0, 2.0]})
    out = spreadsheet_frame(frame)
    assert list(out.columns) == ["'=x", "n"] and list(out["n"]) == [-1.0, 2.0] and list(out["'=x"]) == ["'-1", "ok"]


def test_foreign_marks_the_language_and_escapes() -> None:
    from ui.safe import foreign

    assert foreign('Приказ <b>№ 272</b> & "Бастау"', "ru") == (
        '<span lang="ru">Приказ &lt;b&gt;№ 272&lt;/b&gt; &amp; "Бастау"</span>'
    )
    # An apostrophe stays one: "&#x27;" would have its "#" made a Markdown-safe reference and show as typed.
    assert foreign("Ministry of Labour's pilot", "en") == '<span lang="en">Ministry of Labour\'s pilot</span>'
    assert foreign("قازاقشا", "kk_Arab", element="li") == '<li lang="kk-Arab" dir="rtl">قازاقشا</li>'
    assert foreign(None, "en") == '<span lang="en"></span>'
    with pytest.raises(ValueError):
        foreign("x", 'ru" onmouseover="x')
    with pytest.raises(ValueError):
        foreign("x", "ru", element="script")


def test_html_table_escapes_and_marks_foreign_cells() -> None:
    from ui.safe import html_table

    frame = pd.DataFrame({"Source": ["<b>BNS</b>", None], "Note": ["x", "y"]}, index=pd.Index(["a", "b"], name="I"))
    out = html_table(frame, langs={"Source": ["en", None]})
    assert '<td lang="en">&lt;b&gt;BNS&lt;/b&gt;</td>' in out
    assert "<td></td>" in out and "None" not in out
    assert out.startswith("<table><thead><tr><th>I</th><th>Source</th>")
