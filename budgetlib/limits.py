"""What one document may cost: configurable limits, each refused with a message that says what was found, the
limit, and the option that raises it.

Real documents are far inside every default (the corpus: at most 53 pages, 29 cells in a row, 953 characters in a
cell, 291 in a paragraph, 7 s and a few hundred MB per document; a 1,000-page document reads in about half a
minute). The limits are there for the file that is not a budget at all: a 1 MB line of 200,000 cells, a page whose
content stream inflates to gigabytes, a page tree that claims a million pages.

Where a limit is enforced:
- file size, pages, cells per row and characters per cell: by the reader (budgetlib.readers), which checks the
  file before opening it, the page count before reading a page, and every grid and paragraph before the tidy step
  sees it;
- seconds and memory: by the worker process a document is read in (budgetlib.worker), because pdfium offers no
  bound of its own and cannot be interrupted.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

from budgetlib.errors import LimitExceeded

MB = 2**20


@dataclass(frozen=True)
class Limits:
    """The limits for one document (a narrative and its tables published apart count as one)."""

    file_mb: float = 256  # size of each file
    pages: int = 3000  # pages of each PDF
    seconds: float = 600  # wall-clock time to read, tidy and audit the document (in the worker)
    cell_chars: int = 20_000  # characters in one table cell or one paragraph
    row_cells: int = 1_000  # cells in one table row
    memory_mb: float = 2048  # memory the worker may add to what it holds when idle

    def __post_init__(self) -> None:
        for item in fields(self):
            if not getattr(self, item.name) > 0:
                raise ValueError(f"the limit {item.name} ({OPTIONS[item.name]}) must be positive, "
                                 f"not {getattr(self, item.name)!r}")


# The command-line option that sets each limit, named in every message so that the user knows how to raise it.
OPTIONS = {"file_mb": "--max-file-mb", "pages": "--max-pages", "seconds": "--timeout",
           "cell_chars": "--max-cell-chars", "row_cells": "--max-row-cells", "memory_mb": "--max-memory-mb"}


def exceeded(path: str | Path, limit: str, found: str, allowed: str, *, page: int | None = None,
             table: str | None = None) -> LimitExceeded:
    """The error for one limit: `found`, then the limit and its option (`allowed` says the limit in words)."""
    return LimitExceeded(path, f"{found}, more than the limit of {allowed} ({OPTIONS[limit]})", limit=limit,
                         page=page, table=table)


def check_file_size(path: str | Path, size: int, limits: Limits) -> None:
    if size > limits.file_mb * MB:
        raise exceeded(path, "file_mb", f"the file holds {_size(size)}", f"{limits.file_mb:,g} MB per file")


def check_pages(path: str | Path, pages: int, limits: Limits) -> None:
    if pages > limits.pages:
        raise exceeded(path, "pages", f"the PDF has {pages:,} pages", f"{limits.pages:,} pages per document")


def check_grids(raw, limits: Limits) -> None:
    """Every table row's width, every cell's and paragraph's length, before the tidy step sees them.

    A row is counted before its cells are looked at, so a 200,000-cell row costs one len()."""
    for table in raw.tables:
        for number, row in enumerate(table.rows):
            where = _row(table, number)
            if len(row) > limits.row_cells:
                raise exceeded(raw.path, "row_cells", f"{where} has {len(row):,} cells",
                               f"{limits.row_cells:,} cells per row", page=_page(table, number),
                               table=table.title or None)
            for column, cell in enumerate(row, start=1):
                if len(cell) > limits.cell_chars:
                    raise exceeded(raw.path, "cell_chars", f"{where}, column {column} holds {len(cell):,} characters",
                                   f"{limits.cell_chars:,} characters per cell", page=_page(table, number),
                                   table=table.title or None)
    for page, paragraph in raw.narrative:
        if len(paragraph) > limits.cell_chars:
            raise exceeded(raw.path, "cell_chars", f"a paragraph of {len(paragraph):,} characters "
                                                   f"(starting {paragraph[:20]!r})",
                           f"{limits.cell_chars:,} characters per cell or paragraph", page=page)


def _row(table, number: int) -> str:
    """`row 3 (line 57)` for the text form, `row 3` for a PDF grid."""
    line = table.row_lines[number] if number < len(table.row_lines) else None
    return f"row {number + 1}" + (f" (line {line})" if line else "")


def _page(table, number: int) -> int | None:
    return table.pages[number] if number < len(table.pages) else table.page


def _size(size: int) -> str:
    for unit, scale in (("GB", 2**30), ("MB", MB), ("KB", 2**10)):
        if size >= scale:
            return f"{size / scale:,.1f} {unit}"
    return f"{size:,} bytes"
