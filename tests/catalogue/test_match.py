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


@pytest.mark.parametrize(("title", "kind"), [
    # …总体情况表 (广州, 烟台, 重庆, 长沙)
    ("收支总体情况表", "dept_summary"), ("收入总体情况表", "dept_income"), ("支出总体情况表", "dept_expenditure"),
    ("本年支出总体情况表", "dept_expenditure"), ("财政拨款收支总体情况表", "fiscal_summary"),
    ("2025年部门收支总体情况表", "dept_summary"),
    # 部门综合预算…表 (西安)
    ("部门综合预算收支总表", "dept_summary"), ("部门综合预算财政拨款收支总表", "fiscal_summary"),
    ("部门综合预算一般公共预算支出明细表（按支出功能分类科目）", "general_expenditure"),
    ("部门综合预算一般公共预算基本支出明细表（按支出经济分类科目）", "basic_expenditure"),
    ("部门综合预算专项业务经费支出表", "project_expenditure"),
    ("部门综合预算财政拨款上年结转资金支出表", "carried_over_expenditure"),
    ("2019年部门综合预算财政拨款结转资金支出表", "carried_over_expenditure"),
    ("部门综合预算政府采购（资产配置、购买服务）预算表", "procurement"),
    # titles with no 预算/年 word and a bracket suffix; short titles with a suffix
    ("财政拨款支出表（功能科目）", "fiscal_expenditure"),
    ("财政拨款基本支出表（经济科目）", "fiscal_basic_expenditure"),
    ("收支总表（预算表1）", "dept_summary"),
    # project spending is its own kind (never the 支出总表)
    ("项目支出总表", "project_expenditure"), ("部门预算项目支出及其他支出预算表", "project_expenditure"),
    ("项目支出表(预算表9)", "project_expenditure"), ("项目支出预算情况表", "project_expenditure"),
    ("表10：2026年市级部门项目支出预算表", "project_expenditure"),
    ("一般公共预算项目支出情况表（按经济分类科目）", "general_project_expenditure"),
    # scope is part of the kind
    ("部门预算基本支出预算表", "dept_basic_expenditure"), ("基本支出预算情况表", "dept_basic_expenditure"),
    ("一般公共预算基本支出情况表（按经济分类科目）", "basic_expenditure"),
    ("财政拨款安排的行政经费及“三公”经费预算表", "three_public"),
    ("部门专项业务经费绩效目标表", "project_performance"), ("2019年部门整体支出绩效目标表", "department_performance"),
])
def test_title_families(title, kind):
    assert match_kind(title).key == kind


def test_a_self_assessment_mentioning_procurement_is_not_a_procurement_table():
    assert match_kind("2025年度项目支出绩效自评表（政府采购项目）") is None


@pytest.mark.parametrize(("title", "classification"), [
    ("一般公共预算支出经济分类情况表", "economic"), ("一般公共预算支出情况表（按功能分类科目）", "function"),
    ("部门综合预算一般公共预算基本支出明细表（按支出功能分类科目）", "function"),
])
def test_the_classification_comes_from_the_title(title, classification):
    assert match_kind(title).classify(title, []) == classification


def test_otherwise_from_the_codes():
    kind = match_kind("一般公共预算支出情况表")
    assert kind.classify("一般公共预算支出情况表", ["301", "30101", "302"]) == "economic"
    assert kind.classify("一般公共预算支出情况表", ["201", "20103"]) == "function"


def test_the_readers_know_a_title_that_has_no_year_and_no_budget_word():
    from budgetlib.catalogue import looks_like_title

    assert looks_like_title("财政拨款支出表（功能科目）") and looks_like_title("部门收支总表")
    assert not looks_like_title("本部门无政府性基金预算，故本表无数据。")


def test_untitled_grids_by_header_and_codes():
    from budgetlib.catalogue import recognise

    expenditure = [["科目编码", "科目名称", "合计", "基本支出", "项目支出", "上缴上级支出"],
                   ["201", "一般公共服务支出", "3.00", "2.00", "1.00", ""]]
    assert recognise("", expenditure).key == "dept_expenditure"
    fiscal = [["收入", "", "支出", ""], ["项目", "预算数", "项目", "预算数"],
              ["一、本年收入", "5.00", "一、本年支出", "5.00"],
              ["（一）一般公共预算拨款", "5.00", "（一）一般公共服务支出", "5.00"]]
    assert recognise("", fiscal).key == "fiscal_summary"
    ambiguous = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
                 ["201", "一般公共服务支出", "3.00", "2.00", "1.00"]]
    assert recognise("", ambiguous) is None  # 一般公共预算 or 财政拨款: the title is needed


def test_a_table_of_contents_is_no_table():
    from budgetlib.catalogue import recognise

    toc = [["表9", "部门综合预算政府性基金收支表", "是", "不涉及"],
           ["表11", "部门综合预算财政拨款上年结转资金支出表", "是", "不涉及"]]
    assert recognise("表8部门综合预算一般公共预算基本支出明细表（按支出经济分类科目）", toc) is None
