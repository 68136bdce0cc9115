"""Layouts users bring that the bundled sample does not show, written as small text-form tables."""

from pathlib import Path

import budgetlib

HEAD = "2025 年某区某局部门预算情况说明\n\n"
TITLE = "表二\n2025年某区某局 财政拨款支出预算表\n单位：万元\n"


def read_table(tmp_path: Path, grid: str) -> budgetlib.BudgetDocument:
    path = tmp_path / "budget.txt"
    path.write_text(HEAD + TITLE + grid, encoding="utf-8")
    return budgetlib.read(path)


def test_total_row_at_the_top_and_an_extra_column(tmp_path):
    document = read_table(tmp_path, "科目编码\t科目名称\t合计\t基本支出\t项目支出\t其中：基本建设资金\n"
                                    "\t合计\t100.00\t60.00\t40.00\t10.00\n"
                                    "201\t一般公共服务支出\t100.00\t60.00\t40.00\t10.00\n")
    lines = document.lines.set_index(["code", "measure"])["amount"]
    assert lines[("201", "of_which_capital_construction")] == 10.00  # an of-which measure of its own
    assert lines[("", "total")] == 100.00
    ok = document.checks[document.checks["check"] == "measure_sum"]
    assert set(ok["status"]) == {"ok"}  # 基本 + 项目 = 合计: the extra column is a part of 项目, not a third part


def test_indented_codes_and_names_wrapped_over_three_lines(tmp_path):
    document = read_table(tmp_path, "科目编码\t科目名称\t合计\n"
                                    "\t合计\t5.00\n"
                                    "  201\t一般公共服务支出\t5.00\n"
                                    "  20103\t政府办公厅（室）及\t5.00\n"
                                    "\t相关机构事\t\n"
                                    "\t务\t\n")
    names = document.lines.set_index("code")["name"]
    assert names["20103"] == "政府办公厅（室）及相关机构事务"
    assert set(document.lines["code"]) == {"", "201", "20103"}


def test_code_alone_on_a_line_and_figures_alone_on_a_line(tmp_path):
    document = read_table(tmp_path, "科目编码\t科目名称\t合计\n"
                                    "\t合计\t7.00\n"
                                    "201\t\t\n"
                                    "\t一般公共服务支出\t7.00\n"
                                    "20103\t政府办公厅（室）及相关机构事务\t\n"
                                    "\t\t7.00\n")
    lines = document.lines[document.lines["code"] != ""].set_index("code")
    assert lines.loc["201", "name"] == "一般公共服务支出" and lines.loc["201", "amount"] == 7.00
    assert lines.loc["20103", "amount"] == 7.00
    assert len(lines) == 2
