"""基本支出 vs 项目支出 (and Jiangsu's 单位预留机动经费), overall and per function code; 人员 vs 公用."""

from __future__ import annotations

import pandas as pd

PARTS = ("basic", "project", "reserve")


def overall(key_figures: dict[str, float]) -> pd.DataFrame:
    """The split of the total as shares; the reserve appears only where the document prints it."""
    parts = {p: key_figures.get(f"{p}_expenditure_total") for p in PARTS}
    parts = {p: v for p, v in parts.items() if v is not None}
    total = sum(parts.values())
    return pd.DataFrame([{"part": p, "amount": v, "share_pct": round(v / total * 100, 2) if total else None}
                         for p, v in parts.items()])


def by_function(lines: pd.DataFrame, level: int = 1) -> pd.DataFrame:
    """basic/project per function code at one level, from the table that prints both columns."""
    table = lines[(lines["classification"] == "function") & (lines["level"] == level)
                  & lines["measure"].isin(["basic", "project"])]
    if table.empty:
        return pd.DataFrame(columns=["code", "name", "basic", "project"])
    first = table["table_index"].min()
    wide = table[table["table_index"] == first].pivot_table(index=["code", "name"], columns="measure",
                                                            values="amount", aggfunc="sum").reset_index()
    for part in ("basic", "project"):
        wide[part] = wide.get(part, 0.0)
    return wide[["code", "name", "basic", "project"]]


def economic_classes(lines: pd.DataFrame) -> pd.DataFrame:
    """基本支出 by economic 类 (301 工资福利, 302 商品和服务, 303 对个人和家庭的补助 …)."""
    table = lines[(lines["classification"] == "economic") & (lines["level"] == 1) & (lines["measure"] == "total")
                  & (lines["basis"] != "budget")]
    return table.drop_duplicates("code")[["code", "name", "amount"]].reset_index(drop=True)
