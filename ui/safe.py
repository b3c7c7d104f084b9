"""The one way data- or user-supplied text reaches a Streamlit element that renders Markdown.

``st.markdown``, ``st.caption``, ``st.subheader``, ``st.write``, ``st.error`` … and ``st.table`` cells render
Markdown (and a Markdown image makes every visitor's browser fetch its URL). A source title, a reason, a
place name or an error quoting a cell goes through :func:`plain` first, so it shows as the text it is:
every Markdown special character is backslash-escaped (CommonMark: any ASCII punctuation may be escaped)
and line breaks become spaces. Data frames (``st.dataframe``, ``st.data_editor``) show text as text and
need nothing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from typing import Literal

import pandas as pd
import streamlit as st

from data._validate import defuse_formula

#: ASCII punctuation with a meaning in CommonMark, GitHub-flavoured Markdown or Streamlit's extensions
#: (``$`` maths, ``:`` emoji/colour directives such as ``:red[…]``, ``~`` strike-through, ``|`` tables).
_MARKDOWN_SPECIALS = "\\`*_{}[]()<>#+-.!|~$:&=\"'"
_MARKDOWN_ENTITIES = str.maketrans({ch: f"&#{ord(ch)};" for ch in "\\`*_{}[]()#+!|~$:="} | {"\n": " "})
_FOREIGN_ELEMENTS = frozenset({"span", "div", "li", "td", "cite"})
_ESCAPES = str.maketrans({ch: "\\" + ch for ch in _MARKDOWN_SPECIALS} | {"\n": " ", "\r": " "})


def plain(text: object) -> str:
    """``text`` escaped so that Markdown renders it literally: no link, image, HTML, heading or emphasis.

    Examples
    --------
    >>> plain("![s](http://host/b.png)")
    '\\\\!\\\\[s\\\\]\\\\(http\\\\://host/b\\\\.png\\\\)'
    """
    if text is None or (isinstance(text, float) and text != text):
        return ""
    return str(text).translate(_ESCAPES)


def markdown(
    template: str, /, *, element: Literal["markdown", "caption", "subheader"] = "markdown", **values: object
) -> None:
    """Show a (translated, trusted) Markdown ``template`` whose ``{placeholders}`` are data text, each through
    :func:`plain`: the template's own emphasis renders, the data never does.

    Examples
    --------
    ``markdown(_("**{name}** — best zone allowed: {zone}"), name=override.name, zone="II")``
    """
    getattr(st, element)(template.format(**{k: plain(v) for k, v in values.items()}))


def foreign(text: object, lang: str, *, element: str = "span") -> str:
    """HTML of a text that stays in its own language (a source title, an act's official title), marked with its
    ``lang`` (HTML and WCAG 3.1.2 require it) and escaped: the one place such text becomes HTML.

    Parameters
    ----------
    text
        The text as written (None/NaN give an empty string).
    lang
        A BCP 47 tag: ``"ru"``, ``"en"``, ``"kk"``, ``"kk-Latn"``, ``"kk-Arab"`` (``_`` is accepted for ``-``).
    element
        ``"span"`` (inline) or ``"div"``/``"li"``/``"td"``/``"cite"``.

    Examples
    --------
    >>> foreign("Центр <адаптации>", "ru")
    '<span lang="ru">Центр &lt;адаптации&gt;</span>'

    Show it with ``st.html(…)`` or ``st.markdown(…, unsafe_allow_html=True)``; the page's own text around it
    stays in the page's language.
    """
    if element not in _FOREIGN_ELEMENTS:
        raise ValueError(f"unsupported element {element!r}; expected one of {sorted(_FOREIGN_ELEMENTS)}")
    tag = str(lang).replace("_", "-")
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", tag):
        raise ValueError(f"not a language tag: {lang!r}")
    # Element text, not an attribute: quotes stay as they are (an escaped apostrophe, "&#x27;", would have its
    # "#" turned into a reference below and show as "&#x27;" on the page).
    body = "" if text is None or (isinstance(text, float) and text != text) else html.escape(str(text), quote=False)
    # Inside st.markdown, inline HTML's text is still Markdown: its specials become character references.
    body = body.translate(_MARKDOWN_ENTITIES)
    direction = ' dir="rtl"' if tag.endswith("-Arab") else ""
    return f'<{element} lang="{tag}"{direction}>{body}</{element}>'


def html_table(frame: pd.DataFrame, *, langs: Mapping[str, Sequence[str | None]] | None = None) -> str:
    """An escaped HTML table of ``frame`` (headers, index as first column) for ``st.html``: unlike a data-frame
    cell, a cell here can carry its own language.

    Parameters
    ----------
    frame
        Rows to show; missing values become empty cells (never "None").
    langs
        Column → one language tag per row (None: the page's language) for cells that stay in their own
        language, e.g. ``{"Source": ["en"] * len(frame)}``; those cells go through :func:`foreign`.
    """
    langs = langs or {}
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in [frame.index.name or "", *frame.columns])
    body = []
    for i, (label, row) in enumerate(frame.iterrows()):
        cells = [f"<th>{html.escape(_cell(label))}</th>"]
        for column, value in row.items():
            lang = langs[column][i] if column in langs else None
            cells.append(foreign(value, lang, element="td") if lang else f"<td>{html.escape(_cell(value))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _cell(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def plain_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell, index label and header through :func:`plain` (for ``st.table``,
    which renders Markdown in all of them).
    """
    out = frame.map(lambda v: plain(v) if isinstance(v, str) else v)
    out.index = [plain(v) if isinstance(v, str) else v for v in out.index]
    out.index.name = plain(frame.index.name) if isinstance(frame.index.name, str) else frame.index.name
    out.columns = [plain(c) if isinstance(c, str) else c for c in out.columns]
    return out


def spreadsheet_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` safe to write as CSV or XLSX: text that would start a formula gets a leading ``'``."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(defuse_formula)
    out.columns = [defuse_formula(c) for c in out.columns]
    return out
