"""Tables are recognised by their title words, never by the 表N label."""

import pytest

from budgetlib.catalogue import match_kind


@pytest.mark.parametrize(("title", "kind"), [
    ("2025 年重庆市南岸区人民政府办公室财政拨款收支总表", "fiscal_summary"),
    ("2025年重庆市南岸区人民政府办公室 一般公共预算财政拨款支出预算表", "general_expenditure"),
    ("2025年重庆市南岸区人民政府办公室 一般公共预算财政拨款基本支出预算表", "basic_expenditure"),
    ("2025 年重庆市南岸区人民政府办公室 一般公共预算“三公”经费支出表", "three_public"),
    ("2025 年重庆市南岸区人民政府办公室政府性基金预算支出表", "gov_fund_expenditure"),
    ("2025年重庆市南岸区人民政府办公室部门收支总表", "dept_summary"),
    ("2025年重庆市南岸区人民政府办公室部门收入总表", "dept_income"),
    ("2025年重庆市南岸区人民政府办公室部门支出总表", "dept_expenditure"),
    ("2025年重庆市南岸区人民政府办公室政府采购预算明细表", "procurement"),
    ("2025年重庆市南岸区人民政府办公室部门整体绩效目标表", "department_performance"),
    ("2025 年重庆市南岸区人民政府办公室项目绩效目标表（一级项目）", "project_performance"),
])
def test_sample_titles(title, kind):
    assert match_kind(title).key == kind


def test_unknown_titles_are_not_guessed():
    assert match_kind("2025年某某局职能职责说明") is None


def test_sample_tables_are_recognised_by_title_not_label(sample):
    kinds = sample.tables.set_index("table_index")["kind"]
    assert kinds[1] == "fiscal_summary" and kinds[6] == "dept_summary"
    assert (sample.tables["kind"] != "").all()
