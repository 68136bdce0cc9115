"""Issue 13, bounded resources, on real processes: each limit (file size, pages, seconds, characters per cell,
cells per row, memory) refuses the document that goes past it with a message naming the figure, the limit and
its option, and the batch goes on; a 1,000-page real document keeps working within the defaults.

The long variants (a 1,000-page document whose every page is a real table page, a bomb read under the default
memory limit) are marked `stress` and run by `make stress`."""

from __future__ import annotations

import os
import shutil
import sys

import duckdb
import pandas as pd
import pytest

from budgetlib.errors import LimitExceeded
from budgetlib.limits import Limits, check_file_size, check_grids, check_pages
from budgetlib.readers import RawDocument, RawTable, read_source
from tests.conftest import CORPUS, SAMPLE
from tests.hostile import cli, content_bomb, document, measured, repeated_pages

JIANGSU_TABLES = CORPUS / "jiangsu" / "江苏省委办公厅-2018-预算-表格.pdf"  # 15 pages: a cover, a list, 12 tables
needs_corpus = pytest.mark.skipif(not JIANGSU_TABLES.exists(), reason=f"the corpus is not at {CORPUS}")


def stored(out, table: str = "documents") -> pd.DataFrame:
    with duckdb.connect(str(out / "budget.duckdb"), read_only=True) as con:
        return con.execute(f"SELECT * FROM {table}").df()


def failures(out) -> pd.DataFrame:
    return pd.read_csv(out / "failures.csv", encoding="utf-8-sig", dtype=str).set_index("file")


# The limits themselves.

def test_every_limit_must_be_positive():
    for name in ("file_mb", "pages", "seconds", "cell_chars", "row_cells", "memory_mb"):
        with pytest.raises(ValueError, match=f"the limit {name} .* must be positive"):
            Limits(**{name: 0})


def test_each_message_names_the_figure_the_limit_and_its_option():
    limits = Limits(file_mb=1, pages=10, cell_chars=5, row_cells=3)
    with pytest.raises(LimitExceeded, match=r"^a.pdf: the file holds 2.0 MB, more than the limit of 1 MB per file "
                                            r"\(--max-file-mb\)$") as caught:
        check_file_size("a.pdf", 2 * 2**20, limits)
    assert caught.value.limit == "file_mb"
    with pytest.raises(LimitExceeded, match=r"the PDF has 11 pages, more than the limit of 10 pages per document "
                                            r"\(--max-pages\)"):
        check_pages("a.pdf", 11, limits)
    wide = RawDocument("a.txt", [], [RawTable("收支总表", [["1", "2", "3", "4"]], row_lines=[7], page=None)])
    with pytest.raises(LimitExceeded, match=r"^a.txt, table '收支总表': row 1 \(line 7\) has 4 cells, more than the "
                                            r"limit of 3 cells per row \(--max-row-cells\)$"):
        check_grids(wide, limits)
    long = RawDocument("a.pdf", [], [RawTable("收支总表", [["1", "123456"]], page=3, pages=[3])])
    with pytest.raises(LimitExceeded, match=r"^a.pdf, page 3, table '收支总表': row 1, column 2 holds 6 characters, "
                                            r"more than the limit of 5 characters per cell \(--max-cell-chars\)$"):
        check_grids(long, limits)
    prose = RawDocument("a.pdf", [(2, "一二三四五六")], [])
    with pytest.raises(LimitExceeded, match=r"page 2: a paragraph of 6 characters"):
        check_grids(prose, limits)


def test_a_limit_set_low_refuses_the_sample_itself():
    """The reader checks the limits it is given (the corpus reads under the defaults: tests/corpus)."""
    with pytest.raises(LimitExceeded, match=r"row 1 \(line 99\) has 7 cells, more than the limit of 4 cells per row"):
        read_source(SAMPLE, limits=Limits(row_cells=4))


# Cells and characters, in the reader: before the tidy step sees them.

def test_a_row_of_200000_cells_is_refused_and_the_batch_goes_on(tmp_path):
    """The review's 1 MB line of 200,000 cells (442 s and 12 GB before a crash, before this issue)."""
    (tmp_path / "wide.txt").write_text("2025年部门收支总表\n" + "\t".join(["1"] * 200_000) + "\n", encoding="utf-8")
    shutil.copy(SAMPLE, tmp_path / "good.txt")
    result = cli("extract", "wide.txt", "good.txt", "--out", "out", cwd=tmp_path, timeout=300)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert failures(tmp_path / "out").loc["wide.txt", "message"] == (
        "wide.txt, table '2025年部门收支总表': row 1 (line 2) has 200,000 cells, more than the limit of 1,000 cells "
        "per row (--max-row-cells)")
    assert list(stored(tmp_path / "out")["source"]) == ["good.txt"]


def test_a_cell_too_long_names_its_row_and_column(tmp_path):
    document(tmp_path / "long.txt", replace={"\t行政运行\t": "\t" + "行" * 30_000 + "\t"})
    result = cli("extract", "long.txt", "--out", "out", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    message = failures(tmp_path / "out").loc["long.txt", "message"]
    assert message.startswith("long.txt, table '")
    assert message.endswith("holds 30,000 characters, more than the limit of 20,000 characters per cell "
                            "(--max-cell-chars)")
    assert ": row " in message and ", column 2 holds" in message
    assert read_source(tmp_path / "long.txt", limits=Limits(cell_chars=40_000)).tables  # the user's to raise


def test_a_file_larger_than_the_limit_is_refused_before_it_is_read(tmp_path):
    (tmp_path / "huge.txt").write_bytes(b"")
    os.truncate(tmp_path / "huge.txt", 3 * 2**30)  # sparse: 3 GB on paper, nothing on disk
    shutil.copy(SAMPLE, tmp_path / "good.txt")
    result, peak = measured([sys.executable, "-m", "budgetlib.cli", "extract", "huge.txt", "good.txt", "--out", "out"],
                            tmp_path, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert failures(tmp_path / "out").loc["huge.txt", "message"] == (
        "huge.txt: the file holds 3.0 GB, more than the limit of 256 MB per file (--max-file-mb)")
    assert peak < 1024  # never read: the largest process stayed far below the 3 GB


# Pages.

def test_pages_past_the_limit_are_refused_before_one_is_read(tmp_path):
    repeated_pages(SAMPLE.parent / "rendered" / "000_ebb61a327681cc18.ruled.pdf", [0] * 50, tmp_path / "fifty.pdf")
    with pytest.raises(LimitExceeded, match=r"fifty.pdf: the PDF has 50 pages, more than the limit of 40 pages per "
                                            r"document \(--max-pages\)$"):
        read_source(tmp_path / "fifty.pdf", limits=Limits(pages=40))


@pytest.fixture(scope="module")
def thousand_pages(tmp_path_factory):
    """A real 1,000-page document: the 15 pages of a Jiangsu tables file, then its cover 985 more times (the fast
    variant: every page is a real page, only one copy of the tables is read)."""
    folder = tmp_path_factory.mktemp("thousand")
    return repeated_pages(JIANGSU_TABLES, [*range(15), *[0] * 985], folder / "江苏省委办公厅-2018-预算-1000页.pdf")


@needs_corpus
def test_a_1000_page_document_keeps_working(thousand_pages, tmp_path):
    result = cli("extract", str(thousand_pages), "--out", "out", cwd=tmp_path, timeout=900)
    assert result.returncode == 0, result.stderr
    _same_figures_as_the_truth(tmp_path / "out")


def _same_figures_as_the_truth(out) -> None:
    """Its figures are the 15-page file's, as the corpus truth gives them (read from the PDF by hand)."""
    truth = pd.read_csv(CORPUS / "truth" / "key_figures.tsv", sep="\t", dtype=str, keep_default_na=False)
    truth = truth[(truth["file"] == "jiangsu/江苏省委办公厅-2018-预算-表格.pdf") & (truth["figure"] != "table_count")]
    got = stored(out, "key_figures").set_index("key")["amount"]
    assert len(truth) > 5
    assert {row.figure: float(row.value) for row in truth.itertuples()} == \
        {row.figure: pytest.approx(got[row.figure], abs=1e-9) for row in truth.itertuples()}
    documents = stored(out)
    # printed 中共江苏省委办公厅 on the cover; stored under its canonical short name (budgetlib.pipeline)
    assert list(documents["department"]) == ["江苏省委办公厅"] and list(documents["year"]) == [2018]


@needs_corpus
def test_a_document_slower_than_the_time_limit_is_stopped(thousand_pages, tmp_path):
    """(That the next document then gets a fresh worker: tests/test_worker.py.)"""
    result = cli("extract", str(thousand_pages), "--out", "out", "--timeout", "0.2", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert failures(tmp_path / "out").loc[str(thousand_pages), "message"] == (
        f"{thousand_pages}: still being read after 0.2 s, the limit per document (--timeout); the reading was "
        "stopped")


# Memory: pdfium has no bound of its own, so the worker process is capped.

def test_a_content_stream_bomb_is_stopped_at_the_memory_limit(tmp_path):
    """3 MB on disk, 3 GiB inflated: pdfium aborts when the capped worker cannot allocate; the batch goes on
    and nothing in the process tree comes near the 3 GiB."""
    (tmp_path / "bomb.pdf").write_bytes(content_bomb(3 * 2**30))
    assert (tmp_path / "bomb.pdf").stat().st_size < 4 * 2**20
    shutil.copy(SAMPLE, tmp_path / "good.txt")
    result, peak = measured([sys.executable, "-m", "budgetlib.cli", "extract", "bomb.pdf", "good.txt", "--out", "out",
                             "--max-memory-mb", "512"], tmp_path, cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    message = failures(tmp_path / "out").loc["bomb.pdf", "message"]
    assert message.startswith("bomb.pdf: needs more memory than the limit of 512 MB (--max-memory-mb): the reader "
                              "was stopped (SIG")
    assert list(stored(tmp_path / "out")["source"]) == ["good.txt"]
    assert peak < 1536


@pytest.mark.stress
def test_a_content_stream_bomb_under_the_default_memory_limit(tmp_path):
    (tmp_path / "bomb.pdf").write_bytes(content_bomb(3 * 2**30))
    result, peak = measured([sys.executable, "-m", "budgetlib.cli", "extract", "bomb.pdf", "--out", "out"], tmp_path,
                            cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "needs more memory than the limit of 2,048 MB (--max-memory-mb)" in failures(tmp_path / "out").loc[
        "bomb.pdf", "message"]
    assert peak < 3072


@pytest.mark.stress
@needs_corpus
def test_a_1000_page_document_of_real_tables_keeps_working(tmp_path):
    """Every page a real page of the tables file (66 copies of it, and 10 pages more): read whole, within the
    default limits (on the review's machine: 33 s and 426 MB)."""
    long = repeated_pages(JIANGSU_TABLES, [page % 15 for page in range(1000)], tmp_path / "long.pdf")
    result, peak = measured([sys.executable, "-m", "budgetlib.cli", "extract", str(long), "--out", "out"], tmp_path,
                            cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    print(f"1,000 pages of tables: peak memory {peak:,.0f} MB; {result.stdout.splitlines()[0]}")
