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
