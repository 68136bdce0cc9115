"""Subject codes as templates print them, and the rows that are not data: one small grid per rule."""

from __future__ import annotations

from tests.tidy.test_headers import lines


def coded(frame, measure="total"):
    frame = frame[(frame["code"] != "") & (frame["measure"] == measure)]
    return list(zip(frame["code"], frame["name"], frame["amount"], strict=True))


def test_codes_in_brackets_inside_the_name_cell():
    # 广州 表5/表6: "[201]一般公共服务支出", "[30101]基本工资"
    grid = [["功能科目名称", "一般公共预算支出"], ["合计", "5.00"], ["[201]一般公共服务支出", "5.00"],
            ["[20103]政府办公厅（室）及相关机构事务", "5.00"]]
    frame = lines("一般公共预算支出情况表（按功能分类科目）", grid)
    assert coded(frame) == [("201", "一般公共服务支出", 5.0), ("20103", "政府办公厅（室）及相关机构事务", 5.0)]
    assert set(frame.loc[frame["code"] != "", "classification"]) == {"function"}


def test_a_code_leading_the_name_cell():
    # 北京 预算06表: "50101-工资奖金津补贴 | 30101-基本工资": both classifications are read
    grid = [["政府支出经济分类科目", "部门支出经济分类科目", "预算数"], ["", "", "合计"],
            ["50101-工资奖金津补贴", "30101-基本工资", "6.00"]]
    frame = lines("一般公共预算基本支出表", grid)
    assert set(zip(frame["classification"], frame["code"], frame["name"], strict=True)) == {
        ("economic", "30101", "基本工资"), ("government_economic", "50101", "工资奖金津补贴")}


def test_columns_that_print_only_their_own_segment_carry_the_parent_down():
    # 烟台 公开表3 / 长沙: "201 | |", then "| 03 |", then "| | 01"
    grid = [["科目编码", "", "", "科目名称", "合计"], ["类", "款", "项", "", ""],
            ["", "", "", "合计", "9.00"], ["201", "", "", "一般公共服务支出", "9.00"],
            ["", "03", "", "政府办公厅（室）及相关机构事务", "9.00"], ["", "", "01", "行政运行", "4.00"],
            ["", "", "02", "一般行政管理事务", "5.00"], ["205", "", "", "教育支出", "0.00"]]
    frame = lines("支出总体情况表", grid)
    assert [code for code, _, _ in coded(frame)] == ["201", "20103", "2010301", "2010302", "205"]
    assert dict(zip(frame["code"], frame["parent_code"], strict=True))["2010302"] == "20103"


def test_a_bare_two_digit_code_under_a_class_is_its_item():
    # 安监局 表5: 208, then 05 (行政事业单位离退休), then 2080505 printed whole
    grid = [["功能科目编码", "功能科目名称", "合计"], ["208", "社会保障和就业支出", "3.00"],
            ["05", "行政事业单位离退休", "2.00"], ["2080505", "机关事业单位基本养老保险缴费支出", "2.00"],
            ["99", "其他社会保障和就业支出", "1.00"], ["2089901", "其他社会保障和就业支出", "1.00"]]
    assert [code for code, _, _ in coded(lines("一般公共预算支出明细表（按支出功能分类科目）", grid))] == [
        "208", "20805", "2080505", "20899", "2089901"]


def test_unit_codes_are_not_class_codes_and_classes_repeat_per_unit():
    # 西安 表2/表5: 单位编码 114 is a unit; 安监局 表5 repeats 208 under each unit (125001, 125002)
    grid = [["单位编码", "单位名称", "合计"], ["合计", "", "10.00"], ["114", "某某局", "10.00"]]
    assert coded(lines("收入总表", grid)) == []
    per_unit = [["功能科目编码", "功能科目名称", "合计"], ["", "合计", "7.00"], ["125001", "某某局", "4.00"],
                ["208", "社会保障和就业支出", "4.00"], ["05", "行政事业单位离退休", "4.00"],
                ["125002", "某某中心", "3.00"], ["208", "社会保障和就业支出", "3.00"],
                ["05", "行政事业单位离退休", "3.00"]]
    frame = lines("一般公共预算支出明细表（按支出功能分类科目）", per_unit)
    children = frame[frame["code"] == "20805"]
    parents = frame[frame["code"] == "208"]
    assert list(children["parent_row"]) == list(parents["row"])  # each 款 under its own unit's 类


def test_two_code_and_name_pairs_on_one_row():
    # 西安 表6 / 烟台 公开表6: 部门经济科目 and 政府经济科目, the second repeating 301 under 501 and 505
    grid = [["科目编码", "", "部门预算支出经济分类科目", "科目编码", "", "政府预算支出经济分类科目", "合计"],
            ["类", "款", "", "类", "款", "", ""], ["", "", "合计", "", "", "", "3.00"],
            ["301", "", "工资福利支出", "501", "", "机关工资福利支出", "2.00"],
            ["301", "01", "基本工资", "501", "01", "工资奖金津补贴", "2.00"],
            ["301", "", "工资福利支出", "505", "", "对事业单位经常性补助", "1.00"],
            ["301", "01", "基本工资", "505", "01", "工资福利支出", "1.00"]]
    frame = lines("一般公共预算基本支出情况表", grid)
    economic = frame[frame["classification"] == "economic"]
    assert list(economic["code"]) == ["301", "30101", "301", "30101"]
    assert list(frame.loc[frame["classification"] == "government_economic", "code"]) == [
        "501", "50101", "505", "50501"]
    assert list(economic["parent_row"].dropna()) == [4, 6]  # each 30101 under the 301 printed above it


def test_names_only_with_the_hierarchy_shown_by_indentation():
    # 杭州 表5: no codes anywhere; 类/款/项 by 0/1/2 full-width indents
    grid = [["功能分类科目名称", "合计"], ["合计", "3.00"], ["一般公共服务支出", "3.00"],
            ["\u3000社会工作事务", "3.00"], ["\u3000\u3000其他社会工作事务支出", "3.00"]]
    frame = lines("2026年市级部门一般公共预算支出预算表", grid)
    rows = frame[frame["name"] != "合计"]
    assert list(zip(rows["name"], rows["level"], rows["classification"], strict=True)) == [
        ("一般公共服务支出", 1, "function"), ("社会工作事务", 2, "function"), ("其他社会工作事务支出", 3, "function")]


def test_column_number_rows_are_not_data():
    # 栏次 / 行次 / ** followed by 1 2 3 …
    grid = [["项 目", "", "本年支出合计", "基本支出"], ["功能分类科目编码", "科目名称", "", ""],
            ["栏次", "", "1", "2"], ["", "合计", "5.00", "5.00"], ["208", "社会保障和就业支出", "5.00", "5.00"]]
    frame = lines("一般公共预算财政拨款支出决算表", grid, year=2019)
    assert sorted(frame["amount"].unique()) == [5.0]
    stars = [["功能分类科目名称", "合计"], ["**", "1"], ["合计", "2.00"]]
    assert list(lines("2026年市级部门一般公共预算支出预算表", stars)["amount"]) == [2.0]


def test_a_total_row_labelled_by_the_department_name():
    # no 合计 row: "某某局（本级）" before the 类 rows, equal to their sum, is the total
    grid = [["科目编码", "科目名称", "合计"], ["", "某某局（本级）", "9.00"], ["201", "一般公共服务支出", "4.00"],
            ["208", "社会保障和就业支出", "5.00"]]
    frame = lines("一般公共预算支出表", grid)
    assert frame.set_index("name").loc["合计", "amount"] == 9.0
    unequal = [["科目编码", "科目名称", "合计"], ["", "某某局（本级）", "8.00"], ["201", "一般公共服务支出", "4.00"],
               ["208", "社会保障和就业支出", "5.00"]]
    assert "合计" not in set(lines("一般公共预算支出表", unequal)["name"])  # not the sum: a unit row, kept as printed


def test_a_total_labelled_with_a_colon():
    grid = [["项目", "金额"], ["总计：", "4.00"]]
    assert list(lines("收入总表", grid)["name"]) == ["总计"]


def test_a_total_row_repeated_on_each_continuation_page_is_one_row():
    # 佛山 表2/表3/表5: the 合计 row printed again at the top of the next page
    from budgetlib.catalogue import match_kind
    from budgetlib.readers.base import RawTable
    from budgetlib.tidy.tables import tidy_table

    rows = [["科目编码", "科目名称", "合计"], ["", "合计", "5.00"], ["208", "社会保障和就业支出", "2.00"],
            ["", "合计", "5.00"], ["221", "住房保障支出", "3.00"]]
    table = RawTable("支出决算表", rows, unit="万元", index=1, pages=[10, 10, 10, 11, 11])
    found = tidy_table(table, match_kind("支出决算表"), "fixture.pdf", 2019)
    assert [(line["name"], line["page"]) for line in found if not line["code"]] == [("合计", 10)]
