"""Reading problems (issue 11): a table whose own arithmetic fails systematically was misread, not
misprinted. Those failures move to family `reading` and are never counted as the document's errors.

Systematic means: most of a table's checks fail (a whole column or most rows disagree). A local
difference (one cell or one row off, the rest reconciling) stays the document's finding: no
threshold here can hide it, because a local difference never makes up most of a table's checks.
"""

from __future__ import annotations

import re
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
    for check, table, measure, status, note in zip(checks["check"], checks["table"], checks["measure"],
                                                   checks["status"], checks["note"], strict=True):
        if check in IN_TABLE_CHECKS:
            column = f"{measure}|{str(note).partition(': ')[2]}" if check == "measure_sum" else (measure or "")
            for key in ((table, column), (table, "")):
                columns[key][1] += 1
                columns[key][0] += status == "fail"
    found = {}
    for (table, measure), (failing, total) in columns.items():
        share = SHARE_FAILING_TABLE if measure == "" else SHARE_FAILING
        if failing >= MIN_FAILURES and failing / total >= share:
            found[(table, measure)] = (failing, total)
    return found


def _printed_amounts(context: Context) -> set[float]:
    """Every figure some table of the document prints (rounded to 0.01 万元): a narrative figure found
    among them was matched to the wrong table or column by the reader, or the two are a question of
    scope the reader cannot settle, so the disagreement is reported as a reading problem."""
    lines = context.lines
    if lines is None or lines.empty:
        return set()
    return {round(float(v), 2) for v in lines.loc[~lines["is_blank"].astype(bool), "amount"] if v}


def separate(checks: pd.DataFrame, context: Context) -> pd.DataFrame:
    """The declared checks with systematic failures (and unreadable tables) moved to family `reading`."""
    if checks.empty:
        return checks
    checks = checks.copy()
    systematic = systematic_tables(checks)
    for (table, measure), (failing, total) in systematic.items():
        mask = (checks["table"] == table) & (checks["status"] == "fail") & checks["check"].isin(IN_TABLE_CHECKS)
        if measure:
            column, _, parts = measure.partition("|")
            mask &= checks["measure"] == column
            if parts:
                mask &= checks["note"].astype(str).str.endswith(": " + parts)
        checks.loc[mask, "note"] = checks.loc[mask, "note"].astype(str) + f" [读取未自洽: {failing}/{total} 项不符]"
        checks.loc[mask, ["rule", "family", "severity", "status"]] = ["R01", "reading", "warning", "reading"]
        checks.loc[mask, "message"] = (f"表{table}的读取未能自洽（{failing}/{total}项核对不符），"
                                       "此处不判断文件对错")
    # a check across tables that involves a misread table cannot judge the document either
    misread = {table for (table, _), _counts in systematic.items()}
    if misread:
        involved = checks["check"].isin(["class_agreement", "key_figure_agreement"]) & (checks["status"] == "fail")
        involved &= pd.Series([any(re.search(rf"(?:^|[ .]){re.escape(t)}(?:[ .:]|$)", f"{a} {b}") for t in misread)
                               for a, b in zip(checks["table"], checks["note"].astype(str), strict=True)],
                              index=checks.index)
        checks.loc[involved, ["rule", "family", "severity", "status"]] = ["R01", "reading", "warning", "reading"]
        checks.loc[involved, "message"] = "所比较的表读取未能自洽，此处不判断文件对错"
    # a column-number row (栏次 1, 2, 3 …) read as figures is the reader's, never the document's
    numbering = (checks["status"] == "fail") & checks["note"].astype(str).str.match(r"^(?:栏次|行次|\*\*|栏号)")
    checks.loc[numbering, ["rule", "family", "severity", "status"]] = ["R01", "reading", "warning", "reading"]
    checks.loc[numbering, "message"] = "栏次行被读作数字，此处不判断文件对错"
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
    printed = _printed_amounts(context)
    elsewhere = checks["actual"].map(lambda v: v is not None and not pd.isna(v) and round(float(v), 2) in printed)
    # a headline total stated as 0 beside a table that prints one: the figure came from another clause
    # (a change of 0, a fund with nothing in it), never a document that publishes a total of nothing
    zero = checks["actual"].map(lambda v: v is not None and not pd.isna(v) and float(v) == 0.0) & \
        checks["expected"].map(lambda v: v is not None and not pd.isna(v) and float(v) != 0.0)
    narrative = (checks["check"] == "narrative_agreement") & (checks["status"] == "fail")
    # a sentence that states its scope (均为一般公共预算拨款, 财政拨款…) was compared with that scope's table
    # (narrative_checks): a figure found in another scope's table is then the document's, not an open reading
    unstated = ~checks["note"].astype(str).str.contains(r"\) = ", regex=True) | \
        checks["note"].astype(str).str.contains("(scope not stated)", regex=False)
    elsewhere &= unstated
    for mask, message in (
        (narrative & checks["code"].isin(suspect), "说明与报表不一致，但该报表数字本身与其他表不符，先视为读取问题"),
        (narrative & elsewhere, "说明所述数字见于另一张表：口径（全部资金或财政拨款）未能确定，先视为读取问题"),
        (narrative & zero, "说明中的总数读作0（取自变化额或空项的分句），先视为读取问题"),
    ):
        mask = mask & (checks["status"] == "fail")
        checks.loc[mask, ["rule", "family", "severity", "status"]] = ["R01", "reading", "warning", "reading"]
        checks.loc[mask, "message"] = message
    unreadable = checks["check"] == "table_read"
    checks.loc[unreadable, "status"] = checks.loc[unreadable, "status"].map(
        {"fail": "reading", "info": "info"}).fillna("reading")
    checks.loc[unreadable, "severity"] = checks.loc[unreadable, "status"].map({"reading": "warning", "info": "info"})
    return checks
