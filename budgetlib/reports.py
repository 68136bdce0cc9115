"""Run the notebook collection with papermill: per department-year, and once across departments.

Each run writes the executed notebook, an HTML version without code (for people without Jupyter)
and the charts to reports/<department>/<year>/. Notebooks are kept as jupytext py:percent files; the
.ipynb papermill executes is generated from them.
"""

from __future__ import annotations

import time
from pathlib import Path

import jupytext
import nbformat
import papermill
from nbconvert import HTMLExporter

from budgetlib.analysis.store_view import documents
from budgetlib.store import atomic_write

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
PER_DOCUMENT = ("overview", "basic_vs_project", "indicator_weights", "year_over_year")
ACROSS = ("compare_departments",)


def notebook(name: str, folder: Path = NOTEBOOKS) -> Path:
    """The .ipynb of a notebook, generated from its py:percent source when missing or older."""
    source, target = folder / f"{name}.py", folder / f"{name}.ipynb"
    if not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
        jupytext.write(jupytext.read(source), target)
    return target


def run(name: str, parameters: dict, out: Path, kernel: str = "python3") -> float:
    """Execute one notebook; returns seconds. Outputs: <name>.ipynb and <name>.html (no code) in out."""
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    executed = out / f"{name}.ipynb"
    papermill.execute_notebook(str(notebook(name)), str(executed), parameters=parameters, kernel_name=kernel,
                               cwd=str(NOTEBOOKS), progress_bar=False)
    html, _ = HTMLExporter(exclude_input=True).from_notebook_node(nbformat.read(executed, as_version=4))
    atomic_write(out / f"{name}.html", lambda p: p.write_text(html, encoding="utf-8"))
    return time.perf_counter() - started


def run_all(processed: Path, reports: Path, stage: str = "预算", only: list[str] | None = None) -> list[dict]:
    """Every per-document notebook for every department-year in the store, then the comparison."""
    timings = []
    for doc in documents(processed).itertuples():
        if doc.stage != stage or (only and doc.department_name not in only):
            continue
        out = reports / doc.department_name / str(doc.year)
        parameters = {"department": doc.department_name, "year": int(doc.year), "stage": doc.stage,
                      "processed_dir": str(processed.resolve()), "output_dir": str(out.resolve())}
        for name in PER_DOCUMENT:
            timings.append({"notebook": name, "department": doc.department_name, "year": doc.year,
                            "seconds": round(run(name, parameters, out), 2)})
    out = reports / "_comparison"
    for name in ACROSS:
        parameters = {"processed_dir": str(processed.resolve()), "output_dir": str(out.resolve()), "stage": stage}
        seconds = round(run(name, parameters, out), 2)
        timings.append({"notebook": name, "department": "", "year": "", "seconds": seconds})
    return timings
