"""PDF → RawDocument, in two passes.

1. Geometry (layout.py, from geometry.py, grids.py, text_grid.py): each page → text lines and
   ruled grids with their cell text. Knows points and glyphs, no budget word.
2. Document (document.py): the pages in order → titles, labels, units, notes, unruled tables,
   continuations and narrative, with the budget vocabulary of budgetlib.catalogue.vocabulary.

Every geometric threshold lives in settings.py (ReaderSettings), with its unit and reason.

Engines (the `engine=` option) differ only in where ruled grids come from:
- "native" (the default, "auto"): rules straight from pdfium;
- "camelot": camelot's lattice vector engine finds the ruled grids (only on pages that have
  native grids); cell text is still placed from the text layer.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from budgetlib.errors import NoTextLayer, UnreadableFile
from budgetlib.readers.base import RawDocument
from budgetlib.readers.pdf.document import DocumentReader
from budgetlib.readers.pdf.layout import PageLayout, page_layout
from budgetlib.readers.pdf.parallel import read_split, workers
from budgetlib.readers.pdf.settings import DEFAULT, ReaderSettings

__all__ = ["ENGINES", "ReaderSettings", "read_layouts", "read_pdf"]

ENGINES = ("auto", "native", "camelot")


def read_pdf(path: Path, engine: str = "auto", settings: ReaderSettings = DEFAULT) -> RawDocument:
    """Read a PDF's narrative and tables."""
    pages = read_layouts(path, engine, settings)
    reader = DocumentReader(settings)
    reader.read(pages)
    title_lines = [text for _, text in reader.narrative[:3]]
    return RawDocument(str(path), reader.narrative, reader.tables, title_lines, kind="pdf")


def read_layouts(path: Path, engine: str = "auto", settings: ReaderSettings = DEFAULT) -> list[PageLayout]:
    """The geometry pass over every page."""
    if engine not in ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r}; expected one of {', '.join(ENGINES)}")
    document = _open(path)
    try:
        count = len(document)
        if workers(count) > 1:  # a long document, a second core idle: half the pages in a forked child
            pages = read_split(count, lambda index: page_layout(document, index, settings),
                               lambda: _page_reader(path, settings))
        else:
            pages = [page_layout(document, index, settings) for index in range(count)]
    finally:
        document.close()
    if engine == "camelot":
        from budgetlib.readers.pdf.camelot_grids import replace_grids

        replace_grids(path, pages, settings)
    if not any(page.chars for page in pages):
        raise NoTextLayer(path, f"no text layer on any of its {len(pages)} page(s): a scanned PDF needs OCR first")
    return pages


def _page_reader(path: Path, settings: ReaderSettings):
    """Page index → layout, from a document opened here (in a forked child: its own file handle)."""
    document = _open(path)
    return lambda index: page_layout(document, index, settings)


def _open(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        if is_encrypted(path):
            raise UnreadableFile(path, "the PDF is encrypted (password protected)") from error
        raise UnreadableFile(path, f"not a readable PDF ({error})") from error


def is_encrypted(path: Path) -> bool:
    """Whether the file's trailer names an encryption dictionary (/Encrypt; the trailer itself is never
    encrypted). Asked of the file, not of pdfium's error: pdfium's last error is not reset between
    documents, so a file that fails after an encrypted one would be called encrypted too."""
    try:
        return b"/Encrypt" in path.read_bytes()
    except OSError:
        return False
