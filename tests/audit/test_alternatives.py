"""Alternative readings (issue 11, 2): tried only where the default reading of a table fails its own
arithmetic systematically; the one that reconciles is kept and recorded in doc.tables; a local
difference is the document's and never disappears.

The misreadings are made on the sample's own grids (what the reader returned), one point at a time:
its 一般公共预算财政拨款支出预算表 (表二) read a row off its labels, or one column's figures read out of
order. The sample prints 21011 行政事业单位医疗 as 119.83 over 项 that add to 119.84 (line 135 of its
text form): that local difference must show under every reading.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from budgetlib.audit.alternatives import DEFAULT, choose
from budgetlib.catalogue import recognise
from budgetlib.pipeline import build_document
from budgetlib.readers import read_source
from tests.conftest import SAMPLE

GENERAL = 1  # 表二 一般公共预算财政拨款支出预算表: header rows 0-1, then 合计, 201, 20103 …


def sample_raw():
    return read_source(SAMPLE)


def build(raw):
    return build_document(raw, [Path(SAMPLE)])


def shifted_down(raw):
    """The figures of 表二 read one row below their labels (a blank row closes the grid, as a wrapped
    last label leaves one)."""
    table = raw.tables[GENERAL]
    table.rows.append([""] * len(table.rows[-1]))
    before = [list(row) for row in table.rows]
    for number in range(2, len(table.rows)):
        for column in (2, 3, 4):
            table.rows[number][column] = before[number - 1][column] if number > 2 else ""
    return raw


def local_21011(checks: pd.DataFrame, table: str = "general_expenditure") -> pd.DataFrame:
    return checks[(checks["table"] == table) & (checks["code"] == "21011") & (checks["check"] == "children_sum")
                  & (checks["status"] == "rounding") & (checks["expected"] == 119.83) & (checks["actual"] == 119.84)]


def test_the_sample_is_read_by_default_everywhere(sample):
    assert set(sample.tables["reading"]) == {DEFAULT}
    assert set(sample.tables["reading_note"]) == {""}  # no table's default was ever in doubt


def test_a_table_read_a_row_off_is_read_again_and_recorded():
    document = build(shifted_down(sample_raw()))
    row = document.tables[document.tables["table_index"] == GENERAL + 1].iloc[0]
    assert row["reading"] == "figures_shifted_up"
    assert "系统性" in row["reading_note"] and "0/50项不符" in row["reading_note"]
    general = document.checks[document.checks["table"] == "general_expenditure"]
    assert not general["status"].isin(["fail", "reading"]).any()
    original = build(sample_raw())
    lines = ["code", "name", "measure", "basis", "amount"]
    again = document.lines[document.lines["table_index"] == GENERAL + 1][lines].reset_index(drop=True)
    assert again.equals(original.lines[original.lines["table_index"] == GENERAL + 1][lines].reset_index(drop=True))


def test_the_local_difference_of_21011_survives_the_alternative_reading():
    document = build(shifted_down(sample_raw()))
    assert len(local_21011(document.checks)) == 2  # its total and basic columns, as in the sample itself


def test_a_local_difference_never_triggers_another_reading(tmp_path):
    """One 项 of 21011 misprinted (62.41 → 72.41): the document's error, read as printed, reported as an error."""
    printed = "2101101\t行政单位医疗\t62.41\t62.41"
    text = SAMPLE.read_text(encoding="utf-8").replace(printed, printed.replace("62.41", "72.41"), 1)
    path = tmp_path / "local.txt"
    path.write_text(text, encoding="utf-8")
    raw = read_source(path)
    document = build_document(raw, [path])
    assert set(document.tables["reading"]) == {DEFAULT}
    failing = document.checks[(document.checks["table"] == "general_expenditure")
                              & (document.checks["status"] == "fail")]
    assert set(failing["code"]) >= {"21011"} and (failing["family"] == "arithmetic").all()


def test_a_table_no_reading_reconciles_is_a_reading_problem_not_an_error():
    """The 基本支出 figures of 表二 read in reverse order: no declared alternative restores them."""
    raw = sample_raw()
    body = raw.tables[GENERAL].rows[2:]
    figures = [row[3] for row in body][::-1]
    for row, figure in zip(body, figures, strict=True):
        row[3] = figure
    document = build(raw)
    row = document.tables[document.tables["table_index"] == GENERAL + 1].iloc[0]
    assert row["reading"] == DEFAULT and "均未能核平" in row["reading_note"]
    general = document.checks[document.checks["table"] == "general_expenditure"]
    assert (general["status"] == "reading").sum() >= 10
    assert not (general["status"] == "fail").any()  # never the document's error
    assert len(local_21011(document.checks)) == 1  # the 总计 column still reconciles: its 21011 rounding stays


@pytest.mark.parametrize("mutation", ["shifted", "reversed"])
def test_every_cross_table_check_on_a_misread_table_is_a_reading_problem(mutation):
    raw = shifted_down(sample_raw()) if mutation == "shifted" else sample_raw()
    if mutation == "reversed":
        body = raw.tables[GENERAL].rows[2:]
        for row, figure in zip(body, [row[3] for row in body][::-1], strict=True):
            row[3] = figure
    checks = build(raw).checks
    assert not (checks["check"].isin(["class_agreement", "key_figure_agreement"]) & (checks["status"] == "fail")).any()


def test_choose_keeps_the_default_when_it_reconciles():
    raw = sample_raw()
    table = raw.tables[GENERAL]
    choice = choose(table, recognise(table.title, table.rows), str(SAMPLE), 2025)
    assert choice.reading == DEFAULT and choice.note == ""
