"""Issue 7, tried as a hostile user would, on real processes: document content never chooses where files
go, papermill never formats a path, no cell Excel opens is live, the package folder is never written,
one bad file never stops the rest, a bad output folder is one line before any reading, and one bad
character never poisons a store."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from openpyxl import load_workbook

from budgetlib.paths import safe_component
from tests.conftest import ROOT, SAMPLE
from tests.hostile import (
    FORMULAS,
    LOOPING_PAGE_TREE,
    MILLION_PAGES,
    RENDERED_PDF,
    SAMPLE_DEPARTMENT,
    cli,
    document,
    live,
    text_cells,
    unprivileged,
    unreadable,
)

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def stored(out: Path, table: str = "documents") -> pd.DataFrame:
    with duckdb.connect(str(out / "budget.duckdb"), read_only=True) as con:
        return con.execute(f"SELECT * FROM {table}").df()


# 1 + 2. Hostile headings: a path escape, an absolute path, papermill's format fields; `extract` then `report`.

@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """Three documents whose headings are hostile, extracted and reported from a folder deep inside the test's
    own tree, into folders whose names hold `{…}` and `${IFS}`; returns what the checks need."""
    root = tmp_path_factory.mktemp("hostile")
    cwd = root / "work" / "a" / "b" / "c"
    cwd.mkdir(parents=True)
    headings = ["../../../../outside/pwn办公室", f"{root}/absolute/pwn办公室", "{pm[run_uuid]}${IFS}办公室"]
    for number, heading in enumerate(headings):
        document(root / "input" / f"{number}.txt", heading, FORMULAS)
    processed, reports = "proc{pm[run_uuid]}", "rep${IFS}{pm[run_uuid]}"
    extracted = cli("extract", str(root / "input"), "--out", processed, cwd=cwd)
    reported = cli("report", "--processed", processed, "--out", reports, "--notebook", "overview", cwd=cwd)
    return {"root": root, "headings": headings, "processed": cwd / processed, "reports": cwd / reports,
            "extract": extracted, "report": reported}


def test_hostile_headings_are_read_and_reported(hostile):
    assert hostile["extract"].returncode == 0, hostile["extract"].stderr
    assert hostile["report"].returncode == 0, hostile["report"].stderr


def test_nothing_is_written_outside_the_output_folders(hostile):
    root = hostile["root"]
    allowed = [root / "input", hostile["processed"], hostile["reports"]]
    written = [p for p in root.rglob("*") if not any(p == a or p.is_relative_to(a) or a.is_relative_to(p)
                                                     for a in allowed)]
    assert written == []
    assert not (root / "absolute").exists() and not list(root.rglob("outside"))


def test_the_department_stays_exactly_as_printed(hostile):
    assert sorted(stored(hostile["processed"])["department"]) == sorted(hostile["headings"])
    assert sorted(pd.read_parquet(hostile["processed"] / "documents.parquet")["department"]) == \
        sorted(hostile["headings"])


def test_each_department_gets_one_safe_folder(hostile):
    # reports/<region>/<department>/<year>/<stage>-<scope>/ (issue 10); these headings name no region: "_"
    regions = [p for p in hostile["reports"].iterdir() if p.is_dir()]
    assert [p.name for p in regions] == ["_"]
    folders = sorted(p.name for p in regions[0].iterdir() if p.is_dir())
    assert folders == sorted(safe_component(heading) for heading in hostile["headings"])
    for folder in folders:
        assert "/" not in folder and ".." not in folder and not folder.startswith(".")
        assert (regions[0] / folder / "2025" / "预算-部门" / "overview.html").stat().st_size > 0
    assert "{pm[run_uuid]}${IFS}办公室" in folders  # harmless characters are kept as printed


def test_papermill_formats_no_path(hostile):
    reports = hostile["reports"]
    assert reports.name == "rep${IFS}{pm[run_uuid]}" and hostile["processed"].name == "proc{pm[run_uuid]}"
    assert not [p for p in hostile["root"].rglob("*") if UUID.search(p.name)]
    assert "PapermillMissingParameterException" not in hostile["report"].stderr
    executed = json.loads((reports / "_" / "{pm[run_uuid]}${IFS}办公室" / "2025" / "预算-部门" / "overview.ipynb"
                           ).read_text())
    given = "rep${IFS}{pm[run_uuid]}/_/{pm[run_uuid]}${IFS}办公室/2025/预算-部门/overview.ipynb"  # --out is relative
    assert executed["metadata"]["papermill"]["output_path"] == given


def test_chart_data_files_hold_no_live_formula(hostile):
    charts = list(hostile["reports"].rglob("overview_*.csv"))
    assert len(charts) >= 3 * 2
    cells = [cell for chart in charts for cell in text_cells(chart)]
    assert '\'=HYPERLINK("http://evil.example","点此")' in cells  # the function class 201, neutralised
    assert [cell for cell in cells if live(cell)] == []


# 3. Formula injection in what Excel opens.

@pytest.fixture(scope="module")
def formulas(tmp_path_factory):
    root = tmp_path_factory.mktemp("formulas")
    document(root / "hostile.txt", "=1+2-cmd|' /C calc'!A0办公室", FORMULAS)
    refused = root / '=HYPERLINK("http:evil","x").txt'
    refused.write_text("会议纪要\n本次会议讨论了工作安排。\n", encoding="utf-8")
    result = cli("extract", "hostile.txt", refused.name, "--out", "out", cwd=root)
    assert result.returncode == 1, result.stderr  # the meeting notes are refused
    return root / "out"


def test_csv_text_cells_never_start_with_a_live_trigger(formulas):
    files = [*(formulas / "csv").glob("*.csv"), formulas / "failures.csv"]
    cells = {path.name: text_cells(path) for path in files}
    assert [(name, cell) for name, found in cells.items() for cell in found if live(cell)] == []
    assert "'=cmd|' /C calc'!A0" in cells["lines.csv"] and "'@SUM(1+1)*cmd|' /C calc'!A0" in cells["lines.csv"]
    assert "'-2+3+cmd|' /C calc'!A0" in cells["lines.csv"] and "'+1+cmd|' /C calc'!A0" in cells["lines.csv"]
    assert "'=1+2-cmd|'/Ccalc'!A0办公室" in cells["documents.csv"]
    assert '\'=HYPERLINK("http:evil","x").txt' in cells["failures.csv"]  # a file name is a cell too
    assert "-0.01" in cells["checks.csv"]  # numbers stay numbers, negative ones included


def test_xlsx_has_no_formula_cell_and_keeps_numbers(formulas):
    workbook = load_workbook(formulas / "budget.xlsx")
    kinds = {cell.data_type for sheet in workbook for row in sheet.iter_rows() for cell in row}
    assert "f" not in kinds
    header = [cell.value for cell in workbook["lines"][1]]
    column = header.index("科目名称") + 1  # the workbook's headers are the schema's Chinese labels
    names = {row[column - 1].value for row in workbook["lines"].iter_rows(min_row=2)}
    assert "'=cmd|' /C calc'!A0" in names
    checks = workbook["checks"]
    difference = [cell.value for cell in checks[1]].index("差额")
    values = [row[difference] for row in checks.iter_rows(min_row=2) if row[difference].value is not None]
    assert any(cell.value < 0 for cell in values) and {cell.data_type for cell in values} == {"n"}


def test_parquet_and_duckdb_keep_the_cells_as_printed(formulas):
    assert "=cmd|' /C calc'!A0" in set(pd.read_parquet(formulas / "lines.parquet")["name"])
    assert "=cmd|' /C calc'!A0" in set(stored(formulas, "lines")["name"])
    assert list(stored(formulas)["department"]) == ["=1+2-cmd|'/Ccalc'!A0办公室"]


# 4. No generated file inside the package: a wheel, installed read-only, runs extract and report.

def test_a_read_only_wheel_install_runs_extract_and_report(tmp_path):
    prefix = unprivileged()
    source = tmp_path / "source"
    shutil.copytree(ROOT / "budgetlib", source / "budgetlib",
                    ignore=shutil.ignore_patterns("__pycache__", "*.ipynb", ".ipynb_checkpoints"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    built = subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp_path / "dist"),
                            str(source)], capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stderr
    wheel = next((tmp_path / "dist").glob("budgetlib-*.whl"))
    shipped = set(zipfile.ZipFile(wheel).namelist())
    assert {"budgetlib/notebooks/overview.py", "budgetlib/notebooks/compare_departments.py",
            "budgetlib/analysis/crosswalk.csv", "budgetlib/templates/report/index.html.j2"} <= shipped
    site = tmp_path / "site"
    installed = subprocess.run([*pip, "install", "--no-deps", "--target", str(site), str(wheel)],
                               capture_output=True, text=True, check=False)
    assert installed.returncode == 0, installed.stderr
    for path in [site, *site.rglob("*")]:
        path.chmod(path.stat().st_mode & ~0o222)
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*")}
    env = {**os.environ, "PYTHONPATH": str(site)}
    work = tmp_path / "work"
    work.mkdir()
    where = subprocess.run([*prefix, sys.executable, "-c", "import budgetlib.reports as r; print(r.NOTEBOOKS)"],
                           capture_output=True, text=True, env=env, cwd=work, check=True).stdout.strip()
    assert where == str(site / "budgetlib" / "notebooks")  # the installed copy runs, not the checkout
    result = cli("extract", str(SAMPLE), "--out", "processed", cwd=work, env=env, prefix=prefix)
    assert result.returncode == 0, result.stderr
    result = cli("report", "--processed", "processed", "--out", "reports", "--notebook", "overview",
                 cwd=work, env=env, prefix=prefix)
    assert result.returncode == 0, result.stderr
    assert (work / "reports" / "重庆市南岸区" / "重庆市南岸区人民政府办公室" / "2025" / "预算-部门" / "overview.ipynb"
            ).stat().st_size > 0
    assert {p: p.stat().st_mtime_ns for p in site.rglob("*")} == before  # nothing written into the package
    for path in [site, *site.rglob("*")]:
        path.chmod(path.stat().st_mode | 0o200)  # let pytest clean up


# 5. One bad file never stops the rest.

def test_a_folder_of_good_and_bad_files(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "good.txt")
    shutil.copy(RENDERED_PDF, folder / "good.pdf")
    (folder / "crash.pdf").write_bytes(LOOPING_PAGE_TREE)
    shutil.copy(SAMPLE, folder / "unreadable.txt")
    unreadable(folder / "unreadable.txt")
    os.mkfifo(folder / "fifo.txt")
    out = tmp_path / "out"
    result = cli("extract", str(folder), "--out", str(out), prefix=unprivileged(), timeout=300)  # no hang
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert len(stored(out)) == 2
    failures = pd.read_csv(out / "failures.csv", encoding="utf-8-sig", dtype=str)
    assert list(failures.columns) == ["file", "stage", "error_class", "message", "time"]
    got = {Path(row.file).name: (row.stage, row.error_class) for row in failures.itertuples()}
    assert got == {"crash.pdf": ("read", "DamagedFile"), "unreadable.txt": ("read", "UnreadableFile"),
                   "fifo.txt": ("read", "NotARegularFile")}
    messages = dict(zip(failures["file"].map(lambda f: Path(f).name), failures["message"], strict=True))
    assert "crash.pdf: a damaged PDF: pdfium failed (PdfiumError" in messages["crash.pdf"]
    assert "unreadable.txt: cannot open the file (Permission denied)" in messages["unreadable.txt"]
    assert "fifo.txt: not a regular file but a FIFO (named pipe)" in messages["fifo.txt"]
    for name in ("crash.pdf", "unreadable.txt", "fifo.txt"):
        assert f"FAILED (read) {folder / name}:" in result.stderr


def test_every_kind_of_bad_file_is_refused_by_name(tmp_path):
    (tmp_path / "million.pdf").write_bytes(MILLION_PAGES)
    (tmp_path / "zero.pdf").symlink_to("/dev/zero")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "empty.pdf").write_bytes(b"")
    names = ["million.pdf", "zero.pdf", "dangling.txt", "pipe.txt", "empty.pdf"]
    result = cli("extract", *names, str(SAMPLE), "--out", "out", cwd=tmp_path, timeout=300)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    failures = pd.read_csv(tmp_path / "out" / "failures.csv", encoding="utf-8-sig", dtype=str).set_index("file")
    assert failures.loc["million.pdf", "error_class"] == "DamagedFile"
    assert failures.loc["zero.pdf", "message"] == "zero.pdf: not a regular file but a character device; " \
                                                  "only regular files are read"
    assert failures.loc["dangling.txt", "message"] == "dangling.txt: a link to a file that does not exist"
    assert failures.loc["pipe.txt", "error_class"] == "NotARegularFile"
    assert failures.loc["empty.pdf", "error_class"] in ("UnreadableFile", "DamagedFile")
    assert len(stored(tmp_path / "out")) == 1


def test_running_out_of_memory_refuses_the_file_and_goes_on(tmp_path):
    """A real MemoryError: the process's address space is capped, then a 3 GB (sparse) file is read."""
    (tmp_path / "a_huge.txt").write_bytes(b"")
    os.truncate(tmp_path / "a_huge.txt", 3 * 2**30)
    shutil.copy(SAMPLE, tmp_path / "b_good.txt")
    capped = ("import resource, sys\n"
              "import budgetlib.cli, budgetlib.store, budgetlib.pipeline, openpyxl, pyarrow.parquet\n"
              "size = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmSize')) * 1024\n"
              "resource.setrlimit(resource.RLIMIT_AS, (size + 1536 * 2**20, size + 1536 * 2**20))\n"
              "sys.argv[0] = 'budgetlib'\n"
              "budgetlib.cli.main()\n")
    result = subprocess.run([sys.executable, "-c", capped, "extract", "a_huge.txt", "b_good.txt", "--out", "out"],
                            capture_output=True, text=True, cwd=tmp_path, timeout=300, check=False)
    assert result.returncode == 1, result.stderr
    assert "FAILED (read) a_huge.txt: ran out of memory reading it" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(stored(tmp_path / "out")["source"]) == ["b_good.txt"]


# A bug stays a bug: the wrapper below plants one (a KeyError) in reading one file, in a real process.
PLANTED_BUG = """
import sys
import budgetlib.cli, budgetlib.pipeline
meta = budgetlib.pipeline.document_meta
def buggy(raw, paths):
    if "bug" in paths[0].name:
        return {}["department"]
    return meta(raw, paths)
budgetlib.pipeline.document_meta = buggy
sys.argv[0] = "budgetlib"
budgetlib.cli.main()
"""


def test_an_internal_error_is_logged_with_its_traceback_and_the_batch_goes_on(tmp_path):
    document(tmp_path / "a.txt")
    document(tmp_path / "bug.txt", tail="\n")
    (tmp_path / "notes.txt").write_text("会议纪要\n", encoding="utf-8")
    document(tmp_path / "z.txt", tail="\n\n")
    result = subprocess.run([sys.executable, "-c", PLANTED_BUG, "extract", "a.txt", "bug.txt", "notes.txt", "z.txt",
                             "--out", "out"], capture_output=True, text=True, cwd=tmp_path, timeout=300, check=False)
    assert result.returncode == 3, result.stderr  # distinct from 1, "some files were refused"
    assert "Traceback" not in result.stderr
    assert "[2/4] INTERNAL ERROR (read) bug.txt: KeyError: 'department' (a bug; traceback in out/budgetlib.log)" \
        in result.stderr
    failures = pd.read_csv(tmp_path / "out" / "failures.csv", encoding="utf-8-sig", dtype=str).set_index("file")
    assert failures.loc["bug.txt", "error_class"] == "internal error"
    assert failures.loc["notes.txt", "error_class"] == "NotABudget"  # a refusal stays a refusal
    log = (tmp_path / "out" / "budgetlib.log").read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in log and "in buggy\nKeyError: 'department'" in log
    assert "internal error, stage read, file bug.txt" in log
    assert sorted(stored(tmp_path / "out")["source"]) == ["a.txt", "z.txt"]


def _interrupted(tmp_path: Path, how: signal.Signals) -> tuple[subprocess.Popen, str, str]:
    """Eight documents; `how` is sent once the second is reported stored."""
    names = [document(tmp_path / f"{n}.txt", tail="\n" * n).name for n in range(8)]
    process = subprocess.Popen([sys.executable, "-m", "budgetlib.cli", "extract", *names, "--out", "out"],
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen = ""
    for line in process.stdout:
        seen += line
        if line.startswith("[2/8]"):
            process.send_signal(how)
            break
    stdout, stderr = process.communicate(timeout=300)
    return process, seen + stdout, stderr


def test_ctrl_c_keeps_every_document_finished(tmp_path):
    process, _, stderr = _interrupted(tmp_path, signal.SIGINT)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr and "interrupted:" in stderr
    documents, lines = stored(tmp_path / "out"), stored(tmp_path / "out", "lines")
    assert 2 <= len(documents) < 8
    assert set(lines.groupby("doc_id").size()) == {540}  # every stored document whole, none half


def test_a_killed_run_keeps_every_document_finished(tmp_path):
    process, _, _ = _interrupted(tmp_path, signal.SIGKILL)
    assert process.returncode == -signal.SIGKILL
    documents, lines = stored(tmp_path / "out"), stored(tmp_path / "out", "lines")
    assert 2 <= len(documents) < 8
    assert set(lines.groupby("doc_id").size()) == {540}


def test_report_goes_on_past_a_document_it_cannot_report(tmp_path):
    """A document without a year used to stop the whole report (int(NA)); now it is listed, the rest run."""
    text = re.sub(r"20\d{2}\s*年", "本年", SAMPLE.read_text(encoding="utf-8"))
    text = text.replace(SAMPLE_DEPARTMENT, "无年份办公室", 1)
    (tmp_path / "noyear.txt").write_text(text, encoding="utf-8")
    assert cli("extract", "noyear.txt", str(SAMPLE), "--out", "processed", cwd=tmp_path).returncode == 0
    result = cli("report", "--processed", "processed", "--out", "reports", "--notebook", "overview", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    failures = pd.read_csv(tmp_path / "reports" / "failures.csv", encoding="utf-8-sig", dtype=str)
    assert failures[["file", "stage", "error_class"]].values.tolist() == [["noyear.txt", "notebook", "NotebookError"]]
    assert "无年份办公室 has no year in the store" in failures.loc[0, "message"]
    folder = tmp_path / "reports" / "重庆市南岸区" / "重庆市南岸区人民政府办公室" / "2025" / "预算-部门"
    assert (folder / "overview.html").exists()


# 6. The output folder is checked before any reading.

def _bad_folder(tmp_path: Path, case: str) -> tuple[Path, str]:
    if case == "a file":
        (tmp_path / "out").write_text("not a folder")
        return tmp_path / "out", "out: is a file, not a folder"
    if case == "under a file":
        (tmp_path / "file").write_text("not a folder")
        return tmp_path / "file" / "out", f"file/out: is under {tmp_path / 'file'}, which is a file"
    if case == "a damaged store":
        (tmp_path / "out").mkdir()
        (tmp_path / "out" / "budget.duckdb").write_bytes(b"this is not a database" * 500)
        return tmp_path / "out", "budget.duckdb: not a valid DuckDB database file"
    if case == "csv is a file":
        (tmp_path / "out").mkdir()
        (tmp_path / "out" / "csv").write_text("")
        return tmp_path / "out", "out/csv: is a file; budgetlib writes a folder there"
    raise AssertionError(case)


@pytest.mark.parametrize("case", ["a file", "under a file", "a damaged store", "csv is a file"])
def test_a_bad_output_folder_is_one_line_before_any_reading(tmp_path, case):
    out, message = _bad_folder(tmp_path, case)
    result = cli("extract", str(SAMPLE), "--out", str(out))
    assert result.returncode == 2
    assert result.stdout == ""  # not one document read
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ") and message in result.stderr


def test_an_output_folder_that_is_not_writable(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    result = cli("extract", str(SAMPLE), "--out", str(out), prefix=unprivileged())
    out.chmod(0o755)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == f"error: {out}: not writable (Permission denied)\n"


def test_a_store_in_use_by_another_process(tmp_path):
    out = tmp_path / "out"
    assert cli("extract", str(SAMPLE), "--out", str(out)).returncode == 0
    with duckdb.connect(str(out / "budget.duckdb")):  # this test process holds the lock
        result = cli("extract", str(SAMPLE), "--out", str(out))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(f"error: {out / 'budget.duckdb'}: in use by another process")


def test_an_unknown_engine(tmp_path):
    result = cli("extract", str(SAMPLE), "--out", str(tmp_path), "--engine", "magic")
    assert result.returncode == 2
    assert "Invalid value for '--engine': 'magic' is not one of auto, native, camelot" in result.stderr
    assert not (tmp_path / "budget.duckdb").exists()


def test_report_on_a_missing_or_damaged_store(tmp_path):
    result = cli("report", "--processed", str(tmp_path / "nothing"), "--out", str(tmp_path / "reports"))
    assert result.returncode == 2
    assert result.stderr == (f"error: {tmp_path / 'nothing' / 'budget.duckdb'}: no store here (run `budgetlib "
                             f"extract FILES --out {tmp_path / 'nothing'}` first)\n")
    assert cli("extract", "missing.txt", "--out", "empty", cwd=tmp_path).returncode == 1  # a store, no document
    result = cli("report", "--processed", "empty", "--out", "reports", cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.startswith("error: empty/budget.duckdb: holds no documents yet")
    out, _ = _bad_folder(tmp_path, "a damaged store")
    result = cli("report", "--processed", str(out), "--out", str(tmp_path / "reports"))
    assert result.returncode == 2 and "not a valid DuckDB database file" in result.stderr
    assert not (tmp_path / "reports").exists()


# 7. One bad character must not poison a store.

def test_a_control_character_then_a_clean_extract_into_the_same_folder(tmp_path):
    poisoned = document(tmp_path / "poisoned.txt", replace={"\t行政运行\t": "\t行政\x07运行\t",
                                                             "\t住房保障支出\t": "\t住房\x00保障支出\t"})
    out = tmp_path / "out"
    first = cli("extract", str(poisoned), "--out", str(out))
    assert first.returncode == 0, first.stderr
    assert re.search(rf"warning: {re.escape(str(out / 'budget.xlsx'))} sheet 'lines' cell [A-Z]+\d+: control "
                     r"character U\+0007 shown as a visible symbol", first.stderr)
    assert "U+0000" in first.stderr + (out / "budgetlib.log").read_text(encoding="utf-8")
    names = set(stored(out, "lines")["name"])
    assert {"行政\x07运行", "住房\x00保障支出"} <= names  # kept as printed
    assert {"行政\x07运行", "住房\x00保障支出"} <= set(pd.read_parquet(out / "lines.parquet")["name"])
    second = cli("extract", str(SAMPLE), "--out", str(out))
    assert second.returncode == 0, second.stderr
    assert len(stored(out)) == 2
    sheet = load_workbook(out / "budget.xlsx", read_only=True)["lines"]
    cells = {value for row in sheet.iter_rows(values_only=True) for value in row if isinstance(value, str)}
    assert {"行政␇运行", "住房␀保障支出", "行政运行"} <= cells
