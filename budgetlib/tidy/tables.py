"""Grids → long rows: one row per printed value, keyed by subject code and measure.

The table kind (from the catalogue) says the layout and the header → measure map; this module
only applies them. Blank cells in a column that exists are kept as 0.0 with `is_blank=True`, so
no printed row is ever dropped and sums stay honest.

Layouts seen in the corpus and handled here:
- codes printed whole (2010301) or split over 类/款/项 columns (201 | 03 | 01), joined;
- several blocks side by side (a 决算 basic table prints 301/303 left and 302/310 right; a
  收支总表 prints 收入 | 支出 or 收入 | 支出(功能分类) | 支出(支出用途));
- a 类/款/项 label row that doubles as the 合计 row (Shanghai 决算);
- 预算数/决算数 pairs under one heading (`basis` says which a value is).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetlib.catalogue import CODE_HEADER, NAME_HEADER, TOTAL_NAME, TableKind
from budgetlib.errors import TableError
from budgetlib.readers.base import RawTable
from budgetlib.tidy.codes import code_level, join_code, parent_code
from budgetlib.tidy.numbers import is_amount, is_blank, normalise_cell, parse_amount

LINE_COLUMNS = [
    "table", "classification", "code", "name", "level", "parent_code", "side", "measure", "basis",
    "amount", "is_blank", "source_unit", "page", "row", "table_index", "table_title", "source_line",
]
LEVEL_LABELS = ("类", "款", "项")
BASIS = {"预算数": "budget", "决算数": "final"}
Body = list[tuple[int, list[str]]]  # (grid row number, cells) of the rows below the header


@dataclass(frozen=True)
class Column:
    """What one grid column holds: a role (code, name, measure) and, for side-by-side blocks, a side."""

    index: int
    role: str  # "code", "name", "measure" or "" (ignored: no header, no values)
    measure: str = ""
    side: str = ""
    header: str = ""
    basis: str = ""


def tidy_table(table: RawTable, kind: TableKind, path: str) -> list[dict]:
    """All values of one table as long rows (see LINE_COLUMNS)."""
    rows = [[normalise_cell(cell) for cell in row] for row in table.rows]
    rows = [row for row in rows if any(row)]
    header_count = count_header_rows(rows, kind)
    rows, header_count = _lift_level_labels(rows, header_count)
    columns = describe_columns(rows[:header_count], kind, table, path)
    body = [(number, row) for number, row in enumerate(rows) if number >= header_count and not _is_note(row)]
    columns = [_unmapped_figures(column, body) for column in columns]
    if kind.layout == "single_row":
        return _single_row(body, columns, kind, table)
    return [line for block in blocks(columns) for line in _block(body, block, kind, table)]


def count_header_rows(rows: list[list[str]], kind: TableKind) -> int:
    """Header rows are the leading rows before the first row that carries data."""
    for number, row in enumerate(rows):
        if _is_data_row(row, kind):
            return number
    return len(rows)


def _is_data_row(row: list[str], kind: TableKind) -> bool:
    cells = [cell for cell in row if cell]
    if any(is_amount(cell) and not BASIS.get(cell) for cell in cells):
        return True
    if cells and re.match(kind.code_pattern, cells[0].replace(" ", "")):
        return True
    return len(cells) == 1 and bool(re.match(TOTAL_NAME, cells[0].replace(" ", "")))


def _lift_level_labels(rows: list[list[str]], header_count: int) -> tuple[list[list[str]], int]:
    """A first data row that opens with 类 | 款 | 项 is also the header's last row: split it."""
    if header_count < len(rows):
        row = rows[header_count]
        labels = [i for i, cell in enumerate(row) if cell in LEVEL_LABELS]
        if labels and labels == list(range(len(labels))):
            header = [cell if i in labels else "" for i, cell in enumerate(row)]
            data = ["" if i in labels else cell for i, cell in enumerate(row)]
            return [*rows[:header_count], header, data, *rows[header_count + 1:]], header_count + 1
    return rows, header_count


def _is_note(row: list[str]) -> bool:
    cells = [cell for cell in row if cell]
    return len(cells) == 1 and bool(re.match(r"^(?:注|备注|说明)\s*\d*\s*[：:]", cells[0]))


def describe_columns(header: list[list[str]], kind: TableKind, table: RawTable, path: str) -> list[Column]:
    """Give each column a role from its header cells (merged cells spread right, except in the last row)."""
    width = max((len(row) for row in [*header, *table.rows]), default=0)
    filled: list[list[str]] = []
    for row in header[:-1]:
        filled.append(_spread_merged(row, width, filled[-1] if filled else None))
    filled += [_pad(row, width) for row in header[-1:]]
    stacks = [[row[index].replace(" ", "") for row in filled if row[index]] for index in range(width)]
    paired = {"预算数", "决算数"} <= {stack[-1] for stack in stacks if stack}  # 决算: 预算数 | 决算数 pairs
    columns = [_column(index, stack, kind, paired) for index, stack in enumerate(stacks)]
    if not any(column.role == "measure" for column in columns) and kind.layout != "single_row":
        raise TableError(path, "no amount columns recognised in the header "
                               f"({' | '.join(c.header or '—' for c in columns)})", page=table.page, table=table.title)
    return columns


def _unmapped_figures(column: Column, body: Body) -> Column:
    """A column of figures under a header no catalogue entry knows is kept, never dropped: its measure
    names the printed header ("column:其中：基本建设资金") until the catalogue learns it."""
    if column.role or not any(column.index < len(row) and is_amount(row[column.index]) for _, row in body):
        return column
    return Column(column.index, "measure", f"column:{column.header or column.index}", column.side, column.header)


def _column(index: int, cells: list[str], kind: TableKind, paired: bool = False) -> Column:
    compact = [cell.replace(" ", "") for cell in cells]
    basis = BASIS.get(compact[-1], "") if compact and paired else ""
    labels = compact[:-1] if basis else compact
    side = _side(labels)
    header = "/".join(labels)
    if labels and re.search(CODE_HEADER, labels[-1]):
        return Column(index, "code", side=side, header=header)
    if labels and re.search(NAME_HEADER, labels[-1]):
        return Column(index, "name", side=side, header=header)
    for cell in reversed(labels or compact):
        for pattern, measure in kind.measures:
            if re.search(pattern, cell if kind.layout != "single_row" else header):
                return Column(index, "measure", measure, side, header, basis)
    if basis:
        return Column(index, "measure", "total", side, header, basis)
    return Column(index, "", side=side, header=header)


def _side(cells: list[str]) -> str:
    top = cells[0] if cells else ""
    if "收入" in top and "支出" not in top:
        return "income"
    if "支出" in top:
        return "expenditure"
    return ""


def _spread_merged(row: list[str], width: int, above: list[str] | None) -> list[str]:
    """A merged label covers the empty cells to its right, but never past the edge of the label
    above it (a column merged down from the row above is not under it)."""
    out: list[str] = []
    for index, cell in enumerate(_pad(row, width)):
        same_parent = above is None or (index > 0 and above[index] == above[index - 1])
        out.append(cell or (out[-1] if out and same_parent else ""))
    return out


def _pad(row: list[str], width: int) -> list[str]:
    return list(row) + [""] * (width - len(row))


def blocks(columns: list[Column]) -> list[list[Column]]:
    """Side-by-side blocks: a new block opens where a code or name column follows an amount column."""
    out: list[list[Column]] = [[]]
    for column in columns:
        if column.role in ("code", "name") and any(c.role == "measure" for c in out[-1]):
            out.append([])
        out[-1].append(column)
    return [block for block in out if any(c.role == "measure" for c in block)]


def _block(body: Body, block: list[Column], kind: TableKind, table: RawTable) -> list[dict]:
    codes = [c.index for c in block if c.role == "code"]
    names = [c.index for c in block if c.role == "name"]
    measures = [c for c in block if c.role == "measure"]
    first_measure = min(c.index for c in measures)
    side = next((c.side for c in block if c.side), "")
    out: list[dict] = []
    previous: list[dict] = []
    for number, row in body:
        row = _pad(row, max(c.index for c in block) + 1)
        code = join_code([row[i] for i in codes])
        name = "·".join(row[i] for i in names if row[i]) or _first_text(row, block, first_measure)
        has_values = any(is_amount(row[c.index]) for c in measures)
        if not name and not code and has_values:
            name = _label_to_the_left(row, first_measure)
        if not re.match(kind.code_pattern, code):
            name, code = (name or code), ""
        wrapped = previous and previous[0]["code"] and not code and not has_values and name
        if wrapped and not any(row[c.index] for c in measures):
            for line in previous:  # a coded row's name wrapped onto the next line: join it to the row above
                line["name"] += name
            continue
        if previous and not code and has_values and all(line["is_blank"] for line in previous) and (
                not name or not previous[0]["name"]):
            for line, column in zip(previous, measures, strict=True):  # the figures printed on a line of their own
                line["name"] += name
                line.update(_line(table, kind, line["code"], line["name"], column, row[column.index], number, side),
                            row=line["row"])
            continue
        if not code and not name and not has_values:
            continue
        previous = [_line(table, kind, code, name, c, row[c.index], number, side) for c in measures]
        out.extend(previous)
    return out


def _first_text(row: list[str], block: list[Column], first_measure: int) -> str:
    """A row label printed outside the name column (e.g. 合计 under 采购品目大类)."""
    return next((row[c.index] for c in block if c.index < first_measure and row[c.index]
                 and not is_amount(row[c.index])), "")


def _label_to_the_left(row: list[str], before: int) -> str:
    """A figure whose block prints no label takes the row's label from the block to its left
    (Jiangsu 收支总表: 支出合计 stands under 功能分类, its amount under 支出用途)."""
    return next((row[i] for i in range(before - 1, -1, -1) if row[i] and not is_amount(row[i])), "")


def _single_row(body: Body, columns: list[Column], kind: TableKind, table: RawTable) -> list[dict]:
    out: list[dict] = []
    for number, row in body:
        row = _pad(row, len(columns))
        if not any(is_amount(cell) for cell in row):
            continue
        for column in columns:
            if column.role == "measure":
                parts = column.header.split("/")
                name = "".join(parts[-2:]) if parts[-1] in ("小计", "合计") and len(parts) > 2 else parts[-1]
                out.append(_line(table, kind, "", name, column, row[column.index], number))
    return out


def _line(table: RawTable, kind: TableKind, code: str, name: str, column: Column, cell: str, number: int,
          side: str = "") -> dict:
    unit = table.unit or "万元"
    amount = parse_amount(cell, unit)
    procurement = kind.classification == "procurement"
    return {
        "table": kind.key,
        "classification": kind.classification if code else "",
        "code": code,
        "name": name.replace(" ", "") if not code else name,
        "level": (1 if code else None) if procurement else code_level(code),
        "parent_code": "" if procurement else parent_code(code),
        "side": side or column.side,
        "measure": column.measure,
        "basis": column.basis,
        "amount": 0.0 if amount is None and is_blank(cell) else amount,
        "is_blank": is_blank(cell),
        "source_unit": unit,
        "page": table.pages[number] if number < len(table.pages) else table.page,
        "row": number + 1,
        "table_index": table.index,
        "table_title": table.title,
        "source_line": table.row_lines[number] if number < len(table.row_lines) else None,
        # not a LINE_COLUMN: a printed cell that is no readable amount, for the audit to name (pipeline.py)
        "unreadable": None if amount is not None or is_blank(cell) else {"text": cell, "column": column.header},
    }
