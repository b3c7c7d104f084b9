"""Drill-down (country → oblast → district → settlement) selectors and the place search, kept in session state.

A map click is read from the map component's state at the top of the run and written into the selectors'
keys before they are drawn, so the card and the outline follow the click in the same rerun.
"""

# i18n-domain: map
from __future__ import annotations

import pandas as pd
import streamlit as st

import i18n
from data.selection import Selection, click_key, search, selection_for_place, selection_from_click
from ui import cache
from ui.map_view import MAP_KEY

KEYS = {"oblast": "sel_oblast", "district": "sel_district", "settlement": "sel_settlement"}
LAST_CLICK = "_map_last_click"
LAST_SELECTION = "_map_last_selection"
#: URL query parameter holding the selected place's kato.
QUERY_KEY = "d"


def _store_selection(sel: Selection) -> None:
    st.session_state[KEYS["oblast"]] = sel.oblast or ""
    st.session_state[KEYS["district"]] = sel.district or ""
    st.session_state[KEYS["settlement"]] = sel.settlement or ""


def apply_click(districts: pd.DataFrame) -> bool:
    """Turn a new click on the map (district or settlement) into the drill-down selection; True on a new click.

    The page does not fit the view to a clicked place: the reader chose it where they were looking, and a
    jump from the country to one district loses their place (issue "A family on a phone").
    """
    value = st.session_state.get(MAP_KEY)
    drawing = value.get("last_active_drawing") if isinstance(value, dict) else None
    key = click_key(drawing)
    if key is None or key == st.session_state.get(LAST_CLICK):
        return False
    st.session_state[LAST_CLICK] = key
    _store_selection(selection_from_click(drawing, districts, current_selection()))
    return True


def apply_query(version: str) -> bool:
    """On a new session, select the place named by ``?d=<kato>`` (a reload or a shared link keeps the place);
    True when it did.

    Only before the selectors exist in this session: afterwards the session's selection is the truth and
    :func:`sync_query` writes it back to the URL.
    """
    if KEYS["district"] in st.session_state:
        return False
    kato = st.query_params.get(QUERY_KEY)
    index = cache.places(version).set_index("kato", drop=False)
    if not kato or kato not in index.index:
        return False
    place = index.loc[kato]
    if isinstance(place, pd.DataFrame):
        place = place.iloc[0]
    _store_selection(selection_for_place(place, cache.units(version, "district")))
    return True


def sync_query(sel: Selection) -> None:
    """Keep the most specific selected place in the URL as ``?d=`` (removed when nothing is selected)."""
    kato = sel.settlement or sel.district or sel.oblast
    if kato:
        if st.query_params.get(QUERY_KEY) != kato:
            st.query_params[QUERY_KEY] = kato
    elif QUERY_KEY in st.query_params:
        del st.query_params[QUERY_KEY]


def current_selection() -> Selection:
    return Selection(*(st.session_state.get(KEYS[k]) or None for k in ("oblast", "district", "settlement")))


def _on_oblast() -> None:
    st.session_state[KEYS["district"]] = ""
    st.session_state[KEYS["settlement"]] = ""


def _on_district() -> None:
    st.session_state[KEYS["settlement"]] = ""


def _on_search(version: str) -> None:
    hit = st.session_state.get("search_hit")
    if hit is None:
        return
    place = cache.places(version).set_index("kato", drop=False).loc[hit]
    if isinstance(place, pd.DataFrame):
        place = place.iloc[0]
    _store_selection(selection_for_place(place, cache.units(version, "district")))


def search_box(ctx, version: str) -> None:
    """A search field over every place name in every script; picking a hit selects it."""
    _, locale = ctx._, ctx.locale
    # The language names are each in their own script: a field, so that kk_Latn/kk_Arab do not transliterate them.
    # The label is the placeholder too: on a phone the field then takes one line, not three.
    # TRANSLATORS: {scripts} is the list of the five languages, each named in itself (Қазақша, Qazaqşa …).
    label = _("Find a place (any script: {scripts})").format(scripts=", ".join(i18n.LOCALES.values()))
    query = st.text_input(label, key="search_query", placeholder=label, label_visibility="collapsed")
    if not query:
        return
    hits = search(cache.places(version), query)
    if hits.empty:
        st.caption(_("Nothing found."))
        return
    kinds = {"oblast": _("Oblast"), "district": _("District"), "settlement": _("Settlement")}
    labels = {r.kato: f"{i18n.place_name(r._asdict(), locale)} ({kinds[r.kind]})" for r in hits.itertuples()}
    st.selectbox(
        _("Places found"),
        list(labels),
        index=None,
        format_func=labels.get,
        key="search_hit",
        on_change=_on_search,
        args=(version,),
        placeholder=_("Choose a place"),
    )


def selectors(ctx, version: str) -> Selection:
    """Oblast, district and settlement selectors (each filtered by the one above); returns the selection."""
    _, locale = ctx._, ctx.locale
    oblasts = cache.units(version, "oblast")
    districts = cache.units(version, "district")
    names = cache.place_names(version, locale)
    c1, c2, c3 = st.columns(3)
    oblast = c1.selectbox(
        _("Oblast"),
        [""] + sorted(oblasts["kato"].astype(str), key=names.get),
        format_func=lambda k: names.get(k, _("All of Kazakhstan")),
        key=KEYS["oblast"],
        on_change=_on_oblast,
    )
    in_oblast = districts[districts["parent_kato"].astype(str) == oblast] if oblast else districts.iloc[0:0]
    district = c2.selectbox(
        _("District"),
        [""] + sorted(in_oblast["kato"].astype(str), key=names.get),
        format_func=lambda k: names.get(k, _("All districts")),
        key=KEYS["district"],
        on_change=_on_district,
    )
    labels = cache.settlement_names(version, locale, district) if district else {}
    c3.selectbox(
        _("Settlement"),
        [""] + list(labels),
        format_func=lambda k: labels.get(k, _("All settlements")),
        key=KEYS["settlement"],
    )
    return current_selection()


def selection_changed(sel: Selection) -> bool:
    """True once per new selection (to fit the map to it)."""
    changed = st.session_state.get(LAST_SELECTION) != sel
    st.session_state[LAST_SELECTION] = sel
    return changed
