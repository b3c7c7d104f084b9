"""Kazakh Cyrillic → Latin (2021) and → Arabic script (töte jazu); place names per locale."""

from __future__ import annotations

import math
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from i18n import place_name, to_arabic, to_latin
from i18n.placeholders import placeholders
from i18n.translit import CYRILLIC_TO_ARABIC, CYRILLIC_TO_LATIN, HAMZA

KAZAKH_ALPHABET = "АӘБВГҒДЕЁЖЗИЙКҚЛМНҢОӨПРСТУҰҮФХҺЦЧШЩЪЫІЬЭЮЯ"
KAZAKH_ONLY = "әғқңөұүһі"


def _is_cyrillic(char: str) -> bool:
    return "CYRILLIC" in unicodedata.name(char, "")


def test_tables_cover_the_42_letters_in_both_cases() -> None:
    assert len(KAZAKH_ALPHABET) == 42
    for capital in KAZAKH_ALPHABET:
        assert capital in CYRILLIC_TO_LATIN and capital.lower() in CYRILLIC_TO_LATIN
        assert capital.lower() in CYRILLIC_TO_ARABIC
    assert len(CYRILLIC_TO_LATIN) == 84 and len(CYRILLIC_TO_ARABIC) == 42


@pytest.mark.parametrize(
    ("cyrillic", "latin", "arabic"),
    [
        ("Қазақстан", "Qazaqstan", "قازاقستان"),
        ("Семей", "Semei", "سەمەي"),
        ("Өскемен", "Öskemen", "وسكەمەن"),
        ("Қонаев", "Qonaev", "قوناەۆ"),
        ("Шымкент", "Şymkent", "شىمكەنت"),
        ("Ақтөбе", "Aqtöbe", "اقتوبە"),
        ("Ұлытау", "Ūlytau", "ۇلىتاۋ"),
        ("Үржар", "Ürjar", HAMZA + "ۇرجار"),
        ("Жаңасемей", "Jañasemei", "جاڭاسەمەي"),
        ("Бәйтерек ауданы", "Bäiterek audany", "بايتەرەك اۋدانى"),
        ("Қазақша", "Qazaqşa", "قازاقشا"),
    ],
)
def test_real_names(cyrillic: str, latin: str, arabic: str) -> None:
    assert to_latin(cyrillic) == latin
    assert to_arabic(cyrillic) == arabic


@pytest.mark.parametrize(
    ("small", "capital", "latin_small", "latin_capital"),
    [
        ("ә", "Ә", "ä", "Ä"),
        ("ғ", "Ғ", "ğ", "Ğ"),
        ("қ", "Қ", "q", "Q"),
        ("ң", "Ң", "ñ", "Ñ"),
        ("ө", "Ө", "ö", "Ö"),
        ("ұ", "Ұ", "ū", "Ū"),
        ("ү", "Ү", "ü", "Ü"),
        ("һ", "Һ", "h", "H"),
        ("і", "І", "ı", "I"),
        ("и", "И", "i", "İ"),
    ],
)
def test_kazakh_letters_in_both_cases(small: str, capital: str, latin_small: str, latin_capital: str) -> None:
    assert to_latin(small) == latin_small
    assert to_latin(capital) == latin_capital
    assert to_arabic(small) == to_arabic(capital)


def test_hamza_marks_front_words_without_e_k_g() -> None:
    assert to_arabic("Тіл") == HAMZA + "تىل"
    assert to_arabic("тұрғын үй") == "تۇرعىن " + HAMZA + "ۇي"
    assert to_arabic("кіші") == "كىشى"  # к already marks the word as front
    assert to_arabic("Әуезов-Үржар") == "اۋەزوۆ-" + HAMZA + "ۇرجار"  # each part of a hyphenated name


def test_russian_letters_inside_kazakh_text() -> None:
    assert (
        to_latin("Цой Чапаев Щучинск Ёлка Юлия Яна съезд Эмба") == "Tsoi Chapaev Şşuchinsk İolka İuliia İana sezd Emba"
    )
    assert to_latin("ЩУЧИНСК ЦОЙ") == "ŞŞUCHİNSK TSOİ"
    assert to_arabic("Щучинск") == "ششۋچينسك"


def test_placeholders_and_markup_are_kept() -> None:
    text = 'Аудан {name}: %(n)s адам, <b class="x">{share:.1%}</b>&nbsp;— https://stat.gov.kz/?a=1;b, иә?'
    latin, arabic = to_latin(text), to_arabic(text)
    for converted in (latin, arabic):
        assert placeholders(converted) == placeholders(text)
        for span in ("{name}", "%(n)s", '<b class="x">', "{share:.1%}", "</b>", "&nbsp;", "https://stat.gov.kz/?a=1;b"):
            assert span in converted
    assert latin == 'Audan {name}: %(n)s adam, <b class="x">{share:.1%}</b>&nbsp;— https://stat.gov.kz/?a=1;b, iä?'
    assert arabic.endswith("a=1;b، " + HAMZA + "يا؟")


def test_arabic_punctuation_keeps_decimal_commas() -> None:
    assert to_arabic("1,5 млн, 2") == "1,5 ملن، 2"


def test_pure_kazakh_becomes_pure_arabic_script() -> None:
    text = "Бұрыңғы өткен заманда, бір данышпан кісі Бағдат шаһарының бір үлкен қазысының үйіне келіп қоныпты. "
    text += "ЩЁЦЧЪЬЭЮЯ хфв: «әғқңөұүһі»?"
    for char in to_arabic(text):
        category = unicodedata.category(char)
        assert "\u0600" <= char <= "\u06ff" or category.startswith(("Z", "P")), repr(char)


CYRILLIC_TEXT = st.text(alphabet=st.characters(min_codepoint=0x0400, max_codepoint=0x052F))
ANY_TEXT = st.text()
MIXED_TEXT = st.lists(
    st.one_of(CYRILLIC_TEXT, ANY_TEXT, st.sampled_from(["{n}", "%(n)s", "<b>", "&amp;", "?", ","]))
).map("".join)


@given(MIXED_TEXT)
def test_transliteration_never_raises_and_leaves_no_cyrillic(text: str) -> None:
    for converted in (to_latin(text), to_arabic(text)):
        assert not any(_is_cyrillic(char) for char in converted), converted


@given(st.text(alphabet=KAZAKH_ALPHABET + KAZAKH_ALPHABET.lower() + " -.,"))
def test_kazakh_text_keeps_its_placeholders(text: str) -> None:
    message = f"{text}{{name}}{text}%(count)d<i>{text}</i>"
    assert placeholders(to_latin(message)) == placeholders(message)
    assert placeholders(to_arabic(message)) == placeholders(message)


ROW = {"name_kk": "Өскемен", "name_ru": "Усть-Каменогорск", "name_en": "Oskemen"}


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("kk", "Өскемен"), ("kk_Latn", "Öskemen"), ("kk_Arab", "وسكەمەن"), ("ru", "Усть-Каменогорск"), ("en", "Oskemen")],
)
def test_place_name(locale: str, expected: str) -> None:
    assert place_name(ROW, locale) == expected


def test_place_name_fallbacks() -> None:
    assert place_name({"name_kk": "Қонаев", "name_en": math.nan}, "en") == "Qonaev"
    assert place_name({"name_kk": "Қонаев", "name_kk_Latn": "Konaev"}, "kk_Latn") == "Konaev"
    assert place_name({"name_kk": None, "name_ru": "Щучинск"}, "kk") == "Щучинск"
    assert place_name({"name_ru": "Щучинск"}, "kk_Latn") == "Şşuchinsk"
    assert place_name({"name_kk": "Үржар"}, "ru") == "Үржар"
    assert place_name({}, "ru") == "нет данных"
    with pytest.raises(ValueError, match="'kz'"):
        place_name(ROW, "kz")
