"""The PDF reader on real corpus pages: grids, titles and continuations as the pages print them.

Expectations are read from the pages (page numbers are 1-based PDF pages); the corpus is required
where CI or BUDGETLIB_CORPUS says so, and otherwise these tests say in one line that they did not run.
"""

from __future__ import annotations

import os
import re
from functools import cache

import pytest

from budgetlib.readers import RawDocument, read_source
from tests.conftest import CORPUS

if not (CORPUS / "MANIFEST.tsv").exists():
    if os.environ.get("CI") == "true" or os.environ.get("BUDGETLIB_CORPUS"):
        raise RuntimeError(f"the corpus is required here (CI or BUDGETLIB_CORPUS set) but is not at {CORPUS}")
    pytest.skip(f"the corpus is not at {CORPUS} (set BUDGETLIB_CORPUS)", allow_module_level=True)


@cache
def raw(file: str) -> RawDocument:
    return read_source(CORPUS / file)


def on_page(doc: RawDocument, page: int):
    return [table for table in doc.tables if table.page == page]


def test_white_boxes_behind_a_narrative_are_no_grids():
    # 长沙 p2–11: every prose line sits on a white filled box; the text is narrative, not 260 grids.
    doc = raw("hunan/长沙市公安局本级-2025-预算.pdf")
    assert not [t for t in doc.tables if t.page is not None and t.page <= 11]
    prose = re.sub(r"\s", "", " ".join(text for page, text in doc.narrative if page == 6))
    assert "收入较去年减少1316.82万元，下降1.88%" in prose


def test_titles_without_year_or_budget_word():
    # 国家信访局 p5: label 部门公开表1 above the title 部门收支总表; 苏州 p14: 公开05表 / 财政拨款支出表（功能科目）.
    [table] = on_page(raw("central/国家信访局-2026-预算.pdf"), 5)
    assert (table.label, table.title, table.unit) == ("部门公开表1", "部门收支总表", "万元")
    assert [re.sub(r"\s", "", cell) for cell in table.rows[1]] == ["项目", "预算数", "项目", "预算数"]
    [table] = on_page(raw("jiangsu/苏州市审计局-2026-预算.pdf"), 14)
    assert (table.label, table.title) == ("公开05表", "财政拨款支出表（功能科目）")


def test_table_repeating_title_and_header_on_each_page_is_one_table():
    # 烟台 公开表2 收入总体情况表 p10–11: both pages print 公开表2, the title and two header rows.
    doc = raw("shandong/烟台市人民政府办公室-2026-预算.pdf")
    [table] = [t for t in doc.tables if t.label == "公开表2"]
    assert sorted(set(table.pages)) == [10, 11]
    assert [row[0] for row in table.rows].count("科目编码") == 1


def test_running_page_header_does_not_break_a_continuation():
    # 苏州 公开04表 p12→p13 under the running header 苏州市审计局2026年度部门预算公开.
    doc = raw("jiangsu/苏州市审计局-2026-预算.pdf")
    [table] = [t for t in doc.tables if t.label == "公开04表"]
    assert sorted(set(table.pages)) == [12, 13]
    # the cover (p1) prints its own title; the running header enters the narrative once, on p2
    assert [page for page, text in doc.narrative if text == "苏州市审计局2026年度部门预算公开"] == [2]


def test_white_rules_do_not_swallow_titles():
    # 首都绿化 附件2: every page's title (预算01表 … 预算13表) is above its grid, not inside it.
    doc = raw("beijing/首都绿化委员会办公室-2026-预算-附件2报表.pdf")
    assert [t.title for t in doc.tables][:5] == ["预算01表收支总表", "预算02表收入总表", "预算03表支出总表",
                                                 "预算04表财政拨款收支总表", "预算05表一般公共预算支出表"]
    assert doc.tables[0].rows[1] == ["项 目", "预算数", "项 目", "预算数"]


def test_text_clipped_by_its_cell_is_read_in_its_own_cell():
    # 西安 2019 表1 p3: the headers are wider than their cells and clipped; the text layer has them whole.
    [table] = on_page(raw("shaanxi/西安市安全生产监督管理局-2019-预算-公开报表.pdf"), 3)
    assert table.rows[1][4] == "部门预算支出经济分类科目（按大类）"
    assert table.rows[1][6] == "政府预算支出经济分类科目（按大类）"
    assert table.rows[3][4:6] == ["1、人员经费和公用经费支出", "2,022.39"]


def test_performance_grid_continued_on_pages_with_fewer_columns():
    # 西安 2019 附表14 部门整体支出绩效目标表 runs from p33 (6 columns) over p34–38 (5, then 3 ruled columns).
    doc = raw("shaanxi/西安市安全生产监督管理局-2019-预算-公开报表.pdf")
    [table] = [t for t in doc.tables if t.label == "附表14"]
    assert sorted(set(table.pages)) == [33, 34, 35, 36, 37, 38]
    assert all(len(row) == 6 for row in table.rows)
    assert any("指标1：保障完成情况" in row for row in table.rows)
