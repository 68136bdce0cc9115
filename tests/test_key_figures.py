"""The sample's key figures, as printed (万元)."""

import budgetlib
from tests.conftest import SAMPLE

PRINTED = {
    "income_total": 2829.73,  # 表六 合计 (收入)
    "expenditure_total": 2829.73,  # 表六 合计 (支出)
    "fiscal_appropriation_total": 2829.73,  # 表一 收入合计
    "general_public_budget_expenditure_total": 2829.73,  # 表二 合计 总计
    "basic_expenditure_total": 2332.37,  # 表二 合计 基本支出
    "project_expenditure_total": 497.36,  # 表二 合计 项目支出
    "basic_personnel_total": 1975.28,  # 表三 合计 人员经费
    "basic_public_total": 357.09,  # 表三 合计 日常公用经费
    "three_public_total": 75.65,  # 表四
    "three_public_travel_abroad": 20.00,
    "three_public_vehicles": 31.25,
    "three_public_vehicle_purchase": 0.0,  # blank in 表四; "公务用车购置费 0 万元" in the narrative
    "three_public_vehicle_operation": 31.25,
    "three_public_reception": 24.40,
    "gov_fund_expenditure_total": 0.0,  # 表五: 本单位无该项收支
    "procurement_total": 206.84,  # 表九 合计
    "operating_expenses": 242.13,  # narrative: 运行经费 242.13 万元
}


def test_all_key_figures(sample):
    assert sample.key_figures == PRINTED


def test_meta(sample):
    meta = sample.meta
    assert (meta["region"], meta["department"], meta["year"], meta["stage"], meta["scope"]) == (
        "重庆市南岸区", "重庆市南岸区人民政府办公室", 2025, "预算", "部门")
    assert meta["source_unit"] == "万元" and len(meta["sha256"]) == 64 and meta["source"] == str(SAMPLE)


def test_a_document_without_the_figure_lacks_the_key(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    start, end = text.index("表四\n"), text.index("表五\n")
    path = tmp_path / "no_three_public.txt"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    figures = budgetlib.read(path).key_figures
    assert figures["three_public_total"] == 75.65  # still stated in the narrative
    assert "three_public_vehicles" in figures  # purchase + operation, both stated
