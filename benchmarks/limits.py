"""What the limits and the worker cost, and what they save: the same documents read by `budgetlib.read` in one
process (the reader's limits only: size, pages, cells, characters) and in a worker with a time and memory limit
(budgetlib.worker, as `extract` reads), in the same run, each measured as its own process tree.

    python benchmarks/limits.py [--corpus DIR] [--skip-slow]

Prints wall time and peak resident memory (the largest process of the tree, from getrusage) for:
- the sample: the worker's overhead on an ordinary document (one interpreter start, a pickled result);
- a 1 MB line of 200,000 cells (before the limits: 442 s and 12 GB, then a crash, in the security review);
- a 3 MB PDF whose content stream inflates to 3 GiB (before: 4.2 GB; read in this process here only with
  --unbounded-bomb, as it needs that much memory), under a 512 MB memory limit;
- a 1,000-page corpus document (every page a real table page; the review: 33 s, 426 MB), unless --skip-slow.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hostile import content_bomb, repeated_pages  # noqa: E402

IN_PROCESS = "import sys, budgetlib\ntry:\n    budgetlib.read(sys.argv[1])\nexcept budgetlib.BudgetError as e:\n" \
             "    print(type(e).__name__, str(e)[:100])\n"
BOUNDED = "import sys\nfrom budgetlib.limits import Limits\nfrom budgetlib.worker import Worker, read\n" \
          "from budgetlib.errors import BudgetError\nwith Worker(Limits(memory_mb=float(sys.argv[2]))) as w:\n" \
          "    try:\n        read(sys.argv[1], worker=w)\n    except BudgetError as e:\n" \
          "        print(type(e).__name__, str(e)[:100])\n"
MEASURE = ("import resource, subprocess, sys, time\nstarted = time.perf_counter()\n"
           "subprocess.call(sys.argv[1:])\n"
           "print(f'{time.perf_counter() - started:.2f} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}')\n")


def measure(code: str, *args: str) -> tuple[float, float, str]:
    """(seconds, peak MB, what it printed) of `python -c code args` as its own process tree."""
    result = subprocess.run([sys.executable, "-c", MEASURE, sys.executable, "-c", code, *args], capture_output=True,
                            text=True, check=False, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    *said, figures = result.stdout.strip().splitlines() or ["", "nan 0"]
    seconds, peak = figures.split()
    return float(seconds), int(peak) / 1024, " ".join(said)[:90]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path(os.environ.get("BUDGETLIB_CORPUS",
                                                                            ROOT.parent / "shared" / "corpus")))
    parser.add_argument("--skip-slow", action="store_true", help="leave out the 1,000-page document")
    parser.add_argument("--unbounded-bomb", action="store_true", help="also read the bomb in-process (needs 4+ GB)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="budgetlib-limits-") as work:
        folder = Path(work)
        cases = {"the sample (text)": ROOT / "data" / "raw" / "000_ebb61a327681cc18.txt"}
        wide = folder / "wide.txt"
        wide.write_text("2025年部门收支总表\n" + "\t".join(["1"] * 200_000) + "\n", encoding="utf-8")
        cases["a row of 200,000 cells"] = wide
        bomb = folder / "bomb.pdf"
        bomb.write_bytes(content_bomb(3 * 2**30))
        cases["a 3 GiB content-stream bomb"] = bomb
        tables = options.corpus / "jiangsu" / "江苏省委办公厅-2018-预算-表格.pdf"
        if not options.skip_slow and tables.exists():
            cases["1,000 pages of tables"] = repeated_pages(tables, [page % 15 for page in range(1000)],
                                                            folder / "long.pdf")
        print(f"{'document':<28} {'budgetlib.read, one process':>30} {'worker (memory limit)':>32}  refusal")
        for name, path in cases.items():
            if name.startswith("a 3 GiB") and not options.unbounded_bomb:
                unbounded = "not run (review: 4.2 GB)"
            else:
                seconds, peak, _ = measure(IN_PROCESS, str(path))
                unbounded = f"{seconds:7.2f} s {peak:7.0f} MB"
            memory = "512" if name.startswith("a 3 GiB") else "2048"
            seconds, peak, said = measure(BOUNDED, str(path), memory)
            print(f"{name:<28} {unbounded:>30} {seconds:7.2f} s {peak:7.0f} MB ({memory:>4} MB)  {said}")


if __name__ == "__main__":
    main()
