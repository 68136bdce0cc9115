"""绩效目标表 → performance indicators and project descriptions.

Templates differ in three ways, all read by the same steps:
- *block* tables (one project per table): label/value rows (项目名称, 年度资金总额：…) above an
  indicator grid whose header row (一级指标 | 二级指标 | 三级指标 | 指标值 | 分值 …) gives the
  column order;
- *list* tables (many projects in one grid): project columns (项目名称, 资金总额, 绩效目标) beside the
  indicator columns; a project's cells are printed on its first row (and repeated on every page);
- *packed* tables (one text cell per project): "1、1-产出指标；11-数量指标；<指标>；实施周期指标值:…；
  年度指标值:…。2、…".
Both vocabularies (block labels, grid headers) are declared below. A table of the same title that
opens without a block or a header continues the previous one (a long grid over several pages).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

import pandas as pd

from budgetlib.readers.base import RawTable
from budgetlib.tidy.numbers import normalise_cell, parse_amount

# The first fourteen columns are the frame's original ones; the rest were added (never renamed).
INDICATOR_COLUMNS = ["scope", "project", "category_1", "category_2", "indicator", "weight", "operator", "target",
                     "target_value", "unit", "core", "page", "row", "table_index", "target_scope", "target_text"]
PROJECT_COLUMNS = ["project", "budget", "department_in_charge", "summary", "basis", "goal", "source_unit",
                   "page", "table_index", "fiscal", "carry_over", "other_funds", "implementing_unit", "scope",
                   "source", "table_total", "plan", "period", "items"]

# label printed in a block → field (matched on the cell without spaces and trailing colons)
BLOCK_LABELS: tuple[tuple[str, str], ...] = (
    (r"^项目名称$", "project"),
    (r"^(?:主管部门|主管单位)(?:及代码)?$", "department_in_charge"),
    (r"^实施单位$", "implementing_unit"),
    (r"^部门[（(]单位[）)]名称$|^单位名称$|^部门名称$", "department"),
    (r"^(?:年度|实施期|当年)?(?:预算)?资金总额(?:[（(]万元[）)])?$|^当年预算$|^部门支出预算数$|^项目(?:总)?预算$|"
     r"^年度预算$|^预算(?:金额|数)$|^年度资金申请总额$|^年度预算资金总额$|^当年财政拨款预算金额$|^预算支出总额$|"
     r"^金额合计$", "budget"),
    (r"^项目资金总额$", "total_funds"),
    (r"^(?:其中)?财政拨款$", "fiscal"),
    (r"^上年结转$", "carry_over"),
    (r"^其他资金$", "other_funds"),
    (r"^项目概况$|^项目简介$|^项目概述$", "summary"),
    (r"^立项依据$", "basis"),
    (r"^(?:当年|年度|项目实施期)?(?:整体|总体)?(?:绩效)?目标$|^整体绩效目标$|^部门整体支出年度绩效目标$", "goal"),
)
# indicator-grid header → field (tried bottom-up on a column's header cells; first match wins)
INDICATOR_HEADERS: tuple[tuple[str, str], ...] = (
    (r"^一级指标$", "category_1"),
    (r"^二级指标$", "category_2"),
    (r"^(?:三级)?指标(?:名称)?$|^三级指标$|^绩效指标名称$", "indicator"),
    (r"权重|分值", "weight"),
    (r"^(?:绩效)?指标(?:值)?(?:性质|类型)$|^运算符$|^符号$", "operator"),
    (r"指标值$|^目标值$", "target"),  # 指标值, 本年绩效指标值, 年度(/项目)指标值
    (r"^(?:绩效)?(?:计量|度量)?单位$", "unit"),
    (r"^是否核心", "core"),
    (r"^备注$", "remark"),
    (r"^指标值内容$|^评[（(]扣[）)]分标准$", "detail"),
    (r"^(?:单位[（(])?项目[）)]?名称(?:[（(]资金使用单位[）)])?$|^项目名称$|^活动$|^单位[（(]项目[）)]名称$|^项目$",
     "project"),
    (r"^(?:资金总额|项目总额|总计|当年财政拨款预算金额|年度资金总额|金额|预算数)(?:[（(](?:单位[：:])?万元[）)])?$",
     "budget"),
    (r"^(?:当年|年度)?绩效目标$|^整体绩效目标$", "goal"),
    (r"^单位名称$|^部门(?:[（(]单位[）)])?名称$", "department"),
    (r"^绩效指标$", "packed"),
)
OPERATORS = {"≥": "≥", ">=": "≥", "≤": "≤", "<=": "≤", "=": "=", "＝": "=", "<": "<", ">": ">", "＞": ">", "＜": "<",
             "大于等于": "≥", "小于等于": "≤", "等于": "="}
QUALITATIVE = {"定性", "定量"}
CATEGORY_1 = r"(?:产出|效益|成本|满意度|效果|影响)指标"
CATEGORY_2 = (r"(?:数量|质量|时效|成本|经济成本|社会成本|生态环境成本|经济效益|社会效益|生态效益|可持续影响|"
              r"服务对象满意度)(?:指标)?")
PACKED_ITEM = re.compile(
    r"(?P<number>\d+)、(?P<code_1>\d+)-(?P<category_1>[^；;]+)[；;](?P<code_2>\d+)-(?P<category_2>[^；;]+)[；;]"
    r"(?P<indicator>.+?)[；;](?P<targets>(?:(?:实施周期|年度)指标值[:：].*?[；;。]?)+?)(?=\d+、\d+-|$)")
PACKED_TARGET = re.compile(r"(?P<scope>实施周期|年度)指标值[:：](?P<value>.*?)(?:[；;。]|$)")
DATE_TARGET = re.compile(r"\d{4}年|\d+月|\d+日|月底|年底|季度")
TARGET = re.compile(r"^(?P<prefix>[^\d≥≤=＝<>＞＜]*?)(?P<operator>≥|≤|>=|<=|＝|=|<|>|＞|＜|大于等于|小于等于)?\s*"
                    r"(?P<value>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>.*)$")


@dataclass
class Project:
    name: str = ""
    fields: dict = field(default_factory=dict)
    page: int | None = None
    table_index: int = 0
    indicators: list[dict] = field(default_factory=list)


LABEL_NOISE = re.compile(r"[\s:：]")


def clean_label(cell: str) -> str:
    return LABEL_NOISE.sub("", cell)


def read_performance(table: RawTable, scope: str, previous: dict | None = None) -> tuple[list[Project], dict]:
    """The projects (each with its indicators) of one performance table.

    Rows are read in order: block rows (项目名称 …) open a project, a header row opens its grid, grid
    rows are indicators (or, in a list table, name their project in its own columns). A block row
    after a grid opens the next project (templates that stack one project after another).
    `previous` is the state the last table of the same title ended in (its header map and open
    project): a table that opens with neither a block nor a header continues it.
    """
    rows = [[normalise_cell(cell) for cell in row] for row in table.rows]
    header_at = next((i for i, row in enumerate(rows) if _indicator_header(row)), None)
    if header_at is None:
        packed_at = next((i for i, row in enumerate(rows) if _packed_header(row)), None)
        if packed_at is not None:  # 绩效指标 is one text column beside the project columns
            return _packed(rows[packed_at + 1:], _header_fields(rows, packed_at), table, scope), {}
        goals_at = next((i for i, row in enumerate(rows) if _goals_header(row)), None)
        if goals_at is not None:  # 项目 | 金额 | 绩效目标: goals in words, no indicator grid
            return _packed(rows[goals_at + 1:], _header_fields(rows, goals_at), table, scope), {}
    state = dict(previous or {})
    state.pop("total", None)
    projects: list[Project] = []
    continuing = bool(previous and previous.get("fields")) and not _has_block(rows[:3]) and (
        header_at is None or (header_at > 0 and not any(any(r) for r in rows[:header_at])))
    if continuing:
        fields, current, in_grid = previous["fields"], previous["project"], True
    else:
        fields, in_grid = {}, False
        current = Project(project_from_title(table.title, scope), {}, _page(table, 0), table.index)
        projects.append(current)
    header_rows = _header_row_numbers(rows)
    pending = ""
    for number, row in enumerate(rows):
        cells = [c for c in row if c]
        if not cells:
            continue
        if number in header_rows:
            if number + 1 not in header_rows:  # the last row of a header: the grid starts below it
                fields, in_grid = _header_fields(rows, number), True
            continue
        if in_grid and _starts_block(row):  # the next project's block
            current = Project("", {}, _page(table, number), table.index)
            projects.append(current)
            in_grid = False
        if not in_grid:
            if pending and len(cells) == 1 and not _is_block_label(cells[0]):
                current.fields[pending], pending = cells[0], ""  # "当年整体绩效目标" with its text below
                continue
            found = _block_fields(row, current.fields)
            pending = next((k for k, v in found.items() if not v and k in ("goal", "summary", "basis")), "")
            current.fields.update({k: v for k, v in found.items() if v or k not in current.fields})
            if found.get("project"):
                current.name = found["project"]
            continue
        values = _values(row, fields)
        name = values.get("project", "")
        if _is_total(name) or _is_total(cells[0]):
            state["total"] = values.get("budget", "")  # the table's 合计: the list claims to be complete
            continue
        if name and name != current.name:
            open_project = (previous or {}).get("project")
            if open_project is not None and open_project.name == name and not current.indicators:
                if current in projects and not current.name:
                    projects.remove(current)  # the project goes on from the previous page's table
                current = open_project
            elif current.indicators or current.name or current.fields.get("budget"):
                current = Project(name, {}, _page(table, number), table.index)
                projects.append(current)
            else:
                current.name = name
        for key in ("budget", "goal", "department"):
            if values.get(key) and not current.fields.get(key):
                current.fields[key] = values[key]
        current.indicators.extend(_indicator(values, scope, current, table, number))
    state.update(fields=fields, project=current)
    if "project" in fields.values():  # a list: a named row without indicators or goal is a unit subtotal
        projects = [p for p in projects if p.indicators or p.fields.get("goal")]
    for project in projects:
        if scope == "department" and not project.name:  # department tables name no project
            project.name = project.fields.get("department") or f"部门整体（{_bare_title(table.title)}）"
        for indicator in project.indicators:
            indicator["project"] = project.name
    return [p for p in projects if p.indicators or p.name], state


def _header_row_numbers(rows: list[list[str]]) -> set[int]:
    """The rows of every indicator-grid header, with the header rows right above each (two-row
    headers: 项目名称 | 资金总额 | … over 一级指标 | 二级指标 | …)."""
    numbers: set[int] = set()
    for at, row in enumerate(rows):
        if _indicator_header(row):
            numbers.update(range(_header_top(rows, at), at + 1))
    return numbers


def _starts_block(row: list[str]) -> bool:
    first = next((clean_label(c) for c in row if c), "")
    return bool(re.match(r"^项目名称$", first)) and sum(1 for c in row if c) >= 2


def _bare_title(title: str) -> str:
    return re.sub(r"^(?:预算\d+表|预算表\d+|表[一二三四五六七八九十\d]+(?:-\d+)?[：:]?|附表\d+)", "", title)


def project_from_title(title: str, scope: str) -> str:
    """"“泉州政务”新媒体号运营资金项目绩效目标表" names its project; "部门专项业务经费绩效目标表" does not."""
    if scope != "project":
        return ""
    name = re.sub(r"(?:项目)?(?:支出)?绩效目标(?:申报|填报)?表.*$", "", _bare_title(re.sub(r"\s", "", title)))
    name = re.sub(r"^\d{4}年(?:度)?", "", name)
    generic = (r"(?:部门|单位|市级|区级|省级|政策和|政策|项目|支出|专项|业务|经费|预算|一般性|重点|资金|总体|整体|财政|"
               r"转移支付|[（(][^）)]*[）)])*")
    return "" if re.fullmatch(generic, name) else name


def _has_block(rows: list[list[str]]) -> bool:
    return any(re.match(pattern, clean_label(cell)) for row in rows[:3] for cell in row
               for pattern, field_name in BLOCK_LABELS if field_name == "project")


def _page(table: RawTable, number: int) -> int | None:
    return table.pages[number] if table.pages and number < len(table.pages) else table.page


def _is_total(name: str) -> bool:
    return bool(re.fullmatch(r"合计|总计|金额合计", re.sub(r"\s", "", name)))


def _indicator_header(row: list[str]) -> dict[int, str] | None:
    fields = _with_indicator_column(_match_headers([[cell] for cell in row]))
    found = set(fields.values())
    if "indicator" in found and found & {"weight", "target", "category_1", "operator"}:
        return fields
    return None


def _with_indicator_column(fields: dict[int, str]) -> dict[int, str]:
    """"绩效指标" beside 指标性质/指标值 columns is the indicator column (levels run into the name),
    not a packed text cell."""
    found = set(fields.values())
    if "packed" in found and "indicator" not in found and found & {"target", "operator", "unit"}:
        return {i: ("indicator" if f == "packed" else f) for i, f in fields.items()}
    return fields


def _packed_header(row: list[str]) -> dict[int, str] | None:
    fields = _match_headers([[cell] for cell in row])
    return fields if {"project", "packed"} <= set(fields.values()) else None


def _goals_header(row: list[str]) -> dict[int, str] | None:
    fields = _match_headers([[cell] for cell in row])
    return fields if {"project", "goal"} <= set(fields.values()) and "indicator" not in fields.values() else None


def _match_headers(columns: list[list[str]]) -> dict[int, str]:
    """Field per column: each column's header cells (top to bottom) tried bottom-up."""
    fields: dict[int, str] = {}
    for index, cells in enumerate(columns):
        for cell in reversed(cells):
            text = clean_label(cell)
            if not text:
                continue
            field_name = _header_field(text)
            if field_name and field_name not in fields.values():
                fields[index] = field_name
                break
    return fields


COMPILED_HEADERS = tuple((re.compile(pattern), name) for pattern, name in INDICATOR_HEADERS)


@functools.lru_cache(maxsize=8192)
def _header_field(text: str) -> str | None:
    """The field the first INDICATOR_HEADERS pattern found in a header cell's text names (None when none
    does). Every row of a performance table is tried as a header, and its texts repeat: each is matched once."""
    return next((name for pattern, name in COMPILED_HEADERS if pattern.search(text)), None)


def _header_fields(rows: list[list[str]], at: int) -> dict[int, str]:
    """The grid's columns, from the header row and the header rows right above it (a two-row
    header: 项目名称 | 资金总额 | … over 一级指标 | 二级指标 | …)."""
    top = at
    while top > 0 and _is_header_like(rows[top - 1]):
        top -= 1
    width = max(len(row) for row in rows[top:at + 1])
    columns = [[row[i] if i < len(row) else "" for row in rows[top:at + 1]] for i in range(width)]
    return _with_indicator_column(_match_headers(columns))


def _header_top(rows: list[list[str]], at: int) -> int:
    top = at
    while top > 0 and _is_header_like(rows[top - 1]):
        top -= 1
    return top


def _is_header_like(row: list[str]) -> bool:
    cells = [clean_label(c) for c in row if c]
    if len(cells) == 2 and any(re.match(p, cells[0]) for p, f in BLOCK_LABELS if f in ("project", "department")):
        return False  # "部门（单位）名称 | 西安市人民政府办公厅": a block row, not a header above the grid
    return bool(cells) and all(len(c) <= 16 and parse_amount(c) is None for c in cells) and any(
        re.search(pattern, c) for c in cells for pattern, _ in INDICATOR_HEADERS)


def _block_fields(row: list[str], block: dict) -> dict:
    """Label → value pairs of one block row: the value is the next non-empty cell after the label."""
    fields: dict = {}
    unit = re.search(r"[（(](万元|元)[）)]", "".join(row))
    if unit:
        fields["unit"] = unit.group(1)  # "项目资金（万元）": the unit of the amounts on this row
    cells = [(i, c) for i, c in enumerate(row) if c]
    for position, (_, cell) in enumerate(cells):
        label = re.sub(r"^其中[：:]?", "其中", clean_label(cell))
        for pattern, field_name in BLOCK_LABELS:
            if re.match(pattern, label) and field_name not in fields and field_name not in block:
                following = [c for _, c in cells[position + 1:]]
                value = next((c for c in following if not _is_block_label(c)), "")
                if value or field_name in ("goal", "summary", "basis"):
                    fields[field_name] = value
                break
    return fields


def _is_block_label(cell: str) -> bool:
    label = re.sub(r"^其中[：:]?", "其中", clean_label(cell))
    return any(re.match(pattern, label) for pattern, _ in BLOCK_LABELS) or bool(re.search(r"分值", label))


def _values(row: list[str], fields: dict[int, str]) -> dict[str, str]:
    if "weight" in fields.values():
        row = _realign(row, fields)
    values = {name: row[index] if index < len(row) else "" for index, name in fields.items()}
    return {name: value.strip() for name, value in values.items()}


def _realign(row: list[str], fields: dict[int, str]) -> list[str]:
    """Some rows lost their leading blank cell (the merged 绩效指标 label): shift them back.

    We know a row is shifted when the weight column holds no number but the cell before it does.
    """
    weight_at = next(index for index, name in fields.items() if name == "weight")
    if parse_amount(_cell(row, weight_at)) is None and parse_amount(_cell(row, weight_at - 1)) is not None:
        return ["", *row]
    return row


def _cell(row: list[str], index: int) -> str:
    return row[index] if 0 <= index < len(row) else ""


def _indicator(values: dict[str, str], scope: str, project: Project, table: RawTable, number: int) -> list[dict]:
    name = values.get("indicator", "")
    category_1, category_2 = values.get("category_1", ""), values.get("category_2", "")
    if name and not category_1 and re.match(CATEGORY_1, name):  # "产出指标数量指标协调推进…" run together
        split = re.match(rf"^(?P<c1>{CATEGORY_1})(?P<c2>{CATEGORY_2})?(?P<rest>.+)$", name)
        if split:
            category_1, category_2, name = split.group("c1"), split.group("c2") or "", split.group("rest")
    last = project.fields.setdefault("_categories", {"category_1": "", "category_2": ""})
    if category_1:
        last["category_1"], last["category_2"] = category_1, ""
    if category_2:
        last["category_2"] = category_2
    if not name:
        return []
    operator, target, unit, text = split_target(values.get("target", ""), values.get("operator", ""),
                                                values.get("unit", ""))
    weight = parse_amount(values.get("weight"))
    if weight is None and values.get("remark") and re.fullmatch(r"\d+(?:\.\d+)?", values["remark"]):
        weight = float(values["remark"])  # a 备注 column that holds the scores (no 分值 header)
    core = values.get("core", "")
    return [{
        "scope": scope,
        "project": project.name,
        "category_1": last["category_1"],
        "category_2": last["category_2"],
        "indicator": name,
        "weight": weight,
        "operator": operator,
        "target": target,
        "target_value": parse_amount(target),
        "unit": unit,
        "core": {"是": True, "否": False}.get(core),
        "page": _page(table, number),
        "row": number + 1,
        "table_index": table.index,
        "target_scope": "",
        "target_text": text,
    }]


def split_target(value: str, operator: str = "", unit: str = "") -> tuple[str, str, str, str]:
    """(operator, target, unit, printed) of an 指标值 cell, with its operator and unit cells.

    "≥330 台（套）" → ("≥", "330", "台（套）"); "每年≥20场" → ("≥", "20", "场") (the printed text
    keeps 每年); dates and ranges stay whole ("2026年10月底前", "2022年1月-6月"); qualitative
    targets ("明显改善") have no operator.
    """
    printed = value.strip()
    text = re.sub(r"\s+", "", printed)
    op = OPERATORS.get(re.sub(r"\s", "", operator), "")
    if re.sub(r"\s", "", operator) in QUALITATIVE:
        op = ""
    if not text:
        return op, "", unit, printed
    if DATE_TARGET.search(text) or re.search(r"\d+\s*[-—~～至]\s*\d+", text):
        return op, text, unit, printed
    match = TARGET.match(text)
    if not match:
        return op, text, unit, printed
    found_op = OPERATORS.get(match.group("operator") or "", "")
    if match.group("prefix") and not found_op and not re.fullmatch(r"[每年月日季度]*", match.group("prefix")):
        return op, text, unit, printed  # "前三名", "不低于95%": kept as printed
    found_unit = re.sub(r"^[（(]([^（()）]*)[)）]$", r"\1", match.group("unit").strip())  # "≥12.00(次)"
    return op or found_op, match.group("value").replace(",", ""), unit or found_unit, printed


def _packed(rows: list[list[str]], fields: dict[int, str], table: RawTable, scope: str) -> list[Project]:
    """One project per row, its indicators packed into one text cell."""
    projects: list[Project] = []
    for number, row in enumerate(rows):
        values = _values(row, fields)
        name, packed = values.get("project", ""), re.sub(r"\s+", "", values.get("packed", ""))
        if not name or _is_total(name):
            continue
        project = Project(name, {"budget": values.get("budget", ""), "goal": values.get("goal", ""),
                                 "implementing_unit": values.get("department", "")}, _page(table, number), table.index)
        for item in PACKED_ITEM.finditer(packed):
            for target in PACKED_TARGET.finditer(item.group("targets")):
                operator, value, unit, text = split_target(target.group("value"))
                project.indicators.append({
                    "scope": scope, "project": name, "category_1": item.group("category_1"),
                    "category_2": item.group("category_2"), "indicator": item.group("indicator"),
                    "weight": None, "operator": operator, "target": value, "target_value": parse_amount(value),
                    "unit": unit, "core": None, "page": _page(table, number), "row": number + 1,
                    "table_index": table.index, "target_scope": target.group("scope"), "target_text": text})
        if project.indicators or project.fields.get("goal"):
            projects.append(project)
    total = next((_values(row, fields).get("budget", "") for row in rows
                  if _is_total(_values(row, fields).get("project", ""))), "")
    for project in projects:
        project.fields["table_total"] = total
    return projects


def performance_frames(tables: list[tuple[RawTable, str]], default_unit: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The indicators and projects frames of a document, from its (table, scope) pairs."""
    ordered: list[tuple[Project, RawTable, str]] = []
    seen: set[int] = set()
    state: dict = {}
    last_title = None
    run: list[Project] = []
    run_total = ""
    for table, scope in tables:
        previous = state if table.title == last_title else None
        if previous is None:
            run, run_total = [], ""
        found, state = read_performance(table, scope, previous)
        last_title = table.title
        for project in found:  # a project continued over several tables is listed once
            if id(project) not in seen:
                seen.add(id(project))
                ordered.append((project, table, scope))
                run.append(project)
        run_total = state.get("total") or run_total  # a 合计 row covers every page of its table
        for project in run:
            if run_total:
                project.fields["table_total"] = run_total
    indicators = [row for project, _, _ in ordered for row in project.indicators]
    projects = [_project(project, table, default_unit, scope) for project, table, scope in ordered
                if scope == "project"]
    return (pd.DataFrame(indicators, columns=INDICATOR_COLUMNS),
            pd.DataFrame(projects, columns=PROJECT_COLUMNS))


def _project(project: Project, table: RawTable, default_unit: str, scope: str) -> dict:
    block = project.fields
    unit = block.get("unit") or table.unit or default_unit
    return {
        "project": project.name,
        "budget": parse_amount(block.get("budget"), unit),
        "department_in_charge": block.get("department_in_charge", ""),
        "summary": block.get("summary", ""),
        "basis": block.get("basis", ""),
        "goal": block.get("goal", ""),
        "source_unit": unit,
        "page": project.page,
        "table_index": project.table_index,
        "fiscal": parse_amount(block.get("fiscal"), unit),
        "carry_over": parse_amount(block.get("carry_over"), unit),
        "other_funds": parse_amount(block.get("other_funds"), unit),
        "implementing_unit": block.get("implementing_unit", ""),
        "scope": scope,
        "source": "table",
        "table_total": parse_amount(block.get("table_total"), unit),
        "plan": "", "period": "", "items": "",
    }
