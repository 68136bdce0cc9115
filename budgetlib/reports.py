"""Run the notebook collection with papermill: per department-year, and once across departments.

Each run writes the executed notebook, an HTML version without code (for people without Jupyter)
and the charts to reports/<department>/<year>/. Notebooks are kept as jupytext py:percent files,
shipped inside the package (budgetlib/notebooks/); the .ipynb papermill executes is generated from
them in a temporary folder, so a read-only or non-editable install works.

The department name comes from a document and is never trusted as a path: its folder is one safe
component (budgetlib.paths), and papermill, which runs `str.format` on the paths it is given, gets
them with their braces escaped. One notebook that fails does not stop the others.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import jupytext
import nbformat
import pandas as pd
import papermill
from nbconvert import HTMLExporter

from budgetlib.analysis.store_view import documents
from budgetlib.errors import NotebookError
from budgetlib.failures import LOG_NAME, Failure, guarded, refusal
from budgetlib.paths import inside
from budgetlib.store import atomic_write

NOTEBOOKS = Path(__file__).resolve().parent / "notebooks"
PER_DOCUMENT = ("overview", "basic_vs_project", "indicator_weights", "year_over_year")
ACROSS = ("compare_departments",)


def notebook(name: str, folder: Path) -> Path:
    """The .ipynb of a notebook, generated into `folder` (a temporary one) from its py:percent source."""
    source = NOTEBOOKS / f"{name}.py"
    if not source.is_file():
        known = ", ".join(sorted(p.stem for p in NOTEBOOKS.glob("*.py")))
        raise NotebookError(source, f"no such notebook; the package holds: {known}")
    target = folder / f"{name}.ipynb"
    jupytext.write(jupytext.read(source), target)
    return target


def unformatted(path: Path) -> str:
    """A path papermill will not rewrite: it calls str.format on paths, so `{…}` is escaped as `{{…}}`."""
    return str(path).replace("{", "{{").replace("}", "}}")


def run(name: str, parameters: dict, out: Path, kernel: str = "python3") -> float:
    """Execute one notebook; returns seconds. Outputs: <name>.ipynb and <name>.html (no code) in out.
    A notebook that stops on an error, or whose kernel dies, raises NotebookError."""
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    executed = out / f"{name}.ipynb"
    with tempfile.TemporaryDirectory(prefix="budgetlib-notebook-") as work:
        try:
            papermill.execute_notebook(unformatted(notebook(name, Path(work))), unformatted(executed),
                                       parameters=parameters, kernel_name=kernel, cwd=work, progress_bar=False)
        except PapermillExecutionError as error:
            raise NotebookError(executed, f"stopped at cell [{error.exec_count}]: {error.ename}: {error.evalue}"
                                ) from error
        except (DeadKernelError, CellTimeoutError) as error:
            raise NotebookError(executed, f"the kernel stopped ({type(error).__name__}: {error})") from error
    html, _ = HTMLExporter(exclude_input=True).from_notebook_node(nbformat.read(executed, as_version=4))
    atomic_write(out / f"{name}.html", lambda p: p.write_text(html, encoding="utf-8"))
    return time.perf_counter() - started


def run_all(processed: Path, reports: Path, stage: str = "预算", only: list[str] | None = None,
            names: list[str] | None = None, progress=None) -> tuple[list[dict], list[Failure]]:
    """Every per-document notebook for every department-year in the store, then the comparison.
    Returns the timings and the failures (a failed notebook is recorded and the rest still run)."""
    timings, failures = [], []
    log = reports / LOG_NAME

    def attempt(name: str, parameters: dict, out: Path, department: str, year) -> None:
        result = guarded(str(out / f"{name}.ipynb"), "notebook", log, lambda: round(run(name, parameters, out), 2))
        if isinstance(result, Failure):
            failures.append(result)
            record = {"notebook": name, "department": department, "year": year, "failure": result}
        else:
            record = {"notebook": name, "department": department, "year": year, "seconds": result}
            timings.append(record)
        if progress:
            progress(record)

    for doc in documents(processed).itertuples():
        if doc.stage != stage or (only and doc.department_name not in only):
            continue
        if pd.isna(doc.year):  # nothing to file it under, and the notebooks pick documents by year
            failure = refusal(doc.source, "notebook", NotebookError(
                doc.source, f"{doc.department_name or 'a document'} has no year in the store; its notebooks "
                            "need one (see `budgetlib show` for what was read)"))
            failures.append(failure)
            if progress:
                progress({"notebook": "(all)", "department": doc.department_name, "year": "", "failure": failure})
            continue
        out = inside(reports, doc.department_name, int(doc.year))
        parameters = {"department": doc.department_name, "year": int(doc.year), "stage": doc.stage,
                      "processed_dir": str(processed.resolve()), "output_dir": str(out.resolve())}
        for name in PER_DOCUMENT:
            if names is None or name in names:
                attempt(name, parameters, out, doc.department_name, doc.year)
    out = inside(reports, "_comparison")
    for name in ACROSS:
        if names is None or name in names:
            parameters = {"processed_dir": str(processed.resolve()), "output_dir": str(out.resolve()), "stage": stage}
            attempt(name, parameters, out, "", "")
    return timings, failures
