"""Every finding about a budget subject carries that subject's classification code in `code` (issue 12: a finding
joins `lines` by code). The expected codes come from the documents' own pages, cited per case."""

from __future__ import annotations

import pandas as pd

from budgetlib.audit.subjects import SubjectIndex, ancestor, is_subject_code, keyed_codes, standard_code
from tests.audit.conftest import doctored, found

# ------------------------------------------------------------------ the rules on their own


def index(names: dict[str, set[str]]) -> SubjectIndex:
    return SubjectIndex(names, {code for codes in names.values() for code in codes})


def test_a_code_printed_in_the_sentence_is_the_subject_even_when_the_clause_before_the_figure_names_nothing():
    # 国家信访局 p19: "…主要是2014099其他信访事务支出，2026年预算数为3,623.98万元，占部门支出总额的22.00%"
    text = "主要是2014099其他信访事务支出，2026年预算数为3,623.98万元，占部门支出总额的22.00%"
    subjects = index({"其他信访事务支出": {"2014099"}, "信访事务": {"20140"}})
    assert subjects.code_in(text, text.index("3,623.98")) == "2014099"


def test_a_change_or_share_clause_continues_the_statement_of_the_clause_before_it():
    # 烟台 p29: "委托业务费财政拨款预算为649万元，比上年预计减少32万元，下降(增长)4.70%"
    text = "2026年本部门委托业务费财政拨款预算为649万元，比上年预计减少32万元，下降(增长)4.70%。"
    assert index({"委托业务费": {"30227"}}).code_in(text, text.index("下降(增长)")) == "30227"


def test_a_clause_that_names_no_classification_subject_gives_no_code():
    # 烟台 p29: "2026年本部门机关运行经费安排533.78万元，" — 机关运行经费 is no single subject
    text = "其他费用。2026年本部门机关运行经费安排533.78万元，"
    assert index({"委托业务费": {"30227"}}).code_in(text, len(text)) == ""
    # 长沙 p9: the doubled "，；" ends the clause "人数800人", which names no subject (会议费 is an earlier clause's)
    text = "会议费预算18万元，拟召开年度公安工作会议，人数800人，；培训费预算163.46万元"
    assert index({"会议费": {"30215"}}).code_in(text, text.index("，；")) == ""


def test_the_search_stops_at_the_sentence_and_never_takes_a_part_for_a_whole():
    text = "公务接待费24.4万元。“三公”经费75.65万元，比2024年减少15.7万元"
    subjects = index({"公务接待费": {"30217"}, "“三公”经费": {""}, "三公经费": {""}})
    assert subjects.code_in(text, text.index("比2024年")) == ""
    assert subjects.code_in("公务用车购置及运行费支出183.6万元", 10) == ""  # declared: 31013 + 30231, no single code


def test_numbers_that_are_no_codes_are_not_taken_for_one():
    text = "共有人员201人，2026年预算数为30.00万元"
    assert index({"其他支出": {"201"}}).code_in(text, text.index("30.00")) == ""


def test_a_name_several_rows_share_resolves_only_to_their_common_parent():
    assert ancestor({"2010101", "2010301"}) == "201"
    assert ancestor({"2101101", "2101102"}) == "21011"
    assert ancestor({"2010101", "3010101"}) == ""
    assert index({"行政运行": {"2010101", "2010301"}}).code_of_name("行政运行") == ""
    assert index({"行政运行": {"2010101", "2010301"}}).code_of_name("行政运行", common=True) == "201"


def test_a_code_read_from_a_misprinted_split_code_is_no_subject_code():
    # 社会福利院 p9: 类 printed "7" (7 | 11 | 02), read as 71102
    assert not is_subject_code("71102") and is_subject_code("2101102") and is_subject_code("30227")


def test_standard_items_are_declared_with_the_national_economic_code():
    assert (standard_code("entrusted_services"), standard_code("training_fees"), standard_code("meeting_fees"),
            standard_code("three_public_reception")) == ("30227", "30216", "30215", "30217")
    assert standard_code("three_public_total") == "" and standard_code("income_total") is None


def test_a_key_figure_that_is_one_subject_moves_to_measure_and_the_subject_code_takes_its_place():
    checks = pd.DataFrame([{"check": "key_figure_agreement", "code": "three_public_reception", "measure": ""},
                           {"check": "key_figure_agreement", "code": "expenditure_total", "measure": ""}])
    keyed = keyed_codes(checks)
    assert keyed[["code", "measure"]].values.tolist() == [["30217", "three_public_reception"],
                                                         ["expenditure_total", ""]]


# ------------------------------------------------------------------ the bundled sample, one point changed


def test_a_garbled_amount_carries_the_code_of_the_class_it_is_stated_for(tmp_path):
    # sample: "卫生健康支出 119.83 万元" (narrative), 210 卫生健康支出 119.83 (支出表)
    document = doctored(tmp_path, "卫生健康支出 119.83 万元", "卫生健康支出 119.83 为万元")
    assert list(found(document, "T07")["code"]) == ["210"]


def test_a_wrong_share_carries_its_item_and_the_base_stands_in_measure(tmp_path):
    # sample: 公务接待费 24.4 of the 三公 75.65 = 32.25%, i.e. 32% at the printed precision of "40%";
    # 30217 公务接待费 is printed in the sample's basic table
    document = doctored(tmp_path, "公务接待费 24.4 万元，比 2024 年减少 6.5 万元",
                        "公务接待费 24.4 万元，占“三公”经费的 40%，比 2024 年减少 6.5 万元")
    share = found(document, "N04")
    assert share[["code", "measure", "expected", "actual"]].values.tolist() == [
        ["30217", "three_public_total", 32.0, 40.0]]


def test_a_placeholder_in_a_sentence_about_no_single_subject_keeps_an_empty_code(tmp_path):
    document = doctored(tmp_path, "“三公”经费预算 75.65 万元，比 2024 年减少 15.7 万元",
                        "“三公”经费预算 75.65 万元，比 2024 年减少 15.7 万元，下降(增长)17.2%")
    assert list(found(document, "P01")["code"]) == [""]


def test_the_two_classifications_of_one_contribution_agree_in_the_sample(sample):
    # sample: 2080505 机关事业单位基本养老保险缴费支出 199.98 (支出表) and 30108 机关事业单位基本养老保险缴费 199.98
    # (基本支出表); likewise 2080506 / 30109 99.99 and 2210201 / 30113 129.20: nothing to report
    assert found(sample, "A13").empty


def test_a_contribution_the_economic_table_gives_otherwise_is_a_warning_on_the_economic_row(tmp_path):
    # the basic table's 30109 changed from 99.99 to 89.99 while 2080506 stays 99.99 in the function tables
    document = doctored(tmp_path, "30109\t职业年金缴费\t99.99\t99.99", "30109\t职业年金缴费\t89.99\t89.99")
    gap = found(document, "A13")
    assert gap[["code", "measure", "status", "expected", "actual"]].values.tolist() == [
        ["30109", "basic", "warning", 99.99, 89.99]]
    assert "2080506机关事业单位职业年金缴费支出" in gap["message"].iloc[0]


def test_the_document_s_own_tables_give_a_name_its_code(sample):
    # sample 支出表: "210 卫生健康支出 119.83", "2010301 行政运行 932.47" (the only 行政运行 it prints),
    # 基本支出表: "30217 公务接待费 4.00"
    subjects = SubjectIndex.from_lines(sample.lines, 2025)
    assert subjects.code_of_name("卫生健康支出") == "210"
    assert subjects.code_of_name("行政运行") == "2010301"
    assert subjects.code_of_name("公务接待费") == "30217"
    assert subjects.code_of_name("培训费") == "30216"  # "30216 培训费 5.94"
