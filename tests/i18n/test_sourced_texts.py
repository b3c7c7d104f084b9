"""Sourced texts in the page's language: the source-register language rule, the admin tables' headers and
cells, the what-if slider's values and the pillar chart's labels."""

from __future__ import annotations

import pandas as pd

import i18n
from export.cards import _source_list, text_lang
from tests.i18n.one_language import visible_texts
from ui.admin_desk import shown_table
from ui.district_card import pillar_chart
from ui.methodology_view import WEIGHT_STEPS, weight_options


def test_text_lang_by_script() -> None:
    assert text_lang("Закон РК «О миграции населения»") == "ru"
    assert text_lang("Қазақстан Республикасының Заңы") == "kk"
    assert text_lang("Bureau of National Statistics") == "en"
    assert text_lang(None) == "en"


def test_source_list_marks_each_field_with_its_language() -> None:
    sources = {"S01": {"title": "Численность населения", "publisher": "BNS", "date": "2024", "licence": None}}
    html = _source_list({"S01": None}, sources)
    assert '<span lang="ru">Численность населения</span>' in html
    assert all(not any(c.isalpha() for c in t) or t == "S01" for t in visible_texts(html)), visible_texts(html)


def test_admin_table_headers_and_cells_in_words() -> None:
    _ = i18n.translator("ru", "admin")
    frame = pd.DataFrame(
        {"kato": ["591000000"], "category": ["kandas"], "status": ["published"], "note": [None], "preferred": [True]}
    )
    shown = shown_table(frame, "ru", _)
    assert not set(frame.columns) & set(shown.columns), shown.columns  # no raw keys
    assert shown.iloc[0].tolist()[0] == "591000000"  # identifiers stay
    assert "None" not in shown.astype(str).to_numpy().ravel().tolist()
    assert shown.iloc[0, 3] == i18n.format_missing("ru")
    assert shown.iloc[0, 1] != "kandas" and shown.iloc[0, 4] == _("yes")


def test_weight_slider_values_and_labels() -> None:
    assert weight_options(1.0) == list(WEIGHT_STEPS)
    assert 1.1 in weight_options(1.1)
    assert i18n.format_decimal(0.25, 2, "ru") == "0,25"


def test_pillar_chart_labels_not_cut() -> None:
    frame = pd.DataFrame({"Pillar": ["Жұмыс пен табыс, өте ұзын атау"], "Points": [12.5]})
    spec = pillar_chart(frame, "Pillar", "Points", "kk").to_dict()
    assert spec["encoding"]["y"]["axis"]["labelLimit"] >= 400


def test_district_card_source_list_marks_titles() -> None:
    from ui.district_card import source_list_html

    sources = pd.DataFrame({"id": ["S01", "S02"], "title": ["Численность населения", "Labour statistics"]})
    html = source_list_html(["S01", "S02", "S01"], sources)
    assert '<span lang="ru">Численность населения</span>' in html and '<span lang="en">Labour' in html
    assert html.count("<li>") == 2
