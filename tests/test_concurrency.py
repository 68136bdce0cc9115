"""Issue 13, concurrent runs and crashes, on real processes: two `extract` into one folder store every document of
both once; a run killed with SIGKILL at four points leaves DuckDB intact and every export one whole set that
agrees with DuckDB (the new set, or the previous one), and the next run removes what the killed one left."""

from __future__ import annotations

import hashlib
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
from openpyxl import load_workbook

from budgetlib import schema
from budgetlib.store import EXPORTS, TABLES, exported, manifest
from tests.hostile import cli, document

LINES_PER_DOCUMENT = 540  # the sample's printed values (tests/expected/sample_lines.csv)


def variants(folder: Path, numbers: range) -> list[Path]:
    """Copies of the sample under other headings: each another department, another document."""
    return [document(folder / f"{number}.txt", f"第{number}测试办公室") for number in numbers]


def in_store(out: Path, table: str = "documents") -> pd.DataFrame:
    with duckdb.connect(str(out / "budget.duckdb"), read_only=True) as con:
        return con.execute(f"SELECT * FROM {table}").df()


def check_exports(out: Path, documents: set[str]) -> None:
    """The exports are one whole set (every file as its manifest lists it, all reached through the fixed names)
    and hold exactly what DuckDB holds for the documents the set names, in Parquet, CSV and XLSX alike."""
    found, folder = manifest(out), exported(out)
    assert found is not None and set(found["documents"]) == documents
    for relative, digest in found["files"].items():
        assert hashlib.sha256((folder / relative).read_bytes()).hexdigest() == digest, relative
    workbook = load_workbook(out / "budget.xlsx", read_only=True)
    with duckdb.connect(str(out / "budget.duckdb"), read_only=True) as con:
        for table in TABLES:
            expected = con.execute(f"SELECT * FROM {table} WHERE list_contains(?, doc_id) ORDER BY ALL",
                                   [sorted(documents)]).df()
            assert found["tables"][table]["rows"] == len(expected), table
            parquet = pd.read_parquet(out / f"{table}.parquet")
            pd.testing.assert_frame_equal(parquet, expected, check_dtype=False, obj=table)
            text = pd.read_csv(out / "csv" / f"{table}.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
            assert list(text["doc_id"]) == list(expected["doc_id"]), table
            sheet = list(workbook[table].iter_rows(values_only=True))
            column = sheet[0].index(schema.label(table, "doc_id"))  # the workbook's headers are the labels
            assert [row[column] for row in sheet[1:]] == list(expected["doc_id"]), table
    workbook.close()


def leftovers(out: Path) -> list[str]:
    """Temporary files and folders of any run, anywhere under the output folder."""
    return sorted(str(path.relative_to(out)) for path in out.rglob(".tmp-*"))


# Two runs at once.

def test_two_extracts_into_one_folder_store_every_document_of_both_once(tmp_path):
    first = variants(tmp_path / "first", range(0, 4))
    second = variants(tmp_path / "second", range(3, 7))  # 3 is the same document in both runs
    out = tmp_path / "out"
    runs = [subprocess.Popen([sys.executable, "-m", "budgetlib.cli", "extract", *map(str, files), "--out", str(out)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for files in (first, second)]
    results = [(run.wait(timeout=600), *run.communicate()) for run in runs]
    for code, stdout, stderr in results:
        assert code == 0, stderr
        assert stdout.count(" — 540 lines") == 4
    documents = in_store(out)
    assert sorted(documents["department"]) == sorted(f"第{number}测试办公室" for number in range(7))
    assert documents["doc_id"].is_unique
    assert set(in_store(out, "lines").groupby("doc_id").size()) == {LINES_PER_DOCUMENT}
    check_exports(out, set(documents["doc_id"]))
    assert leftovers(out) == []


# kill -9 at four points of a run. The wrapper runs the real command in a real process, and kills itself
# (SIGKILL, nothing runs after it) at one point of the run, by wrapping one function of budgetlib.store.
KILLER = """
import os, signal, sys
import budgetlib.cli, budgetlib.store

point = sys.argv.pop(1)


def kill(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)


def wrap(owner, name, before, after=False):
    original = getattr(owner, name)

    def wrapper(*args, **kwargs):
        if before:
            kill()
        result = original(*args, **kwargs)
        if after:
            kill()
        return result

    setattr(owner, name, wrapper)


if point == "stored":  # the run's first document is stored, the second is not read yet
    wrap(budgetlib.store.Store, "add", before=False, after=True)
elif point == "exporting":  # the new set's Parquet and CSV files are written, its workbook is not
    wrap(budgetlib.store, "write_xlsx", before=True)
elif point == "before switch":  # the new set is complete in its folder, not yet the current one
    wrap(budgetlib.store, "publish", before=True)
elif point == "after switch":  # the new set is the current one; the old one and the run's end are not done
    wrap(budgetlib.store, "publish", before=False, after=True)
sys.argv[0] = "budgetlib"
budgetlib.cli.main()
"""


def killed_at(point: str, files: list[Path], out: Path) -> None:
    result = subprocess.run([sys.executable, "-c", KILLER, point, "extract", *map(str, files), "--out", str(out)],
                            capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == -signal.SIGKILL, f"{point}: {result.stderr}"


def test_runs_killed_at_four_points_leave_the_store_whole_and_the_exports_consistent(tmp_path):
    """One output folder, runs killed one after another (each later run is the next run of the one before it),
    then a run that completes. After each kill: DuckDB opens and holds every stored document whole; the exports are
    one whole set that agrees with DuckDB, the new one or the previous one; leftovers of earlier kills are gone."""
    out = tmp_path / "out"
    documents = variants(tmp_path / "in", range(6))
    assert cli("extract", str(documents[0]), "--out", str(out)).returncode == 0
    first = set(in_store(out)["doc_id"])

    killed_at("stored", documents[1:3], out)  # the first of its two documents is stored, the second not read
    stored = set(in_store(out)["doc_id"])
    assert len(stored) == 2 and first < stored
    check_exports(out, first)  # the previous set, behind DuckDB

    killed_at("exporting", documents[3:4], out)  # stored, then killed while writing the new set
    check_exports(out, first)
    staging = leftovers(out)
    assert [Path(name).parent.name for name in staging] == [EXPORTS]  # its half-written set

    killed_at("before switch", documents[4:5], out)  # the new set complete in its folder, not switched to
    check_exports(out, first)
    assert not set(staging) & set(leftovers(out))  # this run removed what the one before it left

    killed_at("after switch", documents[5:6], out)  # switched to the new set, then killed before anything else
    everything = set(in_store(out)["doc_id"])
    assert len(everything) == 5 and set(in_store(out, "lines").groupby("doc_id").size()) == {LINES_PER_DOCUMENT}
    check_exports(out, everything)

    # The next run stores nothing (its one file is refused) and finds the exports current: it only cleans up.
    (tmp_path / "notes.txt").write_text("会议纪要\n", encoding="utf-8")
    assert cli("extract", str(tmp_path / "notes.txt"), "--out", str(out)).returncode == 1
    check_exports(out, everything)
    assert leftovers(out) == []
    assert len(list((out / EXPORTS).iterdir())) <= 2  # the current set and at most one before it


def test_a_run_after_a_kill_before_the_export_exports_what_duckdb_holds(tmp_path):
    """Killed after storing, before any export: the next run, though it stores nothing, catches the exports up."""
    out = tmp_path / "out"
    killed_at("stored", variants(tmp_path / "in", range(2)), out)
    assert len(in_store(out)) == 1 and manifest(out) is None  # stored, never exported
    (tmp_path / "notes.txt").write_text("会议纪要\n", encoding="utf-8")
    assert cli("extract", str(tmp_path / "notes.txt"), "--out", str(out)).returncode == 1
    check_exports(out, set(in_store(out)["doc_id"]))
