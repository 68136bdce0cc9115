"""One error hierarchy, so callers can catch budget problems without catching bugs.

Every message names the file and, where it applies, the page or table, and what was expected.
"""

from __future__ import annotations

from pathlib import Path


class BudgetError(Exception):
    """Base class: a document could not be turned into budget data."""

    def __init__(self, path: str | Path, reason: str, *, page: int | None = None, table: str | None = None):
        self.path = str(path)
        self.reason = reason
        self.page = page
        self.table = table
        where = self.path
        if page is not None:
            where += f", page {page}"
        if table:
            where += f", table {table!r}"
        super().__init__(f"{where}: {reason}")

    def __reduce__(self):
        """Rebuilt whole on the other side of a process boundary (budgetlib.worker sends errors back)."""
        return _rebuild, (type(self), self.args, self.__dict__)


class UnreadableFile(BudgetError):
    """The file is missing, empty, damaged, encrypted or of a type we do not read."""


class UnsupportedFileType(UnreadableFile):
    """The file's type is not one of the readable forms (PDF or the text form)."""


class NoTextLayer(UnreadableFile):
    """A scanned PDF: pages without any text to read."""


class NotABudget(BudgetError):
    """The file reads, but holds no budget tables (or only a placeholder template)."""


class TableError(BudgetError):
    """A budget table is present but does not have the shape its kind declares."""


class NotARegularFile(UnreadableFile):
    """A FIFO, a device, a socket (or a link to one): only regular files are read, so a run never hangs
    on a pipe or reads /dev/zero forever."""


class DamagedFile(UnreadableFile):
    """A library we read with (pdfium, camelot's parsers) could not parse the file: a damaged or hostile
    PDF, such as a page tree that loops or claims a million pages."""


class OutOfMemory(BudgetError):
    """Reading the file took more memory than the machine has."""


class StoreError(BudgetError):
    """The store could not take a document (the disk is full, the database file is damaged …)."""


class LimitExceeded(BudgetError):
    """A document went past one of the configured limits (budgetlib.limits.Limits): file size, pages, seconds,
    characters per cell, cells per row or memory. `limit` names it; the message says the figure found, the
    limit and the option that raises it."""

    def __init__(self, path: str | Path, reason: str, *, limit: str = "", page: int | None = None,
                 table: str | None = None):
        self.limit = limit
        super().__init__(path, reason, page=page, table=table)


class MismatchedParts(NotABudget):
    """The files given as one document (a narrative and its tables) belong to different departments or
    years: they are refused together, never read as one."""


class StoreLocked(StoreError):
    """Another process held the store's lock for longer than the lock timeout."""


class NotebookError(BudgetError):
    """A notebook stopped on an error or its kernel died; `path` is the executed notebook."""


class FolderError(Exception):
    """A folder given on the command line cannot be used: an output folder that is a file, sits under a
    file, is not writable or holds a damaged store; a store to report on that is missing. Raised before
    any document is read or any notebook run."""

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")

    def __reduce__(self):
        return _rebuild, (type(self), self.args, self.__dict__)


def _rebuild(cls: type, args: tuple, state: dict) -> Exception:
    """Unpickle an error with its message and every attribute (path, reason, page, table, and any set
    later, such as `has_figures` on a TableError), whatever its constructor's signature."""
    error = cls.__new__(cls)
    BaseException.__init__(error, *args)
    error.__dict__.update(state)
    return error
