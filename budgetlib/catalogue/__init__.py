"""Which kind of table is this? Matched by title from the declared catalogue; a grid whose title is
missing from the text layer is matched by its header words and codes instead."""

from __future__ import annotations

import re

from budgetlib.catalogue.kinds import (
    CATALOGUE,
    CODE_HEADER,
    KINDS,
    NAME_HEADER,
    SIGNATURES,
    TOTAL_NAME,
    Signature,
    TableKind,
)

__all__ = ["CATALOGUE", "CODE_HEADER", "KINDS", "NAME_HEADER", "TOTAL_NAME", "TableKind", "is_table_of_contents",
           "looks_like_title", "match_kind", "recognise"]

TITLE_END = re.compile(r"表(?:[（(][^）)]*[）)])?$")
LIST_MARK = re.compile(r"^(?:表\s*\d+|[一二三四五六七八九十]+、|\d+[、.．])")


def normalise_title(title: str) -> str:
    """Titles are matched without spaces or quote marks, which templates scatter freely."""
    return re.sub(r"[\s“”\"'‘’]", "", title)


def match_kind(title: str) -> TableKind | None:
    """The first catalogue entry whose title pattern matches, or None for an unknown table."""
    text = normalise_title(title)
    for kind in CATALOGUE:
        if re.search(kind.title, text) and not (kind.title_excludes and re.search(kind.title_excludes, text)):
            return kind
    return None


def looks_like_title(text: str) -> bool:
    """A line that names a budget table of the catalogue: it ends with 表 (a bracketed note may follow,
    e.g. 财政拨款支出表（功能科目）, 收支总表（预算表1）) and a title family matches. For the readers,
    which must know a title when they see one even when it carries no year and no 预算 word."""
    compact = normalise_title(text)
    return len(compact) <= 80 and bool(TITLE_END.search(compact)) and match_kind(compact) is not None


def recognise(title: str, rows: list[list[str]]) -> TableKind | None:
    """The kind by title; for a grid with no title (its title drawn as outlines), by its header and codes."""
    if is_table_of_contents(rows):
        return None
    kind = match_kind(title)
    if kind is not None or normalise_title(title):
        return kind
    return next((KINDS[s.kind] for s in SIGNATURES if _fits(s, rows)), None)


def is_table_of_contents(rows: list[list[str]]) -> bool:
    """A grid listing table titles (a 目录, or 报表目录 with 是否空表) holds no figures of its own."""
    cells = [[re.sub(r"\s", "", cell) for cell in row if cell and cell.strip()] for row in rows]
    listed = sum(1 for row in cells if any(looks_like_title(cell) for cell in row))
    return listed > 0 and listed * 2 >= sum(1 for row in cells if row)


def _fits(signature: Signature, rows: list[list[str]]) -> bool:
    cells = [re.sub(r"\s", "", cell) for row in rows[:6] for cell in row if cell]
    if not all(any(re.search(pattern, cell) for cell in cells) for pattern in signature.header):
        return False
    labels = [re.sub(r"\s", "", cell) for row in rows for cell in row if cell]
    if signature.labels and not any(re.search(signature.labels, cell) for cell in labels):
        return False
    if signature.no_labels and any(re.search(signature.no_labels, cell) for cell in labels):
        return False
    if signature.codes:
        firsts = [re.sub(r"\s", "", row[0]) for row in rows if row and row[0]]
        return any(re.match(signature.codes, cell) and cell.isdigit() for cell in firsts)
    return True
