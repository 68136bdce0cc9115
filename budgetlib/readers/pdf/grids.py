"""Table grids on a page, and the text of each cell.

A grid is column and row boundaries plus the merged regions between them. Ruled grids come from
the page's rules (or from camelot, see camelot_grids.py); unruled grids from how the text lines
up (text_grid). Either way, characters are then placed into cells by their centres, so a cell
whose text wraps over two lines stays one cell.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from budgetlib.readers.pdf.geometry import Char, Segment

TOLERANCE = 1.5  # pt: rules closer than this are one rule


@dataclass
class Grid:
    """Boundaries: xs ascending (left → right), ys descending (top → bottom), in PDF points."""

    page: int
    xs: list[float]
    ys: list[float]
    anchors: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)  # merged cell → its top-left

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
        return self.xs[0] - 1 <= char.cx <= self.xs[-1] + 1 and self.ys[-1] - 1 <= char.cy <= self.ys[0] + 1

    def cell_of(self, char: Char) -> tuple[int, int]:
        column = min(max(bisect_right(self.xs, char.cx) - 1, 0), self.width - 1)
        row = min(max(bisect_right(self._negated_ys, -char.cy) - 1, 0), self.height - 1)
        return self.anchors.get((row, column), (row, column))

    def cells(self, chars: list[Char]) -> list[list[str]]:
        """The grid's text: each cell's characters in reading order, wrapped lines joined."""
        buckets: dict[tuple[int, int], list[Char]] = {}
        for char in chars:
            buckets.setdefault(self.cell_of(char), []).append(char)
        rows = [[""] * self.width for _ in range(self.height)]
        for (row, column), members in buckets.items():
            rows[row][column] = join_chars(members)
        return rows


def join_chars(chars: list[Char]) -> str:
    """Characters → text: lines top to bottom joined without a break (CJK wraps mid-word);
    a visible gap inside a line becomes one space."""
    lines = group_lines(chars)
    parts = []
    for line in lines:
        text, previous = "", None
        for char in line:
            if previous is not None and char.x0 - previous.x1 > 0.25 * max(char.size, 1.0) and text[-1:] != " ":
                text += " "
            text += char.text
            previous = char
        parts.append(text.strip())
    return "".join(parts).strip()


def group_lines(chars: list[Char]) -> list[list[Char]]:
    """Characters grouped into text lines, top to bottom, each left to right.

    Sorted by height on the page, a line's characters come together; a character joins the line
    being built when it overlaps it vertically by more than half its height."""
    lines: list[list[Char]] = []
    low = high = 0.0
    for char in sorted(chars, key=lambda c: -c.cy):
        height = max(char.y1 - char.y0, 0.5)
        if lines and min(high, char.y1) - max(low, char.y0) > 0.5 * height:
            lines[-1].append(char)
            low, high = min(low, char.y0), max(high, char.y1)
        else:
            lines.append([char])
            low, high = char.y0, char.y1
    return [sorted(line, key=lambda c: c.x0) for line in lines]


def ruled_grids(segments: list[Segment], page: int) -> list[Grid]:
    """Grids from rules: connected sets of horizontal and vertical rules, with merges where a rule is missing."""
    horizontals = _merge_collinear([s for s in segments if s.horizontal])
    verticals = _merge_collinear([s for s in segments if not s.horizontal])
    grids = []
    for group_h, group_v in _connected(horizontals, verticals):
        xs = _cluster([s.at for s in group_v])
        ys = sorted(_cluster([s.at for s in group_h]), reverse=True)
        if len(xs) >= 2 and len(ys) >= 2:
            grids.append(Grid(page, xs, ys, _anchors(xs, ys, group_h, group_v)))
    return sorted(grids, key=lambda g: -g.top)


def _merge_collinear(segments: list[Segment]) -> list[Segment]:
    """Join pieces of the same rule (cells draw their own borders, so a rule comes in many pieces):
    rules within TOLERANCE of each other are one line, and its overlapping pieces one segment."""
    out: list[Segment] = []
    group: list[Segment] = []
    for segment in [*sorted(segments, key=lambda s: s.at), None]:
        if segment is not None and (not group or segment.at - group[-1].at <= TOLERANCE):
            group.append(segment)
            continue
        at = sum(s.at for s in group) / len(group) if group else 0.0
        for piece in sorted(group, key=lambda s: s.start):
            last = out[-1] if out and out[-1].at == at else None
            if last and piece.start <= last.end + TOLERANCE:
                out[-1] = Segment(last.horizontal, at, last.start, max(last.end, piece.end))
            else:
                out.append(Segment(piece.horizontal, at, piece.start, piece.end))
        group = [segment] if segment is not None else []
    return out


def _connected(horizontals: list[Segment], verticals: list[Segment]) -> list[tuple[list[Segment], list[Segment]]]:
    """Union-find over crossing rules: each component is one table."""
    parent = list(range(len(horizontals) + len(verticals)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(horizontals):
        for j, v in enumerate(verticals):
            crosses = h.start - TOLERANCE <= v.at <= h.end + TOLERANCE
            if crosses and v.start - TOLERANCE <= h.at <= v.end + TOLERANCE:
                parent[find(i)] = find(len(horizontals) + j)
    groups: dict[int, tuple[list[Segment], list[Segment]]] = {}
    for i, h in enumerate(horizontals):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(verticals):
        groups.setdefault(find(len(horizontals) + j), ([], []))[1].append(v)
    return [g for g in groups.values() if len(g[0]) >= 2 and len(g[1]) >= 2]


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if out and value - out[-1] <= TOLERANCE:
            continue
        out.append(value)
    return out


def _covered(segments: list[Segment], at: float, point: float) -> bool:
    return any(abs(s.at - at) <= TOLERANCE and s.start - TOLERANCE <= point <= s.end + TOLERANCE for s in segments)


def _anchors(xs: list[float], ys: list[float], horizontals: list[Segment], verticals: list[Segment]):
    """Cells with no rule between them are one merged cell; map each to its region's top-left."""
    height, width = len(ys) - 1, len(xs) - 1
    parent = {(r, c): (r, c) for r in range(height) for c in range(width)}

    def find(cell):
        while parent[cell] != cell:
            cell = parent[cell]
        return cell

    def union(a, b):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for r in range(height):
        middle_y = (ys[r] + ys[r + 1]) / 2
        for c in range(width - 1):
            if not _covered(verticals, xs[c + 1], middle_y):
                union((r, c), (r, c + 1))
    for c in range(width):
        middle_x = (xs[c] + xs[c + 1]) / 2
        for r in range(height - 1):
            if not _covered(horizontals, ys[r + 1], middle_x):
                union((r, c), (r + 1, c))
    return {cell: find(cell) for cell in parent if find(cell) != cell}
