"""Advice on the real database: three districts with reasons, the family's support, the sheet in five locales."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader

import i18n
from advisor.model import Advice, AdvisorInputs, Overrides, build_advice, consultation_record, load_inputs
from advisor.sheet_html import sheet_html
from advisor.sheet_model import build_sheet
from advisor.sheet_pdf import sheet_pdf
from advisor.text import INPUT_ERRORS, REASONS, reason_text
from data.store import Store
from layers.zones import ZONE_COLOURS
from scoring.advice import validate_applicant

FAMILY = {
    "adults": 2,
    "children": 2,
    "pensioners": 1,
    "adult_sectors": ["agriculture", "healthcare"],
    "education": "higher",
    "origin": "CN",
    "settlement": "rural",
    "climate": "north",
}


@pytest.fixture(scope="module")
def inputs(store: Store) -> AdvisorInputs:
    return load_inputs(store)


def advice_for(inputs: AdvisorInputs, locale: str = "kk", **kw: object) -> Advice:
    applicant = validate_applicant({**FAMILY, "sheet_locale": locale, **kw})
    return build_advice(inputs, applicant, year=2026, overrides=kw.pop("overrides", Overrides()))


def test_three_districts_with_reasons_and_sourced_facts(inputs: AdvisorInputs) -> None:
    advice = advice_for(inputs)
    assert len(advice.districts) == 3
    for d in advice.districts:
        assert d.score is not None and d.zone in {"I", "II", "III", "IV"}
        assert 1 <= len(d.reasons.for_) <= 3
        assert d.rank_p5 <= d.rank <= d.rank_p95 or d.rank_p5 <= d.rank_p95
        assert d.centre is not None and d.centre_km > 0
        if d.quota is not None:
            assert d.quota["source_id"] and d.quota["persons"] > 0
    scores = [d.personal_score for d in advice.districts]
    assert scores == sorted(scores, reverse=True)


def test_support_total_is_the_sum_of_eligible_grants(inputs: AdvisorInputs) -> None:
    est = advice_for(inputs).support_designated
    mci = inputs.mci.set_index("year").at[2026, "kzt"]
    assert est.mci_kzt == mci
    granted = est.measures[est.measures["in_total"]]
    assert est.total_min_kzt == pytest.approx(granted["amount_min_kzt"].sum())
    relocation = est.measures.set_index("code").at["RELOCATION_SUBSIDY", "amount_min_kzt"]
    assert relocation == pytest.approx(70 * mci * 5)  # 70 MCI per member, five members
    outside = advice_for(inputs).support_outside
    assert outside.total_min_kzt < est.total_min_kzt
    assert not outside.measures.set_index("code").at["RELOCATION_SUBSIDY", "eligible"]


def test_overrides_pin_and_exclude(inputs: AdvisorInputs) -> None:
    first = advice_for(inputs).districts[0].kato
    pinned = str(inputs.districts["kato"].iloc[-1])
    advice = advice_for(inputs, overrides=Overrides(pinned=(pinned,), excluded=(first,), note="ескертпе"))
    katos = [d.kato for d in advice.districts]
    assert katos[0] == pinned and advice.districts[0].pinned and first not in katos


@pytest.mark.parametrize("locale", list(i18n.LOCALES))
def test_pdf_in_every_locale_has_total_and_three_districts(inputs: AdvisorInputs, locale: str) -> None:
    advice = advice_for(inputs, locale)
    sheet = build_sheet(advice, inputs)
    pdf = sheet_pdf(sheet)
    assert pdf.startswith(b"%PDF")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    digits = "".join(ch for ch in text if ch.isdigit())
    total = str(int(advice.support_designated.total_min_kzt))
    assert total in digits, "the family's total support is not in the PDF"
    assert sum(str(i) + "." in text for i in (1, 2, 3)) == 3


def test_kazakh_letters_survive_in_the_pdf(inputs: AdvisorInputs) -> None:
    sheet = build_sheet(advice_for(inputs, "kk"), inputs)
    text = PdfReader(io.BytesIO(sheet_pdf(sheet))).pages[0].extract_text()
    assert any(ch in text for ch in "әғқңөұүһі")


def test_html_is_escaped_and_right_to_left_for_kk_arab(inputs: AdvisorInputs) -> None:
    advice = advice_for(inputs, "kk_Arab", overrides=Overrides(note="<script>alert(1)</script> & «ә»"))
    page = sheet_html(build_sheet(advice, inputs))
    assert 'dir="rtl"' in page and 'lang="kk-Arab"' in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<svg" in page and page.count("<circle") == 3


def test_no_sourced_information_is_said(inputs: AdvisorInputs) -> None:
    # Zhambyl (31…) has no priority-sector rows in the data.
    district = str(inputs.districts.loc[inputs.districts["parent_kato"] == "310000000", "kato"].iloc[0])
    advice = advice_for(inputs, "en", overrides=Overrides(pinned=(district,)))
    assert advice.districts[0].kato == district
    zhambyl = build_sheet(advice, inputs).sections[1]
    assert any("no sourced information yet" in line for line in zhambyl.lines)
    assert any("remaining: unknown" in line or "none in the data" in line for line in zhambyl.lines)
    assert any("not in the sourced data" in line for line in zhambyl.lines)


def test_every_reason_and_error_is_translated_in_kk_and_ru() -> None:
    for locale in ("kk", "ru"):
        _ = i18n.translator(locale, "advisor")
        for msgid in (*REASONS.values(), *INPUT_ERRORS):
            assert _(msgid) != msgid, (locale, msgid)


def test_reason_text_names_indicator_value_and_source(inputs: AdvisorInputs) -> None:
    d = advice_for(inputs, "ru").districts[0]
    text = reason_text(d.reasons.for_[0], "ru", lambda k: k)
    assert text and "D:" not in text


def test_consultation_is_saved_only_on_request_and_can_be_deleted(desk_db: dict, inputs: AdvisorInputs) -> None:
    store = Store(desk_db["path"])
    try:
        assert store.consultations().empty
        advice = advice_for(inputs)
        profile, result = consultation_record(advice)
        assert set(json.loads(profile)) == {
            "adults",
            "children",
            "pensioners",
            "adult_sectors",
            "in_quota",
            "education",
            "sheet_locale",
            "origin",
            "settlement",
            "climate",
            "kin_oblast",
            "ready_designated",
        }
        store.save_consultation(id="c1", saved_by="consul1", locale="kk", profile_json=profile, result_json=result)
        saved = store.consultations(saved_by="consul1")
        assert list(saved["id"]) == ["c1"]
        assert json.loads(saved.iloc[0]["result_json"])["districts"][0]["kato"] == advice.districts[0].kato
        assert store.delete_consultation("c1", user="consul1") and store.consultations().empty
        assert not store.delete_consultation("c1", user="consul1")
    finally:
        store.close()


def test_sheet_map_has_the_public_map_zone_colours(inputs: AdvisorInputs) -> None:
    advice = advice_for(inputs, "en")
    sheet = build_sheet(advice, inputs)
    numbered = {num: colour for _rings, colour, num in sheet.map_shapes if num}
    assert numbered == {str(i): ZONE_COLOURS[d.zone] for i, d in enumerate(advice.districts, start=1)}
    page = sheet_html(sheet)
    assert all(f'fill="{ZONE_COLOURS[d.zone]}"' in page for d in advice.districts)


def test_zone_and_reason_values_use_the_shared_words(inputs: AdvisorInputs) -> None:
    advice = advice_for(inputs, "ru")
    district = build_sheet(advice, inputs).sections[1]
    zone = advice.districts[0].zone
    assert district.lines[0].startswith(i18n.translator("ru", "map")(i18n.vocabulary.ZONE_LABELS[zone]))
