"""The work a batch hands out: module-level functions, so that a thread of the local pool and a Dask worker
run exactly the same code.

- `read_document(paths, engine, limits)` reads one document (a file, or a narrative with its tables) in the
  calling thread's bounded worker process (budgetlib.worker: a memory limit and a time limit), and returns
  the BudgetDocument: its frames travel back to the one process that writes the store.
- `run_notebook(name, parameters, folder)` executes one notebook with papermill into its report folder
  (budgetlib.reports.run), and returns its seconds. On a cluster the report folder must be on a file system
  the workers share with the client (as the input PDFs must be).

Errors are raised as themselves; the caller records them (budgetlib.failures.guarded).
"""

from __future__ import annotations

import os
from pathlib import Path


def read_document(paths: list[str], engine: str = "auto", limits=None):
    """One document, read in this thread's bounded worker process."""
    from budgetlib import worker

    target = [Path(p) for p in paths] if len(paths) > 1 else Path(paths[0])
    return worker.read(target, engine=engine, limits=limits)


def run_notebook(name: str, parameters: dict, folder: str) -> float:
    from budgetlib.reports import run

    return run(name, parameters, Path(folder))


def peak_memory() -> dict:
    """This process's peak resident memory and that of its children (the bounded readers), in bytes."""
    import resource

    scale = 1 if os.uname().sysname == "Darwin" else 1024
    return {"self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale,
            "children": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale}
