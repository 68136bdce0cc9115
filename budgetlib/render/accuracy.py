"""Cell accuracy of extracted grids against a rendered sample's truth.

Tables are paired in order by title; within a pair every truth cell counts, compared with white
space removed (spacing is typesetting, not content). A truth table with no partner scores zero.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass
class Score:
    cells: int = 0
    correct: int = 0
    tables: int = 0
    tables_found: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.cells if self.cells else 0.0


def _plain(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text or "")


def pairs(extracted: list[tuple[str, list[list[str]]]], truth: list[dict]):
    """(truth table, extracted grid or None): tables paired in order by title."""
    position = 0
    for table in truth:
        partner = None
        for offset in range(position, len(extracted)):
            if _plain(extracted[offset][0]) == _plain(table["title"]):
                partner, position = extracted[offset][1], offset + 1
                break
        yield table, partner


def cells(table: dict, partner: list[list[str]] | None):
    """(row, column, expected, got) for every truth cell; got is None where the extraction has no cell."""
    for r, row in enumerate(table["rows"]):
        for c, expected in enumerate(row):
            got = partner[r][c] if partner is not None and r < len(partner) and c < len(partner[r]) else None
            yield r, c, expected, got


def score(extracted: list[tuple[str, list[list[str]]]], truth: list[dict]) -> Score:
    """extracted: (title, grid) per table in reading order; truth: the renderer's tables."""
    result = Score(tables=len(truth))
    for table, partner in pairs(extracted, truth):
        result.tables_found += partner is not None
        for _, _, expected, got in cells(table, partner):
            result.cells += 1
            result.correct += got is not None and _plain(got) == _plain(expected)
    return result


def mismatches(extracted: list[tuple[str, list[list[str]]]], truth: list[dict], limit: int = 40) -> list[str]:
    """A readable list of the first differences, for debugging a reader."""
    out = []
    for table, partner in pairs(extracted, truth):
        if partner is None:
            out.append(f"table {table['index']} {table['title'][:30]}: not found")
            continue
        out.extend(f"table {table['index']} r{r} c{c}: {expected[:30]!r} != {str(got)[:30]!r}"
                   for r, c, expected, got in cells(table, partner)
                   if got is None or _plain(got) != _plain(expected))
    return out[:limit]
