"""What Excel opens cannot act: text that would be a formula is neutralised, XLSX cells are strings, numbers
stay numbers; XLSX's own limits (control characters, cell length, sheet rows) are met with a warning."""

import re
import zipfile

import pandas as pd
import pytest
from openpyxl import load_workbook

from budgetlib.excel import MAX_CELL, MAX_ROWS, neutralise, write_csv, write_xlsx
from tests.hostile import text_cells

CELLS = {"=1+1": "'=1+1", "=cmd|' /C calc'!A0": "'=cmd|' /C calc'!A0", "+1+cmd|'": "'+1+cmd|'", "@SUM(A1)": "'@SUM(A1)",
         "-2+3": "'-2+3", "\t=1": "'\t=1", "\r=1": "'\r=1", "-": "'-", "行政运行": "行政运行", "a=b": "a=b",
         "-12.50": "-12.50", "+5%": "+5%", "-1,234.5": "-1,234.5"}


@pytest.mark.parametrize(("text", "written"), CELLS.items())
def test_text_that_would_be_a_formula_gets_a_leading_quote(text, written):
    assert neutralise(text) == written


def test_numbers_are_never_touched():
    assert neutralise(-3.5) == -3.5 and neutralise(-7) == -7


def test_csv_cells(tmp_path):
    frame = pd.DataFrame({"name": ["=HYPERLINK(\"http://x\",\"y\")", "行政运行", None], "amount": [-3.5, 2.0, None]})
    write_csv(frame, tmp_path / "x.csv")
    assert tmp_path.joinpath("x.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert text_cells(tmp_path / "x.csv") == ["'=HYPERLINK(\"http://x\",\"y\")", "-3.5", "行政运行", "2.0"]


def test_xlsx_cells_are_strings_or_numbers_never_formulas(tmp_path):
    frame = pd.DataFrame({"name": ["=1+1", "#N/A", "@x", "plain"], "amount": [-3.5, 0.0, 1e6, None],
                          "count": pd.array([1, None, -2, 3], dtype="Int64"), "ok": [True, False, True, False]})
    warnings = []
    write_xlsx(tmp_path / "x.xlsx", {"lines": frame}, warnings.append)
    sheet = load_workbook(tmp_path / "x.xlsx")["lines"]
    rows = [[(cell.value, cell.data_type) for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert [row[0] for row in rows] == [("'=1+1", "s"), ("#N/A", "s"), ("'@x", "s"), ("plain", "s")]
    assert [row[1][0] for row in rows] == [-3.5, 0, 1e6, None] and rows[0][1][1] == "n"
    assert [row[2][0] for row in rows] == [1, None, -2, 3] and [row[3][0] for row in rows] == [True, False, True, False]
    assert warnings == []


def test_control_characters_and_long_cells_are_reported_by_cell(tmp_path):
    frame = pd.DataFrame({"code": ["201", "202"], "name": ["行政\x07运行", "x" * (MAX_CELL + 10)]})
    warnings = []
    write_xlsx(tmp_path / "x.xlsx", {"lines": frame}, warnings.append, label="budget.xlsx")
    assert warnings == ["budget.xlsx sheet 'lines' cell B2: control character U+0007 shown as a visible symbol "
                        "(kept as printed in Parquet/DuckDB)",
                        f"budget.xlsx sheet 'lines' cell B3: {MAX_CELL + 10:,} characters, more than an Excel cell "
                        f"holds; cut to {MAX_CELL:,} (whole in Parquet/DuckDB)"]
    sheet = load_workbook(tmp_path / "x.xlsx")["lines"]
    assert sheet["B2"].value == "行政␇运行" and len(sheet["B3"].value) == MAX_CELL


def test_a_frame_longer_than_a_sheet_continues_on_the_next(tmp_path):
    """Excel's real limit, 1,048,576 rows a sheet (header included); the workbook is read back as XML."""
    frame = pd.DataFrame({"n": range(MAX_ROWS + 1)})
    warnings = []
    write_xlsx(tmp_path / "big.xlsx", {"lines": frame}, warnings.append, label="budget.xlsx")
    assert warnings == ["budget.xlsx: sheet 'lines' has 1,048,577 rows, more than an Excel sheet holds; "
                        "rows 1,048,576–1,048,577 continue on sheet 'lines (2)'"]
    with zipfile.ZipFile(tmp_path / "big.xlsx") as workbook:
        assert re.findall(r'<sheet [^>]*name="([^"]+)"', workbook.read("xl/workbook.xml").decode()) == \
            ["lines", "lines (2)"]
        first = workbook.read("xl/worksheets/sheet1.xml").decode()
        second = workbook.read("xl/worksheets/sheet2.xml").decode()
    last = re.findall(r'<row r="(\d+)"[^>]*>(.*?)</row>', first[-400:])[-1]
    assert last[0] == "1048576" and "<v>1048574</v>" in last[1]  # header + rows 0 … 1,048,574
    assert re.findall(r"<v>(\d+)</v>", second) == ["1048575", "1048576"]
