"""三公 tables in the layouts the templates use; the key figures are the current year's 三公 proper."""

from __future__ import annotations

from pathlib import Path

import budgetlib
from tests.tidy.test_headers import lines, measures

THREE = ("three_public_total", "three_public_travel_abroad", "three_public_vehicles", "three_public_vehicle_purchase",
         "three_public_vehicle_operation", "three_public_reception")


def figures(tmp_path: Path, grid: str, title: str = "2026年一般公共预算“三公”经费支出表", notes: str = "") -> dict:
    text = (f"某某局2026年部门预算\n\n表一\n{title}\n单位：万元\n{grid}{notes}")
    path = tmp_path / "three.txt"
    path.write_text(text, encoding="utf-8")
    found = budgetlib.read(path).key_figures
    return {key: found.get(key) for key in THREE}


def test_year_grouped_the_current_year_block_is_taken(tmp_path):
    # 重庆 表八 / 烟台 公开表7: 2025年预算数 | 2026年预算数 side by side in one row
    grid = ("2025年预算数\t\t\t\t\t\t2026年预算数\t\t\t\t\t\n"
            "合计\t因公出国（境）费\t公务用车购置及运行费\t\t\t公务接待费\t合计\t因公出国（境）费\t公务用车购置及运行费\t\t\t公务接待费\n"
            "\t\t小计\t公务用车购置费\t公务用车运行费\t\t\t\t小计\t公务用车购置费\t公务用车运行费\t\n"
            "396.97\t184.49\t202.48\t\t202.48\t10.00\t394.49\t184.49\t200.00\t\t200.00\t10.00\n")
    assert figures(tmp_path, grid) == dict(zip(THREE, (394.49, 184.49, 200.0, 0.0, 200.0, 10.0), strict=True))


def test_items_as_rows_and_the_administrative_funds_are_not_the_total(tmp_path):
    # 广州 表8: 行政经费 / “三公”经费 / 其中：（一）… under 合计 | 一般公共预算 | 政府性基金预算
    grid = ("项目\t合计\t一般公共预算\t政府性基金预算\n"
            "行政经费\t1,443.41\t1,443.41\t0.00\n"
            "“三公”经费\t226.86\t226.86\t0.00\n"
            "其中：（一）因公出国（境）支出\t215.60\t215.60\t0.00\n"
            "（二）公务用车购置及运行维护支出\t0.00\t0.00\t0.00\n"
            "1.公务用车购置费\t0.00\t0.00\t0.00\n"
            "2.公务用车运行维护费\t0.00\t0.00\t0.00\n"
            "（三）公务接待费支出\t11.26\t11.26\t0.00\n")
    assert figures(tmp_path, grid, "财政拨款安排的行政经费及“三公”经费预算表") == dict(
        zip(THREE, (226.86, 215.60, 0.0, 0.0, 0.0, 11.26), strict=True))


def test_items_as_rows_with_a_total_row(tmp_path):
    # 泉州: 项目 | 预算数; 合计 / 1、因公出国（境）费用 / … / 其中：（1）公务用车购置费 / （2）公务用车运行费
    grid = ("项目\t预算数\n合计\t46.00\n1、因公出国（境）费用\t0.00\n2、公务接待费\t14.00\n"
            "3、公务用车购置及运行费\t32.00\n其中：（1）公务用车购置费\t0.00\n（2）公务用车运行费\t32.00\n")
    assert figures(tmp_path, grid) == dict(zip(THREE, (46.0, 0.0, 32.0, 0.0, 32.0, 14.0), strict=True))


def test_rows_per_unit_the_total_row_is_taken_and_a_printed_blank_is_zero(tmp_path):
    # 杭州 表7: one row per unit under 合计; the 因公出国 column is blank
    grid = ("单位名称\t“三公”经费合计\t因公出国(境)费用\t公务用车购置及运行费\t\t\t公务接待费\n"
            "\t\t\t小计\t公务用车购置费\t公务用车运行维护费\t\n"
            "**\t1\t2\t3\t4\t5\t6\n"
            "合计\t413.68\t\t339.68\t151.68\t188.00\t74.00\n"
            "某某局\t17.00\t\t\t\t\t17.00\n")
    assert figures(tmp_path, grid) == dict(zip(THREE, (413.68, 0.0, 339.68, 151.68, 188.0, 74.0), strict=True))


def test_the_three_public_subtotal_not_the_total_with_meetings_and_training(tmp_path):
    # 西安 表13: 上年 | 当年 | 增减变化情况, each 合计 | “三公”经费 (小计 …) | 会议费 | 培训费
    head1 = "上年\t\t\t\t当年\t\t\t\t增减变化情况\t\t\t"
    head2 = "\t".join(["合计", "“三公”经费预算", "会议费", "培训费"] * 3)
    head3 = "\t小计\t\t\t\t小计\t\t\t\t小计\t\t"
    values = "44.24\t4.00\t0.00\t40.24\t26.00\t3.00\t0.00\t23.00\t-18.24\t-1.00\t0.00\t-17.24"
    frame = lines("部门综合预算一般公共预算拨款“三公”经费及会议费、培训费支出预算表",
                  [head1.split("\t"), head2.split("\t"), head3.split("\t"), values.split("\t")])
    assert measures(frame, basis="") == {"total": 26.0, "three_public_subtotal": 3.0, "meetings": 0.0,
                                         "training": 23.0}
    assert figures(tmp_path, "\n".join([head1, head2, head3, values]) + "\n")["three_public_total"] == 3.0


def test_an_empty_table_with_a_nil_note_is_zero(tmp_path):
    grid = "合计\t因公出国（境）费\t公务用车购置及运行费\t公务接待费\n"
    note = "注：本部门2026年无“三公”经费预算，故本表为空表。\n"
    assert figures(tmp_path, grid, notes=note) == dict.fromkeys(THREE, 0.0)


def test_an_untitled_grid_is_recognised_by_its_header():
    # a title drawn as outlines leaves only the grid
    from budgetlib.catalogue import recognise

    grid = [["合计", "因公出国（境）费", "公务用车购置及运行费", "公务接待费"], ["3.00", "1.00", "1.00", "1.00"]]
    assert recognise("", grid).key == "three_public"


def test_rows_per_unit_with_sub_columns_per_fund_are_summed(tmp_path):
    # each item printed per fund (一般公共预算 | 政府性基金), no 合计 column; the 合计 row is the department's
    grid = ("单位名称\t因公出国（境）费\t\t公务接待费\t\t公务用车购置及运行费\t\n"
            "\t一般公共预算\t政府性基金\t一般公共预算\t政府性基金\t一般公共预算\t政府性基金\n"
            "合计\t2.00\t1.00\t3.00\t\t4.00\t0.50\n"
            "某某中心\t1.00\t\t1.00\t\t2.00\t\n")
    found = figures(tmp_path, grid)
    assert (found["three_public_travel_abroad"], found["three_public_reception"], found["three_public_vehicles"]) == (
        3.0, 3.0, 4.5)
