"""Per-run context of a page: the shared store, the chosen locale and its translator.

This is the one place (with the pages) where Streamlit caching is used: the store is a process-wide
resource; everything read from it is cached by data version so a rebuild or an edit shows at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

import i18n
from data.store import Store, StoreError, default_db_path

LOCALE_KEY = "locale"


@st.cache_resource(show_spinner=False)
def _open_store(path: str) -> Store:
    return Store(path)


def get_store() -> Store:
    """The process-wide store; on a missing or broken database the page shows how to rebuild and stops."""
    try:
        return _open_store(str(default_db_path()))
    except StoreError as exc:
        st.error(f"{exc}")
        st.code("make build-data   # or: python -m data.build", language="bash")
        st.stop()
        raise  # unreachable: st.stop() raises


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
    """The locale from the URL (``?lang=``), else the session, else the default (kk)."""
    lang = st.query_params.get("lang")
    if lang in i18n.LOCALES:
        st.session_state[LOCALE_KEY] = lang
    return st.session_state.get(LOCALE_KEY, i18n.DEFAULT_LOCALE)


def locale_picker() -> str:
    """Sidebar selector of the five locales, each named in its own script; keeps ``?lang=`` in the URL."""
    locale = current_locale()
    codes = list(i18n.LOCALES)
    _ = i18n.translator(locale, "common")
    chosen = st.sidebar.selectbox(
        _("Language"), codes, index=codes.index(locale), format_func=lambda c: i18n.LOCALES[c], key="locale_picker"
    )
    if chosen != locale:
        st.session_state[LOCALE_KEY] = chosen
        st.query_params["lang"] = chosen
        st.rerun()
    return chosen


def page_context(domain: str) -> PageContext:
    """Store, locale and translator for a page of ``domain``; applies right-to-left layout for kk_Arab."""
    locale = current_locale()
    if i18n.is_rtl(locale):
        st.html("<style>.stMain, section[data-testid='stSidebar']{direction:rtl;text-align:right}</style>")
    return PageContext(get_store(), locale, i18n.translator(locale, domain))
