"""Kazakh Cyrillic → 2021 Latin alphabet and → Arabic-script töte jazu, and place names per locale.

Both directions are driven by the tables below and are documented, with their limits, in docs/I18N.md.
Program spans (format fields, HTML tags, entities, URLs; see :mod:`i18n.placeholders`) are copied verbatim.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any, Final

from i18n.languages import check_locale
from i18n.missing import is_missing
from i18n.placeholders import split_protected

# Kazakh Latin alphabet as revised and presented in January 2021 (31 letters: A Ä B D E F G Ğ H I İ J K L M N
# Ñ O Ö P Q R S Ş T U Ū Ü V Y Z).  The Russian-only letters Ё Ц Ч Щ Ъ Ь Э Ю Я have no letter of their own;
# their spellings (io, ts, ch, şş, ∅, ∅, e, iu, ia) are our choice, listed in docs/I18N.md.
#: (Cyrillic capital, Cyrillic small, Latin capital, Latin small) for the 42 letters of Kazakh Cyrillic.
LATIN_ROWS: Final = (
    ("А", "а", "A", "a"), ("Ә", "ә", "Ä", "ä"), ("Б", "б", "B", "b"), ("В", "в", "V", "v"),
    ("Г", "г", "G", "g"), ("Ғ", "ғ", "Ğ", "ğ"), ("Д", "д", "D", "d"), ("Е", "е", "E", "e"),
    ("Ё", "ё", "İo", "io"), ("Ж", "ж", "J", "j"), ("З", "з", "Z", "z"), ("И", "и", "İ", "i"),
    ("Й", "й", "İ", "i"), ("К", "к", "K", "k"), ("Қ", "қ", "Q", "q"), ("Л", "л", "L", "l"),
    ("М", "м", "M", "m"), ("Н", "н", "N", "n"), ("Ң", "ң", "Ñ", "ñ"), ("О", "о", "O", "o"),
    ("Ө", "ө", "Ö", "ö"), ("П", "п", "P", "p"), ("Р", "р", "R", "r"), ("С", "с", "S", "s"),
    ("Т", "т", "T", "t"), ("У", "у", "U", "u"), ("Ұ", "ұ", "Ū", "ū"), ("Ү", "ү", "Ü", "ü"),
    ("Ф", "ф", "F", "f"), ("Х", "х", "H", "h"), ("Һ", "һ", "H", "h"), ("Ц", "ц", "Ts", "ts"),
    ("Ч", "ч", "Ch", "ch"), ("Ш", "ш", "Ş", "ş"), ("Щ", "щ", "Şş", "şş"), ("Ъ", "ъ", "", ""),
    ("Ы", "ы", "Y", "y"), ("І", "і", "I", "ı"), ("Ь", "ь", "", ""), ("Э", "э", "E", "e"),
    ("Ю", "ю", "İu", "iu"), ("Я", "я", "İa", "ia"),
)  # fmt: skip

#: Kazakh Cyrillic letter (either case) → 2021 Latin.  Case is explicit because Latin I/ı and İ/i do not
#: follow Python's ``str.upper``.
CYRILLIC_TO_LATIN: Final[dict[str, str]] = {
    cyr: lat for cap, small, lat_cap, lat_small in LATIN_ROWS for cyr, lat in ((cap, lat_cap), (small, lat_small))
}

#: Kazakh Cyrillic small letter → töte jazu (Arabic script as used by Kazakhs in China).  Front vowels
#: ә ө ү і share a letter with their back pairs а о ұ ы; the word-initial hamza (see ``HAMZA``) marks them.
CYRILLIC_TO_ARABIC: Final[dict[str, str]] = {
    "а": "ا", "ә": "ا", "б": "ب", "в": "ۆ", "г": "گ", "ғ": "ع", "д": "د", "е": "ە", "ё": "يو",
    "ж": "ج", "з": "ز", "и": "ي", "й": "ي", "к": "ك", "қ": "ق", "л": "ل", "м": "م", "н": "ن",
    "ң": "ڭ", "о": "و", "ө": "و", "п": "پ", "р": "ر", "с": "س", "т": "ت", "у": "ۋ", "ұ": "ۇ",
    "ү": "ۇ", "ф": "ف", "х": "ح", "һ": "ھ", "ц": "تس", "ч": "چ", "ш": "ش", "щ": "شش", "ъ": "",
    "ы": "ى", "і": "ى", "ь": "", "э": "ە", "ю": "يۋ", "я": "يا",
}  # fmt: skip

#: ARABIC LETTER HIGH HAMZA, written once before a front-vowel word whose letters do not show it already.
HAMZA: Final = "\u0674"
#: Letters that need the hamza to read as front vowels (they share a letter with а о ұ ы).
HAMZA_VOWELS: Final = frozenset("әөүі")
#: Letters that already mark a word as front (ە ك گ), so the hamza is not written.
FRONT_MARKERS: Final = frozenset("екгэ")

#: Latin punctuation → Arabic-script punctuation (the comma only outside numbers such as 4,5).
ARABIC_PUNCTUATION: Final[dict[str, str]] = {",": "،", ";": "؛", "?": "؟"}

#: Cyrillic letters of neighbouring languages (Ukrainian, Belarusian, Uzbek, Tajik, Tatar, Altai, Serbian…)
#: folded to the nearest Kazakh letter before transliteration.  Anything else Cyrillic falls back to its
#: Unicode base letter, or to U+FFFD so that a loss is visible rather than silent.
CYRILLIC_EQUIVALENTS: Final[dict[str, str]] = {
    "Ґ": "Г", "ґ": "г", "Є": "Е", "є": "е", "Ї": "І", "ї": "і", "Ў": "У", "ў": "у", "Ҳ": "Һ", "ҳ": "һ",
    "Җ": "Ж", "җ": "ж", "Ҷ": "Ж", "ҷ": "ж", "Ӣ": "И", "ӣ": "и", "Ӯ": "У", "ӯ": "у", "Ӧ": "Ө", "ӧ": "ө",
    "Ӱ": "Ү", "ӱ": "ү", "Ӓ": "Ә", "ӓ": "ә", "Ј": "Й", "ј": "й", "Ѓ": "Г", "ѓ": "г", "Ќ": "К", "ќ": "к",
    "Ђ": "Д", "ђ": "д", "Ћ": "Ч", "ћ": "ч", "Љ": "Л", "љ": "л", "Њ": "Н", "њ": "н", "Џ": "Ж", "џ": "ж",
    "Ѕ": "З", "ѕ": "з", "Ӏ": "", "ӏ": "", "Ҡ": "Қ", "ҡ": "қ", "Ҙ": "З", "ҙ": "з", "Ҫ": "С", "ҫ": "с",
    "Ӕ": "Ә", "ӕ": "ә", "Ҕ": "Ғ", "ҕ": "ғ", "Ҟ": "Қ", "ҟ": "қ", "Ӈ": "Ң", "ӈ": "ң",
}  # fmt: skip

_REPLACEMENT: Final = "\ufffd"
_WORD_RE: Final = re.compile("[\u0400-\u04ff]+")
_ARABIC_COMMA_RE: Final = re.compile(r"(?<!\d),|,(?!\d)")


def _is_cyrillic(char: str) -> bool:
    return "CYRILLIC" in unicodedata.name(char, "")


def _fold_cyrillic(text: str) -> str:
    """Reduce every Cyrillic character of ``text`` (already NFC) to a Kazakh letter, or drop/flag it."""
    out: list[str] = []
    for char in text:
        if char in CYRILLIC_TO_LATIN or not _is_cyrillic(char):
            out.append(char)
        elif char in CYRILLIC_EQUIVALENTS:
            out.append(CYRILLIC_EQUIVALENTS[char])
        elif unicodedata.category(char).startswith("M"):
            continue  # Cyrillic combining marks (titlo, palatalisation) carry no Kazakh sound
        else:
            base = unicodedata.normalize("NFD", char)[0]
            out.append(base if base in CYRILLIC_TO_LATIN else _REPLACEMENT)
    return "".join(out)


def _transliterate(text: str, convert: Callable[[str], str]) -> str:
    pieces = split_protected(unicodedata.normalize("NFC", text))
    return "".join(span if protected else convert(_fold_cyrillic(span)) for span, protected in pieces)


def _latin_run(text: str) -> str:
    out: list[str] = []
    for index, char in enumerate(text):
        latin = CYRILLIC_TO_LATIN.get(char)
        if latin is None:
            out.append(char)
            continue
        if len(latin) > 1 and char.isupper():
            following = text[index + 1] if index + 1 < len(text) else ""
            previous = text[index - 1] if index else ""
            # ЦОЙ → TSOI but Цой → Tsoi: a digraph takes the case of its neighbours.
            all_caps = following.isupper() or (not following.islower() and previous.isupper())
            latin = latin.upper() if all_caps else latin
        out.append(latin)
    return "".join(out)


def _arabic_word(match: re.Match[str]) -> str:
    word = match.group().lower()
    hamza = HAMZA if HAMZA_VOWELS.intersection(word) and not FRONT_MARKERS.intersection(word) else ""
    return hamza + "".join(CYRILLIC_TO_ARABIC[char] for char in word)


def _arabic_run(text: str) -> str:
    text = _WORD_RE.sub(_arabic_word, text)
    text = _ARABIC_COMMA_RE.sub(ARABIC_PUNCTUATION[","], text)
    return text.replace(";", ARABIC_PUNCTUATION[";"]).replace("?", ARABIC_PUNCTUATION["?"])


def to_latin(text: str) -> str:
    """Transliterate Kazakh Cyrillic into the 2021 Kazakh Latin alphabet.

    Parameters
    ----------
    text : str
        Any text; only Cyrillic letters outside program spans (``{name}``, ``%(n)s``, tags) change.

    Returns
    -------
    str
        The text in Latin letters, e.g. ``to_latin("Өскемен") == "Öskemen"``.
    """
    return _transliterate(text, _latin_run)


def to_arabic(text: str) -> str:
    """Transliterate Kazakh Cyrillic into the Arabic-script töte jazu used by Kazakhs in China.

    Each Cyrillic word gets the high hamza (ٴ) in front when it contains ә, ө, ү or і but none of
    е, к, г, э; the punctuation , ; ? becomes ، ؛ ؟.  Digits stay Western.

    Parameters
    ----------
    text : str
        Any text; only Cyrillic letters and , ; ? outside program spans change.

    Returns
    -------
    str
        The text in Arabic script (logical order; the renderer lays it out right to left).
    """
    return _transliterate(text, _arabic_run)


def _name(names: Mapping[str, Any], key: str) -> str | None:
    value = names.get(key)
    return None if is_missing(value) else str(value).strip()


def place_name(names: Mapping[str, Any], locale: str) -> str:
    """Pick or derive the name of a place for ``locale``.

    Parameters
    ----------
    names : Mapping[str, Any]
        A row with some of ``name_kk``, ``name_ru``, ``name_en`` and, where an official spelling exists in
        that script, ``name_kk_Latn`` / ``name_kk_Arab``.  ``None``, NaN and blanks count as absent.
    locale : str
        One of :data:`i18n.LOCALES`.

    Returns
    -------
    str
        ``kk``: name_kk, else name_ru, else name_en.  ``kk_Latn``/``kk_Arab``: the official name in that
        script, else the transliterated name_kk (else name_ru), else name_en.  ``ru``: name_ru, else
        name_kk, else name_en.  ``en``: name_en, else to_latin(name_kk), else to_latin(name_ru).
        With no name at all, the translated "no data".
    """
    check_locale(locale)
    kk, ru, en = _name(names, "name_kk"), _name(names, "name_ru"), _name(names, "name_en")
    if locale in ("kk_Latn", "kk_Arab"):
        convert = to_latin if locale == "kk_Latn" else to_arabic
        cyrillic = kk or ru
        candidates = [_name(names, f"name_{locale}"), convert(cyrillic) if cyrillic else None, en]
    elif locale == "en":
        cyrillic = kk or ru
        candidates = [en, to_latin(cyrillic) if cyrillic else None]
    elif locale == "ru":
        candidates = [ru, kk, en]
    else:
        candidates = [kk, ru, en]
    for candidate in candidates:
        if candidate:
            return candidate
    # Imported here: formatting needs the catalogues, which need this module for generated locales.
    from i18n.formatting import format_missing

    return format_missing(locale)


def localised(texts: Mapping[str, Any], locale: str, *, prefix: str = "", default: str | None = None) -> str:
    """Pick or derive the text of ``locale`` from texts written in kk, ru and en (labels, descriptions).

    Parameters
    ----------
    texts : Mapping[str, Any]
        Keyed ``kk``/``ru``/``en`` (a registry label) or, with ``prefix``, ``<prefix>kk`` … (a data row such
        as ``label_kk``, ``label_ru``, ``label_en``).  ``None``, NaN and blanks count as absent.
    locale : str
        One of :data:`i18n.LOCALES`.
    prefix : str, default ""
        Prefix of the keys, e.g. ``"label_"``.
    default : str, optional
        Returned when no text exists; without it, the translated "no data".

    Returns
    -------
    str
        ``kk``: kk, else ru, else en.  ``kk_Latn``/``kk_Arab``: kk transliterated, else ru, else en (a Russian
        text is not transliterated: it is not Kazakh).  ``ru``: ru, else kk, else en.  ``en``: en, else ru,
        else kk.
    """
    check_locale(locale)
    kk, ru, en = (_name(texts, f"{prefix}{lang}") for lang in ("kk", "ru", "en"))
    if locale in ("kk_Latn", "kk_Arab"):
        convert = to_latin if locale == "kk_Latn" else to_arabic
        candidates = [convert(kk) if kk else None, ru, en]
    else:
        candidates = {"kk": [kk, ru, en], "ru": [ru, kk, en], "en": [en, ru, kk]}[locale]
    for candidate in candidates:
        if candidate:
            return candidate
    if default is not None:
        return default
    from i18n.formatting import format_missing

    return format_missing(locale)
