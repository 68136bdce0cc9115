"""One tidy frame per chart, from one declared table scope, de-duplicated.

A chart must show the document's own figures once each: never the same 类 read from two tables,
never a parent beside its children, never an unknown value as 0. So each chart's data is declared
as a `Scope` (which table kinds, in order of preference; which classification, level, measures and
side) and taken from ONE table: the first of those kinds whose figures are unambiguous (a category
printed twice with the same figures is kept once; with different figures the table is skipped as
uncertain, and said so). Rows that are totals, 栏次 numbering or "其中" (of which) items are kept
apart from the peer categories; ordinal prefixes (一、, （二）) are dropped from names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

ORDINAL = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d))\s*")
OF_WHICH = re.compile(r"^\s*其中[:：]?\s*")
TOTAL = re.compile(r"^(?:合计|总计|小计|共计|收入总计|支出总计|收入合计|支出合计|本年收入合计|本年支出合计|收入总表|"
                   r"本年收入|本年支出|.*合计|.*总计|.*小计)$")
# A row of these names is the parent of the rows after it that start with its children's names, when they add up.
PARENTS: tuple[tuple[str, str], ...] = ((r"^财政拨款", r"^(一般公共预算|政府性基金|国有资本经营)"),)
# The code families of each classification: 功能分类 2xx, 经济分类 3xx/5xx.
CODE_FAMILIES = {"function": r"^2", "economic": r"^[35]"}
COLUMN_NUMBERS = re.compile(r"栏次|^\d+(?:\s+\d+)+$|^[甲乙丙丁]$")


@dataclass(frozen=True)
class Scope:
    """Where a chart's figures come from: the first table of `tables` (kinds, in order of preference)
    that holds them unambiguously, restricted to a classification, level, side and measures."""

    tables: tuple[str, ...]
    measures: tuple[str, ...] = ("total",)
    classification: str = ""
    level: int | None = None
    side: str = ""


SCOPES: dict[str, Scope] = {
    "function_classes": Scope(("general_expenditure", "fiscal_expenditure", "dept_expenditure"), ("total",),
                              "function", 1),
    "function_split": Scope(("general_expenditure", "dept_expenditure", "fiscal_expenditure"), ("basic", "project"),
                            "function", 1),
    "economic_classes": Scope(("basic_expenditure", "fiscal_basic_expenditure"), ("total",), "economic", 1),
    "income_sources": Scope(("dept_summary", "fiscal_summary"), ("total",), side="income"),
}


@dataclass
class ChartData:
    """The frame a chart draws (one row per category), and where it comes from."""

    frame: pd.DataFrame
    table: str = ""        # the table kind
    title: str = ""        # the table's printed title
    table_index: int | None = None
    pages: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)      # rows kept apart (totals, of-which, blanks)
    uncertain: list[str] = field(default_factory=list)  # why the figures may be misread

    @property
    def empty(self) -> bool:
        return self.frame.empty


def clean_name(name: str) -> str:
    """The printed name without an ordinal prefix (一、) or an "其中：" lead, and without inner spaces."""
    name = re.sub(r"\s+", "", str(name))
    return OF_WHICH.sub("", ORDINAL.sub("", name))


def row_role(name: str, code: str = "") -> str:
    """category, total, of_which or numbering (栏次): how a row relates to its peers."""
    raw = re.sub(r"\s+", "", str(name))
    if COLUMN_NUMBERS.search(str(name).strip()) or COLUMN_NUMBERS.search(str(code)):
        return "numbering"
    if OF_WHICH.match(raw):
        return "of_which"
    if not code and TOTAL.match(clean_name(raw)):
        return "total"
    return "category"


def _select(lines: pd.DataFrame, scope: Scope, basis: str | None) -> pd.DataFrame:
    chosen = lines[lines["kind"].isin(scope.tables) & lines["measure"].isin(scope.measures)]
    if scope.classification:
        chosen = chosen[chosen["classification"] == scope.classification]
    if scope.side:
        chosen = chosen[chosen["side"] == scope.side]
    if scope.level is not None:
        chosen = chosen[chosen["level"] == scope.level]
    if basis == "budget":
        chosen = chosen[chosen["basis"] == "budget"]
    elif basis is not None:
        chosen = chosen[chosen["basis"].isin(["final", ""])]
    return chosen


def _key(row) -> str:
    return row["code"] or clean_name(row["name"])


def _children(rows: list[dict], i: int, measure: str) -> list[dict]:
    """The rows after row i that belong to it: un-numbered rows after a numbered heading (一、…), or the
    declared children of a declared parent (财政拨款 → 一般公共预算 …), as long as they add up to it."""
    row, found = rows[i], []
    declared = next((child for parent, child in PARENTS if re.match(parent, row["name"])), None)
    numbered = bool(ORDINAL.match(row["printed"]))
    if not declared and not numbered:
        return []
    for other in rows[i + 1:]:
        if (declared and not re.match(declared, other["name"])) or (not declared and ORDINAL.match(other["printed"])):
            break
        found.append(other)
        if abs(sum(r[measure] for r in found) - row[measure]) <= 0.011:
            return found if row[measure] else []
    return []


def _drop_parents(frame: pd.DataFrame, measure: str) -> tuple[pd.DataFrame, list[str]]:
    """In a list without codes, a heading whose own items follow it and add up to it is their parent:
    show the items, not both."""
    rows = frame.to_dict("records")
    parents = [i for i in range(len(rows)) if _children(rows, i, measure)]
    keep = [row for i, row in enumerate(rows) if i not in parents]
    return pd.DataFrame(keep, columns=frame.columns), [rows[i]["name"] for i in parents]


def scope_frame(lines: pd.DataFrame, scope: Scope | str, basis: str | None = "final") -> ChartData:
    """One chart's frame: category rows (code, name, one column per measure) from one table of the scope.

    basis: "final" keeps 决算数 (and values without a basis), "budget" keeps 预算数, None keeps all."""
    scope = SCOPES[scope] if isinstance(scope, str) else scope
    chosen = _select(lines, scope, basis)
    uncertain: list[str] = []
    for kind in scope.tables:
        for index in sorted(chosen.loc[chosen["kind"] == kind, "table_index"].unique()):
            table = chosen[chosen["table_index"] == index].copy()
            table["printed"] = table["name"].astype(str).str.replace(r"\s+", "", regex=True)
            table["role"] = [row_role(n, c) for n, c in zip(table["name"], table["code"], strict=True)]
            table["key"] = table.apply(_key, axis=1)
            conflicts = (table[table["role"] == "category"].groupby(["key", "measure"])["amount"].nunique() > 1)
            title = str(table["table_title"].iloc[0])
            family = CODE_FAMILIES.get(scope.classification)
            strangers = sorted({c for c in table["code"] if c and family and not re.match(family, c)})
            if strangers:
                uncertain.append(f"《{title}》的科目编码（{'、'.join(strangers[:4])}）不属于该分类，可能认错了表，未采用")
                continue
            if conflicts.any():
                names = sorted({k for k, _ in conflicts[conflicts].index})[:4]
                uncertain.append(f"《{title}》同一科目有不同数字（{'、'.join(names)}），可能读错了列，未采用")
                continue
            return _build(table, scope, kind, title, int(index), uncertain)
    return ChartData(pd.DataFrame(columns=["code", "name", *scope.measures]), uncertain=uncertain)


def _build(table: pd.DataFrame, scope: Scope, kind: str, title: str, index: int, uncertain: list[str]) -> ChartData:
    notes = []
    apart = table[table["role"] != "category"]
    for role, label in (("of_which", "“其中”项"), ("numbering", "栏次行")):
        count = apart.loc[apart["role"] == role, "key"].nunique()
        if count:
            notes.append(f"{label}{count}行未与各类并列")
    categories = table[table["role"] == "category"].drop_duplicates(["key", "measure"])
    wide = categories.pivot_table(index="key", columns="measure", values="amount", aggfunc="first", sort=False)
    blank = categories.pivot_table(index="key", columns="measure", values="is_blank", aggfunc="all", sort=False)
    first = categories.drop_duplicates("key").set_index("key")
    frame = pd.DataFrame({"code": first["code"], "name": first["name"].map(clean_name),
                          "printed": first["printed"]}).join(wide)
    for measure in scope.measures:
        if measure not in frame.columns:
            frame[measure] = float("nan")  # the table has no such column: unknown, not 0
    all_blank = blank.reindex(columns=list(scope.measures)).fillna(True).all(axis=1).reindex(frame.index).fillna(True)
    if all_blank.any():
        notes.append(f"空白（未填数）{int(all_blank.sum())}项未列示")
    frame = frame[~all_blank.astype(bool)]
    if not scope.level:
        frame, parents = _drop_parents(frame.reset_index(drop=True), scope.measures[0])
        if parents:
            notes.append(f"上级项目（{'、'.join(clean_name(p) for p in parents)}）未与其下各项并列")
    pages = sorted({int(p) for p in table["page"].dropna()})
    frame = frame[["code", "name", *scope.measures]].reset_index(drop=True)
    return ChartData(frame, kind, title, index, pages, notes, uncertain)


# --- 三公 -----------------------------------------------------------------------------------------

THREE_PUBLIC_ITEMS = (
    ("three_public_total", "“三公”经费合计"),
    ("three_public_travel_abroad", "因公出国（境）费"),
    ("three_public_vehicles", "公务用车购置及运行费"),
    ("three_public_reception", "公务接待费"),
)
VEHICLE_PARTS = (("three_public_vehicle_purchase", "购置"), ("three_public_vehicle_operation", "运行维护"))


def three_public(key_figures: dict, facts: pd.DataFrame, year: int) -> pd.DataFrame:
    """合计 and its three parts, this year (the key figures) beside the prior year the narrative states
    (NaN when it states none: unknown, never 0). Vehicles' own parts are given in the name, as "of which"."""
    rows = []
    stated = facts[facts["year"] == year - 1].drop_duplicates("subject").set_index("subject")["amount"]
    if "three_public_vehicles" not in stated and all(k in stated for k, _ in VEHICLE_PARTS):
        stated["three_public_vehicles"] = sum(stated[k] for k, _ in VEHICLE_PARTS)  # the stated parts, added
    for key, label in THREE_PUBLIC_ITEMS:
        current = key_figures.get(key)
        if current is None or pd.isna(current):
            continue
        prior = stated[[key]] if key in stated else pd.Series(dtype=float)
        if key == "three_public_vehicles":
            parts = [f"{name}{key_figures[k]:,.2f}" for k, name in VEHICLE_PARTS if key_figures.get(k) is not None]
            label = f"{label}（其中：{'，'.join(parts)}）" if parts else label
        rows.append({"key": key, "item": label, "prior": float(prior.iloc[0]) if len(prior) else float("nan"),
                     "current": float(current)})
    frame = pd.DataFrame(rows, columns=["key", "item", "prior", "current"])
    frame["change"] = frame["current"] - frame["prior"]
    return frame


# --- 决算: 预算数 against 决算数 --------------------------------------------------------------------

def execution(budget: pd.Series, final: pd.Series) -> pd.Series:
    """决算 as % of 预算 (NaN where nothing was budgeted)."""
    return (final / budget.where(budget != 0) * 100).round(1)


def budget_vs_final_three_public(lines: pd.DataFrame) -> ChartData:
    """The 三公 table's 预算数 and 决算数 per item, from the 决算 document's own 三公 table."""
    table = lines[(lines["kind"] == "three_public") & lines["basis"].isin(["budget", "final"])]
    order = ("total", "travel_abroad", "vehicles", "reception")
    table = table[table["measure"].isin(order)]
    if table.empty:
        return ChartData(pd.DataFrame(columns=["measure", "item", "budget", "final", "execution_pct"]))
    wide = table.pivot_table(index="measure", columns="basis", values="amount", aggfunc="first")
    wide = wide.reindex([m for m in order if m in wide.index])
    from budgetlib.schema import MEASURE_LABELS

    frame = pd.DataFrame({"measure": wide.index, "item": [("“三公”经费合计" if m == "total" else MEASURE_LABELS[m])
                                                         for m in wide.index],
                          "budget": wide.get("budget"), "final": wide.get("final")}).reset_index(drop=True)
    frame["execution_pct"] = execution(frame["budget"], frame["final"])
    pages = sorted({int(p) for p in table["page"].dropna()})
    return ChartData(frame, "three_public", str(table["table_title"].iloc[0]), int(table["table_index"].iloc[0]),
                     pages)


def budget_vs_final_classes(lines: pd.DataFrame, measures: tuple[str, ...] = ("total",)) -> ChartData:
    """预算数 and 决算数 per function 类 (and the 合计 row), from one table that prints both bases."""
    scope = Scope(("general_expenditure", "fiscal_expenditure", "dept_expenditure"), measures, "function", 1)
    budget = scope_frame(lines, scope, "budget")
    final = scope_frame(lines[lines["basis"] != ""], scope, "final")
    if budget.empty or final.empty or budget.table_index != final.table_index:
        return ChartData(pd.DataFrame(columns=["code", "name", "budget", "final", "execution_pct"]),
                         uncertain=budget.uncertain + final.uncertain)
    measure = measures[0]
    frame = budget.frame[["code", "name", measure]].rename(columns={measure: "budget"}).merge(
        final.frame[["code", measure]].rename(columns={measure: "final"}), on="code", how="outer")
    frame["execution_pct"] = execution(frame["budget"], frame["final"])
    return ChartData(frame, final.table, final.title, final.table_index, final.pages, final.notes,
                     final.uncertain)


def budget_vs_final_split(lines: pd.DataFrame) -> ChartData:
    """基本支出 and 项目支出 (the 合计 row of the expenditure table) as 预算数 and 决算数."""
    table = lines[lines["kind"].isin(["general_expenditure", "fiscal_expenditure", "dept_expenditure"])
                  & lines["basis"].isin(["budget", "final"]) & lines["measure"].isin(["basic", "project"])
                  & (lines["code"] == "")]
    table = table[[row_role(n) == "total" for n in table["name"]]]
    if table.empty:
        return ChartData(pd.DataFrame(columns=["measure", "item", "budget", "final", "execution_pct"]))
    table = table[table["table_index"] == table["table_index"].min()]
    wide = table.pivot_table(index="measure", columns="basis", values="amount", aggfunc="first")
    wide = wide.reindex([m for m in ("basic", "project") if m in wide.index])
    frame = pd.DataFrame({"measure": wide.index, "item": [{"basic": "基本支出", "project": "项目支出"}[m]
                                                         for m in wide.index],
                          "budget": wide.get("budget"), "final": wide.get("final")}).reset_index(drop=True)
    frame["execution_pct"] = execution(frame["budget"], frame["final"])
    pages = sorted({int(p) for p in table["page"].dropna()})
    return ChartData(frame, str(table["kind"].iloc[0]), str(table["table_title"].iloc[0]),
                     int(table["table_index"].iloc[0]), pages)
