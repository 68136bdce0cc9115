"""Performance indicators and projects, against the 表十/表十一 rows transcribed by hand."""

import pandas as pd
import pytest

from tests.conftest import expected


def test_all_55_indicators_with_their_fields(sample):
    truth = expected("sample_indicators.csv")
    ours = sample.indicators
    assert len(ours) == len(truth) == 55
    for mine, theirs in zip(ours.itertuples(), truth.itertuples(), strict=True):
        assert (mine.scope, mine.project, mine.indicator) == (theirs.scope, theirs.project, theirs.indicator)
        assert mine.weight == float(theirs.weight)
        assert (mine.operator, mine.target, mine.unit) == (theirs.operator, theirs.target, theirs.unit)
        core = None if mine.core is pd.NA else bool(mine.core)  # a nullable boolean (schema: indicators.core)
        assert core == {"true": True, "false": False, "": None}[theirs.core]


def test_rows_that_lost_their_leading_cell_are_realigned(sample):
    rows = sample.indicators.set_index("indicator")
    fields = ["weight", "unit", "operator", "target"]
    assert rows.loc["电子政务外网高危漏洞个数", fields].tolist() == [10, "个", "≤", "0"]
    row = rows.loc["完成区政府交办的全年工作任务"]
    assert (row["project"], row["weight"], row["operator"], row["target"], row["unit"], row["core"]) == (
        "政府政务专项", 10, "=", "100", "%", False)


def test_weight_sums_per_project_and_department(sample):
    sums = sample.indicators.groupby(["scope", "project"])["weight"].sum()
    assert sums[("department", "202-重庆市南岸区人民政府办公室")] == 100
    assert set(sums.drop(("department", "202-重庆市南岸区人民政府办公室")).tolist()) == {90}


def test_ten_projects_sum_to_project_expenditure(sample):
    truth = expected("sample_projects.csv")
    projects = sample.projects
    assert projects["project"].tolist() == truth["project"].tolist()
    assert projects["budget"].tolist() == [float(v) for v in truth["budget"]]
    assert projects["budget"].sum() == pytest.approx(497.36, abs=1e-9)


def test_project_texts(sample):
    project = sample.projects.set_index("project").loc["政务信息专项"]
    assert project["department_in_charge"] == "202-重庆市南岸区人民政府办公室"
    assert project["basis"] == "南岸委编委[2020]20号"
    assert "<p>" not in project["summary"] and project["summary"].startswith("1. 根据市委、市政府对“民呼我为”")
    assert project["goal"].startswith("1. 根据市委、市政府")


# --- issue 9: the templates of the corpus, as their grids are printed -----------------------------
from budgetlib.extract.performance import performance_frames, project_from_title, split_target  # noqa: E402
from budgetlib.readers.base import RawTable  # noqa: E402


@pytest.mark.parametrize(("printed", "operator_cell", "unit_cell", "expected"), [
    ("≥330 台（套）", "", "", ("≥", "330", "台（套）")),
    ("≤2134.87 万元", "", "", ("≤", "2134.87", "万元")),
    ("720000 册", "", "", ("", "720000", "册")),
    ("明显改善", "", "", ("", "明显改善", "")),
    ("100%", "", "", ("", "100", "%")),
    ("=1次", "", "", ("=", "1", "次")),
    ("≥2项（决策咨询研究、烟台经济发展分析研究）", "", "", ("≥", "2", "项（决策咨询研究、烟台经济发展分析研究）")),
    ("2026年10月底前", "", "", ("", "2026年10月底前", "")),
    ("2022年1月-6月", "", "", ("", "2022年1月-6月", "")),
    ("每年≥20场", "", "", ("≥", "20", "场")),
    ("100", "＝", "%", ("=", "100", "%")),
    ("优", "定性", "", ("", "优", "")),
    ("95", "定量", "%", ("", "95", "%")),
])
def test_targets_split_into_operator_value_and_unit(printed, operator_cell, unit_cell, expected):
    operator, target, unit, text = split_target(printed, operator_cell, unit_cell)
    assert (operator, target, unit) == expected and text == printed  # the printed text is kept whole


def frames(*tables: RawTable, scope: str = "project"):
    for index, table in enumerate(tables, start=1):
        table.index = index
    return performance_frames([(table, scope) for table in tables], "万元")


def test_a_block_table_with_a_wrapped_budget_label_and_combined_targets():
    """国家信访局 p30: 年度资金总额： in the third column, 指标值 with operator and unit in one cell."""
    table = RawTable("信息化运行维护绩效目标表", [
        ["项目名称", "", "信息化运行维护", "", "", "", ""],
        ["项目资金（万元）", "", "年度资金总额：", "", "2,134.87", "", "执行率分值（10）"],
        ["", "", "其中：财政拨款", "", "1,384.87", "", ""],
        ["", "", "上年结转", "", "750.00", "", ""],
        ["年度总体目标", "1.加强对信访信息系统应用工作的指导和部署", "", "", "", "", ""],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "", "指标值", "分值（90）"],
        ["", "成本指标", "经济成本指标", "项目总成本", "", "≤2134.87 万元", "20"],
        ["", "产出指标", "数量指标", "数据中心设备维护量", "", "≥330 台（套）", "8"],
        ["", "", "质量指标", "设备完好率", "", "≥96%", "8"],
    ], page=30)
    indicators, projects = frames(table)
    assert projects[["project", "budget", "fiscal", "carry_over"]].values.tolist() == [
        ["信息化运行维护", 2134.87, 1384.87, 750.0]]
    row = indicators.set_index("indicator").loc["设备完好率"]
    assert (row["category_1"], row["category_2"], row["operator"], row["target"], row["unit"], row["weight"]) == (
        "产出指标", "质量指标", "≥", "96", "%", 8.0)


def test_the_project_is_named_by_the_title_where_no_block_names_it():
    assert project_from_title("“泉州政务”新媒体号运营资金项目绩效目标表", "project") == "“泉州政务”新媒体号运营资金"
    for generic in ("部门专项业务经费绩效目标表", "政策和项目预算绩效目标表", "2025年项目支出绩效目标表",
                    "2026年市级一般性项目绩效目标表（一级项目）"):
        assert project_from_title(generic, "project") == ""


def test_a_list_table_reads_one_project_per_name_and_its_total_row():
    """北京 预算表12 and 长沙: project columns beside the indicator columns; the first indicator on the project's
    row; a 合计 row; levels run together in one cell; scores in a 备注 column."""
    table = RawTable("项目支出绩效目标表", [
        ["单位编码", "单位（项目）名称", "资金总额", "绩效目标", "一级指标", "二级指标", "三级指标", "指标值",
         "度量单位", "指标值类型", "备注"],
        ["合计", "", "40,233.95", "", "", "", "", "", "", "", ""],
        ["106001", "长沙市公安局", "40,233.95", "", "", "", "", "", "", "", ""],
        ["106001", "大院运行和维修经费", "2,791.51", "保障运转", "成本指标", "经济成本指标", "物业服务合同金额",
         "503.28", "万元", "≤", "5"],
        ["", "", "", "", "", "社会成本指标", "", "", "", "", ""],
        ["", "", "", "", "产出指标", "数量指标", "物业配备人员数", "49", "人", "≥", "5"],
        ["106001", "警务通通讯租赁费", "212.51", "保障通讯", "满意度指标", "服务对象满意度指标", "民警满意度", "90",
         "%", "≥", "10"],
    ], page=25)
    indicators, projects = frames(table)
    assert projects["project"].tolist() == ["大院运行和维修经费", "警务通通讯租赁费"]  # the unit row is no project
    assert set(projects["table_total"]) == {40233.95}
    assert indicators[["project", "indicator", "weight"]].values.tolist() == [
        ["大院运行和维修经费", "物业服务合同金额", 5.0], ["大院运行和维修经费", "物业配备人员数", 5.0],
        ["警务通通讯租赁费", "民警满意度", 10.0]]  # a category row without indicator is no indicator


def test_a_packed_cell_holds_every_indicator_with_both_target_scopes():
    """广州 政务服务和数据管理局: one text cell per project, 实施周期 and 年度 targets."""
    table = RawTable("项目支出绩效目标表（含转移支付项目）", [
        ["项目名称（资金使用单位）", "总计", "财政拨款", "财政专户拨款", "其他资金", "绩效目标", "绩效指标"],
        ["合计", "1,756.97", "1,756.97", "", "", "", ""],
        ["政务信息化项目管理经费", "365.50", "365.50", "", "", "完成立项、备案、验收工作",
         "1、1-产出指标；11-数量指标；立项\\终验审核数量值；实施周期指标值:≥400个；年度指标值:≥400个。"
         "2、2-效益指标；21-经济效益；发布政务信息化项目管理规范文件；实施周期指标值:2份；年度指标值:2份。"],
        ["广州12345政务服务便民热线平台运营项目", "1,391.47", "1,391.47", "", "", "会议保障",
         "1、1-产出指标；11-数量指标；会议活动保障次数；实施周期指标值:每年≥20场；年度指标值:每年≥20场。"],
    ], page=1)
    indicators, projects = frames(table)
    assert projects["budget"].tolist() == [365.5, 1391.47] and set(projects["table_total"]) == {1756.97}
    first = indicators[indicators["indicator"] == "立项\\终验审核数量值"]
    assert first[["target_scope", "operator", "target", "unit", "category_1", "category_2"]].values.tolist() == [
        ["实施周期", "≥", "400", "个", "产出指标", "数量指标"], ["年度", "≥", "400", "个", "产出指标", "数量指标"]]
    meetings = indicators[indicators["indicator"] == "会议活动保障次数"].iloc[0]
    assert (meetings["target"], meetings["target_text"]) == ("20", "每年≥20场")


def test_stacked_project_blocks_in_one_table():
    """上海 财政项目支出绩效目标填报表: each project's block and header follow the previous project's grid."""
    def block(name: str, amount: str, indicator: str) -> list[list[str]]:
        return [["项目名称", "", name, "", "项目性质", "经常性项目"],
                ["项目资金（元）", "", "项目资金总额", "", amount, "年度资金申请总额", "", amount],
                ["", "一级指标", "二级指标", "三级指标", "", "", "年度(/项目)指标值"],
                ["绩效指标", "产出指标", "数量指标", indicator, "", "", "≥12.00(次)"]]
    table = RawTable("财政项目支出绩效目标填报表", [["（2023年度）"],
                                          *block("就业援助基地补贴", "6,351,000.00", "审核完成率"),
                                          *block("各类工作经费", "7595500.00", "整治行动")], page=31)
    indicators, projects = frames(table)
    assert projects[["project", "budget"]].values.tolist() == [["就业援助基地补贴", 635.1], ["各类工作经费", 759.55]]
    assert indicators[["project", "operator", "target", "unit"]].values.tolist() == [
        ["就业援助基地补贴", "≥", "12.00", "次"], ["各类工作经费", "≥", "12.00", "次"]]


def test_a_grid_continued_on_the_next_page_stays_with_its_project():
    """烟台: the title repeats on each page; a page without block and header continues the project."""
    first = RawTable("政策和项目预算绩效目标表", [
        ["项目名称", "", "", "办公室政务运行保障经费", "", ""],
        ["项目资金（万元）", "", "", "年度预算资金总额：", "891.00", ""],
        ["", "一级指标", "二级指标", "三级指标", "指标值", ""],
        ["绩效指标", "成本指标", "经济成本", "项目总成本", "≤891万元", ""]], page=32)
    second = RawTable("政策和项目预算绩效目标表", [
        ["绩效指标", "产出指标", "数量指标", "会议、接待、调研考察次数", "≥200次"]], page=33)
    indicators, projects = frames(first, second)
    assert projects[["project", "budget"]].values.tolist() == [["办公室政务运行保障经费", 891.0]]
    assert indicators[["project", "indicator", "page"]].values.tolist() == [
        ["办公室政务运行保障经费", "项目总成本", 32], ["办公室政务运行保障经费", "会议、接待、调研考察次数", 33]]


def test_department_indicators_are_named_after_the_department_or_its_activity():
    named = RawTable("部门整体支出绩效目标表", [
        ["部门（单位）名称", "", "", "西安市人民政府办公厅"],
        ["年度绩效指标", "一级指标", "二级指标", "三级指标", "", "指标值", "", "分值权重（90分）"],
        ["", "成本指标", "经济成本", "驻外办保障成本（万元）", "", "≤696.1", "", "4"]], page=43)
    activity = RawTable("预算13表部门整体支出绩效目标表", [
        ["", "活动", "", "绩效指标", "", "指标性质", "指标值", "", "度量单位"],
        ["", "机构运行保障", "", "产出指标质量指标预算项目验收合格率", "", "＝", "100", "", "%"]], page=18)
    untitled = RawTable("2026年部门整体绩效目标表", [
        ["绩效指标", "指标名称", "指标性质", "指标值", "计量单位", "指标权重(%)", "是否核心"],
        ["", "市政府网络可用率", "≥", "99.5", "%", "5", "否"]], page=22)
    indicators, _ = frames(named, activity, untitled, scope="department")
    assert indicators[["project", "indicator", "category_1", "category_2"]].values.tolist() == [
        ["西安市人民政府办公厅", "驻外办保障成本（万元）", "成本指标", "经济成本"],
        ["机构运行保障", "预算项目验收合格率", "产出指标", "质量指标"],
        ["部门整体（2026年部门整体绩效目标表）", "市政府网络可用率", "", ""]]
