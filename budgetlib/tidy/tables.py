"""Grids → long rows: one row per printed value, keyed by subject code and measure.

The table kind (from the catalogue) says the layout; `budgetlib.tidy.headers` says what each column
holds; this module walks the rows. Blank cells in a column that exists are kept as 0.0 with
`is_blank=True`, so no printed row is ever dropped and sums stay honest.

Layouts handled here:
- codes printed whole (2010301), split over 类/款/项 columns (201 | 03 | 01), or printing only their
  own segment (205 | | then | 08 | then | | 03: the parent segment is carried down), or inside the name
  cell ([201]一般公共服务支出, 2130201-行政运行);
- two code-and-name pairs on one row (部门经济分类 and 政府经济分类): both classifications are read;
- unit codes (单位编码 327001) are not subject codes; names only, with the hierarchy shown by indentation;
- several blocks side by side (a 决算 basic table prints 301/303 left and 302/310 right; a 收支总表
  prints 收入 | 支出 or 收入 | 支出(功能分类) | 支出(支出用途));
- rows that are not data: column numbers (栏次 / 行次 / ** then 1 2 3 …), notes;
- a total row labelled by the department's name (or 总计：) whose values equal the sum of the 类 rows;
- 三公 tables in their many layouts (see `_three_public`).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from budgetlib.catalogue import TOTAL_NAME, TableKind
from budgetlib.catalogue.measures import THREE_PUBLIC_MEASURES
from budgetlib.errors import TableError
from budgetlib.readers.base import RawTable
from budgetlib.tidy.codes import code_level, parent_code
from budgetlib.tidy.headers import Column, compact, describe_columns, longest
from budgetlib.tidy.numbers import is_amount, is_blank, normalise_cell, parse_amount

LINE_COLUMNS = [
    "kind", "classification", "code", "name", "level", "parent_code", "parent_row", "side", "measure", "basis",
    "amount", "is_blank", "source_unit", "page", "row", "table_index", "table_title", "source_line",
]
LEVEL_LABELS = ("类", "款", "项")
ENUMERATED = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|[(（]\d+[)）]|\d+[、．])")
ITEM_MARK = re.compile(r"^(?:其中[:：]?)?(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十\d]+[、.．])*")
NUMBER_MARK = re.compile(r"^(?:栏次|行次|\*+|序号|栏目)$")
EMBEDDED_CODE = re.compile(r"^[\[【［(（]?([235]\d{2}(?:\d{2}){0,2})(?!\d)[\]】］)）]?[-－—_:：\s]*(?=\D)(.+)$")
LETTER_CODE = re.compile(r"^([A-Z])[-－—_:：\s]+(.+)$")
ORGANISATION = re.compile(r"(?:局|厅|办|委|院|室|中心|部|会|处|所|站|馆|队|校)(?:（本级）|\(本级\))?$")
TOLERANCE = {"万元": 0.0100001, "元": 0.000100001, "千元": 0.00100001, "亿元": 1.0000001}
Body = list[tuple[int, list[str]]]  # (grid row number, cells) of the rows below the header


def tidy_table(table: RawTable, kind: TableKind, path: str, year: int | None = None) -> list[dict]:
    """All values of one table as long rows (see LINE_COLUMNS). `year` is the document's budget year:
    a column under another year's heading is kept with basis `prior_year`."""
    indents = [[_indent(cell) for cell in row] for row in table.rows]
    rows = [[normalise_cell(cell) for cell in row] for row in table.rows]
    keep = [number for number, row in enumerate(rows) if any(row) and not is_column_numbers(row)]
    rows, indents = [rows[i] for i in keep], [indents[i] for i in keep]
    grid_rows = keep  # grid row number of each kept row (for provenance)
    header_count = count_header_rows(rows, kind)
    rows, indents, grid_rows, header_count = _lift_level_labels(rows, indents, grid_rows, header_count)
    width = max((len(row) for row in rows), default=0)
    empty = frozenset(i for i in range(width) if not any(i < len(row) and row[i] for row in rows[header_count:]))
    columns = describe_columns(rows[:header_count], width, kind, year, empty)
    if not any(c.role == "measure" for c in columns) and kind.layout != "single_row":
        raise TableError(path, "no amount columns recognised in the header "
                               f"({' | '.join(c.header or '—' for c in columns)})", page=table.page, table=table.title)
    body = _without_repeated_totals(table, [(grid_rows[n], row) for n, row in enumerate(rows)
                                            if n >= header_count and not _is_note(row)])
    body_indents = {grid_rows[n]: indents[n] for n in range(header_count, len(rows))}
    columns = [_unmapped_figures(column, body) for column in columns]
    context = _Context(table, kind, _classification(table, kind, columns, body))
    if kind.layout == "single_row":
        return _three_public(body, columns, context)
    return [line for block in blocks(columns) for line in _block(body, block, context, body_indents)]


@dataclass
class _Context:
    table: RawTable
    kind: TableKind
    classification: str


def count_header_rows(rows: list[list[str]], kind: TableKind) -> int:
    """Header rows are the leading rows before the first row that carries data."""
    for number, row in enumerate(rows):
        if _is_data_row(row, kind):
            return number
    return len(rows)


def is_column_numbers(row: list[str]) -> bool:
    """栏次 / 行次 / ** followed by 1 2 3 …: the column numbers some templates print under the header."""
    cells = [re.sub(r"\s", "", cell) for cell in row if cell and cell.strip()]
    marks = [cell for cell in cells if NUMBER_MARK.match(cell)]
    numbers = [cell for cell in cells if not NUMBER_MARK.match(cell)]
    if not all(cell.isdigit() for cell in numbers) or not cells:
        return False
    values = [int(cell) for cell in numbers]
    increasing = all(b > a for a, b in itertools.pairwise(values))
    if marks:
        return increasing
    return len(values) >= 3 and all(b == a + 1 for a, b in itertools.pairwise(values)) and values[0] <= 1


def _is_data_row(row: list[str], kind: TableKind) -> bool:
    cells = [cell for cell in row if cell]
    if cells and ENUMERATED.match(cells[0].replace(" ", "")):
        return True  # 一、部门预算: a row label, even when its figures are blank
    if any(is_amount(cell) and cell.replace(" ", "") not in ("预算数", "决算数") for cell in cells):
        return True
    if cells and re.match(kind.code_pattern, cells[0].replace(" ", "")):
        return True
    return len(cells) == 1 and bool(re.match(TOTAL_NAME, _label(cells[0])))


def _lift_level_labels(rows, indents, grid_rows, header_count):
    """A first data row that opens with 类 | 款 | 项 is also the header's last row: split it."""
    if header_count < len(rows):
        row = rows[header_count]
        labels = [i for i, cell in enumerate(row) if cell in LEVEL_LABELS]
        if labels and labels == list(range(len(labels))):
            header = [cell if i in labels else "" for i, cell in enumerate(row)]
            data = ["" if i in labels else cell for i, cell in enumerate(row)]
            rows = [*rows[:header_count], header, data, *rows[header_count + 1:]]
            indents = [*indents[:header_count], indents[header_count], *indents[header_count:]]
            grid_rows = [*grid_rows[:header_count], grid_rows[header_count], *grid_rows[header_count:]]
            return rows, indents, grid_rows, header_count + 1
    return rows, indents, grid_rows, header_count


def _is_note(row: list[str]) -> bool:
    cells = [cell for cell in row if cell]
    return len(cells) == 1 and bool(re.match(r"^(?:注|备注|说明)\s*\d*\s*[：:]", cells[0]))


def _without_repeated_totals(table: RawTable, body: Body) -> Body:
    """Some templates print the 合计 row again at the top of every continuation page: the same label
    and the same figures on another page are that one row repeated, not a second total."""
    seen: dict[tuple[str, ...], int | None] = {}
    out = []
    for number, row in body:
        page = table.pages[number] if number < len(table.pages) else None
        label = next((cell for cell in row if cell), "")
        key = tuple(row)
        if _is_total_label(label) and key in seen and seen[key] != page:
            continue
        seen.setdefault(key, page)
        out.append((number, row))
    return out


def _indent(cell: str | None) -> int:
    """Leading indentation of a cell (U+3000 counts one, two ASCII spaces one): names-only tables show
    the 类/款/项 level this way."""
    text = str(cell or "")
    stripped = text.lstrip(" \u3000")
    lead = text[: len(text) - len(stripped)]
    return lead.count("\u3000") + lead.count(" ") // 2


def _unmapped_figures(column: Column, body: Body) -> Column:
    """A column of figures under no header at all is kept, never dropped: its measure names its position
    ("column:5") until the header is read. (Headers read on purpose as not money — 行次, 数量, %, 备注 —
    stay ignored.)"""
    if column.role or column.header or not any(
            column.index < len(row) and is_amount(row[column.index]) for _, row in body):
        return column
    return Column(column.index, "measure", f"column:{column.index}", column.side)


def _classification(table: RawTable, kind: TableKind, columns: list[Column], body: Body) -> str:
    codes = []
    for _, row in body:
        for column in columns:
            if column.role == "code" and column.index < len(row) and not column.classification:
                codes.append(re.sub(r"\s", "", row[column.index]))
            elif column.role == "name" and column.index < len(row):
                found = EMBEDDED_CODE.match(row[column.index])
                codes.append(found.group(1) if found else "")
    return kind.classify(table.title, [code for code in codes if len(code) in (3, 5, 7) and code.isdigit()])


def blocks(columns: list[Column]) -> list[list[Column]]:
    """Side-by-side blocks: a new block opens where a code or name column follows an amount column."""
    out: list[list[Column]] = [[]]
    for column in columns:
        if column.role in ("code", "name", "unit_code") and any(c.role == "measure" for c in out[-1]):
            out.append([])
        out[-1].append(column)
    return [block for block in out if any(c.role == "measure" for c in block)]


@dataclass
class _Pair:
    """The code columns and name column of one classification within a block."""

    codes: list[Column] = field(default_factory=list)
    names: list[Column] = field(default_factory=list)
    classification: str = ""
    state: dict = field(default_factory=dict)  # carried segments: 类, 款, the level bare codes take


def _pairs(block: list[Column]) -> list[_Pair]:
    pairs: list[_Pair] = []
    for column in block:
        if column.role not in ("code", "name"):
            continue
        if not pairs or (column.role == "code" and pairs[-1].names) or (
                column.classification and pairs[-1].classification
                and column.classification != pairs[-1].classification):
            pairs.append(_Pair())
        pair = pairs[-1]
        (pair.codes if column.role == "code" else pair.names).append(column)
        pair.classification = pair.classification or column.classification
    return pairs


def _block(body: Body, block: list[Column], context: _Context, indents: dict[int, list[int]]) -> list[dict]:
    kind, table = context.kind, context.table
    pairs = _pairs(block) or [_Pair()]
    main = next((p for p in pairs if p.classification == context.classification), pairs[0])
    others = [p for p in pairs if p is not main]
    units = [c.index for c in block if c.role == "unit_code"]
    measures = [c for c in block if c.role == "measure"]
    first_measure = min(c.index for c in measures)
    side = next((c.side for c in block if c.side), "")
    has_codes = any(_read_code(row, main, kind, dry=True)[0] for _, row in body)
    out: list[dict] = []
    previous: list[dict] = []
    for number, row in body:
        row = _pad(row, max(c.index for c in block) + 1)
        code, name = _read_code(row, main, kind)
        if not name:
            name = _first_text(row, block, first_measure, skip=units)
        has_values = any(is_amount(row[c.index]) for c in measures)
        if not name and not code and has_values:
            name = _label_to_the_left(row, first_measure)
        wrapped = previous and previous[0]["code"] and not code and not has_values and name
        if wrapped and not any(row[c.index] for c in measures):
            for line in previous:  # a coded row's name wrapped onto the next line: join it to the row above
                line["name"] += name
            continue
        if previous and not code and has_values and all(line["is_blank"] for line in previous) and (
                not name or not previous[0]["name"]):
            for line, column in zip(previous, measures, strict=True):  # the figures printed on a line of their own
                line["name"] += name
                line.update(_line(context, line["code"], line["name"], column, row[column.index], number, side),
                            row=line["row"])
            continue
        if not code and not name and not has_values:
            continue
        classification = context.classification if code else ""
        level = None
        if not code and not has_codes and _names_a_subject(main, context) and not _is_total_label(name):
            classification = context.classification  # names only: the hierarchy is shown by indentation
            level = _indent_level(indents, number, main)
        previous = [_line(context, code, name, c, row[c.index], number, side, classification, level)
                    for c in measures]
        out.extend(previous)
        for pair in others:
            other_code, other_name = _read_code(row, pair, kind)
            if other_code:
                out.extend(_line(context, other_code, other_name, c, row[c.index], number, side,
                                 _pair_classification(pair, other_code)) for c in measures)
    return _total_row_by_name(_parent_rows(out), table)


def _parent_rows(lines: list[dict]) -> list[dict]:
    """Each line's printed parent: the nearest row above it, in its classification, whose code its own
    code extends (a 7-digit 3010201 under 301 when 30102 is not printed), or, for names shown by indent,
    the nearest row one level up. A table that repeats its 类 rows per unit (or per 政府经济分类 类 in a
    cross-tab) prints several rows with the same code; the parent row says which one a child belongs to."""
    stacks: dict[str, list[tuple[str, int]]] = {}  # classification → printed ancestors (code, row)
    last: dict[tuple[str, int], int] = {}  # names only: (classification, level) → row
    for line in lines:
        classification, code, level = line["classification"], line["code"], line["level"]
        if classification not in ("function", "economic", "government_economic") or not level:
            continue
        if not code:
            line["parent_row"] = last.get((classification, level - 1))
            last[(classification, level)] = line["row"]
            continue
        stack = stacks.setdefault(classification, [])
        while stack and not (code.startswith(stack[-1][0]) and len(code) > len(stack[-1][0])):
            stack.pop()
        if stack:
            line["parent_code"], line["parent_row"] = stack[-1]
        if not stack or stack[-1] != (code, line["row"]):
            stack.append((code, line["row"]))
    return lines


def _read_code(row: list[str], pair: _Pair, kind: TableKind, dry: bool = False) -> tuple[str, str]:
    """(code, name) of one row for one classification: code columns joined with the parent segments
    carried down, or a code printed inside the name cell; a cell that is not a subject code stays a name."""
    name = "·".join(row[c.index] for c in pair.names if c.index < len(row) and row[c.index])
    state = dict(pair.state) if dry else pair.state
    cells = [(c.level, re.sub(r"\s", "", row[c.index])) for c in pair.codes if c.index < len(row)]
    code = _join_segments(cells, state) if any(cell for _, cell in cells) else ""
    if code and not re.match(kind.code_pattern, code):
        printed = "".join(cell for _, cell in cells)
        return "", name or printed
    if not code and name:
        found = (LETTER_CODE if kind.classification == "procurement" else EMBEDDED_CODE).match(name)
        if found and re.match(kind.code_pattern, found.group(1)):
            code, name = found.group(1), found.group(2).strip()
            _remember(code, state)
    return code, name


def _join_segments(cells: list[tuple[int, str]], state: dict) -> str:
    """类/款/项 segments → one code. A column labelled 类/款/项 says its level; a single code column's
    bare two-digit segment takes the level below the last code printed whole."""
    labelled = [(level, cell) for level, cell in cells if level]
    if labelled:
        parts = {level: cell for level, cell in labelled if cell}
        if not parts or not all(cell.isdigit() for cell in parts.values()):
            return "".join(cell for _, cell in cells)
        lei = parts.get(1) or state.get("类", "")
        if 1 in parts:
            state["类"] = lei
        if 2 in parts:
            kuan = lei + parts[2].zfill(2)
            state["款"] = kuan
        else:
            kuan = state.get("款", "") if 3 in parts else ""
        code = kuan + parts[3].zfill(2) if 3 in parts else (kuan or lei)
        return code if lei else "".join(parts.values())
    cell = "".join(cell for _, cell in cells)
    if not cell.isdigit():
        return cell
    if len(cell) in (3, 5, 7):
        _remember(cell, state)
        state["last"] = len(cell)
        return cell
    if len(cell) in (1, 2) and state.get("类"):
        level = {3: 2, 5: 3}.get(state.get("last", 0), state.get("bare", 2))
        state["bare"], state["last"] = level, 0
        if level == 2:
            state["款"] = state["类"] + cell.zfill(2)
            return state["款"]
        return state.get("款", state["类"]) + cell.zfill(2)
    return cell


def _remember(code: str, state: dict) -> None:
    state["类"] = code[:3]
    if len(code) >= 5:
        state["款"] = code[:5]


def _pair_classification(pair: _Pair, code: str) -> str:
    if pair.classification:
        return pair.classification
    return "government_economic" if code.startswith("5") else "economic" if code.startswith("3") else "function"


def _names_a_subject(pair: _Pair, context: _Context) -> bool:
    """Names-only rows are subjects (not units, not projects) when the name column says so."""
    if context.classification not in ("function", "economic"):
        return False
    return any(re.search(r"科目|功能分类|经济分类", c.header) for c in pair.names)


def _indent_level(indents: dict[int, list[int]], number: int, pair: _Pair) -> int | None:
    """The level from the name's indentation, among the distinct indents of the table (None when the
    grid shows no indentation)."""
    if not pair.names:
        return None
    index = pair.names[0].index
    widths = sorted({row[index] for row in indents.values() if index < len(row)})
    mine = indents.get(number, [])
    if len(widths) < 2 or index >= len(mine):
        return None
    return widths.index(mine[index]) + 1


def _first_text(row: list[str], block: list[Column], first_measure: int, skip: list[int] = ()) -> str:
    """A row label printed outside the name column (e.g. 合计 under 采购品目大类)."""
    return next((row[c.index] for c in block if c.index < first_measure and c.index not in skip and row[c.index]
                 and not is_amount(row[c.index])), "") or next(
        (row[i] for i in skip if i < len(row) and row[i] and not row[i].isdigit()), "")


def _label_to_the_left(row: list[str], before: int) -> str:
    """A figure whose block prints no label takes the row's label from the block to its left
    (Jiangsu 收支总表: 支出合计 stands under 功能分类, its amount under 支出用途)."""
    return next((row[i] for i in range(before - 1, -1, -1) if row[i] and not is_amount(row[i])), "")


def _label(name: str) -> str:
    return re.sub(r"\s", "", name).rstrip("：:")


def _is_total_label(name: str) -> bool:
    return bool(re.match(TOTAL_NAME, _label(name)))


def _total_row_by_name(lines: list[dict], table: RawTable) -> list[dict]:
    """A table printing no 合计/总计 row may print its total under the department's name ("XX局（本级）")
    or as 总计：. Such an uncoded row before the first 类 row whose values equal the sum of the 类 rows,
    measure by measure, is the total row."""
    if not lines or any(_is_total_label(line["name"]) for line in lines):
        return lines
    first_coded = next((line["row"] for line in lines if line["level"] == 1), None)
    if first_coded is None:
        return lines
    candidates = [line for line in lines if not line["code"] and line["row"] < first_coded]
    rows = sorted({line["row"] for line in candidates})
    if not rows:
        return lines
    top = [line for line in candidates if line["row"] == rows[0]]
    if not ORGANISATION.search(_label(top[0]["name"])) and not re.match(r"^(总计|合计)", _label(top[0]["name"])):
        return lines
    tolerance = TOLERANCE.get(table.unit or "万元", 0.0100001)
    main = next(line["classification"] for line in lines if line["level"] == 1)
    for line in top:
        parts = [x["amount"] or 0.0 for x in lines if x["level"] == 1 and x["classification"] == main
                 and x["measure"] == line["measure"] and x["basis"] == line["basis"]]
        if line["amount"] is None or not parts or abs(sum(parts) - line["amount"]) > tolerance:
            return lines
    for line in top:
        line["name"] = "合计"
    return lines


def _three_public(body: Body, columns: list[Column], context: _Context) -> list[dict]:
    """三公 in its layouts: one row under labelled columns; rows per unit with a 合计 row; the items as
    rows (合计 / 1、因公出国（境）费用 / … / 其中：（1）…) under one column per fund. A printed blank is 0."""
    measures = [c for c in columns if c.role == "measure"]
    labels = [c.index for c in columns if c.role in ("name", "code", "unit_code")]
    rows = [(number, _pad(row, len(columns))) for number, row in body]
    items = [(number, row, _item(_row_label(row, labels, measures))) for number, row in rows]
    if sum(1 for *_, item in items if item and item != "total") >= 2:
        out = []
        for number, row, item in items:
            if not item:
                continue
            for column in measures:
                basis = "+".join(b for b in (column.basis, "" if column.measure == "total" else column.measure) if b)
                out.append(_line(context, "", _row_label(row, labels, measures), Column(
                    column.index, "measure", item, header=column.header, basis=basis), row[column.index], number))
        return out
    out = []
    for number, row in rows:
        if not any(is_amount(row[c.index]) for c in measures):
            continue
        label = _row_label(row, labels, measures)
        out.extend(_line(context, "", label, column, row[column.index], number) for column in measures)
    return out


def _row_label(row: list[str], labels: list[int], measures: list[Column]) -> str:
    first = min((c.index for c in measures), default=len(row))
    texts = [row[i] for i in labels if i < len(row) and row[i] and not row[i].isdigit()]
    texts += [row[i] for i in range(first) if i not in labels and row[i] and not is_amount(row[i])]
    return texts[0] if texts else ""


def _item(label: str) -> str:
    """The 三公 measure a row label names ('' when none): 合计 is the table's total."""
    text = compact(ITEM_MARK.sub("", compact(label)))
    if _is_total_label(text) or text == "小计":
        return "total"
    return longest(text, THREE_PUBLIC_MEASURES)


def _line(context: _Context, code: str, name: str, column: Column, cell: str, number: int, side: str = "",
          classification: str | None = None, level: int | None = None) -> dict:
    table, kind = context.table, context.kind
    unit = table.unit or "万元"
    amount = parse_amount(cell, unit)
    procurement = kind.classification == "procurement"
    if classification is None:
        classification = context.classification if code else ""
    measure = column.measure
    if measure == "total" and kind.subject and classification == "function":
        measure = kind.subject  # a 基本支出 table by function: its 合计 is each function's basic spending
    label = name.replace(" ", "").rstrip("：:") if not code else name
    blank = is_blank(cell)
    return {
        "kind": kind.key,
        "classification": classification,
        "code": code,
        "name": label,
        "level": (1 if code else None) if procurement else (code_level(code) if code else level),
        "parent_code": "" if procurement else parent_code(code),
        "parent_row": None,
        "side": side or column.side,
        "measure": measure,
        "basis": column.basis,
        "amount": 0.0 if amount is None and blank else amount,
        "is_blank": blank,
        "source_unit": unit,
        "page": table.pages[number] if number < len(table.pages) else table.page,
        "row": number + 1,
        "table_index": table.index,
        "table_title": table.title,
        "source_line": table.row_lines[number] if number < len(table.row_lines) else None,
        # not a LINE_COLUMN: a printed cell that is no readable amount, for the audit to name (pipeline.py)
        "unreadable": None if amount is not None or blank else {"text": cell, "column": column.header},
    }


def _pad(row: list[str], width: int) -> list[str]:
    return list(row) + [""] * (width - len(row))
