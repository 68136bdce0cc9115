"""Indicators and projects (family 9): weights off the document's own convention, projects without an
output or outcome indicator, numeric operators with no numeric target, blank 二级指标.

The convention is the document's own: the weight sum most of its projects use (90 when 10 points go to
budget execution, or 100), never a fixed number.
"""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from budgetlib.audit.frame import Context, finding

CORE_CATEGORIES = r"产出|效益|效果"
NUMERIC_OPERATORS = {"≥", "≤", "<", ">"}


def _page(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def performance_findings(context: Context) -> list[dict]:
    indicators = context.indicators
    if indicators is None or indicators.empty:
        return []
    rows: list[dict] = []
    projects = indicators[indicators["scope"] == "project"]
    sums = projects.groupby("project", sort=False)["weight"].sum(min_count=1).dropna()
    if len(sums) >= 3:
        convention, count = Counter(round(float(s), 2) for s in sums).most_common(1)[0]
        if count >= len(sums) / 2:
            for project, total in sums.items():
                if abs(float(total) - convention) > 0.01:
                    page = projects.loc[projects["project"] == project, "page"].iloc[0]
                    rows.append(
                        finding(
                            "I01",
                            name=project,
                            actual=float(total),
                            expected=float(convention),
                            page=_page(page),
                            code=str(project)[:40],
                        )
                    )
    for project, group in projects.groupby("project", sort=False):
        categories = " ".join(str(c) for c in group["category_1"].fillna(""))
        if categories.strip() and not re.search(CORE_CATEGORIES, categories):
            rows.append(finding("I02", name=project, page=_page(group["page"].iloc[0]), code=str(project)[:40]))
    for row in indicators.itertuples():
        operator, target = str(row.operator or ""), str(row.target or "")
        if operator in NUMERIC_OPERATORS and target and not re.search(r"\d", target):
            rows.append(
                finding("I03", said=row.indicator, actual=target, page=_page(row.page), code=str(row.project)[:40])
            )
    # a 二级指标 left blank inside a group whose 一级指标 is printed
    blank = indicators[
        (indicators["category_2"].fillna("").astype(str).str.strip() == "")
        & (indicators["category_1"].fillna("").astype(str).str.strip() != "")
    ]
    for _, group in blank.groupby(["project", "page"], sort=False):
        first = group.iloc[0]
        rows.append(finding("I07", said=first["indicator"], page=_page(first["page"]), code=str(first["project"])[:40]))
    return rows


# What a project's description says it asks for: "申请市财政预算拨款105万元", "预计费用50万元",
# "项目所需资金：…30万元". Declared; a template that words it otherwise is a new alternative here.
ASKED = re.compile(
    r"(?:申请|所需资金|需要资金|资金需求|预计(?:费用|需要|需)|特申请|共需|拟安排|安排资金)"
    r"[^。；！？\d]{0,16}?(?P<amount>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>万元|元)"
    r"(?!以上|以下|以内|及以上|及以下)"  # "申请400.00万元以上基本建设项目": a threshold, not the amount asked
)
DESCRIPTION = 40  # characters: a cell this long is a description, not a name


def _asked(text: str) -> list[tuple[float, str]]:
    found = []
    for match in ASKED.finditer(text):
        value = float(match.group("amount").replace(",", ""))
        found.append((value / 10000 if match.group("unit") == "元" else value, match.group(0)))
    return found


def project_texts(context: Context) -> list[dict]:
    """I05: a project row whose own description asks for an amount none of its printed figures equal.

    Read from the raw grids (a row with figures and a long description cell) and from the projects
    frame (a performance table's 项目概述 against its 预算金额). Only the amounts the description says it
    asks for are compared, never the other figures a description cites."""
    rows: list[dict] = []
    for table, kind in zip(context.tables, context.kinds, strict=False):
        if not kind or kind in ("project_performance", "department_performance"):
            continue
        unit = 1 / 10000 if table.unit == "元" else 1.0
        for number, row in enumerate(table.rows):
            cells = [re.sub(r"\s", "", cell) for cell in row]
            texts = [cell for cell in cells if len(cell) >= DESCRIPTION and not re.fullmatch(r"[\d,.]+", cell)]
            figures = [float(cell.replace(",", "")) * unit for cell in cells
                       if re.fullmatch(r"-?\d[\d,]*\.\d+|-?\d[\d,]*", cell) and cell.replace(",", "").strip("-")]
            name = next((cell for cell in cells if cell and not re.fullmatch(r"[\d,.\-*]+", cell)), "")
            if not texts or not figures:
                continue
            page = table.pages[number] if number < len(table.pages or []) else table.page
            rows.extend(_compare_asked(name, texts[-1], figures, page, kind))
    projects = context.projects
    if projects is not None and len(projects):
        for project in projects.itertuples():
            if project.budget is None or pd.isna(project.budget):
                continue
            text = "".join(str(v) for v in (project.summary, project.basis, project.goal) if isinstance(v, str))
            rows.extend(_compare_asked(str(project.project), text, [float(project.budget)], _page(project.page),
                                       "project_performance"))
    return rows


def _compare_asked(name: str, text: str, figures: list[float], page, table: str) -> list[dict]:
    asked = _asked(text)
    if not asked or any(abs(value - figure) <= 0.011 for value, _ in asked for figure in figures):
        return []
    value, said = asked[0]
    figure = max(figures)
    return [finding("I05", page=page, name=name[:30], actual=value, expected=figure, table=table,
                    code=name[:40], quote=f"{name[:30]}：…{said}…")]
