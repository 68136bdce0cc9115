"""The `budgetlib` command: extract, check, show, report.

A batch never stops on one bad file. Exit status of extract and report:
  0  every file (notebook) went through;
  1  some were refused, each named in OUT/failures.csv with the reason;
  2  nothing was read: a bad option, output folder or store (one line says which);
  3  an internal error (a bug) happened on some file: recorded in failures.csv as `internal error`, with its
     traceback in OUT/budgetlib.log; the other files went through;
  130 interrupted (Ctrl-C): every document finished before it is stored.

Each document is read in a worker process with a time and a memory limit (budgetlib.worker); the limits and
the wait for another process's lock on the store are options of `extract`.
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import typer

from budgetlib import failures as failure_log
from budgetlib.audit import findings
from budgetlib.batch.discover import documents_in
from budgetlib.errors import BudgetError, FolderError, StoreLocked
from budgetlib.failures import LOG_NAME, Failure, guarded
from budgetlib.limits import MB, Limits
from budgetlib.pipeline import read
from budgetlib.readers import SUFFIXES
from budgetlib.store import LOCK_TIMEOUT

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Chinese department budgets → tidy, audited data.")

EXIT_REFUSED, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 1, 2, 3, 130
ENGINES = ("auto", "native", "camelot")  # budgetlib.readers.pdf.ENGINES, checked equal by tests/test_cli.py
WARNINGS_SHOWN = 5  # more go to the log only


def expand(paths: list[Path], pair_suffix: str = "", problems: list[Failure] | None = None,
           empty: list[Path] | None = None) -> list[Path | list[Path]]:
    """Files as given, folders expanded to the readable files inside them (sorted, recursive);
    "a.pdf+b.pdf" is one document published as two files, and so is a.pdf with a<pair_suffix>.pdf.
    A subfolder that cannot be listed is added to `problems`; a folder with no document in it, to `empty`."""
    files: list[Path | list[Path]] = []
    for path in paths:
        if path.is_dir():
            found = documents_in(path, problems if problems is not None else [])
            if not found and empty is not None:
                empty.append(path)
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


LIMIT_HELP = {"file_mb": "largest file read, in MB", "pages": "most pages in a PDF",
              "seconds": "seconds to read one document (then it is stopped and refused)",
              "cell_chars": "most characters in a table cell or a paragraph", "row_cells": "most cells in a table row",
              "memory_mb": "memory the reader may use for one document, in MB"}
DEFAULTS = Limits()


@app.command()
def extract(paths: list[Path] = typer.Argument(..., help="PDF or text files, or folders of them",
                                               readable=False),  # an unreadable file is refused by name, not all
            out: Path = typer.Option(Path("data/processed"), "--out", "-o", help="where the store is written"),
            engine: str = typer.Option("auto", callback=lambda value: _one_of(value, ENGINES),
                                       help=f"PDF table engine: {', '.join(ENGINES)} (see benchmarks/extract.py)"),
            pair_suffix: str = typer.Option("", help="in folders, read a.pdf and a<SUFFIX>.pdf as one document"),
            department: str = typer.Option(None, help="the department's name, where the document names it wrongly"),
            aliases: Path = typer.Option(None, help="your alias file: alias,department[,file] (CSV)"),
            corrections: Path = typer.Option(None, help="your corrections: file,kind,code,measure,value,reason"),
            max_file_mb: float = typer.Option(DEFAULTS.file_mb, help=LIMIT_HELP["file_mb"]),
            max_pages: int = typer.Option(DEFAULTS.pages, help=LIMIT_HELP["pages"]),
            timeout: float = typer.Option(DEFAULTS.seconds, help=LIMIT_HELP["seconds"]),
            max_cell_chars: int = typer.Option(DEFAULTS.cell_chars, help=LIMIT_HELP["cell_chars"]),
            max_row_cells: int = typer.Option(DEFAULTS.row_cells, help=LIMIT_HELP["row_cells"]),
            max_memory_mb: float = typer.Option(DEFAULTS.memory_mb, help=LIMIT_HELP["memory_mb"]),
            lock_timeout: float = typer.Option(LOCK_TIMEOUT, help="seconds to wait while another process writes "
                                                                  "into the same store")
            ) -> None:
    """Read documents, audit them and write Parquet, DuckDB, CSV and XLSX into OUT.

    Each document is stored as soon as it is read; a file that cannot be read is named in OUT/failures.csv
    and the others go on. Another extract may write into the same OUT at the same time."""
    from budgetlib.worker import Worker

    limits = _limits(file_mb=max_file_mb, pages=max_pages, seconds=timeout, cell_chars=max_cell_chars,
                     row_cells=max_row_cells, memory_mb=max_memory_mb)
    with Worker(limits, fork=True) as worker:  # forked before this process opens the store or starts a thread
        worker.start()  # it imports while the folders and the store are checked
        _extract(worker, paths, out, engine, pair_suffix, limits, lock_timeout,
                 {"department": department, "aliases": aliases, "corrections": corrections})


def _extract(worker, paths: list[Path], out: Path, engine: str, pair_suffix: str, limits: Limits,
             lock_timeout: float, user: dict) -> None:
    from budgetlib.store import Store

    failed: list[Failure] = []
    empty: list[Path] = []
    files = expand(paths, pair_suffix, failed, empty)
    options = _reading_options(user["department"], user["aliases"], user["corrections"], len(files))
    for folder in empty:
        typer.echo(f"{'error' if not files else 'warning'}: no documents found in {folder} (looked for "
                   f"{' and '.join(SUFFIXES)} files)", err=True)
    if not files and not failed:
        if not empty:
            typer.echo("error: no documents found", err=True)
        raise typer.Exit(EXIT_USAGE)
    # the output folder is checked before anything is read
    store = _or_exit(lambda: Store(out, lock_timeout=lock_timeout, on_wait=lambda note: typer.echo(note, err=True)))
    for step in store.migrated:  # an older store, brought to this schema (see budgetlib.schema.MIGRATIONS)
        typer.echo(step, err=True)
    for failure in failed:
        _echo_failure(0, len(files), failure)
    try:
        stored, interrupted = _read_all(files, worker, store, engine, limits, failed, options)
        interrupted = _export(store, stored, len(files), failed) or interrupted
    finally:
        store.close()
    raise typer.Exit(_finish(out, failed, interrupted))


def _read_all(files: list, worker, store, engine: str, limits: Limits, failed: list[Failure],
              options: dict) -> tuple[int, bool]:
    """Read and store each document in turn (a duplicate of an earlier file is read once; a narrative and its
    tables published as two files are one document, see `_units`); returns how many were stored and whether
    Ctrl-C stopped the run. A store locked past the timeout stops it: the rest is listed."""
    log = store.out / LOG_NAME
    stored = duplicates = number = 0
    seen: dict[str, str] = {}
    done: set[str] = set()  # the files of the documents stored or failed so far

    def read_one(path: Path | list[Path]) -> object:
        """The document or its Failure; None for a duplicate of a file read before."""
        nonlocal duplicates
        digest = _digest(path, limits)
        if digest in seen:
            duplicates += 1
            typer.echo(f"[{files.index(path) + 1}/{len(files)}] {_name(path)}: a duplicate of {seen[digest]} "
                       "(the same content); read once")
            return None
        if digest:
            seen[digest] = _label(path)
        return guarded(_label(path), "read", log, lambda: worker.call(
            _label(path), read, path, engine=engine, limits=limits, **options))

    try:
        for path, result, seconds in _units(files, read_one):
            number += len(path) if isinstance(path, list) else 1
            done.update(_parts(path))
            label = _label(path)
            started = time.perf_counter()
            if not isinstance(result, Failure):
                stored_or_not = guarded(label, "store", log, lambda document=result: store.add(document))
                result = stored_or_not if isinstance(stored_or_not, Failure) else result
            if isinstance(result, Failure):
                failed.append(result)
                _echo_failure(number, len(files), result)
                if result.error_class == StoreLocked.__name__:
                    rest = [f for f in files if not set(_parts(f)) & done]
                    failed.extend(_not_read(rest, result))
                    typer.echo(f"stopped: {len(rest)} file(s) not stored while the store stays locked; "
                               "run extract again on them", err=True)
                    break
                continue
            stored += 1
            typer.echo(f"[{number}/{len(files)}] {_name(path)}: {result.meta['department']} {result.meta['year']} "
                       f"— {len(result.lines)} lines, {len(result.key_figures)} key figures, "
                       f"{len(findings(result.checks))} findings ({seconds + time.perf_counter() - started:.2f} s)")
            doubts = reading_summary(result)
            if doubts:
                typer.echo(f"    {doubts}")
    except KeyboardInterrupt:
        typer.echo(f"interrupted: {stored} document(s) stored; the one being read, and any read but not yet "
                   "paired with its narrative or tables, were not", err=True)
        return stored, True
    finally:
        if duplicates:
            typer.echo(f"{duplicates} file(s) were duplicates of files before them and were read once", err=True)
    return stored, False


def _parts(path: Path | list[Path]) -> list[str]:
    return [str(p) for p in path] if isinstance(path, list) else [str(path)]


def _units(files: list, read_one) -> Iterator[tuple[Path | list[Path], object, float]]:
    """(files, document or Failure, seconds) for each document: every file is read alone first; a narrative
    and a tables file that are one document (budgetlib.batch.pairing: the same department, year, stage and
    scope, each the other's only match) are read again together and yielded once, as that document.
    Files named together by the user (a.pdf+b.pdf, --pair-suffix) are read together from the start."""
    from budgetlib.batch import pairing

    held: dict[str, tuple[Path, object, float]] = {}
    for path in files:
        started = time.perf_counter()
        result = read_one(path)
        if result is None:  # a duplicate
            continue
        seconds = time.perf_counter() - started
        if isinstance(path, Path) and not isinstance(result, Failure) and pairing.role_of(result) in (
                "narrative", "tables"):
            held[str(path)] = (path, result, seconds)
            continue
        yield path, result, seconds
    probes = [pairing.probe(document, key, "") for key, (_, document, _) in held.items()]
    pairs, notes = pairing.pair(probes)
    for note in notes:
        typer.echo(f"note: {note}", err=True)
    for narrative, tables in pairs:
        paths = [held.pop(narrative.path)[0], held.pop(tables.path)[0]]
        started = time.perf_counter()
        result = read_one(paths)
        if result is not None:
            yield paths, result, time.perf_counter() - started
    yield from held.values()


def _export(store, stored: int, total: int, failed: list[Failure]) -> bool:
    """A new export set when documents were stored, or when the exports are behind the store (a run before this
    one stopped before its export); returns whether Ctrl-C interrupted it."""
    log = store.out / LOG_NAME
    try:
        behind = guarded(str(store.out), "store", log, store.exports_behind)
        if isinstance(behind, Failure):
            failed.append(behind)
            _echo_failure(total, total, behind)
        elif stored or behind:
            warnings: list[str] = []
            result = guarded(str(store.out), "store", log, lambda: store.export(warnings.append))
            _echo_warnings(warnings, log)
            if isinstance(result, Failure):
                failed.append(result)
                _echo_failure(total, total, result)
            else:
                typer.echo(f"wrote {stored} document(s) to {store.database}; exports in {store.out}: *.parquet, "
                           "csv/, budget.xlsx (MANIFEST.json lists them)")
    except KeyboardInterrupt:
        typer.echo(f"interrupted while exporting: {store.database} holds every stored document; the exports "
                   "are the previous complete set, refreshed by the next extract", err=True)
        return True
    return False


def _limits(**values) -> Limits:
    try:
        return Limits(**values)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from error


def _digest(path: Path | list[Path], limits: Limits) -> str:
    """The content's sha256 (a document's id is made from it), or "" for a file that is not a regular file
    within the size limit: that one is refused by the reader, by name."""
    digest = hashlib.sha256()
    for part in path if isinstance(path, list) else [path]:
        try:
            if not part.is_file() or part.stat().st_size > limits.file_mb * MB:
                return ""
            with part.open("rb") as handle:
                for block in iter(lambda handle=handle: handle.read(1 << 20), b""):
                    digest.update(block)
        except OSError:
            return ""
    return digest.hexdigest()


def _not_read(files: list, cause: Failure) -> list[Failure]:
    return [Failure(_label(path), "store", StoreLocked.__name__, f"{_label(path)}: not read: {cause.message}")
            for path in files]


def _reading_options(department: str | None, aliases: Path | None, corrections: Path | None, files: int) -> dict:
    """The user's corrections, loaded (and checked) once, before any document is read."""
    from budgetlib.corrections import CorrectionError, load_aliases, load_corrections

    if department and files > 1:
        raise typer.BadParameter(f"names one document's department, but {files} documents were given",
                                 param_hint="--department")
    try:
        return {"department": department or None, "aliases": load_aliases(aliases) if aliases else None,
                "corrections": load_corrections(corrections) if corrections else None}
    except CorrectionError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(EXIT_USAGE) from error


def reading_summary(document) -> str:
    """One line naming what may be misread in a document ('' when nothing is)."""
    from budgetlib.analysis.reading import problems, summary

    return summary(problems(document.lines, document.key_figures, document.checks, document.tables))


def _label(path: Path | list[Path]) -> str:
    return "+".join(str(p) for p in path) if isinstance(path, list) else str(path)


def _name(path: Path | list[Path]) -> str:
    return " + ".join(p.name for p in path) if isinstance(path, list) else path.name


def _echo_failure(number: int, total: int, failure: Failure) -> None:
    if failure.internal:
        typer.echo(f"[{number}/{total}] INTERNAL ERROR ({failure.stage}) {failure.file}: {failure.message}", err=True)
    else:
        typer.echo(f"[{number}/{total}] FAILED ({failure.stage}) {failure.message}", err=True)


def _echo_warnings(warnings: list[str], log: Path) -> None:
    for warning in warnings:
        failure_log.note(log, f"warning: {warning}")
    for warning in warnings[:WARNINGS_SHOWN]:
        typer.echo(f"warning: {warning}", err=True)
    if len(warnings) > WARNINGS_SHOWN:
        typer.echo(f"warning: … and {len(warnings) - WARNINGS_SHOWN} more (see {log})", err=True)


def _finish(out: Path, failed: list[Failure], interrupted: bool) -> int:
    """Write failures.csv (or remove a stale one) and choose the exit status."""
    report = out / failure_log.FILE_NAME
    failure_log.write(report, failed)
    internal = sum(failure.internal for failure in failed)
    if failed:
        refused = len(failed) - internal
        typer.echo(f"{refused} refused, {internal} internal error(s); see {report}"
                   + (f" and {out / LOG_NAME}" if internal else ""), err=True)
    if interrupted:
        return EXIT_INTERRUPTED
    return EXIT_INTERNAL if internal else EXIT_REFUSED if failed else 0


def _one_of(value: str, choices: tuple[str, ...]) -> str:
    """An option limited to a few words: anything else is a usage error (exit 2) that lists them."""
    if value not in choices:
        raise typer.BadParameter(f"{value!r} is not one of {', '.join(choices)}")
    return value


def _or_exit(action):
    """A folder that cannot be used is one line and exit status 2, before any work starts."""
    try:
        return action()
    except FolderError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(EXIT_USAGE) from error


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
    from budgetlib.store import atomic_write

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
def report(files: list[Path] = typer.Argument(None, help="PDF or text files: their reports only (a temporary store "
                                                       "unless --processed is given); default: every document of "
                                                       "--processed"),
           processed: Path = typer.Option(None, help="the processed store (default: data/processed; with FILES, "
                                                     "a temporary one)"),
           out: Path = typer.Option(Path("reports"), "--out", "-o",
                                    help="reports/<region>/<department>/<year>/<stage>-<scope>/ are written here"),
           stage: str = typer.Option(None, help="预算 or 决算 (default: both)"),
           scope: str = typer.Option(None, help="部门 or 单位 (default: both)"),
           department: list[str] = typer.Option(None, help="with FILES: the department's name; without: only "
                                                          "these departments"),
           notebook: list[str] = typer.Option(None, help="only these notebooks (default: all)"),
           aliases: Path = typer.Option(None, help="with FILES: your alias file (alias,department[,file])"),
           corrections: Path = typer.Option(None, help="with FILES: your corrections file"),
           pair_suffix: str = typer.Option("", help="in folders, read a.pdf and a<SUFFIX>.pdf as one document"),
           jobs: int = typer.Option(4, help="notebooks of a document run side by side")) -> None:
    """Execute the notebooks with papermill and write the reports: for FILES (read, audited and stored
    first), or for every document in the store, then compare them.

    A notebook that fails is named in OUT/failures.csv, its executed notebook kept, and the others still run."""
    import tempfile

    from budgetlib.reports import ACROSS, PER_DOCUMENT, run_all
    from budgetlib.store import Store, check_folder, check_store

    unknown = sorted(set(notebook or ()) - set(PER_DOCUMENT + ACROSS))
    if unknown:
        raise typer.BadParameter(f"unknown notebook(s) {', '.join(unknown)}; "
                                 f"expected {', '.join(PER_DOCUMENT + ACROSS)}", param_hint="--notebook")
    for value, choices, name in ((stage, ("预算", "决算"), "--stage"), (scope, ("部门", "单位"), "--scope")):
        if value is not None and value not in choices:
            raise typer.BadParameter(f"{value!r} is not one of {', '.join(choices)}", param_hint=name)
    if not files:  # the store first: a missing store writes nothing, not even the reports folder
        _or_exit(lambda: check_store(processed or Path("data/processed")))
    _or_exit(lambda: check_folder(out))
    failed: list[Failure] = []
    doc_ids = None
    temporary = None
    if files:
        from budgetlib import kernels

        kernels.prestart()  # the notebooks' kernel parent does its imports while the documents are read
        temporary = None if processed else tempfile.TemporaryDirectory(prefix="budgetlib-store-")
        processed = processed or Path(temporary.name)
        names = expand(files, pair_suffix)
        options = _reading_options(department[0] if department else None, aliases, corrections, len(names))
        store = _or_exit(lambda: Store(processed))
        doc_ids = []
        try:
            log = out / LOG_NAME
            number = 0
            reading = _units(names, lambda path: guarded(_label(path), "read", log,
                                                         lambda: read(path, engine="auto", **options)))
            for path, result, _ in reading:
                number += len(path) if isinstance(path, list) else 1
                if not isinstance(result, Failure):
                    stored = guarded(_label(path), "store", log, lambda document=result: store.add(document))
                    result = stored if isinstance(stored, Failure) else result
                if isinstance(result, Failure):
                    failed.append(result)
                    _echo_failure(number, len(names), result)
                    continue
                doc_ids.append(result.doc_id)
                meta = result.meta
                typer.echo(f"[{number}/{len(names)}] {_name(path)}: {meta['department']} {meta['year']} "
                           f"{meta['stage']}-{meta['scope']}")
                doubts = reading_summary(result)
                if doubts:
                    typer.echo(f"    {doubts}")
        finally:
            store.close()
        department = None
    processed = processed or Path("data/processed")
    _or_exit(lambda: check_store(processed))

    def progress(record: dict) -> None:
        where = f"{record['notebook']:>22} {record['department']} {record['year']} {record['stage']}"
        if "failure" in record:
            failure = record["failure"]
            label = "INTERNAL ERROR" if failure.internal else "FAILED"
            typer.echo(f"{where}: {label} {failure.message}", err=True)
        else:
            typer.echo(f"{where}: {record['seconds']:.1f} s")

    try:
        if doc_ids == []:
            timings = []
        else:
            timings, more = _or_exit(lambda: run_all(processed, out, stage, department or None, notebook or None,
                                                     progress, scope, doc_ids, jobs))
            failed += more
        for folder in sorted({t["folder"] for t in timings}):
            typer.echo(f"reports: {folder}/ — {', '.join(sorted(p.name for p in folder.glob('*.html')))}; "
                       f"{len(list(folder.glob('*.png')))} charts (PNG, SVG, CSV)")
    finally:
        if temporary is not None:
            temporary.cleanup()
    raise typer.Exit(_finish(out, failed, interrupted=False))


@app.command("render-sample")
def render_sample_command(source: Path = typer.Argument(Path("data/raw/000_ebb61a327681cc18.txt")),
                          out: Path = typer.Option(Path("data/raw/rendered"), "--out", "-o")) -> None:
    """Render the text-form sample in every style (ruled, unruled, …), with the grids' ground truth."""
    from budgetlib.render.sample_pdf import STYLES, render_sample, write_truth

    out.mkdir(parents=True, exist_ok=True)
    for name, style in STYLES.items():
        target = out / f"{source.stem}.{name}.pdf"
        truth = render_sample(source, target, style=style, font_cache=Path(".cache/fonts"))
        typer.echo(f"wrote {target} ({truth['pages']} pages, {len(truth['tables'])} tables)")
        truth_name = f"{source.stem}.truth.json" if name in ("ruled", "unruled") else f"{source.stem}.{name}.truth.json"
        write_truth(truth, out / truth_name)


@app.command()
def batch(inputs: list[Path] = typer.Argument(..., help="folders (searched recursively) or files"),
          out: Path = typer.Option(Path("data/processed"), "--out", "-o", help="the store and its exports"),
          reports: Path = typer.Option(Path("reports"), help="reports/<region>/<department>/<year>/<stage>-<scope>/ "
                                                             "and reports/index.html"),
          workers: int = typer.Option(None, help="documents and notebooks at once (default: the machine's cores)"),
          scheduler: str = typer.Option(None, help="a dask.distributed scheduler address (tcp://host:8786), or "
                                                   "`local` for a LocalCluster"),
          force: bool = typer.Option(False, "--force", help="redo everything, changed or not"),
          no_reports: bool = typer.Option(False, "--no-reports", help="documents only, no notebooks"),
          engine: str = typer.Option("auto", callback=lambda value: _one_of(value, ENGINES),
                                     help="PDF table engine")) -> None:
    """Every document under INPUTS to the store, then every report, in parallel; resumable and incremental.

    Narratives published apart from their tables are paired by what they hold. A second run does only what
    changed. Ends with a summary; failures are listed in OUT/failures.csv. Exit status 0 when everything
    went through or the only refusals were files that are not budgets, 1 when something failed, 3 on an
    internal error, 130 when interrupted."""
    from budgetlib.batch import run as run_batch
    from budgetlib.batch.summary import lines

    if workers is not None and workers < 1:
        raise typer.BadParameter("must be at least 1", param_hint="--workers")
    try:
        summary = run_batch(inputs, out, None if no_reports else reports, workers=workers, scheduler=scheduler,
                            force=force, engine=engine)
    except FolderError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(EXIT_USAGE) from error
    failure_log.write(out / failure_log.FILE_NAME, summary.failures)
    for line in lines(summary, out, None if no_reports else reports):
        typer.echo(line)
    raise typer.Exit(summary.exit_code())


def _read_or_exit(path: Path):
    from budgetlib.worker import Worker
    from budgetlib.worker import read as read_bounded

    try:
        with Worker(fork=True) as worker:
            return read_bounded(path, worker=worker)
    except BudgetError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from error


def main() -> None:  # console-script entry point
    app()


if __name__ == "__main__":
    sys.exit(main())

