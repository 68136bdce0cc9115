"""engine="camelot": camelot's lattice parser (vector engine: ruled lines read from the PDF, no
rendering) finds the ruled grids; the text is still placed from pdfium's text layer, cell by cell.

camelot runs only on the pages that hold ruled grids, in one call. Pages stored rotated
(/Rotate 90, as some Jiangsu landscape tables are) keep the native grids: camelot reports their
cells in the unrotated space.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from budgetlib.readers.pdf.grids import Grid
from budgetlib.readers.pdf.layout import PageLayout, place
from budgetlib.readers.pdf.settings import DEFAULT, ReaderSettings


def replace_grids(path: Path, pages: list[PageLayout], settings: ReaderSettings = DEFAULT) -> None:
    """Swap each page's native ruled grids for camelot's, in place."""
    import camelot

    wanted = [p.number for p in pages if p.grids and not p.rotated]
    if not wanted:
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tables = camelot.read_pdf(str(path), pages=",".join(map(str, wanted)), flavor="lattice", engine="vector",
                                  suppress_stdout=True)
    found: dict[int, list[Grid]] = {}
    for table in tables:
        found.setdefault(int(table.page), []).append(_grid(table))
    for index, page in enumerate(pages):
        if page.number in found:  # the same text placement as the native engine
            replaced = place(page.number, page.chars, sorted(found[page.number], key=lambda g: -g.top), settings)
            replaced.rotated, replaced.box = page.rotated, page.box
            pages[index] = replaced


def _grid(table) -> Grid:
    """camelot's columns, rows and missing cell edges as a Grid with merged regions."""
    xs = [table.cols[0][0], *(right for _, right in table.cols)]
    ys = [table.rows[0][0], *(bottom for _, bottom in table.rows)]
    anchors: dict[tuple[int, int], tuple[int, int]] = {}
    for r, row in enumerate(table.cells):
        for c, cell in enumerate(row):
            anchor = anchors.get((r, c), (r, c))
            if not cell.right and c + 1 < len(row):
                anchors[(r, c + 1)] = anchor
            if not cell.bottom and r + 1 < len(table.cells):
                anchors.setdefault((r + 1, c), anchor)
    return Grid(int(table.page), xs, ys, {cell: top for cell, top in anchors.items() if cell != top})
