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
    assert sums[("department", "")] == 100
    assert set(sums.drop(("department", "")).tolist()) == {90}


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
