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
