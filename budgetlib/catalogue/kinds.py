"""The table catalogue, as data.

Each entry says how to recognise a kind of table (by its title, never by its 表N label) and how
its header cells map onto measures. A new province's template is a new entry or a new header
pattern here, not a new branch in code. Order matters: the first entry whose title pattern
matches wins, so narrower titles come before broader ones.
"""

from __future__ import annotations

from dataclasses import dataclass

# Header text → measure. Patterns are tried in order against a column's header cells, bottom-up.
EXPENDITURE_MEASURES: tuple[tuple[str, str], ...] = (
    (r"年初结转", "opening_balance"),
    (r"年末结转", "closing_balance"),
    (r"^本年收入", "income"),
    (r"基本支出", "basic"),
    (r"项目支出", "project"),
    (r"预留机动", "reserve"),
    (r"人员经费", "personnel"),
    (r"公用经费", "public"),
    (r"上缴上级", "remitted_to_superior"),
    (r"经营支出", "business_operation"),
    (r"对附属单位补助", "subsidy_to_subordinates"),
    (r"机关运行经费", "total"),
    (r"^(总计|合计|小计|金额|预算数|决算数)$|预算数$|决算数$|^本年支出合计$|^支出合计$", "total"),
)
INCOME_SOURCE_MEASURES: tuple[tuple[str, str], ...] = (
    (r"一般公共预算", "general_public_budget"),
    (r"政府性基金", "gov_fund_budget"),
    (r"国有资本经营", "state_capital_budget"),
    (r"财政专户", "fiscal_special_account"),
    (r"事业单位经营", "business_operation_income"),
    (r"事业收入", "business_income"),
    (r"上级补助", "superior_subsidy"),
    (r"附属单位上缴", "subordinate_turnover"),
    (r"其他收入", "other_income"),
    (r"财政拨款", "fiscal_appropriation"),
    (r"经营收入", "business_operation_income"),
    (r"^(总计|合计|小计|金额|预算数|决算数)$|预算数$|决算数$|^本年收入合计$|^收入合计$", "total"),
)
# 收支总表: income sources on one side, the expenditure split (基本/项目, 人员/公用) on the other.
SUMMARY_MEASURES: tuple[tuple[str, str], ...] = (
    *(item for item in EXPENDITURE_MEASURES if item[1] != "total"),
    *INCOME_SOURCE_MEASURES,
)
THREE_PUBLIC_MEASURES: tuple[tuple[str, str], ...] = (
    (r"购置费", "vehicle_purchase"),
    (r"运行(维护)?费$", "vehicle_operation"),
    (r"公务用车.*(小计|合计)$|购置及运行", "vehicles"),
    (r"因公出国", "travel_abroad"),
    (r"接待", "reception"),
    (r"会议费", "meetings"),
    (r"培训费", "training"),
    (r"机关运行经费", "operating_expenses"),
    (r"(^|/)小计$", "three_public_subtotal"),
    (r"(^|/)合计$|(^|/)总计$", "total"),
)

CODE_HEADER = r"编码|编号|代码|^类$|^款$|^项$"
NAME_HEADER = r"名称|^项目$|^科目$"
TOTAL_NAME = r"^(合计|总计|收入合计|支出合计|收入总计|支出总计|本年收入合计|本年支出合计)$"


@dataclass(frozen=True)
class TableKind:
    """One kind of budget table and how to read it.

    layout: `coded` (rows keyed by subject code), `two_sided` (收入 | 支出 side by side),
    `single_row` (one row of values under labelled columns, e.g. 三公), `performance`
    (label/value blocks plus an indicator grid; read by the indicators step).
    """

    key: str
    title: str
    layout: str
    measures: tuple[tuple[str, str], ...] = EXPENDITURE_MEASURES
    classification: str = ""
    code_pattern: str = r"^\d{3}(?:\d{2}){0,2}$"
    title_excludes: str = ""


CATALOGUE: tuple[TableKind, ...] = (
    TableKind("three_public", r"三公", "single_row", THREE_PUBLIC_MEASURES),
    TableKind("department_performance", r"整体(?:支出)?绩效目标|部门整体绩效", "performance",
              title_excludes=r"自评|评价结果|专项资金"),
    TableKind("project_performance", r"绩效目标|项目支出绩效表", "performance", title_excludes=r"自评|评价结果"),
    TableKind("procurement", r"政府采购", "coded", INCOME_SOURCE_MEASURES, "procurement", r"^[A-Z]$"),
    TableKind("gov_fund_expenditure", r"政府性基金", "coded", classification="function"),
    TableKind("state_capital_expenditure", r"国有资本经营预算.*(支出|收入支出)", "coded", classification="function"),
    TableKind("operating_expenses", r"机关运行经费", "coded", classification="economic"),
    TableKind("fiscal_basic_expenditure", r"财政拨款基本支出", "coded", classification="economic",
              title_excludes=r"一般公共预算"),
    TableKind("basic_expenditure", r"基本支出", "coded", classification="economic"),
    TableKind("fiscal_summary", r"财政拨款收(入)?支(出)?.*总表", "two_sided", SUMMARY_MEASURES),
    TableKind("fiscal_expenditure", r"财政拨款支出(预算|决算)?表", "coded", classification="function",
              title_excludes=r"一般公共预算"),
    TableKind("general_expenditure", r"一般公共预算.*支出", "coded", classification="function"),
    TableKind("dept_summary", r"收(入)?支(出)?.*总表", "two_sided", SUMMARY_MEASURES),
    TableKind("dept_income", r"收入.*(总表|预算表|决算表)", "coded", INCOME_SOURCE_MEASURES, "function"),
    TableKind("dept_expenditure", r"支出.*(总表|预算表|决算表)", "coded", classification="function"),
)
