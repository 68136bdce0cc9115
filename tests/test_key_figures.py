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


def read_text(tmp_path, text: str) -> budgetlib.BudgetDocument:
    path = tmp_path / "document.txt"
    path.write_text(text, encoding="utf-8")
    return budgetlib.read(path)


COVER = "某某局\n2026年部门预算\n目 录\n"


def test_without_a_fiscal_summary_the_fiscal_total_comes_from_the_fiscal_expenditure_table(tmp_path):
    doc = read_text(tmp_path, COVER + "表一\n财政拨款支出表（功能科目）\n单位：万元\n"
                                      "科目编码\t科目名称\t合计\t基本支出\t项目支出\n"
                                      "\t合计\t10.00\t6.00\t4.00\n201\t一般公共服务支出\t10.00\t6.00\t4.00\n")
    assert (doc.key_figures["fiscal_appropriation_total"], doc.key_figures["basic_expenditure_total"],
            doc.key_figures["project_expenditure_total"]) == (10.0, 6.0, 4.0)


def test_government_fund_spending_printed_as_its_class_rows_only(tmp_path):
    doc = read_text(tmp_path, COVER + "表一\n2026年政府性基金预算支出表\n单位：万元\n"
                                      "科目编码\t科目名称\t合计\n229\t其他支出\t3.50\n22960\t彩票公益金安排的支出\t3.50\n")
    assert doc.key_figures["gov_fund_expenditure_total"] == 3.5


def test_personnel_and_public_totals_printed_as_a_bottom_row(tmp_path):
    # 佛山 表6: 人员经费 (301/303) left, 公用经费 (302/310) right; 人员经费合计 | 公用经费合计 at the bottom
    doc = read_text(tmp_path, COVER + "表一\n一般公共预算财政拨款基本支出决算表\n单位：万元\n"
                                      "人员经费\t\t\t公用经费\t\t\n经济分类科目编码\t科目名称\t金额\t经济分类科目编码\t科目名称\t金额\n"
                                      "301\t工资福利支出\t6.00\t302\t商品和服务支出\t1.50\n"
                                      "\t人员经费合计\t6.00\t\t公用经费合计\t1.50\n")
    assert (doc.key_figures["basic_personnel_total"], doc.key_figures["basic_public_total"]) == (6.0, 1.5)


def test_the_project_table_and_an_all_funds_basic_table_never_give_the_department_figures(tmp_path):
    doc = read_text(tmp_path, COVER + "表一\n部门预算项目支出及其他支出预算表\n单位：万元\n"
                                      "支出项目类别（资金使用单位）\t总计\t财政拨款\n合计\t4.00\t4.00\n"
                                      "表二\n部门预算基本支出预算表\n单位：万元\n"
                                      "经济科目名称\t总计\t人员经费\t公用经费\n合计\t9.00\t7.00\t2.00\n")
    assert {"expenditure_total", "basic_personnel_total", "basic_public_total"}.isdisjoint(doc.key_figures)
    assert set(doc.tables["kind"]) == {"project_expenditure", "dept_basic_expenditure"}


def test_identity_from_the_cover_even_when_it_wraps(tmp_path):
    # 泉州: "2026年度 / 泉州市人民政府办公室 / （本级） / 单位预算"
    doc = read_text(tmp_path, "2026年度\n泉州市人民政府办公室\n（本级）\n单位预算\n目 录\n"
                              "表一\n2026年度三公经费支出预算表\n单位：万元\n合计\t公务接待费\n1.00\t1.00\n")
    meta = doc.meta
    assert (meta["department"], meta["region"], meta["year"], meta["scope"]) == (
        "泉州市人民政府办公室（本级）", "泉州市", 2026, "单位")


def test_a_pronoun_or_a_clause_is_never_the_department(tmp_path):
    text = ("我校2026年部门预算\n目录\n纳入某某大学2026年部门预算编制范围的单位包括本级。\n"
            "表一\n2026年三公经费支出预算表\n编制单位：某某大学\n单位：万元\n合计\t公务接待费\n1.00\t1.00\n")
    assert read_text(tmp_path, text).meta["department"] == "某某大学"


def test_the_central_level_and_party_organs(tmp_path):
    central = read_text(tmp_path, "国家信访局2026年度部门预算\n目录\n表一\n2026年三公经费支出表\n单位：万元\n"
                                  "合计\t公务接待费\n1.00\t1.00\n")
    assert (central.meta["department"], central.meta["region"]) == ("国家信访局", "中央")
    party = read_text(tmp_path, "表一\n2018年三公经费支出预算表\n部门：中国共产党江苏省委员会办公厅\n单位：万元\n"
                                "合计\t公务接待费\n1.00\t1.00\n")
    assert (party.meta["department"], party.meta["region"], party.meta["year"]) == ("江苏省委办公厅", "江苏省", 2018)


def test_identity_from_a_label_and_value_cell_pair(tmp_path):
    # 北京 附件2: only the 部门整体支出绩效目标表 names the department, and its （2026年度） line the year
    text = ("表一\n预算13表部门整体支出绩效目标表\n（2026年度）\t\t\n部门名称\t\t首都绿化委员会办公室\n"
            "预算支出总额\t财政拨款\t其他资金\n5.00\t5.00\t\n")
    meta = read_text(tmp_path, text).meta
    assert (meta["department"], meta["year"]) == ("首都绿化委员会办公室", 2026)
