"""Escaping of data strings for tooltips and of data for inline ``<script>`` blocks, shared by the layers."""

from __future__ import annotations

import base64
import html
import json
from collections.abc import Iterable
from typing import Any

import folium
import pandas as pd


def is_missing(value: object) -> bool:
    """True for ``None``, NaN and ``pd.NA`` scalars (a string or a list is never missing)."""
    if value is None:
        return True
    if isinstance(value, str | list | tuple):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def escape_lines(lines: object) -> list[str]:
    """HTML-escape display lines; a string is split on newlines, a missing value gives no lines."""
    if is_missing(lines):
        return []
    if isinstance(lines, str):
        items: Iterable[object] = lines.splitlines()
    elif isinstance(lines, Iterable):
        items = lines
    else:
        items = [lines]
    texts = [str(item) for item in items if not is_missing(item)]
    return [html.escape(text, quote=True) for text in texts if text.strip()]


def tooltip_html(name: object, lines: object = None) -> str:
    """Tooltip markup: the escaped name in bold, then the escaped extra lines, joined by ``<br>``."""
    parts = [f"<b>{escaped}</b>" for escaped in escape_lines(name)]
    parts.extend(escape_lines(lines))
    return "<br>".join(parts)


#: JS function ``(name, refs, shared) → tooltip HTML``: the name in bold, then each line of ``refs``, a line
#: being ``shared[id]``, or ``shared[id]`` with its ``{}`` replaced by a value for ``[id, value]``. Pairs with
#: :func:`line_refs`; inline it in a layer's script.
TOOLTIP_JS = """function (name, refs, shared) {
  return [name && "<b>" + name + "</b>"].concat(refs.map(function (r) {
    return typeof r === "number" ? shared[r] : shared[r[0]].replace("{}", r[1]);
  })).filter(Boolean).join("<br>");
}"""


def line_refs(lines: object, shared: dict[str, int]) -> list[int | list[object]]:
    """Tooltip lines as references into ``shared`` (escaped line → id; updated here), for :data:`TOOLTIP_JS`.

    A line that many features repeat ("Zone I — priority") is sent once. A ``(template, value)`` pair, the
    template holding one ``{}`` ("Rank {} of 225", "12"), shares its template and sends only the value, so
    lines that differ in one number cost a few bytes each. ``lines`` is as for :func:`escape_lines`.
    """
    if isinstance(lines, list | tuple):
        refs: list[int | list[object]] = []
        for line in lines:
            if isinstance(line, tuple):
                template, value = (html.escape(str(part), quote=True) for part in line)
                refs.append([shared.setdefault(template, len(shared)), value])
            else:
                refs.extend(line_refs(line, shared))
        return refs
    return [shared.setdefault(line, len(shared)) for line in escape_lines(lines)]


def name_html(name: object) -> str:
    """The escaped display name (the browser sets it in bold, :data:`TOOLTIP_JS`); "" when missing."""
    return "<br>".join(escape_lines(name))


def to_js(value: Any) -> str:
    """Compact JSON for a ``<script>`` block: UTF-8 kept as is, ``</`` and ``<!--`` made inert."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return script_safe(text)


def to_js_packed(value: Any) -> str:
    """Like :func:`to_js`, but text-heavy data travels as base64 of its UTF-8 JSON when that is shorter.

    st_folium sends the map script inside JSON with ASCII escapes, where every Cyrillic or Arabic
    letter costs 6 bytes (``\\uXXXX``); as base64 of UTF-8 it costs 2.7. The browser decodes it once
    with ``atob`` + ``TextDecoder`` (no library). ASCII-only data is left as plain JSON, where it costs
    less than in base64 (4 bytes for 3); a dict is split by key, its ASCII-only entries staying plain
    (``Object.assign(plain, packed)``).
    """
    whole = _packed_or_plain(value)
    if isinstance(value, dict) and whole.startswith(_UNPACK_JS):
        plain = {k: v for k, v in value.items() if to_js(v).isascii()}
        if plain and len(plain) < len(value):
            rest = {k: v for k, v in value.items() if k not in plain}
            split = f"Object.assign({to_js(plain)},{_packed_or_plain(rest)})"
            if len(json.dumps(split)) < len(json.dumps(whole)):  # size as st_folium will send it
                return split
    return whole


def _packed_or_plain(value: Any) -> str:
    plain = to_js(value)
    utf8 = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")
    packed = base64.b64encode(utf8).decode("ascii")
    if len(packed) + len(_UNPACK_JS) >= len(json.dumps(plain)):  # size as st_folium will send it
        return plain
    return f'{_UNPACK_JS}("{packed}")'


_UNPACK_JS = (
    "(function(b){var s=atob(b),a=new Uint8Array(s.length),i;for(i=0;i<s.length;i++)a[i]=s.charCodeAt(i);"
    "return JSON.parse(new TextDecoder().decode(a));})"
)


def script_safe(json_text: str) -> str:
    r"""Make JSON text safe inside ``<script>``: ``</`` → ``<\/`` and ``<!--`` → ``<\!--`` (same value in JS)."""
    return json_text.replace("</", "<\\/").replace("<!--", "<\\!--")


def map_name(element: folium.Element) -> str:
    """JS variable name of the :class:`folium.Map` an element is (eventually) attached to."""
    node = element
    while node is not None and not isinstance(node, folium.Map):
        node = node._parent
    if node is None:
        raise ValueError(f"{type(element).__name__} is not attached to a folium.Map")
    return node.get_name()


class OnMap:
    """Mixin for an element whose script names its map: ``{{ this.map_js }}`` in the template."""

    @property
    def map_js(self) -> str:
        """JS name of the map, looked up when the script is rendered (st_folium renames it)."""
        return map_name(self)


def add_header_css(element: folium.Element, name: str, css: str) -> None:
    """Add a ``<style>`` block once to the figure header (kept by st_folium, unlike ``<link>`` tags)."""
    root = element.get_root()
    root.header.add_child(folium.Element(f"<style>{css}</style>"), name=name)
