"""The sample's text form: narrative paragraphs, then tables as tab-separated lines.

Layout facts this reader relies on (read from the bundled sample):
- a table opens with an optional `表N` line, then a title line, then optional `编制单位：…` and
  `单位：万元` lines (sometimes on one line);
- grid rows are the lines that contain a tab; other lines inside a table are notes (备注…);
- some tables carry no 表N label: a tab-free line that reads like a table title opens a new table.
"""

from __future__ import annotations

import re
from pathlib import Path

from budgetlib.catalogue.vocabulary import UNIT, is_label, is_title
from budgetlib.errors import UnreadableFile
from budgetlib.readers.base import RawDocument, RawTable

__all__ = ["UNIT", "is_title", "read_text"]


def read_text(path: Path) -> RawDocument:
    """Read the text form into narrative paragraphs and raw table grids."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        raise UnreadableFile(path, f"cannot read the file ({exc.strerror})") from exc
    if not text.strip():
        raise UnreadableFile(path, "the file is empty")
    lines = text.splitlines()
    narrative, tables = _split(lines)
    title_lines = [line.strip() for line in lines[:12] if line.strip()][:3]
    return RawDocument(str(path), narrative, tables, title_lines, kind="text")


def _split(lines: list[str]) -> tuple[list[tuple[int | None, str]], list[RawTable]]:
    """Walk the lines once: paragraphs before the first table, then table blocks."""
    narrative: list[tuple[int | None, str]] = []
    tables: list[RawTable] = []
    current: RawTable | None = None
    pending_label = ""
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if "\t" in line:
            if current is None:  # a grid with no title: keep it, the catalogue will refuse it by name
                current = _open_table("", "", len(tables) + 1)
                tables.append(current)
            current.rows.append(line.split("\t"))
            current.row_lines.append(number)
        elif is_label(stripped):
            pending_label = re.sub(r"\s", "", stripped)
        elif pending_label or is_title(stripped):
            current = _open_table(stripped, pending_label, len(tables) + 1)
            tables.append(current)
            pending_label = ""
        elif current is not None:
            _take_unit(current, stripped)
            if not UNIT.fullmatch(stripped):
                current.notes.append(stripped)
        else:
            narrative.append((None, stripped))
    return narrative, tables


def _open_table(title: str, label: str, index: int) -> RawTable:
    table = RawTable(title=UNIT.sub("", title).strip(), rows=[], label=label, index=index)
    _take_unit(table, title)
    return table


def _take_unit(table: RawTable, line: str) -> None:
    match = UNIT.search(line)
    if match:
        table.unit = match.group(1)
