"""PDF → RawDocument: text lines and table grids in reading order, continued tables stitched.

Engines (the `engine=` option):
- "native" (the default, "auto"): rules and characters straight from pdfium; ruled grids from
  the rules, unruled grids from the text's alignment;
- "camelot": camelot's lattice vector engine finds the ruled grids, run only on the pages whose
  text layer holds a table title; cell text is still placed from the text layer.
The rest (titles, units, labels, stitching, narrative) is shared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium

from budgetlib.errors import NoTextLayer, UnreadableFile
from budgetlib.readers.base import RawDocument, RawTable
from budgetlib.readers.pdf.geometry import Char, page_chars, page_segments
from budgetlib.readers.pdf.grids import Grid, group_lines, join_chars, ruled_grids
from budgetlib.readers.pdf.text_grid import NUMBER, Band, segments, text_grid
from budgetlib.readers.text import UNIT, is_title

ENGINES = ("auto", "native", "camelot")
FOOTER = re.compile(r"^(?:[—–\-─]+\s*\d+\s*[—–\-─]+|\d{1,3}|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|-\s*\d+\s*-)$")
LABEL = re.compile(
    r"^(?:表\s*[一二三四五六七八九十\d]+|公开\s*\d+\s*表|公开表\s*[一二三四五六七八九十\d]+|附表\s*\d+(?:-\d+)?)$")
EMBEDDED_LABEL = re.compile(r"公开\s*\d+\s*表|公开表\s*[一二三四五六七八九十\d]+")
NOTE = re.compile(r"^(?:备注|注|说明)\s*\d*\s*[：:]")
ORG = re.compile(r"^(?:编制(?:部门|单位)|部门(?:名称)?|单位名称)\s*[：:]")


@dataclass
class Line:
    """A text line outside any ruled grid."""

    chars: list[Char]
    text: str
    top: float
    bottom: float


@dataclass
class PageContent:
    number: int
    lines: list[Line]
    grids: list[tuple[Grid, list[list[str]]]]
    chars: list[Char] = field(default_factory=list, repr=False)
    rotated: bool = False


@dataclass
class _State:
    tables: list[RawTable] = field(default_factory=list)
    narrative: list[tuple[int | None, str]] = field(default_factory=list)
    title: str = ""
    label: str = ""
    unit: str = ""
    notes: list[str] = field(default_factory=list)
    bands: list[Band] | None = None  # the last unruled table's columns, for its continuation
    open_table: RawTable | None = None  # a table that may continue on the next page


def read_pdf(path: Path, engine: str = "auto") -> RawDocument:
    """Read a PDF's narrative and tables."""
    if engine not in ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r}; expected one of {', '.join(ENGINES)}")
    document = _open(path)
    try:
        pages = [_page(document, index) for index in range(len(document))]
        if engine == "camelot":
            from budgetlib.readers.pdf.camelot_grids import replace_grids

            replace_grids(path, pages)
    finally:
        document.close()
    if sum(len(line.text) for page in pages for line in page.lines) + sum(len(g) for p in pages for g in p.grids) == 0:
        raise NoTextLayer(path, f"no text layer on any of its {len(pages)} page(s): a scanned PDF needs OCR first")
    state = _State()
    for page in pages:
        _walk(page, state)
    title_lines = [text for _, text in state.narrative[:3]]
    return RawDocument(str(path), state.narrative, state.tables, title_lines, kind="pdf")


def _open(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        reason = str(error)
        if "password" in reason.lower():
            raise UnreadableFile(path, "the PDF is encrypted (password protected)") from error
        raise UnreadableFile(path, f"not a readable PDF ({reason})") from error


def _page(document: pdfium.PdfDocument, index: int) -> PageContent:
    page = document[index]
    try:
        chars = page_chars(page)
        grids = ruled_grids(page_segments(page), index + 1) if chars else []
        rotated = page.get_rotation() % 360 != 0
    finally:
        page.close()
    content = _content(index + 1, chars, grids)
    content.rotated = rotated
    return content


def _content(number: int, chars: list[Char], grids: list[Grid]) -> PageContent:
    """Split a page's characters between its grids and the free text lines."""
    inside: dict[int, list[Char]] = {i: [] for i in range(len(grids))}
    free = []
    for char in chars:
        owner = next((i for i, grid in enumerate(grids) if grid.contains(char)), None)
        (free if owner is None else inside[owner]).append(char)
    lines = []
    for members in group_lines(free):
        text = join_chars(members)
        if text:
            lines.append(Line(members, text, max(c.y1 for c in members), min(c.y0 for c in members)))
    filled = [(grid, grid.cells(inside[i])) for i, grid in enumerate(grids)]
    return PageContent(number, lines, [(g, rows) for g, rows in filled if any(any(r) for r in rows)], chars)


def _walk(page: PageContent, state: _State) -> None:
    """Read a page top to bottom: labels and titles open tables, grids fill them, the rest is prose."""
    items: list[tuple[float, object]] = [(line.top, line) for line in page.lines]
    items += [(grid.top, (grid, rows)) for grid, rows in page.grids]
    items.sort(key=lambda item: -item[0])
    at_page_top = True
    index = 0
    while index < len(items):
        _, item = items[index]
        index += 1
        if isinstance(item, Line):
            compact = re.sub(r"\s", "", item.text)
            if FOOTER.match(compact):
                continue
            continues = state.bands and state.open_table is not None and not state.title
            if at_page_top and continues and _columnar(item):
                index = _unruled(items, index - 1, page.number, state, continuation=True)
                continue
            at_page_top = False
            index = _line(item, compact, items, index, page.number, state)
        else:
            grid, rows = item
            _grid(grid, rows, page.number, state, continuation=at_page_top)
            at_page_top = False
    if state.title and not state.open_table:
        state.title = ""  # a title with nothing under it (a table of contents entry)


def _line(line: Line, compact: str, items: list, index: int, page: int, state: _State) -> int:
    if LABEL.match(compact):
        state.label = compact
        return index
    if is_title(compact) or (state.label and not state.title and compact.endswith("表")):
        state.title, state.unit, state.notes, state.open_table = compact, "", [], None
        return index
    unit = UNIT.search(line.text)
    if state.title and (unit or ORG.match(compact)):
        state.unit = unit.group(1) if unit else state.unit
        if ORG.match(compact):
            state.notes.append(UNIT.sub(" ", line.text).strip())
        return index
    if state.title and _is_body_block(items, index - 1):
        return _unruled(items, index - 1, page, state, continuation=False)
    if state.open_table is not None and NOTE.match(compact):
        state.open_table.notes.append(line.text)
        return index
    state.narrative.append((page, line.text))
    state.open_table = None
    return index


def _is_body_block(items: list, start: int) -> bool:
    """After a title, do the next lines carry figures (an unruled table) rather than prose?"""
    lines = [item for _, item in items[start:start + 60] if isinstance(item, Line)]
    stop = next((i for i, line in enumerate(lines) if _ends_block(line)), len(lines))
    columned = sum(1 for line in lines[:stop] if _columnar(line))
    return (stop >= 2 and columned >= 2 and _columnar(lines[0])) or columned * 2 >= stop >= 2


def _columnar(line: Line) -> bool:
    """A table row has at least two pieces of text apart from each other, most of them words;
    justified prose spread character by character does not."""
    pieces = segments(line.chars)
    words = [piece for piece in pieces if len(piece) >= 2]
    return len(words) >= 2 and len(words) * 2 >= len(pieces)


def _ends_block(line: Line) -> bool:
    compact = re.sub(r"\s", "", line.text)
    return bool(LABEL.match(compact) or is_title(compact) or FOOTER.match(compact) or NOTE.match(compact))


def _unruled(items: list, start: int, page: int, state: _State, continuation: bool) -> int:
    """Collect the lines of an unruled table (until the next title, note or page end) into a grid."""
    end = start
    chars: list[Char] = []
    while end < len(items) and isinstance(items[end][1], Line) and not _ends_block(items[end][1]):
        chars.extend(items[end][1].chars)
        end += 1
    bands = state.bands if continuation else None
    rows, bands = text_grid(chars, bands)
    if continuation and state.tables:
        table = state.tables[-1]
        table.rows.extend(rows)
        table.pages.extend([page] * len(rows))
    else:
        table = _new_table(state, page, rows)
    state.bands = bands
    state.open_table = table
    return end


def _grid(grid: Grid, rows: list[list[str]], page: int, state: _State, continuation: bool) -> None:
    """A ruled grid: its rows may open with the title and unit (some templates rule them in), and
    one grid may hold several tables stacked (each opening with its title row)."""
    for title, unit, notes, part in _split_at_titles(rows):
        if title:
            state.title, state.unit, state.notes, state.label = title, unit or state.unit, notes, state.label
            continuation = False
        elif unit or notes:
            state.unit, state.notes = unit or state.unit, [*state.notes, *notes]
        if part:
            _grid_part(grid, part, page, state, continuation)
        continuation = False


def _split_at_titles(rows: list[list[str]]) -> list[tuple[str, str, list[str], list[list[str]]]]:
    """(title, unit, notes, rows) pieces of a grid: a row holding only a title opens a piece."""
    pieces: list[tuple[str, str, list[str], list[list[str]]]] = [("", "", [], [])]
    for row in rows:
        filled = [cell for cell in row if cell]
        text = " ".join(filled)
        compact = re.sub(r"\s", "", text)
        label = EMBEDDED_LABEL.search(compact)
        head = re.split(r"(?:编制)?(?:部门|单位)(?:名称)?[：:]", EMBEDDED_LABEL.sub("", compact))[0]
        title, unit, notes, part = pieces[-1]
        if not filled and not part:
            continue  # blank rows above the header (a ruled title area) carry nothing
        if filled and len(filled) <= 2 and (is_title(head) or (head.endswith("表") and len(filled) == 1)):
            found = UNIT.search(text)
            org = EMBEDDED_LABEL.sub("", compact)[len(head):]
            notes = [UNIT.sub("", org)] if org else []
            pieces.append((head, found.group(1) if found else "", [*notes, *([label.group(0)] if label else [])], []))
        elif filled and not part and (ORG.match(compact) or UNIT.fullmatch(text.strip()) or
                                      all(ORG.match(re.sub(r"\s", "", c)) or UNIT.search(c) for c in filled)):
            found = UNIT.search(text)
            orgs = [UNIT.sub("", c).strip() for c in filled if ORG.match(re.sub(r"\s", "", c))]
            pieces[-1] = (title, found.group(1) if found else unit, [*notes, *orgs], part)
        elif len(filled) == 1 and NOTE.match(compact):
            notes.append(text)
        else:
            part.append(row)
    return [piece for piece in pieces if piece[0] or piece[1] or piece[2] or piece[3]]


def _grid_part(grid: Grid, rows: list[list[str]], page: int, state: _State, continuation: bool) -> None:
    previous = state.open_table or (state.tables[-1] if state.tables else None)
    if not state.title and continuation and previous is not None and len(previous.rows[0]) != len(rows[0]):
        rows = _without_empty_columns(rows, len(previous.rows[0]))
    if not state.title and continuation and previous is not None and len(previous.rows[0]) == len(rows[0]):
        rows = _drop_repeated_header(previous.rows, rows)
        previous.rows.extend(rows)
        previous.pages.extend([page] * len(rows))
        state.open_table = previous
        return
    state.bands = None
    state.open_table = _new_table(state, page, rows)


def _without_empty_columns(rows: list[list[str]], width: int) -> list[list[str]]:
    """A continued table's next page is sometimes ruled with extra, empty columns: drop them when
    that leaves the first page's width."""
    keep = [i for i in range(len(rows[0])) if any(row[i] for row in rows)]
    return [[row[i] for i in keep] for row in rows] if len(keep) == width else rows


def _drop_repeated_header(first: list[list[str]], rows: list[list[str]]) -> list[list[str]]:
    """Some templates repeat the header on every page: drop the rows that repeat the first page's."""
    count = 0
    while count < len(rows) and count < len(first) and rows[count] == first[count] and not any(
            NUMBER.fullmatch(cell.replace(" ", "")) for cell in rows[count]):
        count += 1
    return rows[count:]


def _new_table(state: _State, page: int, rows: list[list[str]]) -> RawTable:
    table = RawTable(title=state.title, rows=rows, page=page, label=state.label, unit=state.unit,
                     notes=list(state.notes), index=len(state.tables) + 1, pages=[page] * len(rows))
    state.tables.append(table)
    state.title, state.label, state.unit, state.notes = "", "", "", []
    return table
