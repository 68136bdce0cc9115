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


# --- issue 9: the forms the narratives print, written as they appear in documents ----------------
def read(*lines: str, year: int = 2025, stage: str = "预算", department: str = "某某局") -> pd.DataFrame:
    return extract_facts([(7, line) for line in lines], year, department, stage)


def stated(facts: pd.DataFrame) -> pd.DataFrame:
    return facts[~facts["derived"].astype(bool)]


def test_function_item_named_by_its_path_keeps_change_and_percent():
    facts = read("四、财政拨款支出预算情况说明",
                 "检察（款）行政运行（项）支出1,234.56万元，与上年相比增加23.45万元，增长1.94%。")
    row = stated(facts).iloc[0]
    assert (row["subject"], row["item"], row["amount"], row["change"], row["direction"], row["percent"]) == (
        "function_item", "检察-行政运行", 1234.56, 23.45, "增加", 1.94)
    assert row["scope"] == "fiscal"  # the section says whose money
    prior = facts[facts["derived"].astype(bool)].iloc[0]
    assert (prior["year"], prior["amount"]) == (2024, pytest.approx(1211.11))


@pytest.mark.parametrize(("line", "item", "code"), [
    ("1.“一般公共服务支出（类）商贸事务（款）行政运行（项）”512.30万元，主要用于机关运行。",
     "一般公共服务支出-商贸事务-行政运行", ""),
    ("2.“一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目1,202.95万元，主要用于行政单位的基本支出。",
     "一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行", ""),
    ("3.公共安全支出（204类）司法（06款）其他司法支出（99项）45.67万元。", "公共安全支出-司法-其他司法支出", "2040699"),
    ("（一）2010301-行政运行3104.73万元。", "行政运行", "2010301"),
    ("1.行政运行（2010301）4,414.15万元，较上年增加293.55万元。", "行政运行", "2010301"),
])
def test_function_items_in_every_printed_form(line, item, code):
    row = stated(read(line)).iloc[0]
    assert (row["subject"], row["item"], row["code"]) == ("function_item", item, code)


def test_share_lists_keep_each_share():
    facts = stated(read("按照支出功能分类，教育支出118.01万元，占0.63%；住房保障支出1,111.44万元，占5.93%。"))
    assert facts[["item", "amount", "share"]].values.tolist() == [["教育支出", 118.01, 0.63],
                                                                 ["住房保障支出", 1111.44, 5.93]]


@pytest.mark.parametrize(("lines", "subject", "change", "direction"), [
    (("2025年本部门支出预算为1,000.00万元。与上年相比增加100.00万元，增长11.11%。",), "expenditure_total", 100.0,
     "增加"),
    (("本部门2025年度收入、支出预算总计4,651.67万元，与上年相比收、支预算总计各增加47.15万元。",),
     "income_expenditure_total", 47.15, "增加"),
    (("本部门2025年度财政拨款收、支总预算4,651.67万元。与上年相比，财政拨款收、支总计各增加47.15万元。",),
     "fiscal_appropriation_total", 47.15, "增加"),
    (("2025年本部门机关运行经费预算支出395.60万元，本年数小于上年预算数3.61万元。",), "operating_expenses", 3.61,
     "减少"),
    (("2025年一般公共预算拨款支出预算9,101.68万元，比2024年预算执行数增加2,389.52万元。",),
     "general_public_budget_expenditure_total", 2389.52, "增加"),
    (("（1）政府性基金预算拨款收入0万元，与上年预算数相同。",), "gov_fund_income", 0.0, "持平"),
    (("4.其他政府办公厅（室）及相关机构事务支出（2010399）1,420.00万元，较上年无增减；",), "function_item", 0.0,
     "持平"),
])
def test_changes_in_every_wording(lines, subject, change, direction):
    row = stated(read(*lines)).iloc[0]
    assert (row["subject"], row["change"], row["direction"]) == (subject, change, direction)


def test_a_change_in_the_next_sentence_belongs_to_the_figure_before_it():
    facts = stated(read("（1）一般公共服务支出（类）社会工作事务（款）其他社会工作事务支出（项）0.19万元，"
                        "主要用于两新组织党建事务的支出。比上年执行数增加0.09万元，增长90.0%。"))
    assert facts[["amount", "change", "percent"]].values.tolist() == [[0.19, 0.09, 90.0]]


def test_a_change_in_a_reason_is_no_change_of_the_figure_before_it():
    facts = read("（二）支出预算。2025年年初预算数19,230.18万元；支出比2024年增加2,784.38万元，"
                 "主要是基本支出增加362.10万元，项目支出增加2,422.28万元。")
    total = stated(facts).set_index("subject").loc["expenditure_total"]
    assert (total["amount"], total["change"]) == (19230.18, 2784.38)  # its subject from the heading
    alone = facts[facts["subject"] == "basic_expenditure_total.change"].iloc[0]
    assert pd.isna(alone["amount"]) and alone["change"] == 362.10  # stated without an amount


def test_scope_from_the_section_and_the_label():
    facts = stated(read("（三）支出决算表说明", "2024年度本部门支出决算总计2,940.05万元，其中：基本支出2,336.92万元。",
                        "（四）财政拨款支出决算表说明",
                        "2024年度本部门财政拨款支出2,940.05万元，其中：基本支出2,336.92万元。",
                        year=2024, stage="决算"))
    basic = facts[facts["subject"] == "basic_expenditure_total"]
    assert basic["scope"].tolist() == ["all_funds", "fiscal"]


def test_income_that_lists_carry_over_includes_it():
    facts = stated(read("2025年本部门收入预算为1,200.00万元，其中：一般公共预算拨款1,000.00万元，上年结转200.00万元。"))
    rows = facts.set_index("subject")
    assert rows.loc["income_total", "carry_over"] == "with"
    assert rows.loc["general_public_budget_income", "amount"] == 1000.0  # 一般公共预算拨款 under 收入 is income
    assert rows.loc["carry_over", "parent"] == "income_total"


@pytest.mark.parametrize(("line", "subject", "not_subject"), [
    ("2025年收入预算1,000万元，其中：政府性基金预算财政拨款收入0.00万元。", "gov_fund_income",
     "fiscal_appropriation_total"),
    ("2025年上级专项转移支付支出预算300.00万元。", "item", "expenditure_total"),
    ("5.“农林水支出”科目800.00万元，主要用于机关运转，其中人员经费500.00万元。", "function_item/basic_personnel_total",
     "basic_personnel_total"),
    ("2025年本部门临聘人员经费60.00万元。", "item", "basic_personnel_total"),
    ("2025年本部门财政拨款支出预算1,500.00万元。", "fiscal_expenditure_total", "expenditure_total"),
    ("上年结转结余的一般公共预算收入0万元，占0%；", "carry_over", "general_public_budget_income"),
])
def test_a_label_never_fires_inside_a_longer_label(line, subject, not_subject):
    subjects = set(read(line)["subject"])
    assert subject in subjects and not_subject not in subjects


@pytest.mark.parametrize(("line", "subject", "amount"), [
    ("2025年本部门会议费预算支出10万元，比上年预算减少7万元。", "meeting_fees", 10.0),
    ("2025年本部门培训费预算支出43万元，比上年预算减少21.73万元。", "training_fees", 43.0),
    ("其中：拟采购货物支出5.5万元、拟采购工程支出0万元、拟购买服务支出183万元。", "procurement_services", 183.0),
    ("2025年部门预算收入2,000.00万元。", "income_total", 2000.0),
    ("其中：事业收入100.00万元。", "business_income", 100.0),
    ("其中：其他收入50.00万元。", "other_income", 50.0),
    ("其中：使用非财政拨款结余20.00万元。", "non_fiscal_balance", 20.0),
    ("其中：上年结转30.00万元。", "carry_over", 30.0),
    ("2025年结转下年0万元。", "carry_forward", 0.0),
    ("本部门2025年收支总预算5,000.00万元。", "income_expenditure_total", 5000.0),
    ("2025年本部门委托业务费财政拨款预算总额1,914.85万元。", "entrusted_services", 1914.85),
])
def test_the_vocabulary(line, subject, amount):
    assert stated(read(line)).set_index("subject").loc[subject, "amount"] == amount


def test_a_stated_prior_figure_is_a_figure_of_its_year_not_a_derived_one():
    facts = read("2026年度收入预算4704.24万元，比2025年年初预算数4464.03万元增加240.21万元，增长5.38%。", year=2026)
    rows = facts[facts["subject"] == "income_total"]
    assert rows[["year", "amount", "derived"]].values.tolist() == [[2026, 4704.24, False], [2025, 4464.03, False]]
    assert rows.iloc[0]["change"] == 240.21 and rows.iloc[0]["percent"] == 5.38


def test_final_accounts_state_the_budget_and_the_final_figure():
    facts = stated(read("1、一般公共服务支出（类）财政事务（款）行政运行（项）。"
                        "主要用于：局本部人员经费及公用经费等的基本支出。"
                        "年初预算为1560.05万元，支出决算为1511.89万元。", year=2024, stage="决算"))
    assert facts[["subject", "amount"]].values.tolist() == [["function_item.budget", 1560.05],
                                                            ["function_item", 1511.89]]


def test_punctuation_alone_on_a_line_and_justified_spaces_still_read_as_one_sentence():
    facts = read("2 0 2 5 年 本 部 门 收 入 预 算 1 , 2 3 4 . 5 6 万 元", "，", "比 上 年 增 加 1 0 0 万 元 。")
    row = stated(facts).iloc[0]
    assert (row["subject"], row["amount"], row["change"]) == ("income_total", 1234.56, 100.0)


def test_a_running_page_header_does_not_split_a_sentence():
    lines = [(p, text) for p in (23, 24, 25) for text in ("苏州市审计局2026年度部门预算公开", "占位。")]
    lines[2:2] = [(23, "（1）一般公共服务支出（类）支出 2,906.63 万元，主要用于")]
    lines.insert(4, (24, "审计事务。与上年相比减少 17.08 万元，减少 0.58%。"))
    row = stated(extract_facts(lines, 2026)).iloc[0]
    assert (row["amount"], row["change"], row["direction"]) == (2906.63, 17.08, "减少")


def test_the_department_short_name_names_no_subject():
    facts = stated(read("北京市重大项目建设指挥部办公室（以下简称市重大项目办）是…的临时机构。",
                        "2026年市重大项目办机关运行经费财政拨款预算321.34万元。", year=2026,
                        department="北京市重大项目建设指挥部办公室"))
    assert facts.set_index("subject").loc["operating_expenses", "amount"] == 321.34


def test_the_printed_precision_is_kept():
    facts = stated(read("2026年一般公共预算财政拨款运行经费1,815万元。", "政府采购预算26.98万元。", year=2026))
    assert facts["printed"].tolist() == ["1815", "26.98"]


def test_counts_of_projects_under_performance_targets():
    facts = stated(read("编报绩效目标的项目11个，涉及项目预算资金6626万元。"))
    rows = facts.set_index("subject")
    assert rows.loc["performance_target_funds", "amount"] == 6626.0
    assert rows.loc["performance_target_projects", ["amount", "unit"]].tolist() == [11.0, "个"]


def test_a_number_of_hundreds_of_digits_is_no_figure_and_never_infinite():
    facts = read("2025年收入预算" + "9" * 400 + "万元，支出预算2829.73万元。")
    assert not facts["amount"].isin([float("inf"), float("-inf")]).any()
    assert stated(facts)["amount"].tolist() == [2829.73]
