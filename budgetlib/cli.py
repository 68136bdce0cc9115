"""The `budgetlib` command: extract, check, show."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pandas as pd
import typer

from budgetlib.audit import findings
from budgetlib.errors import BudgetError
from budgetlib.pipeline import read
from budgetlib.readers import SUFFIXES
from budgetlib.store import atomic_write, save

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Chinese department budgets → tidy, audited data.")


def expand(paths: list[Path], pair_suffix: str = "") -> list[Path | list[Path]]:
    """Files as given, folders expanded to the readable files inside them (sorted, recursive);
    "a.pdf+b.pdf" is one document published as two files, and so is a.pdf with a<pair_suffix>.pdf."""
    files: list[Path | list[Path]] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())
            files.extend(_paired(found, pair_suffix) if pair_suffix else found)
        elif "+" in str(path) and not path.exists():
            files.append([Path(part) for part in str(path).split("+")])
        else:
            files.append(path)
    return files


def _paired(found: list[Path], suffix: str) -> list[Path | list[Path]]:
    """a.pdf and a<suffix>.pdf become one document; a<suffix>.pdf alone stays alone."""
    names = {p.stem: p for p in found}
    out: list[Path | list[Path]] = []
    for path in found:
        partner = names.get(path.stem + suffix)
        if partner is not None:
            out.append([path, partner])
        elif not (path.stem.endswith(suffix) and path.stem[: -len(suffix)] in names):
            out.append(path)
    return out


@app.command()
def extract(paths: list[Path] = typer.Argument(..., help="PDF or text files, or folders of them"),
            out: Path = typer.Option(Path("data/processed"), "--out", "-o", help="where the store is written"),
            engine: str = typer.Option("auto", help="PDF table engine (see benchmarks/extract.py)"),
            pair_suffix: str = typer.Option("", help="in folders, read a.pdf and a<SUFFIX>.pdf as one document")
            ) -> None:
    """Read documents, audit them and write Parquet, DuckDB, CSV and XLSX into OUT."""
    documents, failures = [], []
    files = expand(paths, pair_suffix)
    for number, path in enumerate(files, start=1):
        started = time.perf_counter()
        try:
            document = read(path, engine=engine)
        except BudgetError as error:
            failures.append({"file": str(path), "error": type(error).__name__, "reason": str(error)})
            typer.echo(f"[{number}/{len(files)}] FAILED {error}", err=True)
            continue
        documents.append(document)
        bad = findings(document.checks)
        name = " + ".join(p.name for p in path) if isinstance(path, list) else path.name
        typer.echo(f"[{number}/{len(files)}] {name}: {document.meta['department']} {document.meta['year']} "
                   f"— {len(document.lines)} lines, {len(document.key_figures)} key figures, "
                   f"{len(bad)} findings ({time.perf_counter() - started:.2f} s)")
    if documents:
        database = save(documents, out)
        typer.echo(f"wrote {len(documents)} document(s) to {database} and {out}/*.parquet, csv/, budget.xlsx")
    report = out / "failures.csv"
    if failures:
        atomic_write(report, lambda p: pd.DataFrame(failures).to_csv(p, index=False, encoding="utf-8-sig"))
        typer.echo(f"{len(failures)} file(s) failed; see {report}", err=True)
        raise typer.Exit(1)
    report.unlink(missing_ok=True)


@app.command()
def check(path: Path = typer.Argument(..., help="a document (PDF or text form), a.pdf+b.pdf, or a folder"),
          show_all: bool = typer.Option(False, "--all", help="print every check, not only findings"),
          report: Path = typer.Option(None, "--report", help="write a reviewer's HTML report here"),
          summary: bool = typer.Option(False, "--summary", help="one line per document (for a folder)"),
          output_format: str = typer.Option("text", "--format", help="text, json or csv"),
          coverage: bool = typer.Option(False, "--coverage", help="what was read: tables, key figures, pages"),
          pair_suffix: str = typer.Option("-表格", help="in folders, read a.pdf and a<SUFFIX>.pdf as one document")
          ) -> None:
    """Audit documents: findings grouped by family, errors first, with pages; exit 1 on any error."""
    from budgetlib.audit.report import coverage as coverage_text
    from budgetlib.audit.report import html_report, machine_readable, summary_row, text_report

    files = expand([path], pair_suffix) if path.is_dir() else expand([path])
    if output_format not in ("text", "json", "csv"):
        raise typer.BadParameter(f"--format must be text, json or csv, not {output_format!r}")
    rows, frames, errors = [], [], 0
    for file in files:
        name = " + ".join(str(p) for p in file) if isinstance(file, list) else str(file)
        try:
            document = read(file)
        except BudgetError as error:
            typer.echo(f"error: {error}", err=True)
            rows.append({"file": name, "department": "", "year": None, "stage": "", "errors": None,
                         "warnings": None, "notes": None, "reading_problems": None, "completeness": None,
                         "grade": f"unreadable: {type(error).__name__}"})
            if len(files) == 1:
                raise typer.Exit(2) from error
            continue
        errors += int((document.checks["status"] == "fail").sum())
        if summary:
            rows.append(summary_row(document, name))
            continue
        if output_format != "text":
            frames.append(machine_readable(document.checks).assign(file=name))
        elif coverage:
            typer.echo(coverage_text(document))
        elif show_all:
            with pd.option_context("display.max_rows", None, "display.width", 200, "display.max_colwidth", 60):
                typer.echo(document.checks.to_string(index=False))
        else:
            typer.echo(text_report(document))
        if report is not None:
            target = report if len(files) == 1 else report.with_name(f"{report.stem}-{Path(name).stem}{report.suffix}")
            atomic_write(target, lambda p, d=document: p.write_text(html_report(d), encoding="utf-8"))
            typer.echo(f"wrote {target}", err=True)
    if summary:
        table = pd.DataFrame(rows).astype({"year": "Int64", "errors": "Int64", "warnings": "Int64", "notes": "Int64",
                                           "reading_problems": "Int64"})
        table = table.sort_values(["errors", "warnings"], ascending=False, na_position="first")
        _emit(table, output_format)
    elif frames:
        _emit(pd.concat(frames, ignore_index=True), output_format)
    if errors:
        raise typer.Exit(1)


def _emit(frame: pd.DataFrame, output_format: str) -> None:
    if output_format == "json":
        typer.echo(frame.to_json(orient="records", force_ascii=False, indent=1))
    elif output_format == "csv":
        typer.echo(frame.to_csv(index=False), nl=False)
    else:
        with pd.option_context("display.max_rows", None, "display.width", 220, "display.max_colwidth", 40):
            typer.echo(frame.to_string(index=False))


@app.command()
def show(path: Path) -> None:
    """Print the document's identity and key figures (万元)."""
    document = _read_or_exit(path)
    for key in ("department", "region", "year", "stage", "scope", "source_unit", "doc_id"):
        typer.echo(f"{key:>42}: {document.meta[key]}")
    for key, value in document.key_figures.items():
        typer.echo(f"{key:>42}: {value:,.2f} 万元")


@app.command()
def report(processed: Path = typer.Option(Path("data/processed"), help="the processed store"),
           out: Path = typer.Option(Path("reports"), help="reports/<department>/<year>/ are written here"),
           stage: str = typer.Option("预算", help="预算 or 决算"),
           department: list[str] = typer.Option(None, help="only these departments (default: all)")) -> None:
    """Execute the notebooks with papermill for every department-year in the store, then compare them."""
    from budgetlib.reports import run_all

    for timing in run_all(processed, out, stage, department or None):
        typer.echo(f"{timing['notebook']:>22} {timing['department']} {timing['year']}: {timing['seconds']:.1f} s")


@app.command("render-sample")
def render_sample_command(source: Path = typer.Argument(Path("data/raw/000_ebb61a327681cc18.txt")),
                          out: Path = typer.Option(Path("data/raw/rendered"), "--out", "-o")) -> None:
    """Render the text-form sample as ruled and unruled PDFs, with the grids' ground truth."""
    from budgetlib.render.sample_pdf import render_sample, write_truth

    out.mkdir(parents=True, exist_ok=True)
    for ruled in (True, False):
        target = out / f"{source.stem}.{'ruled' if ruled else 'unruled'}.pdf"
        truth = render_sample(source, target, ruled=ruled, font_cache=Path(".cache/fonts"))
        typer.echo(f"wrote {target} ({truth['pages']} pages, {len(truth['tables'])} tables)")
    write_truth(truth, out / f"{source.stem}.truth.json")


def _read_or_exit(path: Path):
    try:
        return read(path)
    except BudgetError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from error


def main() -> None:  # console-script entry point
    app()


if __name__ == "__main__":
    sys.exit(main())
