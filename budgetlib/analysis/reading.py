"""Reading problems: where the figures may be misread, so that a report says so at its top.

A misreading must never be presented as the document's error. Today the signs are: columns whose
header the catalogue does not know (`column:<header>`), amounts that are subject codes, key figures
a document of its stage always has but that were not found, and checks that fail (which may be the
document's error or ours: they are listed as "not reconciled", never as errors of the document).
When the audit gains its `reading` family, checks of that family are reading problems outright;
`problems()` takes them without change to its callers.
"""

from __future__ import annotations

import pandas as pd

PROBLEM_COLUMNS = ["kind", "table", "detail"]
KIND_LABELS = {"unmapped_column": "未识别的列", "code_as_amount": "编码读成金额", "missing_key_figure": "缺少关键数字",
               "reading": "读取问题", "not_reconciled": "未能核平"}
EXPECTED_KEY_FIGURES = ("income_total", "expenditure_total", "basic_expenditure_total",
                        "project_expenditure_total", "three_public_total")


def problems(lines: pd.DataFrame, key_figures: dict, checks: pd.DataFrame, tables: pd.DataFrame | None = None
             ) -> pd.DataFrame:
    """One row per reading problem: kind, table (its printed title), detail (in Chinese)."""
    from budgetlib.schema import KEY_FIGURE_LABELS, value_label

    rows = []
    unmapped = lines[lines["measure"].str.startswith("column:")]
    for title, group in unmapped.groupby("table_title", sort=False):
        headers = "、".join(sorted({value_label(m) for m in group["measure"]})[:5])
        rows.append({"kind": "unmapped_column", "table": title, "detail": f"未识别的列：{headers}"})
    codes = set(lines.loc[lines["code"] != "", "code"])
    as_amount = lines[(lines["amount"] >= 100) & (lines["amount"] == lines["amount"].round())
                      & lines["amount"].map(lambda v: f"{v:.0f}" in codes)]
    for title, group in as_amount.groupby("table_title", sort=False):
        shown = "、".join(sorted({f"{v:.0f}" for v in group["amount"]})[:5])
        rows.append({"kind": "code_as_amount", "table": title,
                     "detail": f"金额与科目编码相同，可能把编码读成了金额：{shown}"})
    missing = [KEY_FIGURE_LABELS[k] for k in EXPECTED_KEY_FIGURES if k not in key_figures]
    if missing:
        rows.append({"kind": "missing_key_figure", "table": "", "detail": f"未找到：{'、'.join(missing)}"})
    family = checks["family"] if "family" in checks.columns else pd.Series("", index=checks.index)
    reading = checks[(family == "reading") & (checks["status"] != "ok")]
    for row in reading.itertuples():
        rows.append({"kind": "reading", "table": row.table, "detail": row.note})
    failing = checks[(family != "reading") & (checks["status"] == "fail")]
    if len(failing):
        where = "、".join(sorted({value_label(t) for t in failing["table"] if t})[:5])
        rows.append({"kind": "not_reconciled", "table": where,
                     "detail": f"{len(failing)}项核对未能核平：可能是文件本身的问题，也可能是读取有误，尚待核实"})
    return pd.DataFrame(rows, columns=PROBLEM_COLUMNS)


def uncertain_tables(found: pd.DataFrame) -> set[str]:
    """Titles of the tables a chart should not present as certain."""
    return set(found.loc[found["kind"].isin(["unmapped_column", "code_as_amount", "reading"]), "table"])


def summary(found: pd.DataFrame) -> str:
    """One line for `extract`'s output: '' when the reading raised no doubt."""
    if found.empty:
        return ""
    counts = found["kind"].value_counts()
    doubts = "；".join(f"{KIND_LABELS[k]} {n}" for k, n in counts.items() if k != "not_reconciled")
    parts = [f"读取存疑：{doubts}"] if doubts else []
    unreconciled = found.loc[found["kind"] == "not_reconciled", "detail"]
    parts += [detail.split("：")[0] + "（文件或读取的问题，待核实）" for detail in unreconciled]
    return "；".join(parts)


def doubtful(found: pd.DataFrame) -> bool:
    """The reading itself is in doubt (not merely a check that does not reconcile)."""
    return bool(found["kind"].isin(["unmapped_column", "code_as_amount", "missing_key_figure", "reading"]).any())
