"""Per-run context of a page: the shared store, the chosen locale and its translator.

The store is a process-wide resource opened through :mod:`ui.cache` (the only module that caches);
everything read from it is cached there by the store's data version, so a rebuild or an edit shows at once.
"""

from __future__ import annotations

import runpy
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

import i18n
from data.store import DatabaseError, Store, StoreError, default_db_path
from data.store.connection import RESTORE_HINT
from ui import layout
from ui.cache import open_store

LOCALE_KEY = "locale"
SIDEBAR_PICKER_KEY = "locale_picker"
TOP_PICKER_KEY = "locale_picker_top"
APP_SCRIPT = Path(__file__).resolve().parents[1] / "app.py"


def get_store() -> Store:
    """The process-wide store; on a missing or broken database the page says what to do and stops.

    The build command is shown only when there is no database: over a live one it would drop every
    account and entered value (the error's own message names the safe action then). A file that opens
    but is truncated or damaged fails on its first read, so that read (the data version every page
    asks for first) is made here, where the failure becomes a message instead of a traceback.
    """
    path = default_db_path()
    try:
        store = open_store(str(path))
        store.data_version()
        return store
    except StoreError as exc:
        st.error(f"{exc}")
        if not path.exists():
            st.code("make build-data   # or: python -m data.build", language="bash")
    except DatabaseError as exc:
        open_store.clear()  # do not keep a connection to a damaged file for the next run
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        st.error(f"database {path} is damaged or incomplete and cannot be read ({reason}); {RESTORE_HINT}.")
    st.stop()
    raise AssertionError("unreachable: st.stop() raises")


@dataclass(frozen=True)
class PageContext:
    """What every page needs: the store, the locale and a translator for the page's domain."""

    store: Store
    locale: str
    _: Callable[[str], str]

    @property
    def rtl(self) -> bool:
        return i18n.is_rtl(self.locale)


def current_locale() -> str:
    """The locale from the URL (``?lang=``), else the session, else the default (kk); written back to the URL.

    ``st.navigation`` drops the query string when the reader follows a sidebar link, so every run puts
    ``lang`` back: a reload or a shared link then opens in the reader's language.
    """
    lang = st.query_params.get("lang")
    if lang in i18n.LOCALES:
        st.session_state[LOCALE_KEY] = lang
    locale = st.session_state.get(LOCALE_KEY, i18n.DEFAULT_LOCALE)
    if lang != locale:
        st.query_params["lang"] = locale
    return locale


def _choose_locale(key: str) -> None:
    chosen = st.session_state.get(key)
    if chosen in i18n.LOCALES:
        st.session_state[LOCALE_KEY] = chosen
        st.query_params["lang"] = chosen


def locale_picker() -> str:
    """The five locales, each named in its own script: in the sidebar, and at the top of the main area on
    narrow screens (where the sidebar is collapsed behind "»"; ui/layout.py hides it on wide ones).

    Both selectors are set from the locale before they are drawn, so a choice in one shows in the other.
    """
    locale = current_locale()
    codes = list(i18n.LOCALES)
    _ = i18n.translator(locale, "common")
    st.session_state[SIDEBAR_PICKER_KEY] = locale
    st.session_state[TOP_PICKER_KEY] = locale
    options = {"format_func": lambda c: i18n.LOCALES[c], "on_change": _choose_locale}
    st.sidebar.selectbox(_("Language"), codes, key=SIDEBAR_PICKER_KEY, args=(SIDEBAR_PICKER_KEY,), **options)
    with st.container(key=layout.TOP_LANGUAGE_KEY):
        st.selectbox(
            _("Language"), codes, key=TOP_PICKER_KEY, args=(TOP_PICKER_KEY,), label_visibility="collapsed", **options
        )
    return locale


def run_app_if_page_ran_alone() -> None:
    """Run app.py (language picker, sign-in, navigation) when Streamlit started a page of pages/ without it.

    Streamlit (1.67) serves an app that has a ``pages/`` folder in its old pages-folder mode until some
    session has run ``st.navigation``: a visitor who opens ``/map`` first runs pages/map.py alone — no
    language picker, no sign-in, the bare file names as navigation — and so does every deep-link visitor
    after them until someone opens ``/``. Here the page runs app.py in its place, within the same run:
    app.py's ``st.navigation`` leaves that mode for the whole server, resolves the URL's page and runs it
    (this function then returns at once), and the outer run stops. A rerun instead would carry the old
    mode's page id and end on "Page not found".
    """
    if PagesManager.uses_pages_directory:
        runpy.run_path(str(APP_SCRIPT), run_name="__main__")
        st.stop()


def page_context(domain: str) -> PageContext:
    """Store, locale and translator for a page of ``domain``; applies right-to-left layout for kk_Arab."""
    run_app_if_page_ran_alone()
    locale = current_locale()
    layout.apply(rtl=i18n.is_rtl(locale))
    return PageContext(get_store(), locale, i18n.translator(locale, domain))
