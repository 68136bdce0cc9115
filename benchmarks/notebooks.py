"""Time each notebook of the collection against a trivial papermill notebook, same kernel, same run.

    python benchmarks/notebooks.py [--processed DIR] [--department NAME] [--year N]

The trivial notebook (one parameters cell, one print) measures papermill's and the kernel's own
overhead; the difference is what a notebook's work costs.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import papermill

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from budgetlib.reports import ACROSS, PER_DOCUMENT, run  # noqa: E402


def trivial(folder: Path) -> float:
    notebook = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "language": "python",
                                                                 "display_name": "Python 3"},
                                                  "language_info": {"name": "python"}})
    parameters = nbformat.v4.new_code_cell("x = 1")
    parameters.metadata["tags"] = ["parameters"]
    notebook.cells = [parameters, nbformat.v4.new_code_cell("print(x)")]
    source = folder / "trivial.ipynb"
    nbformat.write(notebook, source)
    started = time.perf_counter()
    papermill.execute_notebook(str(source), str(folder / "trivial.out.ipynb"), parameters={"x": 2},
                               kernel_name="python3", progress_bar=False)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processed", type=Path, default=ROOT / "data" / "processed")
    parser.add_argument("--department", default="重庆市南岸区人民政府办公室")
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        out = Path(temporary)
        base = min(trivial(out) for _ in range(3))
        print(f"{'trivial papermill notebook':>28}: {base:.2f} s")
        parameters = {"department": args.department, "year": args.year, "processed_dir": str(args.processed),
                      "output_dir": str(out)}
        for name in [*PER_DOCUMENT, *ACROSS]:
            seconds = run(name, parameters, out)
            print(f"{name:>28}: {seconds:.2f} s  ({seconds / base:.1f}× trivial, +{seconds - base:.2f} s)")


if __name__ == "__main__":
    main()
