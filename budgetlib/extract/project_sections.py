"""Project description sections of the narrative → project rows.

Many documents describe their key projects in prose, one section per project, under fixed part
headings: 项目概述 / 立项依据 / 实施主体 / 实施方案 / 实施周期 / 年度预算安排 / 绩效目标. The
project is named by the heading above the first part ("…项目经费情况说明", "一级项目—信息化运行维护
项目情况"). 年度预算安排 gives the budget: a stated total ("拟安排该项目一般公共预算 A 万元（含上年
结转 B 万元）") or items that add up to it ("信息化系统日常维护费 166.66 万元，中介机构服务费…"),
amounts in 万元 or bare 万.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pandas as pd

from budgetlib.extract.narrative import AMOUNT, ENUMERATION, prepare, scale
from budgetlib.extract.performance import PROJECT_COLUMNS

PARTS: tuple[tuple[str, str], ...] = (
    (r"^项目(?:概述|概况|简介)$", "summary"),
    (r"^立项依据$", "basis"),
    (r"^实施主体$", "implementing_unit"),
    (r"^实施方案$", "plan"),
    (r"^实施周期$", "period"),
    (r"^(?:年度)?预算安排$", "budget_text"),
    (r"^(?:年度)?绩效目标$", "goal"),
)
PROJECT_NAME = (r"(?:一级项目|项目)[—\-－:：]+(?P<dash>.+?)(?:项目)?(?:情况|情况说明)?$",
                r"^(?P<named>.+?)(?:项目)?(?:经费)?情况说明$")
TOTAL_LABEL = r"该项目|本项目|项目(?:总)?预算|拟安排|安排|合计|总计|共计"


def project_sections(lines: list[tuple[int | None, str]]) -> list[dict]:
    """One row per described project: name, page, the part texts, budget and its items."""
    projects: list[dict] = []
    current: dict | None = None
    part = ""
    last_heading = ""
    for paragraph in prepare(lines):
        text = paragraph.text
        heading = ENUMERATION.sub("", text).rstrip("：:。")
        field = next((name for pattern, name in PARTS if re.match(pattern, heading)), None)
        if field is not None and (paragraph.heading or len(heading) <= 8):
            if field == "summary":  # 项目概述 opens a project's section
                current = {"project": project_name(last_heading), "page": paragraph.pages[0][1]}
                projects.append(current)
            part = field if current is not None else ""
            continue
        if paragraph.heading or (len(text) <= 40 and re.search(r"情况说明$|项目情况$", text)):
            current, part = None, ""  # any other heading ends the section
            last_heading = text
            continue
        if current is not None and part:
            current[part] = (current.get(part, "") + text).strip()
    for project in projects:
        project.update(budget_of(project.get("budget_text", "")))
    return [p for p in projects if p.get("project") or p.get("budget") is not None]


def project_name(heading: str) -> str:
    text = ENUMERATION.sub("", heading)
    for pattern in PROJECT_NAME:
        match = re.search(pattern, text)
        if match:
            name = (match.groupdict().get("dash") or match.groupdict().get("named") or "").strip()
            return "" if re.fullmatch(r"(?:项目|经费)*", name) else name
    return ""


def budget_of(text: str) -> dict:
    """The budget a 年度预算安排 paragraph states: its total and the items it lists.

    A first amount named as the project's ("拟安排该项目…", "项目预算") is the total, and bracketed
    amounts after it ("（含上年结转 B 万元）") are parts of it; otherwise the items add up to it.
    """
    items: list[tuple[str, Decimal]] = []
    total: Decimal | None = None
    previous_end = 0
    for match in AMOUNT.finditer(text):
        if match.group("unit") == "辆":
            continue
        before = text[previous_end:match.start()]
        label = re.split(r"[，,；;。：:、（(]", before)[-1]
        label = re.sub(r"^(?:\d{4}年(?:度)?|其中|含|包括)+", "", label)
        amount = Decimal(match.group("number").replace(",", "")) * scale(match.group("unit"))
        if total is None and not items and re.search(TOTAL_LABEL, label):
            total = amount
        else:
            items.append((label, amount))
        previous_end = match.end()
    if total is None and items:
        total = sum((amount for _, amount in items), Decimal(0))
    return {"budget": float(total) if total is not None else None,
            "items": "；".join(f"{label} {amount:f}" for label, amount in items)}


def narrative_projects(lines: list[tuple[int | None, str]]) -> pd.DataFrame:
    """The described projects as rows of the projects frame (source "narrative", amounts in 万元)."""
    rows = [{**{column: "" for column in PROJECT_COLUMNS}, **{k: v for k, v in p.items() if k in PROJECT_COLUMNS},
             "source_unit": "万元", "scope": "project", "source": "narrative", "table_index": None,
             "fiscal": None, "carry_over": None, "other_funds": None, "table_total": None}
            for p in project_sections(lines)]
    return pd.DataFrame(rows, columns=PROJECT_COLUMNS)
