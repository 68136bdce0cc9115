"""Each chart's frame against the document's own figures: the sample (表二, 表四 and the narrative) and five
real documents of different families, values read from the PDF pages and the corpus truth files.

The corpus documents: a Jiangsu 预算 in two files (委办 2019), a Shanghai 预算 in 元 (万里 2025), a Shanghai
决算 (财政局 2024), a central 预算 whose 类 rows are printed twice in its expenditure table (国家信访局 2026),
and a Chongqing 预算 whose 类 table prints the prior year's figure first (重庆市人民政府办公厅 2026)."""

from __future__ import annotations

import math
from functools import cache

import pandas as pd
import pytest

import budgetlib
from budgetlib.analysis import chart_data
from tests.conftest import CORPUS

NEEDS_CORPUS = pytest.mark.skipif(not (CORPUS / "MANIFEST.tsv").exists(), reason=f"the corpus is not at {CORPUS}")


@cache
def corpus(*files: str) -> budgetlib.BudgetDocument:
    paths = [CORPUS / f for f in files]
    return budgetlib.read(paths if len(paths) > 1 else paths[0])


def values(found: chart_data.ChartData, column: str = "total") -> dict[str, float]:
    frame = found.frame
    return dict(zip(frame["code"].where(frame["code"] != "", frame["name"]), frame[column], strict=True))


# --- the sample ------------------------------------------------------------------------------------

def test_sample_function_classes_are_the_four_classes_of_table_two(sample):
    found = chart_data.scope_frame(sample.lines, "function_classes")
    assert found.table == "general_expenditure"
    assert values(found) == {"201": 2197.40, "208": 383.30, "210": 119.83, "221": 129.20}
    assert list(found.frame["name"]) == ["一般公共服务支出", "社会保障和就业支出", "卫生健康支出", "住房保障支出"]


def test_sample_split_by_class_keeps_a_printed_blank_as_zero(sample):
    found = chart_data.scope_frame(sample.lines, "function_split")
    assert values(found, "basic") == {"201": 1700.04, "208": 383.30, "210": 119.83, "221": 129.20}
    assert values(found, "project") == {"201": 497.36, "208": 0.0, "210": 0.0, "221": 0.0}


def test_sample_income_sources_leave_the_total_and_the_blank_rows_apart(sample):
    found = chart_data.scope_frame(sample.lines, "income_sources")
    assert values(found) == {"一般公共预算资金": 2829.73}  # 表六: 合计 2,829.73, eight sources blank
    assert any("8项" in note for note in found.notes)


def test_sample_three_public_prior_year_comes_from_the_narrative(sample):
    frame = chart_data.three_public(sample.key_figures, sample.facts, 2025).set_index("key")
    # 表四: 75.65 = 20.00 + 31.25 + 24.40; the narrative: 比2024年减少15.7, 持平, 减少9.2 (运行维护) and 0 购置, 减少6.5
    assert frame.loc["three_public_total", ["prior", "current"]].tolist() == pytest.approx([91.35, 75.65])
    assert frame.loc["three_public_travel_abroad", ["prior", "current"]].tolist() == pytest.approx([20.0, 20.0])
    assert frame.loc["three_public_vehicles", ["prior", "current"]].tolist() == pytest.approx([40.45, 31.25])
    assert frame.loc["three_public_reception", ["prior", "current"]].tolist() == pytest.approx([30.9, 24.4])


# --- roles of rows ---------------------------------------------------------------------------------

def test_rows_that_are_not_peers():
    assert chart_data.row_role("合计") == "total"
    assert chart_data.row_role("  其中：基本建设资金") == "of_which"
    assert chart_data.row_role("栏次") == "numbering"
    assert chart_data.row_role("1 2 3") == "numbering"
    assert chart_data.row_role("一般公共服务支出", "201") == "category"
    assert chart_data.clean_name("一、一般公共预算拨款收入") == "一般公共预算拨款收入"
    assert chart_data.clean_name("（二）政府性基金") == "政府性基金"


def test_a_category_printed_twice_with_different_figures_is_not_charted():
    lines = pd.DataFrame([
        {"kind": "general_expenditure", "classification": "function", "code": "201", "name": "一般公共服务支出",
         "level": 1, "side": "", "measure": "total", "basis": "", "amount": amount, "is_blank": False,
         "page": 3, "table_index": 2, "table_title": "一般公共预算支出表"} for amount in (10.0, 12.0)])
    found = chart_data.scope_frame(lines, "function_classes")
    assert found.empty and "201" in found.uncertain[0]


# --- real documents --------------------------------------------------------------------------------

@NEEDS_CORPUS
def test_jiangsu_classes_and_an_unstated_prior_year_is_unknown_not_zero():
    doc = corpus("jiangsu/江苏省委办公厅-2019-预算.pdf", "jiangsu/江苏省委办公厅-2019-预算-表格.pdf")
    # lines_truth.tsv, 表格 p7
    assert values(chart_data.scope_frame(doc.lines, "function_classes")) == {"201": 22395.50, "208": 1374.63,
                                                                           "221": 3894.09}
    frame = chart_data.three_public(doc.key_figures, doc.facts, 2019).set_index("key")
    # key_figures.tsv, 表格 p9: 508.20 = 70.00 + 411.20 + 27.00
    assert frame["current"].to_dict() == pytest.approx({
        "three_public_total": 508.20, "three_public_travel_abroad": 70.0, "three_public_vehicles": 411.20,
        "three_public_reception": 27.0})
    # the narrative gives no 2018 total: unknown, never 0 ("from 0 to 411")
    assert math.isnan(frame.loc["three_public_total", "prior"])
    # p12: 公务用车购置 0 and 运行维护费 411.20 万元 are each "与上年预算数一致": 2018 vehicles = 0 + 411.20
    assert frame.loc["three_public_vehicles", "prior"] == pytest.approx(411.20)


@NEEDS_CORPUS
def test_shanghai_budget_in_yuan_is_charted_in_wanyuan():
    doc = corpus("shanghai/上海市普陀区人民政府万里街道办事处-2025-预算.pdf")
    found = chart_data.scope_frame(doc.lines, "function_classes")
    # lines_truth.tsv (p20–23), printed in 元
    printed = {"201": 3296600, "204": 2878025, "205": 250000, "206": 100000, "207": 200000, "208": 16091895,
               "210": 3216973, "212": 154369326, "221": 9364732}
    assert values(found) == pytest.approx({code: yuan / 10_000 for code, yuan in printed.items()})
    split = chart_data.scope_frame(doc.lines, "function_split")
    assert values(split, "basic")["212"] == pytest.approx(77381546 / 10_000)
    assert values(split, "project")["212"] == pytest.approx(76987780 / 10_000)


@NEEDS_CORPUS
def test_shanghai_final_accounts_classes_and_three_public_budget_against_final():
    doc = corpus("shanghai/上海市普陀区财政局-2024-决算.pdf")
    # lines_truth.tsv: 一般公共预算财政拨款支出决算表 p15, 决算数
    assert values(chart_data.scope_frame(doc.lines, "function_classes")) == {"201": 2106.66, "208": 326.72,
                                                                           "210": 60.99, "221": 445.69}
    found = chart_data.budget_vs_final_three_public(doc.lines)
    frame = found.frame.set_index("measure")
    # p18: only 预算数 0.95 is printed (合计 and 公务接待费); the 决算数 cells are blank (0.00, narrative p23)
    assert frame.loc["total", ["budget", "final"]].tolist() == [0.95, 0.0]
    assert frame.loc["reception", ["budget", "final"]].tolist() == [0.95, 0.0]
    assert frame.loc["total", "execution_pct"] == 0.0
    assert math.isnan(frame.loc["travel_abroad", "execution_pct"])  # nothing budgeted: no rate, not 0%
    assert found.pages == [18]


@NEEDS_CORPUS
def test_central_document_with_every_class_row_printed_twice_charts_each_class_once():
    doc = corpus("central/国家信访局-2026-预算.pdf")
    found = chart_data.scope_frame(doc.lines, "function_classes")
    # lines_truth.tsv p10–11; 210 卫生健康支出 is blank in the table (0.00 in the truth): not a bar, but a note
    assert values(found) == {"201": 13144.37, "205": 118.01, "208": 2156.86, "221": 1055.58}
    assert found.notes == ["空白（未填数）1项未列示"]


@NEEDS_CORPUS
def test_a_table_with_a_prior_year_column_charts_the_current_year():
    doc = corpus("chongqing/重庆市人民政府办公厅-2026-预算-情况说明.pdf")
    found = chart_data.scope_frame(doc.lines, "function_classes")
    # lines_truth.tsv p15: 表五 prints the 2025 figure first; the chart takes the 2026 总计 column
    assert values(found) == {"201": 15146.48, "205": 15.26, "208": 1595.94, "210": 446.95, "215": 673.17,
                             "221": 539.91}
    assert not found.uncertain


def test_a_table_that_gives_one_class_several_figures_is_withheld_and_said_so(sample):
    lines = sample.lines
    table = chart_data.scope_frame(lines, "function_classes").table_index
    twice = lines[(lines["table_index"] == table) & (lines["code"] == "201") & (lines["measure"] == "total")]
    conflicting = twice.assign(amount=twice["amount"] + 100, row=twice["row"] + 1000)  # 201 printed again, other figure
    found = chart_data.scope_frame(pd.concat([lines, conflicting], ignore_index=True), "function_classes")
    assert found.table_index != table  # that table is not charted: another of the same scope is, or none
    assert "201" in found.uncertain[0]


