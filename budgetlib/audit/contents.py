"""The 目录 against the tables (family 5, rule P04).

Many templates print a table of contents as a grid: 表N | title | 是否空表 | the reason for an empty
table. What it promises is checked against what follows: every listed table is printed, under the
title the 目录 gives it, and a table the 目录 marks empty prints no figures (and the reverse). The
words are declared here; a template whose 目录 says more is a new pattern, not a branch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetlib.audit.frame import Context, finding
from budgetlib.tidy.numbers import is_amount

ENTRY_LABEL = re.compile(r"^(?:附表|附件|公开)?(?:表)?(?P<number>\d{1,2})(?:表)?$")
HEADER = re.compile(r"报表名称|表名|名称|目录")
EMPTY_COLUMN = re.compile(r"是否(?:为)?空表")
YES, NO = re.compile(r"^(?:是|√|空表)$"), re.compile(r"^(?:否|×)$")
YEAR = re.compile(r"20\d{2}年度?")


@dataclass(frozen=True)
class Entry:
    number: int
    title: str
    empty: bool | None  # True: marked empty; False: marked not empty; None: the 目录 does not say
    row: str


def _compact(text: str) -> str:
    return re.sub(r"\s", "", text or "")


def contents_entries(table) -> list[Entry]:
    """The entries of a grid that is a 目录 (most rows: a 表N label then a title ending in 表), else []."""
    rows = [[_compact(cell) for cell in row] for row in table.rows]
    header = next((row for row in rows[:3] if any(HEADER.search(cell) for cell in row)), None)
    empty_column = next((i for i, cell in enumerate(header or []) if EMPTY_COLUMN.search(cell)), None)
    entries = []
    for row in rows:
        cells = [cell for cell in row if cell]
        if len(cells) < 2:
            continue
        label = ENTRY_LABEL.match(cells[0])
        if label is None or not cells[1].endswith("表"):
            continue
        mark = row[empty_column] if empty_column is not None and empty_column < len(row) else ""
        empty = True if YES.match(mark) else False if NO.match(mark) else None
        entries.append(Entry(int(label.group("number")), cells[1], empty, " | ".join(cells)))
    body = [row for row in rows if any(row)]
    return entries if len(entries) >= 3 and len(entries) >= len(body) // 2 else []


def _label_number(label: str) -> int | None:
    match = re.search(r"(\d{1,2})", label or "")
    return int(match.group(1)) if match else None


def _same_title(listed: str, printed: str) -> bool:
    """Titles agree when they differ only by the year, white space or brackets."""
    def key(text: str) -> str:
        return re.sub(r"[（）()“”\"\s]", "", YEAR.sub("", text))

    return key(listed) == key(printed) or key(listed) in key(printed) or key(printed) in key(listed)


def _prints_figures(table) -> bool:
    cells = [cell for row in table.rows[1:] for cell in row]
    return any(is_amount(cell) and float(re.sub(r"[,\s]", "", cell) or 0) != 0 for cell in cells
               if re.fullmatch(r"-?[\d,]+(?:\.\d+)?", re.sub(r"\s", "", cell)))


def contents_findings(context: Context) -> list[dict]:
    """P04: a listed table not printed, printed under another title, or marked empty while it prints
    figures (or not empty while it prints none)."""
    rows: list[dict] = []
    tables = list(context.tables)
    for index, table in enumerate(tables):
        entries = contents_entries(table)
        if not entries:
            continue
        after = tables[index + 1:]
        if not any(kind for kind in context.kinds[index + 1:]):
            continue  # the tables are published in another file: nothing here to hold the 目录 to
        for entry in entries:
            match = next((t for t in after if _label_number(t.label) == entry.number and
                          _same_title(entry.title, t.title)), None)
            match = match or next((t for t in after if _same_title(entry.title, t.title)), None)
            numbered = next((t for t in after if _label_number(t.label) == entry.number), None)
            problems = []
            printed = match or numbered
            if printed is None:
                problems.append("未见于报表")
            elif match is None:
                problems.append(f"报表题为“{_compact(numbered.title)}”")
            if printed is not None and entry.empty is not None:
                figures = _prints_figures(printed)
                if entry.empty and figures:
                    problems.append("目录标为空表，报表却列有数字")
                elif entry.empty is False and not figures:
                    problems.append("目录标为非空表，报表却无数字")
            if problems:
                said = f"表{entry.number}“{entry.title}”：" + "；".join(problems)
                rows.append(finding("P04", page=table.page, said=said, quote=entry.row[:200], code=f"表{entry.number}"))
    return rows
