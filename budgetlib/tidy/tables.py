"""Grids → long rows: one row per printed value, keyed by subject code and measure.

The table kind (from the catalogue) says the layout and the header → measure map; this module
only applies them. Blank cells in a column that exists are kept as 0.0 with `is_blank=True`, so
no printed row is ever dropped and sums stay honest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetlib.catalogue import CODE_HEADER, NAME_HEADER, TOTAL_NAME, TableKind
from budgetlib.errors import TableError
from budgetlib.readers.base import RawTable
from budgetlib.tidy.codes import code_level, parent_code
from budgetlib.tidy.numbers import is_amount, is_blank, normalise_cell, parse_amount

LINE_COLUMNS = [
    "table", "classification", "code", "name", "level", "parent_code", "side", "measure",
    "amount", "is_blank", "source_unit", "page", "row", "table_index", "table_title", "source_line",
]


Body = list[tuple[int, list[str]]]  # (grid row number, cells) of the rows below the header


@dataclass(frozen=True)
class Column:
    """What one grid column holds: a role (code, name, measure) and, for two-sided tables, a side."""

    index: int
    role: str  # "code", "name", "measure" or "" (ignored: no header, no values)
    measure: str = ""
    side: str = ""
    header: str = ""


def tidy_table(table: RawTable, kind: TableKind, path: str) -> list[dict]:
    """All values of one table as long rows (see LINE_COLUMNS)."""
    rows = [[normalise_cell(cell) for cell in row] for row in table.rows]
    header_count = count_header_rows(rows, kind)
    columns = describe_columns(rows[:header_count], kind, table, path)
    body = list(enumerate(rows[header_count:], start=header_count))
    if kind.layout == "single_row":
        return _single_row(body, columns, kind, table)
    if kind.layout == "two_sided":
        return _two_sided(body, columns, kind, table)
    return _coded(body, columns, kind, table)


def count_header_rows(rows: list[list[str]], kind: TableKind) -> int:
    """Header rows are the leading rows before the first row that carries data."""
    for number, row in enumerate(rows):
        if _is_data_row(row, kind):
            return number
    return len(rows)


def _is_data_row(row: list[str], kind: TableKind) -> bool:
    cells = [cell for cell in row if cell]
    if any(is_amount(cell) for cell in cells):
        return True
    if cells and re.match(kind.code_pattern, cells[0].replace(" ", "")):
        return True
    return len(cells) == 1 and bool(re.match(TOTAL_NAME, cells[0].replace(" ", "")))


def describe_columns(header: list[list[str]], kind: TableKind, table: RawTable, path: str) -> list[Column]:
    """Give each column a role from its header cells (merged cells spread right, except in the last row)."""
    width = max((len(row) for row in header), default=0)
    filled = [_spread_merged(row, width) for row in header[:-1]] + [_pad(row, width) for row in header[-1:]]
    columns = []
    for index in range(width):
        cells = [row[index] for row in filled if row[index]]
        columns.append(_column(index, cells, kind))
    if not any(column.role == "measure" for column in columns) and kind.layout != "single_row":
        raise TableError(path, "no amount columns recognised in the header", page=table.page, table=table.title)
    return columns


def _column(index: int, cells: list[str], kind: TableKind) -> Column:
    compact = [cell.replace(" ", "") for cell in cells]
    side = _side(compact)
    header = "/".join(compact)
    if compact and re.search(CODE_HEADER, compact[-1]):
        return Column(index, "code", side=side, header=header)
    if compact and re.search(NAME_HEADER, compact[-1]):
        return Column(index, "name", side=side, header=header)
    for cell in reversed(compact):
        for pattern, measure in kind.measures:
            if re.search(pattern, cell if kind.layout != "single_row" else header):
                return Column(index, "measure", measure, side, header)
    return Column(index, "", side=side, header=header)


def _side(cells: list[str]) -> str:
    top = cells[0] if cells else ""
    if top.startswith("收入"):
        return "income"
    if top.startswith("支出"):
        return "expenditure"
    return ""


def _spread_merged(row: list[str], width: int) -> list[str]:
    out, last = [], ""
    for cell in _pad(row, width):
        last = cell or last
        out.append(last)
    return out


def _pad(row: list[str], width: int) -> list[str]:
    return list(row) + [""] * (width - len(row))


def _coded(body: Body, columns: list[Column], kind: TableKind, table: RawTable) -> list[dict]:
    code_col = next((c.index for c in columns if c.role == "code"), None)
    name_col = next((c.index for c in columns if c.role == "name"), None)
    measures = [c for c in columns if c.role == "measure"]
    out: list[dict] = []
    previous: list[dict] = []
    for number, row in body:
        row = _pad(row, len(columns))
        code_text = row[code_col].replace(" ", "") if code_col is not None else ""
        name = row[name_col] if name_col is not None else ""
        has_values = any(is_amount(row[c.index]) for c in measures)
        if not re.match(kind.code_pattern, code_text):
            name, code_text = (name or code_text), ""
        if previous and not code_text and not has_values and name and not re.match(TOTAL_NAME, name):
            for line in previous:  # a cell wrapped onto the next line: join it to the row above
                line["name"] += name
            continue
        if not code_text and not name and not has_values:
            continue
        previous = [_line(table, kind, code_text, name, c, row[c.index], number) for c in measures]
        out.extend(previous)
    return out


def _two_sided(body: Body, columns: list[Column], kind: TableKind, table: RawTable) -> list[dict]:
    out: list[dict] = []
    for side in ("income", "expenditure"):
        label = next((c.index for c in columns if c.side == side and c.role == "name"), None)
        measures = [c for c in columns if c.side == side and c.role == "measure"]
        for number, row in body:
            row = _pad(row, len(columns))
            name = row[label] if label is not None else ""
            if not name and not any(is_amount(row[c.index]) for c in measures):
                continue
            out.extend(_line(table, kind, "", name, c, row[c.index], number, side) for c in measures)
    return out


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
    level = code_level(code) if kind.classification != "procurement" else (1 if code else None)
    return {
        "table": kind.key,
        "classification": kind.classification if code else "",
        "code": code,
        "name": name.replace(" ", "") if not code else name,
        "level": level,
        "parent_code": parent_code(code) if kind.classification != "procurement" else "",
        "side": side,
        "measure": column.measure,
        "amount": 0.0 if amount is None and is_blank(cell) else amount,
        "is_blank": is_blank(cell),
        "source_unit": unit,
        "page": table.pages[number] if table.pages else table.page,
        "row": number + 1,
        "table_index": table.index,
        "table_title": table.title,
        "source_line": table.row_lines[number] if table.row_lines else None,
    }
