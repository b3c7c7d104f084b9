"""Page-wide CSS: a compact header, the phone layout and right-to-left reading for kk_Arab.

Streamlit has no API for these, so one ``<style>`` block per run targets its stable test ids and the
``st-key-<key>`` classes of keyed containers. Kept in one place so a Streamlit upgrade breaks one module.
"""

from __future__ import annotations

import hashlib
import json

import streamlit as st
import streamlit.components.v1 as components

#: Keyed containers the CSS below targets (Streamlit gives a container with ``key=k`` the class ``st-key-k``).
TOP_LANGUAGE_KEY = "qonys_top_language"
CARD_KEY = "qonys_card"
#: Below this width Streamlit collapses the sidebar (its language picker hides behind "»"), so the main
#: area shows its own compact picker.
NARROW_MAX_PX = 767

_BASE_CSS = (
    # Streamlit leaves 6rem above the first element; its toolbar is 3.75rem tall.
    ".stMain .block-container{padding-top:3.25rem;padding-bottom:2rem}"
    ".stMain h1{font-size:1.6rem;line-height:1.25;padding:0 0 .25rem}"
    # A page link keeps its whole label on narrow screens instead of ending in "…".
    "[data-testid='stPageLink'] p,[data-testid='stPageLink-NavLink'] span{white-space:normal;overflow:visible;"
    "text-overflow:clip}"
    # A card scrolled into view keeps the lower part of the map above it on a wide screen.
    f".st-key-{CARD_KEY}{{scroll-margin-top:35vh}}"
    f"@media (min-width:{NARROW_MAX_PX + 1}px){{.st-key-{TOP_LANGUAGE_KEY}{{display:none}}}}"
    f"@media (max-width:{NARROW_MAX_PX}px){{"
    ".stMain .block-container{padding-top:3.75rem;padding-left:.75rem;padding-right:.75rem}"
    ".stMain h1{font-size:1.15rem}.stMain h2{font-size:1.2rem}.stMain h3{font-size:1.05rem}"
    f".st-key-{CARD_KEY}{{scroll-margin-top:3.5rem}}"
    # The compact picker sits in Streamlit's toolbar row, between "»" and the menu: no height of its own.
    f".st-key-{TOP_LANGUAGE_KEY}{{position:fixed;top:.6rem;left:50%;transform:translateX(-50%);width:10.5rem;"
    "z-index:999991}}"
)

#: Right-to-left reading (kk_Arab). Every text block follows the reading direction; maths, charts and
#: code stay left-to-right (KaTeX and Vega lay out their boxes assuming ``ltr``: under ``rtl`` a fraction's
#: parts swap and axis labels are clipped).
_RTL_CSS = (
    ".stMain,section[data-testid='stSidebar']{direction:rtl;text-align:right}"
    ".stMain :is(h1,h2,h3,h4,h5,h6,p,li,label,[data-testid='stCaptionContainer'],"
    "[data-testid='stMarkdownContainer']){direction:rtl;text-align:right}"
    ".stMain :is(ul,ol){padding-left:0;padding-right:0;margin-left:0;margin-right:1.25em}"
    ".stMain :is(.katex,.katex-display,[data-testid='stLatex'],[data-testid='stVegaLiteChart'],.vega-embed,"
    "pre,code,[data-testid='stCode']){direction:ltr;unicode-bidi:isolate}"
    ".stMain .katex-display{text-align:center}"
    # Numbers in a metric stay whole ("12,5 %" not "% 12,5") while the label reads right to left.
    ".stMain [data-testid='stMetricValue']{unicode-bidi:plaintext;text-align:right}"
)


def page_css(*, rtl: bool) -> str:
    """The ``<style>`` block for a page (compact header, phone rules, and RTL rules when ``rtl``)."""
    return "<style>" + _BASE_CSS + (_RTL_CSS if rtl else "") + "</style>"


def apply(*, rtl: bool) -> None:
    """Write the page CSS (call once per run, before the page's content)."""
    st.html(page_css(rtl=rtl))


def ltr(text: str) -> str:
    """Isolate an already escaped formula or number left-to-right inside right-to-left text (``<bdi dir=ltr>``)."""
    return f'<bdi dir="ltr">{text}</bdi>'


def scroll_into_view(key: str, *, nonce: str) -> None:
    """Scroll the keyed container into view once (a new ``nonce`` makes a new element, so the script runs again).

    A component frame (same origin as the app) reaches the page through ``window.parent``. The container
    may arrive a moment after this element, so the script retries for two seconds.
    """
    selector = json.dumps(f".st-key-{key}")
    script = (
        f"<script>/* {hashlib.sha1(nonce.encode()).hexdigest()} */(function(){{var n=0;function go(){{"
        f"var el=window.parent.document.querySelector({selector});"
        "if(el){el.scrollIntoView({behavior:'smooth',block:'start'});}else if(n++<20){setTimeout(go,100);}}"
        "setTimeout(go,50);})();</script>"
    )
    components.html(script, height=0)
