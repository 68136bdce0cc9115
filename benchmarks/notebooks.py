"""Time each notebook of the collection against a trivial papermill notebook, both started the same way.

    python benchmarks/notebooks.py [--processed DIR] [--department NAME] [--year N] [--start fork,spawn]
                                   [--repeat N]

The trivial notebook (one parameters cell, one print) measures papermill's and the kernel's own overhead;
the difference is what a notebook's work costs. Every notebook, the trivial one included, runs in a kernel
of its own, started by budgetlib's kernel manager (budgetlib.kernels) in the way named by --start:
- spawn: a new Python process per kernel (`python -m ipykernel_launcher`), as jupyter_client does;
- fork: a new process per kernel, forked from the kernel parent (imports done once, no notebook code run).
Target (issue 14): each notebook ≤ 2× the trivial notebook of the same start method.

Printed per notebook: wall time (best of --repeat), and the CPU seconds of that run, kernel and this process
(papermill, and the HTML of an analysis notebook) together, with the HTML's share: on a machine shared
with other work, CPU time is the steadier figure.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from budgetlib import kernels  # noqa: E402
from budgetlib.html import to_html  # noqa: E402
from budgetlib.reports import ACROSS, PER_DOCUMENT, _execute, run  # noqa: E402


def trivial_source(folder: Path) -> Path:
    notebook = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "language": "python",
                                                                 "display_name": "Python 3"},
                                                  "language_info": {"name": "python"}})
    parameters = nbformat.v4.new_code_cell("x = 1")
    parameters.metadata["tags"] = ["parameters"]
    notebook.cells = [parameters, nbformat.v4.new_code_cell("print(x)")]
    source = folder / "trivial.ipynb"
    nbformat.write(notebook, source)
    return source


def trivial(folder: Path) -> float:
    """One trivial notebook through budgetlib's kernel manager (the way every report notebook runs)."""
    source = trivial_source(folder)
    started = time.perf_counter()
    _execute(source, folder / "trivial.out.ipynb", {"x": 2}, "python3")
    return time.perf_counter() - started


def cpu() -> float:
    """CPU seconds so far of this process, its spawned kernels (reaped) and its forked kernels (exited)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    forked = getattr(kernels, "FORKED_CPU", {})  # (absent from versions before the kernel parent)
    return (own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime + forked.get("user", 0.0)
            + forked.get("system", 0.0))


def measured(action: Callable[[], float], repeat: int) -> tuple[float, float]:
    """(wall, CPU) of the fastest of `repeat` runs."""
    runs = []
    for _ in range(repeat):
        before = cpu()
        wall = action()
        runs.append((wall, cpu() - before))
    return min(runs)


def html_seconds(executed: Path, name: str) -> float:
    started = time.perf_counter()
    to_html(executed, name)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processed", type=Path, default=ROOT / "data" / "processed")
    parser.add_argument("--department", default="重庆市南岸区人民政府办公室")
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--start", default="spawn,fork", help="kernel start methods to measure, in order")
    parser.add_argument("--repeat", type=int, default=2, help="runs per notebook (the fastest is shown)")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f} (1 min); best of {args.repeat} runs "
          f"per notebook, 3 for the trivial one")
    summary = []
    for method in args.start.split(","):
        os.environ["BUDGETLIB_KERNEL_START"] = method
        described = kernels.describe() if hasattr(kernels, "describe") else "a new Python per kernel (this version)"
        print(f"\nkernels: {described}")
        with tempfile.TemporaryDirectory() as temporary:
            out = Path(temporary)
            trivial(out)  # warm-up, not counted: the file cache, and with fork the kernel parent's imports
            base, base_cpu = measured(lambda out=out: trivial(out), 3)
            print(f"{'trivial papermill notebook':>28}: {base:5.2f} s   cpu {base_cpu:5.2f} s")
            parameters = {"department": args.department, "year": args.year, "processed_dir": str(args.processed),
                          "output_dir": str(out)}
            worst = 0.0
            for name in [*PER_DOCUMENT, *ACROSS]:
                wall, used = measured(lambda name=name, out=out, given=parameters: run(name, given, out), args.repeat)
                html = html_seconds(out / f"{name}.ipynb", name)
                worst = max(worst, wall / base)
                print(f"{name:>28}: {wall:5.2f} s   cpu {used:5.2f} s (HTML {html:.2f} s)   "
                      f"{wall / base:.1f}× trivial, +{wall - base:.2f} s")
            summary.append((method, base, worst))
    print()
    for method, base, worst in summary:
        print(f"{method:>5}: trivial {base:.2f} s; slowest notebook {worst:.1f}× trivial (target ≤ 2×)")


if __name__ == "__main__":
    main()
