"""Draw the text-form sample as a government-style PDF (the look of an Excel/WPS export).

A4 pages; each table starts on a new page, wide tables (≥ 8 columns) in landscape; merged
multi-row headers; long text wraps inside its cell; a table that does not fit runs onto the
next page without repeating its header; page numbers at the foot; an embedded CJK TrueType
font, so the PDF has a proper text layer. A `Style` sets everything about the look that an
independent template varies: rules (a full grid, a three-line table, none), where numbers and
headers align, font size and weight, row spacing, and how narrow the name column is (so names
wrap). STYLES holds the styles the unruled reader is measured on; they were fixed before the
reader was tuned to them. Alongside the PDF, `truth` gives every table's grid as printed (the
accuracy benchmark's key); the grid is the same in every style.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from budgetlib.fonts import truetype_subset
from budgetlib.readers.text import read_text
from budgetlib.render.layout import Cell, Sheet, sheet_from_table

FONT = "NotoSansSC"
MARGIN = 48.0
TEXT_SIZE = 11.0
TEXT_LINE = 20.0


@dataclass(frozen=True)
class Style:
    """How a sample rendering looks. Sizes in pt."""

    name: str
    rules: str = "grid"  # "grid" (every cell ruled), "three-line" (top, under the header, bottom), "none"
    body_size: float = 9.0
    line: float = 12.0  # line height inside a cell
    pad: float = 3.5  # cell padding
    numbers: str = "right"  # "right" | "centre": where amounts stand in their cell
    headers: str = "centre"  # "centre" | "left"
    name_cap: float = 150.0  # widest a prose (name) column grows before its text wraps
    weight: int = 400  # font weight of the Noto Sans CJK instance

    @property
    def font(self) -> str:
        return f"{FONT}-{self.weight}"


STYLES: dict[str, Style] = {
    "ruled": Style("ruled"),
    "unruled": Style("unruled", rules="none"),
    # independent looks for the unruled reader (fixed before the reader was tuned to them):
    "centred": Style("centred", rules="none", numbers="centre", body_size=8.5, line=11.0, pad=5.0),
    "three-line": Style("three-line", rules="three-line", headers="left", body_size=10.0, line=13.0, pad=3.0,
                        weight=500),
    "wrapped": Style("wrapped", rules="none", name_cap=64.0, body_size=8.0, line=10.5, pad=2.5, weight=300),
}
BODY_SIZE = STYLES["ruled"].body_size
LINE = STYLES["ruled"].line
PAD = STYLES["ruled"].pad


@dataclass
class Page:
    width: float
    height: float


def render_sample(source: Path, target: Path, *, ruled: bool = True, font_cache: Path | None = None,
                  style: Style | None = None) -> dict:
    """Write the PDF; return the truth: per table, its title, first page and grid."""
    style = style or STYLES["ruled" if ruled else "unruled"]
    raw = read_text(source)
    text = source.read_text(encoding="utf-8")
    font_file = truetype_subset(text, font_cache or target.parent / ".fonts", weight=style.weight)
    pdfmetrics.registerFont(TTFont(style.font, str(font_file)))
    canvas = Canvas(str(target), pagesize=A4, pageCompression=1, invariant=1)
    canvas.setTitle(f"{raw.title_lines[0]} {raw.title_lines[1] if len(raw.title_lines) > 1 else ''}".strip())
    canvas.setCreator("budgetlib sample renderer")
    writer = _Writer(canvas, style)
    writer.narrative([p for _, p in raw.narrative], raw.title_lines[:2])
    truth = []
    for table in raw.tables:
        sheet = sheet_from_table(table)
        first_page = writer.table(sheet)
        truth.append({"index": table.index, "label": table.label, "title": sheet.title, "unit": table.unit,
                      "page": first_page, "header_rows": sheet.header_rows, "rows": sheet.grid})
    writer.finish()
    return {"source": source.name, "ruled": style.rules == "grid", "style": style.name, "pages": writer.page_number,
            "tables": truth}


def write_truth(truth: dict, target: Path) -> None:
    target.write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def wrap(text: str, width: float, size: float = BODY_SIZE, font: str = "") -> list[str]:
    """Break text into lines no wider than `width` (CJK text breaks between any two characters)."""
    font = font or STYLES["ruled"].font
    lines, current = [], ""
    for char in text:
        if pdfmetrics.stringWidth(current + char, font, size) > width and current:
            lines.append(current)
            current = char.lstrip() if char == " " else char
        else:
            current += char
    return [*lines, current] if current or not lines else lines


class _Writer:
    def __init__(self, canvas: Canvas, style: Style):
        self.canvas = canvas
        self.style = style
        self.font = style.font
        self.page_number = 0
        self.page = Page(*A4)
        self.y = 0.0

    def new_page(self, wide: bool = False) -> None:
        if self.page_number:
            self._footer()
            self.canvas.showPage()
        size = landscape(A4) if wide else A4
        self.canvas.setPageSize(size)
        self.page = Page(*size)
        self.page_number += 1
        self.y = self.page.height - MARGIN

    def _footer(self) -> None:
        self.canvas.setFont(self.font, 9)
        self.canvas.drawCentredString(self.page.width / 2, MARGIN / 2, f"— {self.page_number} —")

    def finish(self) -> None:
        self._footer()
        self.canvas.save()

    def narrative(self, paragraphs: list[str], heading: list[str]) -> None:
        self.new_page()
        for line in heading:
            self.canvas.setFont(self.font, 16)
            self.canvas.drawCentredString(self.page.width / 2, self.y - 16, line)
            self.y -= 30
        self.y -= 10
        width = self.page.width - 2 * MARGIN
        for paragraph in paragraphs[len(heading):]:
            for number, line in enumerate(wrap(paragraph, width - 2 * TEXT_SIZE, TEXT_SIZE, self.font)):
                if self.y - TEXT_LINE < MARGIN:
                    self.new_page()
                self.canvas.setFont(self.font, TEXT_SIZE)
                indent = 2 * TEXT_SIZE if number == 0 else 0
                self.canvas.drawString(MARGIN + indent, self.y - TEXT_SIZE, line)
                self.y -= TEXT_LINE

    def table(self, sheet: Sheet) -> int:
        self.new_page(wide=sheet.width >= 8)
        first_page = self.page_number
        if sheet.label:
            self.canvas.setFont(self.font, 10)
            self.canvas.drawString(MARGIN, self.y - 10, sheet.label)
            self.y -= 20
        self.canvas.setFont(self.font, 14)
        for line in wrap(sheet.title, self.page.width - 2 * MARGIN, 14, self.font):
            self.canvas.drawCentredString(self.page.width / 2, self.y - 14, line)
            self.y -= 22
        if sheet.unit_line:
            self.canvas.setFont(self.font, 9)
            self.canvas.drawRightString(self.page.width - MARGIN, self.y - 9, sheet.unit_line)
            self.y -= 16
        widths = column_widths(sheet, self.page.width - 2 * MARGIN, self.style)
        heights = row_heights(sheet, widths, self.style)
        by_row: dict[int, list[Cell]] = {}
        for cell in sheet.cells:
            by_row.setdefault(cell.row, []).append(cell)
        if self.style.rules == "three-line":
            self._rule(sum(widths), 1.2)
        for r in range(len(sheet.grid)):
            block = _span_height(sheet, by_row, heights, r)
            if self.y - block < MARGIN and r > 0 and self.y < self.page.height - MARGIN - 1:
                self.new_page(wide=sheet.width >= 8)  # continue without repeating the header
            for cell in by_row.get(r, []):
                self._cell(cell, widths, heights)
            self.y -= heights[r]
            if self.style.rules == "three-line" and r + 1 == sheet.header_rows:
                self._rule(sum(widths), 0.6)
        if self.style.rules == "three-line":
            self._rule(sum(widths), 1.2)
        self.y -= 8
        for note in sheet.notes:
            self.canvas.setFont(self.font, 9)
            self.canvas.drawString(MARGIN, self.y - 9, note)
            self.y -= 14
        return first_page

    def _rule(self, width: float, thickness: float) -> None:
        self.canvas.setLineWidth(thickness)
        self.canvas.line(MARGIN, self.y, MARGIN + width, self.y)

    def _cell(self, cell: Cell, widths: list[float], heights: list[float]) -> None:
        style = self.style
        x = MARGIN + sum(widths[: cell.col])
        width = sum(widths[cell.col: cell.col + cell.colspan])
        height = sum(heights[cell.row: cell.row + cell.rowspan])
        if style.rules == "grid":
            self.canvas.setLineWidth(0.6)
            self.canvas.rect(x, self.y - height, width, height, stroke=1, fill=0)
        if not cell.text:
            return
        lines = wrap(cell.text, width - 2 * style.pad, style.body_size, self.font)
        self.canvas.setFont(self.font, style.body_size)
        top = self.y - (height - len(lines) * style.line) / 2
        for number, line in enumerate(lines):
            baseline = top - (number + 1) * style.line + style.line / 4
            centre = (cell.header and style.headers == "centre") or (cell.numeric and style.numbers == "centre")
            if centre:
                self.canvas.drawCentredString(x + width / 2, baseline, line)
            elif cell.numeric and not cell.header:
                self.canvas.drawRightString(x + width - style.pad, baseline, line)
            else:
                self.canvas.drawString(x + style.pad, baseline, line)


def column_widths(sheet: Sheet, available: float, style: Style = STYLES["ruled"]) -> list[float]:
    """Natural widths, then prose columns (names, descriptions) wrap so the table fits the page.

    Headers wrap freely, so they claim little width; numbers and codes never wrap."""
    natural = [24.0] * sheet.width
    for cell in sheet.cells:
        if cell.colspan == 1 and cell.text:
            want = pdfmetrics.stringWidth(cell.text, style.font, style.body_size) + 2 * style.pad + 1
            cap = 48.0 if cell.header else style.name_cap if _has_cjk(cell.text) else want
            natural[cell.col] = max(natural[cell.col], min(want, cap))
    total = sum(natural)
    if total <= available:
        return [w * available / total for w in natural]
    prose = {c.col for c in sheet.cells if c.colspan == 1 and not c.header and _has_cjk(c.text)}
    fixed = sum(w for i, w in enumerate(natural) if i not in prose)
    prose_total = sum(w for i, w in enumerate(natural) if i in prose) or 1.0
    scale = max((available - fixed) / prose_total, 80.0 / max(natural[i] for i in prose) if prose else 1.0)
    widths = [w * scale if i in prose else w for i, w in enumerate(natural)]
    return [w * available / sum(widths) for w in widths] if sum(widths) > available else widths


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


def row_heights(sheet: Sheet, widths: list[float], style: Style = STYLES["ruled"]) -> list[float]:
    heights = [style.line + 2 * style.pad] * len(sheet.grid)
    for cell in sheet.cells:
        if cell.rowspan == 1 and cell.text:
            width = sum(widths[cell.col: cell.col + cell.colspan]) - 2 * style.pad
            lines = len(wrap(cell.text, width, style.body_size, style.font))
            heights[cell.row] = max(heights[cell.row], lines * style.line + 2 * style.pad)
    return heights


def _span_height(sheet: Sheet, by_row: dict[int, list[Cell]], heights: list[float], r: int) -> float:
    """A row and the rows its cells span must stay on one page."""
    span = max((c.rowspan for c in by_row.get(r, []) if c.rowspan < len(sheet.grid) - r or r < sheet.header_rows),
               default=1)
    return sum(heights[r: r + (span if r < sheet.header_rows else 1)])
