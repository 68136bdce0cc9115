"""The narrative and the performance tables of the real corpus, against the hand-verified truth
(facts_truth.tsv, indicators_truth.tsv) and against figures transcribed by hand from the pages
(narrative_transcription.csv: 江苏省委办公厅 2018 and 上海市普陀区人民政府办公室 2025, each row with
its page and the printed words)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest

import budgetlib
from budgetlib.extract.narrative_rules import INTRINSIC_SCOPE
from tests.conftest import CORPUS
from tests.corpus.conftest import TRUTH, document, truth

FACTS_TRUTH = truth("facts_truth.tsv")
VERIFIED_FACTS = FACTS_TRUTH[(FACTS_TRUTH["verified"] == "yes") & (FACTS_TRUTH["amount"] != "")]
# The verified facts not found, each with its sentence and why (the acceptance allows 5%; this list is
# the exact set: a fact found or lost shows up here first).
FACT_MISSES = {
    ("guangdong/广州市人民政府办公厅-2026-预算.pdf", "项目:专项工作经费（广州市人民政府办公厅）", "2026", "749.25"):
        "not a sentence: the row 专项工作经费（广州市人民政府办公厅）| 749.25 | <goal> of the small "
        "项目 | 预算数 | 绩效目标 "
        "table under 七、重点项目预算绩效目标情况 (p26); it is read as a table, not as narrative",
}


def _close(a, b, tolerance: float = 0.0051) -> bool:
    return a is not None and not pd.isna(a) and abs(float(a) - float(b)) <= tolerance


def _found(facts: pd.DataFrame, row) -> bool:
    """The fact with its year and amount, and its change and direction where the sentence states one."""
    same = facts[(pd.to_numeric(facts["year"], errors="coerce") == int(row.year))
                 & facts["amount"].apply(lambda a: _close(a, row.amount))]
    if same.empty:
        return False
    if row.change and row.derived != "yes":
        same = same[same["change"].apply(lambda c: _close(c, abs(float(row.change)))) &
                    (same["direction"] == row.direction)]
    return not same.empty


@pytest.fixture(scope="module")
def fact_results() -> pd.DataFrame:
    rows = []
    for row in VERIFIED_FACTS.itertuples():
        found = _found(document(row.file).facts, row)
        rows.append({"file": row.file, "subject": row.subject, "year": row.year, "amount": row.amount,
                     "found": found, "sentence": row.sentence})
    return pd.DataFrame(rows)


def test_at_least_95_percent_of_the_verified_facts_with_year_amount_and_change(fact_results):
    share = fact_results["found"].mean()
    assert len(fact_results) == 640 and share >= 0.95, f"{share:.1%}"


def test_the_facts_not_found_are_exactly_the_listed_ones(fact_results):
    missed = fact_results[~fact_results["found"]]
    assert {(r.file, r.subject, r.year, r.amount) for r in missed.itertuples()} == set(FACT_MISSES)


# Scope written into the truth's subjects: （财政拨款）, （部门预算） = all funds, （一般公共预算基本支出）.
SCOPE_WORDS = {"（财政拨款）": "fiscal", "（部门预算）": "all_funds",
               "（一般公共预算基本支出）": "general_public_budget"}
FISCAL_PARTS = {"general_public_budget", "gov_fund", "state_capital"}


def test_scope_is_recorded_where_the_narrative_states_it():
    scoped = VERIFIED_FACTS[VERIFIED_FACTS["subject"].str.contains("|".join(map(re.escape, SCOPE_WORDS)))]
    scoped = scoped[scoped["derived"] != "yes"]
    assert len(scoped) >= 15
    wrong = []
    for row in scoped.itertuples():
        want = next(scope for words, scope in SCOPE_WORDS.items() if words in row.subject)
        facts = document(row.file).facts
        same = facts[(facts["year"] == int(row.year)) & facts["amount"].apply(lambda a, r=row: _close(a, r.amount))
                     & ~facts["derived"].astype(bool)]
        # a figure whose name fixes a narrower scope (一般公共预算收入 inside the 财政拨款 section) keeps it
        intrinsic = {INTRINSIC_SCOPE.get(s) for s in same["subject"]} - {None}
        if want not in set(same["scope"]) and not (want == "fiscal" and intrinsic & FISCAL_PARTS):
            wrong.append((row.file, row.subject, row.amount, sorted(set(same["scope"]))))
    assert not wrong


def test_every_stated_figure_of_a_scoped_section_carries_a_scope():
    """Where the narrative says whose money a section is about, every figure of it says so."""
    facts = document("central/国家信访局-2026-预算.pdf").facts
    stated = facts[~facts["derived"].astype(bool) & facts["amount"].notna()]
    fiscal = stated[stated["section"].str.contains("财政拨款收支总表")]
    assert len(fiscal) >= 6 and "" not in set(fiscal["scope"])
    # the items (类 spending, 上年结转) take the section's scope; 一般公共预算当年拨款收入 names its own
    assert set(fiscal[fiscal["subject"].isin(["function_item", "carry_over"])]["scope"]) == {"fiscal"}
    assert fiscal.set_index("label").loc["一般公共预算当年拨款收入", "scope"] == "general_public_budget"
    all_funds = stated[stated["section"].str.contains("部门支出总表")]
    assert set(all_funds["scope"]) == {"all_funds"}


# indicators_truth.tsv holds quoted indicator names (“"网站定期检查 分项成本控制数"”, printed so): read as is
with open(TRUTH / "indicators_truth.tsv", encoding="utf-8") as handle:
    INDICATORS_TRUTH = pd.DataFrame(list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)))


def _plain(text) -> str:
    return re.sub(r"\s+", "", str(text or "")).replace("（", "(").replace("）", ")")


# Indicator files whose grids the reader gets wrong (each one entered in /work/notes/reader_gaps.md).
READER_GAPS: dict[str, str] = {}


@pytest.mark.parametrize("file", [pytest.param(f, marks=pytest.mark.xfail(strict=True, reason=READER_GAPS[f]))
                                  if f in READER_GAPS else f for f in sorted(set(INDICATORS_TRUTH["file"]))])
def test_every_indicator_with_its_weight_operator_target_and_unit(file):
    rows = INDICATORS_TRUTH[(INDICATORS_TRUTH["file"] == file) & (INDICATORS_TRUTH["verified"] == "yes")]
    ours = document(file).indicators
    missing = []
    for row in rows.itertuples():
        same = ours[(ours["indicator"].map(_plain) == _plain(row.indicator))
                    & ours["project"].map(_plain).str.contains(re.escape(_plain(row.project)[-8:]))
                    & (ours["operator"] == row.operator) & (ours["target"].map(_plain) == _plain(row.target))
                    & (ours["unit"].map(_plain) == _plain(row.unit))]
        if row.weight:
            same = same[same["weight"].apply(lambda w, r=row: _close(w, r.weight, 1e-9))]
        if row.scope in ("年度", "实施周期"):
            same = same[same["target_scope"] == row.scope]
        if same.empty:
            missing.append((row.project, row.indicator, row.operator, row.target, row.unit, row.weight))
    assert len(rows) > 0 and not missing


def test_a_project_continued_over_pages_keeps_all_its_indicators():
    """烟台 办公室政务运行保障经费 runs over p32–35 (69 indicators in the truth), each page a table."""
    ours = document("shandong/烟台市人民政府办公室-2026-预算.pdf").indicators
    assert (ours["project"] == "办公室政务运行保障经费").sum() == 69


TRANSCRIPTION = pd.read_csv(Path(__file__).with_name("narrative_transcription.csv"), dtype=str,
                            keep_default_na=False)


@pytest.mark.parametrize("file", sorted(set(TRANSCRIPTION["file"])))
def test_figures_transcribed_by_hand_are_found_in_full(file):
    rows = TRANSCRIPTION[TRANSCRIPTION["file"] == file]
    assert len(rows) >= 20
    facts = document(file).facts
    missing = []
    for row in rows.itertuples():
        derived = row.printed.startswith("(derived")
        same = facts[(facts["year"] == int(row.year))
                     & facts["amount"].apply(lambda a, r=row: _close(a, r.amount, 1e-6))
                     & (facts["derived"].astype(bool) == derived)
                     & (facts["subject"].str.split("/").str[-1] == row.subject)]
        if row.item:
            names = same["item"].str.split("-").str[-1].str.replace(r"[（(](?:类|款|项)[）)]", "", regex=True)
            same = same[names == row.item]
        if row.code:
            same = same[same["code"] == row.code]
        if row.change:
            same = same[same["change"].apply(lambda c, r=row: _close(c, r.change, 1e-6)) &
                        (same["direction"] == row.direction)]
        for column in ("percent", "share"):
            if getattr(row, column):
                same = same[same[column].apply(lambda v, r=row, c=column: _close(v, getattr(r, c), 1e-6))]
        if row.scope:
            same = same[same["scope"] == row.scope]
        if same.empty:
            missing.append((row.page, row.subject, row.item, row.year, row.amount, row.printed))
    assert not missing


def test_the_jiangsu_narrative_and_its_tables_file_agree_statement_by_statement():
    folder = CORPUS / "jiangsu"
    pair = budgetlib.read([folder / "江苏省委办公厅-2018-预算.pdf", folder / "江苏省委办公厅-2018-预算-表格.pdf"])
    items = pair.facts[(pair.facts["subject"] == "function_item") & ~pair.facts["derived"].astype(bool)]
    codes = dict(zip(items["item"].str.split("-").str[-1], items["code"], strict=True))
    assert codes["行政运行"] == "2013101" and codes["提租补贴"] == "2210202"  # from the tables file's lines
    agreement = pair.checks[pair.checks["check"] == "narrative_agreement"]
    assert len(agreement) >= 40 and set(agreement["status"]) == {"ok"}


CLEAN = sorted(set(truth("key_figures.tsv")["file"]) - set(truth("doc_inconsistencies.tsv")["file"])
               - {f for f in set(truth("key_figures.tsv")["file"]) if "模板" in f})


@pytest.mark.parametrize("file", CLEAN)
def test_no_clean_document_raises_a_narrative_agreement_failure(file):
    checks = document(file).checks
    agreement = checks[checks["check"] == "narrative_agreement"]
    assert set(agreement["status"]) <= {"ok", "rounding"}


def test_a_mismatch_is_a_finding_never_info():
    checks = pd.concat([document(f).checks for f in ("central/国家信访局-2026-预算.pdf",
                                                     "shanghai/上海市普陀区财政局-2024-决算.pdf")])
    agreement = checks[checks["check"] == "narrative_agreement"]
    assert "info" not in set(agreement["status"])
    found = agreement[agreement["status"] == "fail"].set_index("code")
    assert found.loc["fiscal_appropriation_total", "actual"] == 18728.91  # the table prints 18,728.94
    assert found.loc["fiscal_grand_total", "actual"] == 0.3  # the table prints 2,961.68


def test_a_narrative_only_document_is_read_and_pairs_with_its_tables_file():
    folder = CORPUS / "beijing"
    alone = document("beijing/北京市重大项目办-2026-预算-附件1情况说明.pdf")
    assert alone.lines.empty and alone.key_figures["operating_expenses"] == 321.34  # only the narrative prints it
    pair = budgetlib.read([folder / "北京市重大项目办-2026-预算-附件1情况说明.pdf",
                           folder / "北京市重大项目办-2026-预算-附件2报表.pdf"])
    agreement = pair.checks[pair.checks["check"] == "narrative_agreement"]
    assert len(agreement) >= 12 and set(agreement["status"]) == {"ok"}
    assert agreement.set_index("code").loc["project_expenditure_total", "expected"] == 397.85  # 397.848000 rounded


def test_project_budgets_are_compared_only_where_the_list_claims_to_be_complete():
    listed = document("hunan/长沙市公安局本级-2025-预算.pdf").checks
    total = listed[listed["check"] == "project_budgets"].set_index("code").loc["table_total"]
    # the truth's doc_inconsistencies: the 14 projects add to 39,052.86, the 合计 row prints 40,233.95
    assert (total["expected"], round(total["actual"], 2), total["status"]) == (40233.95, 39052.86, "fail")
    key_projects = document("beijing/北京市重大项目办-2026-预算-附件2报表.pdf").checks
    row = key_projects[key_projects["check"] == "project_budgets"].iloc[0]
    assert row["status"] == "info" and row["note"].startswith("10 projects listed")


def test_project_description_sections_become_project_rows():
    central = document("central/国家信访局-2026-预算.pdf").projects
    described = central[central["source"] == "narrative"].iloc[0]
    assert (described["project"], described["budget"], described["page"]) == ("信息化运行维护", 2134.87, 26)
    assert described["items"] == "上年结转 750.00" and described["implementing_unit"] == "国家信访局信息中心。"
    finance = document("shanghai/上海市普陀区财政局-2025-预算.pdf").projects
    items = finance[finance["source"] == "narrative"].iloc[0]
    assert items["budget"] == pytest.approx(166.66 + 418.80 + 10)  # 信息化系统日常维护费 + 中介机构服务费 + 财政业务费
