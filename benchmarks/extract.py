"""Benchmark budgetlib's PDF path against the peer tools, in one process, on the same files.

    python benchmarks/extract.py [--corpus PATH] [--repeat N] [--skip-slow]

Rendered sample (ruled, and the unruled styles of render/sample_pdf.py STYLES, with their grid
truth): seconds per document, pages per second and cell accuracy for each method. Cell accuracy
pairs every truth table with what a method extracted from that table's pages (a table continued
over pages is the concatenation), cell by cell, white space ignored; missing cells count as
wrong. Corpus: seconds per document (mean, p50, p95, max, and the p95 of CPU seconds, a forked
page reader's included) and pages per second for each method, and for budgetlib the share of the
truth's key figures it reads and the share of its tables whose arithmetic reconciles. The load
average is printed with them: on a machine other programs share, read the CPU column.

budgetlib reads a long document's pages in two processes when a second CPU is idle
(readers/pdf/parallel.py); BUDGETLIB_READ_WORKERS=1 times the one-process reader.

`budgetlib read()` times the whole path (extract + tidy + audit); the peers time bare table
extraction only.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import resource
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import budgetlib  # noqa: E402
from budgetlib.readers import read_source  # noqa: E402

RENDERED = ROOT / "data" / "raw" / "rendered"
Grid = list[list[str]]
Extracted = list[tuple[int, Grid]]  # (page, rows) per table, in reading order


def budgetlib_tables(engine: str) -> Callable[[Path], Extracted]:
    def run(path: Path) -> Extracted:
        return [(table.page or 0, table.rows) for table in read_source(path, engine=engine).tables]
    return run


def budgetlib_read(path: Path) -> Extracted:
    budgetlib.read(path)
    return []


def camelot_tables(**options) -> Callable[[Path], Extracted]:
    def run(path: Path) -> Extracted:
        import camelot

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tables = camelot.read_pdf(str(path), pages="all", suppress_stdout=True, **options)
        return [(int(t.page), t.df.astype(str).values.tolist()) for t in tables]
    return run


def pdfplumber_tables(path: Path) -> Extracted:
    import pdfplumber

    out: Extracted = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            out.extend((number, [[c or "" for c in row] for row in table]) for table in page.extract_tables())
    return out


def pymupdf_tables(path: Path) -> Extracted:
    import pymupdf
    import pymupdf.table

    pymupdf.table.FLAGS &= ~pymupdf.TEXT_ACCURATE_BBOXES  # tuned as the peers' own issue tracker advises
    out: Extracted = []
    with pymupdf.open(path) as document:
        for number, page in enumerate(document, start=1):
            for table in page.find_tables(use_layout=False).tables:
                out.append((number, [[c or "" for c in row] for row in table.extract()]))
    return out


METHODS: dict[str, Callable[[Path], Extracted]] = {
    "budgetlib read() (native)": budgetlib_read,
    "budgetlib tables (native)": budgetlib_tables("native"),
    "budgetlib tables (camelot grids)": budgetlib_tables("camelot"),
    "camelot lattice (default)": camelot_tables(flavor="lattice"),
    "camelot lattice (vector)": camelot_tables(flavor="lattice", engine="vector"),
    "camelot stream": camelot_tables(flavor="stream"),
    "pdfplumber (default lines)": pdfplumber_tables,
    "PyMuPDF find_tables (tuned)": pymupdf_tables,
}
SLOW = {"camelot lattice (default)"}


def _plain(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def cell_accuracy(extracted: Extracted, truth: list[dict], pages: int) -> float:
    """Share of truth cells a method got right, pairing tables by the pages they stand on."""
    starts = [table["page"] for table in truth]
    correct = total = 0
    for index, table in enumerate(truth):
        end = starts[index + 1] if index + 1 < len(truth) and starts[index + 1] > table["page"] else table["page"] + 1
        if index + 1 == len(truth):
            end = pages + 1
        rows = [row for page, grid in extracted if table["page"] <= page < end for row in grid]
        for r, row in enumerate(table["rows"]):
            for c, expected in enumerate(row):
                got = rows[r][c] if r < len(rows) and c < len(rows[r]) else None
                correct += got is not None and _plain(got) == _plain(expected)
                total += 1
    return correct / total


def timed(method: Callable[[Path], Extracted], path: Path, repeat: int) -> tuple[float, Extracted]:
    best, result = float("inf"), []
    for _ in range(repeat):
        started = time.perf_counter()
        result = method(path)
        best = min(best, time.perf_counter() - started)
    return best, result


def page_count(path: Path) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


VARIANTS = ("ruled", "unruled", "centred", "three-line", "wrapped")  # render/sample_pdf.py STYLES


def sample_benchmark(methods: dict, repeat: int, variants: tuple[str, ...] = VARIANTS) -> pd.DataFrame:
    rows = []
    for variant in variants:
        name = "truth" if variant in ("ruled", "unruled") else f"{variant}.truth"
        truth = json.loads((RENDERED / f"000_ebb61a327681cc18.{name}.json").read_text(encoding="utf-8"))["tables"]
        path = RENDERED / f"000_ebb61a327681cc18.{variant}.pdf"
        pages = page_count(path)
        for name, method in methods.items():
            seconds, extracted = timed(method, path, repeat)
            accuracy = float("nan") if method is budgetlib_read else cell_accuracy(extracted, truth, pages)
            rows.append({"file": f"sample ({variant})", "method": name, "s/doc": round(seconds, 3),
                         "pages/s": round(pages / seconds, 1), "cell accuracy": round(accuracy, 3)})
            print(f"  {variant:8s} {name:34s} {seconds:7.3f} s  accuracy {accuracy:.3f}", flush=True)
    return pd.DataFrame(rows)


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (a reader's forked page reader)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def corpus_benchmark(corpus: Path, methods: dict) -> pd.DataFrame:
    """Per corpus document: wall seconds (mean, p50, p95, max) and CPU seconds (p95, children included), so
    that a run on a shared machine can be read: wall time counts the other programs, CPU time does not."""
    manifest = pd.read_csv(corpus / "MANIFEST.tsv", sep="\t", dtype=str)
    files = [corpus / f for f in manifest.loc[manifest["content"] != "template", "file"]]
    pages = sum(page_count(f) for f in files)
    rows = []
    for name, method in methods.items():
        each, cpu = [], []
        for path in files:
            started, used = time.perf_counter(), cpu_seconds()
            with contextlib.suppress(budgetlib.BudgetError):  # a refused file still took its time
                method(path)
            each.append(time.perf_counter() - started)
            cpu.append(cpu_seconds() - used)
        seconds = sum(each)
        wall, cpu_series = pd.Series(each), pd.Series(cpu)
        p50, p95, cpu95 = float(wall.quantile(0.5)), float(wall.quantile(0.95)), float(cpu_series.quantile(0.95))
        rows.append({"file": f"corpus ({len(files)} docs, {pages} pages)", "method": name,
                     "s/doc": round(seconds / len(files), 3), "pages/s": round(pages / seconds, 1),
                     "p50 s/doc": round(p50, 3), "p95 s/doc": round(p95, 3), "max s/doc": round(max(each), 3),
                     "p95 cpu s/doc": round(cpu95, 3)})
        print(f"  corpus   {name:34s} {seconds / len(files):7.3f} s/doc  p50 {p50:.3f}  p95 {p95:.3f}  "
              f"max {max(each):.3f}  cpu p95 {cpu95:.3f}", flush=True)
    return pd.DataFrame(rows)


def corpus_quality(corpus: Path) -> dict:
    """budgetlib on the corpus: key figures read against the truth, tables that reconcile."""
    truth = pd.read_csv(corpus / "truth" / "key_figures.tsv", sep="\t", dtype=str)
    truth = truth[truth["figure"] != "table_count"]
    found = reconciled = tables = 0
    for file, group in truth.groupby("file"):
        try:
            document = budgetlib.read(corpus / file)
        except budgetlib.BudgetError:
            continue
        for row in group.itertuples():
            value = float(row.value) / (10000 if row.unit == "元" else 1)
            got = document.key_figures.get(row.figure)
            found += got is not None and abs(got - value) < 1e-6
        arithmetic = document.checks[document.checks["check"].isin(
            ["children_sum", "total_row_sum", "measure_sum", "class_agreement"])]
        for _, checks in arithmetic.groupby("table"):
            tables += 1
            reconciled += not (checks["status"] == "fail").any()
    return {"key figures read": f"{found}/{len(truth)} ({found / len(truth):.1%})",
            "tables reconciling": f"{reconciled}/{tables} ({reconciled / tables:.1%})"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path(os.environ.get("BUDGETLIB_CORPUS",
                                                                           ROOT.parent / "shared" / "corpus")))
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs on the sample")
    parser.add_argument("--skip-slow", action="store_true", help="leave out camelot's rendering lattice")
    parser.add_argument("--only", nargs="*", help="only these methods (names as printed)")
    args = parser.parse_args()
    methods = {k: v for k, v in METHODS.items() if not (args.skip_slow and k in SLOW) and
               (not args.only or k in args.only)}
    for method in methods.values():  # warm imports outside the timings
        method(RENDERED / "000_ebb61a327681cc18.ruled.pdf")
    print("rendered sample (best of", args.repeat, "runs):")
    frames = [sample_benchmark(methods, args.repeat)]
    if (args.corpus / "MANIFEST.tsv").exists():
        print("corpus:")
        frames.append(corpus_benchmark(args.corpus, methods))
        quality = corpus_quality(args.corpus)
    else:
        quality = {"corpus": f"not found at {args.corpus}"}
    table = pd.concat(frames, ignore_index=True)
    with pd.option_context("display.width", 200, "display.max_rows", None):
        print()
        print(table.to_string(index=False))
    print()
    print(f"load average (1, 5, 15 min) at the end: {' '.join(f'{v:.2f}' for v in os.getloadavg())}; "
          f"CPUs usable: {len(os.sched_getaffinity(0))}")
    for key, value in quality.items():
        print(f"budgetlib on the corpus, {key}: {value}")


if __name__ == "__main__":
    main()
