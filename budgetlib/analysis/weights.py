"""Performance indicators: weight sums, core indicators, quantitative share, concentration."""

from __future__ import annotations

import math

import pandas as pd

SUMMARY_COLUMNS = ["scope", "project", "indicators", "weights_printed", "weight_sum", "core", "quantitative_share_pct",
                   "concentration_hhi"]


def by_scope(indicators: pd.DataFrame) -> pd.DataFrame:
    """Per project (and the department): indicator count, weight sum, core count, quantitative share,
    and concentration (Herfindahl index of the weights, 1 = one indicator carries all).

    Many templates print no weights at all: a set without a printed weight has no weight sum (NA), never
    0, so that no chart says its projects weigh nothing. `weights_printed` counts the indicators that
    carry a weight, so a set printed only in part is visible as such."""
    rows = []
    # the department's indicators (named after the department or its 活动) are one set of weights
    indicators = indicators.assign(project=indicators["project"].where(indicators["scope"] == "project", ""))
    for (scope, project), group in indicators.groupby(["scope", "project"], sort=False):
        weights = group["weight"].dropna()
        total = weights.sum() if len(weights) else math.nan
        rows.append({
            "scope": scope, "project": project or "（部门整体）", "indicators": len(group),
            "weights_printed": len(weights), "weight_sum": total,
            "core": int(group["core"].fillna(False).astype(bool).sum()),
            "quantitative_share_pct": round(group["target_value"].notna().mean() * 100, 1),
            "concentration_hhi": round(((weights / total) ** 2).sum(), 3) if len(weights) and total else math.nan,
        })
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def printed(summary: pd.DataFrame) -> pd.DataFrame:
    """The sets whose weights the document prints (the rest have nothing to chart)."""
    return summary[summary["weight_sum"].notna()]


def matrix(indicators: pd.DataFrame) -> pd.DataFrame:
    """Project × indicator weights (the department's own indicators under 部门整体)."""
    data = indicators.assign(project=indicators["project"].where(indicators["scope"] == "project", "（部门整体）"))
    data = data[data["weight"].notna()]
    return data.pivot_table(index="project", columns="indicator", values="weight", aggfunc="sum")


def budget_vs_indicators(indicators: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    counts = indicators[indicators["scope"] == "project"].groupby("project").size().rename("indicators")
    return projects[["project", "budget"]].join(counts, on="project").fillna({"indicators": 0})
