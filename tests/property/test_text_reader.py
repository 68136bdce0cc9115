"""The text reader, and the whole pipeline behind it, on any text: a RawDocument or a BudgetDocument, or a
budgetlib error; never a row lost, never another exception."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from budgetlib.errors import BudgetError
from budgetlib.pipeline import read
from budgetlib.readers import read_source
from budgetlib.schema import STATUS_LABELS
from tests.property.strategies import text_documents

FOLDER = Path(tempfile.mkdtemp(prefix="budgetlib-property-"))


def _file(content: bytes) -> Path:
    path = FOLDER / "document.txt"
    path.write_bytes(content)
    return path


@given(text_documents())
def test_every_grid_line_becomes_a_row_of_a_table(text):
    try:
        raw = read_source(_file(text.encode("utf-8")))
    except BudgetError:
        return
    tab_lines = [line for line in text.splitlines() if "\t" in line and line.strip()]
    rows = ["\t".join(row) for table in raw.tables for row in table.rows]
    assert rows == tab_lines  # every cell of every grid line, in order: nothing dropped, nothing invented


@given(st.binary(max_size=400) | text_documents().map(lambda text: text.encode("gb18030", "replace")))
def test_any_bytes_are_read_or_refused_with_a_budgetlib_error(content):
    with contextlib.suppress(BudgetError):
        read_source(_file(content))


@settings(max_examples=max(10, settings().max_examples // 3))
@given(text_documents())
def test_the_whole_pipeline_reads_or_refuses_any_text(text):
    try:
        document = read(_file(text.encode("utf-8")))
    except BudgetError:
        return
    assert not document.lines["amount"].isin([float("inf"), float("-inf")]).any()
    assert set(document.checks["status"]) <= set(STATUS_LABELS)  # only the declared statuses
