"""Alternative readings of a table (issue 11, 2), tried only where the default reading fails systematically.

A table's reading is tested against its own arithmetic as it is made: children add up to their parent,
the 合计 row to the 类 rows, total = basic + project (and the other row identities). When a whole
column or most rows disagree, the table was misread, not misprinted: the alternatives the reader's
known failure patterns suggest are tried, each a transformation of the grid declared below:

- another header mapping: two figure columns whose headers were read in each other's place;
- figures read one column off their headers (a merged header cell placed a column too far);
- figures read one row off their labels (a wrapped label pushed the figures down or up a row);
- a continuation on the next page that the reader left as a table of its own (untitled, same width).

The one that reconciles is kept, and `doc.tables` records which reading was chosen and why. When two
reconcile, the default wins, then the one that changes fewest values; the tie is recorded.

A local difference (one cell or one row off, the rest reconciling) is the document's: it never makes a
table systematic, so it never triggers an alternative, and an alternative whose own failures are more
than local is never chosen. No alternative can make such a difference disappear: a table whose default
reading only fails locally is not re-read at all.
"""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pandas as pd

from budgetlib.audit.reading import systematic_tables
from budgetlib.errors import TableError
from budgetlib.readers.base import RawTable
from budgetlib.tidy.headers import describe_columns
from budgetlib.tidy.numbers import normalise_cell
from budgetlib.tidy.tables import count_header_rows, is_column_numbers, tidy_table

LOCAL_FAILURES = 2  # at most this many failing checks, and not systematic: what is left is the document's
DEFAULT = "default"


@dataclass(frozen=True)
class Reading:
    """One way to read a table: its key, why it could be right, and the grid it reads."""

    key: str
    why: str
    grid: RawTable


@dataclass(frozen=True)
class Outcome:
    """A reading's lines and how they reconcile."""

    reading: Reading
    lines: list[dict]
    failing: int
    checks: int
    systematic: bool
    changed: int = 0

    @property
    def reconciles(self) -> bool:
        return self.failing == 0 or (not self.systematic and self.failing <= LOCAL_FAILURES)


# ----------------------------------------------------------------- the alternatives, declared
def _layout(table: RawTable, kind, year: int | None = None) -> tuple[int, list[int]]:
    """(the grid row where the body starts, the columns the tidy step reads as figures), as tidy sees them."""
    rows = [[normalise_cell(cell) for cell in row] for row in table.rows]
    keep = [number for number, row in enumerate(rows) if any(row) and not is_column_numbers(row)]
    kept = [rows[number] for number in keep]
    header = count_header_rows(kept, kind)
    width = max((len(row) for row in kept), default=0)
    empty = frozenset(i for i in range(width) if not any(i < len(row) and row[i] for row in kept[header:]))
    columns = describe_columns(kept[:header], width, kind, year, empty)
    start = keep[header] if header < len(keep) else len(rows)
    return start, [column.index for column in columns if column.role == "measure"]


def _with_rows(table: RawTable, rows: list[list[str]]) -> RawTable:
    grid = copy.copy(table)
    grid.rows = rows
    return grid


def swapped_columns(table: RawTable, kind, _next: RawTable | None) -> Iterator[Reading]:
    """Another header mapping: the figures of two columns exchanged (their headers read in each other's place)."""
    header, columns = _layout(table, kind)
    for left, right in itertools.combinations(columns, 2):
        rows = [list(row) for row in table.rows]
        for row in rows[header:]:
            if max(left, right) < len(row):
                row[left], row[right] = row[right], row[left]
        yield Reading(f"columns_swapped:{left}-{right}", f"第{left + 1}列与第{right + 1}列的表头互换（表头映射有误）",
                      _with_rows(table, rows))


def shifted_columns(table: RawTable, kind, _next: RawTable | None) -> Iterator[Reading]:
    """Figures one column off their headers: every figure cell moved one figure column left or right."""
    header, columns = _layout(table, kind)
    if len(columns) < 2:
        return
    for step, word in ((1, "右"), (-1, "左")):
        rows = [list(row) for row in table.rows]
        for row in rows[header:]:
            cells = [row[i] if i < len(row) else "" for i in columns]
            moved = cells[-step:] + cells[:-step] if step == 1 else cells[1:] + cells[:1]
            if (step == 1 and cells[-1]) or (step == -1 and cells[0]):
                continue  # a figure would fall off the grid: this row cannot have moved
            for i, cell in zip(columns, moved, strict=True):
                if i < len(row):
                    row[i] = cell
        yield Reading(f"figures_shifted_{'right' if step == 1 else 'left'}", f"数字整体向{word}移一列后与表头对齐",
                      _with_rows(table, rows))


def shifted_rows(table: RawTable, kind, _next: RawTable | None) -> Iterator[Reading]:
    """Figures one row off their labels: the figure cells of the body moved one row up or down."""
    header, columns = _layout(table, kind)
    body = list(range(header, len(table.rows)))
    if len(body) < 3 or not columns:
        return
    for step, word in ((1, "下"), (-1, "上")):
        rows = [list(row) for row in table.rows]
        for position, number in enumerate(body):
            source = position - step
            for i in columns:
                if i < len(rows[number]):
                    rows[number][i] = table.rows[body[source]][i] if 0 <= source < len(body) and \
                        i < len(table.rows[body[source]]) else ""
        yield Reading(f"figures_shifted_{'down' if step == 1 else 'up'}", f"数字整体{word}移一行后与科目名称对齐",
                      _with_rows(table, rows))


def joined_with_next(table: RawTable, kind, following: RawTable | None) -> Iterator[Reading]:
    """A continuation the reader left apart: the next grid is untitled, as wide, and starts with data."""
    if following is None or re.sub(r"\s", "", following.title or "") or not following.rows:
        return
    width = max(len(row) for row in table.rows)
    if max(len(row) for row in following.rows) != width:
        return
    rows = [list(row) for row in table.rows]
    header = [list(row) for row in table.rows[: _layout(table, kind)[0]]]
    extra = [list(row) for row in following.rows if [normalise_cell(c) for c in row] not in
             [[normalise_cell(c) for c in h] for h in header]]
    grid = _with_rows(table, rows + extra)
    grid.pages = list(table.pages or []) + list(following.pages or [following.page] * len(extra))[: len(extra)]
    grid.row_lines = list(table.row_lines or []) + list(following.row_lines or [])[: len(extra)]
    yield Reading("joined_with_next", f"与下一页未命名的续表（p{following.page}）合并", grid)


ALTERNATIVES: tuple[Callable[[RawTable, object, RawTable | None], Iterator[Reading]], ...] = (
    joined_with_next,
    shifted_columns,
    swapped_columns,
    shifted_rows,
)


# ----------------------------------------------------------------- testing a reading
def in_table_checks(lines: list[dict]) -> pd.DataFrame:
    """The table's own arithmetic: the audit's in-table checks over these lines only."""
    from budgetlib.audit import CHECK_COLUMNS, children_sum, measure_identities, total_row_sum

    rows = children_sum(lines) + total_row_sum(lines) + measure_identities(lines)
    return pd.DataFrame(rows, columns=CHECK_COLUMNS)


def _outcome(reading: Reading, kind, path: str, year: int | None) -> Outcome | None:
    try:
        lines = tidy_table(reading.grid, kind, path, year)
    except TableError:
        return None
    checks = in_table_checks(lines)
    failing = int((checks["status"] == "fail").sum()) if len(checks) else 0
    systematic = bool(systematic_tables(checks)) if len(checks) else False
    return Outcome(reading, lines, failing, len(checks), systematic)


def _values(lines: list[dict]) -> dict[tuple, float]:
    return {(line["row"], line["code"], line["name"], line["measure"], line["basis"], line["side"]): line["amount"]
            for line in lines}


def _changed(default: list[dict], other: list[dict]) -> int:
    before, after = _values(default), _values(other)
    return sum(1 for key in before.keys() | after.keys() if before.get(key) != after.get(key))


@dataclass(frozen=True)
class Choice:
    """The reading kept for one table, and what `doc.tables` records about it."""

    lines: list[dict]
    reading: str
    note: str


def choose(table: RawTable, kind, path: str, year: int | None, following: RawTable | None = None,
           lines: list[dict] | None = None) -> Choice:
    """The default reading unless it fails systematically and an alternative reconciles (see the module)."""
    default = _outcome(Reading(DEFAULT, "", table), kind, path, year) if lines is None else None
    if default is None:
        checks = in_table_checks(lines or [])
        default = Outcome(Reading(DEFAULT, "", table), lines or [], int((checks["status"] == "fail").sum()),
                          len(checks), bool(systematic_tables(checks)) if len(checks) else False)
    if not default.systematic:
        return Choice(default.lines, DEFAULT, "")
    tried = []
    for alternative in ALTERNATIVES:
        for reading in alternative(table, kind, following):
            outcome = _outcome(reading, kind, path, year)
            if outcome is not None and outcome.checks:
                tried.append(Outcome(reading, outcome.lines, outcome.failing, outcome.checks, outcome.systematic,
                                     _changed(default.lines, outcome.lines)))
    good = sorted((o for o in tried if o.reconciles), key=lambda o: (o.failing, o.changed))
    summary = f"默认读法{default.failing}/{default.checks}项核对不符（系统性）"
    if not good:
        return Choice(default.lines, DEFAULT, f"{summary}；试过{len(tried)}种读法，均未能核平：读取问题")
    best = good[0]
    ties = [o.reading.key for o in good[1:] if (o.failing, o.changed) == (best.failing, best.changed)]
    note = (f"{summary}；改用“{best.reading.why}”：{best.failing}/{best.checks}项不符，改动{best.changed}个数"
            + (f"；并列：{', '.join(ties)}（取先声明者）" if ties else ""))
    return Choice(best.lines, best.reading.key, note)


def read_tables(recognised: list[tuple[RawTable, object]], lines: pd.DataFrame, path: str,
                year: int | None) -> tuple[pd.DataFrame, dict[int, tuple[str, str]]]:
    """Every table's lines under its chosen reading, and per table index (reading, why) where the
    default was questioned. Tables whose default reconciles (or fails only locally) keep their lines."""
    if lines.empty:
        return lines, {}
    records = lines.to_dict("records")
    by_table: dict[int, list[dict]] = {}
    for line in records:
        by_table.setdefault(line["table_index"], []).append(line)
    chosen: dict[int, tuple[str, str]] = {}
    replaced: dict[int, list[dict]] = {}
    for position, (table, kind) in enumerate(recognised):
        own = by_table.get(table.index)
        if not own or not kind:
            continue
        following = recognised[position + 1][0] if position + 1 < len(recognised) and \
            recognised[position + 1][1] is None else None  # only a grid no other reading claims
        choice = choose(table, kind, path, year, following, lines=own)
        if choice.note:
            chosen[table.index] = (choice.reading, choice.note)
        if choice.reading != DEFAULT:
            replaced[table.index] = choice.lines
    if not replaced:
        return lines, chosen
    ordered = []
    for index in dict.fromkeys(line["table_index"] for line in records):
        ordered.extend(replaced.get(index) or by_table[index])
    frame = pd.DataFrame(ordered, columns=list(lines.columns))
    frame["provenance"] = frame["provenance"].fillna("printed")
    return frame.astype({"level": "Int64", "page": "Int64", "source_line": "Int64", "parent_row": "Int64"}), chosen
