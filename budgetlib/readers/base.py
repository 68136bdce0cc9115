"""What every reader returns: page text and table grids, with no budget knowledge in them."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RawTable:
    """One table as printed: its title block, then a grid of cell strings.

    `rows` holds every grid row (header rows included) exactly as read; deciding which rows are
    headers is the tidy step's job, because it needs the table kind's vocabulary.
    `row_lines` gives, per row, where it came from (a text line number or a PDF row index),
    so every tidy value can point back to its source.
    """

    title: str
    rows: list[list[str]]
    page: int | None = None
    label: str = ""  # the printed 表N label, kept for provenance only, never for recognition
    unit: str = ""  # the printed unit ("万元" or "元"); "" when the table prints none
    notes: list[str] = field(default_factory=list)
    row_lines: list[int] = field(default_factory=list)
    index: int = 0  # position of the table in its document, 1-based
    pages: list[int] = field(default_factory=list)  # per row, the page it sits on (PDF)


@dataclass
class RawDocument:
    """A whole file read: narrative text blocks and the table grids, in reading order."""

    path: str
    narrative: list[tuple[int | None, str]]  # (page, paragraph)
    tables: list[RawTable]
    title_lines: list[str] = field(default_factory=list)  # the first lines of the document
    kind: str = "text"  # "text" or "pdf"
