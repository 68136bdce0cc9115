"""The geometry pass: one page → its text lines, its ruled grids (with their cell text), in
reading order. Nothing here knows a budget word; the document pass (document.py) reads meaning
into what this pass lays out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pypdfium2 as pdfium

from budgetlib.readers.pdf.geometry import Char, page_box, page_chars, page_segments
from budgetlib.readers.pdf.grids import Grid, group_lines, join_chars, ruled_grids
from budgetlib.readers.pdf.settings import DEFAULT, ReaderSettings
from budgetlib.readers.pdf.text_grid import segments


@dataclass
class Line:
    """A text line outside any ruled grid."""

    chars: list[Char]
    text: str
    top: float
    bottom: float

    @property
    def size(self) -> float:
        return max(c.size for c in self.chars)

    @property
    def left(self) -> float:
        return self.chars[0].x0

    @property
    def right(self) -> float:
        return max(c.x1 for c in self.chars)


@dataclass
class GridBlock:
    """A ruled grid and the text of its cells."""

    grid: Grid
    rows: list[list[str]]

    @property
    def top(self) -> float:
        return self.grid.top

    @property
    def bottom(self) -> float:
        return self.grid.bottom


@dataclass
class PageLayout:
    number: int
    lines: list[Line]
    grids: list[GridBlock]
    chars: list[Char] = field(default_factory=list, repr=False)
    rotated: bool = False
    box: tuple[float, float, float, float] = (0.0, 0.0, 595.0, 842.0)  # left, bottom, right, top

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1]

    def items(self) -> list[Line | GridBlock]:
        """Lines and grids top to bottom."""
        return sorted([*self.lines, *self.grids], key=lambda item: -item.top)


def page_layout(document: pdfium.PdfDocument, index: int, settings: ReaderSettings = DEFAULT) -> PageLayout:
    """Read one page's characters and rules, and lay them out."""
    page = document[index]
    try:
        chars = page_chars(page, settings)
        grids = ruled_grids(page_segments(page, settings), index + 1, chars, settings) if chars else []
        rotated = page.get_rotation() % 360 != 0
        box = page_box(page)
    finally:
        page.close()
    layout = place(index + 1, chars, grids, settings)
    layout.rotated, layout.box = rotated, box
    return layout


def place(number: int, chars: list[Char], grids: list[Grid], settings: ReaderSettings = DEFAULT) -> PageLayout:
    """Split a page's characters between its grids and the free text lines."""
    inside: dict[int, list[Char]] = {i: [] for i in range(len(grids))}
    free = []
    for char in chars:
        owner = next((i for i, grid in enumerate(grids) if grid.contains(char)), None)
        (free if owner is None else inside[owner]).append(char)
    lines = []
    for members in group_lines(free, settings):
        text = join_chars(members, settings)
        if text:
            lines.append(Line(members, text, max(c.y1 for c in members), min(c.y0 for c in members)))
    for i, grid in enumerate(grids):
        for line in _overflow(grid, grid.cells(inside[i], settings), lines):
            inside[i].extend(line.chars)
            lines.remove(line)
    filled = [GridBlock(grid, grid.cells(inside[i], settings)) for i, grid in enumerate(grids)]
    return PageLayout(number, lines, [block for block in filled if any(any(row) for row in block.rows)], chars)


def _overflow(grid: Grid, rows: list[list[str]], lines: list[Line]) -> list[Line]:
    """Lines that are the end of the bottom row's text running out of its cell below the grid
    (a row cut by the page end): right under the grid, each inside one column other than the
    first, whose bottom cell holds words that have not ended their sentence."""
    if not rows:
        return []
    taken: list[Line] = []
    bottom = grid.bottom
    for line in sorted(lines, key=lambda item: -item.top):
        if line.top > bottom + 0.5 * line.size or bottom - line.top > line.size:
            continue
        column = next((c for c in range(1, grid.width)
                       if grid.xs[c] - 1 <= line.left and line.right <= grid.xs[c + 1] + 1), None)
        if column is None:
            break
        anchor_row, anchor_column = grid.anchors.get((grid.height - 1, column), (grid.height - 1, column))
        text = rows[anchor_row][anchor_column]
        if not text or not ("\u4e00" <= text[-1] <= "\u9fff" or text[-1] in "，、（“"):
            break  # a figure, or a sentence already ended: the line below is something else
        taken.append(line)
        bottom = line.bottom
    return taken


def is_columnar(line: Line, settings: ReaderSettings = DEFAULT) -> bool:
    """A table row has at least two pieces of text apart from each other, most of them words;
    justified prose spread character by character does not."""
    pieces = segments(line.chars, settings)
    words = [piece for piece in pieces if len(piece) >= 2]
    return len(words) >= 2 and len(words) * 2 >= len(pieces)
