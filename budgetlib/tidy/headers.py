"""Header rows → what each column holds (a role, a measure, a basis, a side).

A column's header is read as a stack of cells, top to bottom, after merged cells are spread over the
columns they cover. The words come from `budgetlib.catalogue.measures`; this module only applies them:

- the leaf (lowest cell) names the column; a leaf that only says "the amount" (小计, 合计, 金额 …) takes
  the meaning of the nearest group above it that names a measure, else `total`;
- a group that spans every amount column of its block names the table, not a measure (本年一般公共
  预算基本支出 over 合计 | 人员经费 | 公用经费);
- years, changes, 预算数/决算数 pairs and carried-over groups are qualifiers: they go to `basis`;
- side (收入/支出) comes only from the two explicit sides of a two-sided table;
- two columns of one block never resolve to the same measure and basis: the later (or the one that
  only inherited its meaning) keeps its printed header as `column:…` so it is seen, never summed twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from budgetlib.catalogue.kinds import TableKind
from budgetlib.catalogue.measures import (
    CARRIED_OVER_GROUP,
    CODE_HEADER,
    CURRENT_WORD,
    GENERIC,
    MEASURES,
    NAME_HEADER,
    NEUTRAL,
    NOT_AMOUNTS,
    OF_WHICH,
    OF_WHICH_PREFIX,
    PRIOR_WORD,
    QUALIFIERS,
    THREE_PUBLIC_GROUPS,
    THREE_PUBLIC_MEASURES,
    UNIT_CODE_HEADER,
    YEAR,
    Term,
)

LEVEL_LABELS = {"类": 1, "款": 2, "项": 3}
FUNDS = ("general_public_budget", "gov_fund_budget", "state_capital_budget", "fiscal_appropriation",
         "fiscal_special_account", "unit_funds", "other_funds")
SCOPE_MEASURE = {"general_public": "general_public_budget", "fiscal": "fiscal_appropriation",
                 "gov_fund": "gov_fund_budget", "state_capital": "state_capital_budget"}
BASES = {"预算数": "budget", "决算数": "final"}


@dataclass(frozen=True)
class Column:
    """What one grid column holds.

    role: "code", "name", "unit_code", "measure" or "" (ignored: row numbers, notes, percentages, counts).
    level: for a code column that prints one segment (类/款/项), that level (1/2/3).
    classification: for a code or name column of a second classification printed on the same row
    (政府经济分类 beside 部门经济分类), that classification.
    inherited: the measure came from a group above the leaf, not from the leaf itself.
    """

    index: int
    role: str
    measure: str = ""
    side: str = ""
    header: str = ""
    basis: str = ""
    level: int = 0
    classification: str = ""
    inherited: bool = False


def compact(text: str) -> str:
    """Header words without spaces, quote marks, a trailing colon or a printed unit (预算金额（万元）)."""
    text = re.sub(r"[\s“”\"'‘’]", "", text or "").rstrip("：:")
    return re.sub(r"^(?:万元|元)(?=.)|[（(](?:单位[：:])?(?:万元|元)[)）]|(?<=.)(?:万元|元)$", "", text)


def header_stacks(header: list[list[str]], width: int) -> list[list[str]]:
    """Per column, its header cells top to bottom (merged cells spread right, except in the last row)."""
    filled: list[list[str]] = []
    for row in header[:-1]:
        filled.append(_spread_merged(row, width, filled[-1] if filled else None))
    filled += [_pad(row, width) for row in header[-1:]]
    stacks = []
    for index in range(width):
        stack: list[str] = []
        for row in filled:
            cell = compact(row[index])
            if cell and (not stack or stack[-1] != cell):
                stack.append(cell)
        stacks.append(stack)
    return stacks


def describe_columns(header: list[list[str]], width: int, kind: TableKind, year: int | None = None,
                     empty: frozenset[int] = frozenset()) -> list[Column]:
    """Each column's role, measure, basis and side, from the header rows. `empty`: columns with no value
    below the header; one of them that prints no header word of its own either is only the overhang of
    a merged cell, not a column."""
    own = {i for row in header for i, cell in enumerate(row) if compact(cell)}
    phantom = {i for i in empty if i not in own}
    stacks = [[] if i in phantom else stack for i, stack in enumerate(header_stacks(header, width))]
    cells = {cell for stack in stacks for cell in stack}
    paired = {"预算数", "决算数"} <= cells  # a 决算 prints 预算数 | 决算数 for each measure
    current = _current_year(cells, year)
    sides = _sides(stacks, kind)
    stacks = [stack[1:] if side and stack and _side_word(stack[0]) else stack for stack, side in zip(stacks, sides,
                                                                                                     strict=True)]
    columns = [_role(index, stack, sides[index]) for index, stack in enumerate(stacks)]
    if kind.layout == "two_sided" and not any(sides):
        columns = _sides_by_block(columns)
    neutral = _table_groups(stacks, columns)
    out = []
    for column, stack in zip(columns, stacks, strict=True):
        if column.role != "measure":
            out.append(column)
            continue
        out.append(_measure(column, [cell for cell in stack if cell not in neutral.get(column.index, set())],
                            kind, paired, current))
    return _distinct(_pair_classifications(out, stacks))


def _role(index: int, stack: list[str], side: str) -> Column:
    header = "/".join(stack)
    leaf = stack[-1] if stack else ""
    if not stack:
        return Column(index, "", side=side)
    if any(re.search(pattern, leaf) for pattern in NOT_AMOUNTS) and not re.search(r"金额|预算数|决算数", leaf):
        return Column(index, "", side=side, header=header)  # not money (a percentage, row number, count, text)
    if re.search(UNIT_CODE_HEADER, leaf):
        return Column(index, "unit_code", side=side, header=header)
    if re.search(CODE_HEADER, leaf):
        return Column(index, "code", side=side, header=header, level=LEVEL_LABELS.get(leaf, 0))
    if re.search(NAME_HEADER, leaf) and not re.search(r"金额|预算数|决算数", leaf):
        return Column(index, "name", side=side, header=header)
    return Column(index, "measure", side=side, header=header)


def _current_year(cells: set[str], year: int | None) -> int | None:
    years = {int(match.group(1)) for cell in cells for match in re.finditer(YEAR, cell)}
    if year in years:
        return year
    return max(years) if years else year


def _side_word(cell: str) -> str:
    if re.fullmatch(r"(?:本年|财政拨款|部门|一般公共预算)?收入(?:预算|决算)?", cell):
        return "income"
    if re.fullmatch(r"(?:本年|财政拨款|部门|一般公共预算)?支出(?:预算|决算)?", cell):
        return "expenditure"
    return ""


def _sides(stacks: list[list[str]], kind: TableKind) -> list[str]:
    """收入 | 支出 only in a two-sided table, from its top header cells; a block without its own side
    word belongs to the side on its left."""
    if kind.layout != "two_sided":
        return [""] * len(stacks)
    out, side = [], ""
    for stack in stacks:
        side = (_side_word(stack[0]) if stack else "") or side
        out.append(side)
    return out


def _sides_by_block(columns: list[Column]) -> list[Column]:
    """A two-sided table printed without the words 收入/支出 (a 决算 summary: 项目 | 决算数 | 项目(按功能分类) |
    决算数): its first block is the income side, the blocks to its right the expenditure side."""
    out, block, seen_measure = [], 0, False
    for column in columns:
        if column.role in ("code", "name") and seen_measure:
            block, seen_measure = block + 1, False
        seen_measure = seen_measure or column.role == "measure"
        out.append(replace(column, side="income" if block == 0 else "expenditure"))
    return out if block else columns


def _table_groups(stacks: list[list[str]], columns: list[Column]) -> dict[int, set[str]]:
    """Group cells that head every amount column of their block: they name the table, not a measure."""
    out: dict[int, set[str]] = {}
    blocks: list[list[int]] = [[]]
    for column in columns:
        if column.role in ("code", "name", "unit_code") and any(columns[i].role == "measure" for i in blocks[-1]):
            blocks.append([])
        if column.role == "measure":
            blocks[-1].append(column.index)
    for block in blocks:
        if len(block) < 2:
            continue
        for depth in range(max(len(stacks[i]) for i in block)):
            cells = {stacks[i][depth] if depth < len(stacks[i]) - 1 else None for i in block}
            if len(cells) == 1 and None not in cells:
                for i in block:
                    out.setdefault(i, set()).add(stacks[i][depth])
    for column in columns:  # a group cell that only names the classification (功能分类科目) is never a measure
        if column.role == "measure":
            out.setdefault(column.index, set()).update(c for c in stacks[column.index][:-1] if re.match(NEUTRAL, c))
    return out


def _measure(column: Column, stack: list[str], kind: TableKind, paired: bool, current: int | None) -> Column:
    """Read the qualifiers off every cell, then the measure from the leaf (or the group it inherits)."""
    qualifiers: list[str] = []
    words: list[str] = []
    for depth, cell in enumerate(stack):
        text, change = cell, False
        for pattern, basis in QUALIFIERS:
            found = re.search(pattern, text)
            if found:
                qualifiers.append(basis)
                change = change or basis == "change"
                text = text.replace(found.group(0), "")
        for match in re.finditer(YEAR, text):
            found_year = int(match.group(1))
            if current and found_year < current and not change:
                qualifiers.append("prior_year")
            elif current and found_year > current and not change:
                qualifiers.append(f"year_{found_year}")
        text = re.sub(r"[（）()]", "", re.sub(YEAR, "", text))
        if re.match(PRIOR_WORD, text):
            qualifiers.append("prior_year")
            text = re.sub(PRIOR_WORD, "", text)
        text = re.sub(CURRENT_WORD, "", text)
        if paired and text in BASES:
            qualifiers.append(BASES[text])
        if depth < len(stack) - 1 and re.fullmatch(CARRIED_OVER_GROUP, text):
            qualifiers.append("carried_over")
            words.append("")
            continue
        words.append(text)
    measure, inherited = _leaf_measure(words, kind)
    if kind.layout == "single_row" and measure in FUNDS:
        item = next((found for group in reversed(words[:-1]) if (found := longest(group, THREE_PUBLIC_GROUPS))), "")
        if item:  # 因公出国（境）费 / 一般公共预算: the item's 一般公共预算 part
            qualifiers.append(measure)
            measure, inherited = item, True
    if "carried_over" in qualifiers and measure == "total" and not inherited and _generic(words[-1] or "合计"):
        qualifiers.remove("carried_over")  # 上年结转结余/小计 is the carried-over amount itself
        measure = "carried_over"
    basis = "+".join(dict.fromkeys(qualifiers))
    if measure and (measure == kind.subject or (kind.layout == "coded" and measure == SCOPE_MEASURE.get(kind.scope))):
        measure = "total"  # 基本支出 in a basic table, 一般公共预算支出 in the 一般公共预算 table: the table's total
    if not measure:
        return replace(column, measure=f"column:{column.header}", basis=basis)
    return replace(column, measure=measure, basis=basis, inherited=inherited)


def _leaf_measure(words: list[str], kind: TableKind) -> tuple[str, bool]:
    """(measure, inherited) from the leaf words, or from the nearest group when the leaf is generic."""
    terms, groups = _terms(kind)
    leaf = words[-1] if words else ""
    of_which = bool(re.match(OF_WHICH_PREFIX, leaf))
    leaf = re.sub(OF_WHICH_PREFIX, "", leaf)
    if leaf and not _generic(leaf):
        found = longest(leaf, terms) or (longest(leaf, OF_WHICH) if of_which else "")
        return found, False
    for group in reversed(words[:-1]):
        group = re.sub(OF_WHICH_PREFIX, "", group)
        if not group or _generic(group):
            continue
        found = longest(group, groups)
        if found:
            return found, True
        if kind.layout == "single_row":
            continue
        break  # an unknown group over a generic leaf: that group's total
    return "total", False


def _terms(kind: TableKind) -> tuple[tuple[Term, ...], tuple[Term, ...]]:
    if kind.layout == "single_row":
        return (*THREE_PUBLIC_MEASURES, *MEASURES), THREE_PUBLIC_GROUPS
    return MEASURES, MEASURES


def _generic(text: str) -> bool:
    return len(text) <= 1 or bool(re.match(GENERIC, text))


def longest(text: str, terms: tuple[Term, ...]) -> str:
    """The measure of the longest term found in `text` ('' when none): a longer phrase is never read
    as a shorter one it contains."""
    best, length = "", 0
    for term in terms:
        for match in re.finditer(term.pattern, text):
            if match.end() - match.start() > length:
                best, length = term.measure, match.end() - match.start()
    return best


def _pair_classifications(columns: list[Column], stacks: list[list[str]]) -> list[Column]:
    """Code and name columns of a second classification on the same row (政府经济分类 beside 部门经济
    分类) carry that classification, so both are read."""
    out = []
    for column in columns:
        text = "".join(stacks[column.index])
        if column.role in ("code", "name") and re.search(r"政府.*经济|政府预算支出", text):
            column = replace(column, classification="government_economic")
        elif column.role in ("code", "name") and re.search(r"部门.*经济|经济分类|经济科目", text):
            column = replace(column, classification="economic")
        elif column.role in ("code", "name") and re.search(r"功能", text):
            column = replace(column, classification="function")
        out.append(column)
    return out


def _distinct(columns: list[Column]) -> list[Column]:
    """Two columns of one block (and side) never resolve to the same measure and basis."""
    out = list(columns)
    block = 0
    seen: dict[tuple, int] = {}
    previous_role = ""
    for position, column in enumerate(out):
        if column.role in ("code", "name", "unit_code") and previous_role == "measure":
            block += 1
        previous_role = column.role or previous_role
        if column.role != "measure" or column.measure.startswith("column:"):
            continue
        key = (block, column.side, column.measure, column.basis)
        if key not in seen:
            seen[key] = position
            continue
        first = out[seen[key]]
        loser = position if column.inherited or not first.inherited else seen[key]
        if loser == seen[key]:
            seen[key] = position
        out[loser] = replace(out[loser], measure=f"column:{out[loser].header}", inherited=False)
    return out


def _spread_merged(row: list[str], width: int, above: list[str] | None) -> list[str]:
    """A merged label covers the empty cells to its right, but never past the edge of the label
    above it (a column merged down from the row above is not under it)."""
    out: list[str] = []
    for index, cell in enumerate(_pad(row, width)):
        same_parent = above is None or (index > 0 and above[index] == above[index - 1])
        out.append(cell or (out[-1] if out and same_parent else ""))
    return out


def _pad(row: list[str], width: int) -> list[str]:
    return list(row) + [""] * (width - len(row))
