"""Analyses on small frames whose answers are worked out by hand."""

import pandas as pd
import pytest

from budgetlib.analysis import compare, split, weights, yoy


def series(rows):
    return pd.DataFrame(rows, columns=["year", "kind", "code", "name", "level", "amount"])


def test_join_years_by_code_crosswalk_and_name_with_a_log():
    data = series([
        (2018, "t", "201", "一般公共服务支出", 1, 100.0), (2019, "t", "201", "一般公共服务支出", 1, 130.0),
        (2018, "t", "2080504", "未归口管理的行政单位离退休", 3, 10.0),
        (2019, "t", "2080501", "行政单位离退休", 3, 12.0),
        (2018, "t", "2210299", "其他住房改革支出", 3, 5.0), (2019, "t", "2210203", "其他住房改革支出", 3, 6.0),
        (2018, "t", "2129999", "已撤销的科目", 3, 1.0),
    ])
    mapping = pd.DataFrame([{"from_year": 2018, "old_code": "2080504", "to_year": 2019, "new_code": "2080501",
                             "note": "test"}])
    wide, log = yoy.join_years(data, mapping)
    wide = wide.set_index("code")
    assert wide.loc["2080501", 2018] == 10.0 and wide.loc["2080501", 2019] == 12.0  # crosswalk
    assert wide.loc["2210203", 2018] == 5.0  # same name, new code
    how = log.set_index("code")["how"]
    assert how["2080504"] == "crosswalk" and how["2210299"] == "name" and how["2129999"] == "unmatched"
    change = yoy.changes(wide.reset_index(), 2018, 2019).set_index("code")
    assert change.loc["201", "change"] == 30.0 and change.loc["201", "change_pct"] == 30.0


def test_stated_changes_are_checked_against_two_documents():
    facts = pd.DataFrame([
        {"subject": "income_total", "label": "收入", "year": 2019, "amount": 120.0, "change": 20.0, "direction": "增加",
         "percent": 20.0, "reason": "", "derived": False},
        {"subject": "income_total", "label": "收入", "year": 2018, "amount": 100.0, "change": None, "direction": "",
         "percent": None, "reason": "", "derived": True},
        {"subject": "three_public_total", "label": "三公", "year": 2019, "amount": 50.0, "change": 5.0,
         "direction": "减少", "percent": None, "reason": "厉行节约", "derived": False},
        {"subject": "three_public_total", "label": "三公", "year": 2018, "amount": 55.0, "change": None,
         "direction": "", "percent": None, "reason": "", "derived": True},
    ])
    figures = pd.DataFrame([("income_total", 2018, 100.0), ("income_total", 2019, 120.0),
                            ("three_public_total", 2018, 60.0), ("three_public_total", 2019, 50.0)],
                           columns=["key", "year", "amount"])
    result = yoy.stated_vs_computed(facts, figures, 2019).set_index("subject")
    assert not result.loc["income_total", "mismatch"]
    assert result.loc["three_public_total", "mismatch"]  # stated −5, the documents say −10
    assert result.loc["three_public_total", "computed_change"] == -10.0


def test_split_shares_include_the_reserve_only_when_printed():
    shares = split.overall({"basic_expenditure_total": 60.0, "project_expenditure_total": 30.0,
                            "reserve_expenditure_total": 10.0}).set_index("part")["share_pct"]
    assert shares.to_dict() == {"basic": 60.0, "project": 30.0, "reserve": 10.0}
    assert list(split.overall({"basic_expenditure_total": 1.0, "project_expenditure_total": 3.0})["part"]) == [
        "basic", "project"]


def test_weight_summary(sample):
    summary = weights.by_scope(sample.indicators).set_index("project")
    assert summary.loc["（部门整体）", "weight_sum"] == 100
    assert summary.loc["政府政务专项", "indicators"] == 12 and summary.loc["政府政务专项", "core"] == 1
    # 12 indicators (表十一): eight of weight 6, three of 10, one of 12 → Σ(w/90)² = (8·36 + 3·100 + 144) / 8100
    assert summary.loc["政府政务专项", "concentration_hhi"] == pytest.approx(732 / 8100, abs=1e-3)
    assert weights.matrix(sample.indicators).loc["政府政务专项", "政务值班接听率"] == 10


def test_a_template_without_weights_has_no_weight_sum_not_zero():
    # 烟台市人民政府办公室 2026 (p31-47) prints targets but no weights: its projects weigh "n/a", not 0.
    indicators = pd.DataFrame([
        {"scope": "project", "project": "国际零碳岛屿合作组织专班经费", "indicator": "项目支出总成本", "weight": None,
         "core": None, "target_value": 155.0},
        {"scope": "project", "project": "国际零碳岛屿合作组织专班经费", "indicator": "制作宣传图册数量", "weight": None,
         "core": None, "target_value": 1000.0},
        {"scope": "project", "project": "政府政务专项", "indicator": "政务值班接听率", "weight": 10.0, "core": True,
         "target_value": 100.0},
    ])
    summary = weights.by_scope(indicators).set_index("project")
    assert pd.isna(summary.loc["国际零碳岛屿合作组织专班经费", "weight_sum"])
    assert pd.isna(summary.loc["国际零碳岛屿合作组织专班经费", "concentration_hhi"])
    assert summary.loc["国际零碳岛屿合作组织专班经费", ["indicators", "weights_printed"]].tolist() == [2, 0]
    assert summary.loc["政府政务专项", "weight_sum"] == 10
    assert weights.printed(summary.reset_index())["project"].tolist() == ["政府政务专项"]
    assert list(weights.matrix(indicators).index) == ["政府政务专项"]


def test_a_document_without_indicators_has_an_empty_summary_with_its_columns(sample):
    summary = weights.by_scope(sample.indicators.iloc[0:0])
    assert summary.empty and weights.printed(summary).empty and "weight_sum" in summary.columns


def test_compare_never_mixes_stages_or_skips_a_year():
    documents = pd.DataFrame([
        {"doc_id": "a", "department_name": "甲", "year": 2023, "stage": "预算", "scope": "部门"},
        {"doc_id": "b", "department_name": "甲", "year": 2024, "stage": "预算", "scope": "部门"},
        {"doc_id": "c", "department_name": "甲", "year": 2024, "stage": "决算", "scope": "部门"},
        {"doc_id": "d", "department_name": "乙", "year": 2022, "stage": "预算", "scope": "部门"},
        {"doc_id": "e", "department_name": "乙", "year": 2024, "stage": "预算", "scope": "部门"},
    ])
    figures = pd.DataFrame([(d, "expenditure_total", v) for d, v in
                            [("a", 100.0), ("b", 110.0), ("c", 90.0), ("d", 50.0), ("e", 80.0)]],
                           columns=["doc_id", "key", "amount"])
    table = compare.metrics(documents, figures).set_index("doc_id")
    assert table.loc["b", "yoy_growth_pct"] == 10.0
    assert pd.isna(table.loc["c", "yoy_growth_pct"])  # a 决算 is not the next year of a 预算
    assert pd.isna(table.loc["e", "yoy_growth_pct"])  # 2022 → 2024 is not year over year
