"""`budgetlib batch`: a folder of PDFs to checked data and reports, in parallel, resumable, with a summary.

1. **Find** the files under the inputs (budgetlib.batch.discover) and their sha256.
2. **Read** each file alone, in parallel (budgetlib.batch.pool: bounded worker processes, locally or on Dask),
   unless the journal already knows what it holds. A complete document is stored as soon as it arrives.
3. **Pair** narratives with their tables by what they hold (budgetlib.batch.pairing) and read each pair as one
   document; a part without a partner is a document alone.
4. **Store**: this process is the only writer. Each document is one transaction (budgetlib.store); then the
   journal records it. Documents this batch stored earlier from the same files, which a new reading replaces
   (a part now read with its partner, a file that changed), are removed. Then the exports and the data
   package are written (budgetlib.batch.product).
5. **Reports**: every per-document notebook of every document, and the comparison once per stage, in parallel,
   each only when what it reads changed (budgetlib.batch.planning); then `reports/index.html`.
6. **Summary**: documents ok / refused / failed / skipped, time per stage, the slowest documents;
   failures.csv (the one format of budgetlib.failures) beside the store.

Exit status: 0 when everything went through, or the only refusals were readable files that are not budgets
(a notice, a form, a template); 1 when a document or notebook failed (a damaged or unreadable file included);
3 when an internal error (a bug) happened; 130 when interrupted.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from budgetlib.batch import discover, pairing, planning
from budgetlib.batch.pool import open_pool
from budgetlib.batch.progress import Progress
from budgetlib.batch.state import State, library_version
from budgetlib.batch.tasks import read_document, run_notebook
from budgetlib.failures import INTERNAL, LOG_NAME, Failure, guarded

NOTICES = ("NotABudget",)  # refusals of readable files that are not budgets: not failures
RETRIED = ("LimitExceeded", "OutOfMemory", "StoreError", "StoreLocked", "WorkerError", INTERNAL)  # not cached


@dataclass
class Outcome:
    """One document (a file, or a narrative with its tables): what became of it."""

    label: str
    status: str  # ok, refused, failed, skipped
    seconds: float = 0.0
    doc_id: str = ""
    failure: Failure | None = None
    detail: str = ""


@dataclass
class Summary:
    documents: list[Outcome] = field(default_factory=list)
    notebooks: list[dict] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    times: dict[str, float] = field(default_factory=dict)
    interrupted: bool = False
    pool: str = ""

    def count(self, status: str) -> int:
        return sum(outcome.status == status for outcome in self.documents)

    @property
    def failed(self) -> list[Failure]:
        return [f for f in self.failures if f.error_class not in NOTICES]

    def exit_code(self) -> int:
        if self.interrupted:
            return 130
        if any(f.error_class == INTERNAL for f in self.failures):
            return 3
        return 1 if self.failed else 0


def run(inputs: list[Path], out: Path, reports: Path | None, *, workers: int | None = None,
        scheduler: str | None = None, force: bool = False, engine: str = "auto", limits=None,
        progress: Progress | None = None, echo: Callable[[str], None] = print) -> Summary:
    """The whole batch (see the module's docstring); returns its summary. Folders are checked first."""
    from budgetlib.store import Store, check_folder

    progress = progress or Progress(echo=echo)
    summary = Summary()
    store = Store(out)  # the output folder is checked before anything is read (FolderError)
    for step in store.migrated:  # an older store, brought to this schema (see budgetlib.schema.MIGRATIONS)
        progress.note(step)
    if reports is not None:
        check_folder(reports)
    state = State.load(out)
    if force:
        state.forget()
    log = out / LOG_NAME
    started = time.perf_counter()
    files, problems = discover.find(inputs, skip=(out, *(r for r in [reports] if r is not None)))
    summary.failures += problems
    summary.times["find"] = time.perf_counter() - started
    pool = open_pool(workers, scheduler)
    summary.pool = pool.description
    try:
        batch = _Batch(state, store, pool, engine, limits, log, progress, summary, force)
        batch.documents(files)
        batch.export()
        if reports is not None:
            batch.reports(out, reports)
    except KeyboardInterrupt:
        summary.interrupted = True
    finally:
        progress.close()
        pool.close()
    if not summary.interrupted:
        state.compact()
    return summary


class _Batch:
    def __init__(self, state: State, store, pool, engine: str, limits, log: Path, progress: Progress,
                 summary: Summary, force: bool):
        self.state, self.store, self.pool, self.engine, self.limits = state, store, pool, engine, limits
        self.log, self.progress, self.summary, self.force = log, progress, summary, force
        self.version = library_version()
        self.changed = False  # the store was written (a document stored or removed)
        self.current: set[str] = set()  # doc_ids of this run's documents (stored or skipped)
        self.paths: set[str] = set()  # the files of this run's documents
        self.stored_now: set[str] = set()  # unit keys stored by this run

    # -- documents ------------------------------------------------------------------------------------

    def documents(self, files: list[Path]) -> None:
        started = time.perf_counter()
        digests = {}
        for path in files:
            sha, fresh = discover.sha256(path, self.state.hashes)
            digests[str(path)] = sha
            if fresh:
                self.state.record("hash", str(path), **fresh)
        self.summary.times["hash"] = time.perf_counter() - started
        started = time.perf_counter()
        stored_ids = self._stored_ids()
        probes: dict[str, pairing.Probe] = {}
        held: dict[str, object] = {}  # path → the document read alone, kept until pairing decides
        pending = {}
        self.progress.start(len(files), "reading documents")
        for path in files:
            key = self._file_key(str(path), digests[str(path)])
            known = self.state.files.get(key) if digests[str(path)] else None
            if known and known["status"] == "read":
                probes[str(path)] = pairing.Probe(**known["probe"])
                continue
            if known and known["status"] == "refused":
                failure = Failure(**known["failure"])
                self._outcome(Outcome(str(path), _status(failure), failure=failure, detail="unchanged"))
                continue
            pending[self.pool.submit(_timed_read, [str(path)], self.engine, self.limits)] = (path, key)
        for future in self.pool.completed(pending):
            path, key = pending[future]
            result = guarded(str(path), "read", self.log, future.result)
            if isinstance(result, Failure):
                self._failed_alone(str(path), key, result)
                continue
            seconds, document = result
            probe = pairing.probe(document, str(path), digests[str(path)])
            probes[str(path)] = probe
            if probe.role in ("narrative", "tables"):
                held[str(path)] = (seconds, document)
                self.state.record("file", key, status="read", probe=probe.__dict__)
                continue
            # the probe first: a kill between the two lines then leaves a file whose unit is simply stored again,
            # never a stored document whose file the next run must read again to pair it
            self.state.record("file", key, status="read", probe=probe.__dict__)
            unit = self._unit_key([str(path)], digests)
            if self._unchanged(unit, stored_ids):  # stored by a run killed before it journaled this file
                self.stored_now.add(unit)
                self._skipped([str(path)], self.state.documents[unit]["doc_id"])
                continue
            self._store(unit, [str(path)], document, seconds)
        self.summary.times["read"] = time.perf_counter() - started
        self._units(probes, held, digests, stored_ids)

    def _units(self, probes: dict, held: dict, digests: dict, stored_ids: set[str]) -> None:
        """Pairs and lone files: each stored, skipped as unchanged, or read (a pair) and stored."""
        started = time.perf_counter()
        pairs, notes = pairing.pair(list(probes.values()))
        for note in notes:
            self.summary.notes.append(note)
            self.progress.note(f"note: {note}")
        paired = {p.path for pair in pairs for p in pair}
        units = [[n.path, t.path] for n, t in pairs] + [[path] for path in probes if path not in paired]
        pending = {}
        for paths in units:
            key = self._unit_key(paths, digests)
            known = self.state.documents.get(key)
            self.paths.update(paths)
            if key in self.stored_now:  # a complete document, stored as it arrived
                continue
            if self._unchanged(key, stored_ids):
                self._skipped(paths, known["doc_id"])
                continue
            if not self.force and known and known.get("status") == "refused":
                failure = Failure(**known["failure"])
                self._outcome(Outcome(_label(paths), _status(failure), failure=failure, detail="unchanged"))
                continue
            if len(paths) == 1 and paths[0] in held:
                seconds, document = held.pop(paths[0])
                self._store(key, paths, document, seconds)
                continue
            pending[self.pool.submit(_timed_read, paths, self.engine, self.limits)] = (paths, key)
        for future in self.pool.completed(pending):
            paths, key = pending[future]
            result = guarded(_label(paths), "read", self.log, future.result)
            if isinstance(result, Failure):
                self._failed_unit(paths, key, result)
                continue
            seconds, document = result
            self._store(key, paths, document, seconds)
        self.summary.times["pair"] = time.perf_counter() - started
        self._remove_superseded()

    def _unchanged(self, key: str, stored_ids: set[str]) -> bool:
        """The journal says this unit was stored and the store still holds it (and --force was not given)."""
        known = self.state.documents.get(key)
        return (not self.force and known is not None and known.get("status") == "stored"
                and known.get("doc_id") in stored_ids)

    def _skipped(self, paths: list[str], doc_id: str) -> None:
        self.current.add(doc_id)
        self._outcome(Outcome(_label(paths), "skipped", doc_id=doc_id, detail="unchanged"))

    def _store(self, key: str, paths: list[str], document, seconds: float) -> None:
        started = time.perf_counter()
        stored = guarded(_label(paths), "store", self.log, lambda: self.store.add(document))
        spent = time.perf_counter() - started
        self.summary.times["store"] = self.summary.times.get("store", 0.0) + spent
        if isinstance(stored, Failure):
            self._outcome(Outcome(_label(paths), "failed", seconds + spent, failure=stored))
            self.summary.failures.append(stored)
            return
        self.changed = True
        self.current.add(document.doc_id)
        self.stored_now.add(key)
        self.state.record("document", key, status="stored", doc_id=document.doc_id, paths=paths,
                          seconds=round(seconds, 3))
        meta = document.meta
        self._outcome(Outcome(_label(paths), "ok", seconds + spent, document.doc_id,
                              detail=f"{meta.get('department')} {meta.get('year')} {meta.get('stage')}-"
                                     f"{meta.get('scope')}: {len(document.lines)} lines"))

    def _failed_alone(self, path: str, key: str, failure: Failure) -> None:
        if failure.error_class not in RETRIED and key:
            self.state.record("file", key, status="refused", failure=failure.__dict__)
        self._outcome(Outcome(path, _status(failure), getattr(failure, "seconds", 0.0), failure=failure))

    def _failed_unit(self, paths: list[str], key: str, failure: Failure) -> None:
        if failure.error_class not in RETRIED:
            self.state.record("document", key, status="refused", failure=failure.__dict__, paths=paths)
        self._outcome(Outcome(_label(paths), _status(failure), failure=failure))

    def _outcome(self, outcome: Outcome) -> None:
        self.summary.documents.append(outcome)
        weight = len(outcome.label.split("+"))
        if outcome.failure is not None:
            self.summary.failures.append(outcome.failure)
            mark = "refused" if outcome.status == "refused" else "FAILED"
            line = f"{mark} ({outcome.failure.stage}) {outcome.failure.message}"
            if outcome.detail == "unchanged":
                line += " (unchanged since the last run)"
            self.progress.item(line, important=outcome.status == "failed" and outcome.detail != "unchanged",
                               weight=weight)
        elif outcome.status == "skipped":
            self.progress.item(f"{_names(outcome.label)}: unchanged, skipped", weight=weight)
        else:
            self.progress.item(f"{_names(outcome.label)}: {outcome.detail} ({outcome.seconds:.1f} s)", weight=weight)

    def _remove_superseded(self) -> None:
        """Documents this batch stored earlier from files of this run, which a new reading replaced."""
        stale = {entry["doc_id"] for entry in self.state.documents.values()
                 if entry.get("status") == "stored" and set(entry.get("paths", ())) & self.paths
                 and entry.get("doc_id") not in self.current}
        for doc_id in sorted(stale):
            self.store.remove(doc_id)
            self.state.record("removed", doc_id)
            self.changed = True
            self.summary.notes.append(f"removed document {doc_id}: its files are now read as another document")

    def _stored_ids(self) -> set[str]:
        return set(self.store.doc_ids())

    def _file_key(self, path: str, sha: str) -> str:
        return f"{sha}:{self.version}" if sha else ""

    def _unit_key(self, paths: list[str], digests: dict) -> str:
        return "+".join(digests.get(p, "") or p for p in paths) + f":{self.version}"

    # -- exports and reports ---------------------------------------------------------------------------

    def export(self) -> None:
        from budgetlib.batch import product

        started = time.perf_counter()
        out = self.store.out
        if self.changed or self.store.exports_behind() or not product.complete(out):
            warnings: list[str] = []
            result = guarded(str(out), "store", self.log, lambda: (self.store.export(warnings.append),
                                                                   product.write(self.store, warnings.append)))
            if isinstance(result, Failure):
                self.summary.failures.append(result)
                self.progress.note(f"FAILED (store) {result.message}")
            self.summary.notes += warnings[:5]
        self.summary.times["export"] = time.perf_counter() - started

    def reports(self, out: Path, reports: Path) -> None:
        from budgetlib.batch import index
        from budgetlib.reports import select

        started = time.perf_counter()
        docs = select(out)
        planned, without = planning.plan(docs, out, reports)
        self.summary.notes += without
        todo = planning.stale(planned, self.state.reports, self.force)
        for report in planned:
            if report not in todo:
                self.summary.notebooks.append({"notebook": report.name, "report": report.label, "status": "skipped",
                                               "seconds": 0.0})
        self.progress.start(len(todo), "running notebooks")
        # the comparison first: the longest, and it reads the whole store
        todo.sort(key=lambda r: r.name not in planning.ACROSS)
        pending = {self.pool.submit(run_notebook, r.name, r.parameters, str(r.folder)): r for r in todo}
        for future in self.pool.completed(pending):
            report = pending[future]
            result = guarded(str(report.folder / f"{report.name}.ipynb"), "notebook", reports / LOG_NAME,
                             future.result)
            record = {"notebook": report.name, "report": report.label}
            if isinstance(result, Failure):
                self.summary.failures.append(result)
                self.summary.notebooks.append({**record, "status": "failed", "seconds": 0.0})
                self.progress.item(f"{report.name} {report.label}: FAILED {result.message}", important=True)
                continue
            self.state.record("report", report.id, inputs=report.key)
            self.summary.notebooks.append({**record, "status": "ok", "seconds": result})
            self.progress.item(f"{report.name} {report.label}: {result:.1f} s")
        self.progress.close()
        self.summary.times["notebooks"] = time.perf_counter() - started
        started = time.perf_counter()
        result = guarded(str(reports / "index.html"), "notebook", reports / LOG_NAME,
                         lambda: index.write(out, reports, docs))
        if isinstance(result, Failure):
            self.summary.failures.append(result)
        self.summary.times["index"] = time.perf_counter() - started


def _timed_read(paths: list[str], engine: str, limits) -> tuple[float, object]:
    """read_document, with its own time (a task's queueing is not its reading)."""
    started = time.perf_counter()
    document = read_document(paths, engine, limits)
    return time.perf_counter() - started, document


def _status(failure: Failure) -> str:
    return "refused" if failure.error_class in NOTICES else "failed"


def _label(paths: list[str]) -> str:
    return "+".join(paths)


def _names(label: str) -> str:
    return " + ".join(Path(part).name for part in label.split("+"))
