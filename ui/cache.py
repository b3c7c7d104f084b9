"""Every Streamlit cache of the app, keyed on one data version: :func:`data_version`, the store's own.

Nothing else in the app uses ``st.cache_data`` or ``st.cache_resource``. Each cached read takes the
version first, so an edit, an import or a rebuild (each changes the store's ``data_version()``) shows
at once, and a page never reads a stale frame; :func:`clear` only frees the superseded entries.

Geometry is turned into compact topology text once per data version; the scored map once per
(data version, weight profile JSON). Both caches are shared by every session of the process.

Data frames are cached with ``st.cache_resource``: every session gets the same object instead of an
unpickled copy (the copies cost ~0.1 s per rerun and dominated the server time under load). They
are read-only by contract — nothing in ``ui/`` assigns into them, and pandas' copy-on-write keeps
every derived frame separate from the cached one.
"""

# i18n-domain: map
from __future__ import annotations

import json
from collections.abc import Callable

import pandas as pd
import streamlit as st

import i18n
from advisor.model import AdvisorInputs, load_inputs
from data import completeness as completeness_data
from data import monitor as monitor_cli
from data import outcomes
from data.scored import ScoredMap, score_districts
from data.selection import search_index
from data.store import Store, default_db_path
from layers.topology import district_topology
from scoring import load_profile, monitoring
from ui import map_view

#: Monte-Carlo draws of the published map's rank bands, and of a what-if map (kept quick to recolour).
DRAWS = 1000
WHAT_IF_DRAWS = 200


@st.cache_resource(show_spinner=False)
def open_store(path: str) -> Store:
    """The process-wide store of the database at ``path`` (see :func:`ui.context.get_store`)."""
    return Store(path)


def _store() -> Store:
    # The page has opened it through ui.context.get_store (which shows how to rebuild a missing database).
    return open_store(str(default_db_path()))


def data_version(store: Store) -> str:
    """The one cache key of everything read from ``store``: its file and its ``data_version()``.

    ``Store.data_version()`` changes with the build and with every write (observation or audit row);
    the file is part of the key because copies of one database (tests, a rebuilt file beside the old
    one) carry the same version.
    """
    return f"{store.path}@{store.data_version()}"


@st.cache_data(show_spinner=False, max_entries=4)
def topology_text(version: str) -> str:
    """Compact TopoJSON of the districts with the oblast border arcs (see :mod:`layers.topology`)."""
    store = _store()
    frame = store.geometry_wkb("district", simplified=False).merge(
        store.units("district")[["kato", "parent_kato"]], on="kato"
    )
    return district_topology(frame)


@st.cache_resource(show_spinner=False, max_entries=16)
def scored_map(version: str, profile_json: str | None = None, draws: int = DRAWS) -> ScoredMap:
    """Scores, zones, ranks and rank bands under the published profile (``None``) or a what-if profile."""
    profile = load_profile(profile_json) if profile_json else None
    return score_districts(_store(), profile, draws=draws)


@st.cache_resource(show_spinner=False, max_entries=4)
def units(version: str, level: str) -> pd.DataFrame:
    return _store().units(level)


@st.cache_resource(show_spinner=False, max_entries=4)
def settlements(version: str, official_only: bool) -> pd.DataFrame:
    return _store().settlements(official_only=official_only)


@st.cache_resource(show_spinner=False, max_entries=4)
def observations(version: str) -> pd.DataFrame:
    return _store().observations("district")


@st.cache_resource(show_spinner=False, max_entries=32)  # 8 tables per data version: room for a few versions
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
        "how_to_apply": Store.how_to_apply,
    }
    return readers[name](_store())


@st.cache_resource(show_spinner=False, max_entries=2)
def registry_correlations(version: str) -> pd.DataFrame:
    """Correlations of every non-context indicator (:func:`scoring.evidence_report.registry_correlations`)."""
    from scoring.evidence_report import registry_correlations as correlations

    return correlations(units(version, "district"), observations(version))


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
    _ = i18n.translator(locale, "map")
    zones = map_view.zone_frame(scored_map(version, profile_json).table, locale, _)
    points = map_view.settlement_frame(settlements(version, True), zones, locale, _, official=True)
    return zones, points, map_view.centre_frame(table(version, "centres"), _, locale)


@st.cache_data(show_spinner=False, max_entries=16)
def downloads(
    frame: pd.DataFrame, version: str, sheet: str, _render: Callable[[pd.DataFrame, str, str], tuple[bytes, ...]]
) -> tuple[bytes, ...]:
    """The ranking table's download files: ``_render(frame, sheet, district GeoJSON text)``, once per input.

    ``_render`` (see :func:`ui.ranking_table.files`) is passed in, not imported, so that this module
    needs no page module; its leading underscore keeps it out of the cache key.
    """
    return _render(frame, sheet, _store().geojson("district"))


@st.cache_data(show_spinner=False, max_entries=2)
def advisor_inputs(version: str) -> AdvisorInputs:
    """Everything the advisor reads from the store (see :func:`advisor.model.load_inputs`)."""
    return load_inputs(_store())


#: The cached reads (every cache but the store itself).
# ------------------------------------------------------------------ monitoring (Monitoring and Progress pages)
@st.cache_resource(show_spinner=False, max_entries=4)
def monitoring_rows(version: str) -> pd.DataFrame:
    """The rows of ``python -m data.monitor`` (read-only by contract, shared by every session)."""
    return monitor_cli.rows(_store())


@st.cache_resource(show_spinner=False, max_entries=4)
def settlement_zones(version: str) -> tuple[pd.DataFrame, monitoring.ZoneHeadline]:
    """New kandas by oblast beside each oblast's zone mix (published weight profile), and the headline."""
    districts = units(version, "district")[["kato", "population"]]
    zones = scored_map(version).table[["kato", "parent_kato", "zone"]].merge(districts, on="kato")
    shares = monitoring.latest_oblast_shares(outcomes.settlement(_store()))
    frame = monitoring.settlement_vs_zones(shares, zones)
    return frame, monitoring.zones_headline(frame)


@st.cache_resource(show_spinner=False, max_entries=4)
def oblast_features(version: str) -> list[dict]:
    """The oblast boundaries (simplified GeoJSON features, ``properties.kato``) for the Vega-Lite map."""
    return json.loads(_store().geojson("oblast"))["features"]


@st.cache_resource(show_spinner=False, max_entries=4)
def reported_centres(version: str) -> pd.DataFrame:
    """Adaptation centres as the press reports them (partial)."""
    return outcomes.centres(_store())


@st.cache_resource(show_spinner=False, max_entries=4)
def district_shares(version: str) -> pd.DataFrame:
    """The few reports that give settlement by district, placed in today's zones."""
    zones = scored_map(version).table[["kato", "zone"]]
    return monitoring.district_zone_shares(outcomes.settlement(_store()), zones)


@st.cache_resource(show_spinner=False, max_entries=4)
def completeness(version: str) -> pd.DataFrame:
    """Every district's reporting completeness and the day the akimat last reported
    (:func:`data.completeness.district_completeness`; the map layer and the district card read it)."""
    return completeness_data.district_completeness(_store())


READS = (
    topology_text,
    scored_map,
    units,
    settlements,
    observations,
    table,
    places,
    map_frames,
    downloads,
    advisor_inputs,
    monitoring_rows,
    settlement_zones,
    oblast_features,
    reported_centres,
    district_shares,
    completeness,
)


def clear() -> None:
    """Drop every cached read (the store stays open): after a write, whose new data version no entry has."""
    for read in READS:
        read.clear()
