"""Real documents: the code each finding about one subject carries, read off the page the truth names
(truth/doc_inconsistencies.tsv rows as numbered in tests/expected/inconsistency_families.csv)."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.audit.test_corpus_findings import document  # skips the module when the corpus is absent

XINFANG = "central/国家信访局-2026-预算.pdf"
WANLI_2025 = "shanghai/上海市普陀区人民政府万里街道办事处-2025-预算.pdf"
WELFARE = "shanghai/上海市普陀区社会福利院-2024-预算-单位.pdf"
FINANCE_2024 = "shanghai/上海市普陀区财政局-2024-决算.pdf"
RENDA_2017 = "jiangsu/江苏省人大常委会办公厅-2017-预算.pdf"
RENDA_2019 = "jiangsu/江苏省人大常委会办公厅-2019-预算.pdf"
SAFETY = "shaanxi/西安市安全生产监督管理局-2019-预算-公开报表.pdf"
YANTAI = "shandong/烟台市人民政府办公室-2026-预算.pdf"
FOSHAN = "guangdong/佛山市轨道交通局-2019-决算.pdf"


def findings(file: str, rule: str, page: int | None = None) -> pd.DataFrame:
    checks = document(file).checks
    chosen = checks[(checks["rule"] == rule) & checks["status"].isin(["fail", "warning", "note", "rounding"])]
    return chosen if page is None else chosen[chosen["page"] == page]


@pytest.mark.parametrize(
    ("row", "file", "rule", "page", "code"),
    [
        # p25 "委托业务费财政拨款预算1,391.68万元，比2025年预算增加333.83万元，增长31.35%": 委托业务费 is printed as
        # "30227 委托业务费" in the basic table (p13)
        (31, XINFANG, "N03", 25, "30227"),
        # p19 "…主要是2014099其他信访事务支出，2026年预算数为3,623.98万元，占部门支出总额的22.00%"
        (32, XINFANG, "N04", 19, "2014099"),
        # p21 item 6 "其他信访事务支出（项）…比2025年执行数增加2,022.94万元" against p19 "比2025年执行减少21,519.26万元"
        (73, XINFANG, "N07", 21, "2014099"),
        # p19 "…项级支出科目为2014099其他信访事务支出，2026年预算数3,623.98为万元"
        (74, XINFANG, "T07", 19, "2014099"),
        # p7 item 21 “卫生健康支出（类）卫生健康支出（款）计划生育事务（项）”科目20.00万元: the 项 of 20.00 under 210 is
        # 2100717 计划生育服务 (p12, p16, p22: 200,000 元)
        (2, WANLI_2025, "N08", 7, "2100717"),
        # p9 and p11 print the 类 as "7 | 11 | 02 | 事业单位医疗"; p8 prints the row as 210 11 02 事业单位医疗
        (6, WELFARE, "K03", 9, "2101102"),
        (6, WELFARE, "K03", 11, "2101102"),
        # p6 “医疗卫生与计划生育支出（类）行政事业单位医疗（款）事业单位医疗（项）”: the 类 of 21011 is
        # 210 卫生健康支出 (p8)
        (7, WELFARE, "N08", 6, "210"),
        # p21 "一般公共服务支出（类）2106.66万元，占71.73%" (2,106.66 / 2,940.05 = 71.65%)
        (16, FINANCE_2024, "N04", 21, "201"),
        # p26 "1.人大事务行政运行（项）支出10528.33万元": 人大事务 20101 行政运行 2010101
        (20, RENDA_2017, "N02", 26, "2010101"),
        # p14 "住房改革支出（类）住房公积金（项）752.9万元": 住房改革支出 is the 款 22102
        (23, RENDA_2019, "N08", 14, "22102"),
        # 表5 p7 "2080506 机关事业单位职业年金缴费支出 32.05"; the basic table by economic classification (p19-20) has
        # no 30109 职业年金缴费 row: the finding is about 2080506 (no economic row to carry)
        (59, SAFETY, "A13", 19, "2080506"),
        # 公开表5 p17 "(221 02) 01 住房公积金 318.01"; 公开表6 p18 "301 13 住房公积金" 201.89 + 116.13 = 318.02
        (66, YANTAI, "A13", 18, "30113"),
    ],
)
def test_a_finding_about_a_subject_carries_its_code(row, file, rule, page, code):
    found = findings(file, rule, page)
    assert len(found), f"truth row {row}: no {rule} on p{page}"
    assert code in set(found["code"]), f"truth row {row}: {found[['code', 'measure', 'message']].to_dict('records')}"


def test_the_names_and_keys_that_stood_in_code_move_to_measure():
    share = findings(XINFANG, "N04", 19)
    assert share[["code", "measure"]].values.tolist() == [["2014099", "expenditure_total"]]  # 部门支出总额 is the base
    rate = findings(XINFANG, "N03", 25)
    assert set(zip(rate["code"], rate["measure"], strict=True)) == {("30227", "entrusted_services")}


def test_each_mislabelled_segment_of_a_chain_carries_the_finest_code_it_is_about():
    # 万里 2025 p7: "卫生健康支出（款）" stands where the tables' 款 is 21007 计划生育事务;
    # "计划生育事务（项）" where the 项 is 2100717 计划生育服务 (p22)
    assert sorted(findings(WANLI_2025, "N08", 7)["code"]) == ["21007", "2100717"]


def test_the_three_public_items_carry_their_economic_codes_and_the_vehicles_none():
    # 人大 2017 p28: 因公出国（境）费 222.5 (30212), 公务用车购置及运行费 183.6 (31013 + 30231: no single code),
    # 公务接待费 427.5 (30217), each "占“三公”经费" a wrong share (the 三公 total is 222.5 + 183.6 + 427.5 = 833.6,
    # so 8.75% should be 26.69%)
    shares = findings(RENDA_2017, "N04", 28)
    assert sorted(shares["code"]) == ["", "30212", "30217"]
    assert set(shares["measure"]) == {"three_public_total"}


def test_a_function_item_and_its_economic_item_that_disagree_are_a_warning_on_the_economic_row():
    # 佛山 决算: 表5 p15 "2080505 机关事业单位基本养老保险缴费支出 53.45 53.45";
    # 表6 p17 "30108 机关事业单位基本养老保险缴费 47.01" (not in the truth: confirmed on both pages)
    gap = findings(FOSHAN, "A13")
    assert gap[["code", "status", "expected", "actual"]].values.tolist() == [["30108", "warning", 53.45, 47.01]]
    # 烟台: a 0.01 gap is a note (rounding), never a warning
    assert list(findings(YANTAI, "A13")["status"]) == ["note"]


def test_a_narrative_that_lists_its_economic_classification_by_class_and_item_is_no_mislabelled_chain():
    # 政协 2017 p11: "1、工资福利支出（类）2,097.51万元 … （5）住房公积金（款）支出341.75万元": 301 / 30311 of the
    # 支出经济分类 (the 2017 tables print 30311 住房公积金), not the function classification's 类/项
    assert findings("jiangsu/江苏省政协办公厅-2017-预算.pdf", "N08").empty
