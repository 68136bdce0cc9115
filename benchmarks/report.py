"""One PDF to its reports, timed as a user runs it: `budgetlib report my.pdf --out dir` (kernel starts included).

    python benchmarks/report.py [PDF] [--repeat N] [--start spawn,fork]

Target: ≤ 20 s on a 2-core machine for a 30-page document, kernel start included. Default document: a 31-page
Shanghai budget from the corpus (BUDGETLIB_CORPUS, default ../shared/corpus), else the rendered sample. The peer
in the same run is a trivial papermill notebook (one parameters cell, one print), its kernel started the same
way: the floor any notebook report pays for its kernel; each notebook's own time is printed beside it.

Each kernel start method (--start; budgetlib.kernels) is measured in turn, the command run as a new process
with BUDGETLIB_KERNEL_START set: wall time (best of --repeat) and the CPU seconds of that run, the command and
everything it started (kernels, and the kernel parent) together: on a shared machine, the steadier figure.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.notebooks import trivial  # noqa: E402
from budgetlib import kernels  # noqa: E402

CORPUS = Path(os.environ.get("BUDGETLIB_CORPUS", ROOT.parent / "shared" / "corpus"))
DEFAULT = CORPUS / "shanghai" / "上海市普陀区人民政府万里街道办事处-2025-预算.pdf"
FALLBACK = ROOT / "data" / "raw" / "rendered" / "000_ebb61a327681cc18.ruled.pdf"


def pages(pdf: Path) -> int:
    import pypdfium2

    return len(pypdfium2.PdfDocument(str(pdf)))


def children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def once(pdf: Path) -> tuple[float, float, str]:
    """(wall, CPU, output) of one `budgetlib report PDF`."""
    with tempfile.TemporaryDirectory() as out:
        before = children_cpu()
        started = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "budgetlib.cli", "report", str(pdf), "--out", out],
                                capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - started
        used = children_cpu() - before
    if result.returncode not in (0, 1):
        raise RuntimeError(result.stderr[-2000:])
    return seconds, used, result.stdout + result.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", nargs="?", type=Path, default=DEFAULT if DEFAULT.exists() else FALLBACK)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--start", default="spawn,fork", help="kernel start methods to measure, in order")
    args = parser.parse_args()
    print(f"document: {args.pdf.name} ({pages(args.pdf)} pages); machine: {os.cpu_count()} cores, "
          f"load {os.getloadavg()[0]:.1f} (1 min)")
    results = []
    for method in args.start.split(","):
        os.environ["BUDGETLIB_KERNEL_START"] = method
        described = kernels.describe() if hasattr(kernels, "describe") else "a new Python per kernel (this version)"
        print(f"\nkernels: {described}")
        with tempfile.TemporaryDirectory() as folder:
            trivial(Path(folder))  # warm-up (with fork: the kernel parent's imports), not counted
            floor = min(trivial(Path(folder)) for _ in range(3))
        print(f"{'trivial papermill notebook':>30}: {floor:.2f} s")
        runs = [once(args.pdf) for _ in range(args.repeat)]
        best, used, output = min(runs, key=lambda run: run[0])
        for line in output.splitlines():
            match = re.search(r"^\s*(\w+) .*: (\d+\.\d) s$", line)
            if match:
                seconds = float(match.group(2))
                print(f"{match.group(1):>30}: {seconds:.1f} s ({seconds / floor:.1f}× trivial)")
        print(f"{'budgetlib report (end to end)':>30}: {best:.1f} s, cpu {used:.1f} s (best of {args.repeat}; "
              "target ≤ 20 s)")
        results.append((method, best, used))
    print()
    for method, best, used in results:
        print(f"{method:>5}: budgetlib report {best:.1f} s wall, {used:.1f} s CPU (target ≤ 20 s on 2 cores)")


if __name__ == "__main__":
    main()
