"""Project description sections: 项目概述 … 年度预算安排 → a project row with its budget and items."""

import pytest

from budgetlib.extract.project_sections import budget_of, project_name, project_sections

CENTRAL = [  # 国家信访局 2026, p26–29 (abridged to the lines that matter)
    (26, "1.报全国人大审议的一级项目—信息化运行维护项目"), (26, "情况"),
    (26, "（1）项目概述"), (26, "充分发挥信息技术驱动引领和基础保障作用，设立本项目。"),
    (27, "（2）立项依据"), (27, "2022年5月1日《信访工作条例》正式施行。"),
    (28, "（3）实施主体"), (28, "国家信访局信息中心。"),
    (29, "（5）实施周期"), (29, "该项目实施周期暂定为2026年至2027年。"),
    (29, "（6）年度预算安排"), (29, "2026年拟安排该项目一般公共预算2,134.87万元（含上"), (29, "年结转750.00万元）。"),
    (33, "第四部分名词解释"), (33, "行政运行（项）：指国家信访局机关用于保障机构正常运转的基本支出。"),
]


def test_a_described_project_with_its_stated_total_and_the_carry_over_in_it():
    (project,) = project_sections(CENTRAL)
    assert (project["project"], project["page"], project["budget"]) == ("信息化运行维护", 26, 2134.87)
    assert project["items"] == "上年结转 750.00"  # a part of the total, not added to it
    assert project["implementing_unit"] == "国家信访局信息中心。"
    assert project["period"] == "该项目实施周期暂定为2026年至2027年。"


def test_the_items_add_up_to_the_budget_when_no_total_is_stated():
    # 上海市普陀区财政局 2025, p24
    budget = budget_of("信息化系统日常维护费166.66万元，中介机构服务费418.80万元，财政业务费10万元。")
    assert budget["budget"] == pytest.approx(595.46)
    assert budget["items"] == "信息化系统日常维护费 166.66；中介机构服务费 418.80；财政业务费 10"


def test_amounts_in_bare_wan():
    assert budget_of("本项目年度预算安排50万，其中设备购置20万。")["budget"] == 50.0


@pytest.mark.parametrize(("heading", "name"), [
    ("区政府督查及建议提案工作业务经费项目经费情况说明", "区政府督查及建议提案工作业务经费"),
    ("1.报全国人大审议的一级项目—信息化运行维护项目情况", "信息化运行维护"),
    ("项目经费情况说明", ""),  # the section does not name its project
])
def test_the_project_is_named_by_the_heading_above_its_parts(heading, name):
    assert project_name(heading) == name


def test_part_headings_in_a_table_of_contents_open_no_project():
    assert project_sections([(2, "七、绩效目标"), (2, "部门主要职能……")]) == []
