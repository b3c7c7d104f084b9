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
from collections.abc import Callable, Hashable
from typing import TypeVar

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
from scoring.evidence import akimat_value_counts
from scoring.support import Family, SupportEstimate, estimate_support
from ui import map_view

T = TypeVar("T")

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


@st.cache_resource(show_spinner=False, max_entries=16)
def place_names(version: str, locale: str) -> dict[str, str]:
    """Every oblast's and district's name in ``locale``, by kato (the drill-down selectors' labels)."""
    units_ = pd.concat([units(version, "oblast"), units(version, "district")])
    return {str(r["kato"]): i18n.place_name(r, locale) for r in units_.to_dict("records")}


@st.cache_resource(show_spinner=False, max_entries=1200)
def settlement_names(version: str, locale: str, district_kato: str) -> dict[str, str]:
    """The settlements (official and villages) of one district with their names in ``locale``, by kato."""
    points = settlements(version, False)
    here = points[points["district_kato"].astype(str) == district_kato]
    return {r["kato"]: i18n.place_name(r, locale) for r in here.to_dict("records")}


@st.cache_resource(show_spinner=False, max_entries=32)
def zone_frame(version: str, locale: str, profile_json: str | None = None, draws: int = DRAWS) -> pd.DataFrame:
    """The map's translated zone frame (:func:`ui.map_view.zone_frame`) under the published or a what-if profile."""
    scored = scored_map(version, profile_json, draws)
    return map_view.zone_frame(scored.table, locale, i18n.translator(locale, "map"))


@st.cache_resource(show_spinner=False, max_entries=16)
def map_frames(version: str, locale: str) -> tuple[pd.DataFrame, ...]:
    """Translated zone, official-settlement and centre frames of the map, per data version and locale."""
    _ = i18n.translator(locale, "map")
    zones = zone_frame(version, locale)
    points = map_view.settlement_frame(settlements(version, True), zones, locale, _, official=True)
    return zones, points, map_view.centre_frame(table(version, "centres"), _, locale)


@st.cache_resource(show_spinner=False, max_entries=8)
def village_frame(version: str, locale: str) -> pd.DataFrame:
    """Every GeoNames village (not official settlements) with its district's zone, for the villages layer."""
    villages = settlements(version, False)
    zones = zone_frame(version, locale)
    _ = i18n.translator(locale, "map")
    return map_view.settlement_frame(villages[~villages["official"]], zones, locale, _, official=False)


@st.cache_resource(show_spinner=False, max_entries=16)
def map_args(version: str, locale: str, key: str, reporting: bool) -> map_view.MapArgs:
    """The zone map rendered once per data version, locale and page (``key``): st_folium's arguments.

    ``reporting`` adds the layer of districts whose akimat reported (the public map has it, the what-if not).
    """
    zones, points, centre_rows = map_frames(version, locale)
    m = map_view.base_map(
        topo=topology_text(version),
        zones=zones,
        points=points,
        centre_rows=centre_rows,
        locale=locale,
        _=i18n.translator(locale, "map"),
        reporting=completeness_data.layer_frame(completeness(version), locale) if reporting else None,
    )
    return map_view.component_args(m, key)


@st.cache_data(show_spinner=False, max_entries=16)
def downloads(
    frame: pd.DataFrame, version: str, sheet: str, _render: Callable[[pd.DataFrame, str, str], tuple[bytes, ...]]
) -> tuple[bytes, ...]:
    """The ranking table's download files: ``_render(frame, sheet, district GeoJSON text)``, once per input.

    ``_render`` (see :func:`ui.ranking_table.files`) is passed in, not imported, so that this module
    needs no page module; its leading underscore keeps it out of the cache key.
    """
    return _render(frame, sheet, _store().geojson("district"))


# ------------------------------------------------------------------ what pages derive from the reads
def derived(build: Callable[..., T], version: str, locale: str, *key: Hashable) -> T:
    """``build(version, locale, *key)``, once per data version, locale and key, shared by every session.

    For what a page derives from the cached reads and lays out on every rerun: a district card's content
    (:func:`ui.district_card.card_data`), the Methodology page's tables. ``build`` is a pure function of a
    page module, passed in so that this module needs no page module; it is part of the key by its name.
    """
    return _derived(version, locale, f"{build.__module__}.{build.__qualname__}", key, _build=build)


@st.cache_resource(show_spinner=False, max_entries=2048)  # 225 district cards × 5 locales, and the pages' tables
def _derived(version: str, locale: str, name: str, key: tuple, _build: Callable[..., T]) -> T:
    return _build(version, locale, *key)


@st.cache_resource(show_spinner=False, max_entries=512)
def support_estimate(
    version: str, oblast_kato: str, year: int, members: int, children: int, in_quota: bool | None
) -> SupportEstimate:
    """:func:`scoring.support.estimate_support` for one family in one oblast and year."""
    return estimate_support(
        Family(members=members, children=children, in_quota=in_quota),
        oblast_kato=oblast_kato,
        year=year,
        measures=table(version, "measures"),
        mci=table(version, "mci"),
        designated=table(version, "designated"),
    )


@st.cache_resource(show_spinner=False, max_entries=4)
def akimat_counts(version: str) -> pd.Series:
    """How many values each district's akimat has entered (:func:`scoring.evidence.akimat_value_counts`)."""
    return akimat_value_counts(observations(version))


@st.cache_resource(show_spinner=False, max_entries=64)
def apply_contacts(version: str, oblast_kato: str) -> pd.DataFrame:
    """The oblast's saved employment-centre contacts (register ``apply_contacts``)."""
    return _store().register_rows("apply_contacts", oblast_kato=oblast_kato)


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
    place_names,
    settlement_names,
    zone_frame,
    map_frames,
    village_frame,
    map_args,
    downloads,
    _derived,
    support_estimate,
    akimat_counts,
    apply_contacts,
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
