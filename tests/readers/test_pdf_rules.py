"""The PDF reader's rules, one small drawn page each, with what a person reads on that page.

Each fixture states the layout it reproduces (seen in real budget PDFs) and is generated here with
reportlab; expectations are written by hand from the drawing, never from the reader's output.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError, replace
from pathlib import Path

import pytest

from budgetlib.readers.pdf import ReaderSettings, read_pdf
from tests.readers.pdf_fixtures import FONT, centred, draw_pdf, register_font, ruled_table


@pytest.fixture(scope="module", autouse=True)
def font(tmp_path_factory) -> str:
    return register_font(tmp_path_factory.getbasetemp() / "fonts")


def read(path: Path, **settings):
    return read_pdf(path, settings=ReaderSettings(**settings)) if settings else read_pdf(path)


HEADER = ["科目编码", "科目名称", "合计"]
BODY = [["201", "一般公共服务支出", "120.50"], ["2010101", "行政运行", "120.50"]]
WIDTHS = [90.0, 200.0, 90.0]


# ---- ruling ---------------------------------------------------------------------------------------

def test_white_boxes_behind_prose_are_no_rules(tmp_path):
    # A Word export paints a white filled box behind every line of the narrative.
    def page(c):
        lines = ["一、部门收支情况说明", "2025年收入预算120.50万元，其中一般公共预算拨款120.50万元。"]
        for n, line in enumerate(lines):
            y = 760 - n * 24
            c.setFillColorRGB(1, 1, 1)
            c.rect(60, y - 4, 470, 18, stroke=0, fill=1)
            c.setFillColorRGB(0, 0, 0)
            c.setFont(FONT, 11)
            c.drawString(62, y, line)
    doc = read(draw_pdf(tmp_path / "prose.pdf", page))
    assert doc.tables == []
    assert [text for _, text in doc.narrative] == ["一、部门收支情况说明",
                                                   "2025年收入预算120.50万元，其中一般公共预算拨款120.50万元。"]


def test_white_rules_do_not_stretch_a_grid_over_its_title(tmp_path):
    # White hairlines continue the grid's verticals up to the page top; the title sits between them.
    def page(c):
        c.setStrokeColorRGB(1, 1, 1)
        for x in (60, 150, 350, 440):
            c.line(x, 700, x, 842)
        c.line(60, 842, 440, 842)
        c.setStrokeColorRGB(0, 0, 0)
        centred(c, 760, "2025年一般公共预算支出表")
        ruled_table(c, 60, 700, WIDTHS, [HEADER, *BODY])
    [table] = read(draw_pdf(tmp_path / "white.pdf", page)).tables
    assert table.title == "2025年一般公共预算支出表"
    assert table.rows == [HEADER, *BODY]


def test_filled_unstroked_shading_is_no_rule(tmp_path):
    # A grey header band (fill only) behind a ruled header: no extra rows or columns.
    def page(c):
        c.setFillColorRGB(0.9, 0.9, 0.9)
        c.rect(60, 680, 380, 20, stroke=0, fill=1)
        c.rect(100, 683, 40, 14, stroke=0, fill=1)
        c.setFillColorRGB(0, 0, 0)
        centred(c, 730, "2025年一般公共预算支出表")
        ruled_table(c, 60, 700, WIDTHS, [HEADER, *BODY])
    [table] = read(draw_pdf(tmp_path / "shade.pdf", page)).tables
    assert table.rows == [HEADER, *BODY]


def test_near_duplicate_rules_snap_into_one(tmp_path):
    # Each cell draws its own border, offset by 2 pt from its neighbour's: one rule, no sliver rows.
    def page(c):
        centred(c, 730, "2025年一般公共预算支出表")
        ruled_table(c, 60, 700, WIDTHS, [HEADER, *BODY])
        ruled_table(c, 62, 698, WIDTHS, [[""] * 3] * 3, height=20.0, line_width=0.3)
    [table] = read(draw_pdf(tmp_path / "double.pdf", page)).tables
    assert table.rows == [HEADER, *BODY]
    with_no_snap = read(tmp_path / "double.pdf", snap_tolerance=0.5, sliver=0.0).tables[0]
    assert len(with_no_snap.rows) > 3  # the settings object is what decides


def test_sliver_column_without_text_is_merged(tmp_path):
    def page(c):
        centred(c, 730, "2025年一般公共预算支出表")
        ruled_table(c, 60, 700, WIDTHS, [HEADER, *BODY])
        c.line(63.5, 700, 63.5, 640)  # a second left border 3.5 pt inside the first
    [table] = read(draw_pdf(tmp_path / "sliver.pdf", page)).tables
    assert table.rows == [HEADER, *BODY]


def test_fake_bold_is_one_glyph(tmp_path):
    # Fake bold: every glyph drawn three times, shifted by a fraction of a point.
    def page(c):
        c.setFont(FONT, 14)
        x = 100.0
        for char in "部门预算公开":
            for shift in (0.0, 0.25, 0.5):
                c.drawString(x + shift, 760, char)
            x += 14
        c.setFont(FONT, 11)
        c.drawString(100, 720, "说明：本部门2025年预算情况。")
    doc = read(draw_pdf(tmp_path / "bold.pdf", page))
    assert [text for _, text in doc.narrative] == ["部门预算公开", "说明：本部门2025年预算情况。"]


def test_vertical_rules_of_a_column_merged_over_a_page_break_join_the_grid(tmp_path):
    # A continuation page: the left column's cell runs on from the page before, so its verticals
    # are crossed by no horizontal rule; the text in it still belongs to the grid.
    def page(c):
        c.line(60, 700, 60, 600)
        c.line(150, 700, 150, 600)
        rows = [["指标1：完成率", "100%"], ["指标2：满意度", "95%"], ["指标3：完成", "2025年"],
                ["指标4：公开", "全部"], ["指标5：汇总", "≥90%"]]
        ruled_table(c, 150, 700, [150, 90], rows)
        c.setFont(FONT, 10)
        c.drawString(70, 645, "产出指标")
    [table] = read(draw_pdf(tmp_path / "loose.pdf", page)).tables
    # no rule crosses the first column: it is one cell over the five rows, its text in the top row
    assert table.rows == [["产出指标", "指标1：完成率", "100%"], ["", "指标2：满意度", "95%"],
                          ["", "指标3：完成", "2025年"], ["", "指标4：公开", "全部"], ["", "指标5：汇总", "≥90%"]]


# ---- text ---------------------------------------------------------------------------------------

def test_text_overflowing_its_cell_is_read_whole_in_its_own_cell(tmp_path):
    # An Excel export centres a long header in a narrow cell and clips it to the cell: the clipped
    # head lies over the neighbouring cell in the text layer, but belongs to its own.
    def page(c):
        centred(c, 730, "2025年一般公共预算支出表")
        ruled_table(c, 60, 700, [90, 90, 90], [["项目", "", "合计"], ["行政运行", "120.50", "120.50"]])
        c.saveState()
        path = c.beginPath()
        path.rect(150, 680, 90, 20)
        c.clipPath(path, stroke=0, fill=0)
        c.setFont(FONT, 10)
        c.drawString(120, 686, "部门预算支出经济分类")  # starts left of its cell: 部门 is clipped away
        c.restoreState()
    [table] = read(draw_pdf(tmp_path / "clip.pdf", page)).tables
    assert table.rows == [["项目", "部门预算支出经济分类", "合计"], ["行政运行", "120.50", "120.50"]]


def test_clipped_text_outside_any_grid_is_not_read(tmp_path):
    # A web export leaves fragments of its HTML in the text layer, clipped to nothing.
    def page(c):
        centred(c, 760, "2025年一般公共预算支出表")
        ruled_table(c, 60, 700, WIDTHS, [HEADER, *BODY])
        c.saveState()
        path = c.beginPath()
        path.rect(60, 600, 1, 1)
        c.clipPath(path, stroke=0, fill=0)
        c.setFont(FONT, 9)
        c.drawString(60, 560, "overflow:hidden; display:inline")
        c.restoreState()
    doc = read(draw_pdf(tmp_path / "hidden.pdf", page))
    assert doc.narrative == [] and doc.tables[0].title == "2025年一般公共预算支出表"


def test_leading_ideographic_spaces_stay_in_cells(tmp_path):
    # Name-only tables show 类/款/项 by indenting with U+3000.
    rows = [["科目名称", "合计"], ["一般公共服务支出", "12.00"], ["\u3000行政运行", "12.00"],
            ["\u3000\u3000机关服务", "12.00"]]
    def page(c):
        centred(c, 730, "2025年一般公共预算支出表")
        ruled_table(c, 60, 700, [200, 90], rows)
    [table] = read(draw_pdf(tmp_path / "indent.pdf", page)).tables
    assert [row[0] for row in table.rows] == ["科目名称", "一般公共服务支出", "\u3000行政运行", "\u3000\u3000机关服务"]


def test_cell_text_running_out_below_the_grid_stays_in_its_cell(tmp_path):
    # A long description in the last row, cut by the page end, prints its last line below the grid.
    def page(c):
        centred(c, 730, "2025年项目绩效目标表")
        ruled_table(c, 60, 700, [90, 250], [["项目名称", "行政运行"], ["绩效目标", "完成全部公开"]])
        c.setFont(FONT, 10)
        c.drawString(153, 652, "说明情况")
    [table] = read(draw_pdf(tmp_path / "overflow.pdf", page)).tables
    assert table.rows[-1] == ["绩效目标", "完成全部公开说明情况"]


def test_punctuation_displaced_onto_its_own_line_rejoins_the_sentence(tmp_path):
    def page(c):
        c.setFont(FONT, 11)
        c.drawString(60, 760, "本部门2025年收入预算120.50万元")
        c.drawString(60, 736, "。")
        c.drawString(60, 712, "二、支出预算情况说明")
    doc = read(draw_pdf(tmp_path / "punct.pdf", page))
    assert [text for _, text in doc.narrative] == ["本部门2025年收入预算120.50万元。", "二、支出预算情况说明"]


def test_justified_chinese_has_no_inner_spaces(tmp_path):
    # Justified text spreads its characters: 收 入 预 算 is 收入预算.
    def page(c):
        c.setFont(FONT, 11)
        for n, char in enumerate("本部门收入预算合计120.50万元。"):
            c.drawString(60 + n * 16, 760, char)
    doc = read(draw_pdf(tmp_path / "justified.pdf", page))
    assert doc.narrative[0][1].replace(" ", "") == "本部门收入预算合计120.50万元。"
    assert " " not in doc.narrative[0][1][:8]


# ---- titles -------------------------------------------------------------------------------------

def test_title_without_year_or_budget_word_with_a_bracket_suffix(tmp_path):
    # 苏州: label 公开05表, then 财政拨款支出表（功能科目）; 国家信访局: 部门公开表1, then 部门收支总表.
    def page(c):
        c.setFont(FONT, 10)
        c.drawString(60, 780, "公开05表")
        centred(c, 750, "财政拨款支出表（功能科目）")
        c.setFont(FONT, 10)
        c.drawString(60, 720, "部门：信访局")
        c.drawRightString(500, 720, "单位：万元")
        ruled_table(c, 60, 700, WIDTHS, [HEADER, *BODY])
    [table] = read(draw_pdf(tmp_path / "suffix.pdf", page)).tables
    assert (table.label, table.title, table.unit, table.notes) == ("公开05表", "财政拨款支出表（功能科目）", "万元",
                                                                 ["部门：信访局"])


def test_label_printed_under_its_title(tmp_path):
    def page(c):
        centred(c, 780, "收支预算总表")
        c.setFont(FONT, 10)
        c.drawString(60, 750, "公开表一")
        ruled_table(c, 60, 700, WIDTHS, [HEADER, *BODY])
    [table] = read(draw_pdf(tmp_path / "label.pdf", page)).tables
    assert (table.title, table.label) == ("收支预算总表", "公开表一")


def test_title_wrapped_onto_a_second_line_belongs_to_the_grid(tmp_path):
    def page(c):
        centred(c, 770, "2025年市级部门一般公共预算项")
        centred(c, 750, "目绩效目标表")
        ruled_table(c, 60, 700, [120, 200], [["项目名称", "行政运行"], ["年度目标", "完成率100%"]])
    [table] = read(draw_pdf(tmp_path / "wrapped.pdf", page)).tables
    assert table.title == "2025年市级部门一般公共预算项目绩效目标表"


def test_title_in_its_own_ruled_box_belongs_to_the_grid_below(tmp_path):
    def page(c):
        ruled_table(c, 60, 740, [380], [["2025年一般公共预算支出表"]], height=28, size=14)
        ruled_table(c, 60, 700, WIDTHS, [HEADER, *BODY])
    [table] = read(draw_pdf(tmp_path / "boxed.pdf", page)).tables
    assert table.title == "2025年一般公共预算支出表"
    assert table.rows == [HEADER, *BODY]


def test_a_title_drawn_as_outlines_still_leaves_its_grid_as_a_table(tmp_path):
    # The title is vector shapes (no text layer): the grid is kept, with an empty title, after prose.
    def page(c):
        c.setFont(FONT, 11)
        c.drawString(60, 790, "五、其他情况说明")
        for n in range(8):
            c.rect(200 + n * 18, 745, 14, 14, stroke=0, fill=1)  # stands for the outlined glyphs
        ruled_table(c, 60, 700, WIDTHS, [HEADER, *BODY])
    doc = read(draw_pdf(tmp_path / "outlined.pdf", page))
    [table] = doc.tables
    assert (table.title, table.rows) == ("", [HEADER, *BODY])
    assert [text for _, text in doc.narrative] == ["五、其他情况说明"]


def test_ruled_table_of_contents_is_one_grid(tmp_path):
    def page(c):
        centred(c, 780, "目录")
        ruled_table(c, 60, 740, [60, 300], [["表1", "2025年部门收支总表"], ["表2", "2025年部门收入总表"],
                                            ["表3", "2025年部门支出总表"], ["表4", "2025年财政拨款收支总表"]])
    [table] = read(draw_pdf(tmp_path / "contents.pdf", page)).tables
    assert table.title == "" and len(table.rows) == 4


# ---- continuations ------------------------------------------------------------------------------

def _page_with(title: str | None, rows: list[list[str]], running: str = "", widths=WIDTHS, left: float = 60.0):
    def page(c):
        if running:
            c.setFont(FONT, 9)
            c.drawString(60, 815, running)
        if title:
            centred(c, 780, title)
            c.setFont(FONT, 10)
            c.drawRightString(500, 750, "单位：万元")
        ruled_table(c, left, 740, widths, rows)
        c.setFont(FONT, 9)
        c.drawCentredString(297, 30, "第 1 页")
    return page


MORE = [["205", "教育支出", "30.00"], ["2050101", "行政运行", "30.00"]]
TITLE = "2025年一般公共预算支出表"


def test_a_table_repeating_its_title_and_header_on_every_page_is_one_table(tmp_path):
    path = draw_pdf(tmp_path / "repeat.pdf", _page_with(TITLE, [HEADER, *BODY]), _page_with(TITLE, [HEADER, *MORE]))
    [table] = read(path).tables
    assert table.rows == [HEADER, *BODY, *MORE]
    assert table.pages == [1, 1, 1, 2, 2]


def test_same_title_with_a_different_first_row_is_a_new_table(tmp_path):
    # One performance table per project, each on its own page under the same title.
    first = [["项目名称", "行政运行"], ["年度目标", "完成率100%"]]
    second = [["项目名称", "机关服务"], ["年度目标", "满意度95%"]]
    title = "2025年项目绩效目标表"
    path = draw_pdf(tmp_path / "projects.pdf", _page_with(title, first, widths=[120, 200]),
                    _page_with(title, second, widths=[120, 200]))
    assert [t.rows for t in read(path).tables] == [first, second]


def test_running_header_does_not_break_a_continuation(tmp_path):
    running = "信访局2025年度部门预算公开"
    pages = [_page_with(TITLE, [HEADER, *BODY], running), _page_with(None, MORE, running),
             _page_with("2025年部门收支总表", [["收入", "支出", "合计"]], running)]
    doc = read(draw_pdf(tmp_path / "running.pdf", *pages))
    assert doc.tables[0].rows == [HEADER, *BODY, *MORE]
    assert [text for _, text in doc.narrative].count(running) == 1  # kept once, not on every page


def test_continuation_with_fewer_columns_joins_by_position(tmp_path):
    # The continuation page rules only the columns that carry on (no 科目编码 column).
    path = draw_pdf(tmp_path / "fewer.pdf", _page_with(TITLE, [HEADER, *BODY]),
                    _page_with(None, [["教育支出", "30.00"], ["行政运行", "30.00"]], widths=WIDTHS[1:], left=150))
    [table] = read(path).tables
    assert table.rows[-2:] == [["", "教育支出", "30.00"], ["", "行政运行", "30.00"]]


# ---- settings -----------------------------------------------------------------------------------

def test_settings_are_one_frozen_object_with_units():
    settings = ReaderSettings()
    with pytest.raises(FrozenInstanceError):
        settings.snap_tolerance = 1.0  # type: ignore[misc]
    assert replace(settings, snap_tolerance=1.0).snap_tolerance == 1.0
    assert all(name.islower() for name in settings.__dataclass_fields__)


def test_a_hyphen_that_ends_a_line_is_kept_as_printed(tmp_path):
    # pdfium reports a "-" at the end of a line as U+0002 (a soft-hyphen marker); the page prints "-".
    def page(c):
        c.setFont(FONT, 11)
        c.drawString(100, 740, "说明：本部门公开-")
        c.drawString(100, 725, "一般公共预算情况。")
    doc = read(draw_pdf(tmp_path / "hyphen.pdf", page))
    text = "".join(text for _, text in doc.narrative)
    assert "\x02" not in text and "公开-" in text


def test_a_page_number_under_the_grid_is_not_the_last_cell_s_words(tmp_path):
    # 国家信访局 p30: the bottom row's text ends in a word, and the page number "29" stands just under the grid,
    # inside that column; it is page furniture, not the end of the cell's text running out below the grid.
    rows = [["一级指标", "三级指标", "指标值"], ["产出指标", "完成率", "100%"],
            ["满意度指标", "使用部门满意率", "≥90%"]]

    def page(c):
        centred(c, 730, "2025年项目绩效目标表")
        bottom = ruled_table(c, 60, 700, [80, 200, 90], rows)
        c.setFont(FONT, 9)
        c.drawCentredString(240, bottom - 11, "29")
    [table] = read(draw_pdf(tmp_path / "number.pdf", page)).tables
    assert table.rows[-1] == ["满意度指标", "使用部门满意率", "≥90%"]
