"""Narrative facts: the sample's stated figures, changes, reasons, and the prior-year figures they imply."""

import pandas as pd
import pytest

from budgetlib.extract.narrative import extract_facts


@pytest.fixture(scope="module")
def facts(sample):
    # the first statement of each subject and year (the sample states procurement twice: for all funds,
    # then "其中一般公共预算拨款政府采购" for the general public budget)
    return sample.facts.drop_duplicates(["subject", "year"]).set_index(["subject", "year"])


# (subject, 2025 amount, stated change, direction, 2024 amount derived by hand from the sentence)
STATED = [
    ("income_total", 2829.73, 1164.93, "增加", 1664.80),
    ("expenditure_total", 2829.73, 1164.93, "增加", 1664.80),
    ("general_public_budget_expenditure_total", 2829.73, 1164.93, "增加", 1664.80),
    ("basic_expenditure_total", 2332.37, 957.93, "增加", 1374.44),
    ("project_expenditure_total", 497.36, 207.00, "增加", 290.36),
    ("three_public_total", 75.65, 15.70, "减少", 91.35),
    ("three_public_travel_abroad", 20.00, 0.0, "持平", 20.00),
    ("three_public_reception", 24.40, 6.50, "减少", 30.90),
    ("three_public_vehicle_operation", 31.25, 9.20, "减少", 40.45),
    ("three_public_vehicle_purchase", 0.0, 0.0, "持平", 0.0),
    ("operating_expenses", 242.13, 52.27, "增加", 189.86),
    ("gov_fund_expenditure_total", 0.0, 0.0, "持平", 0.0),
]


@pytest.mark.parametrize(("subject", "current", "change", "direction", "prior"), STATED)
def test_current_and_prior_year(facts, subject, current, change, direction, prior):
    now = facts.loc[(subject, 2025)]
    assert now["amount"] == pytest.approx(current, abs=1e-9)
    assert now["change"] == pytest.approx(change, abs=1e-9)
    assert now["direction"] == direction
    before = facts.loc[(subject, 2024)]
    assert before["amount"] == pytest.approx(prior, abs=1e-9)
    assert bool(before["derived"])


def test_reasons_are_kept(facts):
    assert facts.loc[("three_public_reception", 2025), "reason"] == "厉行节约，减少公务接待"
    assert facts.loc[("operating_expenses", 2025), "reason"] == "人员增加，单位公用经费增加"
    assert facts.loc[("income_total", 2025), "reason"] == "一般公共预算拨款增加1164.93万元"


def test_procurement_and_vehicle_counts(facts):
    assert facts.loc[("procurement_total", 2025), "amount"] == 206.84
    assert facts.loc[("procurement_goods", 2025), "amount"] == 12.14
    assert facts.loc[("procurement_works", 2025), "amount"] == 0.0
    assert facts.loc[("procurement_services", 2025), "amount"] == 194.70
    assert facts.loc[("vehicles_total", 2024), ["amount", "unit"]].tolist() == [8.0, "辆"]  # 截止 2024 年 12 月
    assert facts.loc[("vehicles_general", 2024), "amount"] == 8.0
    assert facts.loc[("vehicles_law_enforcement", 2024), "amount"] == 0.0
    assert facts.loc[("vehicles_planned_purchase", 2025), "amount"] == 0.0


def test_sentence_broken_over_lines_is_rejoined(facts):
    # The 项目支出 sentence wraps mid-word (统一接 / 入) in the text form; its change is still found.
    assert "统一接入" in facts.loc[("project_expenditure_total", 2025), "sentence"]


def test_jiangsu_style_change_with_percentage():
    facts = extract_facts([(3, "2018 年 本 部 门 收 入 预 算 5,678.17 万元，与上年相比增加878.93万元，增长18.3%。"
                               "主要原因：人员经费增加。")], 2018)
    row = facts.set_index(["subject", "year"]).loc[("income_total", 2018)]
    assert (row["amount"], row["change"], row["percent"], row["page"]) == (5678.17, 878.93, 18.3, 3)
    assert facts.set_index(["subject", "year"]).loc[("income_total", 2017), "amount"] == pytest.approx(4799.24)


def test_no_figures_means_no_facts():
    assert extract_facts([(1, "本部门负责区政府会议的准备工作。")], 2025).empty
    assert isinstance(extract_facts([], 2025), pd.DataFrame)
