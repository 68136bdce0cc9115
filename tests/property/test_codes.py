"""The code hierarchy, built from the digits alone: any text gets a level and a parent or none, without an error;
a table of codes printed whole or split over 类/款/项 columns (款 and 项 with or without their leading zero) reads
into the same hierarchy, and its sums check exactly where the printed figures disagree."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from budgetlib.audit import children_sum, total_row_sum
from budgetlib.catalogue import match_kind
from budgetlib.readers.base import RawTable
from budgetlib.tidy.codes import code_level, is_child_of, join_code, parent_code
from budgetlib.tidy.tables import tidy_table
from tests.property.strategies import CELLS

KIND = match_kind("2025年一般公共预算支出表")


@given(st.one_of(CELLS, st.text()))
def test_any_text_has_a_level_and_a_parent_or_none(text):
    level = code_level(text)
    parent = parent_code(text)
    assert level in (None, 1, 2, 3)
    if level in (2, 3):
        assert code_level(parent) == level - 1 and text.startswith(parent) and is_child_of(text, parent)
    else:
        assert parent == ""


@given(st.lists(st.one_of(CELLS, st.text(max_size=4)), max_size=4))
def test_any_parts_join_into_text(parts):
    assert isinstance(join_code(parts), str)


AMOUNTS = st.decimals(min_value=0, max_value=Decimal("99999.99"), places=2)


@st.composite
def hierarchies(draw) -> list[tuple[str, Decimal]]:
    """(code, amount) in printed order, each parent the exact sum of its children."""
    rows: list[tuple[str, Decimal]] = []
    for class_code in sorted(draw(st.sets(st.integers(201, 235), min_size=1, max_size=3))):
        items = []
        for item in sorted(draw(st.sets(st.integers(1, 99), max_size=3))):
            leaves = [(f"{class_code}{item:02d}{leaf:02d}", draw(AMOUNTS))
                      for leaf in sorted(draw(st.sets(st.integers(1, 99), max_size=3)))]
            amount = sum((a for _, a in leaves), Decimal(0)) if leaves else draw(AMOUNTS)
            items.append([(f"{class_code}{item:02d}", amount), *leaves])
        amount = sum((group[0][1] for group in items), Decimal(0)) if items else draw(AMOUNTS)
        rows.append((str(class_code), amount))
        rows.extend(row for group in items for row in group)
    return rows


def _table(rows: list[tuple[str, Decimal]], split: bool, padded: bool) -> RawTable:
    total = sum((amount for code, amount in rows if len(code) == 3), Decimal(0))
    if split:
        header = ["类", "款", "项", "科目名称", "合计"]
        parts = [[code[:3], code[3:5], code[5:7]] for code, _ in rows]
        if not padded:
            parts = [[part.lstrip("0") if index and part else part for index, part in enumerate(p)] for p in parts]
        grid = [header, ["", "", "", "合计", f"{total:,.2f}"],
                *([*p, f"科目{code}", f"{amount:,.2f}"] for p, (code, amount) in zip(parts, rows, strict=True))]
    else:
        grid = [["科目编码", "科目名称", "合计"], ["", "合计", f"{total:,.2f}"],
                *([code, f"科目{code}", f"{amount:,.2f}"] for code, amount in rows)]
    return RawTable("2025年一般公共预算支出表", grid, unit="万元", index=1)


@given(hierarchies(), st.booleans(), st.booleans())
def test_a_coded_table_reads_into_its_hierarchy_and_checks_clean(rows, split, padded):
    lines = tidy_table(_table(rows, split, padded), KIND, "generated.txt")
    coded = [line for line in lines if line["code"]]
    assert [(line["code"], line["amount"]) for line in coded] == [(code, float(amount)) for code, amount in rows]
    for line in coded:
        assert line["level"] == {3: 1, 5: 2, 7: 3}[len(line["code"])] and line["parent_code"] == line["code"][:-2][
            :max(len(line["code"]) - 2, 0)] * (len(line["code"]) > 3)
    assert {check["status"] for check in children_sum(lines) + total_row_sum(lines)} <= {"ok"}


@given(hierarchies(), st.data())
def test_a_figure_that_disagrees_fails_exactly_its_parents_sum(rows, data):
    leaves = [index for index, (code, _) in enumerate(rows) if len(code) == 7]
    if not leaves:
        return
    index = data.draw(st.sampled_from(leaves))
    code, amount = rows[index]
    changed = [*rows[:index], (code, amount + Decimal("1.00")), *rows[index + 1:]]
    checks = children_sum(tidy_table(_table(changed, False, True), KIND, "generated.txt"))
    assert [(check["code"], check["difference"]) for check in checks if check["status"] == "fail"] == \
        [(code[:5], 1.0)]
