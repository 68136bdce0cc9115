"""Performance indicators: weight sums, core indicators, quantitative share, concentration."""

from __future__ import annotations

import pandas as pd


def by_scope(indicators: pd.DataFrame) -> pd.DataFrame:
    """Per project (and the department): indicator count, weight sum, core count, quantitative share,
    and concentration (Herfindahl index of the weights, 1 = one indicator carries all)."""
    rows = []
    # the department's indicators (named after the department or its 活动) are one set of weights
    indicators = indicators.assign(project=indicators["project"].where(indicators["scope"] == "project", ""))
    for (scope, project), group in indicators.groupby(["scope", "project"], sort=False):
        weights = group["weight"].fillna(0.0)
        total = weights.sum()
        rows.append({
            "scope": scope, "project": project or "（部门整体）", "indicators": len(group),
            "weight_sum": total, "core": int(group["core"].fillna(False).astype(bool).sum()),
            "quantitative_share_pct": round(group["target_value"].notna().mean() * 100, 1),
            "concentration_hhi": round(((weights / total) ** 2).sum(), 3) if total else None,
        })
    return pd.DataFrame(rows)


def matrix(indicators: pd.DataFrame) -> pd.DataFrame:
    """Project × indicator weights (the department's own indicators under 部门整体)."""
    data = indicators.assign(project=indicators["project"].where(indicators["scope"] == "project", "（部门整体）"))
    return data.pivot_table(index="project", columns="indicator", values="weight", aggfunc="sum")


def budget_vs_indicators(indicators: pd.DataFrame, projects: pd.DataFrame) -> pd.DataFrame:
    counts = indicators[indicators["scope"] == "project"].groupby("project").size().rename("indicators")
    return projects[["project", "budget"]].join(counts, on="project").fillna({"indicators": 0})
