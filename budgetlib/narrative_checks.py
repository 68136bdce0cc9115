"""The narrative against the tables: each stated figure compared with the table of its own scope,
at the precision the narrative printed.

Every statement is checked, not only the first one of a subject: a document that states 基本支出
once for all funds (部门支出总表) and once for 一般公共预算 is compared twice, each time with the
table of that scope. Where the narrative does not say its scope, the figure agrees when it equals
the figure of any scope it could have (the note says which); it fails when it equals none.

Precision: a narrative printed in whole 万元 ("1,815 万元") agrees with a table in 元 or 万元 that
rounds (half up) to it; a difference of one unit of the last printed digit is 'rounding'; more is
'fail'. Nothing is reported as 'info' here: a mismatch is a finding.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

TOTAL = r"^(?:合计|总计|收入合计|支出合计|收入总计|支出总计|本年收入合计|本年支出合计)$"
ENUMERATION = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．])")


@dataclass(frozen=True)
class TableValue:
    """Where a table prints a figure: a table kind, a measure, and the row (by label, or the total
    row, or — for function and economic items — the row of the fact's code)."""

    table: str
    measure: str = "total"
    side: str = ""
    name: str = TOTAL
    by_code: bool = False
    by_name: bool = False  # summary tables name their 类 rows without codes

    def describe(self) -> str:
        row = "code" if self.by_code else "name" if self.by_name else (
            "total" if self.name == TOTAL else self.name.strip("^$"))
        return f"{self.table}.{self.side + '.' if self.side else ''}{self.measure}[{row}]"


def _summary(side: str, name: str, table: str = "dept_summary") -> TableValue:
    return TableValue(table, "total", side, name)


INCOME_GRAND = r"^(?:收入总计|总计)$"
INCOME_YEAR = r"^(?:本年收入合计|本年收入|合计|收入合计)$"
SPENDING_GRAND = r"^(?:支出总计|总计)$"
SPENDING_YEAR = r"^(?:本年支出合计|本年支出|合计|支出合计)$"
GPB_ROW = r"^(?:一般公共预算(?:财政)?(?:拨款)?(?:收入)?|本年一般公共预算(?:拨款)?(?:收入)?)$"
CARRY_ROW = r"^(?:上年结转(?:结余)?|年初结转(?:和)?结余|上年结转和结余)$"

# subject → scope → where a table prints it (declared; "" is the narrative's unstated scope).
NARRATIVE_TABLES: dict[str, dict[str, tuple[TableValue, ...]]] = {
    "income_total": {
        "all_funds": (_summary("income", INCOME_GRAND), _summary("income", INCOME_YEAR), TableValue("dept_income")),
    },
    "expenditure_total": {
        "all_funds": (_summary("expenditure", SPENDING_GRAND), _summary("expenditure", SPENDING_YEAR),
                      TableValue("dept_expenditure")),
    },
    "income_expenditure_total": {"all_funds": (_summary("income", INCOME_GRAND), _summary("income", INCOME_YEAR))},
    "grand_total": {"all_funds": (_summary("income", INCOME_GRAND),)},
    "fiscal_appropriation_total": {
        "fiscal": (_summary("income", INCOME_GRAND, "fiscal_summary"),
                   _summary("income", INCOME_YEAR, "fiscal_summary")),
    },
    "fiscal_expenditure_total": {
        "fiscal": (_summary("expenditure", SPENDING_GRAND, "fiscal_summary"),
                   _summary("expenditure", SPENDING_YEAR, "fiscal_summary"), TableValue("fiscal_expenditure")),
    },
    "fiscal_grand_total": {"fiscal": (_summary("income", INCOME_GRAND, "fiscal_summary"),)},
    "general_public_budget_income": {
        "general_public_budget": (_summary("income", GPB_ROW, "fiscal_summary"), _summary("income", GPB_ROW),
                                  TableValue("dept_income", "general_public_budget")),
    },
    "general_public_budget_expenditure_total": {
        "general_public_budget": (TableValue("general_expenditure"),),
    },
    "gov_fund_expenditure_total": {"gov_fund": (TableValue("gov_fund_expenditure"),)},
    "other_income": {"all_funds": (_summary("income", r"^其他收入$"), TableValue("dept_income", "other_income"))},
    "business_income": {"all_funds": (_summary("income", r"^事业收入$"), TableValue("dept_income", "business_income"))},
    "carry_over": {
        "all_funds": (_summary("income", CARRY_ROW),),
        "fiscal": (_summary("income", CARRY_ROW, "fiscal_summary"),),
    },
    "carry_forward": {"all_funds": (_summary("expenditure", r"^(?:结转下年|年末结转(?:和)?结余|年终结转结余)$"),)},
    "basic_expenditure_total": {
        "all_funds": (TableValue("dept_expenditure", "basic"), _summary("expenditure", r"^基本支出$")),
        "general_public_budget": (TableValue("general_expenditure", "basic"), TableValue("basic_expenditure")),
        "fiscal": (_summary("expenditure", r"^基本支出$", "fiscal_summary"), TableValue("fiscal_expenditure", "basic"),
                   TableValue("general_expenditure", "basic")),
    },
    "project_expenditure_total": {
        "all_funds": (TableValue("dept_expenditure", "project"), _summary("expenditure", r"^项目支出$")),
        "general_public_budget": (TableValue("general_expenditure", "project"),),
        "fiscal": (_summary("expenditure", r"^项目支出$", "fiscal_summary"),
                   TableValue("fiscal_expenditure", "project"),
                   TableValue("general_expenditure", "project")),
    },
    "reserve_expenditure_total": {
        "": (_summary("expenditure", r"^单位预留机动经费$", "fiscal_summary"),
             _summary("expenditure", r"^单位预留机动经费$")),
    },
    "basic_personnel_total": {
        "general_public_budget": (TableValue("basic_expenditure", "personnel"),
                                  TableValue("general_expenditure", "personnel")),
        "fiscal": (TableValue("basic_expenditure", "personnel"), TableValue("fiscal_basic_expenditure", "personnel")),
    },
    "basic_public_total": {
        "general_public_budget": (TableValue("basic_expenditure", "public"),
                                  TableValue("general_expenditure", "public")),
        "fiscal": (TableValue("basic_expenditure", "public"), TableValue("fiscal_basic_expenditure", "public")),
    },
    "three_public_total": {"fiscal": (TableValue("three_public", "three_public_subtotal", name=".*"),
                                      TableValue("three_public", "total", name=".*"))},
    "three_public_travel_abroad": {"fiscal": (TableValue("three_public", "travel_abroad", name=".*"),)},
    "three_public_vehicles": {"fiscal": (TableValue("three_public", "vehicles", name=".*"),)},
    "three_public_vehicle_purchase": {"fiscal": (TableValue("three_public", "vehicle_purchase", name=".*"),)},
    "three_public_vehicle_operation": {"fiscal": (TableValue("three_public", "vehicle_operation", name=".*"),)},
    "three_public_reception": {"fiscal": (TableValue("three_public", "reception", name=".*"),)},
    "meeting_fees": {"": (TableValue("three_public", "meetings", name=".*"),)},
    "training_fees": {"": (TableValue("three_public", "training", name=".*"),)},
    "operating_expenses": {"": (TableValue("operating_expenses"),
                                TableValue("three_public", "operating_expenses", name=".*"))},
    "procurement_total": {"": (TableValue("procurement"),)},
    # funds under performance targets, where the sentence says they are all of 项目支出 (COMPLETE_PROJECTS)
    "performance_target_funds": {
        "all_funds": (TableValue("dept_expenditure", "project"),),
        "general_public_budget": (TableValue("general_expenditure", "project"),),
        "fiscal": (TableValue("fiscal_expenditure", "project"), TableValue("general_expenditure", "project")),
    },
    "function_item": {
        "all_funds": (TableValue("dept_expenditure", by_code=True), TableValue("dept_summary", side="expenditure",
                                                                              by_name=True)),
        "general_public_budget": (TableValue("general_expenditure", by_code=True),),
        "fiscal": (TableValue("fiscal_expenditure", by_code=True), TableValue("fiscal_summary", side="expenditure",
                                                                              by_name=True)),
    },
}
# A function item stated as part of 基本支出/项目支出 is that column of its row.
PART_MEASURES = {"basic_expenditure_total": "basic", "project_expenditure_total": "project"}
FACT_SKIP = re.compile(r"[./]")  # derived ".budget"/".change" rows and parts of items ("project/…")
# A sentence that puts all of 项目支出 under performance targets ("对项目支出全面实施绩效目标管理",
# "项目支出均实行了绩效目标管理", "占一般公共预算项目支出总额的100%"): its funds are 项目支出.
COMPLETE_PROJECTS = r"项目支出(?:全面实施|均实行|均已实行|全部)|全部项目"


class TableIndex:
    """The document's table values, indexed once: (table, measure, side) → [(label, code, amount, blank)]."""

    def __init__(self, records: list[dict]):
        self.rows: dict[tuple[str, str], list[tuple[str, str, str, float, bool]]] = defaultdict(list)
        self.tables: set[str] = set()
        self.printed: set[str] = set()
        for line in records:
            if line.get("basis") not in ("", "final", None):  # the year's own figures: no 预算数 of a 决算,
                continue  # no prior-year, change or 扣除… columns
            table = line["kind"]
            self.tables.add(table)
            label = ENUMERATION.sub("", str(line["name"]).replace(" ", "").replace("\u3000", ""))
            self.rows[(table, line["measure"])].append(
                (line["side"], label, str(line["code"] or ""), float(line["amount"]), bool(line["is_blank"])))
            if not line["is_blank"]:
                self.printed.add(table)

    def value(self, where: TableValue, code: str = "", measure: str = "", name: str = "") -> float | None:
        found = []
        for side, label, row_code, amount, blank in self.rows.get((where.table, measure or where.measure), []):
            if where.side and side != where.side:
                continue
            if where.by_code:
                if row_code == code:
                    found.append((amount, blank))
            elif where.by_name:
                if name and label.replace("（类）", "") == name:
                    found.append((amount, blank))
            elif not row_code and re.match(where.name, label):
                found.append((amount, blank))
        printed = [amount for amount, blank in found if not blank]
        if printed:
            return printed[0]
        if found or (where.name == TOTAL and where.table in self.tables and where.table not in self.printed
                     and not where.by_code):
            return 0.0  # a blank cell, or a table printed empty ("本表无数据")
        return None


def printed_decimals(fact: dict) -> int:
    printed = str(fact.get("printed") or "")
    if printed:
        return len(printed.partition(".")[2])
    return len(f"{float(fact['amount']):.6f}".rstrip("0").partition(".")[2])


def at_precision(value: float, decimals: int) -> float:
    return float(Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def candidates(fact: dict, index: TableIndex) -> list[tuple[str, float]]:
    """(where, value) of the figure in every table of the fact's scope (every scope if unstated)."""
    subject = str(fact["subject"])
    parent = str(fact.get("parent") or "")
    scopes = NARRATIVE_TABLES.get(subject, {})
    scope = str(fact.get("scope") or "")
    if scope in scopes:
        wanted = [scope]
    elif "" in scopes:
        wanted = [""]
    else:  # an unstated scope could be any; a stated scope no table prints is not compared
        wanted = [] if scope else list(scopes)
    found = []
    for key in wanted:
        for where in scopes[key]:
            measure = PART_MEASURES.get(parent, "") if where.by_code else ""
            if measure and where.by_name:
                continue
            name = str(fact.get("item") or "").split("-")[-1]
            value = index.value(where, str(fact.get("code") or ""), measure, name)
            if value is not None:
                found.append((f"{where.describe()}{'/' + measure if measure else ''}", value))
    return found


def narrative_agreement_rows(facts: pd.DataFrame, records: list[dict], year: int | None) -> list[dict]:
    """One row per stated figure that a table of its scope also prints."""
    if facts.empty:
        return []
    index = TableIndex(records)
    rows = []
    stated = facts[~facts["derived"].astype(bool) & facts["amount"].notna()]
    if year is None and len(stated):
        year = int(stated["year"].mode().iloc[0])
    stated = stated[stated["year"] == year]
    for fact in stated.to_dict("records"):
        subject = str(fact["subject"])
        if FACT_SKIP.search(subject) or subject not in NARRATIVE_TABLES or fact.get("unit") == "辆":
            continue
        if subject == "function_item" and not fact.get("code"):
            continue
        if subject == "performance_target_funds" and not (
                re.search(COMPLETE_PROJECTS, str(fact["sentence"])) or fact.get("share") == 100):
            continue  # funds under targets are 项目支出 only where the sentence says all of it
        found = candidates(fact, index)
        if not found:
            continue
        decimals = printed_decimals(fact)
        stated_value = float(fact["amount"])
        best = min(found, key=lambda item: abs(at_precision(item[1], decimals) - stated_value))
        where, value = best
        expected = at_precision(value, decimals)
        difference = round(stated_value - expected, 6)
        unit = 10 ** -decimals
        status = "ok" if abs(difference) < 1e-9 else ("rounding" if abs(difference) <= unit + 1e-9 else "fail")
        scope = fact.get("scope") or "scope not stated"
        rows.append({
            "check": "narrative_agreement", "table": f"narrative.{subject}",
            "code": str(fact.get("code") or subject) if subject == "function_item" else subject,
            "measure": "", "expected": expected, "actual": stated_value,
            "difference": difference, "status": status,
            "note": f"{where} ({scope}) = {value:g} vs narrative p{fact.get('page')}: {str(fact['sentence'])[:60]}",
        })
    return rows


def project_budget_rows(projects: pd.DataFrame, facts: pd.DataFrame) -> list[dict]:
    """The listed projects' budgets against what the document says they add up to — only where it
    claims the list is complete: a 合计 row in the project table, or a stated number of projects
    that equals the number listed. Otherwise one 'info' row says which projects are listed (many
    documents list only their key projects; a sum below 项目支出 is then expected)."""
    if projects.empty:
        return []
    projects = projects[(projects["scope"].fillna("project") == "project") & (projects["source"] == "table")]
    if projects.empty:
        return []
    rows = []
    for total, group in projects[projects["table_total"].notna()].groupby("table_total", sort=False):
        listed = float(group["budget"].fillna(0).sum())
        rows.append(_budget_row(float(total), listed, "table_total",
                                f"{len(group)} projects listed; the table prints 合计 {float(total):g}", len(group)))
    stated = facts[~facts["derived"].astype(bool) & facts["amount"].notna()] if len(facts) else facts
    funds = stated[stated["subject"] == "performance_target_funds"] if len(stated) else stated
    counts = stated[stated["subject"] == "performance_target_projects"] if len(stated) else stated
    if len(funds) and len(counts) and int(counts["amount"].iloc[0]) == len(projects):
        rows.append(_budget_row(float(funds["amount"].iloc[0]), float(projects["budget"].fillna(0).sum()),
                                "performance_target_funds",
                                f"{len(projects)} projects listed, as many as the narrative counts", len(projects)))
    if not rows:
        rows.append({"check": "project_budgets", "table": "project_performance", "code": "listed_projects",
                     "measure": "", "expected": None, "actual": float(projects["budget"].fillna(0).sum()),
                     "difference": None, "status": "info",
                     "note": f"{len(projects)} projects listed; the document does not say the list is complete "
                             f"(no 合计 row, no matching count): {'、'.join(projects['project'].head(5))}"})
    return rows


def _budget_row(expected: float, actual: float, code: str, note: str, parts: int) -> dict:
    """Each listed budget is rounded to 0.01 万元: their sum may drift by half a unit per part."""
    difference = round(actual - expected, 6)
    allowance = max(0.01, 0.005 * parts)
    status = "ok" if abs(difference) < 1e-6 else ("rounding" if abs(difference) <= allowance + 1e-9 else "fail")
    return {"check": "project_budgets", "table": "project_performance", "code": code, "measure": "",
            "expected": round(expected, 6), "actual": round(actual, 6), "difference": difference, "status": status,
            "note": note}
