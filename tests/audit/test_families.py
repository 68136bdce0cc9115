"""One test per rule family, on the bundled sample as printed or with one point changed in its text.

Each expected value comes from reading the sample (data/raw/000_ebb61a327681cc18.txt): the line the
edit touches is quoted in the test. Real corpus documents are tested in test_corpus_findings.py.
"""

from tests.audit.conftest import doctored, found

EXPENDITURE_LINE = "卫生健康支出 119.83 万元，住房保障支出"  # line 53: the narrative's 类 amounts
THREE_PUBLIC_LINE = "2025 年“三公”经费预算 75.65 万元，比 2024 年减少 15.7 万元。"  # line 65


def test_arithmetic_rounding_is_a_note_and_a_larger_difference_an_error(sample, tmp_path):
    medical = found(sample, "A01")
    medical = medical[medical["code"] == "21011"]
    assert set(medical["severity"]) == {"note"} and set(medical["expected"]) == {119.83}
    changed = doctored(tmp_path, "2010301\t行政运行\t932.47\t932.47\t", "2010301\t行政运行\t942.47\t932.47\t")
    errors = found(changed, "A01")
    assert set(errors.loc[errors["code"] == "20103", "severity"]) == {"error"}


def test_narrative_amount_of_a_class_against_the_tables(sample, tmp_path):
    assert found(sample, "N02").empty  # the sample's 类 amounts agree with 表三 and 表五
    changed = doctored(tmp_path, EXPENDITURE_LINE, EXPENDITURE_LINE.replace("119.83", "191.83"))
    stated = found(changed, "N02")
    assert list(stated["code"]) == ["210"] and list(stated["actual"]) == [191.83]
    assert list(stated["expected"]) == [119.83]


def test_narrative_growth_rate_is_recomputed(tmp_path):
    # 15.7 less than 91.35 (75.65 + 15.7) is a fall of 17.19%: the doctored sentence says 27.19%
    changed = doctored(
        tmp_path, THREE_PUBLIC_LINE, "2025 年“三公”经费预算 75.65 万元，比 2024 年减少 15.7 万元，下降 27.19%。"
    )
    rate = found(changed, "N03")
    assert len(rate) == 1 and {rate["expected"].iloc[0], rate["actual"].iloc[0]} == {17.19, 27.19}


def test_direction_word_against_the_figures(tmp_path):
    changed = doctored(
        tmp_path, THREE_PUBLIC_LINE, "2025 年“三公”经费预算 75.65 万元，比 2024 年减少 15.7 万元，增长 17.19%。"
    )
    assert len(found(changed, "N06")) == 1


def test_a_budget_compared_with_its_own_year(sample, tmp_path):
    assert found(sample, "Y01").empty
    changed = doctored(tmp_path, THREE_PUBLIC_LINE, THREE_PUBLIC_LINE.replace("比 2024 年", "比 2025 年预算"))
    own_year = found(changed, "Y01")
    assert len(own_year) == 1 and "2025年预算" in own_year["message"].iloc[0]


def test_completeness_reports_a_deleted_table(sample, tmp_path):
    from budgetlib.audit.completeness import completeness

    score, _, _, tables = completeness(sample.context)
    assert tables.set_index("key").loc["three_public", "status"] == "found"
    changed = doctored(
        tmp_path,
        "表四\n\n2025 年重庆市南岸区人民政府办公室 一般公共预算“三公”经费支出表",
        "表四\n\n2025 年重庆市南岸区人民政府办公室 一般公共预算经费说明",
    )
    missing = found(changed, "C01")
    assert list(missing["code"]) == ["three_public"]
    assert completeness(changed.context)[0] < score


def test_placeholders_and_cut_sentences(sample, tmp_path):
    assert found(sample, "P01").empty and found(sample, "P02").empty
    changed = doctored(
        tmp_path, "比 2024 年减少 15.7 万元。", "比 2024 年减少 15.7 万元，下降(增长)17.19%，主要原因是。"
    )
    assert list(found(changed, "P01")["quote"].str.contains("下降(增长)", regex=False)) == [True]
    assert len(found(changed, "P02")) == 1


def test_text_quality_finds_the_samples_doubled_phrase(sample):
    doubled = found(sample, "T01")
    assert list(doubled["message"]) == ["词语重复：“准备工作的准备工作”"]
    assert doubled["quote"].iloc[0].startswith("1.负责区政府会议的准备工作的准备工作")


def test_text_quality_doubled_punctuation_and_unbalanced_quotes(tmp_path):
    changed = doctored(tmp_path, "与 2024 年持平；", "与 2024 年持平，；")
    assert len(found(changed, "T02")) == 1
    changed = doctored(tmp_path, "2025 年“三公”经费预算", "2025 年“三公经费预算")
    assert len(found(changed, "T03")) == 1


def test_codes_one_code_two_names(sample, tmp_path):
    assert found(sample, "K01").empty
    changed = doctored(
        tmp_path, "210\t卫生健康支出\t119.83\t119.83\t\n", "210\t医疗卫生与计划生育支出\t119.83\t119.83\t\n"
    )
    renamed = found(changed, "K01")
    assert list(renamed["code"]) == ["210"]
    assert {renamed["expected"].iloc[0], renamed["actual"].iloc[0]} == {None} or "医疗卫生与计划生育支出" in renamed[
        "message"
    ].iloc[0]


def test_units_ten_thousand_times_off(tmp_path):
    changed = doctored(tmp_path, THREE_PUBLIC_LINE, THREE_PUBLIC_LINE.replace("75.65 万元", "756500 万元"))
    off = found(changed, "U01")
    assert list(off["code"]) == [""] or len(off) >= 1
    assert off["message"].str.contains("一万倍").all()


def test_performance_subset_larger_than_its_whole(tmp_path):
    changed = doctored(tmp_path, THREE_PUBLIC_LINE, THREE_PUBLIC_LINE + "现有公务用车 3 辆，其中：执法执勤用车 5 辆。")
    subset = found(changed, "I06")
    assert list(subset["expected"]) == [3.0] and list(subset["actual"]) == [5.0]


def test_reading_problems_stay_apart_and_the_local_difference_still_shows(sample):
    assert (sample.checks["status"] == "reading").sum() == 0
    medical = sample.checks[(sample.checks["code"] == "21011") & (sample.checks["status"] == "rounding")]
    assert set(medical["table"]) == {"general_expenditure", "dept_income", "dept_expenditure"}
