"""Readers: a file → RawDocument (page text + table grids). They know no budget words."""

from __future__ import annotations

from pathlib import Path

from budgetlib.errors import UnreadableFile, UnsupportedFileType
from budgetlib.readers.base import RawDocument, RawTable
from budgetlib.readers.text import read_text

__all__ = ["SUFFIXES", "RawDocument", "RawTable", "combine", "read_source"]

SUFFIXES = {".txt": "text", ".pdf": "pdf"}


def read_source(path: str | Path, engine: str = "auto") -> RawDocument:
    """Dispatch on the file's type (its suffix, confirmed by its first bytes)."""
    path = Path(path)
    if not path.exists():
        raise UnreadableFile(path, "no such file")
    if path.is_dir():
        raise UnreadableFile(path, "is a folder; pass the files in it (the CLI expands folders)")
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise UnsupportedFileType(path, f"unknown file type {path.suffix or '(no suffix)'!r}; "
                                        "expected a budget PDF (.pdf) or the text form (.txt)")
    if kind == "pdf":
        from budgetlib.readers.pdf import read_pdf  # heavy imports only when a PDF is read

        return read_pdf(path, engine=engine)
    head = path.read_bytes()[:5]
    if head.startswith(b"%PDF"):
        raise UnsupportedFileType(path, "is a PDF named .txt; rename it to .pdf")
    return read_text(path)


def combine(parts: list[RawDocument]) -> RawDocument:
    """Several files of one document as one (Jiangsu publishes the narrative and the tables apart):
    the narrative and tables of each in order, the heading of the first."""
    tables = [table for part in parts for table in part.tables]
    for index, table in enumerate(tables, start=1):
        table.index = index
    return RawDocument(";".join(part.path for part in parts), [p for part in parts for p in part.narrative], tables,
                       parts[0].title_lines or next((part.title_lines for part in parts if part.title_lines), []),
                       kind=parts[0].kind)
