"""Compare departments: shares and growth, never mixing 预算 with 决算 or one year with another."""

from __future__ import annotations

import pandas as pd


def metrics(documents: pd.DataFrame, key_figures: pd.DataFrame) -> pd.DataFrame:
    """Per document: 三公 share of expenditure, basic share, and growth against the same department's
    previous year of the same stage (NaN where the store lacks that year)."""
    wanted = ["expenditure_total", "three_public_total", "basic_expenditure_total", "project_expenditure_total"]
    wide = key_figures.pivot_table(index="doc_id", columns="key", values="amount").reindex(columns=wanted)
    docs = documents.set_index("doc_id")[["department_name", "year", "stage", "scope"]].join(wide, how="inner")
    docs["three_public_share_pct"] = (docs["three_public_total"] / docs["expenditure_total"] * 100).round(3)
    split = docs["basic_expenditure_total"] + docs["project_expenditure_total"]
    docs["basic_share_pct"] = (docs["basic_expenditure_total"] / split * 100).round(2)
    docs = docs.sort_values(["department_name", "stage", "year"])
    previous = docs.groupby(["department_name", "stage"])["expenditure_total"].shift()
    previous_year = docs.groupby(["department_name", "stage"])["year"].shift()
    docs["yoy_growth_pct"] = ((docs["expenditure_total"] / previous - 1) * 100).where(
        previous_year == docs["year"] - 1).round(2)
    return docs.reset_index()[["doc_id", "department_name", "year", "stage", "scope", "expenditure_total",
                               "three_public_share_pct", "basic_share_pct", "yoy_growth_pct"]]


def ranking(table: pd.DataFrame, column: str, stage: str = "预算") -> pd.DataFrame:
    """Departments ranked on one metric within one stage, latest year per department."""
    part = table[(table["stage"] == stage) & table[column].notna()]
    latest = part.sort_values("year").drop_duplicates("department_name", keep="last")
    ranked = latest.sort_values(column, ascending=False)[["department_name", "year", column]]
    return ranked.reset_index(drop=True)
