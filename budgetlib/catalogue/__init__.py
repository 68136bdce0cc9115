"""Which kind of table is this? Matched by title, from the declared catalogue."""

from __future__ import annotations

import re

from budgetlib.catalogue.kinds import CATALOGUE, CODE_HEADER, NAME_HEADER, TOTAL_NAME, TableKind

__all__ = ["CATALOGUE", "CODE_HEADER", "NAME_HEADER", "TOTAL_NAME", "TableKind", "match_kind"]


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
