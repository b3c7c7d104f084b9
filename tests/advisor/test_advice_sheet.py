"""Advice on the real database: three districts with reasons, the family's support, the sheet in five locales."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader

import i18n
from advisor.model import Advice, AdvisorInputs, Overrides, build_advice, consultation_record, load_inputs
from advisor.sheet_html import sheet_html
from advisor.sheet_model import Foreign, Officer, build_sheet, short_title
from advisor.sheet_pdf import sheet_pdf
from advisor.text import (
    APPLY_STEPS,
    CONDITION_LABELS,
    INPUT_ERRORS,
    LEGAL_BASIS_LABELS,
    REASONS,
    WISH_TEXTS,
    family_summary,
    reason_text,
)
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
    overrides = kw.pop("overrides", Overrides())
    applicant = validate_applicant({**FAMILY, "sheet_locale": locale, **kw})
    return build_advice(inputs, applicant, year=2026, overrides=overrides)


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


CHINA = {
    "adults": 2,
    "children": 2,
    "pensioners": 1,
    "adult_sectors": ["agriculture", "education"],
    "education": "higher",
    "origin": "CN",
    "settlement": "rural",
    "kin_oblast": "100000000",
}
MONGOLIA = {"adults": 1, "adult_sectors": ["industry"], "education": "higher", "origin": "MN", "settlement": "urban"}


def _pdf_text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(p.extract_text() for p in reader.pages)


@pytest.mark.parametrize("locale", list(i18n.LOCALES))
@pytest.mark.parametrize("family", [CHINA, MONGOLIA], ids=["china", "mongolia"])
def test_pdf_fits_three_pages_with_up_to_and_guaranteed(inputs: AdvisorInputs, locale: str, family: dict) -> None:
    applicant = validate_applicant({**family, "sheet_locale": locale})
    advice = build_advice(inputs, applicant, year=2026)
    pdf = sheet_pdf(build_sheet(advice, inputs, officer=Officer("Officer", "Embassy", "")))
    pages, text = _pdf_text(pdf)
    assert pdf.startswith(b"%PDF") and pages <= 3, f"{pages} pages"
    digits = "".join(ch for ch in text if ch.isdigit())
    for d in advice.districts:
        for est in d.support_cases.values():
            assert str(int(est.up_to_kzt)) in digits and str(int(est.guaranteed_kzt)) in digits
    assert "…" not in text, "a word is cut"
    if locale == "kk_Arab":
        assert any("\u0600" <= ch <= "\u06ff" for ch in text)


def test_sheet_pages_and_words(inputs: AdvisorInputs) -> None:
    advice = advice_for(inputs, "en", in_quota=None)
    sheet = build_sheet(advice, inputs, officer=Officer("A. Officer", "Embassy in Beijing", "1 Dec 2026"))
    pages = sheet.pages()
    assert len(pages) == 3
    first = " ".join(line for s in pages[0] for line in (s.title, *s.lines))
    assert "A. Officer" in first and "Embassy in Beijing" in first and "1 Dec 2026" in first
    assert "migration.enbek.kz" in first and "30 working days" in first and "ask the employment centre" in first
    rows = next(s for s in pages[0] if s.table).table.rows
    assert len(rows) == 3 and all("In the quota:\nup to" in r[3] and "Not in the quota:\n" in r[3] for r in rows)
    everything = " ".join(
        str(x) for s in sheet.sections for x in (s.title, *s.lines, *(s.table.rows if s.table else ()))
    )
    assert "Total" not in everything and "total" not in everything.replace("in 12 months", "")
    second = [line for s in pages[1] for line in s.lines]
    assert any(line.startswith(("+ Town or village", "− Town or village")) for line in second)
    support = next(s for s in pages[1] if s.table)
    rent = next(r for r in support.table.rows if "Rent" in r[0])
    assert "per month for up to 12 months" in rent[1] and "in 12 months" in rent[1]
    assert all(r[4].isdigit() for r in support.table.rows)  # the year each measure started
    sources = pages[2][0].lines
    assert sources and all(isinstance(x, Foreign) for x in sources)
    assert not any("commit" in x or "`" in x or "open-data-kazakhstan" in x for x in sources)


def test_short_title_drops_repositories_and_commits() -> None:
    note = (
        "BNS tables in repo `open-data-kazakhstan/x`, commit 6ad0556 (2024-05-15), README cites "
        "https://stat.gov.kz/ru/ : (a) more"
    )
    assert short_title(note) == "BNS tables"


def test_family_summary_has_no_identifiers(inputs: AdvisorInputs) -> None:
    applicant = validate_applicant({**CHINA, "sheet_locale": "en"})
    text = family_summary(applicant, "en", lambda k: "Abai Region")
    assert text.startswith("5 people, 2 adults — ") and "Village" in text and "kin: Abai Region" in text


def test_new_words_are_translated_in_kk_and_ru() -> None:
    for locale in ("kk", "ru"):
        _ = i18n.translator(locale, "advisor")
        for msgid in (
            *WISH_TEXTS.values(),
            *CONDITION_LABELS.values(),
            *LEGAL_BASIS_LABELS.values(),
            *APPLY_STEPS.values(),
        ):
            assert _(msgid) != msgid, (locale, msgid)


def test_html_has_viewport_print_pages_and_isolated_numbers(inputs: AdvisorInputs) -> None:
    page = sheet_html(build_sheet(advice_for(inputs, "kk_Arab"), inputs))
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "@page" in page and "break-after:page" in page and page.count('<div class="page">') == 3
    assert '<bdi dir="ltr">' in page and 'lang="en"' in page


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
    # Zhambyl (31…) has no priority-sector rows in the data: the work wish cannot be judged there.
    district = str(inputs.districts.loc[inputs.districts["parent_kato"] == "310000000", "kato"].iloc[0])
    advice = advice_for(inputs, "en", overrides=Overrides(pinned=(district,)))
    assert advice.districts[0].kato == district
    zhambyl = next(s for s in build_sheet(advice, inputs).sections if s.page == 2)
    assert any("places left: not known" in line or "none in the data" in line for line in zhambyl.lines)


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
    district = next(s for s in build_sheet(advice, inputs).sections if s.page == 2)
    zone = advice.districts[0].zone
    assert district.lines[0].startswith(i18n.translator("ru", "map")(i18n.vocabulary.ZONE_LABELS[zone]))


def test_store_reads_how_to_apply(store: Store) -> None:
    steps = store.how_to_apply()
    assert list(steps["step"]) == [1, 2, 3, 4, 5]
    assert set(";".join(steps["source_id"]).split(";")) == {"A01", "A02", "A03", "A04", "A05"}
    assert steps["text_ru"].str.len().min() > 0


def test_next_steps_show_the_contacts_the_akimat_keeps(desk_db: dict) -> None:
    """A contact saved in the "where and how to apply" register replaces "ask the employment centre"."""
    store = Store(desk_db["path"])
    try:
        before = load_inputs(store)
        oblast = advice_for(before).districts[0].oblast_kato
        contact = {
            "office": "Employment centre (test)",
            "phone": "8 7000 00 00 00",
            "oblast_kato": oblast,
            "source": "akimat letter 7",
        }
        store.save_register_rows("apply_contacts", [contact], user="ministry1")
        sheet = build_sheet(advice_for(load_inputs(store), "en"), load_inputs(store))
    finally:
        store.close()
    steps = next(s for s in sheet.sections if s.title.startswith("Next steps"))
    text = " ".join(str(line) for line in steps.lines)
    assert "8 7000 00 00 00" in text and "akimat letter 7" in text
