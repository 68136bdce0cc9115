"""The document pass: page layouts → narrative and tables, with the budget vocabulary.

Reads each page top to bottom. Labels, titles (also wrapped onto a second line, or ruled into a
box or row of their own), units and organisation lines open a title block; the grid below takes
it. A grid at the top of a page continues the table that ended the page before when it has no
title of its own, or when it repeats that table's title and header; its columns are matched to
the first page's by position when the count differs. Running headers and footers (a line at a
page edge on many pages, digits aside) and page numbers are page furniture: they neither break a
continuation nor enter the narrative twice. Everything else is narrative.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from budgetlib.catalogue.vocabulary import (
    EMBEDDED_LABEL,
    LIST_NUMBER,
    NOTE,
    ORGANISATION_LINE,
    TITLE_SHAPE,
    UNIT,
    furniture_key,
    is_label,
    is_page_number,
    is_title,
)
from budgetlib.readers.base import RawTable
from budgetlib.readers.pdf.layout import GridBlock, Line, PageLayout, is_columnar
from budgetlib.readers.pdf.settings import DEFAULT, ReaderSettings
from budgetlib.readers.pdf.text_grid import NUMBER, Band, text_grid

PUNCTUATION_ONLY = re.compile(r"^[，。、：；！？,.:;）)”’]+$")
QUALIFIER = re.compile(r"^[（(][^）)]{1,30}[）)]$")


@dataclass
class _Pending:
    """A title block waiting for its grid."""

    title: str = ""
    label: str = ""
    unit: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class _Open:
    """The last table, while nothing but page furniture has followed it: it may continue."""

    table: RawTable
    xs: list[float] | None = None  # the column boundaries of its last ruled grid
    bands: list[Band] | None = None  # its columns, when it is unruled


@dataclass
class DocumentReader:
    settings: ReaderSettings = DEFAULT
    running: set[str] = field(default_factory=set)
    tables: list[RawTable] = field(default_factory=list)
    narrative: list[tuple[int | None, str]] = field(default_factory=list)
    pending: _Pending = field(default_factory=_Pending)
    pending_last: bool = False  # the title block is the last thing read (nothing after it yet)
    carried: _Pending | None = None  # a title that ended its page, for a grid opening the next
    open: _Open | None = None
    fresh: bool = True  # nothing but furniture and title blocks read on this page yet
    seen_running: set[str] = field(default_factory=set)
    organisation: Line | None = None  # the last organisation line read (its name may wrap)

    # ---- pages -----------------------------------------------------------------------------------
    def read(self, pages: list[PageLayout]) -> None:
        self.running = running_lines(pages, self.settings)
        for page in pages:
            self.page(page)

    def page(self, page: PageLayout) -> None:
        items = page.items()
        self.fresh = True
        carried, self.carried = self.carried, None
        index = 0
        while index < len(items):
            item = items[index]
            index += 1
            if isinstance(item, Line):
                compact = re.sub(r"\s", "", item.text)
                if self._furniture(compact):
                    continue
                carried = None
                index = self._line(item, compact, items, index, page)
            else:
                if carried is not None and not self.pending.title:
                    self.pending = carried
                carried = None
                self._grid(item, page)
        if self.pending.title:
            self.carried = self.pending if self.pending_last else None
            self.pending = _Pending()  # a title with nothing under it: a table-of-contents entry

    def _furniture(self, compact: str) -> bool:
        """Page numbers, and running headers/footers after their first appearance."""
        if is_page_number(compact):
            return True
        key = furniture_key(compact)
        if key in self.running:
            if key in self.seen_running:
                return True
            self.seen_running.add(key)
        return False

    # ---- lines -----------------------------------------------------------------------------------
    def _line(self, line: Line, compact: str, items: list, index: int, page: PageLayout) -> int:
        pending = self.pending
        if self.fresh and self.open and self.open.bands and not pending.title and is_columnar(line, self.settings):
            return self._unruled(items, index - 1, page, continuation=True)
        if is_label(compact):
            if pending.title and not pending.label:
                pending.label = compact  # a label printed under its title
            else:
                self.pending = _Pending(label=compact)
            self.pending_last = True
            return index
        title, index = self._title(line, compact, items, index)
        if title:
            label = EMBEDDED_LABEL.search(title)
            self.pending = _Pending(title, pending.label or (label.group(0) if label else ""))
            self.pending_last = True
            return index
        unit = UNIT.search(line.text)
        if pending.title and (unit or ORGANISATION_LINE.match(compact)):
            pending.unit = unit.group(1) if unit else pending.unit
            if ORGANISATION_LINE.match(compact) and UNIT.sub(" ", line.text).strip():
                pending.notes.append(UNIT.sub(" ", line.text).strip())
                self.organisation = line
            return index
        if pending.title and pending.notes and self._wraps(self.organisation, line):
            pending.notes[-1] += compact  # a long organisation name wrapped onto the next line
            self.organisation = None
            return index
        if pending.title and self._body_block(items, index - 1):
            return self._unruled(items, index - 1, page, continuation=False)
        if self.open is not None and NOTE.match(compact):
            self.open.table.notes.append(line.text)
            return index
        self._prose(page.number, line.text)
        return index

    def _wraps(self, above: Line | None, line: Line) -> bool:
        """Is `line` the wrapped end of `above` (same size, right below it, short, no columns)?"""
        return above is not None and abs(above.size - line.size) <= 0.5 and len(line.text) <= 20 and \
            above.bottom - line.top <= self.settings.title_wrap_gap * line.size and not is_columnar(line, self.settings)

    def _prose(self, page: int, text: str) -> None:
        """A narrative line; CJK punctuation displaced onto a line of its own rejoins its sentence."""
        if PUNCTUATION_ONLY.match(text.strip()) and self.narrative and self.narrative[-1][0] == page:
            self.narrative[-1] = (page, self.narrative[-1][1] + text.strip())
        else:
            self.narrative.append((page, text))
        self.open = None
        self.fresh = False
        self.pending_last = False

    def _title(self, line: Line, compact: str, items: list, index: int) -> tuple[str, int]:
        """The title this line opens ("" if none), and the index after the lines it took: a title
        may wrap onto a second line of the same size, or carry its bracketed qualifier there."""
        following = items[index] if index < len(items) and isinstance(items[index], Line) else None
        close = following is not None and abs(following.size - line.size) <= 0.5 and \
            line.bottom - following.top <= self.settings.title_wrap_gap * line.size
        after = re.sub(r"\s", "", following.text) if following is not None else ""
        if is_title(compact) or (self.pending.label and not self.pending.title and TITLE_SHAPE.match(compact)):
            if close and QUALIFIER.match(after):
                return compact + after, index + 1
            return compact, index
        if close and not is_columnar(line, self.settings) and not is_columnar(following, self.settings) \
                and not TITLE_SHAPE.match(compact) and is_title(compact + after):
            return compact + after, index + 1
        return "", index

    def _body_block(self, items: list, start: int) -> bool:
        """After a title, do the next lines carry figures (an unruled table) rather than prose?"""
        lines = [item for item in items[start:start + self.settings.body_window] if isinstance(item, Line)]
        stop = next((i for i, line in enumerate(lines) if _ends_block(line)), len(lines))
        columned = sum(1 for line in lines[:stop] if is_columnar(line, self.settings))
        return (stop >= 2 and columned >= 2 and is_columnar(lines[0], self.settings)) or columned * 2 >= stop >= 2

    # ---- unruled tables --------------------------------------------------------------------------
    def _unruled(self, items: list, start: int, page: PageLayout, continuation: bool) -> int:
        """Collect the lines of an unruled table (until the next title, note or page end) into a grid."""
        end = start
        chars = []
        while end < len(items) and isinstance(items[end], Line) and not _ends_block(items[end]):
            if not self._furniture(re.sub(r"\s", "", items[end].text)):
                chars.extend(items[end].chars)
            end += 1
        bands = self.open.bands if continuation and self.open else None
        rows, bands = text_grid(chars, bands, self.settings)
        if continuation and self.open is not None:
            table = self.open.table
            table.rows.extend(rows)
            table.pages.extend([page.number] * len(rows))
        else:
            table = self._new_table(page.number, rows)
        self.open = _Open(table, None, bands)
        self.fresh = False
        return end

    # ---- ruled grids -----------------------------------------------------------------------------
    def _grid(self, block: GridBlock, page: PageLayout) -> None:
        """A ruled grid: its rows may open with the title and unit (some templates rule them in),
        and one grid may hold several tables stacked (each opening with its title row)."""
        first = True
        for title, unit, notes, part in split_at_titles(block.rows):
            if title:
                self.pending = _Pending(title, self.pending.label, unit or self.pending.unit, notes)
            elif unit or notes:
                self.pending.unit = unit or self.pending.unit
                self.pending.notes = [*self.pending.notes, *notes]
            if part:
                self._grid_part(block, part, page, at_top=first and self.fresh)
                first = False

    def _grid_part(self, block: GridBlock, rows: list[list[str]], page: PageLayout, at_top: bool) -> None:
        previous = self.open
        if at_top and previous is not None and previous.table.pages and previous.table.pages[-1] == page.number - 1:
            repeated = repeated_rows(previous.table.rows, rows)
            same_title = self.pending.title and _same_title(self.pending.title, previous.table.title)
            if (not self.pending.title or (same_title and repeated)) and self._join(previous, block, rows[repeated:],
                                                                                  page.number):
                self.pending = _Pending()
                self.fresh = False
                return
        self.open = _Open(self._new_table(page.number, rows), block.grid.xs)
        self.fresh = False

    def _join(self, previous: _Open, block: GridBlock, rows: list[list[str]], page: int) -> bool:
        """Append a continuation's rows, its columns matched to the table's: equal counts as they
        are; else by x position against the previous page's grid; else without its empty columns."""
        width = len(previous.table.rows[0]) if previous.table.rows else 0
        if rows and len(rows[0]) != width:
            mapped = map_columns(block.grid.xs, previous.xs) if previous.xs and len(previous.xs) == width + 1 else None
            if mapped is not None:
                rows = [_place(row, mapped, width) for row in rows]
            else:
                rows = without_empty_columns(rows, width)
        if rows and len(rows[0]) != width:
            return False
        previous.table.rows.extend(rows)
        previous.table.pages.extend([page] * len(rows))
        if len(block.grid.xs) == width + 1:
            previous.xs = block.grid.xs
        return True

    def _new_table(self, page: int, rows: list[list[str]]) -> RawTable:
        pending = self.pending
        title = pending.title
        figures = any(NUMBER.fullmatch(cell.replace(" ", "")) for row in rows for cell in row)
        if LIST_NUMBER.match(title) and not figures:
            title = ""  # a numbered contents entry ("八、…决算表") over a block without a figure: not its table
        table = RawTable(title=title, rows=rows, page=page, label=pending.label, unit=pending.unit,
                         notes=list(pending.notes), index=len(self.tables) + 1, pages=[page] * len(rows))
        self.tables.append(table)
        self.pending = _Pending()
        self.pending_last = False
        return table


def running_lines(pages: list[PageLayout], settings: ReaderSettings = DEFAULT) -> set[str]:
    """Keys (furniture_key) of lines standing at the top or bottom edge of many pages."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for page in pages:
        items = sorted(page.lines, key=lambda line: -line.top)
        edge = items[:settings.running_lines] + items[-settings.running_lines:]
        counts.update({furniture_key(line.text) for line in edge if not _meaningful(line)} - {""})
    needed = max(3, settings.running_share * len(pages))
    return {key for key, count in counts.items() if count >= needed and len(key) >= 4}


def _meaningful(line: Line) -> bool:
    """Lines that repeat on every page of a long table for a reason: its title block."""
    compact = re.sub(r"\s", "", line.text)
    return bool(is_title(compact) or is_label(compact) or UNIT.search(compact) or ORGANISATION_LINE.match(compact)
                or NOTE.match(compact) or EMBEDDED_LABEL.search(compact))


def _ends_block(line: Line) -> bool:
    compact = re.sub(r"\s", "", line.text)
    return bool(is_label(compact) or is_title(compact) or is_page_number(compact) or NOTE.match(compact))


def _same_title(a: str, b: str) -> bool:
    return re.sub(r"[\s（）()]", "", a) == re.sub(r"[\s（）()]", "", b)


def split_at_titles(rows: list[list[str]]) -> list[tuple[str, str, list[str], list[list[str]]]]:
    """(title, unit, notes, rows) pieces of a grid: a row holding only a title opens a piece."""
    pieces: list[tuple[str, str, list[str], list[list[str]]]] = [("", "", [], [])]
    if _is_contents(rows):
        return [("", "", [], rows)]
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
        elif filled and not part and (ORGANISATION_LINE.match(compact) or UNIT.fullmatch(text.strip()) or
                                      all(ORGANISATION_LINE.match(re.sub(r"\s", "", c)) or UNIT.search(c)
                                          for c in filled)):
            found = UNIT.search(text)
            orgs = [UNIT.sub("", c).strip() for c in filled if ORGANISATION_LINE.match(re.sub(r"\s", "", c))]
            pieces[-1] = (title, found.group(1) if found else unit, [*notes, *orgs], part)
        elif len(filled) == 1 and NOTE.match(compact):
            notes.append(text)
        elif len(filled) == 1 and not part and is_label(compact):
            notes.append(compact)  # the table's 表N label ruled into a row of its own
        else:
            part.append(row)
    return [piece for piece in pieces if piece[0] or piece[1] or piece[2] or piece[3]]


def _is_contents(rows: list[list[str]]) -> bool:
    """A ruled table of contents (one table title per row) is one grid, not many titled tables."""
    titled = sum(1 for row in rows if sum(1 for cell in row if is_title(re.sub(r"\s", "", cell))) == 1)
    return titled >= 3 and titled * 2 >= len(rows)


def repeated_rows(first: list[list[str]], rows: list[list[str]]) -> int:
    """How many leading rows repeat the table's own leading (header) rows, figures excepted."""
    count = 0
    while count < len(rows) and count < len(first) and _plain(rows[count]) == _plain(first[count]) and not any(
            NUMBER.fullmatch(cell.replace(" ", "")) for cell in rows[count]):
        count += 1
    return count


def _plain(row: list[str]) -> list[str]:
    return [re.sub(r"\s", "", cell) for cell in row if cell.strip()]


def map_columns(xs: list[float], target: list[float]) -> list[int] | None:
    """Each column of a continuation page (boundaries xs) → the first page's column (boundaries
    target) it overlaps most; None unless every column overlaps one by at least half its width."""
    out = []
    for left, right in pairwise(xs):
        overlaps = [max(0.0, min(right, b) - max(left, a)) for a, b in pairwise(target)]
        best = max(range(len(overlaps)), key=overlaps.__getitem__)
        if overlaps[best] < 0.5 * (right - left):
            return None
        out.append(best)
    return out


def _place(row: list[str], mapping: list[int], width: int) -> list[str]:
    out = [""] * width
    for cell, column in zip(row, mapping, strict=False):
        out[column] = f"{out[column]} {cell}" if out[column] and cell else out[column] or cell
    return out


def without_empty_columns(rows: list[list[str]], width: int) -> list[list[str]]:
    """A continued table's next page is sometimes ruled with extra, empty columns: drop them when
    that leaves the first page's width."""
    keep = [i for i in range(len(rows[0])) if any(row[i] for row in rows)]
    return [[row[i] for i in keep] for row in rows] if len(keep) == width else rows
