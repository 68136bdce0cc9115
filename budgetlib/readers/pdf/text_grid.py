"""Unruled tables: columns from how the text lines up, rows from the vertical gaps between lines.

Within a cell, wrapped lines sit closer together than two rows do; a column is a band of x
where text stands in the body rows (amount-bearing lines), widened by header text that stands
alone (columns printed empty except for their header).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetlib.readers.pdf.geometry import Char
from budgetlib.readers.pdf.grids import group_lines, join_chars
from budgetlib.readers.pdf.settings import DEFAULT, ReaderSettings

CODE = re.compile(r"\d{3}(?:\d{2}){0,2}")
NUMBER = re.compile(r"\d[\d, ]*\.\d+|\d{1,3}(?:, ?\d{3})+")


@dataclass
class Band:
    left: float
    right: float


def segments(line: list[Char], settings: ReaderSettings = DEFAULT) -> list[list[Char]]:
    """Split a text line where the gap between characters is wider than `column_gap`."""
    out: list[list[Char]] = []
    gap = settings.column_gap
    for char in line:
        size = char.size
        if out and char.x0 - out[-1][-1].x1 <= gap * (1.0 if size < 1.0 else size):  # max(size, 1.0)
            out[-1].append(char)
        else:
            out.append([char])
    return out


def rows_of(chars: list[Char], settings: ReaderSettings = DEFAULT) -> list[list[list[Char]]]:
    """Lines grouped into table rows: a line closer than half a character to the row above joins it.

    Only a line that continues a cell above it (overlapping it in x) extends the row downwards, so
    a label centred over many rows (绩效指标) joins one row without gluing two rows together."""
    rows: list[list[list[Char]]] = []
    row_bottom = 0.0
    for line in group_lines(chars, settings):
        top, bottom = max(c.y1 for c in line), min(c.y0 for c in line)
        size = max(c.size for c in line)
        if rows and row_bottom - top < settings.row_gap * size:
            continues = len(segments(line, settings)) > 1 or any(
                c.x0 < other.x1 and other.x0 < c.x1 for c in line for above in rows[-1] for other in above)
            rows[-1].append(line)
            row_bottom = min(row_bottom, bottom) if continues else row_bottom
        else:
            rows.append([line])
            row_bottom = bottom
    return rows


def is_body_row(row: list[list[Char]], settings: ReaderSettings = DEFAULT) -> bool:
    """A body row carries a figure (or opens with a subject code); header rows carry labels only."""
    pieces = [join_chars(piece, settings).replace(" ", "") for line in row for piece in segments(line, settings)]
    return any(NUMBER.fullmatch(piece) for piece in pieces) or bool(pieces and CODE.fullmatch(pieces[0]))


def bands_of(rows: list[list[list[Char]]], settings: ReaderSettings = DEFAULT) -> list[Band]:
    """Column bands, from the text of the most columnar rows outwards.

    The fullest rows (about as many pieces as the fullest one) set the bands; pieces of other
    rows widen a band they fall in, or add one beyond the outer edges (a column empty but for
    its label), but never bridge two bands, come closer to another than a cell gap, or open one
    in a gap (a label or figure centred over merged columns).
    Prose wider than 40 % of the table is left out."""
    left = min((c.x0 for row in rows for line in row for c in line), default=0.0)
    right = max((c.x1 for row in rows for line in row for c in line), default=0.0)
    pieces_by_row = [[(p[0].x0, p[-1].x1) for line in row for p in segments(line, settings)] for row in rows]
    wide = settings.prose_share * (right - left)
    pieces_by_row = [[p for p in pieces if p[1] - p[0] < wide] for pieces in pieces_by_row]
    counts = [len(_union(pieces, settings)) for pieces in pieces_by_row]  # wrapped lines of one cell count once
    enough = max(3, max(counts, default=0) - 1)
    chosen, others = [], []
    body_chosen = False
    for pieces, count, row in zip(pieces_by_row, counts, rows, strict=True):
        (chosen if count >= enough else others).extend(pieces)
        body_chosen = body_chosen or (count >= enough and is_body_row(row, settings))
    bands = _union(chosen or others, settings)
    if not chosen:
        return bands
    sizes = sorted(c.size for row in rows for line in row for c in line)
    clear = settings.column_gap * (sizes[len(sizes) // 2] if sizes else 0.0)  # a gap that separates two cells
    for a, b in others:
        touched = [band for band in bands if a < band.right + clear and band.left - clear < b]
        beyond = b < bands[0].left or a > bands[-1].right
        if len(touched) == 1 or beyond:
            bands = _union([(band.left, band.right) for band in bands] + [(a, b)], settings)
    if not body_chosen:  # the bands come from header labels alone: body text may not cross them
        bands = _bridged(bands, [pieces for pieces, row in zip(pieces_by_row, rows, strict=True)
                                 if is_body_row(row, settings)], settings)
    return _merge_exclusive(bands, rows, settings)


def _bridged(bands: list[Band], body: list[list[tuple[float, float]]], settings: ReaderSettings) -> list[Band]:
    """One piece of body text never crosses a column boundary: bands it spans are one column (two
    header labels over one wide name column, where the names are longer than either label)."""
    spans = [(a, b) for pieces in body for a, b in pieces
             if sum(1 for band in bands if a < band.right and band.left < b) >= 2]
    if not spans:
        return bands
    return _union([(band.left, band.right) for band in bands] + spans, settings)


def _merge_exclusive(bands: list[Band], rows: list[list[list[Char]]], settings: ReaderSettings) -> list[Band]:
    """Neighbouring bands that no row fills both of are one column whose text is aligned
    differently (a centred label over right-aligned figures)."""
    def filled(row: list[list[Char]]) -> set[int]:
        return {_band_index(bands, piece) for line in row for piece in segments(line, settings)}

    occupancy = [filled(row) for row in rows]
    merged: list[Band] = []
    members: list[set[int]] = []
    for index, band in enumerate(bands):
        if merged and not any((index in used) and (used & members[-1]) for used in occupancy):
            merged[-1] = Band(merged[-1].left, band.right)
            members[-1].add(index)
        else:
            merged.append(Band(band.left, band.right))
            members.append({index})
    return merged


def _union(intervals: list[tuple[float, float]], settings: ReaderSettings = DEFAULT) -> list[Band]:
    out: list[Band] = []
    for left, right in sorted(intervals):
        if out and left <= out[-1].right + settings.band_join:
            out[-1].right = max(out[-1].right, right)
        else:
            out.append(Band(left, right))
    return out


def text_grid(chars: list[Char], bands: list[Band] | None = None,
              settings: ReaderSettings = DEFAULT) -> tuple[list[list[str]], list[Band]]:
    """The grid of an unruled table block (and the bands used, for its continuation pages)."""
    rows = rows_of(chars, settings)
    bands = bands or bands_of(rows, settings)
    # a table with no figure at all (an empty one) still ends with a body row
    first_body = next((i for i, row in enumerate(rows) if is_body_row(row, settings)), max(len(rows) - 1, 0))
    grid: list[list[str]] = []
    if first_body:
        grid, bands = header_grid(rows[:first_body], bands, settings)
    for row in rows[first_body:]:
        cells: list[list[Char]] = [[] for _ in bands]
        for line in row:
            for piece in segments(line, settings):
                cells[_band_index(bands, piece)].extend(piece)
        grid.append([join_chars(cell, settings) for cell in cells])
    return grid, bands


@dataclass
class Label:
    """A header label: one piece of text, with the wrapped lines below it that continue it."""

    chars: list[Char]

    @property
    def left(self) -> float:
        return min(c.x0 for c in self.chars)

    @property
    def right(self) -> float:
        return max(c.x1 for c in self.chars)

    @property
    def top(self) -> float:
        return max(c.y1 for c in self.chars)

    @property
    def bottom(self) -> float:
        return min(c.y0 for c in self.chars)


def header_grid(rows: list[list[list[Char]]], bands: list[Band],
                settings: ReaderSettings = DEFAULT) -> tuple[list[list[str]], list[Band]]:
    """Header rows, recovered without rules.

    Labels are grouped into levels by their vertical centre. A level is a real row when one of its
    labels stands above or below a label of another level; a level that stacks with nothing holds
    labels merged over several rows (centred between them), which belong to the row above. In a
    row, a label goes to the leftmost column between the midpoints to its neighbours (a label
    merged over columns is centred over them).
    """
    labels = _labels([line for row in rows for line in row], settings)
    levels = _levels(labels, settings)
    if not levels:
        return [], bands
    # a column printed empty but for its bottom header label: the label marks the column
    extra = [label for label in levels[-1] if not any(label.left < b.right and b.left < label.right for b in bands)]
    bands = sorted([*bands, *(Band(label.left, label.right) for label in extra)], key=lambda band: band.left)
    columns = {id(label): _bands_under(bands, level, label) for level in levels for label in level}
    real = [i for i, level in enumerate(levels)
            if any(columns[id(a)] & columns[id(b)] for a in level for j, other in enumerate(levels) if j != i
                   for b in other)]
    if not real:
        real = [0]
    owner = {}  # level → the real row it belongs to
    for i in range(len(levels)):
        above = [r for r in real if r <= i]
        owner[i] = real.index(above[-1]) if above else 0
    grid = [[""] * len(bands) for _ in real]
    for i, level in enumerate(levels):
        row = owner[i]
        neighbours = [label for j, other in enumerate(levels) for label in other
                      if owner[j] == row or (j not in real and owner[j] == row - 1 and j + 1 in real
                                             and real.index(j + 1) == row)]
        neighbours.sort(key=lambda label: label.left)
        for label in level:
            column = _spanned_band(bands, neighbours, label)
            grid[row][column] = (grid[row][column] + join_chars(label.chars, settings)).strip()
    return grid, bands


def _levels(labels: list[Label], settings: ReaderSettings) -> list[list[Label]]:
    """Labels grouped by vertical centre (within `level_tolerance`), top to bottom, each left to right."""
    levels: list[list[Label]] = []
    for label in sorted(labels, key=lambda label: -(label.top + label.bottom)):
        centre = (label.top + label.bottom) / 2
        if levels and abs((levels[-1][0].top + levels[-1][0].bottom) / 2 - centre) <= settings.level_tolerance:
            levels[-1].append(label)
        else:
            levels.append([label])
    return [sorted(level, key=lambda label: label.left) for level in levels]


def _bands_under(bands: list[Band], level: list[Label], label: Label) -> set[int]:
    """The columns a label stands over: those it overlaps, or (a label centred in a gap) those whose
    centres lie between the midpoints to its neighbours on its level."""
    over = {i for i, band in enumerate(bands) if label.left < band.right and band.left < label.right}
    if over or not bands:
        return over
    if len(level) == 1:  # a lone label in a gap: the nearest column
        centre = (label.left + label.right) / 2
        return {min(range(len(bands)), key=lambda i: abs((bands[i].left + bands[i].right) / 2 - centre))}
    position = level.index(label)
    left = (level[position - 1].right + label.left) / 2 if position else float("-inf")
    right = (label.right + level[position + 1].left) / 2 if position + 1 < len(level) else float("inf")
    return {i for i, band in enumerate(bands) if left <= (band.left + band.right) / 2 <= right}


def _labels(lines: list[list[Char]], settings: ReaderSettings) -> list[Label]:
    labels: list[Label] = []
    for line in lines:
        for piece in segments(line, settings):
            size = max(c.size for c in piece)
            left, right, top = piece[0].x0, piece[-1].x1, max(c.y1 for c in piece)
            above = next((label for label in reversed(labels) if label.left < right and left < label.right
                          and 0 <= label.bottom - top < settings.row_gap * size), None)
            if above is not None:
                above.chars.extend(piece)
            else:
                labels.append(Label(list(piece)))
    return labels


def _spanned_band(bands: list[Band], neighbours: list[Label], label: Label) -> int:
    position = next(i for i, other in enumerate(neighbours) if other is label)
    left = (neighbours[position - 1].right + label.left) / 2 if position else float("-inf")
    right = (label.right + neighbours[position + 1].left) / 2 if position + 1 < len(neighbours) else float("inf")
    for index, band in enumerate(bands):
        if left <= (band.left + band.right) / 2 <= right:
            return index
    return _band_index(bands, label.chars)


def _band_index(bands: list[Band], piece: list[Char]) -> int:
    """The first band the piece overlaps, else the nearest one."""
    left, right = piece[0].x0, piece[-1].x1
    for index, band in enumerate(bands):
        if left < band.right and band.left < right:
            return index
    centre = (left + right) / 2
    return min(range(len(bands)), key=lambda i: min(abs(bands[i].left - centre), abs(bands[i].right - centre)))
