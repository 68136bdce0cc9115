"""Charts: Chinese glyphs present (a missing glyph is an error here), PNG ≥ 200 dpi, SVG, and the
plotted data as CSV."""

import warnings

import pandas as pd
import pytest
from PIL import Image

from budgetlib import charts


@pytest.fixture(autouse=True)
def glyph_warnings_are_errors():
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*Glyph.*missing.*")
        warnings.filterwarnings("error", message=".*findfont.*")
        yield


def test_bars_with_chinese_labels(tmp_path):
    data = pd.DataFrame({"name": ["一般公共服务支出", "社会保障和就业支出", "卫生健康支出"],
                         "amount": [2197.4, 383.3, 119.83]})
    source = charts.source_line("重庆市南岸区人民政府办公室", 2025)
    paths = charts.bars(data, "name", "amount", "2025年支出按功能分类（类）", source, tmp_path, "classes")
    image = Image.open(paths["png"])
    assert image.info["dpi"][0] >= 199.5 and image.size[0] > 1000
    assert paths["svg"].read_text(encoding="utf-8").startswith("<?xml")
    plotted = pd.read_csv(paths["csv"], encoding="utf-8-sig")
    assert sorted(plotted["amount"]) == [119.83, 383.3, 2197.4]


def test_the_font_comes_from_the_package_and_its_name_from_the_file():
    family = charts.use_font(["测试"])
    assert family.startswith("Noto Sans CJK SC")


def test_house_colours_for_basic_and_project(tmp_path):
    data = pd.DataFrame({"name": ["合计"], "basic": [60.0], "project": [40.0]})
    paths = charts.stacked_shares(data, "name", ["basic", "project"], "基本与项目", "来源：测试", tmp_path, "split")
    svg = paths["svg"].read_text(encoding="utf-8")
    assert charts.PALETTE["basic"] in svg and charts.PALETTE["project"] in svg
    assert pd.read_csv(paths["csv"], encoding="utf-8-sig").loc[0, "basic_share"] == 60.0
