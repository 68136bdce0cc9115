"""`budgetlib batch` at scale, against the targets of issue 14 (a benchmark, never a timed test).

    python benchmarks/batch.py [--corpus DIR] [--synthetic 500] [--notebook-documents 6] [--skip-synthetic]

Runs the command as a user does (a new process each time), on the corpus (BUDGETLIB_CORPUS, default
../shared/corpus) and on synthetic documents (budgetlib.render.synthetic: rendered with the project's renderer,
labelled synthetic, cached under benchmarks/.cache/), with 1 and 2 workers, and prints:
- documents per minute and notebooks per minute, and the speed-up of 2 workers over 1;
- papermill's overhead per notebook against a trivial notebook (the peer: what any notebook pays);
- 100 notebooks run side by side, with budgetlib's kernel guard and, in the same run, with papermill's default
  kernel manager: kernel failures of each;
- peak resident memory per process (the batch, its bounded readers, the kernels), sampled with psutil;
- the time of a re-run with nothing changed;
- one real document end to end (extract, audit, store, 4 notebooks) on one core (taskset);
- the 三公 ranking (per department per year) over a store of 10,000 synthetic documents, in DuckDB.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CORPUS = Path(os.environ.get("BUDGETLIB_CORPUS", ROOT.parent / "shared" / "corpus"))
CACHE = ROOT / "benchmarks" / ".cache"
ONE_DOCUMENT = "shanghai/上海市普陀区人民政府万里街道办事处-2025-预算.pdf"
MB = 2**20


class Memory:
    """Peak resident memory of a process and its descendants, by kind, sampled every 0.2 s."""

    def __init__(self, pid: int):
        import psutil

        self.root = psutil.Process(pid)
        self.peaks: dict[int, tuple[str, int]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                processes = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                return
            for process in processes:
                try:
                    kind = _kind(" ".join(process.cmdline()))
                    rss = process.memory_info().rss
                except psutil.Error:
                    continue
                if rss > self.peaks.get(process.pid, ("", 0))[1]:
                    self.peaks[process.pid] = (kind, rss)
            time.sleep(0.2)

    def stop(self) -> dict[str, float]:
        self._stop.set()
        self._thread.join()
        out: dict[str, float] = {}
        for kind, rss in self.peaks.values():
            out[kind] = max(out.get(kind, 0.0), rss / MB)
        return out


def _kind(command: str) -> str:
    if "budgetlib.worker" in command:
        return "bounded reader"
    if "ipykernel" in command or "budgetlib.kernels" in command:  # a kernel, or the kernel parent and its forks
        return "kernel"
    if "distributed" in command or "dask" in command:
        return "dask worker"
    return "batch (writer)"


def batch(inputs: list[Path], out: Path, *extra: str, cpus: str | None = None) -> dict:
    """One `budgetlib batch` run: wall time, documents and notebooks done, peak memory per process kind."""
    command = [sys.executable, "-m", "budgetlib.cli", "batch", *map(str, inputs), "--out", str(out), *extra]
    if cpus:
        command = ["taskset", "-c", cpus, *command]
    started = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    memory = Memory(process.pid)
    output, _ = process.communicate()
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    peaks = memory.stop()
    documents = re.search(r"documents\s+(\d+)\s+ok (\d+), refused (\d+), failed (\d+), skipped \(unchanged\) (\d+)",
                          output)
    notebooks = re.search(r"notebooks\s+(\d+)\s+ok (\d+), failed (\d+)", output)
    if documents is None:
        raise RuntimeError(f"no summary from {' '.join(command)}:\n{output[-2000:]}")
    return {"seconds": seconds, "ok": int(documents.group(2)), "refused": int(documents.group(3)),
            "failed": int(documents.group(4)), "skipped": int(documents.group(5)),
            "notebooks": int(notebooks.group(2)) if notebooks else 0,
            "notebooks_failed": int(notebooks.group(3)) if notebooks else 0, "memory": peaks,
            "exit": process.returncode, "times": _stage_times(output),
            "cpu": after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime}


def _stage_times(output: str) -> str:
    """The summary's time per stage, as the batch prints it, on one line."""
    found = re.search(r"time per stage:\n((?:    \S.*\n?)+)", output)
    if not found:
        return ""
    return "; ".join(" ".join(line.split()) for line in found.group(1).splitlines())


def synthetic(count: int) -> Path:
    """`count` synthetic documents (25 departments × years, or as many as needed), rendered once and cached."""

    folder = CACHE / f"synthetic-{count}"
    if len(list(folder.glob("synthetic-*.pdf"))) >= count:
        return folder
    years = list(range(2026 - max(1, count // 25) + 1, 2027)) if count >= 25 else [2026]
    departments = -(-count // len(years))
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    with ThreadPoolExecutor(os.cpu_count() or 1) as pool:  # rendering is in reportlab: one process per core
        list(pool.map(lambda number: subprocess.run(
            [sys.executable, "-c", "import sys; from pathlib import Path; from budgetlib.render.synthetic import "
             "write_one; write_one(Path(sys.argv[1]), int(sys.argv[2]), [int(y) for y in sys.argv[3:]])",
             str(folder), str(number), *map(str, years)], check=True, env={**os.environ, "PYTHONPATH": str(ROOT)}),
            range(1, departments + 1)))
    for extra in sorted(folder.glob("synthetic-*.pdf"))[count:]:
        extra.unlink()
    print(f"  rendered {count} synthetic documents in {time.perf_counter() - started:.0f} s ({folder})")
    return folder


def trivial_notebook(folder: Path, guarded: bool) -> float:
    import nbformat
    import papermill

    from budgetlib import kernels

    source = folder / "trivial.ipynb"
    if not source.exists():
        notebook = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "language": "python",
                                                                     "display_name": "Python 3"}})
        cell = nbformat.v4.new_code_cell("x = 1")
        cell.metadata["tags"] = ["parameters"]
        notebook.cells = [cell, nbformat.v4.new_code_cell("print(x)")]
        nbformat.write(notebook, source)
    target = folder / f"out-{threading.get_ident()}-{time.monotonic_ns()}.ipynb"
    extra = {"kernel_manager_class": kernels.GuardedKernelManager} if guarded else {}
    started = time.perf_counter()
    papermill.execute_notebook(str(source), str(target), parameters={"x": 2}, kernel_name="python3",
                               progress_bar=False, **extra)
    return time.perf_counter() - started


def parallel_notebooks(runs: int, at_once: int, guarded: bool) -> tuple[int, float]:
    """`runs` trivial notebooks, `at_once` at a time: (kernel failures, seconds)."""
    with tempfile.TemporaryDirectory() as folder:
        trivial_notebook(Path(folder), guarded)  # writes the source once

        def one(_):
            try:
                trivial_notebook(Path(folder), guarded)
                return 0
            except Exception:
                return 1

        started = time.perf_counter()
        with ThreadPoolExecutor(at_once) as pool:
            failures = sum(pool.map(one, range(runs)))
        return failures, time.perf_counter() - started


def notebook_overhead(processed: Path) -> dict[str, float]:
    """Each analysis notebook on one document, one at a time, and the trivial notebook (best of 3)."""
    from budgetlib.reports import PER_DOCUMENT, folder_for, parameters_for, run, select

    docs = select(processed)
    doc = docs.sort_values("line_count", ascending=False).iloc[0]
    with tempfile.TemporaryDirectory() as folder:
        out = folder_for(Path(folder), doc)
        times = {"trivial": min(trivial_notebook(Path(folder), True) for _ in range(3))}
        for name in PER_DOCUMENT:
            times[name] = run(name, parameters_for(doc, processed, out), out)
    return times


def ranking_10k(documents: int = 10_000) -> tuple[float, float]:
    import duckdb

    from budgetlib.render.synthetic import THREE_PUBLIC_RANKING, fill_store

    folder = CACHE / f"store-{documents}"
    started = time.perf_counter()
    if not (folder / "budget.duckdb").exists():
        fill_store(folder, documents)
    filled = time.perf_counter() - started
    with duckdb.connect(str(folder / "budget.duckdb"), read_only=True) as con:
        con.execute(THREE_PUBLIC_RANKING).df()  # warm
        best = min(_timed(lambda: con.execute(THREE_PUBLIC_RANKING).df()) for _ in range(5))
    return best, filled


def _timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


PARTS = ("corpus", "reports", "one", "overhead", "parallel", "synthetic", "ranking")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--synthetic", type=int, default=500)
    parser.add_argument("--notebook-documents", type=int, default=6, help="corpus documents whose reports are run")
    parser.add_argument("--parallel-notebooks", type=int, default=100)
    parser.add_argument("--skip-synthetic", action="store_true")
    parser.add_argument("--parts", default=",".join(PARTS),
                        help=f"which measures to take, of {', '.join(PARTS)} (default: all)")
    args = parser.parse_args()
    parts = set(args.parts.split(",")) - ({"synthetic"} if args.skip_synthetic else set())
    unknown = parts - set(PARTS)
    if unknown:
        parser.error(f"unknown part(s) {', '.join(sorted(unknown))}; expected some of {', '.join(PARTS)}")
    rows: list[tuple[str, str, str, str]] = []
    work = Path(tempfile.mkdtemp(prefix="budgetlib-bench-batch-"))
    print(f"work folder: {work}; machine: {os.cpu_count()} cores; load {os.getloadavg()[0]:.1f}")
    print(f"kernels: {kernels_described()}")
    try:
        corpus = [args.corpus]
        runs = {}
        if "corpus" in parts:
            for workers in (1, 2):
                runs[workers] = batch(corpus, work / f"corpus-{workers}", "--no-reports", "--workers", str(workers))
                r = runs[workers]
                print(f"corpus, {workers} worker(s): {r['ok']} ok, {r['refused']} refused, {r['failed']} failed in "
                      f"{r['seconds']:.1f} s; cpu {r['cpu']:.1f} s; peak MB {r['memory']}")
            rate = {w: 60 * runs[w]["ok"] / runs[w]["seconds"] for w in runs}
            rows.append(("corpus documents/min, 1 → 2 workers", f"{rate[1]:.1f} → {rate[2]:.1f}",
                         f"{rate[2] / rate[1]:.2f}×", "≥ 1.8×"))
            rerun = batch(corpus, work / "corpus-2", "--no-reports", "--workers", "2")
            rows.append(("re-run, nothing changed (corpus, documents)", f"{rerun['seconds']:.1f} s",
                         f"{rerun['skipped']} skipped", "≤ 5 s"))
        notebook_rates = {}
        if "reports" in parts:  # the reports of a few corpus documents, 1 and 2 workers
            subset = work / "subset"
            subset.mkdir()
            for path in sorted(args.corpus.rglob("*.pdf"))[: args.notebook_documents * 3]:
                if len(list(subset.iterdir())) < args.notebook_documents and "模板" not in path.name \
                        and "-表格" not in path.name and "附件" not in path.name:
                    shutil.copy(path, subset / path.name)
            for workers in (1, 2):
                r = batch([subset], work / f"nb-{workers}", "--reports", str(work / f"reports-{workers}"),
                          "--workers", str(workers))
                notebook_rates[workers] = (60 * r["notebooks"] / r["seconds"], r)
                print(f"reports of {r['ok']} documents, {workers} worker(s): {r['notebooks']} notebooks "
                      f"({r['notebooks_failed']} failed) in {r['seconds']:.1f} s; cpu {r['cpu']:.1f} s; "
                      f"peak MB {r['memory']}")
            n1, n2 = notebook_rates[1][0], notebook_rates[2][0]
            rows.append(("notebooks/min (documents + reports), 1 → 2 workers", f"{n1:.1f} → {n2:.1f}",
                         f"{n2 / n1:.2f}×", "≥ 1.8×"))
            again = batch([subset], work / "nb-2", "--reports", str(work / "reports-2"), "--workers", "2")
            rows.append(("re-run, nothing changed (documents + reports)", f"{again['seconds']:.1f} s",
                         f"{again['skipped']} documents skipped", "≤ 5 s"))
        if runs or notebook_rates:
            peak_reader = max((r["memory"].get("bounded reader", 0) for r in runs.values()), default=0)
            peak_kernel = max((notebook_rates[w][1]["memory"].get("kernel", 0) for w in notebook_rates), default=0)
            peak_writer = max((r["memory"].get("batch (writer)", 0) for r in runs.values()), default=0)
            rows.append(("peak RSS per worker (reader / kernel / writer)",
                         f"{peak_reader:.0f} / {peak_kernel:.0f} / {peak_writer:.0f} MB", "", "< 500 MB"))
        if "one" in parts or "overhead" in parts:
            one = work / "one"
            one.mkdir()
            shutil.copy(args.corpus / ONE_DOCUMENT, one / Path(ONE_DOCUMENT).name)
            single = batch([one], work / "one-out", "--reports", str(work / "one-reports"), "--workers", "1",
                           cpus="0")
            if "one" in parts:
                print(f"one document, one core: {single['seconds']:.1f} s, cpu {single['cpu']:.1f} s; "
                      f"stage times {single['times']}")
                rows.append(("one real document end to end, one core (31 pages, 4 notebooks + comparison)",
                             f"{single['seconds']:.1f} s", f"cpu {single['cpu']:.1f} s, "
                                                           f"{single['notebooks']} notebooks", "≤ 10 s"))
        if "overhead" in parts:
            times = notebook_overhead(work / "corpus-2" if (work / "corpus-2").exists() else work / "one-out")
            worst = max(v for k, v in times.items() if k != "trivial")
            rows.append(("notebook time / trivial notebook (worst of 4)",
                         ", ".join(f"{k} {v:.1f} s" for k, v in times.items()), f"{worst / times['trivial']:.1f}×",
                         "≤ 2×"))
        if "parallel" in parts:
            for guarded in (True, False):
                failures, seconds = parallel_notebooks(args.parallel_notebooks, 8, guarded)
                label = "budgetlib's kernel guard" if guarded else "papermill's default (peer)"
                rows.append((f"kernel failures in {args.parallel_notebooks} notebooks, 8 at once: {label}",
                             f"{failures}", f"{seconds:.0f} s", "0" if guarded else "—"))
        if "synthetic" in parts:
            folder = synthetic(args.synthetic)
            syn = {}
            for workers in (1, 2):
                syn[workers] = batch([folder], work / f"syn-{workers}", "--no-reports", "--workers", str(workers))
                print(f"{args.synthetic} synthetic, {workers} worker(s): {syn[workers]['ok']} ok in "
                      f"{syn[workers]['seconds']:.1f} s; peak MB {syn[workers]['memory']}")
            s1, s2 = (60 * syn[w]["ok"] / syn[w]["seconds"] for w in (1, 2))
            rows.append((f"{args.synthetic} synthetic documents/min, 1 → 2 workers", f"{s1:.1f} → {s2:.1f}",
                         f"{s2 / s1:.2f}×", "≥ 1.8×"))
        if "ranking" in parts:
            best, filled = ranking_10k()
            rows.append(("三公 ranking over 10,000 synthetic documents (DuckDB)", f"{best * 1000:.0f} ms",
                         f"store filled in {filled:.0f} s", "< 0.5 s"))
    finally:
        print()
        width = max(len(r[0]) for r in rows) if rows else 10
        print(f"{'measure':<{width}}  {'measured':<28} {'':<22} target")
        for measure, value, note, target in rows:
            print(f"{measure:<{width}}  {value:<28} {note:<22} {target}")
        shutil.rmtree(work, ignore_errors=True)


def kernels_described() -> str:
    from budgetlib import kernels

    return kernels.describe() if hasattr(kernels, "describe") else "a new Python per kernel (this version)"


if __name__ == "__main__":
    main()
