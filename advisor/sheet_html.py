"""The advice sheet as a self-contained printable HTML page (inline CSS and SVG map, no scripts)."""

from __future__ import annotations

import html

from advisor.sheet_map import label_point, map_height, project
from advisor.sheet_model import Sheet

_CSS = (
    "body{font-family:'DejaVu Sans','Noto Naskh Arabic',sans-serif;font-size:11pt;margin:1.5cm;color:#111}"
    "h1{font-size:16pt;margin:0}h2{font-size:12.5pt;border-bottom:1px solid #999;margin-top:1.2em}"
    ".sub{color:#555}table{border-collapse:collapse;width:100%;font-size:9pt}"
    "th,td{border:1px solid #bbb;padding:3px;vertical-align:top;text-align:start}th{background:#eee}"
    "p{margin:.25em 0}svg{max-width:14cm;display:block}footer{margin-top:1.5em;font-size:9pt;color:#444}"
    "@media print{body{margin:1cm}section{break-inside:avoid-page}}"
)


def sheet_html(sheet: Sheet) -> str:
    """A self-contained printable HTML page (inline CSS and SVG, no scripts, every text escaped)."""
    e = html.escape
    lang = sheet.locale.replace("_", "-")
    direction = "rtl" if sheet.rtl else "ltr"
    parts = [
        f'<!doctype html><html lang="{e(lang)}" dir="{direction}"><head><meta charset="utf-8">',
        f"<title>{e(sheet.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(sheet.title)}</h1><p class='sub'>{e(sheet.subtitle)}</p>",
        _svg_map(sheet),
    ]
    for section in sheet.sections:
        parts.append(f"<section><h2>{e(section.title)}</h2>")
        parts.extend(f"<p>{e(line)}</p>" for line in section.lines)
        if section.table:
            parts.append(
                "<table><thead><tr>"
                + "".join(f"<th>{e(h)}</th>" for h in section.table.header)
                + "</tr></thead><tbody>"
            )
            for row in section.table.rows:
                parts.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>")
            parts.append("</tbody></table>")
        parts.append("</section>")
    parts.append("<footer>" + "".join(f"<p>{e(f)}</p>" for f in sheet.footer) + "</footer></body></html>")
    return "".join(parts)


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
