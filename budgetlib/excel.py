"""The files people open in Excel: CSV (utf-8-sig) and XLSX, written so that no cell can act.

A document's text is untrusted: a cell printed as `=HYPERLINK(…)` or `=cmd|' /C calc'!A0` must stay
text. In what Excel opens, text beginning with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
leading `'` (OWASP's advice for CSV injection), XLSX cells are written with the string type (never a
formula), and numbers stay numbers, negative ones included. Parquet and DuckDB keep every value
exactly as printed; only these Excel-facing copies are neutralised.

XLSX cannot hold most control characters (openpyxl raises IllegalCharacterError on NUL or U+0007),
more than 32,767 characters in a cell, or more than 1,048,576 rows in a sheet. Each control character
is shown as its visible Unicode "control picture" (U+0007 → ␇), a longer cell is cut, and a longer
table continues on further sheets; each change is reported, naming the cell, through `warn`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?(?:\d[\d,]*)?\.?\d+%?")  # "-12.50" in a text column is a number, not a formula
# What XML 1.0 (and so XLSX) cannot hold: C0 controls but tab, LF and CR; lone surrogates; U+FFFE/U+FFFF.
XLSX_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
MAX_ROWS = 1_048_576  # rows in an Excel sheet, the header included
MAX_CELL = 32_767  # characters in an Excel cell


def neutralise(value: object) -> object:
    """Text that Excel would read as a formula gets a leading `'`; anything else is returned as is."""
    if isinstance(value, str) and value.startswith(TRIGGERS) and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells are neutralised; numeric columns are left alone."""
    frame = frame.copy()
    for column in frame.columns:
        if not (pd.api.types.is_numeric_dtype(frame[column]) or pd.api.types.is_bool_dtype(frame[column])):
            frame[column] = frame[column].map(neutralise, na_action="ignore")
    frame.columns = [neutralise(str(column)) for column in frame.columns]
    return frame


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """CSV as Excel opens it: UTF-8 with a BOM, formula triggers neutralised."""
    neutralised(frame).to_csv(path, index=False, encoding="utf-8-sig")


def write_xlsx(path: Path, sheets: dict[str, pd.DataFrame], warn: Callable[[str], None] = print,
               label: str = "") -> None:
    """One workbook, a sheet per frame (continued on `name (2)`, … past Excel's row limit); every text
    cell written as a string, never a formula. `label` names the workbook in warnings (`path` may be a
    temporary file that is renamed into place)."""
    label = label or str(path)
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for name, frame in sheets.items():
        for sheet_name, part, first_row in _parts(name, frame, MAX_ROWS - 1):
            if sheet_name != name:
                warn(f"{label}: sheet {name!r} has {len(frame):,} rows, more than an Excel sheet holds; "
                     f"rows {first_row + 1:,}–{first_row + len(part):,} continue on sheet {sheet_name!r}")
            sheet = workbook.create_sheet(sheet_name)
            place = _Place(label, sheet_name, warn)
            sheet.append([_cell(sheet, str(column), place, 1, index, header=True)
                          for index, column in enumerate(frame.columns)])
            columns = [_column(sheet, part[column], place, index) for index, column in enumerate(part.columns)]
            for row in zip(*columns, strict=True):
                sheet.append(row)
    if not sheets:
        workbook.create_sheet("empty")
    workbook.save(path)


def _parts(name: str, frame: pd.DataFrame, rows: int) -> Iterator[tuple[str, pd.DataFrame, int]]:
    """(sheet name, rows, first row's position) for each sheet a frame needs; at least one sheet."""
    count = max(1, math.ceil(len(frame) / rows))
    for number in range(count):
        sheet_name = name if number == 0 else f"{name[:25]} ({number + 1})"
        yield sheet_name, frame.iloc[number * rows:(number + 1) * rows], number * rows


def _column(sheet, values: pd.Series, place: _Place, index: int) -> list:
    """One column's cells: numbers in bulk (NaN as an empty cell), anything else cell by cell."""
    if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        return values.astype(object).where(values.notna(), None).tolist()
    return [_cell(sheet, value, place, row, index) for row, value in enumerate(values.tolist(), start=2)]


class _Place:
    """Which workbook and sheet a cell is in, and where its warnings go."""

    def __init__(self, workbook: str, sheet: str, warn: Callable[[str], None]):
        self.workbook, self.sheet, self.warn = workbook, sheet, warn

    def cell(self, row: int, column: int) -> str:
        from openpyxl.utils import get_column_letter

        return f"{self.workbook} sheet {self.sheet!r} cell {get_column_letter(column + 1)}{row}"


def _cell(sheet, value: object, place: _Place, row: int, column: int, header: bool = False):
    """A write-only cell: numbers, booleans and dates keep their type; text is a string cell."""
    from openpyxl.cell import WriteOnlyCell

    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()  # numpy scalars become Python numbers
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, bool | int | float | Decimal | date):
        return value
    text = str(value)
    if XLSX_ILLEGAL.search(text):
        found = ", ".join(sorted({f"U+{ord(char):04X}" for char in XLSX_ILLEGAL.findall(text)}))
        text = XLSX_ILLEGAL.sub(_picture, text)
        place.warn(f"{place.cell(row, column)}: control character {found} shown as a visible symbol "
                   "(kept as printed in Parquet/DuckDB)")
    if len(text) > MAX_CELL:
        place.warn(f"{place.cell(row, column)}: {len(text):,} characters, more than an Excel cell holds; "
                   f"cut to {MAX_CELL:,} (whole in Parquet/DuckDB)")
        text = text[:MAX_CELL]
    cell = WriteOnlyCell(sheet, value=None)
    cell.value = text if header else neutralise(text)
    cell.data_type = "s"  # set after the value: openpyxl makes "=…" a formula and "#N/A" an error otherwise
    return cell


def _picture(match: re.Match) -> str:
    """U+0000–U+001F → U+2400–U+241F (␀ … ␟); anything else XML refuses → U+FFFD."""
    code = ord(match.group())
    return chr(0x2400 + code) if code < 0x20 else "\ufffd"
