"""绩效目标表 → performance indicators and project descriptions.

A performance table is a block of label/value rows (项目名称, 当年预算, 项目概况 …) followed by
an indicator grid whose own header row (指标名称, 指标权重 …) says the column order, which
differs between templates. Both vocabularies are declared below.
"""

from __future__ import annotations

import re

import pandas as pd

from budgetlib.readers.base import RawTable
from budgetlib.tidy.numbers import normalise_cell, parse_amount

INDICATOR_COLUMNS = ["scope", "project", "category_1", "category_2", "indicator", "weight", "operator", "target",
                     "target_value", "unit", "core", "page", "row", "table_index"]
PROJECT_COLUMNS = ["project", "budget", "department_in_charge", "summary", "basis", "goal", "source_unit",
                   "page", "table_index"]

# label printed in the block → field
BLOCK_LABELS: tuple[tuple[str, str], ...] = (
    (r"^项目名称$", "project"),
    (r"^主管部门$|^主管单位$", "department_in_charge"),
    (r"^部门[（(]单位[）)]名称$|^单位名称$|^部门名称$", "department"),
    (r"^当年预算$|^部门支出预算数$|^项目(总)?预算$|^年度预算$|^预算(金额|数)$|^年度资金申请总额$", "budget"),
    (r"^项目资金总额$", "total_funds"),
    (r"^项目概况$|^项目简介$", "summary"),
    (r"^立项依据$", "basis"),
    (r"^当年(整体)?绩效目标$|^年度(整体)?绩效目标$|^绩效目标$", "goal"),
)
# indicator-grid header → field
INDICATOR_HEADERS: tuple[tuple[str, str], ...] = (
    (r"^一级指标$", "category_1"),
    (r"^二级指标$", "category_2"),
    (r"^指标(名称)?$|^三级指标$", "indicator"),
    (r"权重|分值", "weight"),
    (r"^指标性质$|^运算符$|^符号$", "operator"),
    (r"指标值$|^目标值$", "target"),
    (r"^计量单位$|^单位$", "unit"),
    (r"^是否核心", "core"),
)
OPERATORS = {"≥": "≥", ">=": "≥", "≤": "≤", "<=": "≤", "=": "=", "＝": "=", "<": "<", ">": ">", "＞": ">", "＜": "<"}


def read_performance(table: RawTable, scope: str) -> tuple[dict, list[dict]]:
    """(block fields, indicator rows) of one performance table; scope is 'department' or 'project'."""
    rows = [[normalise_cell(cell) for cell in row] for row in table.rows]
    block: dict = {}
    indicator_fields: dict[int, str] | None = None
    indicators: list[dict] = []
    for number, row in enumerate(rows):
        header = _indicator_header(row) if indicator_fields is None or not any(_is_figure(c) for c in row) else None
        if header:
            indicator_fields = header
            continue
        if indicator_fields is None:
            block.update(_block_fields(row))
        elif any(row):
            indicators.append(_indicator(row, indicator_fields, scope, block.get("project", ""), table, number))
    return block, _fill_categories(indicators)


def _fill_categories(indicators: list[dict]) -> list[dict]:
    """一级/二级指标 cells are merged down over their indicators: carry each down to the rows it covers."""
    last = {"category_1": "", "category_2": ""}
    for row in indicators:
        for field in last:
            if row[field]:
                last[field] = row[field]
                if field == "category_1":
                    last["category_2"] = row["category_2"]
            else:
                row[field] = last[field]
    return indicators


def _indicator_header(row: list[str]) -> dict[int, str] | None:
    fields = {}
    for index, cell in enumerate(row):
        for pattern, field in INDICATOR_HEADERS:
            if re.search(pattern, cell.replace(" ", "")) and field not in fields.values():
                fields[index] = field
                break
    found = set(fields.values())
    return fields if "indicator" in found and ({"weight", "target"} & found) else None


def _is_figure(cell: str) -> bool:
    return parse_amount(cell) is not None


def _block_fields(row: list[str]) -> dict:
    fields = {}
    unit = re.search(r"[（(](万元|元)[）)]", "".join(row))
    if unit:
        fields["unit"] = unit.group(1)  # "项目资金（元）": the unit of the amounts on this row
    for index, cell in enumerate(row[:-1]):
        for pattern, field in BLOCK_LABELS:
            if re.match(pattern, cell.replace(" ", "")) and field not in fields:
                value = next((v for v in row[index + 1:] if v), "")
                fields[field] = value
    return fields


def _indicator(row: list[str], fields: dict[int, str], scope: str, project: str, table: RawTable,
               number: int) -> dict:
    row = _realign(row, fields) if "weight" in fields.values() else row
    values = {field: row[index] if index < len(row) else "" for index, field in fields.items()}
    target = values.get("target", "")
    if "operator" not in values:  # "≥13459.00(平方米)": operator, value and unit in one cell
        combined = re.match(r"^\s*([≥≤=<>＞＜＝]|>=|<=)?\s*([\d.,]+)?\s*[（(]?([^（()）]*)[)）]?\s*$", target)
        if combined and combined.group(2):
            values["operator"], target = combined.group(1) or "", combined.group(2)
            values.setdefault("unit", combined.group(3) or "")
    operator = OPERATORS.get(values.get("operator", "").replace(" ", ""), values.get("operator", ""))
    core = values.get("core", "")
    return {
        "scope": scope,
        "project": project if scope == "project" else "",
        "category_1": values.get("category_1", ""),
        "category_2": values.get("category_2", ""),
        "indicator": values.get("indicator", ""),
        "weight": parse_amount(values.get("weight")),
        "operator": operator,
        "target": target,
        "target_value": parse_amount(target),
        "unit": values.get("unit", ""),
        "core": {"是": True, "否": False}.get(core),
        "page": table.pages[number] if table.pages else table.page,
        "row": number + 1,
        "table_index": table.index,
    }


def _realign(row: list[str], fields: dict[int, str]) -> list[str]:
    """Some rows lost their leading blank cell (the merged 绩效指标 label): shift them back.

    We know a row is shifted when the weight column holds no number but the cell before it does.
    """
    weight_at = next(index for index, field in fields.items() if field == "weight")
    if parse_amount(_cell(row, weight_at)) is None and parse_amount(_cell(row, weight_at - 1)) is not None:
        return ["", *row]
    return row


def _cell(row: list[str], index: int) -> str:
    return row[index] if 0 <= index < len(row) else ""


def performance_frames(tables: list[tuple[RawTable, str]], default_unit: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The indicators and projects frames of a document, from its (table, scope) pairs."""
    indicators: list[dict] = []
    projects: list[dict] = []
    for table, scope in tables:
        block, rows = read_performance(table, scope)
        indicators.extend(rows)
        if scope == "project":
            projects.append(_project(block, table, default_unit))
    return (pd.DataFrame(indicators, columns=INDICATOR_COLUMNS),
            pd.DataFrame(projects, columns=PROJECT_COLUMNS))


def _project(block: dict, table: RawTable, default_unit: str) -> dict:
    unit = block.get("unit") or table.unit or default_unit
    return {
        "project": block.get("project", ""),
        "budget": parse_amount(block.get("budget"), unit),
        "department_in_charge": block.get("department_in_charge", ""),
        "summary": block.get("summary", ""),
        "basis": block.get("basis", ""),
        "goal": block.get("goal", ""),
        "source_unit": unit,
        "page": table.page,
        "table_index": table.index,
    }
