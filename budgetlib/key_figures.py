"""Key figures, declared as data: each figure lists where it can be read, best source first.

The first source a document has gives the value; every other source the document also has is
compared against it by the audit (`key_figure_agreement`), which is how "each total agrees
across tables and with the narrative" is checked without a rule per pair.

Conventions (documented here because they decide what a number means):
- income/expenditure totals are the all-funds 部门收支总表 figures; `fiscal_appropriation_total`
  is the 财政拨款收支总表 total;
- basic/project come from the 一般公共预算 expenditure table's 合计 row;
- `three_public_total` is the 三公 total proper: where a table's 合计 also counts 会议费/培训费
  (Jiangsu), its 小计 is the 三公 figure;
- `gov_fund_expenditure_total` is 0 when the table is present and empty;
- `operating_expenses` is 机关运行经费, from its own table, the 三公 table's last cell, or the narrative.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from budgetlib.catalogue import TOTAL_NAME
from budgetlib.extract.narrative_rules import NARRATIVE_RULES


@dataclass(frozen=True)
class FromLine:
    """A value printed in a table: the total row (by default) of one measure."""

    table: str
    measure: str = "total"
    side: str = ""
    name: str = TOTAL_NAME
    current_year_only: bool = False  # the table covers the year's own flows (no 年初结转): see NARRATIVE_SCOPE

    def describe(self) -> str:
        return f"{self.table}.{self.side + '.' if self.side else ''}{self.measure}"


@dataclass(frozen=True)
class FromFact:
    """A value stated in the narrative for the budget year."""

    subject: str

    def describe(self) -> str:
        return f"narrative.{self.subject}"


@dataclass(frozen=True)
class FromEmptyTable:
    """0 when the document prints the table but no figure in it ("本表为空表", "无该项收支")."""

    table: str

    def describe(self) -> str:
        return f"{self.table}.empty"


@dataclass(frozen=True)
class FromClassSum:
    """The sum of a table's 类 rows, for a table that prints its 类 rows but no total row (a 政府性基金
    table listing only its 229/2296 rows)."""

    table: str
    measure: str = "total"

    def describe(self) -> str:
        return f"{self.table}.{self.measure}.class_sum"


@dataclass(frozen=True)
class FromFundSum:
    """A 三公 item printed only as sub-columns per fund (一般公共预算 | 政府性基金 | 国有资本经营) with no
    合计 column: the sum of its funds, on the first row that prints them (the total row where there is one)."""

    table: str
    measure: str

    def describe(self) -> str:
        return f"{self.table}.{self.measure}.fund_sum"


Source = FromLine | FromFact | FromEmptyTable | FromClassSum | FromFundSum
FUNDS = ("general_public_budget", "gov_fund_budget", "state_capital_budget")
# Where a figure of a 三公 table is read: the table's total row first (rows per unit), else its one row.
THREE_PUBLIC_ROWS = (TOTAL_NAME, ".*")
ENUMERATION = re.compile(
    r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|\d+[.、．])")
# A grand total outranks a subtotal: 总计 (which in 决算 adds 年初结转) before 合计 before 本年合计.
INCOME_TOTALS = (r"^(总计|收入总计)$", r"^(合计|收入合计)$", r"^本年收入合计$")
EXPENDITURE_TOTALS = (r"^(总计|支出总计)$", r"^(合计|支出合计)$", r"^本年支出合计$")

KEY_FIGURES: dict[str, tuple[Source, ...]] = {
    "income_total": (*(FromLine("dept_summary", side="income", name=n) for n in INCOME_TOTALS),
                     FromFact("income_expenditure_total"), FromFact("income_total")),
    "expenditure_total": (*(FromLine("dept_summary", side="expenditure", name=n) for n in EXPENDITURE_TOTALS),
                          FromLine("dept_expenditure", current_year_only=True), FromFact("income_expenditure_total"),
                          FromFact("expenditure_total")),
    "fiscal_appropriation_total": (*(FromLine("fiscal_summary", side="income", name=n) for n in INCOME_TOTALS),
                                   *(FromLine("fiscal_summary", side="expenditure", name=n)
                                     for n in EXPENDITURE_TOTALS),
                                   FromLine("fiscal_expenditure"), FromFact("fiscal_appropriation_total")),
    "general_public_budget_expenditure_total": (FromLine("general_expenditure"),
                                                FromFact("general_public_budget_expenditure_total")),
    "basic_expenditure_total": (FromLine("general_expenditure", "basic"),
                                FromLine("fiscal_summary", side="expenditure", name=r"^基本支出$"),
                                FromLine("basic_expenditure"), FromLine("basic_expenditure", "basic"),
                                FromLine("fiscal_expenditure", "basic"), FromFact("basic_expenditure_total")),
    "project_expenditure_total": (FromLine("general_expenditure", "project"),
                                  FromLine("fiscal_summary", side="expenditure", name=r"^项目支出$"),
                                  FromLine("fiscal_expenditure", "project"), FromFact("project_expenditure_total")),
    "reserve_expenditure_total": (FromLine("fiscal_summary", side="expenditure", name=r"^单位预留机动经费$"),
                                  FromFact("reserve_expenditure_total")),
    # 人员经费合计 / 公用经费合计 printed as a bottom row (a 决算 basic table with the two blocks side by side)
    "basic_personnel_total": (FromLine("basic_expenditure", "personnel"),
                              FromLine("basic_expenditure", "personnel", name=r"^人员经费合计$"),
                              FromLine("basic_expenditure", name=r"^人员经费(合计)?$"),
                              FromFact("basic_personnel_total")),
    "basic_public_total": (FromLine("basic_expenditure", "public"),
                           FromLine("basic_expenditure", "public", name=r"^公用经费合计$"),
                           FromLine("basic_expenditure", name=r"^公用经费(合计)?$"), FromFact("basic_public_total")),
    "three_public_total": (*(FromLine("three_public", "three_public_subtotal", name=n) for n in THREE_PUBLIC_ROWS),
                           *(FromLine("three_public", "total", name=n) for n in THREE_PUBLIC_ROWS),
                           FromFundSum("three_public", "three_public_subtotal"), FromFundSum("three_public", "total"),
                           FromFact("three_public_total"), FromEmptyTable("three_public")),
    **{key: (*(FromLine("three_public", key.removeprefix("three_public_"), name=n) for n in THREE_PUBLIC_ROWS),
             FromFundSum("three_public", key.removeprefix("three_public_")), FromFact(key),
             FromEmptyTable("three_public"))
       for key in ("three_public_travel_abroad", "three_public_vehicles", "three_public_vehicle_purchase",
                   "three_public_vehicle_operation", "three_public_reception")},
    "gov_fund_expenditure_total": (FromLine("gov_fund_expenditure"), FromClassSum("gov_fund_expenditure"),
                                   FromEmptyTable("gov_fund_expenditure"), FromFact("gov_fund_expenditure_total")),
    "procurement_total": (FromLine("procurement"), FromFact("procurement_total")),
    "operating_expenses": (FromLine("operating_expenses"), FromLine("three_public", "operating_expenses", name=".*"),
                           FromFact("operating_expenses")),
}


# What a narrative figure is compared with, where that is not simply the key figure of the same
# name: a 决算 narrative states the year's own income (本年收入合计) and, separately, the grand
# totals with 年初结转 (收入支出总计, 财政拨款收入支出总计).
NARRATIVE_SCOPE: dict[str, tuple[FromLine, ...]] = {
    "income_total": (FromLine("dept_summary", side="income", name=r"^本年收入合计$"),
                     *(FromLine("dept_summary", side="income", name=n) for n in INCOME_TOTALS)),
    "expenditure_total": (FromLine("dept_summary", side="expenditure", name=r"^本年支出合计$"),
                          *(FromLine("dept_summary", side="expenditure", name=n) for n in EXPENDITURE_TOTALS)),
    "fiscal_appropriation_total": (FromLine("fiscal_summary", side="income", name=r"^本年收入合计$"),
                                   *(FromLine("fiscal_summary", side="income", name=n) for n in INCOME_TOTALS)),
    "grand_total": tuple(FromLine("dept_summary", side="income", name=n) for n in INCOME_TOTALS),
    "fiscal_grand_total": tuple(FromLine("fiscal_summary", side="income", name=n) for n in INCOME_TOTALS),
}


class Sources:
    """The document's lines and facts indexed once, so that looking a source up costs a dict access."""

    def __init__(self, lines: pd.DataFrame, facts: pd.DataFrame, year: int, tables: set[str] | None = None):
        self.tables = tables or set()
        self._in_context: set[str] = set()
        self.lines: dict[tuple[str, str], list[tuple[str, str, float, bool]]] = {}
        self.printed: set[str] = set()  # tables with at least one printed figure
        self.classes: dict[tuple[str, str], list[float]] = {}  # 类 rows' amounts, per table and measure
        self.funds: dict[tuple[str, str], dict[str, float]] = {}  # per fund-only measure: row label → Σ funds
        for table, measure, side, name, amount, blank, basis, level, classification in zip(
                lines["kind"], lines["measure"], lines["side"], lines["name"], lines["amount"], lines["is_blank"],
                lines["basis"], lines["level"], lines["classification"], strict=True):
            if basis in FUNDS:  # one fund's part of a 三公 item
                label = ENUMERATION.sub("", name.replace(" ", ""))
                row_sums = self.funds.setdefault((table, measure), {})
                row_sums[label] = row_sums.get(label, 0.0) + (0.0 if pd.isna(amount) else float(amount))
            if basis not in ("", "final"):  # 预算数 of a 决算, last year, a change, carried-over funds …
                continue
            label = ENUMERATION.sub("", name.replace(" ", ""))
            self.lines.setdefault((table, measure), []).append((side, label, amount, bool(blank)))
            self.printed.update([table] if not blank else [])
            if not pd.isna(level) and level == 1 and classification == "function" and not pd.isna(amount):
                self.classes.setdefault((table, measure), []).append(float(amount))
        self.facts: dict[str, float] = {}
        stated = facts[(facts["year"] == year) & ~facts["derived"].astype(bool)] if len(facts) else facts
        context = {rule.subject: rule.context for rule in NARRATIVE_RULES if rule.context}
        for subject, amount, sentence in zip(stated["subject"], stated["amount"], stated["sentence"], strict=True):
            in_context = subject not in context or bool(re.search(context[subject], sentence))
            if in_context and subject not in self._in_context:
                self.facts[subject] = float(amount)  # the statement in its own section outranks a passing one
                self._in_context.add(subject)
            else:
                self.facts.setdefault(subject, float(amount))

    def value(self, source: Source) -> float | None:
        """The value one source gives, or None when the document lacks it."""
        if isinstance(source, FromFact):
            return self.facts.get(source.subject)
        if isinstance(source, FromEmptyTable):
            return 0.0 if source.table in self.tables and source.table not in self.printed else None
        if isinstance(source, FromFundSum):
            if (source.table, source.measure) in self.lines:
                return None  # the item prints its own 合计
            rows = self.funds.get((source.table, source.measure), {})
            label = next((label for label in rows if re.match(TOTAL_NAME, label)), next(iter(rows), None))
            return None if label is None else round(rows[label], 6)
        if isinstance(source, FromClassSum):
            found = self.classes.get((source.table, source.measure), [])
            if not found or (self.lines.get((source.table, source.measure)) and any(
                    re.match(TOTAL_NAME, name) for _, name, _, _ in self.lines[(source.table, source.measure)])):
                return None
            return round(sum(found), 6)
        found = [(amount, blank) for side, name, amount, blank in self.lines.get((source.table, source.measure), [])
                 if (not source.side or side == source.side) and re.match(source.name, name)]
        printed = [amount for amount, blank in found if not blank]
        if printed:
            return float(printed[0])
        return 0.0 if found else None


def key_figures(sources: Sources) -> dict[str, float]:
    """Each key figure from its first available source; figures no source gives are absent."""
    figures = {}
    for key, candidates in KEY_FIGURES.items():
        for source in candidates:
            value = sources.value(source)
            if value is not None:
                figures[key] = value
                break
    if "three_public_vehicles" not in figures and {"three_public_vehicle_purchase",
                                                   "three_public_vehicle_operation"} <= figures.keys():
        figures["three_public_vehicles"] = round(
            figures["three_public_vehicle_purchase"] + figures["three_public_vehicle_operation"], 6)
    return figures
