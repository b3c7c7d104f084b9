"""One language per page: every page and every exported page, in every locale, shows text in that locale only.

(a) Each Streamlit page is run through AppTest (signed in as the ministry, which may open every page) and all
rendered text is collected — Markdown, captions, headers, alerts, widget labels, options and placeholders,
data-frame headers and cells; (b) the static export's HTML of each locale is parsed. Text inside an element
that carries its own ``lang`` attribute is exempt (a source title in its original language). Streamlit's own
English defaults count as offences too: a multiselect without ``placeholder=`` ("Choose options"), a
data-frame cell left None ("None") and an empty data frame ("empty").

The counts before and after the "one language per page" work are in docs/I18N.md.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import i18n
from data.store import Store
from export.site import export_site
from tests.i18n.one_language import offending_words, visible_texts

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["map", "table", "methodology", "progress", "advisor", "data", "monitoring", "admin"]
MINISTRY = {"username": "ministry1", "role": "ministry", "scope_kato": None}

#: Offences left on purpose, each with its reason: (locale or "*", page or "*", regex on the offending text).
#: Most belong to parts other helpers own or are rewriting (export/cards.py, the admin desk); the test passes
#: and says what is left. docs/I18N.md "One language per page" has the counts.
KNOWN: list[tuple[str, str, str, str]] = [
    # Not an offence: official Russian names of renamed units keep their Kazakh letters (KATO / geokz name_ru).
    ("ru", "*", r"(район|область) \S*[ӘәҒғҚқҢңӨөҰұҮүҺһІі]", "official Russian name with Kazakh letters"),
    # Left on the Admin page, all in the Data campaign and Registers tabs (ui/campaign_view.py,
    # ui/registers_view.py, other owners); the admin desk's own tables (ui/admin_desk.py) are clean.
    ("*", "admin", r"^(None|empty)$", "registers tab: Streamlit's empty cell and empty table in a data_editor"),
    ("*", "admin", r"^\S+ \((akimat|consul|ministry)\)$", "campaign tab: account with its role code"),
    ("*", "admin", r"^(version|reported)$", "registers tab: raw column keys"),
    ("*", "admin", r"^operating \(", "registers tab: centre status as stored"),
    ("*", "admin", r"Центр|Шымкент|Уральск", "registers tab: adaptation centres' names and cities as stored"),
    # Left: the Data page's editor shows each value's source title from the source register (English,
    # quoting the original); a data_editor cell cannot carry a lang attribute. (The history table can: it does.)
    ("*", "data", r"^BNS «", "data desk editor: source register title in a data_editor cell"),
]

#: Proto string fields that are not shown text.
_SKIP_FIELDS = {"id", "form_id", "key", "icon", "format", "type", "page_script_hash", "url", "column_order", "data"}


def _proto_strings(message: object, *, markup: bool = False) -> Iterator[tuple[str, str]]:
    """(field, text) of every string field of a protobuf message, nested messages included."""
    for field, value in message.ListFields():  # type: ignore[attr-defined]
        if field.name in _SKIP_FIELDS:
            continue
        values = value if not isinstance(value, (str, bytes)) and hasattr(value, "__len__") else [value]
        for item in values:
            if isinstance(item, str):
                yield field.name, item
            elif hasattr(item, "ListFields"):
                yield from _proto_strings(item)


def _frame_texts(frame: pd.DataFrame, config: dict) -> Iterator[str]:
    """Headers (the column_config label where one is set, as Streamlit shows it) and text cells of a frame."""
    if frame.empty:
        yield "empty"  # Streamlit's own word for an empty data frame
    for column in frame.columns:
        label = config.get(str(column), {}).get("label") if isinstance(config.get(str(column)), dict) else None
        yield str(label or column)
        for value in frame[column]:
            if isinstance(value, str):
                yield value
            elif (value is None or (isinstance(value, float) and value != value)) and frame[column].dtype == object:
                yield "None"  # Streamlit shows a missing text cell as "None"


def page_texts(at: AppTest) -> Iterator[str]:
    """Every text a visitor sees on an AppTest page (outside ``[lang]`` elements)."""

    def walk(node: object) -> Iterator[object]:
        yield node
        for child in getattr(node, "children", {}).values():
            yield from walk(child)

    for node in walk(at._tree):
        proto = getattr(node, "proto", None)
        kind = getattr(node, "type", "")
        if proto is None or kind in ("exception",):
            continue
        if kind in ("arrow_data_frame", "dataframe", "table", "arrow_table"):
            columns = getattr(proto, "columns", "") or ""
            yield from _frame_texts(node.value, json.loads(columns) if columns else {})
            continue
        if kind in ("multiselect",) and not proto.placeholder:
            yield "Choose options"  # Streamlit's default placeholder
        for field, text in _proto_strings(proto):
            if field in ("body", "label", "help", "caption", "placeholder", "options", "text", "value", "default"):
                yield from (visible_texts(text) if field in ("body", "text") else [text])


Offence = tuple[str, str, str]  # (locale, page, offending text)


def _offences(texts: Iterator[str], locale: str, page: str) -> set[Offence]:
    """(locale, page, text) of every text with a word that does not belong on the page."""
    found = set()
    for text in texts:
        if text in ("None", "empty", "Choose options") or offending_words(text, locale):
            found.add((locale, page, text))
    return found


def _known(item: Offence) -> bool:
    locale, page, text = item
    return any(
        k_locale in ("*", locale) and k_page in ("*", page) and re.search(pattern, text)
        for k_locale, k_page, pattern, _reason in KNOWN
    )


def _unexpected(found: set[Offence]) -> list[str]:
    """The offences not in :data:`KNOWN`, with their offending words, for the failure message."""
    return [
        f"{loc} {page}: {text[:120]!r} {offending_words(text, loc)[:6]}"
        for loc, page, text in sorted(found)
        if not _known((loc, page, text))
    ]


def run_page(page: str, locale: str, db: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("QONYS_DB", str(db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = locale
    at.session_state["qonys_account"] = {**MINISTRY, "last_seen": time.monotonic()}
    at.switch_page(f"pages/{page}.py")
    return at.run()


@pytest.mark.parametrize("locale", list(i18n.LOCALES))
def test_every_page_in_one_language(desk_db: dict, monkeypatch: pytest.MonkeyPatch, locale: str) -> None:
    found: set[Offence] = set()
    for page in PAGES:
        at = run_page(page, locale, desk_db["path"], monkeypatch)
        assert not at.exception, (page, at.exception)
        found |= _offences(page_texts(at), locale, page)
    assert not _unexpected(found), _unexpected(found)


def _html_offences(site: Path, locale: str) -> set[Offence]:
    found: set[Offence] = set()
    pages = [site / locale / "index.html", *sorted((site / locale / "d").glob("*.html"))]
    for path in pages:
        name = "index" if path.name == "index.html" else "card"
        found |= _offences(iter(visible_texts(path.read_text(encoding="utf-8"))), locale, f"export:{name}")
    return found


@pytest.fixture(scope="module")
def site_dir(store: Store, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole static site (five locales) from the session database; 200 Monte-Carlo draws keep it quick."""
    return export_site(store, tmp_path_factory.mktemp("site") / "site", draws=200).out


@pytest.mark.parametrize("locale", list(i18n.LOCALES))
def test_export_in_one_language(site_dir: Path, locale: str) -> None:
    found = _html_offences(site_dir, locale)
    assert not _unexpected(found), _unexpected(found)


def test_checker_flags_and_exempts() -> None:
    assert offending_words("Шымкент ауданы", "en") == ["Шымкент", "ауданы"]
    assert offending_words("KZT/month", "kk") == ["month"]
    assert offending_words("KATO 591000000, Qonys, S01, https://stat.gov.kz", "ru") == []
    assert offending_words("Abai oblysy", "kk_Arab") == ["Abai", "oblysy"]
    assert offending_words("operating (date of report not captured)", "kk_Latn")
    assert visible_texts('Дерек: <span lang="ru">Центр адаптации</span>.') == ["Дерек:", "."]
