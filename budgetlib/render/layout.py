"""From a text-form table to a printed sheet: merged header cells, fix-ups, the truth grid.

The truth grid follows the text form's convention: a merged cell's text sits in its top-left
position and the positions it covers are empty strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from budgetlib.catalogue import match_kind
from budgetlib.catalogue.vocabulary import UNIT
from budgetlib.readers.base import RawTable
from budgetlib.tidy.codes import is_code
from budgetlib.tidy.numbers import is_amount, normalise_cell
from budgetlib.tidy.tables import count_header_rows


@dataclass
class Cell:
    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False

    @property
    def numeric(self) -> bool:
        """Amounts are right-aligned; subject codes, though digits, read as labels."""
        return is_amount(self.text) and not is_code(self.text)


@dataclass
class Sheet:
    title: str
    label: str
    unit_line: str
    width: int
    grid: list[list[str]]
    header_rows: int
    cells: list[Cell] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def sheet_from_table(table: RawTable) -> Sheet:
    """Lay one text-form table out as a sheet with merged cells."""
    kind = match_kind(table.title)
    performance = kind is not None and kind.layout == "performance"
    grid = [[normalise_cell(c) for c in row] for row in table.rows]
    grid = _realign_indicator_rows(grid) if performance else _join_wrapped_rows(grid)
    width = max(len(row) for row in grid)
    grid = [row + [""] * (width - len(row)) for row in grid]
    header_rows = 0 if performance or kind is None else count_header_rows(grid, kind)
    cells = _merge(grid, header_rows, performance)
    notes = [n for n in table.notes if not n.startswith("编制单位")]
    org = next((UNIT.sub("", n).strip() for n in table.notes if n.startswith("编制单位")), "")
    unit = f"单位：{table.unit}" if table.unit else ""
    return Sheet(table.title, table.label, f"{org}    {unit}".strip(), width, grid, header_rows, cells, notes)


def _realign_indicator_rows(grid: list[list[str]]) -> list[list[str]]:
    """The text export dropped the leading blank of some indicator rows; the printed table has it."""
    out, in_indicators = [], False
    for row in grid:
        if row and row[0] == "绩效指标":
            in_indicators = True
        elif in_indicators and row and row[0] and (not row[-1]):
            row = ["", *row[:-1]]
        out.append(row)
    return out


def _join_wrapped_rows(grid: list[list[str]]) -> list[list[str]]:
    """The text export split a wrapped name over two rows (机关事业单位职业年金缴 / 费支出);
    in print it is one cell whose text wraps."""
    out: list[list[str]] = []
    for row in grid:
        filled = [i for i, cell in enumerate(row) if cell]
        previous = out[-1] if out else []
        if len(filled) == 1 and filled[0] == 1 and previous and is_code(previous[0]):
            out[-1] = [*previous[:1], previous[1] + row[1], *previous[2:]]
            continue
        out.append(row)
    return out


def _merge(grid: list[list[str]], header_rows: int, performance: bool) -> list[Cell]:
    """Merged regions: header labels spread over the empty cells right of and below them;
    performance tables also spread label values to the right and 绩效指标 down its column."""
    height, width = len(grid), len(grid[0]) if grid else 0
    covered = [[False] * width for _ in range(height)]
    cells = []
    for r in range(height):
        in_header = r < header_rows
        for c in range(width):
            if covered[r][c]:
                continue
            text = grid[r][c]
            colspan = rowspan = 1
            if text and (in_header or performance):
                while c + colspan < width and not grid[r][c + colspan] and not covered[r][c + colspan] and (
                        in_header or not _is_indicator_row(grid, r)):
                    colspan += 1
                limit = header_rows if in_header else height
                while r + rowspan < limit and all(not grid[r + rowspan][k] for k in range(c, c + colspan)) and (
                        in_header or (performance and text == "绩效指标")):
                    rowspan += 1
            for rr in range(r, r + rowspan):
                for cc in range(c, c + colspan):
                    covered[rr][cc] = True
            cells.append(Cell(r, c, text, rowspan, colspan, header=in_header))
    return cells


def _is_indicator_row(grid: list[list[str]], r: int) -> bool:
    """Rows of the indicator grid keep one cell per column (no spreading)."""
    return any(row and row[0] == "绩效指标" for row in grid[: r + 1])
