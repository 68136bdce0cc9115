"""Charts: Chinese glyphs present (a missing glyph is an error here), PNG at 200 dpi, SVG with real text and
a CJK fallback list, the plotted data as CSV, unknown values as n/a, one meaning per colour, names wrapped."""

import math
import re
import warnings

import pandas as pd
import pytest
from PIL import Image

from budgetlib import charts

TEXT = charts.Text("一般公共服务支出占近八成", charts.subtitle("重庆市南岸区人民政府办公室", 2025),
                   charts.source_line("重庆市南岸区人民政府办公室2025年部门预算", [3], "表二"))


@pytest.fixture(autouse=True)
def glyph_warnings_are_errors(caplog):
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*Glyph.*missing.*")
        warnings.filterwarnings("error", message=".*findfont.*")
        yield
    assert not [r for r in caplog.records if "findfont" in r.getMessage()]  # matplotlib logs font fallbacks


def test_bars_with_chinese_labels(tmp_path):
    data = pd.DataFrame({"name": ["一般公共服务支出", "社会保障和就业支出", "卫生健康支出"],
                         "amount": [2197.4, 383.3, 119.83]})
    chart = charts.bars(data, "name", "amount", TEXT, tmp_path, "classes")
    image = Image.open(chart["png"])
    assert image.info["dpi"][0] >= 199.5 and image.size[0] > 1000
    plotted = pd.read_csv(chart["csv"], encoding="utf-8-sig")
    assert list(plotted["amount"]) == [2197.4, 383.3, 119.83]  # largest first, as drawn top to bottom
    assert chart._repr_png_()[:4] == b"\x89PNG"


def test_svg_keeps_its_text_as_text_with_a_cjk_fallback_list(tmp_path):
    data = pd.DataFrame({"name": ["住房保障支出"], "amount": [129.2]})
    svg = charts.bars(data, "name", "amount", TEXT, tmp_path, "one")["svg"].read_text(encoding="utf-8")
    assert "<text" in svg and "住房保障支出" in svg and "1,512" not in svg
    assert "一般公共服务支出占近八成" in svg  # the title is text a desk can restyle
    assert re.search(r"font-family: 'Noto Sans CJK SC', 'Source Han Sans SC'.*sans-serif", svg)


def test_unknown_values_are_drawn_as_na_and_kept_unknown_in_the_csv(tmp_path):
    data = pd.DataFrame({"item": ["合计", "公务用车"], "prior": [float("nan"), 20.0], "current": [411.2, 30.0]})
    chart = charts.paired_bars(data, "item", ["prior", "current"], TEXT, tmp_path, "pair")
    svg = chart["svg"].read_text(encoding="utf-8")
    assert ">n/a<" in svg or "n/a" in svg
    assert math.isnan(pd.read_csv(chart["csv"], encoding="utf-8-sig").loc[0, "prior"])


def test_amounts_of_a_hundred_million_and_more_are_shown_in_yi_yuan():
    assert charts.scale_for([15436.93]) == charts.Scale(10_000.0, "亿元", 2)
    assert charts.scale_for([2197.4]).unit == "万元"
    assert charts.scale_for([15436.93, 25.0]).unit == "万元"  # 25 万元 would print as 0.00 亿元
    assert charts.number(1512.9) == "1,512.90" and charts.number(float("nan")) == "n/a"


def test_stacked_shares_print_percentages_and_totals(tmp_path):
    data = pd.DataFrame({"name": ["合计"], "basic": [2332.37], "project": [497.36]})
    chart = charts.stacked_shares(data, "name", ["basic", "project"], TEXT, tmp_path, "split")
    svg = chart["svg"].read_text(encoding="utf-8")
    assert charts.PALETTE["basic"] in svg and charts.PALETTE["project"] in svg
    assert "82%" in svg and "2,829.73" in svg
    plotted = pd.read_csv(chart["csv"], encoding="utf-8-sig")
    assert plotted.loc[0, "basic_share"] == round(2332.37 / 2829.73 * 100, 2)


def test_one_meaning_per_colour():
    assert len(set(charts.PALETTE.values())) == len(charts.PALETTE)


def test_long_names_are_wrapped_never_cut():
    name = "其他政府办公厅（室）及相关机构事务支出"
    wrapped = charts.wrap(name)
    assert wrapped.replace("\n", "") == name and "\n" in wrapped
    assert "31.25" in charts.wrap("公务用车购置及运行费（其中：购置0.00，运行维护31.25）").replace("\n", "|")


def test_a_long_heatmap_is_split_into_pages_sized_to_their_content(tmp_path):
    matrix = pd.DataFrame({"项目甲": [10.0] * 40, "项目乙": [None] * 20 + [20.0] * 20},
                          index=[f"指标{i}" for i in range(40)])
    pages = charts.heatmap(matrix, TEXT, tmp_path, "grid", rows_per_page=20)
    assert len(pages) == 2
    first = pd.read_csv(pages[0]["csv"], encoding="utf-8-sig")
    assert list(first.columns) == ["index", "项目甲"]  # the page shows only the columns it uses
    assert Image.open(pages[0]["png"]).size[0] < 2200


def test_the_font_comes_from_the_package_and_its_name_from_the_file():
    family = charts.use_font(["测试"])
    assert family.startswith("Noto Sans CJK SC")


def test_everyday_words_share_one_font_made_once_per_machine(tmp_path):
    from budgetlib.fonts import everyday_font

    made = everyday_font(charts.font_cache())
    assert made is not None, "`make setup` (python -m budgetlib.fonts) makes the everyday font"
    before = set(charts.font_cache().iterdir())
    families = {charts.use_font([f"{name}支出占比"]) for name in ("一般公共服务", "社会保障和就业", "住房保障")}
    assert len(families) == 1 and set(charts.font_cache().iterdir()) == before  # nothing made per chart
    chart = charts.bars(pd.DataFrame({"name": ["卫生健康支出"], "amount": [119.83]}), "name", "amount", TEXT,
                        tmp_path, "everyday")
    assert Image.open(chart["png"]).size[0] > 1000


def test_a_rarer_character_gets_a_font_that_has_it(tmp_path):
    rare = "堃"  # in Noto Sans CJK SC, not in GB 2312: outside the everyday font
    assert rare not in charts._everyday()
    assert charts.use_font([rare]) != charts.use_font(["一般"])
    data = pd.DataFrame({"name": [f"{rare}园社区"], "amount": [12.5]})
    chart = charts.bars(data, "name", "amount", TEXT, tmp_path, "rare")  # a missing glyph would be an error here
    assert f"{rare}园社区" in chart["svg"].read_text(encoding="utf-8")


def test_the_glyph_store_is_read_once_per_process(tmp_path):
    from budgetlib import fonts

    cache = tmp_path / "fonts"
    fonts.truetype_subset("部门预算", cache)
    (cache / "glyphs-400.pickle").rename(cache / "elsewhere.pickle")  # gone from disk: served from memory
    glyphs, _ = fonts.glyph_store("部门预算", cache)
    assert set("部门预算") <= set(glyphs)
