"""District choropleth: payload, colours, escaping, scripts, validation and the colour-blind check."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from layers import basemap, zones
from layers._markup import to_js
from layers.zones import ZONE_COLOURS
from tests.layers.samples import ARABIC, FIXTURE_KATOS, KAZAKH, XSS, geojson_feature_count


def render(layer) -> str:
    m = basemap.new_map(attribution="x", center=(48, 67), zoom=5)
    layer.add_to(m)
    return m.get_root().render()


def test_geometry_embedded_verbatim_with_all_features(districts_text, zone_frame):
    html = render(zones.build(districts_text, zone_frame, name="Zones"))
    assert districts_text in html  # not parsed and re-serialised
    assert geojson_feature_count(districts_text) == len(FIXTURE_KATOS)
    assert html.count('"type":"Feature"') == len(FIXTURE_KATOS)


def test_zone_per_kato_and_colours(zone_frame):
    data = zones.zone_data(zone_frame)
    assert [data["k"][k][0] for k in FIXTURE_KATOS] == ["I", "II", "III", "IV", "insufficient"]
    for zone, colour in ZONE_COLOURS.items():
        assert data["z"][zone]["fillColor"] == colour
    assert data["z"]["insufficient"]["dashArray"]
    assert data["none"] == data["z"]["insufficient"]


def test_payload_rendered_and_registered(districts_text, zone_frame):
    html = render(zones.build(districts_text, zone_frame, name="Zones"))
    assert to_js(zones.zone_data(zone_frame)) in html
    assert ".qonys.districts = zone_layer_" in html
    assert 'p.layer = "district"' in html
    assert "interactive: true" in html


def test_tooltips_escaped_and_unicode_kept(districts_text, zone_frame):
    html = render(zones.build(districts_text, zone_frame, name="Zones"))
    assert XSS not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert KAZAKH in html and ARABIC in html
    data = zones.zone_data(zone_frame)
    _zone, name, refs = data["k"]["103200000"]
    assert tooltip(name, refs, data["s"]) == f"<b>{KAZAKH}</b><br>Аймақ II<br>Орын 2"


def tooltip(name: str, refs: list, shared: list[str]) -> str:
    """What layers/_markup.py TOOLTIP_JS builds in the browser."""
    lines = [shared[r] if isinstance(r, int) else shared[r[0]].replace("{}", r[1]) for r in refs]
    return "<br>".join(line for line in [name and f"<b>{name}</b>", *lines] if line)


def test_a_line_that_differs_in_one_value_shares_its_template():
    from layers._markup import TOOLTIP_JS, line_refs

    shared: dict[str, int] = {}
    first = line_refs(["Zone I", ("Rank {} of 225", "1")], shared)
    second = line_refs(["Zone I", ("Rank {} of 225", "<2>")], shared)
    assert list(shared) == ["Zone I", "Rank {} of 225"]  # each sent once
    assert first == [0, [1, "1"]] and second == [0, [1, "&lt;2&gt;"]]  # values escaped too
    assert tooltip("A &amp; B", second, list(shared)) == "<b>A &amp; B</b><br>Zone I<br>Rank &lt;2&gt; of 225"
    assert 'replace("{}", r[1])' in TOOLTIP_JS


def test_script_breakout_in_geojson_text_is_inert(zone_frame):
    text = (
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"kato":"101000000",'
        '"name":"</script><script>alert(1)</script>"},"geometry":null}]}'
    )
    html = render(zones.build(text, zone_frame, name="Zones"))
    assert "</script><script>alert(1)" not in html
    assert r"<\/script><script>alert(1)<\/script>" in html


def test_validation():
    frame = pd.DataFrame({"kato": ["101000000"], "zone": ["V"]})
    with pytest.raises(ValueError, match="unknown zone 'V' for kato 101000000"):
        zones.zone_data(frame)
    with pytest.raises(ValueError, match="9-digit"):
        zones.zone_data(pd.DataFrame({"kato": ["1010"], "zone": ["I"]}))
    with pytest.raises(TypeError, match="GeoJSON text"):
        zones.build({"type": "FeatureCollection"}, frame, name="Z")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="kato"):
        zones.build('{"type":"FeatureCollection","features":[]}', frame, name="Z")


def test_kato_from_index_and_empty_frame():
    frame = pd.DataFrame({"zone": ["II"]}, index=pd.Index(["111000000"], name="kato"))
    assert zones.zone_data(frame)["k"] == {"111000000": ["II", "", []]}
    assert zones.zone_data(pd.DataFrame({"kato": [], "zone": []}))["k"] == {}


def test_restyle_is_a_hidden_group(zone_frame):
    group = zones.restyle(zone_frame)
    assert group.control is False
    m = basemap.new_map(attribution="x", center=(48, 67), zoom=5)
    group.add_to(m)
    html = m.get_root().render()
    assert ".qonys.districts;" in html and to_js(zones.zone_data(zone_frame)) in html


# Machado, Oliveira & Fernandes (2009) severity-1.0 matrices, applied in linear RGB.
_CVD = {
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
}


def _lab(hex_colour: str, matrix) -> np.ndarray:
    rgb = np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    linear = np.clip(np.asarray(matrix) @ linear, 0, 1)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ linear
    f = np.cbrt(xyz / [0.95047, 1.0, 1.08883])
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


@pytest.mark.parametrize("vision", list(_CVD))
def test_palette_distinguishable_with_colour_blindness(vision):
    labs = [_lab(c, _CVD[vision]) for c in ZONE_COLOURS.values()]
    smallest = min(np.linalg.norm(a - b) for a, b in itertools.combinations(labs, 2))
    assert smallest > 12  # CIE76 ΔE; ~2.3 is just noticeable, >10 is clearly different


def test_repeated_tooltip_lines_are_sent_once():
    frame = pd.DataFrame(
        {
            "kato": [f"1{i:02d}000000" for i in range(30)],
            "zone": ["I"] * 30,
            "name": [f"Аудан {i}" for i in range(30)],
            "tooltip": [["I аймақ — басым"]] * 30,
        }
    )
    data = zones.zone_data(frame)
    assert data["s"] == ["I аймақ — басым"]
    assert all(entry[2] == [0] for entry in data["k"].values())


def test_text_heavy_payload_travels_packed_and_decodes_to_the_same_data():
    import base64
    import json
    import re

    from layers._markup import to_js, to_js_packed

    value = {"k": {f"1{i:02d}000000": ["I", f"<b>Жаңасемей ауданы {i}</b>", [0]] for i in range(60)}}
    packed = to_js_packed(value)
    assert len(json.dumps(packed)) < 0.7 * len(json.dumps(to_js(value)))  # as st_folium sends it (ASCII escapes)
    blob = re.search(r'\("([A-Za-z0-9+/=]+)"\)$', packed).group(1)
    assert json.loads(base64.b64decode(blob).decode("utf-8")) == value
    assert to_js_packed({"a": 1}) == to_js({"a": 1})  # small or ASCII data stays plain


def test_a_dict_keeps_its_ascii_entries_plain_and_packs_the_text():
    import base64
    import json
    import re

    from layers._markup import to_js, to_js_packed

    value = {
        "p": [[43.25 + i / 100, 76.9, 3.1, i % 4] for i in range(200)],
        "t": [f"<b>Жаңасемей ауданы {i}</b>" for i in range(200)],
    }
    out = to_js_packed(value)
    plain, blob = re.fullmatch(r'Object\.assign\((\{.*\}),\(function.*\)\("([A-Za-z0-9+/=]+)"\)\)', out).groups()
    assert {**json.loads(plain), **json.loads(base64.b64decode(blob).decode("utf-8"))} == value
    assert len(json.dumps(out)) < len(json.dumps(to_js({"p": value["p"]}))) + len(blob) + 300
    assert "43.25" in plain  # the numbers travel as plain JSON, not base64


def test_hatch_for_oblast_only_and_outline_for_uncertain(districts_text, zone_frame):
    """Oblast-data-only districts are hatched by an inline SVG pattern; uncertain ones get the dotted outline."""
    frame = zone_frame.assign(
        oblast_only=[True, False, True, False, False], uncertain=[False, True, True, False, False]
    )
    data = zones.zone_data(frame)
    assert [len(data["k"][k]) for k in FIXTURE_KATOS] == [4, 4, 4, 3, 3]  # unmarked districts carry no flag
    assert [data["k"][k][3] for k in FIXTURE_KATOS[:3]] == [
        zones.FLAG_OBLAST_ONLY,
        zones.FLAG_UNCERTAIN,
        zones.FLAG_OBLAST_ONLY | zones.FLAG_UNCERTAIN,
    ]
    assert data["u"] == zones.UNCERTAIN_STYLE
    html = render(zones.build(districts_text, frame, name="Zones"))
    for zone in ZONE_COLOURS:
        assert f'id=\\"{zones.hatch_id(zone)}\\"' in html  # one pattern per zone colour, in the script
    assert "url(#qonys-hatch-" in html and "http" not in zones.hatch_defs_svg()  # no external asset


def test_marks_absent_keep_payload_unchanged(zone_frame):
    data = zones.zone_data(zone_frame)
    assert all(len(entry) == 3 for entry in data["k"].values())
