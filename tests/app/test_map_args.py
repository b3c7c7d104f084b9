"""The map page sends what ``st_folium`` would send, from a map rendered once (ui/map_view.py ``component_args``).

``ui.map_view.show`` calls streamlit-folium's component with arguments rendered once per data version and
locale instead of calling ``st_folium`` (which renders the whole map on every rerun). These tests pin that the
two send the same arguments, so an upgrade of streamlit-folium that changes them fails here, not in a browser.
"""

from __future__ import annotations

import itertools

import branca.element
import folium
import pytest
import streamlit_folium
from streamlit_folium import st_folium

from layers import highlight, legend
from layers.basemap import ImmediateClick, new_map
from layers.legend import LegendEntry
from ui import map_view


class Component:
    """Records every call of streamlit-folium's component; element ids restart at 0 on :meth:`restart`."""

    def __init__(self) -> None:
        self.calls: list[dict] = []
        self.ids = itertools.count()

    def restart(self) -> None:
        self.ids = itertools.count()


@pytest.fixture
def component(monkeypatch: pytest.MonkeyPatch) -> Component:
    recorder = Component()
    monkeypatch.setattr(streamlit_folium, "_component_func", lambda **kwargs: recorder.calls.append(kwargs))
    monkeypatch.setattr(branca.element, "urandom", lambda n: next(recorder.ids).to_bytes(n, "big"))
    return recorder


def build_map() -> folium.Map:
    m = new_map(attribution="test", center=(48.0, 67.0), zoom=5)
    folium.GeoJson({"type": "FeatureCollection", "features": []}, name="zones").add_to(m)
    legend.build([LegendEntry("I", "#1a9641", "fill")], title="Zones", note="", position="topleft").add_to(m)
    folium.LayerControl().add_to(m)
    ImmediateClick().add_to(m)
    return m


@pytest.mark.parametrize("with_group", [False, True])
def test_show_sends_what_st_folium_sends(component: Component, with_group: bool) -> None:
    groups = (lambda: [highlight.build(["631000000"], fit_bounds=True)]) if with_group else list
    m = build_map()
    st_folium(
        m,
        key=map_view.MAP_KEY,
        height=560,
        use_container_width=True,
        returned_objects=list(map_view.RETURNED_OBJECTS),
        feature_group_to_add=groups() or None,
    )
    component.restart()
    map_view.show(map_view.component_args(build_map(), map_view.MAP_KEY), groups=groups())
    expected, ours = component.calls
    assert set(ours) == set(expected)
    for name in expected:
        if name != "on_change":  # a closure each; both copy the widget's state to st.session_state[key]
            assert ours[name] == expected[name], name


def test_rendered_args_do_not_change_with_the_groups() -> None:
    """The args are rendered once and shared: showing them with groups must not add the groups to them."""
    args = map_view.component_args(build_map(), "k")
    before = args.script
    map_view.groups_script([highlight.build(["631000000"])])
    assert args.script == before
    assert map_view.groups_script([]) is None
