"""Oblast borders, legend and selection highlight."""

from __future__ import annotations

import pytest

from layers import basemap, highlight, legend, oblasts
from layers.centres import CENTRE_COLOURS
from layers.zones import ZONE_COLOURS
from tests.layers.samples import ARABIC, KAZAKH, XSS


def render(*elements) -> str:
    m = basemap.new_map(attribution="x", center=(48, 67), zoom=5)
    for element in elements:
        element.add_to(m)
    return m.get_root().render()


def test_oblasts_outline_only_and_not_interactive(oblasts_text):
    html = render(oblasts.build(oblasts_text, name="Oblasts"))
    assert oblasts_text in html
    assert "interactive: false" in html and '"fill":false' in html


def test_legend_texts_escaped_and_ordered():
    entries = legend.zone_entries({"I": "Zone I — priority", "insufficient": XSS})
    entries.append(legend.LegendEntry(KAZAKH, CENTRE_COLOURS["fill"], "centre"))
    html = render(legend.build(entries, title="Аймақтар", note="GeoNames\nCC BY 4.0"))
    assert XSS not in html and "&lt;script&gt;alert(1)&lt;\\/script&gt;" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.index("Zone I — priority") < html.index("&lt;script&gt;") < html.index(KAZAKH)
    assert f"background-color:{ZONE_COLOURS['I']}" in html and 'class=\\"sw dashed\\"' in html
    assert "Аймақтар" in html and "GeoNames<br>CC BY 4.0" in html
    assert '"bottomright"' in html and '"ltr"' in html
    assert "d3.min.js" not in html and "<script src=" not in html.split("</head>")[1] and ".qonys-legend{" in html


def test_legend_rtl():
    html = render(legend.build(legend.zone_entries({"I": ARABIC}), title=ARABIC, locale_dir="rtl"))
    assert 'setAttribute("dir", "rtl")' in html and '"bottomleft"' in html and ARABIC in html
    with pytest.raises(ValueError, match="unknown zone"):
        legend.zone_entries({"V": "five"})


def test_highlight_outline_and_fit(districts_text):
    group = highlight.build(["111000000", "111600000", "111000000"], fit_bounds=True, max_zoom=8)
    assert group.control is False
    html = render(group)
    assert '"k":["111000000","111600000"]' in html
    assert '"fit":true' in html and '"maxZoom":8' in html and '"outline":true' in html
    assert "map.fitBounds(" in html and ".qonys && map.qonys.districts" in html


def test_legend_explains_hatch_and_uncertain_outline():
    html = legend.legend_html(
        [
            legend.LegendEntry("Hatched: zone from oblast figures only", ZONE_COLOURS["III"], "hatch"),
            legend.LegendEntry("Dotted outline: zone uncertain", "#ffffff", "uncertain"),
        ],
        title="Zones",
    )
    assert 'class="sw hatch"' in html and 'class="sw uncertain"' in html
    assert "zone from oblast figures only" in html and "zone uncertain" in html
