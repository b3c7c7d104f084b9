"""What "one language per page" means, as a checker: which words of a text are in another script or language.

Used by ``tests/i18n/test_one_language.py`` on every rendered Streamlit page and every exported HTML page. A
text inside an element that carries its own ``lang`` attribute (a source title, an act's official title) is
exempt: HTML requires the attribute there (WCAG 3.1.2), and the check trusts it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from scoring.registry import BY_CODE

CYRILLIC = re.compile(r"[\u0400-\u04FF]")
ARABIC = re.compile(r"[\u0600-\u06FF\uFB50-\uFDFF\uFE70-\uFEFF]")
LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
#: Kazakh-only Cyrillic letters: a Russian page showing them shows Kazakh text.
KAZAKH_ONLY = re.compile(r"[ӘәҒғҚқҢңӨөҰұҮүҺһІі]")

#: Latin words allowed on a Cyrillic- or Arabic-script page: names of things that have no other spelling.
LATIN_ALLOWED = {
    "qonys",
    "km",
    "kg",
    "ha",
    "geonames",
    "openstreetmap",
    "leaflet",
    "duckdb",
    "streamlit",
    "folium",
    "geokz",
    "monte",
    "carlo",
    "bcrypt",
    "excel",
    "cc",
    "by",
    "whosonfirst",
    "wikidata",
    "rodionov",
    "geojson",
}
#: Russian function words never used in Kazakh ("не" is Kazakh too: "or", "what") (Cyrillic and, for the Latin page, transliterated).
RUSSIAN_WORDS = {"и", "в", "на", "по", "для", "от", "из", "или", "что", "при", "года", "центр", "адаптации"}
RUSSIAN_LATIN_WORDS = {"dlia", "ili", "tsentr", "adaptatsii", "goda"}
#: English words that mark English text inside a Latin-script Kazakh page.
ENGLISH_WORDS = {
    "the",
    "of",
    "and",
    "not",
    "with",
    "from",
    "per",
    "month",
    "persons",
    "report",
    "annual",
    "order",
    "operating",
    "captured",
    "none",
    "empty",
    "choose",
    "options",
    "yyyy",
}
#: Spans that are code, not language: URLs, e-mail addresses, ``{fields}``, back-ticked code, file names.
_CODE = re.compile(
    r"Who's On First|https?://\S+|www\.\S+|\S+@\S+|\{[^}]*\}|`[^`]*`|%\(\w+\)s"
    r"|[\w/.-]*\.(?:csv|xlsx|py|md|sql|duckdb|json|geojson|html|txt|gz|zip)\b|\w+(?:_\w+)+|\S*\d\S*"
)


#: LaTeX maths (Streamlit's ``$$…$$`` and ``st.latex``) is notation, not language.
_MATH = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$", re.S)
#: The language picker names each language in itself (Қазақша, Qazaqşa, قازاقشا, Русский, English): those
#: words are right on every page.
SELF_NAMES = {"қазақша", "qazaqşa", "قازاقشا", "русский", "english"}


def offending_words(text: str, locale: str) -> list[str]:
    """The words of ``text`` that do not belong on a page in ``locale``.

    kk, ru: Latin words other than acronyms (KATO, OSM), single letters and :data:`LATIN_ALLOWED`; kk also
    Russian function words, ru also Kazakh-only letters. kk_Arab: Cyrillic words and Latin words as for kk.
    kk_Latn and en: Cyrillic or Arabic words; kk_Latn also English words.
    """
    text = _MATH.sub(" ", text).replace("\\", "")
    text = _CODE.sub(" ", text)
    out = []
    for word in re.findall(r"[^\W\d_]+", text):
        lower = word.lower()
        if lower in SELF_NAMES:
            continue
        # an indicator code (``hospitals``) is an identifier shown beside its translated label
        latin_ok = len(word) == 1 or word.isupper() or lower in LATIN_ALLOWED or word in BY_CODE
        if locale in ("kk", "ru", "kk_Arab") and LATIN.search(word) and not latin_ok:
            out.append(word)
        elif locale in ("kk_Latn", "en") and (CYRILLIC.search(word) or ARABIC.search(word)):
            out.append(word)
        elif locale in ("kk", "ru") and ARABIC.search(word):
            out.append(word)
        elif locale == "kk_Arab" and CYRILLIC.search(word):
            out.append(word)
        elif locale == "kk" and lower in RUSSIAN_WORDS:
            out.append(word)
        elif locale == "ru" and KAZAKH_ONLY.search(word):
            out.append(word)
        elif locale == "kk_Latn" and (lower in ENGLISH_WORDS or lower in RUSSIAN_LATIN_WORDS):
            out.append(word)
    return out


class _Text(HTMLParser):
    """Text nodes of an HTML fragment that are outside ``[lang]`` elements, ``<script>`` and ``<style>``."""

    _VOID = {"br", "img", "hr", "meta", "link", "input", "wbr", "col", "area", "base", "source"}

    def __init__(self, *, root_has_lang: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # per open element: is its text exempt?
        self.texts: list[str] = []
        self.root_has_lang = root_has_lang

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._VOID:
            return
        exempt = bool(self.stack and self.stack[-1]) or tag in ("script", "style", "code", "svg")
        # The page's own <html lang> names the page's language: only an inner lang marks a foreign text.
        if tag != "html" and any(name == "lang" for name, _ in attrs):
            exempt = True
        self.stack.append(exempt)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self._VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if data.strip() and not (self.stack and self.stack[-1]):
            self.texts.append(data.strip())


def visible_texts(markup: str) -> list[str]:
    """Text nodes of HTML or Markdown ``markup`` outside elements marked with their own ``lang``."""
    parser = _Text()
    parser.feed(_MATH.sub(" ", markup))
    parser.close()
    return parser.texts
