"""The one way data- or user-supplied text reaches a Streamlit element that renders Markdown.

``st.markdown``, ``st.caption``, ``st.subheader``, ``st.write``, ``st.error`` … and ``st.table`` cells render
Markdown (and a Markdown image makes every visitor's browser fetch its URL). A source title, a reason, a
place name or an error quoting a cell goes through :func:`plain` first, so it shows as the text it is:
every Markdown special character is backslash-escaped (CommonMark: any ASCII punctuation may be escaped)
and line breaks become spaces. Data frames (``st.dataframe``, ``st.data_editor``) show text as text and
need nothing.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd
import streamlit as st

from data._validate import defuse_formula

#: ASCII punctuation with a meaning in CommonMark, GitHub-flavoured Markdown or Streamlit's extensions
#: (``$`` maths, ``:`` emoji/colour directives such as ``:red[…]``, ``~`` strike-through, ``|`` tables).
_MARKDOWN_SPECIALS = "\\`*_{}[]()<>#+-.!|~$:&=\"'"
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
