"""Reading problems (issue 11): a table whose own arithmetic fails systematically was misread, not
misprinted. Those failures move to family `reading` and are never counted as the document's errors.

Systematic means: most of a table's checks fail (a whole column or most rows disagree). A local
difference (one cell or one row off, the rest reconciling) stays the document's finding: no
threshold here can hide it, because a local difference never makes up most of a table's checks.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from budgetlib.audit.frame import Context

IN_TABLE_CHECKS = {"children_sum", "total_row_sum", "measure_sum"}
MIN_FAILURES = 3
SHARE_FAILING = 0.5


SHARE_FAILING_TABLE = 0.3


def systematic_tables(checks: pd.DataFrame) -> dict[tuple[str, str], tuple[int, int]]:
    """(table, measure) → (failing, total) where the in-table checks fail systematically: most of one
    column's checks, or a third of the whole table's ('' as measure then stands for every column)."""
    columns: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for check, table, measure, status in zip(checks["check"], checks["table"], checks["measure"], checks["status"],
                                             strict=True):
        if check in IN_TABLE_CHECKS:
            for key in ((table, measure or ""), (table, "")):
                columns[key][1] += 1
                columns[key][0] += status == "fail"
    found = {}
    for (table, measure), (failing, total) in columns.items():
        share = SHARE_FAILING_TABLE if measure == "" else SHARE_FAILING
        if failing >= MIN_FAILURES and failing / total >= share:
            found[(table, measure)] = (failing, total)
    return found


def separate(checks: pd.DataFrame, context: Context) -> pd.DataFrame:
    """The declared checks with systematic failures (and unreadable tables) moved to family `reading`."""
    if checks.empty:
        return checks
    checks = checks.copy()
    systematic = systematic_tables(checks)
    for (table, measure), (failing, total) in systematic.items():
        mask = (checks["table"] == table) & (checks["status"] == "fail") & checks["check"].isin(IN_TABLE_CHECKS)
        if measure:
            mask &= checks["measure"] == measure
        checks.loc[mask, "note"] = checks.loc[mask, "note"].astype(str) + f" [读取未自洽: {failing}/{total} 项不符]"
        checks.loc[mask, ["rule", "family", "severity", "status"]] = ["R01", "reading", "warning", "reading"]
        checks.loc[mask, "message"] = (f"表{table}的读取未能自洽（{failing}/{total}项核对不符），"
                                       "此处不判断文件对错")
    # nothing read where a figure was expected (all project budgets blank): the reader's gap
    unread = (checks["check"] == "project_budgets") & (checks["status"] == "fail") & (checks["actual"] == 0)
    checks.loc[unread, ["rule", "family", "severity", "status"]] = ["R01", "reading", "warning", "reading"]
    checks.loc[unread, "message"] = "项目预算未能读出（合计为0），此处不判断文件对错"
    # a narrative figure that disagrees with a table whose own figures disagree elsewhere: the table is suspect
    suspect = set(checks.loc[(checks["status"] == "fail") & checks["check"].isin(
        ["key_figure_agreement", "three_public_parts"]), "code"])
    if suspect & {"three_public_total", "three_public_vehicles"}:
        suspect |= {"three_public_total", "three_public_travel_abroad", "three_public_vehicles",
                    "three_public_vehicle_purchase", "three_public_vehicle_operation", "three_public_reception"}
    doubtful = (checks["check"] == "narrative_agreement") & (checks["status"] == "fail") & checks["code"].isin(suspect)
    checks.loc[doubtful, ["rule", "family", "severity", "status"]] = ["R01", "reading", "warning", "reading"]
    checks.loc[doubtful, "message"] = "说明与报表不一致，但该报表数字本身与其他表不符，先视为读取问题"
    unreadable = checks["check"] == "table_read"
    checks.loc[unreadable, "status"] = checks.loc[unreadable, "status"].map(
        {"fail": "reading", "info": "info"}).fillna("reading")
    checks.loc[unreadable, "severity"] = checks.loc[unreadable, "status"].map({"reading": "warning", "info": "info"})
    return checks
