"""The audit finds exactly what is wrong in the sample, and fails a doctored copy."""

import budgetlib
from budgetlib.audit import findings, status
from tests.conftest import SAMPLE


def test_exactly_what_is_wrong_in_the_sample(sample):
    """Two 0.01 roundings (notes), the doubled phrase 准备工作的准备工作 and no 中小企业 share: nothing else."""
    found = findings(sample.checks)
    assert set(zip(found["rule"], found["severity"], strict=True)) == {("A01", "note"), ("T01", "warning"),
                                                                      ("C03", "warning")}
    assert list(found.loc[found["rule"] == "C03", "code"]) == ["small_business"]
    found = found[found["family"] == "arithmetic"]
    assert set(found["status"]) == {"rounding"}
    assert set(zip(found["code"], found["check"], strict=True)) == {("21011", "children_sum"), ("302", "children_sum")}
    medical = found[found["code"] == "21011"]
    assert set(medical["table"]) == {"general_expenditure", "dept_income", "dept_expenditure"}  # every table listing it
    assert set(medical["expected"]) == {119.83} and set(medical["actual"]) == {119.84}
    goods = found[found["code"] == "302"]
    assert set(goods["table"]) == {"basic_expenditure"} and set(goods["actual"]) == {357.08}


def test_the_rules_ran(sample):
    ran = sample.checks.groupby("check").size()
    for check in ("children_sum", "total_row_sum", "measure_sum", "single_total", "key_figure_agreement",
                  "narrative_agreement", "three_public_parts", "project_budgets", "indicator_weights"):
        assert ran.get(check, 0) > 0, check
    agreement = sample.checks[sample.checks["check"] == "narrative_agreement"]
    assert {"narrative.three_public_total", "narrative.operating_expenses"} - set(agreement["table"]) == {
        "narrative.operating_expenses"}  # 机关运行经费 is printed in no table of the sample: nothing to compare


def test_indicator_weights_are_reported_not_judged(sample):
    weights = sample.checks[sample.checks["check"] == "indicator_weights"]
    assert set(weights["status"]) == {"info"} and len(weights) == 11
    assert weights.set_index("code").loc["", "actual"] == 100
    assert set(weights[weights["code"] != ""]["actual"]) == {90}


def test_status_thresholds():
    assert status(0.0, 0.01) == "ok"
    assert status(0.01, 0.01) == "rounding"
    assert status(-0.0100000001, 0.01) == "rounding"
    assert status(0.02, 0.01) == "fail"


def test_doctored_values_fail(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    doctored = text.replace("2010301\t行政运行\t932.47\t932.47\t", "2010301\t行政运行\t942.47\t932.47\t", 1)
    doctored = doctored.replace("2025 年“三公”经费预算 75.65 万元", "2025 年“三公”经费预算 76.65 万元")
    path = tmp_path / "doctored.txt"
    path.write_text(doctored, encoding="utf-8")
    failed = findings(budgetlib.read(path).checks)
    failed = failed[failed["status"] == "fail"]
    assert ("children_sum", "20103") in set(zip(failed["check"], failed["code"], strict=True))
    assert ("measure_sum", "2010301") in set(zip(failed["check"], failed["code"], strict=True))
    narrative = failed[failed["table"] == "narrative.three_public_total"]
    assert narrative["difference"].tolist() == [1.0]
