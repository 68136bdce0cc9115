"""failures.csv: one format for every command that goes on past a bad file (extract, report, batch).

Columns: file, stage (read / audit / store / notebook), error_class, message, time (UTC, ISO 8601).
A refusal names its budgetlib error class (UnreadableFile, NotABudget, …); a bug is recorded as
`internal error`, its traceback kept in the log file beside it, never passed off as a refusal.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import pandas as pd

from budgetlib.errors import BudgetError, OutOfMemory
from budgetlib.excel import write_csv

T = TypeVar("T")

COLUMNS = ("file", "stage", "error_class", "message", "time")
STAGES = ("read", "audit", "store", "notebook")
INTERNAL = "internal error"
FILE_NAME = "failures.csv"
LOG_NAME = "budgetlib.log"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass
class Failure:
    """One file (or notebook run) that did not make it, and why."""

    file: str
    stage: str
    error_class: str
    message: str
    time: str = field(default_factory=_now)

    def __post_init__(self) -> None:
        if self.stage not in STAGES:
            raise ValueError(f"unknown stage {self.stage!r}; expected one of {', '.join(STAGES)}")

    @property
    def internal(self) -> bool:
        return self.error_class == INTERNAL


def refusal(file: str, stage: str, error: Exception) -> Failure:
    """A known failure: its class and its message (which names the file and the reason)."""
    return Failure(str(file), stage, type(error).__name__, str(error))


def internal(file: str, stage: str, error: BaseException, log: Path) -> Failure:
    """A bug: the traceback goes to `log`; failures.csv says `internal error` and where to look."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a", encoding="utf-8") as handle:
        handle.write(f"{_now()} internal error, stage {stage}, file {file}\n")
        handle.write("".join(traceback.format_exception(error)))
        handle.write("\n")
    return Failure(str(file), stage, INTERNAL, f"{type(error).__name__}: {error} (a bug; traceback in {log})")


def write(path: Path, failures: list[Failure]) -> None:
    """Write (or, when nothing failed, remove) failures.csv; Excel-safe, written atomically."""
    from budgetlib.store import atomic_write

    if not failures:
        path.unlink(missing_ok=True)
        return
    frame = pd.DataFrame([asdict(failure) for failure in failures], columns=list(COLUMNS))
    atomic_write(path, lambda p: write_csv(frame, p))


def read(path: Path) -> pd.DataFrame:
    """failures.csv as written (the Excel guard's leading `'` left in place)."""
    return pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)


def guarded(file: str, stage: str, log: Path, action: Callable[[], T]) -> T | Failure:
    """Run one unit of work (a document, a notebook) so that it cannot stop the rest.

    A budgetlib error is a refusal, recorded with its class and message. Running out of memory is
    recorded as OutOfMemory. Anything else is a bug: recorded as `internal error`, with its traceback
    in `log`. Ctrl-C (KeyboardInterrupt) and SystemExit are not caught: they stop the run."""
    try:
        return action()
    except BudgetError as error:
        return refusal(file, stage_of(error, stage), error)
    except MemoryError as error:
        return refusal(file, stage_of(error, stage), OutOfMemory(file, f"ran out of memory ({error or 'no detail'})"))
    except Exception as error:  # not a refusal: a bug, kept apart from refusals and logged with its traceback
        return internal(file, stage_of(error, stage), error, log)


def stage_of(error: BaseException, stage: str) -> str:
    """Reading runs the audit too (pipeline.read); an error raised inside budgetlib.audit is the audit's."""
    if stage == "read":
        frames = traceback.extract_tb(error.__traceback__)
        if any("/budgetlib/audit" in frame.filename.replace("\\", "/") for frame in frames):
            return "audit"
    return stage


def note(log: Path, message: str) -> None:
    """Append a line (a warning) to the log file."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a", encoding="utf-8") as handle:
        handle.write(f"{_now()} {message}\n")
