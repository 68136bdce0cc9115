"""The geometry pass: one page → its text lines, its ruled grids (with their cell text), in
reading order. Nothing here knows a budget word; the document pass (document.py) reads meaning
into what this pass lays out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pypdfium2 as pdfium

from budgetlib.catalogue.vocabulary import is_page_number
from budgetlib.readers.pdf.geometry import Char, page_box, page_chars, page_segments, unclipped
from budgetlib.readers.pdf.grids import Grid, boxes, centres, group_lines, join_chars, ruled_grids
from budgetlib.readers.pdf.settings import DEFAULT, ReaderSettings
from budgetlib.readers.pdf.text_grid import segments


@dataclass
class Line:
    """A text line outside any ruled grid."""

    chars: list[Char]
    text: str
    top: float
    bottom: float

    # computed once: the document pass asks a line's size and extent many times (its characters never change)
    @cached_property
    def size(self) -> float:
        return max(c.size for c in self.chars)

    @property
    def left(self) -> float:
        return self.chars[0].x0

    @cached_property
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
        textpage = page.get_textpage()
        chars = page_chars(page, settings, textpage)
        grids = ruled_grids(page_segments(page, settings), index + 1, chars, settings) if chars else []
        if grids:  # text clipped away: checked where it occurs, as each check costs pdfium calls —
            # outside the grids (few characters: titles, notes, hidden fragments of an HTML export)
            # and in grid rows where text runs over a column rule
            box = boxes(chars)
            cx, cy = centres(chars, box)
            suspect = _overrun_rows(grids, chars, box, cx, cy)
            outside = _owners(grids, cx, cy) < 0
            checked = [bool(out) or char.index in suspect for char, out in zip(chars, outside.tolist(), strict=True)]
            chars = unclipped(page, textpage, chars, checked, lambda char: char.index in suspect)
        rotated = page.get_rotation() % 360 != 0
        box = page_box(page)
    finally:
        page.close()
    layout = place(index + 1, chars, grids, settings)
    layout.rotated, layout.box = rotated, box
    return layout


def place(number: int, chars: list[Char], grids: list[Grid], settings: ReaderSettings = DEFAULT) -> PageLayout:
    """Split a page's characters between its grids and the free text lines."""
    cx, cy = centres(chars)
    owners = _owners(grids, cx, cy)
    inside: dict[int, list[Char]] = {i: [] for i in range(len(grids))}
    free = []
    for char, owner in zip(chars, owners.tolist(), strict=True):
        (free if owner < 0 else inside[owner]).append(char)
    lines = []
    for members in group_lines(free, settings):
        text = join_chars(members, settings)
        if text:
            lines.append(Line(members, text, max(c.y1 for c in members), min(c.y0 for c in members)))
    filled = []
    for i, grid in enumerate(grids):
        members = owners == i
        rows = grid.cells(inside[i], settings, (cx[members], cy[members]))
        overflow = _overflow(grid, rows, lines)
        for line in overflow:
            inside[i].extend(line.chars)
            lines.remove(line)
        filled.append(GridBlock(grid, grid.cells(inside[i], settings) if overflow else rows))
    return PageLayout(number, lines, [block for block in filled if any(any(row) for row in block.rows)], chars)


def _owners(grids: list[Grid], cx: np.ndarray, cy: np.ndarray) -> np.ndarray:
    """For each character (by its centre), the index of the first grid that contains it, or -1."""
    owners = np.full(len(cx), -1)
    for index in range(len(grids) - 1, -1, -1):  # the first grid wins: it is written last
        owners[grids[index].contains_all(cx, cy)] = index
    return owners


def _overrun_rows(grids: list[Grid], chars: list[Char], box: np.ndarray, cx: np.ndarray, cy: np.ndarray) -> set[int]:
    """Indexes of the characters in grid rows where some glyph straddles or touches a column
    rule, or straddles a row rule: text running over its cell's edge, which the PDF may clip away
    (Excel exports do). `box` are the characters' boxes (boxes(chars)), `cx`, `cy` their centres."""
    out: set[int] = set()
    if not chars:
        return out
    x0, y0, x1, y1 = box
    for grid in grids:
        inside = np.flatnonzero(grid.contains_all(cx, cy))
        if not len(inside):
            continue
        across = _straddles(np.asarray(grid.xs[1:-1], dtype=float), x0[inside] - 0.5, x1[inside] + 0.5)
        down = _straddles(np.sort(np.asarray(grid.ys[1:-1], dtype=float)), y0[inside] + 0.5, y1[inside] - 0.5)
        rows = grid.cells_of(cx[inside], cy[inside]) // grid.width  # each character's (merged) cell's row
        overrun = set(rows[across | down].tolist()) | {row + 1 for row in rows[down].tolist()}
        if overrun:
            out |= {chars[i].index for i, row in zip(inside.tolist(), rows.tolist(), strict=True) if row in overrun}
    return out


def _straddles(rules: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Whether a rule (sorted positions) stands in [low, high) for each (low, high): the first rule
    at or after low (bisect_left) lies before high."""
    if not len(rules):
        return np.zeros(len(low), dtype=bool)
    at = np.searchsorted(rules, low, side="left")
    return (at < len(rules)) & (rules[np.minimum(at, len(rules) - 1)] < high)


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
        if is_page_number(line.text):
            break  # the page's number printed just under the grid is page furniture, never the cell's words
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
