"""Table grids on a page, and the text of each cell.

A grid is column and row boundaries plus the merged regions between them. Ruled grids come from
the page's rules (or from camelot, see camelot_grids.py); unruled grids from how the text lines
up (text_grid). Either way, characters are then placed into cells by their centres, so a cell
whose text wraps over two lines stays one cell.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import pairwise
from operator import attrgetter

import numpy as np

from budgetlib.readers.pdf.geometry import IDEOGRAPHIC_SPACE, Char, Segment
from budgetlib.readers.pdf.settings import DEFAULT, ReaderSettings


@dataclass
class Grid:
    """Boundaries: xs ascending (left → right), ys descending (top → bottom), in PDF points."""

    page: int
    xs: list[float]
    ys: list[float]
    anchors: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)  # merged cell → its top-left
    margin: float = 1.0  # pt: characters this far outside the outer rules still belong to the grid
    _anchor_table: np.ndarray | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._negated_ys = [-y for y in self.ys]  # ascending, for bisect

    @property
    def top(self) -> float:
        return self.ys[0]

    @property
    def bottom(self) -> float:
        return self.ys[-1]

    @property
    def width(self) -> int:
        return len(self.xs) - 1

    @property
    def height(self) -> int:
        return len(self.ys) - 1

    def contains(self, char: Char) -> bool:
        m = self.margin
        return self.xs[0] - m <= char.cx <= self.xs[-1] + m and self.ys[-1] - m <= char.cy <= self.ys[0] + m

    def contains_all(self, cx: np.ndarray, cy: np.ndarray) -> np.ndarray:
        """`contains` for many characters at once, given their centres (see centres)."""
        m = self.margin
        return (self.xs[0] - m <= cx) & (cx <= self.xs[-1] + m) & (self.ys[-1] - m <= cy) & (cy <= self.ys[0] + m)

    def cell_of(self, char: Char) -> tuple[int, int]:
        column = min(max(bisect_right(self.xs, char.cx) - 1, 0), self.width - 1)
        row = min(max(bisect_right(self._negated_ys, -char.cy) - 1, 0), self.height - 1)
        return self.anchors.get((row, column), (row, column))

    def cells_of(self, cx: np.ndarray, cy: np.ndarray) -> np.ndarray:
        """`cell_of` for many characters at once: each one's (merged) cell as row * width + column."""
        column = np.clip(np.searchsorted(self.xs, cx, side="right") - 1, 0, self.width - 1)
        row = np.clip(np.searchsorted(self._negated_ys, -cy, side="right") - 1, 0, self.height - 1)
        return self.anchor_table()[row, column]

    def anchor_table(self) -> np.ndarray:
        """Every cell's region as row * width + column of its top-left cell (height × width)."""
        if self._anchor_table is None:
            table = np.arange(self.height * self.width).reshape(self.height, self.width)
            for (row, column), (anchor_row, anchor_column) in self.anchors.items():
                table[row, column] = anchor_row * self.width + anchor_column
            self._anchor_table = table
        return self._anchor_table

    def cells(self, chars: list[Char], settings: ReaderSettings = DEFAULT,
              at: tuple[np.ndarray, np.ndarray] | None = None) -> list[list[str]]:
        """The grid's text: each cell's characters in reading order, wrapped lines joined. `at` are the
        characters' centres when the caller has them (centres(chars))."""
        rows = [[""] * self.width for _ in range(self.height)]
        if not chars:
            return rows
        cells = self.cells_of(*(at if at is not None else centres(chars)))
        order = np.argsort(cells, kind="stable")  # by cell, each cell's characters in their page order
        ordered = cells[order]
        starts = [0, *(np.flatnonzero(ordered[1:] != ordered[:-1]) + 1).tolist(), len(chars)]
        order_list, ordered_list = order.tolist(), ordered.tolist()
        for start, end in pairwise(starts):
            row, column = divmod(ordered_list[start], self.width)
            rows[row][column] = join_chars([chars[i] for i in order_list[start:end]], settings, keep_indent=True)
        return rows


def boxes(chars: list[Char]) -> np.ndarray:
    """The characters' boxes as one array of rows x0, y0, x1, y1 (4 × n)."""
    if not chars:
        return np.empty((4, 0))
    return np.array(list(zip(*chars, strict=True))[:4], dtype=float)


def centres(chars: list[Char], box: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The characters' centres (cx, cy) as arrays, computed as Char.cx and Char.cy compute them;
    from their `box` (boxes(chars)) when the caller has it."""
    x0, y0, x1, y1 = boxes(chars) if box is None else box
    return (x0 + x1) / 2, (y0 + y1) / 2


def join_chars(chars: list[Char], settings: ReaderSettings = DEFAULT, keep_indent: bool = False) -> str:
    """Characters → text: lines top to bottom joined without a break (CJK wraps mid-word);
    a visible gap inside a line becomes one space, except the even spread of justified Chinese.
    With keep_indent, the ideographic spaces (U+3000) that open the text stay: in a cell they are
    the indent that shows the row's level (类/款/项) where no code is printed."""
    parts = []
    cjk_gap, gap = settings.cjk_space_gap, settings.space_gap
    for number, line in enumerate(group_lines(chars, settings)):
        text, previous, previous_cjk = "", None, False
        for char in line:
            glyph = char.text
            if glyph == IDEOGRAPHIC_SPACE:
                if keep_indent and number == 0 and not text.strip(IDEOGRAPHIC_SPACE):
                    text += IDEOGRAPHIC_SPACE
                elif text[-1:] != " ":
                    text += " "
                continue
            cjk = _is_cjk(glyph)
            if previous is not None and text[-1:] != " ":
                size = char.size
                if char.x0 - previous.x1 > (cjk_gap if previous_cjk and cjk else gap) * (1.0 if size < 1.0 else size):
                    text += " "
            text += glyph
            previous, previous_cjk = char, cjk
        parts.append(text.strip(" ") if keep_indent and number == 0 else text.strip())
    joined = "".join(parts)
    return joined.rstrip() if keep_indent else joined.strip()


def _is_cjk(text: str) -> bool:
    """CJK ideographs and the full-width punctuation set with them (、，：（）《》“”)."""
    return "\u3000" <= text <= "\u9fff" or "\uff00" <= text <= "\uffef" or text in "“”‘’"


def group_lines(chars: list[Char], settings: ReaderSettings = DEFAULT) -> list[list[Char]]:
    """Characters grouped into text lines, top to bottom, each left to right.

    Sorted by height on the page, a line's characters come together; a character joins the line
    being built when it overlaps it vertically by more than half its height."""
    if len(chars) == 1:
        return [list(chars)]
    overlap = settings.line_overlap
    lines: list[list[Char]] = []
    low = high = 0.0
    # min(a, b) is written (b if b < a else a) and max(a, b) (b if b > a else a): the same values
    # (the builtins keep the first of equals), without a call per character
    for char in sorted(chars, key=_downwards):
        y0, y1 = char.y0, char.y1
        height = y1 - y0
        if lines and (y1 if y1 < high else high) - (y0 if y0 > low else low) > overlap * (
                0.5 if height < 0.5 else height):
            lines[-1].append(char)
            low, high = (y0 if y0 < low else low), (y1 if y1 > high else high)
        else:
            lines.append([char])
            low, high = y0, y1
    return [sorted(line, key=_X0) if len(line) > 1 else line for line in lines]


_X0 = attrgetter("x0")


def _downwards(char: Char) -> float:
    """The sort key that puts characters top to bottom: minus the centre's height (Char.cy)."""
    return -((char.y0 + char.y1) / 2)


def ruled_grids(segments: list[Segment], page: int, chars: list[Char] | None = None,
                settings: ReaderSettings = DEFAULT) -> list[Grid]:
    """Grids from rules: connected sets of horizontal and vertical rules, with merges where a rule
    is missing.

    Rules a few points apart are snapped onto one (cells that draw their own borders double them),
    a sliver row or column with no text in it is merged away, and a vertical rule that no
    horizontal crosses (a column merged over a page break) joins the grid it stands beside."""
    horizontals = _merge_collinear(_snap([s for s in segments if s.horizontal], settings), settings)
    verticals = _merge_collinear(_snap([s for s in segments if not s.horizontal], settings), settings)
    components, loose = _connected(horizontals, verticals, settings)
    grids = []
    cx, cy = (array.tolist() for array in centres(chars or []))
    for group_h, group_v in components:
        group_v = group_v + _beside(group_h, group_v, loose, components, settings)
        xs = _unslivered(sorted({s.at for s in group_v}), cx, settings)
        ys = _unslivered(sorted({s.at for s in group_h}), cy, settings)
        if len(xs) >= 2 and len(ys) >= 2:
            group_h, group_v = _onto(group_h, ys, settings.sliver), _onto(group_v, xs, settings.sliver)
            ys = ys[::-1]
            grids.append(Grid(page, xs, ys, _anchors(xs, ys, group_h, group_v, settings), settings.cell_margin))
    return sorted(grids, key=lambda g: -g.top)


def _snap(segments: list[Segment], settings: ReaderSettings) -> list[Segment]:
    """Rules whose positions chain within the snap tolerance sit at one position: the
    length-weighted mean of the group (the long rule wins over a stray border piece)."""
    out: list[Segment] = []
    group: list[Segment] = []
    for segment in [*sorted(segments, key=lambda s: s.at), None]:
        if segment is not None and (not group or segment.at - group[-1].at <= settings.snap_tolerance):
            group.append(segment)
            continue
        if group:
            weight = sum(max(s.end - s.start, 0.1) for s in group)
            at = sum(s.at * max(s.end - s.start, 0.1) for s in group) / weight
            out.extend(Segment(s.horizontal, at, s.start, s.end) for s in group)
        group = [segment] if segment is not None else []
    return out


def _merge_collinear(segments: list[Segment], settings: ReaderSettings) -> list[Segment]:
    """Join the pieces of one rule (cells draw their own borders, so a rule comes in many pieces)."""
    out: list[Segment] = []
    for piece in sorted(segments, key=lambda s: (s.at, s.start)):
        last = out[-1] if out and out[-1].at == piece.at else None
        if last and piece.start <= last.end + settings.join_tolerance:
            out[-1] = Segment(last.horizontal, last.at, last.start, max(last.end, piece.end))
        else:
            out.append(piece)
    return out


def _unslivered(positions: list[float], centres: list[float], settings: ReaderSettings) -> list[float]:
    """Drop the inner boundary of a row or column thinner than `sliver` that holds no text."""
    out: list[float] = []
    for position in positions:
        if out and position - out[-1] < settings.sliver and not any(out[-1] < c < position for c in centres):
            if len(out) == 1:  # keep the grid's outer edge, drop the inner one
                continue
            out[-1] = position
            continue
        out.append(position)
    return out


def _onto(segments: list[Segment], positions: list[float], reach: float) -> list[Segment]:
    """Rules moved onto the boundary they were merged into (a sliver's dropped side)."""
    out = []
    for s in segments:
        nearest = _nearest(positions, s.at)
        out.append(Segment(s.horizontal, nearest, s.start, s.end) if abs(nearest - s.at) <= reach else s)
    return out


def _nearest(positions: list[float], at: float) -> float:
    """The position closest to `at` (the lower of two as close): min(positions, key=distance) for
    ascending positions, by bisection rather than a scan."""
    index = bisect_left(positions, at)
    if index == 0:
        return positions[0]
    if index == len(positions):
        return positions[-1]
    below, above = positions[index - 1], positions[index]
    return above if abs(above - at) < abs(below - at) else below


CROSSING_CELLS = 1 << 20  # pairs of rules compared at once when finding which cross


def _connected(horizontals: list[Segment], verticals: list[Segment], settings: ReaderSettings):
    """Union-find over crossing rules: each component with two rules each way is one table; the
    vertical rules left alone are returned apart (they may border a column merged over a page break)."""
    parent = list(range(len(horizontals) + len(verticals)))
    tolerance = settings.join_tolerance

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    if horizontals and verticals:  # which rules cross, all pairs at once (the components do not depend on the order)
        h_at, h_start, h_end = (np.array(values) for values in zip(*((h.at, h.start, h.end) for h in horizontals),
                                                                      strict=True))
        v_at, v_start, v_end = (np.array(values) for values in zip(*((v.at, v.start, v.end) for v in verticals),
                                                                      strict=True))
        v_low, v_high = v_start - tolerance, v_end + tolerance
        step = max(1, CROSSING_CELLS // len(verticals))  # rows of the crossing matrix at a time: memory stays bounded
        for first in range(0, len(horizontals), step):
            rows = slice(first, first + step)
            at = h_at[rows, None]
            crosses = ((h_start[rows] - tolerance)[:, None] <= v_at) & (v_at <= (h_end[rows] + tolerance)[:, None]) & \
                      (v_low <= at) & (at <= v_high)
            for i, j in zip(*np.nonzero(crosses), strict=True):
                parent[find(first + int(i))] = find(len(horizontals) + int(j))
    groups: dict[int, tuple[list[Segment], list[Segment]]] = {}
    for i, h in enumerate(horizontals):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(verticals):
        groups.setdefault(find(len(horizontals) + j), ([], []))[1].append(v)
    components = [g for g in groups.values() if len(g[0]) >= 2 and len(g[1]) >= 2]
    loose = [v for g in groups.values() if not g[0] for v in g[1]]
    return components, loose


def _beside(horizontals: list[Segment], verticals: list[Segment], loose: list[Segment],
            components: list, settings: ReaderSettings) -> list[Segment]:
    """Loose vertical rules within a grid's height, covering enough of it, with no other grid
    between them and it: the borders of columns whose cells run on from the previous page."""
    top, bottom = max(s.at for s in horizontals), min(s.at for s in horizontals)
    left, right = min(s.at for s in verticals), max(s.at for s in verticals)
    tolerance = settings.snap_tolerance
    others = [(min(v.at for v in g[1]), max(v.at for v in g[1]), min(h.at for h in g[0]), max(h.at for h in g[0]))
              for g in components if g[0] is not horizontals]
    out = []
    for rule in loose:
        inside = rule.start >= bottom - tolerance and rule.end <= top + tolerance
        short = rule.end - rule.start < settings.orphan_rule_cover * (top - bottom)
        if not inside or short or left <= rule.at <= right:
            continue
        low, high = sorted((rule.at, left if rule.at < left else right))
        if not any(low < o_right and o_left < high and o_bottom < top and bottom < o_top
                   for o_left, o_right, o_bottom, o_top in others):
            out.append(rule)
    return out


def _coverage(segments: list[Segment], positions: list[float], points: list[float], tolerance: float) -> np.ndarray:
    """covered[i, j]: some rule stands at positions[i] (within tolerance) and spans points[j] along it.
    One array comparison per position rather than a scan of every rule for every cell edge."""
    covered = np.zeros((len(positions), len(points)), dtype=bool)
    if not segments or not points:
        return covered
    at = np.array([s.at for s in segments])
    low = np.array([s.start for s in segments]) - tolerance
    high = np.array([s.end for s in segments]) + tolerance
    along = np.asarray(points, dtype=float)[:, None]
    for index, position in enumerate(positions):
        near = np.flatnonzero(np.abs(at - position) <= tolerance)
        if len(near):
            covered[index] = ((low[near] <= along) & (along <= high[near])).any(axis=1)
    return covered


def _anchors(xs: list[float], ys: list[float], horizontals: list[Segment], verticals: list[Segment],
             settings: ReaderSettings):
    """Cells with no rule between them are one merged cell; map each to its region's top-left."""
    height, width = len(ys) - 1, len(xs) - 1
    parent = {(r, c): (r, c) for r in range(height) for c in range(width)}
    tolerance = settings.snap_tolerance

    def find(cell):
        while parent[cell] != cell:
            cell = parent[cell]
        return cell

    def union(a, b):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    middle_ys = [(ys[r] + ys[r + 1]) / 2 for r in range(height)]
    middle_xs = [(xs[c] + xs[c + 1]) / 2 for c in range(width)]
    columns_ruled = _coverage(verticals, xs[1:-1], middle_ys, tolerance).tolist()  # [inner x][row]
    rows_ruled = _coverage(horizontals, ys[1:-1], middle_xs, tolerance).tolist()  # [inner y][column]
    for r in range(height):
        for c in range(width - 1):
            if not columns_ruled[c][r]:
                union((r, c), (r, c + 1))
    for c in range(width):
        for r in range(height - 1):
            if not rows_ruled[r][c]:
                union((r, c), (r + 1, c))
    return {cell: find(cell) for cell in parent if find(cell) != cell}
