"""Header → measure: one small grid per rule, with the meaning written down by hand.

Each grid is a template's header as printed (from the corpus or the issue), with one or two rows of
figures; the expectation is what a reader of the printed page would say each column holds.
"""

from __future__ import annotations

import pandas as pd
import pytest

from budgetlib.catalogue import KINDS, match_kind
from budgetlib.readers.base import RawTable
from budgetlib.tidy.tables import LINE_COLUMNS, tidy_table


def lines(title: str, rows: list[list[str]], *, kind: str = "", year: int = 2026, unit: str = "万元") -> pd.DataFrame:
    table = RawTable(title=title, rows=rows, unit=unit, index=1)
    found = KINDS[kind] if kind else match_kind(title)
    return pd.DataFrame(tidy_table(table, found, "fixture.pdf", year), columns=LINE_COLUMNS)


def measures(frame: pd.DataFrame, **where) -> dict[str, float]:
    """{measure (+basis): amount} of the lines matching `where`."""
    for key, value in where.items():
        frame = frame[frame[key] == value]
    return {m + (f"@{b}" if b else ""): a for m, b, a in zip(frame["measure"], frame["basis"], frame["amount"],
                                                              strict=True)}


def test_personnel_and_public_spending_under_a_basic_group():
    # 烟台 公开表5: 基本支出 / 小计 | 人员支出 | 日常公用支出; Hangzhou prints 人员经费 | 日常公用支出
    grid = [["科目编码", "科目名称", "合计", "基本支出", "", "", "项目支出"],
            ["", "", "", "小计", "人员支出", "日常公用支出", ""],
            ["201", "一般公共服务支出", "100.00", "60.00", "50.00", "10.00", "40.00"]]
    assert measures(lines("一般公共预算支出情况表", grid), code="201") == {
        "total": 100.0, "basic": 60.0, "personnel": 50.0, "public": 10.0, "project": 40.0}


def test_special_business_funds_are_project_spending():
    # 西安 表5: 合计 | 人员经费支出 | 公用经费支出 | 专项业务经费支出 (no 基本支出 column)
    grid = [["功能科目编码", "功能科目名称", "合计", "人员经费支出", "公用经费支出", "专项业务经费支出", "备注"],
            ["201", "一般公共服务支出", "9.00", "5.00", "1.00", "3.00", ""]]
    assert measures(lines("部门综合预算一般公共预算支出明细表（按支出功能分类科目）", grid), code="201") == {
        "total": 9.0, "personnel": 5.0, "public": 1.0, "project": 3.0}


def test_a_subtotal_takes_its_group_meaning():
    # 广州 表11: 总计 | 财政拨款 (合计 | 一般公共预算 | …) | 财政专户拨款 | 其他资金
    grid = [["支出项目类别（资金使用单位）", "总计", "财政拨款", "", "", "", "财政专户拨款", "其他资金"],
            ["", "", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算", "", ""],
            ["合计", "12.00", "10.00", "10.00", "0.00", "0.00", "0.00", "2.00"]]
    assert measures(lines("部门预算基本支出预算表", grid)) == {
        "total": 12.0, "fiscal_appropriation": 10.0, "general_public_budget": 10.0, "gov_fund_budget": 0.0,
        "state_capital_budget": 0.0, "fiscal_special_account": 0.0, "other_funds": 2.0}


def test_carried_over_funds_are_a_basis_not_a_second_set_of_measures():
    # 杭州 表2 / 苏州 公开02表: 总计 | 本年收入 (小计 | 一般公共预算 | 其他收入) | 上年结转结余 (小计 | 一般公共预算)
    grid = [["单位名称", "总计", "本年收入", "", "", "上年结转结余", ""],
            ["", "", "小计", "一般公共预算", "其他收入", "小计", "一般公共预算"],
            ["合计", "99.00", "95.00", "90.00", "5.00", "4.00", "4.00"]]
    assert measures(lines("收入预算总表", grid)) == {
        "total": 99.0, "income": 95.0, "general_public_budget": 90.0, "other_income": 5.0,
        "carried_over": 4.0, "general_public_budget@carried_over": 4.0}


def test_two_columns_of_one_block_never_share_a_measure():
    grid = [["科目编码", "科目名称", "合计", "金额"],
            ["201", "一般公共服务支出", "7.00", "7.00"]]
    assert measures(lines("一般公共预算支出表", grid), code="201") == {"total": 7.0, "column:金额": 7.0}


def test_an_of_which_column_is_a_measure_of_its_own():
    # 西安 表3: 一般公共预算拨款 / 小计 | 其中：专项资金列入部门预算的项目
    grid = [["单位编码", "单位名称", "部门预算", "", "", ""],
            ["", "", "合计", "一般公共预算拨款", "", "事业收入"],
            ["", "", "", "小计", "其中：专项资金列入部门预算的项目", ""],
            ["合计", "", "50.00", "50.00", "7.00", "0.00"]]
    assert measures(lines("部门综合预算收入总表", grid)) == {
        "total": 50.0, "general_public_budget": 50.0, "of_which_special_funds": 7.0, "business_income": 0.0}


def test_a_longer_phrase_is_not_read_as_the_shorter_one_it_contains():
    grid = [["单位名称", "合计", "财政拨款", "使用非财政拨款结余", "用事业基金弥补收支差额"],
            ["合计", "6.00", "3.00", "2.00", "1.00"]]
    assert measures(lines("收入总表", grid)) == {
        "total": 6.0, "fiscal_appropriation": 3.0, "non_fiscal_balance_used": 2.0, "business_fund_used": 1.0}


def test_the_side_comes_only_from_the_two_sides_of_a_two_sided_table():
    summary = [["收入", "", "支出", ""], ["项目", "预算数", "项目", "预算数"],
               ["一般公共预算拨款收入", "8.00", "一般公共服务支出", "8.00"]]
    sides = lines("部门收支总表", summary).set_index("name")["side"]
    assert (sides["一般公共预算拨款收入"], sides["一般公共服务支出"]) == ("income", "expenditure")
    one_sided = [["科目编码", "科目名称", "支出合计"], ["201", "一般公共服务支出", "8.00"]]
    assert set(lines("支出预算总表", one_sided)["side"]) == {""}  # 支出 in a header is no side


def test_a_final_accounts_summary_without_side_words_is_split_into_its_two_sides():
    # 决算 side by side: 项目 | 决算数 | 项目(按功能分类) | 决算数
    grid = [["项目", "决算数", "项目(按功能分类)", "决算数"],
            ["一般公共预算财政拨款", "3.00", "一般公共服务支出", "3.00"]]
    sides = lines("收入支出决算总表", grid).set_index("name")["side"]
    assert (sides["一般公共预算财政拨款"], sides["一般公共服务支出"]) == ("income", "expenditure")


def test_year_groups_keep_last_year_apart():
    # 重庆 表五: 2025年预算数 | 2026年预算数 (总计 | 基本支出 …)
    grid = [["功能分类科目", "", "2025年预算数", "2026年预算数", "", ""],
            ["科目编码", "科目名称", "", "总计", "基本支出", "项目支出"],
            ["201", "一般公共服务支出", "12.00", "15.00", "6.00", "9.00"]]
    assert measures(lines("2026年一般公共预算支出情况表", grid), code="201") == {
        "total@prior_year": 12.0, "total": 15.0, "basic": 6.0, "project": 9.0}


def test_changes_and_percentages():
    # 国家信访局 表5: 2025年执行数 | 2026年预算数 | 2026年预算数比2025年执行数 (增减额 | 增减(%))
    grid = [["科目编码", "科目名称", "2025年执行数", "2026年预算数", "2026年预算数比2025年执行数", ""],
            ["", "", "", "", "增减额", "增减(%)"],
            ["201", "一般公共服务支出", "10.00", "12.00", "2.00", "20.00%"]]
    assert measures(lines("一般公共预算支出表", grid), code="201") == {
        "total@prior_year": 10.0, "total": 12.0, "total@change": 2.0}  # the percentage is not money


def test_budget_and_final_groups_of_a_final_accounts_three_public_table():
    # 佛山 表7: 预算数 (合计 …) | 决算数 (合计 …), then the column numbers 1 … 4
    grid = [["预算数", "", "决算数", ""], ["合计", "公务接待费", "合计", "公务接待费"], ["1", "2", "3", "4"],
            ["0.00", "0.00", "0.16", "0.16"]]
    assert measures(lines("一般公共预算财政拨款“三公”经费支出决算表", grid, year=2019)) == {
        "total@budget": 0.0, "reception@budget": 0.0, "total@final": 0.16, "reception@final": 0.16}


@pytest.mark.parametrize(("header", "measure"), [
    ("支出总计", "total"), ("收入总计", "total"), ("预算", "total"), ("预算金额", "total"), ("总计：", "total"),
    ("人员经费支出", "personnel"), ("公用经费支出", "public"), ("专项业务经费", "project"),
    ("上年结转结余", "carried_over"), ("上年结转", "carried_over"), ("合计金额", "total"), ("预算总额", "total"),
])
def test_synonyms(header, measure):
    grid = [["科目编码", "科目名称", header], ["201", "一般公共服务支出", "1.00"]]
    assert measures(lines("支出预算总表", grid), code="201") == {measure: 1.0}
