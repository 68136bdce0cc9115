"""Each family on real documents: rows of truth/doc_inconsistencies.tsv (row numbers as in
tests/expected/inconsistency_families.csv), found on the page the truth gives."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

import budgetlib
from budgetlib.audit.completeness import standard_tables
from tests.conftest import CORPUS

if not (CORPUS / "MANIFEST.tsv").exists():
    if os.environ.get("CI") == "true" or os.environ.get("BUDGETLIB_CORPUS"):
        raise RuntimeError(f"the corpus is required here (CI or BUDGETLIB_CORPUS set) but is not at {CORPUS}")
    pytest.skip(f"the corpus is not at {CORPUS} (set BUDGETLIB_CORPUS)", allow_module_level=True)


@cache
def document(file: str) -> budgetlib.BudgetDocument:
    return budgetlib.read(CORPUS / file)


def on_page(file: str, rule: str, page: int) -> pd.DataFrame:
    checks = document(file).checks
    return checks[(checks["rule"] == rule) & (checks["page"] == page) & (checks["status"] != "reading")]


@pytest.mark.parametrize(
    ("row", "file", "rule", "page", "text"),
    [
        (31, "central/国家信访局-2026-预算.pdf", "N03", 25, "31.35"),  # 333.83 / 1,057.85 = 31.56%
        (32, "central/国家信访局-2026-预算.pdf", "N04", 19, "22.00%"),  # 3,623.98 / 50,616.94 = 7.16%
        (74, "central/国家信访局-2026-预算.pdf", "T07", 19, "3,623.98为万元"),
        (80, "guangdong/佛山市轨道交通局-2019-决算.pdf", "F01", 26, "完成预算0万元的0%"),
        (68, "shandong/烟台市人民政府办公室-2026-预算.pdf", "P01", 29, "下降(增长)"),
        (67, "shandong/烟台市人民政府办公室-2026-预算.pdf", "P02", 29, "533.78万元，"),
        (84, "shandong/烟台市人民政府办公室-2026-预算.pdf", "T01", 30, "烟台市人民政府办公室烟台市人民政府办公室"),
        (8, "shanghai/上海市普陀区社会福利院-2024-预算-单位.pdf", "P02", 16, "主要原因是。"),
        (6, "shanghai/上海市普陀区社会福利院-2024-预算-单位.pdf", "K03", 9, "7 | 11 | 02"),
        (9, "shanghai/上海市普陀区财政局-2025-预算.pdf", "P05", 18, "政府性基金"),
        (2, "shanghai/上海市普陀区人民政府万里街道办事处-2025-预算.pdf", "N08", 7, "计划生育事务（项）"),
        (5, "shanghai/上海市普陀区人民政府万里街道办事处-2023-预算.pdf", "N06", 6, "比2022年预算增加1421.25万元"),
    ],
)
def test_a_known_problem_is_found_on_its_page(row, file, rule, page, text):
    found = on_page(file, rule, page)
    assert len(found), f"truth row {row}: no {rule} on p{page}"
    assert (
        found["quote"].str.contains(text, regex=False).any() or found["message"].str.contains(text, regex=False).any()
    ), f"truth row {row}: {found[['message', 'quote']].to_dict('records')}"


def test_a_narrative_file_is_judged_by_its_part():
    context = document("beijing/北京市重大项目办-2026-预算-附件1情况说明.pdf").context
    assert set(standard_tables(context)["status"]) == {"in_pair"}
    assert not (document("beijing/北京市重大项目办-2026-预算-附件1情况说明.pdf").checks["rule"] == "C01").any()


def test_every_truth_row_is_labelled_with_its_family_and_a_reason():
    """The recall labels (benchmarks/audit.py) cover each row of doc_inconsistencies.tsv once, in order,
    with the file the truth gives, a family, and a reason; a row in reach names the rules that find it."""
    labels = pd.read_csv(Path(__file__).parents[1] / "expected" / "inconsistency_families.csv", dtype=str,
                         keep_default_na=False)
    truth = pd.read_csv(CORPUS / "truth" / "doc_inconsistencies.tsv", sep="\t", dtype=str, keep_default_na=False)
    assert list(labels["row"]) == [str(n) for n in range(1, len(truth) + 1)]
    assert list(labels["file"]) == list(truth["file"])
    assert (labels["family"] != "").all() and (labels["reason"] != "").all()
    assert (labels.loc[labels["in_reach"] == "yes", "rules"] != "").all()


def test_names_in_a_template_without_codes_are_found_under_their_parents():
    # 杭州市司法局 prints its function tables by name only, levels by indentation (表3 p26, 表5 p30); its narrative
    # names items by path: “一般公共服务支出（类）社会工作事务（款）其他社会工作事务支出（项）0.19万元” (p6), and
    # 社会工作事务 0.19 / 其他一般公共服务支出 12,868.00 are rows of those tables (p23, p26). No name is "unknown".
    checks = document("zhejiang/杭州市司法局-2026-预算.pdf").checks
    assert found_rules(checks, "N08").empty
    # the real narrative error on p6 stays: 一般公共预算当年拨款 91,842.80 vs 91,495.48 printed in 表1/表2/表4
    n01 = found_rules(checks, "N01")
    assert (n01["page"] == 6).any() and n01["status"].eq("fail").any()


def found_rules(checks: pd.DataFrame, rule: str) -> pd.DataFrame:
    return checks[(checks["rule"] == rule) & checks["status"].isin(["fail", "warning", "note"])]
