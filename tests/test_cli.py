"""The command line, run as a user runs it: a real subprocess."""

import subprocess
import sys
from pathlib import Path

import duckdb

from tests.conftest import SAMPLE


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "budgetlib.cli", *args], capture_output=True, text=True, check=False)


def test_extract_writes_the_store(tmp_path):
    result = run("extract", str(SAMPLE), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "重庆市南岸区人民政府办公室 2025" in result.stdout
    for name in ("budget.duckdb", "lines.parquet", "csv/lines.csv", "budget.xlsx"):
        assert (tmp_path / name).exists(), name


def test_batch_goes_on_past_bad_files_and_reports_them(tmp_path):
    bad = tmp_path / "in"
    bad.mkdir()
    (bad / "notes.txt").write_text("会议纪要\n本次会议讨论了工作安排。\n", encoding="utf-8")
    (bad / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    out = tmp_path / "out"
    result = run("extract", str(SAMPLE), str(bad / "notes.txt"), "--out", str(out))
    assert result.returncode == 1
    assert "notes.txt: no budget tables found" in result.stderr
    with duckdb.connect(str(out / "budget.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 1  # the good one was kept
    failures = (out / "failures.csv").read_text(encoding="utf-8-sig").splitlines()
    assert failures[0] == "file,stage,error_class,message,time"
    assert failures[1].startswith(f"{bad / 'notes.txt'},read,NotABudget,\"{bad / 'notes.txt'}: no budget tables found")


def test_unknown_type_and_missing_file(tmp_path):
    odd = tmp_path / "budget.docx"
    odd.write_bytes(b"PK")
    result = run("show", str(odd))
    assert result.returncode == 2 and "budget.docx: unknown file type '.docx'" in result.stderr
    result = run("check", str(tmp_path / "missing.txt"))
    assert result.returncode == 2 and "missing.txt: no such file" in result.stderr


def test_check_exit_codes(tmp_path):
    assert run("check", str(SAMPLE)).returncode == 0  # only roundings
    doctored = tmp_path / "doctored.txt"
    doctored.write_text(SAMPLE.read_text(encoding="utf-8").replace("75.65\t20.00", "85.65\t20.00"), encoding="utf-8")
    result = run("check", str(doctored))
    assert result.returncode == 1 and "error" in result.stdout


def test_show_prints_key_figures():
    result = run("show", str(SAMPLE))
    assert result.returncode == 0
    assert "three_public_total: 75.65 万元" in result.stdout


def test_folders_are_expanded(tmp_path):
    result = run("extract", str(Path(SAMPLE).parent), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr


def test_the_engines_offered_are_the_readers():
    from budgetlib.cli import ENGINES
    from budgetlib.readers.pdf import ENGINES as READER_ENGINES

    assert ENGINES == READER_ENGINES


def test_a_clean_run_removes_a_stale_failures_list(tmp_path):
    (tmp_path / "notes.txt").write_text("会议纪要\n", encoding="utf-8")
    assert run("extract", str(tmp_path / "notes.txt"), "--out", str(tmp_path / "out")).returncode == 1
    assert (tmp_path / "out" / "failures.csv").exists()
    assert run("extract", str(SAMPLE), "--out", str(tmp_path / "out")).returncode == 0
    assert not (tmp_path / "out" / "failures.csv").exists()


def test_report_refuses_an_unknown_notebook(tmp_path):
    result = run("report", "--processed", str(tmp_path), "--notebook", "nope")
    assert result.returncode == 2 and "unknown notebook(s) nope" in result.stderr
