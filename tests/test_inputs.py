"""Issue 13, no silent partial read and the smaller points, on real processes: a cell that is no amount is named,
a NaN weight and an unbalanced 收支总表 are findings, parts of different departments or years are refused, a junk
grid under a budget title is refused while a performance annex is kept, and an empty folder, an unreadable
subfolder, a GBK or UTF-16 file, a PDF without pages and duplicate files each get a message of their own."""

from __future__ import annotations

import os
import re
import shutil
import socket

import duckdb
import pandas as pd
import pytest

from budgetlib.errors import MismatchedParts, UnreadableFile
from budgetlib.pipeline import read
from budgetlib.readers import read_source
from tests.conftest import CORPUS, SAMPLE
from tests.hostile import SAMPLE_DEPARTMENT, cli, document, pdf, unprivileged, unreadable


def stored(out, table: str = "documents") -> pd.DataFrame:
    with duckdb.connect(str(out / "budget.duckdb"), read_only=True) as con:
        return con.execute(f"SELECT * FROM {table}").df()


def failures(out) -> pd.DataFrame:
    return pd.read_csv(out / "failures.csv", encoding="utf-8-sig", dtype=str).set_index("file")


def findings(out, check: str) -> pd.DataFrame:
    checks = stored(out, "checks")
    return checks[checks["check"] == check].reset_index(drop=True)


# Numbers: a cell that is no amount is named; nothing becomes +inf.

BASIC_TABLE = "2025年重庆市南岸区人民政府办公室 一般公共预算财政拨款基本支出预算表"


@pytest.fixture(scope="module")
def bad_cells(tmp_path_factory):
    root = tmp_path_factory.mktemp("cells")
    document(root / "cells.txt", replace={"\t443.22\t443.22\t": "\t8O.67\t443.22\t",  # 基本工资: a letter O
                                          "\t150.70\t150.70\t": "\tN/A\t150.70\t",  # 津贴补贴
                                          "\t304.20\t304.20\t": "\t" + "9" * 400 + "\t304.20\t"})  # 奖金
    result = cli("extract", "cells.txt", "--out", "out", cwd=root)
    assert result.returncode == 0, result.stderr  # stored, with findings: one bad cell does not cost the document
    return root / "out"


def test_each_unreadable_cell_is_a_finding_that_names_it(bad_cells):
    cells = findings(bad_cells, "cell_read")
    assert set(cells["status"]) == {"fail"}
    assert sorted(cells["code"]) == ["30101", "30102", "30103"]
    notes = dict(zip(cells["code"], cells["note"], strict=True))
    where = f"table 3 {BASIC_TABLE!r}, row "
    column = ", column '2025年基本支出/总计': "
    assert re.fullmatch(re.escape(where) + r"\d+" + column + "'8O.67' is not a number", notes["30101"])
    assert re.fullmatch(re.escape(where) + r"\d+" + column + "'N/A' is not a number", notes["30102"])
    assert notes["30103"].endswith("column '2025年基本支出/总计': '99999999999999999999'…'99999999' (400 characters) "
                                   "is too many digits to hold exactly")


def test_an_unreadable_amount_is_stored_empty_never_infinite(bad_cells):
    lines = stored(bad_cells, "lines")
    total = lines[(lines["code"].isin(["30101", "30102", "30103"])) & (lines["measure"] == "total")]
    assert total["amount"].isna().all() and len(total) == 3
    assert not lines["amount"].isin([float("inf"), float("-inf")]).any()
    personnel = lines[(lines["code"] == "30103") & (lines["measure"] == "personnel")]
    assert list(personnel["amount"]) == [304.20]  # the row's other cells are read as printed
    assert not pd.read_parquet(bad_cells / "lines.parquet")["amount"].isin([float("inf")]).any()


def test_an_indicator_cut_short_is_a_finding_not_only_a_smaller_sum(tmp_path):
    cut = document(tmp_path / "cut.txt", replace={"\t政务服务好评率\t35\t≥\t96\t%\t是": "\t政务服务好评率"})
    checks = read(cut).checks
    missing = checks[checks["check"] == "missing_value"].reset_index(drop=True)
    assert list(missing["status"]) == ["fail"] and list(missing["measure"]) == ["weight"]
    assert re.fullmatch(r"indicator '政务服务好评率' \(row \d+\): no weight, where the project's other indicators "
                        r"print one", missing.loc[0, "note"])


def test_an_unbalanced_summary_table_is_a_finding(tmp_path, sample):
    balanced = sample.checks[sample.checks["check"] == "summary_balance"]
    assert len(balanced) == 2 and set(balanced["status"]) == {"ok"}  # 部门收支总表 and 财政拨款收支总表
    checks = read(document(tmp_path / "unbalanced.txt", replace={
        "合计\t2,829.73\t合计\t2,829.73": "合计\t2,829.73\t合计\t2,839.73"})).checks
    balance = checks[checks["check"] == "summary_balance"]
    failed = balance[balance["status"] == "fail"]
    assert len(failed) == 1 and failed.iloc[0]["table"] == "dept_summary"
    assert (failed.iloc[0]["expected"], failed.iloc[0]["actual"]) == (2829.73, 2839.73)
    assert failed.iloc[0]["note"].endswith(": 合计 = 合计")


# Parts of one document must be one department's one year.

def test_parts_of_different_departments_are_refused_together(tmp_path):
    document(tmp_path / "narrative.txt")
    document(tmp_path / "tables.txt", "重庆市南岸区财政局")
    result = cli("extract", "narrative.txt+tables.txt", "--out", "out", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    row = failures(tmp_path / "out").loc["narrative.txt+tables.txt"]
    assert row["error_class"] == "MismatchedParts"
    assert row["message"] == (f"narrative.txt+tables.txt: the files given as one document disagree in department: "
                              f"narrative.txt is {SAMPLE_DEPARTMENT}, tables.txt is 重庆市南岸区财政局; a document in "
                              "several files is one department's one year (give each file alone, or the right "
                              "partner)")
    with duckdb.connect(str(tmp_path / "out" / "budget.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'documents'"
                           ).fetchone()[0] == 0  # nothing stored


def test_parts_of_different_years_are_refused(tmp_path):
    document(tmp_path / "a.txt")
    (tmp_path / "b.txt").write_text(re.sub("2025", "2024", SAMPLE.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(MismatchedParts, match=r"disagree in year: a.txt is 2025, b.txt is 2024"):
        read([tmp_path / "a.txt", tmp_path / "b.txt"])


JIANGSU = CORPUS / "jiangsu"


@pytest.mark.skipif(not JIANGSU.exists(), reason=f"the corpus is not at {CORPUS}")
def test_a_jiangsu_narrative_with_another_departments_or_years_tables_is_refused():
    with pytest.raises(MismatchedParts, match=r"disagree in department: 江苏省委办公厅-2017-预算.pdf is "
                                              r"江苏省委办公厅, 江苏省政协办公厅-2017-预算-表格.pdf is "
                                              r"江苏省政协办公厅"):
        read([JIANGSU / "江苏省委办公厅-2017-预算.pdf", JIANGSU / "江苏省政协办公厅-2017-预算-表格.pdf"])
    with pytest.raises(MismatchedParts, match=r"disagree in year: 江苏省委办公厅-2017-预算.pdf is 2017, "
                                              r"江苏省委办公厅-2018-预算-表格.pdf is 2018"):
        read([JIANGSU / "江苏省委办公厅-2017-预算.pdf", JIANGSU / "江苏省委办公厅-2018-预算-表格.pdf"])
    # the real pair still reads as one (printed 江苏省委办公厅 in one file, 中共江苏省委办公厅 in the other)
    pair = read([JIANGSU / "江苏省委办公厅-2019-预算.pdf", JIANGSU / "江苏省委办公厅-2019-预算-表格.pdf"])
    assert pair.meta["year"] == 2019 and len(pair.lines) > 0


# A junk grid under a budget title is refused; a performance annex is kept.

def test_a_junk_grid_under_a_budget_title_is_refused_and_nothing_is_reported(tmp_path):
    (tmp_path / "junk.txt").write_text("2025年部门收支总表\n单位：万元\n甲\t乙\t丙\n天\t地\t人\n", encoding="utf-8")
    result = cli("extract", "junk.txt", "--out", "out", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    row = failures(tmp_path / "out").loc["junk.txt"]
    assert row["error_class"] == "NotABudget"
    assert row["message"].startswith("junk.txt: no budget figure read: no key figure, no performance indicator and no "
                                     "figure in a table of a known kind (1 table(s) under budget titles, none readable")
    report = cli("report", "--processed", "out", "--out", "reports", cwd=tmp_path)
    assert report.returncode == 2 and "holds no documents yet" in report.stderr
    assert not (tmp_path / "reports" / "2025").exists()


def test_a_performance_annex_alone_is_kept(tmp_path):
    """The sample's 项目绩效目标表 tables alone: no key figure and no line, but its indicators are its figures."""
    text = SAMPLE.read_text(encoding="utf-8")
    annex = text[text.index("表十\n"):]
    (tmp_path / "annex.txt").write_text(f"{SAMPLE_DEPARTMENT}\n\n2025年项目绩效目标\n\n" + annex, encoding="utf-8")
    kept = read(tmp_path / "annex.txt")
    assert len(kept.indicators) > 0 and kept.lines.empty and not kept.key_figures


GUANGZHOU_ANNEX = CORPUS / "guangdong" / "广州市政务服务和数据管理局-2026-项目支出绩效目标表.pdf"


@pytest.mark.skipif(not GUANGZHOU_ANNEX.exists(), reason=f"the corpus is not at {CORPUS}")
def test_a_real_performance_annex_is_kept():
    document = read(GUANGZHOU_ANNEX)
    assert document.meta["department"] == "广州市政务服务和数据管理局"


# Folders.

def test_an_empty_folder_says_no_documents_found(tmp_path):
    (tmp_path / "empty").mkdir()
    result = cli("extract", "empty", "--out", "out", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "error: no documents found in empty (looked for .txt and .pdf files)\n"
    assert not (tmp_path / "out").exists()  # nothing written


def test_a_folder_of_special_files_only_says_no_documents_found(tmp_path):
    folder = tmp_path / "special"
    folder.mkdir()
    os.mkfifo(folder / "pipe")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(folder / "socket"))
    try:
        result = cli("extract", str(folder), "--out", str(tmp_path / "out"), timeout=120)
    finally:
        listener.close()
    assert result.returncode == 2
    assert result.stderr == f"error: no documents found in {folder} (looked for .txt and .pdf files)\n"


def test_an_unreadable_subfolder_is_reported_and_the_rest_is_read(tmp_path):
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    shutil.copy(SAMPLE, folder / "good.txt")
    shutil.copy(SAMPLE, folder / "locked" / "hidden.txt")
    (folder / "locked").chmod(0)
    try:
        probe = cli("extract", str(folder), "--out", str(tmp_path / "out"), prefix=unprivileged())
    finally:
        (folder / "locked").chmod(0o755)
    assert probe.returncode == 1, probe.stderr
    row = failures(tmp_path / "out").loc[str(folder / "locked")]
    assert (row["stage"], row["error_class"]) == ("read", "UnreadableFile")
    assert row["message"] == f"{folder / 'locked'}: cannot list the folder (Permission denied); the files in it " \
                             "were not read"
    assert list(stored(tmp_path / "out")["source"]) == [str(folder / "good.txt")]


# Files.

def test_a_gbk_text_file_gets_a_hint(tmp_path):
    (tmp_path / "other.txt").write_bytes(SAMPLE.read_text(encoding="utf-8").encode("gbk"))
    result = cli("extract", "other.txt", "--out", "out", cwd=tmp_path)
    assert result.returncode == 1
    message = failures(tmp_path / "out").loc["other.txt", "message"]
    assert message.startswith("other.txt: not UTF-8 text (")
    assert message.endswith("; the file looks like GBK (GB18030): save it as UTF-8")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_text_file_gets_a_hint(tmp_path, encoding):
    """With a byte-order mark or without, in either byte order."""
    (tmp_path / "other.txt").write_bytes(SAMPLE.read_text(encoding="utf-8").encode(encoding))
    with pytest.raises(UnreadableFile, match=r"^.*other.txt: not UTF-8 text \(.*\); the file looks like UTF-16: "
                                             r"save it as UTF-8$"):
        read_source(tmp_path / "other.txt")


def test_latin_text_gets_no_false_hint(tmp_path):
    (tmp_path / "other.txt").write_bytes("café crème, 12,50 F\n".encode("latin-1"))
    with pytest.raises(UnreadableFile, match=r"not UTF-8 text \(invalid continuation byte at byte 3\)$"):
        read_source(tmp_path / "other.txt")


def test_a_pdf_without_pages_says_so(tmp_path):
    (tmp_path / "blank.pdf").write_bytes(pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                                              b"<< /Type /Pages /Kids [] /Count 0 >>"]))
    with pytest.raises(UnreadableFile, match=r"blank.pdf: the PDF has no pages \(its page tree is empty or "
                                             r"missing\)$"):
        read_source(tmp_path / "blank.pdf")


def test_identical_files_are_read_once_and_named_as_duplicates(tmp_path):
    names = [f"{number:02d}.txt" for number in range(13)]
    for name in names:
        shutil.copy(SAMPLE, tmp_path / name)
    result = cli("extract", *names, "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for number, name in enumerate(names[1:], start=2):
        assert f"[{number}/13] {name}: a duplicate of 00.txt (the same content); read once" in result.stdout
    assert "12 file(s) were duplicates of files before them and were read once" in result.stderr
    assert list(stored(tmp_path / "out")["source"]) == ["00.txt"]


def test_an_unreadable_file_given_by_name_is_refused_and_the_rest_is_read(tmp_path):
    """Issue 7's case, with the file named on the command line (the option parser used to refuse the whole run),
    and read by the worker: the reason is the file's, not the process's."""
    shutil.copy(SAMPLE, tmp_path / "locked.txt")
    unreadable(tmp_path / "locked.txt")
    document(tmp_path / "good.txt")
    result = cli("extract", "locked.txt", "good.txt", "--out", "out", cwd=tmp_path, prefix=unprivileged())
    assert result.returncode == 1, result.stderr
    assert list(stored(tmp_path / "out")["source"]) == ["good.txt"]
    assert failures(tmp_path / "out").loc["locked.txt", "message"] == \
        "locked.txt: cannot open the file (Permission denied)"
