"""The sample's tables as tidy lines: every value of 表二, 表三, 表七 and 表八, transcribed by hand."""

import pandas as pd
import pytest

from tests.conftest import expected

KEY = ["kind", "code", "measure"]


@pytest.fixture(scope="module")
def coded(sample):
    lines = sample.lines[sample.lines["code"] != ""]
    return lines.set_index(KEY)


def test_every_transcribed_value_is_read(coded):
    truth = expected("sample_lines.csv")
    assert len(truth) == 430
    for row in truth.itertuples(index=False):
        line = coded.loc[(row.kind, row.code, row.measure)]
        assert line["amount"] == float(row.amount), row
        assert line["name"] == row.name, row


def test_no_extra_coded_lines(coded):
    truth = expected("sample_lines.csv").set_index(KEY)
    tables = set(truth.index.get_level_values("kind"))
    ours = coded[coded.index.get_level_values("kind").isin(tables)]
    assert sorted(ours.index) == sorted(truth.index)


def test_totals(sample):
    totals = sample.lines[sample.lines["name"] == "合计"].set_index(["kind", "measure"])["amount"]
    for row in expected("sample_totals.csv").itertuples(index=False):
        assert totals[(row.kind, row.measure)] == float(row.amount)


def test_wrapped_cell_is_joined_and_no_row_is_invented(sample):
    income = sample.lines[(sample.lines["kind"] == "dept_income") & (sample.lines["measure"] == "total")]
    assert len(income) == 23  # 合计 + 22 codes; the continuation line "费支出" is not a row of its own
    assert income.set_index("code").loc["2080506", "name"] == "机关事业单位职业年金缴费支出"


def test_codes_carry_level_parent_and_classification(sample):
    line = sample.lines[(sample.lines["code"] == "2010301")].iloc[0]
    assert (line["level"], line["parent_code"], line["classification"]) == (3, "20103", "function")
    economic = sample.lines[(sample.lines["kind"] == "basic_expenditure") & (sample.lines["code"] == "30101")]
    assert set(economic["classification"]) == {"economic"} and set(economic["parent_code"]) == {"301"}


def test_blank_cells_are_zero_and_flagged(sample):
    line = sample.lines.set_index(["kind", "code", "measure"]).loc[("general_expenditure", "2010301", "project")]
    assert line["amount"] == 0.0 and bool(line["is_blank"])


def test_provenance(sample):
    line = sample.lines.set_index(["kind", "code", "measure"]).loc[("basic_expenditure", "30217", "public")]
    assert line["amount"] == 4.00
    assert (line["table_index"], line["row"], line["source_line"], line["source_unit"]) == (3, 22, 171, "万元")
    assert pd.isna(line["page"])  # the text form has no pages; source_line points into the file instead


def test_two_sided_summary(sample):
    summary = sample.lines[sample.lines["kind"] == "fiscal_summary"]
    income = summary[(summary["side"] == "income")].set_index("name")["amount"]
    assert income["收入合计"] == 2829.73 and income["一般公共预算资金"] == 2829.73
    spending = summary[(summary["side"] == "expenditure")].set_index(["name", "measure"])["amount"]
    assert spending[("住房保障支出", "general_public_budget")] == 129.20


def test_three_public_row(sample):
    row = sample.lines[sample.lines["kind"] == "three_public"].set_index("measure")["amount"].to_dict()
    assert row == {"total": 75.65, "travel_abroad": 20.00, "vehicles": 31.25, "vehicle_purchase": 0.0,
                   "vehicle_operation": 31.25, "reception": 24.40}


def test_procurement_categories(sample):
    rows = sample.lines[(sample.lines["kind"] == "procurement") & (sample.lines["measure"] == "total")]
    assert rows.set_index("name")["amount"].to_dict() == {"合计": 206.84, "货物": 12.14, "服务": 194.70}
    assert set(rows["code"]) == {"", "A", "C"}
