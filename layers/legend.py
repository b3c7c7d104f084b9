"""The map legend as plain HTML in a Leaflet control (no branca ColorMap: it loads d3 from a CDN).

Texts arrive translated; every one is HTML-escaped here. The control's markup travels as a JSON string in the
map script, so it also works inside st_folium, which keeps only the script of each element.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Literal, NamedTuple

import folium
from folium.template import Template

from layers._markup import add_header_css, escape_lines, to_js
from layers.centres import icon_svg
from layers.zones import ZONE_COLOURS, zone_style

Symbol = Literal["fill", "dashed", "dot", "centre", "hatch", "uncertain"]

_CSS = (
    ".qonys-legend{background:rgba(255,255,255,.92);padding:6px 9px;border-radius:4px;"
    "box-shadow:0 1px 4px rgba(0,0,0,.3);font:13px/1.35 system-ui,sans-serif;color:#222;max-width:16rem}"
    ".qonys-legend h4{margin:0 0 4px;font-size:13px}"
    ".qonys-legend ul{list-style:none;margin:0;padding:0}"
    ".qonys-legend li{display:flex;align-items:center;gap:6px;margin:2px 0}"
    ".qonys-legend .sw{flex:0 0 auto;display:inline-block;width:16px;height:12px;border:1px solid #4d4d4d}"
    ".qonys-legend .sw.dashed{border:1px dashed #737373}"
    ".qonys-legend .sw.dot{width:10px;height:10px;border-radius:50%;border-color:#222}"
    ".qonys-legend .sw.centre{border:0;width:16px;height:16px}"
    # The zone layer's hatch and uncertain outline (layers/zones.py), drawn in CSS: no image.
    ".qonys-legend .sw.hatch{background-image:repeating-linear-gradient(45deg,transparent 0 3px,"
    "rgba(255,255,255,.75) 3px 4.5px)}"
    ".qonys-legend .sw.uncertain{border:2px dotted #1a1a1a}"
    ".qonys-legend .note{margin:4px 0 0;font-size:11px;color:#555}"
    ".qonys-legend[dir=rtl]{text-align:right}"
)


class LegendEntry(NamedTuple):
    """One legend row: translated label, colour and symbol kind."""

    label: str
    colour: str
    symbol: Symbol = "fill"


def zone_entries(labels: Mapping[str, str], *, colours: dict[str, str] = ZONE_COLOURS) -> list[LegendEntry]:
    """Legend rows for the zones named in ``labels`` (zone key → translated label), in that order."""
    entries = []
    for zone, label in labels.items():
        if zone not in colours:
            raise ValueError(f"unknown zone {zone!r} in legend labels; expected one of {sorted(colours)}")
        symbol: Symbol = "dashed" if "dashArray" in zone_style(zone, colours) else "fill"
        entries.append(LegendEntry(label, colours[zone], symbol))
    return entries


def _row(entry: LegendEntry) -> str:
    label = "".join(escape_lines(entry.label)) or "&nbsp;"
    if entry.symbol == "centre":
        swatch = f'<span class="sw centre">{icon_svg(fill=entry.colour, size_px=16)}</span>'
    else:
        kind = "" if entry.symbol == "fill" else f" {entry.symbol}"
        swatch = f'<span class="sw{kind}" style="background-color:{html.escape(entry.colour)}"></span>'
    return f"<li>{swatch}<span>{label}</span></li>"


def legend_html(entries: Sequence[LegendEntry], *, title: str, note: str | None = None) -> str:
    """Inner markup of the legend (escaped texts)."""
    parts = [f"<h4>{''.join(escape_lines(title))}</h4>"] if title else []
    parts.append("<ul>" + "".join(_row(entry) for entry in entries) + "</ul>")
    if note:
        parts.append(f'<p class="note">{"<br>".join(escape_lines(note))}</p>')
    return "".join(parts)


class Legend(folium.MacroElement):
    """A Leaflet control holding the legend markup."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.control({position: {{ this.position_js }}});
            {{ this.get_name() }}.onAdd = function () {
                var div = L.DomUtil.create("div", "qonys-legend");
                div.setAttribute("dir", {{ this.dir_js }});
                div.setAttribute("role", "region");
                div.setAttribute("aria-label", {{ this.label_js }});
                div.innerHTML = {{ this.html_js }};
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, html: str, *, label: str, position: str, locale_dir: str) -> None:
        super().__init__()
        self._name = "Legend"
        self.html_js = to_js(html)
        self.label_js = to_js(label)
        self.position_js = to_js(position)
        self.dir_js = to_js(locale_dir)

    def render(self, **kwargs) -> None:
        add_header_css(self, "qonys_legend_css", _CSS)
        super().render(**kwargs)


def build(
    entries: Sequence[LegendEntry],
    *,
    title: str,
    note: str | None = None,
    locale_dir: Literal["ltr", "rtl"] = "ltr",
    position: str | None = None,
) -> Legend:
    """Legend control with escaped, already translated texts.

    Parameters
    ----------
    entries
        Rows, e.g. ``zone_entries({...}) + [LegendEntry(_("Adaptation centre"), CENTRE_COLOURS["fill"],
        "centre")]``.
    title
        Heading (also the control's accessible name).
    note
        Small print under the rows (e.g. the villages' source caveat); newlines become line breaks.
    locale_dir
        ``"rtl"`` sets ``dir="rtl"`` and, by default, puts the legend bottom-left.
    position
        Leaflet control corner; default ``bottomright`` (``bottomleft`` for RTL).

    Returns
    -------
    Legend
        A folium element; add it to the map.
    """
    if locale_dir not in ("ltr", "rtl"):
        raise ValueError(f"locale_dir must be 'ltr' or 'rtl', not {locale_dir!r}")
    corner = position or ("bottomleft" if locale_dir == "rtl" else "bottomright")
    if corner not in ("topleft", "topright", "bottomleft", "bottomright"):
        raise ValueError(f"unknown legend position {corner!r}")
    return Legend(legend_html(entries, title=title, note=note), label=title, position=corner, locale_dir=locale_dir)
