"""The real PDFs of the corpus: every document reads with its identity, its key figures and lines
equal the hand-verified truth, no amount column is left unread, and the audit reports exactly the
documents' real inconsistencies (each inconsistency of the truth is flagged, or stands in
unflagged_inconsistencies.csv with the reason it is out of reach)."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pandas as pd
import pytest

import budgetlib
from budgetlib.audit.rules import CHECK_RULES
from budgetlib.catalogue.measures import DELIBERATELY_UNMAPPED
from budgetlib.errors import NotABudget
from tests.conftest import CORPUS, expected
from tests.corpus.conftest import DOCUMENTS, MANIFEST, TEMPLATES, document, truth

# The one figure of the truth we do not produce: the narrative prints no amount (truth verified=no).
NOT_PRINTED = {("jiangsu/江苏省人大常委会办公厅-2019-预算.pdf", "gov_fund_expenditure_total")}
UNFLAGGED = pd.read_csv(Path(__file__).with_name("unflagged_inconsistencies.csv"), dtype=str, keep_default_na=False)


def plain(text: str) -> str:
    """Names compared without spaces and brackets (泉州市人民政府办公室（本级） = …办公室本级)."""
    return re.sub(r"[\s（）()]", "", text or "")


def in_wan_yuan(row) -> float:
    value = float(row.value)
    return value / 10000 if row.unit == "元" else value


def printed_precision(row) -> float:
    """Half a unit of the truth value's last printed digit, in 万元: a narrative's 418.65 万元 is the table's
    4,186,460.00 元 as printed (418.646 万元); equality is judged at what was printed."""
    decimals = len(row.value.partition(".")[2])
    return min(0.5 * 10 ** -decimals / (10000 if row.unit == "元" else 1), 0.005) + 1e-9


@pytest.mark.parametrize("file", DOCUMENTS)
def test_reads_with_its_identity(file):
    doc = document(file)
    meta = MANIFEST.set_index("file").loc[file]
    assert plain(doc.meta["department"]) == plain(meta["department"])
    assert doc.meta["year"] == int(meta["year"])
    assert (doc.meta["stage"], doc.meta["scope"]) == (meta["stage"], meta["scope"])
    assert doc.meta["source_unit"] in ("万元", "元")


KEY_FIGURE_FILES = sorted(set(truth("key_figures.tsv")["file"]) - set(TEMPLATES))


def test_every_budget_document_has_key_figures_in_the_truth():
    annexes = set(MANIFEST.loc[MANIFEST["content"] == "performance", "file"])  # indicators only
    assert set(DOCUMENTS) - annexes == set(KEY_FIGURE_FILES)


@pytest.mark.parametrize("file", KEY_FIGURE_FILES)
def test_key_figures_equal_the_truth(file):
    figures = document(file).key_figures
    rows = truth("key_figures.tsv")
    rows = rows[(rows["file"] == file) & (rows["figure"] != "table_count")]
    assert len(rows) > 0
    wrong = []
    for row in rows.itertuples():
        if (file, row.figure) in NOT_PRINTED:
            assert row.figure not in figures  # never guessed
            continue
        got = figures.get(row.figure)
        if got is None or abs(got - in_wan_yuan(row)) > printed_precision(row):
            wrong.append((row.figure, in_wan_yuan(row), got))
    assert not wrong


LINE_TRUTHS = {"lines_truth.tsv": ("function", ("total", "basic", "project")),
               "basic_truth.tsv": ("economic", ("total", "personnel", "public"))}
LINE_CASES = [(name, file) for name in LINE_TRUTHS for file in sorted(set(truth(name)["file"]))]
# Where each line truth is read: the 一般公共预算 function table (its 基本支出 column, or the 基本支出-by-function
# table where the GPB table prints no 基本支出 column), and the 一般公共预算 basic table by economic class.
LINE_TABLES = {"function": ("general_expenditure", "basic_expenditure"), "economic": ("basic_expenditure",)}


def test_line_truths_cover_shanghai_final_accounts_and_jiangsu():
    files = {file for _, file in LINE_CASES}
    assert files >= {"shanghai/上海市普陀区财政局-2024-决算.pdf",
                     "shanghai/上海市普陀区人民政府万里街道办事处-2025-预算.pdf",
                     "jiangsu/江苏省政协办公厅-2018-预算-表格.pdf"}


def printed_values(lines: pd.DataFrame, classification: str) -> dict[tuple[str, str], list[float]]:
    """This year's values per (code — or name where no code is printed — and measure), in printed order,
    from the first table of LINE_TABLES that prints that measure for the line."""
    current = lines[lines["basis"].isin(["", "final"]) & (lines["classification"] == classification)]
    out: dict[tuple[str, str], list[float]] = {}
    for table in LINE_TABLES[classification]:
        rows = current[current["kind"] == table].sort_values(["table_index", "row"], kind="stable")
        found: dict[tuple[str, str], list[float]] = defaultdict(list)
        for code, name, measure, amount in zip(rows["code"], rows["name"], rows["measure"], rows["amount"],
                                               strict=True):
            found[(code or name, measure)].append(float(amount))
        for key, values in found.items():
            out.setdefault(key, values)
    return out


@pytest.mark.parametrize(("name", "file"), LINE_CASES)
def test_line_values_equal_the_truth(name, file):
    """Each 类/款 line of the truth equals the line read, in printed order: a code printed once per unit is
    matched occurrence by occurrence."""
    classification, measures = LINE_TRUTHS[name]
    rows = truth(name)
    group = rows[rows["file"] == file]
    values = printed_values(document(file).lines, classification)
    unit = next(iter(truth("key_figures.tsv").query("file == @file")["unit"]), "万元")
    seen: dict[tuple[str, str], int] = defaultdict(int)
    wrong, compared = [], 0
    for row in group.itertuples():
        for measure in measures:
            printed = getattr(row, measure)
            if printed == "":
                continue  # the column does not exist in that table
            key = (row.code or row.name, measure)
            occurrence, seen[key] = seen[key], seen[key] + 1
            got = values.get(key, [])
            got = got[occurrence] if occurrence < len(got) else None
            want = float(printed) / (10000 if unit == "元" else 1)
            if got is None or got != pytest.approx(want, abs=1e-9):
                wrong.append((row.code or row.name, measure, printed, got))
            compared += 1
    assert compared > 0 and not wrong


FINDING = ["check", "table", "code", "measure", "status"]


def findings_of(file: str) -> set[tuple]:
    checks = document(file).checks
    # the arithmetic/agreement checks (the rule families of issue 12 are tested in tests/audit/); a
    # reading problem (issue 11) is not a document finding and must not stand for one
    judged = checks["check"].isin(CHECK_RULES) & checks["status"].isin(["rounding", "warning", "fail"])
    found = checks.loc[judged, FINDING]
    found = found.fillna("")
    return {tuple(str(value) for value in row) for row in found[FINDING].itertuples(index=False)}


def documented_findings(file: str) -> set[tuple]:
    wanted = expected("corpus_findings.csv")
    return {tuple(row) for row in wanted.loc[wanted["file"] == file, FINDING].itertuples(index=False)}


@pytest.mark.parametrize("file", DOCUMENTS)
def test_the_audit_flags_the_documented_findings(file):
    """Every finding written down in corpus_findings.csv (the truth's inconsistencies, read against the
    pages) is reported, by check, table, code, measure and status."""
    assert documented_findings(file) <= findings_of(file)


@pytest.mark.parametrize("file", DOCUMENTS)
def test_the_audit_reports_nothing_else(file):
    assert findings_of(file) <= documented_findings(file)


def truth_inconsistencies() -> list[tuple[str, str, str]]:
    """(file, its number among the file's rows of doc_inconsistencies.tsv, the code printed there)."""
    counts: dict[str, int] = defaultdict(int)
    out = []
    for row in truth("doc_inconsistencies.tsv").itertuples():
        counts[row.file] += 1
        out.append((row.file, str(counts[row.file]), row.code))
    return out


def test_every_real_inconsistency_is_flagged_or_a_known_gap():
    """Each inconsistency of the truth is named by a documented finding (whose presence the test above
    checks) or stands, once, in unflagged_inconsistencies.csv with its reason: never both, never neither."""
    wanted = expected("corpus_findings.csv")
    flagged = {(row.file, number) for row in wanted.itertuples() for number in row.truth.split(";") if number}
    listed = {(row.file, row.truth): row for row in UNFLAGGED.itertuples()}
    problems = []
    for file, number, code in truth_inconsistencies():
        key = (file, number)
        if (key in flagged) == (key in listed):
            problems.append((file, number, code, "both" if key in flagged else "neither"))
        elif key in listed and listed[key].truth_code != code:
            problems.append((file, number, code, f"listed as {listed[key].truth_code!r}"))
    known = {(file, number) for file, number, _ in truth_inconsistencies()}
    problems += [(file, number, "", "no such truth row") for file, number in (flagged | set(listed)) - known]
    assert not problems
    vague = [reason for reason in UNFLAGGED["reason"] if not re.search(r"p\d|目录|名词解释", reason)]
    assert not vague  # each reason names the page


@pytest.mark.parametrize("file", DOCUMENTS)
def test_no_amount_column_is_left_unread(file):
    """Every column of figures in a recognised table has a measure; a header kept as column:… must be one
    of the deliberately unmapped headers, each declared with what it means."""
    unread = {m for m in document(file).lines["measure"] if m.startswith("column:")}
    assert {m.removeprefix("column:").split("/")[-1] for m in unread} <= set(DELIBERATELY_UNMAPPED), unread


@pytest.mark.parametrize("file", DOCUMENTS)
def test_every_table_is_recognised_or_holds_no_figures(file):
    checks = document(file).checks
    assert not len(checks[(checks["check"] == "table_read") & checks["status"].isin(["fail", "reading"])])


@pytest.mark.parametrize("file", TEMPLATES)
def test_the_placeholder_template_is_refused(file):
    with pytest.raises(NotABudget, match="placeholder template"):
        budgetlib.read(CORPUS / file)


def test_jiangsu_reserve_completes_the_expenditure():
    doc = document("jiangsu/江苏省委办公厅-2018-预算-表格.pdf")
    figures = doc.key_figures
    assert figures["basic_expenditure_total"] + figures["project_expenditure_total"] + figures[
        "reserve_expenditure_total"] == pytest.approx(figures["general_public_budget_expenditure_total"])
    assert figures["three_public_total"] == 508.20  # the 三公 小计, not the 合计 with 会议费 and 培训费


def test_final_accounts_keep_budget_and_final_columns_apart():
    lines = document("shanghai/上海市普陀区财政局-2024-决算.pdf").lines
    three_public = lines[lines["kind"] == "three_public"].set_index(["measure", "basis"])["amount"]
    assert three_public[("total", "budget")] == 0.95 and three_public[("total", "final")] == 0.0


def test_corpus_narrative_facts_with_prior_years():
    facts = document("jiangsu/江苏省委办公厅-2018-预算.pdf").facts.set_index(["subject", "year"])
    assert facts.loc[("general_public_budget_expenditure_total", 2018), "amount"] == 24458.43
    assert facts.loc[("general_public_budget_expenditure_total", 2017), "amount"] == pytest.approx(24458.43 - 3756.18)
    assert facts.loc[("general_public_budget_expenditure_total", 2018), "percent"] == 18.14


def test_extract_processes_the_corpus_and_refuses_the_template(tmp_path):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "budgetlib.cli", "extract", str(CORPUS), "--out", str(tmp_path)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1  # one file refused
    assert "placeholder template" in result.stderr
    documents = pd.read_parquet(tmp_path / "documents.parquet")
    read_as = sorted(tuple(Path(part).name for part in source.split(";")) for source in documents["source"])
    assert read_as == sorted(_units_of_the_corpus())
    failures = pd.read_csv(tmp_path / "failures.csv", encoding="utf-8-sig")
    assert [name.split("/")[-1] for name in failures["file"]] == [file.split("/")[-1] for file in TEMPLATES]


def _units_of_the_corpus() -> list[tuple[str, ...]]:
    """The corpus's documents as published: Jiangsu's narratives with their 表格 files and Beijing's 附件1 with
    its 附件2 (the same department, year and stage, read on their covers) are pairs, narrative first; every other
    file is a document of its own."""
    names = [Path(file).name for file in DOCUMENTS]
    pairs = [(name.replace("-表格.pdf", ".pdf"), name) for name in names if name.endswith("-表格.pdf")]
    pairs.append(("北京市重大项目办-2026-预算-附件1情况说明.pdf", "北京市重大项目办-2026-预算-附件2报表.pdf"))
    paired = {name for pair in pairs for name in pair}
    assert paired <= set(names), paired - set(names)
    return pairs + [(name,) for name in names if name not in paired]


def test_a_jiangsu_document_and_its_tables_file_read_as_one():
    folder = CORPUS / "jiangsu"
    pair = budgetlib.read([folder / "江苏省委办公厅-2018-预算.pdf", folder / "江苏省委办公厅-2018-预算-表格.pdf"])
    alone = document("jiangsu/江苏省委办公厅-2018-预算-表格.pdf")
    assert pair.key_figures["basic_personnel_total"] == 8308.53  # from the narrative file
    assert pair.key_figures["reserve_expenditure_total"] == 1973.86  # from the tables file
    assert len(pair.lines) == len(alone.lines)
    agreement = pair.checks[pair.checks["check"] == "narrative_agreement"]
    assert len(agreement) >= 10 and set(agreement["status"]) == {"ok"}  # the two files agree figure by figure


def test_the_cli_reads_a_pair_given_as_a_plus_b(tmp_path):
    import subprocess
    import sys

    folder = CORPUS / "jiangsu"
    pair = f"{folder / '江苏省政协办公厅-2019-预算.pdf'}+{folder / '江苏省政协办公厅-2019-预算-表格.pdf'}"
    result = subprocess.run([sys.executable, "-m", "budgetlib.cli", "extract", pair, "--out", str(tmp_path)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "江苏省政协办公厅-2019-预算.pdf + 江苏省政协办公厅-2019-预算-表格.pdf" in result.stdout
    assert len(pd.read_parquet(tmp_path / "documents.parquet")) == 1
