"""Cached reads for the map and methodology pages, keyed on the store's data version (never per rerun).

Geometry is turned into compact topology text once per data version; the scored map once per
(data version, weight profile JSON). Both caches are shared by every session of the process.

Data frames are cached with ``st.cache_resource``: every session gets the same object instead of an
unpickled copy (the copies cost ~0.1 s per rerun and dominated the server time under load). They
are read-only by contract — nothing in ``ui/`` assigns into them, and pandas' copy-on-write keeps
every derived frame separate from the cached one.
"""

# i18n-domain: map
from __future__ import annotations

import pandas as pd
import streamlit as st

from data.scored import ScoredMap, score_districts
from data.selection import search_index
from data.store import Store
from layers.topology import district_topology
from scoring import load_profile
from ui.context import get_store

#: Monte-Carlo draws of the published map's rank bands, and of a what-if map (kept quick to recolour).
DRAWS = 1000
WHAT_IF_DRAWS = 200


def data_version(store: Store) -> str:
    """The build's ``data_version`` plus, when the store offers it, the latest edit's version."""
    version = store.meta().get("data_version", "")
    latest = getattr(store, "data_version", None)
    return f"{version}:{latest()}" if callable(latest) else version


@st.cache_data(show_spinner=False, max_entries=4)
def topology_text(version: str) -> str:
    """Compact TopoJSON of the districts with the oblast border arcs (see :mod:`layers.topology`)."""
    store = get_store()
    frame = store.geometry_wkb("district", simplified=False).merge(
        store.units("district")[["kato", "parent_kato"]], on="kato"
    )
    return district_topology(frame)


@st.cache_resource(show_spinner=False, max_entries=16)
def scored_map(version: str, profile_json: str | None = None, draws: int = DRAWS) -> ScoredMap:
    """Scores, zones, ranks and rank bands under the published profile (``None``) or a what-if profile."""
    profile = load_profile(profile_json) if profile_json else None
    return score_districts(get_store(), profile, draws=draws)


@st.cache_resource(show_spinner=False, max_entries=4)
def units(version: str, level: str) -> pd.DataFrame:
    return get_store().units(level)


@st.cache_resource(show_spinner=False, max_entries=4)
def settlements(version: str, official_only: bool) -> pd.DataFrame:
    return get_store().settlements(official_only=official_only)


@st.cache_resource(show_spinner=False, max_entries=4)
def observations(version: str) -> pd.DataFrame:
    return get_store().observations("district")


@st.cache_resource(show_spinner=False, max_entries=32)  # 7 tables per data version: room for a few versions
def table(version: str, name: str) -> pd.DataFrame:
    """A small reference table of the store by reader name (sources, quotas, mci, centres …)."""
    readers = {
        "sources": Store.sources,
        "quotas": Store.quotas,
        "mci": Store.mci,
        "designated": Store.designated_regions,
        "measures": Store.support_measures,
        "centres": Store.adaptation_centres,
        "indicators": Store.indicators,
    }
    return readers[name](get_store())


@st.cache_resource(show_spinner=False, max_entries=4)
def places(version: str) -> pd.DataFrame:
    """Every oblast, district and settlement with a folded search key in every script."""
    frames = []
    for level in ("oblast", "district"):
        u = units(version, level)[["kato", "name_kk", "name_ru", "name_en"]].assign(kind=level, district_kato=None)
        frames.append(u)
    s = settlements(version, False)[["kato", "name_kk", "name_ru", "name_en", "district_kato", "official"]]
    frames.append(s.assign(kind="settlement"))
    return search_index(pd.concat(frames, ignore_index=True))


@st.cache_resource(show_spinner=False, max_entries=32)
def map_frames(version: str, locale: str, profile_json: str | None = None) -> tuple[pd.DataFrame, ...]:
    """Translated zone, official-settlement and centre frames of the map, per data version, locale, profile."""
    import i18n
    from ui import map_view

    _ = i18n.translator(locale, "map")
    zones = map_view.zone_frame(scored_map(version, profile_json).table, locale, _)
    points = map_view.settlement_frame(settlements(version, True), zones, locale, _, official=True)
    return zones, points, map_view.centre_frame(table(version, "centres"), _, locale)
