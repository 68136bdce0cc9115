"""Run the notebook collection with papermill: per document, and once across departments.

Each document's reports go to reports/<region>/<department>/<year>/<stage>-<scope>/: the executed
notebooks, an HTML version of each for readers (budgetlib.html: no code, no prompts, self-contained)
and every chart as PNG, SVG and CSV. A 部门 and a 单位 document of one department and year are two
reports. Notebooks are kept as jupytext py:percent files, shipped inside the package
(budgetlib/notebooks/); the .ipynb papermill executes is generated from them in a temporary folder.

The department name comes from a document and is never trusted as a path: each folder is one safe
component (budgetlib.paths), and papermill, which runs `str.format` on the paths it is given, gets
them with their braces escaped. A notebook that fails is recorded in failures.csv, its executed
notebook kept, and the others run on. A document's notebooks run side by side (threads; each has
its own kernel process), which is what brings one PDF's reports near the 20 s target.
"""

from __future__ import annotations

import functools
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd

from budgetlib.analysis.store_view import STAGES, documents, holdings
from budgetlib.errors import FolderError, NotebookError
from budgetlib.failures import LOG_NAME, Failure, guarded, refusal
from budgetlib.paths import inside
from budgetlib.store import atomic_write

NOTEBOOKS = Path(__file__).resolve().parent / "notebooks"
PER_DOCUMENT = ("overview", "basic_vs_project", "indicator_weights", "year_over_year")
ACROSS = ("compare_departments",)
TITLES = {"overview": "概览", "basic_vs_project": "基本支出与项目支出", "indicator_weights": "绩效指标权重",
          "year_over_year": "年度变化", "compare_departments": "部门比较"}
ENGINE = "budgetlib"  # the papermill engine of the reports (_engine)
JOBS = 4  # all of a document's notebooks at once: kernel starts overlap (measured: 28 s vs 42 s on 2 busy cores)


def notebook(name: str, folder: Path) -> Path:
    """The .ipynb of a notebook, generated into `folder` (a temporary one) from its py:percent source."""
    source = NOTEBOOKS / f"{name}.py"
    if not source.is_file():
        known = ", ".join(sorted(p.stem for p in NOTEBOOKS.glob("*.py")))
        raise NotebookError(source, f"no such notebook; the package holds: {known}")
    target = folder / f"{name}.ipynb"
    status = source.stat()
    target.write_text(_ipynb(str(source), status.st_mtime_ns, status.st_size), encoding="utf-8")
    return target


@functools.lru_cache(maxsize=32)
def _ipynb(source: str, modified: int, size: int) -> str:
    """A notebook source as .ipynb text, converted once per process (and again when the source changes)."""
    import jupytext

    return jupytext.writes(jupytext.read(source), fmt="ipynb")


@functools.cache
def _engine() -> str:
    """papermill's nbclient engine, with the executed notebook written when the notebook starts and when it
    ends (or fails), not twice per cell: each write serialises and validates the whole notebook, its images
    included, some fifty times for a report. The executed notebook a failure leaves behind is the same:
    papermill writes it on the way out. Registered with papermill (under ENGINE) on first use, so that
    importing this module does not import papermill."""
    from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines

    class SavedAtStartAndEnd(NotebookExecutionManager):
        _quiet = False

        def save(self, **kwargs) -> None:
            if not self._quiet:
                super().save(**kwargs)

        def _unsaved(self, step, *args, **kwargs):
            """Run a per-cell step of papermill without the save it ends with."""
            self._quiet = True
            try:
                return step(*args, **kwargs)
            finally:
                self._quiet = False

        def cell_start(self, cell, cell_index=None, **kwargs):
            return self._unsaved(super().cell_start, cell, cell_index, **kwargs)

        def cell_complete(self, cell, cell_index=None, **kwargs):
            return self._unsaved(super().cell_complete, cell, cell_index, **kwargs)

    class ReportEngine(NBClientEngine):
        @classmethod
        def execute_notebook(cls, nb, kernel_name, output_path=None, progress_bar=True, log_output=False,
                             autosave_cell_every=30, **kwargs):
            manager = SavedAtStartAndEnd(nb, output_path=output_path, progress_bar=progress_bar,
                                         log_output=log_output, autosave_cell_every=autosave_cell_every)
            manager.notebook_start()
            try:
                cls.execute_managed_notebook(manager, kernel_name, log_output=log_output, **kwargs)
            finally:
                manager.cleanup_pbar()
                manager.notebook_complete()
            return manager.nb

    papermill_engines.register(ENGINE, ReportEngine)
    return ENGINE


def unformatted(path: Path) -> str:
    """A path papermill will not rewrite: it calls str.format on paths, so `{…}` is escaped as `{{…}}`."""
    return str(path).replace("{", "{{").replace("}", "}}")


def run(name: str, parameters: dict, out: Path, kernel: str = "python3") -> float:
    """Execute one notebook; returns seconds. Outputs: <name>.ipynb and <name>.html (for readers) in out.

    A notebook that stops on an error, or whose kernel dies, raises NotebookError; its executed notebook
    (with the error in it) is kept in out. No working-directory change: notebooks get absolute paths, and
    papermill's chdir would be shared by the notebooks running side by side."""
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    executed = out / f"{name}.ipynb"
    with tempfile.TemporaryDirectory(prefix="budgetlib-notebook-") as work:
        source = notebook(name, Path(work))
        try:
            _execute(source, executed, parameters, kernel)
        except PapermillExecutionError as error:
            raise NotebookError(executed, f"stopped at cell [{error.exec_count}]: {error.ename}: {error.evalue}"
                                ) from error
        except (DeadKernelError, CellTimeoutError) as error:
            raise NotebookError(executed, f"the kernel stopped ({type(error).__name__}: {error})") from error
    from budgetlib.html import to_html

    html = to_html(executed, TITLES.get(name, name))
    atomic_write(out / f"{name}.html", lambda p: p.write_text(html, encoding="utf-8"))
    return time.perf_counter() - started


def _execute(source: Path, executed: Path, parameters: dict, kernel: str) -> None:
    """papermill, with the kernel started on sockets of its own (budgetlib.kernels); a kernel that fails to
    start is started once more before the notebook counts as failed."""
    import papermill

    from budgetlib import kernels

    for attempt in (1, 2):
        try:
            papermill.execute_notebook(unformatted(source), unformatted(executed), parameters=parameters,
                                       kernel_name=kernel, progress_bar=False, engine_name=_engine(),
                                       kernel_manager_class=kernels.GuardedKernelManager)
            return
        except Exception as error:
            if attempt == 2 or not kernels.start_failure(error):
                raise
            kernels.RETRIES["count"] += 1


def folder_for(reports: Path, doc) -> Path:
    """reports/<region>/<department>/<year>/<stage>-<scope>/, each part one safe component."""
    return inside(reports, doc.region or "_", doc.department_name, int(doc.year), f"{doc.stage}-{doc.scope}")


def parameters_for(doc, processed: Path, out: Path) -> dict:
    """A per-document notebook's parameters (a row of store_view.documents, reported into `out`)."""
    return {"department": doc.department_name, "year": int(doc.year), "stage": doc.stage, "scope": doc.scope,
            "processed_dir": str(processed.resolve()), "output_dir": str(out.resolve())}


def comparison(processed: Path, reports: Path, stage: str) -> tuple[Path, dict]:
    """The cross-department notebook's folder and parameters for one stage."""
    out = inside(reports, "_comparison", stage)
    return out, {"processed_dir": str(processed.resolve()), "output_dir": str(out.resolve()), "stage": stage}


Progress = Callable[[dict], None]


def run_document(doc, processed: Path, reports: Path, names: list[str] | None = None, progress: Progress | None = None,
                 jobs: int = JOBS) -> tuple[list[dict], list[Failure]]:
    """Every per-document notebook for one document (a row of store_view.documents), side by side."""
    if pd.isna(doc.year):  # nothing to file it under, and the notebooks pick documents by year
        failure = refusal(doc.source, "notebook", NotebookError(
            doc.source, f"{doc.department_name or 'a document'} has no year in the store; its notebooks "
                        "need one (see `budgetlib show` for what was read)"))
        if progress:
            progress({"notebook": "(all)", "department": doc.department_name, "year": "", "stage": doc.stage,
                      "scope": doc.scope, "failure": failure})
        return [], [failure]
    out = folder_for(reports, doc)
    parameters = parameters_for(doc, processed, out)
    chosen = [name for name in PER_DOCUMENT if names is None or name in names]
    results = _attempt_all(chosen, parameters, out, reports / LOG_NAME, jobs,
                           {"department": doc.department_name, "year": int(doc.year), "stage": doc.stage,
                            "scope": doc.scope}, progress)
    return results


def _attempt_all(chosen: list[str], parameters: dict, out: Path, log: Path, jobs: int, labels: dict,
                 progress: Progress | None) -> tuple[list[dict], list[Failure]]:
    timings, failures = [], []

    def attempt(name: str) -> dict:
        result = guarded(str(out / f"{name}.ipynb"), "notebook", log, lambda: round(run(name, parameters, out), 2))
        record = {"notebook": name, **labels, "folder": out}
        record.update({"failure": result} if isinstance(result, Failure) else {"seconds": result})
        if progress:
            progress(record)
        return record

    with ThreadPoolExecutor(max(1, jobs)) as pool:
        for record in pool.map(attempt, chosen):
            (failures.append(record["failure"]) if "failure" in record else timings.append(record))
    return timings, failures


def select(processed: Path, stage: str | None = None, scope: str | None = None, only: list[str] | None = None,
           doc_ids: list[str] | None = None) -> pd.DataFrame:
    """The store's documents to report on; a stage or department the store does not hold is a clear error."""
    docs = documents(processed)
    if stage is not None and stage not in STAGES:
        raise FolderError(processed, f"stage must be one of {', '.join(STAGES)}, not {stage!r}")
    chosen = docs
    if doc_ids is not None:
        chosen = chosen[chosen["doc_id"].isin(doc_ids)]
    if stage:
        chosen = chosen[chosen["stage"] == stage]
    if scope:
        chosen = chosen[chosen["scope"] == scope]
    if only:
        chosen = chosen[chosen["department_name"].isin(only) | chosen["department"].isin(only)]
    if chosen.empty and (stage or scope or only):
        asked = ", ".join(str(v) for v in (stage, scope, *(only or [])) if v)
        raise FolderError(processed, f"no document for {asked}; the store holds: {holdings(docs)}")
    return chosen


def run_all(processed: Path, reports: Path, stage: str | None = None, only: list[str] | None = None,
            names: list[str] | None = None, progress: Progress | None = None, scope: str | None = None,
            doc_ids: list[str] | None = None, jobs: int = JOBS) -> tuple[list[dict], list[Failure]]:
    """Every per-document notebook for every chosen document, then the comparison once per stage.
    Returns the timings and the failures (a failed notebook is recorded and the rest still run)."""
    timings, failures = [], []
    chosen = select(processed, stage, scope, only, doc_ids)
    for doc in chosen.itertuples():
        done, failed = run_document(doc, processed, reports, names, progress, jobs)
        timings += done
        failures += failed
    across = [name for name in ACROSS if names is None or name in names]
    if across and doc_ids is None:
        for each in sorted(set(chosen["stage"])):
            out, parameters = comparison(processed, reports, each)
            done, failed = _attempt_all(across, parameters, out, reports / LOG_NAME, 1,
                                        {"department": "", "year": "", "stage": each, "scope": ""}, progress)
            timings += done
            failures += failed
    return timings, failures
