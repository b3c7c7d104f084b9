"""The advice sheet as an A4 PDF: fpdf2 with HarfBuzz (uharfbuzz) shaping, so Kazakh Cyrillic, Latin and the
right-to-left töte jazu all come out joined and in order."""

from __future__ import annotations

import re
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import TableCellFillMode

from advisor.sheet_map import label_point, map_height, project
from advisor.sheet_model import Foreign, Sheet, Table

#: A line's leading marker: a list number, a wish's met / not met / cannot be judged, a bullet.
_MARKER = re.compile(r"^(\d{1,2}\.|[+−?•])\s+(.+)$", re.S)
FONTS_DIR = Path(__file__).resolve().parents[1] / "static" / "fonts"


class _SheetPDF(FPDF):
    def __init__(self, rtl: bool) -> None:
        super().__init__(format="A4")
        self.rtl = rtl
        self.set_margins(14, 14, 14)
        self.set_auto_page_break(True, 14)
        self.add_font("dejavu", "", FONTS_DIR / "DejaVuSans.ttf")
        self.add_font("dejavu", "B", FONTS_DIR / "DejaVuSans-Bold.ttf")
        # One font for every script: fpdf2 2.8.9 loses the font selection of some runs when a fallback
        # font is mixed into shaped right-to-left text (blank or garbled lines, "No font in show").
        self.family = "dejavu"
        if rtl:
            self.set_text_shaping(use_shaping_engine=True, direction="rtl", script="arab", language="kaz")
        else:
            self.set_text_shaping(True)

    def para(self, text: str, *, size: float = 9.5, style: str = "", gap: float = 0.6) -> None:
        """A wrapped paragraph; a leading marker ("1.", "+", "−", "?", "•") hangs at the line's start side —
        the right in right-to-left text — in its own cell, so the bidi algorithm cannot move it to the end."""
        if self.rtl and isinstance(text, Foreign):
            # A text kept in its own (left-to-right) language is laid out left to right, so that a trailing
            # "/" or a bracket does not jump to the other end of the line.
            self.rtl = False
            self.set_text_shaping(True)
            try:
                self.para(text, size=size, style=style, gap=gap)
            finally:
                self.rtl = True
                self.set_text_shaping(use_shaping_engine=True, direction="rtl", script="arab", language="kaz")
            return
        self.set_font(self.family, style, size)
        height = size * 0.5
        found = _MARKER.match(text)
        if not found:
            self.multi_cell(0, height, text, align="R" if self.rtl else "L", new_x="LMARGIN", new_y="NEXT")
            self.ln(gap)
            return
        marker, body = found.group(1), found.group(2)
        hang = self.get_string_width("00.") + 1.0
        y = self.get_y()
        marker_x = self.l_margin + self.epw - hang if self.rtl else self.l_margin
        self.set_xy(marker_x, y)
        self.cell(hang, height, marker, align="R" if self.rtl else "L")
        self.set_xy(self.l_margin if self.rtl else self.l_margin + hang, y)
        self.multi_cell(self.epw - hang, height, body, align="R" if self.rtl else "L", new_x="LMARGIN", new_y="NEXT")
        self.ln(gap)


#: Text sizes tried in turn until the sheet fits :data:`MAX_PAGES` (the two pages plus the sources).
SCALES: tuple[float, ...] = (1.0, 0.92, 0.85, 0.78, 0.72)
MAX_PAGES = 3


def sheet_pdf(sheet: Sheet) -> bytes:
    """The sheet as a PDF (A4), Kazakh Cyrillic/Latin or right-to-left töte jazu shaped by HarfBuzz.

    Page 1 and page 2 of the sheet each start a page, the sources the last; the text shrinks a step at a
    time (:data:`SCALES`) until everything fits in :data:`MAX_PAGES` pages — lines wrap, never cut.
    """
    for scale in SCALES:
        pdf = _render(sheet, scale)
        if pdf.pages_count <= MAX_PAGES:
            break
    return bytes(pdf.output())


def _render(sheet: Sheet, scale: float) -> _SheetPDF:
    pdf = _SheetPDF(sheet.rtl)
    pdf.set_title(sheet.title)
    pdf.set_creator("Qonys")
    pages = sheet.pages()
    for number, sections in enumerate(pages, start=1):
        pdf.add_page()
        if number == 1:
            pdf.para(sheet.title, size=14 * scale, style="B", gap=0.6)
            pdf.para(sheet.subtitle, size=8.5 * scale)
        for section in sections:
            pdf.ln(1.2 * scale)
            if section.title:
                pdf.para(section.title, size=11 * scale, style="B", gap=0.6)
            for line in section.lines:
                pdf.para(line, size=8.8 * scale, gap=0.4)
            if section.map_after:
                _pdf_map(pdf, sheet, width=105.0 * scale)
            if section.table:
                _pdf_table(pdf, section.table, scale)
        if number == len(pages) - 1 or len(pages) == 1:
            pdf.ln(1.5)
            for line in sheet.footer:
                pdf.para(line, size=7.5 * scale)
    return pdf


def _pdf_map(pdf: _SheetPDF, sheet: Sheet, width: float = 120.0) -> None:
    height = map_height(width)
    x0 = (pdf.w - width) / 2
    y0 = pdf.get_y() + 2
    pdf.set_line_width(0.05)
    pdf.set_draw_color(140, 140, 140)
    for rings, colour, _num in sheet.map_shapes:
        pdf.set_fill_color(*_rgb(colour))
        for ring in rings:
            pts = [(x0 + px, y0 + py) for px, py in (project(x, y, width) for x, y in ring)]
            if len(pts) >= 3:
                pdf.polygon(pts, style="DF")
    pdf.set_font("dejavu", "B", 7)
    pdf.set_draw_color(0, 0, 0)
    for rings, _colour, num in sheet.map_shapes:
        if num and rings:
            x, y = label_point(rings, width)
            pdf.set_fill_color(255, 255, 255)
            pdf.circle(x0 + x, y0 + y, 2.2, style="DF")
            pdf.text(x0 + x - 0.9, y0 + y + 1.0, num)
    pdf.set_y(y0 + height + 2)


def _pdf_table(pdf: _SheetPDF, table: Table, scale: float = 1.0) -> None:
    pdf.set_font(pdf.family, "", 7.5 * scale)
    header, rows, widths = table.header, table.rows, table.widths
    if pdf.rtl:
        header, rows, widths = header[::-1], [r[::-1] for r in rows], widths[::-1]
    total = pdf.epw
    with pdf.table(
        col_widths=tuple(w * total for w in widths) if widths else None,
        line_height=3.6 * scale,
        text_align="RIGHT" if pdf.rtl else "LEFT",
        cell_fill_color=(240, 240, 240),
        cell_fill_mode=TableCellFillMode.ROWS,
        first_row_as_headings=True,
    ) as t:
        t.row(header)
        for r in rows:
            t.row(r)
    pdf.ln(1)


def _rgb(colour: str) -> tuple[int, int, int]:
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)
