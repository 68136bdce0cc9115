"""What a batch has done, so that the next run does only what changed: the resume journal.

Every result is keyed by what it was made from: a document by the sha256 of its file(s) and the library's
version, a report by the documents it reads, its notebook's source and the library's version. The journal
is a JSON-lines file, `OUT/.batch/journal.jsonl`, appended (and flushed to disk) as each result is final: a
document once its transaction has committed, a report once its notebook has run. A run killed at any point
(Ctrl-C, kill -9) leaves every line it wrote whole, or one torn last line that is ignored; whatever the
journal does not hold is simply done again, and done again the same way (a document's rows are replaced by
its doc_id in one transaction), so nothing is lost and nothing is duplicated.

The library's version is `budgetlib.__version__` plus a digest of the package's own files (code and
declared tables), so that a changed rule, not only a release, makes the results it produced out of date.
The notebooks are left out of it: a report's key names its own notebook's source, so that editing one
notebook redoes that notebook's reports and nothing else.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

FOLDER = ".batch"
JOURNAL = "journal.jsonl"
PACKAGE = Path(__file__).resolve().parents[1]
SOURCE_SUFFIXES = {".py", ".csv", ".tsv", ".json", ".j2"}


@cache
def library_version() -> str:
    """`0.1.0+<12 hex digits>`: the release and a digest of every file of the package that decides a result."""
    from budgetlib import __version__

    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in SOURCE_SUFFIXES and not {"__pycache__", "notebooks"} & set(path.parts) and path.is_file():
            digest.update(path.relative_to(PACKAGE).as_posix().encode())
            digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class State:
    """The journal read back: the latest entry of each kind and key wins."""

    path: Path
    files: dict[str, dict] = field(default_factory=dict)  # file key (sha256:version) → its result alone
    documents: dict[str, dict] = field(default_factory=dict)  # unit key → the stored document or its failure
    reports: dict[str, dict] = field(default_factory=dict)  # report folder + notebook → the inputs it ran on
    hashes: dict[str, dict] = field(default_factory=dict)  # path → {size, mtime_ns, inode, sha256}
    removed: set[str] = field(default_factory=set)  # doc_ids removed from the store as superseded

    @classmethod
    def load(cls, out: Path) -> State:
        path = Path(out) / FOLDER / JOURNAL
        state = cls(path)
        if not path.is_file():
            return state
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError:  # a line torn by a kill: the work it stood for is done again
                    continue
                state._apply(entry)
        return state

    def _apply(self, entry: dict) -> None:
        kind, key = entry.get("kind"), entry.get("key")
        if kind == "file":
            self.files[key] = entry
        elif kind == "document":
            self.documents[key] = entry
        elif kind == "report":
            self.reports[key] = entry
        elif kind == "hash":
            self.hashes[key] = entry
        elif kind == "removed":
            self.removed.add(key)
            self.documents = {k: v for k, v in self.documents.items() if v.get("doc_id") != key}

    def record(self, kind: str, key: str, **values) -> dict:
        """Apply an entry and append it to the journal, flushed to disk before returning."""
        entry = {"kind": kind, "key": key, **values}
        self._apply(entry)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, ensure_ascii=False, default=str) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        return entry

    def compact(self) -> None:
        """Rewrite the journal with only the latest entry of each key (at the end of a run that finished)."""
        entries = [*self.hashes.values(), *self.files.values(), *self.documents.values(), *self.reports.values()]
        temporary = self.path.with_name(f".tmp-{os.getpid()}-{JOURNAL}")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with temporary.open("w", encoding="utf-8") as handle:
            for entry in entries:
                handle.write(json.dumps(entry, ensure_ascii=False, default=str) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.path)

    def forget(self) -> None:
        """--force: start from nothing (the store keeps its rows; each document is stored again)."""
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        self.files.clear()
        self.documents.clear()
        self.reports.clear()
