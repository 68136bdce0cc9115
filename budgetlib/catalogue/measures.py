"""Header words → measures, as data.

A column's header is a stack of cells, top to bottom (group labels, then the leaf). The tidy step
(`budgetlib.tidy.headers`) reads it with these declarations:

- `QUALIFIERS` say *which* figure a column holds (the year, a change, a 决算 basis, carried-over
  funds); they become the line's `basis`, never its measure;
- `MEASURES` / `THREE_PUBLIC_MEASURES` say *what* a column holds. The longest matching term wins, so
  a longer phrase is never read as a shorter one it contains (使用非财政拨款结余 is not 财政拨款;
  公务用车购置及运行费 is not 运行费);
- a leaf that only says "the amount" (`GENERIC`: 小计, 合计, 金额, 预算数 …) takes the meaning of the
  group above it (基本支出/小计 is basic, 财政拨款/小计 is fiscal appropriation), or `total`;
- "其中：X" is an of-which column: X is read with the same terms, and with `OF_WHICH` when only an
  of-which column names it;
- `DELIBERATELY_UNMAPPED` lists headers left as `column:…` on purpose, each with what it means.

A new template's wording is a new term here, never a branch in code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """A header wording: a regular expression searched in the compacted cell (no spaces or quotes)."""

    pattern: str
    measure: str


# Only "the amount": the column's meaning comes from the group above it.
GENERIC = (r"^(?:合计|总计|小计|金额|预算|预算数|决算数|预算金额|预算额|本年预算|本年预算数|年初预算数?|执行数|数额|"
           r"项目金额|本年合计|合计数|全年预算数?|当年预算|当年预算数|本年|当年|上年|预算支出总额|合计金额|金额合计|预算合计|"
           r"年度预算数?|预算总额|总额|支出预算|收入预算|预算安排|安排数|预算执行数)$")
# Labels that name the table or the block they head, not a measure: a group spanning every amount column.
NEUTRAL = r"^(?:功能分类科目|经济分类科目|部门预算支出经济分类科目|支出功能分类科目|科目)$"

# (pattern, basis). Applied to every cell of a column's stack; the cell's remaining words are then read
# as a measure. Year cells (2025年…) are handled apart: the table's latest year is the current one.
QUALIFIERS: tuple[tuple[str, str], ...] = (
    (r"增减|变化|比上年|较上年|比\d{4}年|同比", "change"),
    (r"扣除.*?基建(?:投资|项目)?后?", "excluding_capital_construction"),
)
CARRIED_OVER_GROUP = r"^(?:上年结转结余|上年结转和结余|上年结转|上年结余|年初结转和结余)$"
PERCENT = r"%|％|百分比|增长率|增幅|比例|比重"
YEAR = r"(20\d{2})\s*年度?"
PRIOR_WORD = r"^上年(?!结转|结余|实户)"
CURRENT_WORD = r"^(?:当年|本年)(?!收入|支出)"
OF_WHICH_PREFIX = r"^其中[:：]?"

# Column roles that are not amounts.
CODE_HEADER = r"编码|编号|代码|^类$|^款$|^项$"
UNIT_CODE_HEADER = r"单位编码|单位代码|部门代码|部门编码|预算单位代码"
NAME_HEADER = (r"名称|^项目$|^项目\(|^项目（|科目$|科目（.*）$|科目\(.*\)$|^单位$|项目类别|品目|^采购项目$|"
               r"^支出项目|^功能科目$|^经济科目$|^采购类别$|^项目名称")
ROW_NUMBER_HEADER = r"^(?:行次|栏次|序号)$"
TEXT_HEADER = (r"备注|说明|绩效目标|项目简介|规格型号|采购时间|实施采购时间|购买服务(的)?内容|采购目录|理由|组织形|"
               r"资金性质|^项目类别$|是否")

MEASURES: tuple[Term, ...] = (
    # expenditure
    Term(r"基本支出", "basic"),
    Term(r"人员经费和公用经费支出", "basic"),
    Term(r"项目支出|专项业务经费|专项业务费|项目支出总数", "project"),
    Term(r"预留机动", "reserve"),
    Term(r"人员经费|人员支出|人员类|工资福利", "personnel"),
    Term(r"公用经费|公用支出|日常公用", "public"),
    Term(r"上缴上级", "remitted_to_superior"),
    Term(r"事业单位经营支出|经营支出", "business_operation"),
    Term(r"对附属单位补助", "subsidy_to_subordinates"),
    Term(r"年初结转和结余|年初结转", "opening_balance"),
    Term(r"年末结转和结余|年末结转|结转下年", "closing_balance"),
    Term(r"^本年收入", "income"),
    Term(r"^本年支出", "expenditure"),
    Term(r"机关运行经费", "operating_expenses"),
    Term(r"部门预算$", "department_budget"),
    # income sources
    Term(r"(?:一般)?公共预算", "general_public_budget"),
    Term(r"政府性基金", "gov_fund_budget"),
    Term(r"国有资本经营", "state_capital_budget"),
    Term(r"财政专户", "fiscal_special_account"),
    Term(r"教育收费", "education_fees"),
    Term(r"其他专户收入", "other_special_account"),
    Term(r"事业单位经营收入|经营收入|经营服务收入", "business_operation_income"),
    Term(r"事业收入", "business_income"),
    Term(r"上级补助", "superior_subsidy"),
    Term(r"附属单位上缴|下级单位上缴", "subordinate_turnover"),
    Term(r"其他收入|其它收入", "other_income"),
    Term(r"财政拨款|预算拨款|财政资金", "fiscal_appropriation"),
    Term(r"单位资金", "unit_funds"),
    Term(r"其他资金", "other_funds"),
    Term(r"上年结转结余|上年结转和结余|上年结转|上年结余|财拨结转", "carried_over"),
    Term(r"使用非财政拨款结余|非财政拨款结余", "non_fiscal_balance_used"),
    Term(r"用事业基金弥补收支差额", "business_fund_used"),
    Term(r"上年实户资金余额", "prior_account_balance"),
    # 决算 pairs without a 预算数 twin, and one-column tables
    Term(r"^(?:本年支出合计|支出合计|本年收入合计|收入合计|支出总计|收入总计|总计[：:]?)$", "total"),
)

# "其中：X" where X is named only as an of-which column.
OF_WHICH: tuple[Term, ...] = (
    Term(r"专项资金列入部门预算", "of_which_special_funds"),
    Term(r"基本建设", "of_which_capital_construction"),
    Term(r"经费拨款", "of_which_regular_funding"),
    Term(r"纳入财政专户管理的收费|教育收费", "education_fees"),
)

THREE_PUBLIC_MEASURES: tuple[Term, ...] = (
    Term(r"购置及运行|购置和运行|公务用车费", "vehicles"),
    Term(r"购置", "vehicle_purchase"),
    Term(r"运行", "vehicle_operation"),
    Term(r"因公出国|出国", "travel_abroad"),
    Term(r"接待", "reception"),
    Term(r"会议费", "meetings"),
    Term(r"培训费", "training"),
    Term(r"机关运行经费|行政经费", "operating_expenses"),
    Term(r"三公.*(?:合计|小计|总额|总计)|三公经费$|三公经费预算$|三公经费支出$", "three_public_subtotal"),
)
# A generic leaf under a group naming one of these takes that group's measure (三公/小计 is the 三公 total).
THREE_PUBLIC_GROUPS: tuple[Term, ...] = (Term(r"三公", "three_public_subtotal"), *THREE_PUBLIC_MEASURES)

# Columns whose figures are not money, read on purpose as no measure (pattern on the leaf header → what
# the column holds). Their figures are not lines.
NOT_AMOUNTS: dict[str, str] = {
    PERCENT: "a percentage or share (增减(%), 占比): derived from the amounts beside it",
    ROW_NUMBER_HEADER: "the row numbers a 决算 template prints (行次, 栏次, 序号)",
    r"数量|人数|^个数$": "a count (items to purchase, people), not money",
    TEXT_HEADER: "text: notes, goals, descriptions, dates, categories, yes/no",
}

# Headers left as `column:<header>` on purpose, each with what it means: a money column no measure of the
# catalogue names yet, kept under its printed header rather than dropped. None is needed on the corpus.
DELIBERATELY_UNMAPPED: dict[str, str] = {}
