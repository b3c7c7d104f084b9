"""The advice sheet as a self-contained printable HTML page (inline CSS and SVG map, no scripts).

The same pages as the PDF: each ends with a page break in print (``@page`` A4); on a phone it reads as
one column (viewport meta). Numbers, amounts and the sources' links are isolated left-to-right runs
(``<bdi>``), so in the right-to-left töte jazu they stay whole and in place; the wish markers lead the line.
"""

from __future__ import annotations

import html
import re

from advisor.sheet_map import label_point, map_height, project
from advisor.sheet_model import Foreign, Section, Sheet

_CSS = (
    "body{font-family:'DejaVu Sans','Noto Naskh Arabic',sans-serif;font-size:11pt;margin:1.5cm auto;"
    "max-width:19cm;color:#111;padding:0 .5em;overflow-wrap:break-word}"
    "h1{font-size:16pt;margin:0}h2{font-size:12.5pt;border-bottom:1px solid #999;margin-top:1em}"
    ".sub{color:#555}table{border-collapse:collapse;width:100%;font-size:9pt}"
    "th,td{border:1px solid #bbb;padding:3px;vertical-align:top;text-align:start;white-space:pre-line}"
    "th{background:#eee}p{margin:.25em 0}svg{max-width:100%;width:14cm;height:auto;display:block;margin:auto}"
    "footer{margin-top:1em;font-size:9pt;color:#444}"
    "@page{size:A4;margin:12mm}"
    "@media print{body{margin:0;max-width:none}.page{break-after:page}.page:last-child{break-after:auto}"
    "section{break-inside:avoid-page}}"
    "@media (max-width:600px){body{margin:.5em}table{font-size:8pt}}"
)
#: A run that must read left to right inside right-to-left text: an amount, a number, a bracketed
#: citation, a link.
_LTR_RUN = re.compile(r"(https?://\S+|\[[\d,\s]+\]|[₸]?\s?\d[\d\s,.\u00a0\u202f%–-]*\d(?:\s?₸)?|\d)")


def sheet_html(sheet: Sheet) -> str:
    """A self-contained printable HTML page (inline CSS and SVG, no scripts, every text escaped)."""
    e = html.escape
    lang = sheet.locale.replace("_", "-")
    direction = "rtl" if sheet.rtl else "ltr"
    parts = [
        f'<!doctype html><html lang="{e(lang)}" dir="{direction}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(sheet.title)}</title><style>{_CSS}</style></head><body>",
    ]
    for number, sections in enumerate(sheet.pages(), start=1):
        parts.append('<div class="page">')
        if number == 1:
            parts.append(
                f"<h1>{_text(sheet.title, sheet.rtl)}</h1><p class='sub'>{_text(sheet.subtitle, sheet.rtl)}</p>"
            )
        parts.extend(_section(s, sheet) for s in sections)
        if number == len(sheet.pages()) - 1 or len(sheet.pages()) == 1:
            parts.append("<footer>" + "".join(f"<p>{_text(f, sheet.rtl)}</p>" for f in sheet.footer) + "</footer>")
        parts.append("</div>")
    parts.append("</body></html>")
    return "".join(parts)


def _section(section: Section, sheet: Sheet) -> str:
    rtl = sheet.rtl
    out = ["<section>"]
    if section.title:
        out.append(f"<h2>{_text(section.title, rtl)}</h2>")
    out.extend(f"<p>{_text(line, rtl)}</p>" for line in section.lines)
    if section.map_after:
        out.append(_svg_map(sheet))
    if section.table:
        out.append("<table><thead><tr>" + "".join(f"<th>{_text(h, rtl)}</th>" for h in section.table.header))
        out.append("</tr></thead><tbody>")
        for row in section.table.rows:
            out.append("<tr>" + "".join(f"<td>{_text(c, rtl)}</td>" for c in row) + "</tr>")
        out.append("</tbody></table>")
    out.append("</section>")
    return "".join(out)


def _text(text: str, rtl: bool) -> str:
    """Escaped text; a :class:`Foreign` one carries its ``lang``; in RTL the LTR runs are isolated."""
    if isinstance(text, Foreign):
        direction = ' dir="ltr"' if rtl else ""
        return f'<span lang="{html.escape(text.lang)}"{direction}>{html.escape(text)}</span>'
    if not rtl:
        return html.escape(text)
    out, last = [], 0
    for m in _LTR_RUN.finditer(text):
        out.append(html.escape(text[last : m.start()]))
        out.append(f'<bdi dir="ltr">{html.escape(m.group(0))}</bdi>')
        last = m.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def _svg_map(sheet: Sheet, width: float = 560.0) -> str:
    height = map_height(width)
    paths, labels = [], []
    for rings, colour, num in sheet.map_shapes:
        d = " ".join(
            "M" + " L".join("{:.1f},{:.1f}".format(*project(x, y, width)) for x, y in ring) + "Z" for ring in rings
        )
        paths.append(f'<path d="{d}" fill="{html.escape(colour)}" stroke="#888" stroke-width="0.3"/>')
        if num and rings:
            x, y = label_point(rings, width)
            labels.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="8" fill="#fff" stroke="#000"/>'
                f'<text x="{x:.1f}" y="{y + 4:.1f}" font-size="11" text-anchor="middle">{html.escape(num)}</text>'
            )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" role="img">'
        + "".join(paths)
        + "".join(labels)
        + "</svg>"
    )
