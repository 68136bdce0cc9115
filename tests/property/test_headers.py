"""The header-to-measure mapping: any header and any grid give columns or a TableError, nothing else; a known
header word names its measure wherever the column stands, whatever spaces a template puts in it, under a merged
heading or not."""

from __future__ import annotations

import contextlib

from hypothesis import given
from hypothesis import strategies as st

from budgetlib.catalogue import CATALOGUE
from budgetlib.errors import TableError
from budgetlib.readers.base import RawTable
from budgetlib.tidy.tables import describe_columns, tidy_table
from tests.property.strategies import ROWS

KINDS = [kind for kind in CATALOGUE if kind.layout != "performance"]
CODED = next(kind for kind in CATALOGUE if kind.key == "general_expenditure")
INCOME = next(kind for kind in CATALOGUE if kind.key == "dept_income")
# Header words as templates print them, and the measure each names (read from the corpus' tables).
EXPENDITURE_WORDS = {"合计": "total", "基本支出": "basic", "项目支出": "project", "人员经费": "personnel",
                     "公用经费": "public", "日常公用经费": "public", "上缴上级支出": "remitted_to_superior",
                     "事业单位经营支出": "business_operation", "对附属单位补助支出": "subsidy_to_subordinates",
                     "预留机动经费": "reserve"}
INCOME_WORDS = {"合计": "total", "一般公共预算": "general_public_budget", "政府性基金预算": "gov_fund_budget",
                "财政拨款": "fiscal_appropriation", "事业收入": "business_income", "其他收入": "other_income",
                "上级补助收入": "superior_subsidy", "财政专户管理资金": "fiscal_special_account"}


@given(st.sampled_from(KINDS), st.lists(ROWS, min_size=1, max_size=4))
def test_any_header_gives_columns_or_a_table_error(kind, header):
    with contextlib.suppress(TableError):
        describe_columns(header, max((len(row) for row in header), default=0), kind)


@given(st.sampled_from(KINDS), st.lists(ROWS, max_size=12))
def test_any_grid_gives_lines_or_a_table_error(kind, grid):
    try:
        lines = tidy_table(RawTable("t", grid), kind, "generated.txt")
    except TableError:
        return
    assert all(line["kind"] == kind.key for line in lines)


@st.composite
def headers(draw, words: dict[str, str]):
    # one word per measure: two columns of one measure in a block keep the second as its own column (`column:…`,
    # the rule of budgetlib.tidy.headers), e.g. 公用经费 beside 日常公用经费
    chosen = draw(st.lists(st.sampled_from(sorted(words)), min_size=1, max_size=6, unique_by=lambda word: words[word]))
    spaced = [" ".join(word) if draw(st.booleans()) else word for word in chosen]
    return chosen, spaced


@given(st.sampled_from([(CODED, EXPENDITURE_WORDS), (INCOME, INCOME_WORDS)]), st.data(), st.booleans())
def test_a_known_word_names_its_measure_wherever_it_stands(case, data, merged):
    kind, words = case
    chosen, spaced = data.draw(headers(words))
    header = [["科目编码", "科目名称", *spaced]]
    if merged:  # a merged heading above the figures ("2025年预算数" over every column of figures)
        header = [["科目编码", "科目名称", "2025年预算数", *[""] * (len(spaced) - 1)], ["", "", *spaced]]
    columns = describe_columns(header, len(header[-1]), kind)
    assert [column.role for column in columns[:2]] == ["code", "name"]
    assert [column.measure for column in columns[2:]] == [words[word] for word in chosen]
