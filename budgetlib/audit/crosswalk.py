"""The two classifications of one spending agree (family 1, table against table): a 支出功能分类 项 that exists to
pay one 支出经济分类 item has, as 基本支出, exactly the amount the basic economic table gives that item.

`data/function_economic.csv` declares the pairs (2080505 机关事业单位基本养老保险缴费支出 ↔ 30108
机关事业单位基本养老保险缴费, 2080506 ↔ 30109, 2210201 ↔ 30113 / 30311 before 2018): a new pair is a new row,
never a branch here. Both sides are read in the 一般公共预算 scope: the function side from the first
一般公共预算 (or 财政拨款) table by function that prints the 项 (its 基本支出 column; 人员+公用 where no
基本支出 column is printed; its only column otherwise), the economic side from the basic table by economic
classification (every row of the item, as printed per unit or per 政府经济分类).

A gap within the printed precision is a note; a larger one, or an item the economic table leaves out while it lists
the other 款 of its 类, is a warning: a reviewer looks at it (a department may classify part of a contribution
elsewhere), it is not called an error. The finding carries the economic item's code where that row is printed (the
row compared against the function table), else the function item's code (no economic row to join to).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from budgetlib.audit.frame import Context, finding

PAIRS = Path(__file__).with_name("data") / "function_economic.csv"
FUNCTION_TABLES = ("general_expenditure", "fiscal_expenditure", "basic_expenditure")
ECONOMIC_TABLES = ("basic_expenditure", "fiscal_basic_expenditure", "general_expenditure")
TOLERANCE = {"万元": 0.01, "元": 0.0001, "千元": 0.001}


@lru_cache(maxsize=2)
def pairs(path: str = str(PAIRS)) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@dataclass
class Side:
    code: str  # the code printed ('' when the economic table leaves the item out)
    amount: float
    unit: str
    page: int | None
    table: str


def _amount(rows: pd.DataFrame, measures: tuple[tuple[str, ...], ...]) -> float | None:
    """The rows' sum over the first set of measures they print (basic; else personnel + public; else total)."""
    for wanted in measures:
        chosen = rows[rows["measure"].isin(wanted)]
        if set(wanted) <= set(chosen["measure"]):
            return float(chosen.loc[~chosen["is_blank"].astype(bool), "amount"].fillna(0).sum())
    return None


def _page(rows: pd.DataFrame) -> int | None:
    pages = rows["page"].dropna()
    return int(pages.iloc[0]) if len(pages) else None


def function_side(lines: pd.DataFrame, code: str) -> Side | None:
    for kind in FUNCTION_TABLES:
        rows = lines[(lines["kind"] == kind) & (lines["classification"] == "function") & (lines["code"] == code)]
        if rows.empty:
            continue
        rows = rows[rows["table_index"] == rows["table_index"].iloc[0]]
        amount = _amount(rows, (("basic",), ("personnel", "public"), ("total",)))
        if amount is not None:
            return Side(code, amount, str(rows["source_unit"].iloc[0]), _page(rows), kind)
    return None


def economic_side(lines: pd.DataFrame, codes: list[str]) -> Side | None:
    for kind in ECONOMIC_TABLES:
        table = lines[(lines["kind"] == kind) & (lines["classification"] == "economic")]
        if table.empty:
            continue
        table = table[table["table_index"] == table["table_index"].iloc[0]]
        rows = table[table["code"].isin(codes)]
        if rows.empty:
            listed = table["code"].astype(str)
            if (listed.str.len() == 5).any() and listed.str[:3].isin([c[:3] for c in codes]).any():
                return Side("", 0.0, str(table["source_unit"].iloc[0]), _page(table), kind)  # left out: 0
            continue
        amount = _amount(rows, (("total",), ("personnel", "public"), ("personnel",), ("basic",)))
        if amount is not None:
            return Side(str(rows["code"].iloc[0]), amount, str(rows["source_unit"].iloc[0]), _page(rows), kind)
    return None


def _money(value: float) -> str:
    """An amount as the tables print it, in 万元 (元 tables keep their 4 decimals: 0.0001 万元 = 1 元)."""
    return f"{value:.4f}".rstrip("0").rstrip(".") if value else "0"


def crosswalk_findings(context: Context) -> list[dict]:
    lines = context.lines
    if lines is None or lines.empty:
        return []
    lines = lines[lines["basis"].isin(["", "final"])]
    rows = []
    for pair in pairs().itertuples():
        function = function_side(lines, pair.function_code)
        if function is None:
            continue  # the function tables stop above the 项, or the item is not budgeted
        economic = economic_side(lines, pair.economic_codes.split(";"))
        if economic is None:
            continue
        difference = round(economic.amount - function.amount, 6)
        tolerance = max(TOLERANCE.get(function.unit, 0.01), TOLERANCE.get(economic.unit, 0.01))
        if abs(difference) <= 1e-7:
            continue
        economic_name = pair.economic_name if economic.code else f"{pair.economic_name}（未列）"
        rows.append(finding(
            "A13", page=economic.page or function.page, table=economic.table,
            code=economic.code or pair.function_code, measure="basic",
            expected=round(function.amount, 6), actual=round(economic.amount, 6),
            severity="note" if abs(difference) <= tolerance + 1e-7 else "",
            function=f"{pair.function_code}{pair.function_name}",
            economic=f"{economic.code or pair.economic_codes.split(';')[0]}{economic_name}",
            function_amount=_money(function.amount), economic_amount=_money(economic.amount), gap=_money(difference),
            quote=f"{function.table} p{function.page}: {pair.function_code} {function.amount:g}; "
                  f"{economic.table} p{economic.page}: {economic.code or '—'} {economic.amount:g}",
        ))
    return rows
