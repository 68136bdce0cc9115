"""One command from a file to its reports; identity corrections and reading problems on the command line."""

from __future__ import annotations

import subprocess
import sys

import duckdb

from tests.conftest import SAMPLE


def cli(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "budgetlib.cli", *args], capture_output=True, text=True,
                          check=False, cwd=cwd)


def test_report_one_file_into_a_temporary_store_prints_where_the_reports_are(tmp_path):
    result = cli("report", str(SAMPLE), "--out", str(tmp_path / "reports"), "--notebook", "overview")
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "reports" / "重庆市南岸区" / "重庆市南岸区人民政府办公室" / "2025" / "预算-部门"
    assert f"reports: {folder}/ — overview.html; 3 charts" in result.stdout
    assert (folder / "overview_function_classes.png").exists()
    assert not list(tmp_path.rglob("budget.duckdb"))  # the temporary store is gone


def test_extract_takes_the_department_name_from_the_user(tmp_path):
    result = cli("extract", str(SAMPLE), "--out", str(tmp_path), "--department", "南岸区政府办公室")
    assert result.returncode == 0, result.stderr
    with duckdb.connect(str(tmp_path / "budget.duckdb"), read_only=True) as con:
        assert con.execute("SELECT department, department_source FROM documents").fetchall() == [
            ("南岸区政府办公室", "override")]


def test_the_store_types_come_from_the_schema(tmp_path):
    assert cli("extract", str(SAMPLE), "--out", str(tmp_path)).returncode == 0
    with duckdb.connect(str(tmp_path / "budget.duckdb"), read_only=True) as con:
        types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns "
                                 "WHERE table_name = 'indicators'").fetchall())
    assert types["weight"] == "DOUBLE" and types["core"] == "BOOLEAN"


def test_a_bad_corrections_file_stops_before_reading(tmp_path):
    corrections = tmp_path / "c.csv"
    corrections.write_text("file,table,code\nx,y,z\n", encoding="utf-8")
    result = cli("extract", str(SAMPLE), "--out", str(tmp_path / "out"), "--corrections", str(corrections))
    assert result.returncode == 2 and "missing column(s) measure, value, reason" in result.stderr


def test_extract_says_when_a_reading_is_in_doubt(tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    header = "科目编码\t科目名称\t总计\t基本支出\t项目支出"
    assert header in text
    doubtful = tmp_path / "doubtful.txt"  # 表二's 项目支出 column headed with a word the catalogue does not know
    doubtful.write_text(text.replace(header, "科目编码\t科目名称\t总计\t基本支出\t某某资金", 1), encoding="utf-8")
    result = cli("extract", str(doubtful), "--out", str(tmp_path / "out"))
    assert "读取存疑：未识别的列" in result.stdout


def test_a_narrative_and_its_tables_given_as_two_files_are_read_as_one_document(tmp_path):
    """Jiangsu publishes 江苏省委办公厅's 2019 budget as a narrative and a 表格 file; given both under names
    that say nothing, extract finds from their content that they are one document (and keeps a lone Beijing
    tables annex, which has no narrative, as a document of its own)."""
    from tests.batch.test_batch import LONE_TABLES, NARRATIVE, TABLES_FILE, corpus_file

    for name, source in (("a.pdf", NARRATIVE), ("b.pdf", TABLES_FILE), ("c.pdf", LONE_TABLES)):
        (tmp_path / name).write_bytes(corpus_file(source).read_bytes())
    result = cli("extract", "c.pdf", "b.pdf", "a.pdf", "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "a.pdf + b.pdf: 江苏省委办公厅 2019" in result.stdout  # the narrative first, then its tables
    with duckdb.connect(str(tmp_path / "out" / "budget.duckdb"), read_only=True) as con:
        documents = dict(con.execute("SELECT source, department FROM documents").fetchall())
        total = con.execute("SELECT k.amount FROM key_figures k JOIN documents d USING (doc_id) "
                            "WHERE d.source = 'a.pdf;b.pdf' AND k.key = 'expenditure_total'").fetchone()[0]
        facts = con.execute("SELECT count(*) FROM facts f JOIN documents d USING (doc_id) "
                            "WHERE d.source = 'a.pdf;b.pdf'").fetchone()[0]
    assert documents == {"a.pdf;b.pdf": "江苏省委办公厅", "c.pdf": "首都绿化委员会办公室"}
    assert total == 27664.22  # 表格 p1 and narrative p7
    assert facts > 0  # the narrative was read with its tables


def test_report_on_a_narrative_and_its_tables_writes_one_report(tmp_path):
    from tests.batch.test_batch import NARRATIVE, TABLES_FILE, corpus_file

    for name, source in (("a.pdf", NARRATIVE), ("b.pdf", TABLES_FILE)):
        (tmp_path / name).write_bytes(corpus_file(source).read_bytes())
    result = cli("report", "b.pdf", "a.pdf", "--out", "reports", "--notebook", "overview", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[2/2] a.pdf + b.pdf: 江苏省委办公厅 2019 预算-部门" in result.stdout
    assert [p.parent.relative_to(tmp_path / "reports").as_posix() for p in tmp_path.rglob("overview.html")] == [
        "江苏省/江苏省委办公厅/2019/预算-部门"]
