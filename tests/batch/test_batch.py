"""`budgetlib batch` end to end, on real PDFs, with real worker processes, a real DuckDB file and real kernels.

The folder holds a Jiangsu narrative and its tables under names that say nothing (so the pair can only be
found from what they hold), a Beijing tables file without its narrative, the placeholder template and a
damaged PDF. Expected figures come from the corpus truth (truth/key_figures.tsv)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from budgetlib.store import TABLES
from tests.conftest import CORPUS, ROOT

pytestmark = pytest.mark.corpus

NARRATIVE = "jiangsu/江苏省委办公厅-2019-预算.pdf"
TABLES_FILE = "jiangsu/江苏省委办公厅-2019-预算-表格.pdf"
LONE_TABLES = "beijing/首都绿化委员会办公室-2026-预算-附件2报表.pdf"
TEMPLATE = "shanghai/上海市XX局(模板)-2024-决算-模板.pdf"
BUDGETLIB = [sys.executable, "-m", "budgetlib.cli"]


def corpus_file(name: str) -> Path:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"{name} is not in the corpus at {CORPUS}")
    return path


def folder(root: Path, *, broken: bool = True) -> Path:
    """The batch's input: a pair under neutral names, a lone tables file, the template, a damaged PDF."""
    inputs = root / "in"
    (inputs / "province" / "dept").mkdir(parents=True)
    (inputs / "city").mkdir()
    shutil.copy(corpus_file(NARRATIVE), inputs / "province" / "dept" / "one.pdf")
    shutil.copy(corpus_file(TABLES_FILE), inputs / "province" / "dept" / "two.pdf")
    shutil.copy(corpus_file(LONE_TABLES), inputs / "city" / "annex.pdf")
    shutil.copy(corpus_file(TEMPLATE), inputs / "template.pdf")
    if broken:
        (inputs / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n")
    return inputs


def batch(*arguments: str | Path, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*BUDGETLIB, "batch", *map(str, arguments)], cwd=cwd, capture_output=True, text=True,
                          timeout=600, env={**os.environ, "PYTHONPATH": str(ROOT)})


def tables(out: Path) -> dict[str, pd.DataFrame]:
    """Every table of the store, sorted, for comparing two stores row for row."""
    with duckdb.connect(str(out / "budget.duckdb"), read_only=True) as con:
        return {name: con.execute(f"SELECT * FROM {name} ORDER BY ALL").df() for name in TABLES}


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("batch")
    folder(root)
    first = batch("in", "--out", "out", "--no-reports", "--workers", "2", cwd=root)
    stored = tables(root / "out")
    second = batch("in", "--out", "out", "--no-reports", "--workers", "2", cwd=root)
    return {"root": root, "first": first, "second": second, "stored": stored}


def test_the_pair_is_one_document_and_the_lone_tables_file_is_read(run):
    documents = run["stored"]["documents"].set_index("department")
    assert sorted(documents.index) == ["江苏省委办公厅", "首都绿化委员会办公室"]
    assert documents.loc["江苏省委办公厅", "source"] == "in/province/dept/one.pdf;in/province/dept/two.pdf"
    assert documents.loc["首都绿化委员会办公室", "source"] == "in/city/annex.pdf"
    figures = run["stored"]["key_figures"].merge(run["stored"]["documents"][["doc_id", "department"]])
    figures = figures.set_index(["department", "key"])["amount"]
    assert figures["江苏省委办公厅", "expenditure_total"] == 27664.22  # 表格 p1, narrative p7
    assert figures["首都绿化委员会办公室", "expenditure_total"] == pytest.approx(5133.737491, abs=1e-6)  # p1
    facts = run["stored"]["facts"].merge(run["stored"]["documents"][["doc_id", "department"]])
    assert (facts["department"] == "江苏省委办公厅").any()  # the narrative was read with the tables


def test_a_damaged_pdf_is_a_failure_the_template_a_refusal_and_the_rest_completes(run):
    first = run["first"]
    assert first.returncode == 1, first.stdout + first.stderr
    failures = pd.read_csv(run["root"] / "out" / "failures.csv", encoding="utf-8-sig").set_index("file")
    assert list(failures.columns) == ["stage", "error_class", "message", "time"]
    assert failures.loc["in/broken.pdf", "error_class"] == "UnreadableFile"
    assert failures.loc["in/template.pdf", "error_class"] == "NotABudget"
    assert "placeholder template" in failures.loc["in/template.pdf", "message"]
    assert "documents       4   ok 2, refused 1, failed 1, skipped (unchanged) 0" in first.stdout
    assert "exit status 1: something failed" in first.stdout
    assert "Traceback" not in first.stdout + first.stderr


def test_a_second_run_skips_everything_and_changes_nothing(run):
    second = run["second"]
    assert "documents       4   ok 0, refused 1, failed 1, skipped (unchanged) 2" in second.stdout
    assert second.returncode == 1  # the damaged file is still there, and still listed
    after = tables(run["root"] / "out")
    for name in TABLES:
        pd.testing.assert_frame_equal(after[name], run["stored"][name])


def test_only_refusals_of_files_that_are_not_budgets_exit_0(tmp_path):
    inputs = folder(tmp_path, broken=False)
    (inputs / "city" / "annex.pdf").unlink()
    result = batch("in", "--out", "out", "--no-reports", "--workers", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok 1, refused 1, failed 0" in result.stdout
    assert "the refusals are readable files that are not budgets" in result.stdout


def test_a_batch_killed_midway_then_run_again_gives_the_store_of_an_uninterrupted_run(tmp_path):
    for name in ("whole", "killed"):
        inputs = tmp_path / name / "in"
        inputs.mkdir(parents=True)
        for file in (NARRATIVE, TABLES_FILE, "jiangsu/江苏省人大常委会办公厅-2017-预算.pdf",
                     "jiangsu/江苏省政协办公厅-2019-预算.pdf", "jiangsu/江苏省政协办公厅-2019-预算-表格.pdf"):
            shutil.copy(corpus_file(file), inputs / Path(file).name)
    whole = batch("in", "--out", "out", "--no-reports", "--workers", "1", cwd=tmp_path / "whole")
    assert whole.returncode == 0, whole.stdout + whole.stderr
    root = tmp_path / "killed"
    process = subprocess.Popen([*BUDGETLIB, "batch", "in", "--out", "out", "--no-reports", "--workers", "1"], cwd=root,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    journal = root / "out" / ".batch" / "journal.jsonl"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:  # until the first document is stored
        if journal.exists() and '"kind": "document"' in journal.read_text(encoding="utf-8"):
            break
        time.sleep(0.05)
    assert process.poll() is None, "the batch finished before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    stored_before = [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()
                     if '"kind": "document"' in line]
    assert 1 <= len(stored_before) < 3
    again = batch("in", "--out", "out", "--no-reports", "--workers", "1", cwd=root)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "skipped (unchanged) " + str(len(stored_before)) in again.stdout
    expected, got = tables(tmp_path / "whole" / "out"), tables(root / "out")
    assert len(got["documents"]) == 3  # 人大 2017 alone, 委办 2019 and 政协 2019 as pairs
    for name in TABLES:
        pd.testing.assert_frame_equal(got[name], expected[name], obj=name)
        assert not got[name].duplicated().any(), name


WHOLE = "jiangsu/江苏省人大常委会办公厅-2017-预算.pdf"  # narrative and tables in one file


@pytest.fixture(scope="module")
def finished(tmp_path_factory) -> dict:
    """A finished batch over a whole document and a lone tables file: its folder and its store."""
    root = tmp_path_factory.mktemp("finished")
    (root / "in").mkdir()
    shutil.copy(corpus_file(WHOLE), root / "in" / "whole.pdf")
    shutil.copy(corpus_file(LONE_TABLES), root / "in" / "annex.pdf")
    first = batch("in", "--out", "out", "--no-reports", "--workers", "1", cwd=root)
    assert first.returncode == 0, first.stdout + first.stderr
    return {"root": root, "stored": tables(root / "out")}


@pytest.mark.parametrize("file", ["in/whole.pdf", "in/annex.pdf"])
@pytest.mark.parametrize("lost", ["document", "file"])
def test_a_kill_between_two_journal_lines_stores_nothing_twice(finished, tmp_path, lost, file):
    """Kill points a timed kill hits only by chance, made certain by removing one line of a file from the
    journal of a finished run: a stored document whose line is lost (killed after the commit) is read and
    stored again, once; a file whose reading line is lost is read again, and its document, which the store
    and the journal both hold, is skipped, not stored twice."""
    root = tmp_path / "copy"
    shutil.copytree(finished["root"], root)
    journal = root / "out" / ".batch" / "journal.jsonl"
    entries = [json.loads(line) for line in journal.read_text(encoding="utf-8").splitlines()]
    dropped = [e for e in entries if e["kind"] == lost
               and (e.get("paths") == [file] or e.get("probe", {}).get("path") == file)]
    assert len(dropped) == 1, entries
    journal.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries if e is not dropped[0]),
                       encoding="utf-8")
    again = batch("in", "--out", "out", "--no-reports", "--workers", "1", cwd=root)
    expected = "ok 1, refused 0, failed 0, skipped (unchanged) 1" if lost == "document" else \
        "ok 0, refused 0, failed 0, skipped (unchanged) 2"
    assert f"documents       2   {expected}" in again.stdout, again.stdout
    after = tables(root / "out")
    for name in TABLES:
        pd.testing.assert_frame_equal(after[name], finished["stored"][name], obj=name)
        assert not after[name].duplicated().any(), name


def test_the_same_tasks_run_on_a_dask_local_cluster_with_two_workers(tmp_path):
    pytest.importorskip("distributed")
    from budgetlib.batch import run as run_batch

    inputs = tmp_path / "in"
    inputs.mkdir()
    for file in (NARRATIVE, TABLES_FILE, LONE_TABLES):
        shutil.copy(corpus_file(file), inputs / Path(file).name)
    lines: list[str] = []
    summary = run_batch([inputs], tmp_path / "out", None, workers=2, scheduler="local", echo=lines.append)
    assert summary.pool == "a LocalCluster with 2 worker(s)"
    assert summary.exit_code() == 0 and summary.count("ok") == 2
    documents = tables(tmp_path / "out")["documents"]
    assert sorted(documents["department"]) == ["江苏省委办公厅", "首都绿化委员会办公室"]


def test_the_data_package_is_valid_frictionless_and_holds_what_the_store_holds(run):
    from frictionless import validate

    package = run["root"] / "out" / "package"
    report = validate(str(package / "datapackage.json"))
    assert report.valid, report.flatten(["title", "message"])[:5]
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["fiscal"]["currency"] == "CNY" and descriptor["fiscal"]["factor"] == 10000
    rows: dict[str, int] = {}
    for task in report.tasks:  # partitions are named <frame>-<year>-<phase>
        frame = task.name.split("-")[0]
        rows[frame] = rows.get(frame, 0) + task.stats["rows"]
    for name in ("documents", "lines", "key_figures", "checks"):
        assert rows[name] == len(run["stored"][name]), name
    lines = next(r for r in descriptor["resources"] if r["name"].startswith("lines-2019-approved"))
    assert {"fiscal_year", "phase", "direction"} <= {field["name"] for field in lines["schema"]["fields"]}
    function = next(r for r in descriptor["resources"] if r["name"] == "function-classification")
    assert function["schema"]["foreignKeys"][0]["fields"] == ["parent_code"]


def test_the_readme_carries_the_data_dictionary_of_the_schema():
    """`python -m budgetlib.batch.product README.md` refreshes it; a column added to the schema without that
    fails here."""
    from budgetlib.batch.product import readme_section

    assert readme_section() in (ROOT / "README.md").read_text(encoding="utf-8")
