"""A 部门 budget and a 单位 budget of one department and year are two reports, side by side.

The corpus has no such pair, so the 单位 document is made with the project's renderer: the text-form sample with
its heading changed to 单位预算, rendered to PDF by budgetlib.render and read back like any PDF."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import budgetlib
from budgetlib.render.sample_pdf import render_sample
from budgetlib.reports import run_all
from budgetlib.store import save
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def pair(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("pair")
    unit_text = root / "单位预算.txt"
    text = SAMPLE.read_text(encoding="utf-8")
    assert "2025 年部门预算情况说明" in text
    unit_text.write_text(text.replace("2025 年部门预算情况说明", "2025 年单位预算情况说明", 1), encoding="utf-8")
    unit_pdf = root / "单位预算.pdf"
    render_sample(unit_text, unit_pdf, ruled=True)
    department, unit = budgetlib.read(SAMPLE), budgetlib.read(unit_pdf)
    assert (department.meta["scope"], unit.meta["scope"]) == ("部门", "单位")
    assert department.meta["department"] == unit.meta["department"] and department.meta["year"] == unit.meta["year"]
    save([department, unit], root / "processed")
    return root


def test_a_department_and_a_unit_document_of_one_year_give_two_reports(pair):
    _, failed = run_all(pair / "processed", pair / "reports", names=["overview"])
    assert not failed
    year = pair / "reports" / "重庆市南岸区" / "重庆市南岸区人民政府办公室" / "2025"
    assert sorted(p.name for p in year.iterdir()) == ["预算-单位", "预算-部门"]
    for scope in ("预算-单位", "预算-部门"):
        assert (year / scope / "overview.html").exists()
        classes = pd.read_csv(year / scope / "overview_function_classes.csv", encoding="utf-8-sig")
        assert classes.set_index("name").loc["一般公共服务支出", "total"] == 2197.40  # 表二, in both
    unit_html = (year / "预算-单位" / "overview.html").read_text(encoding="utf-8")
    assert "2025年单位预算" in unit_html and "单位预算.pdf" in unit_html
