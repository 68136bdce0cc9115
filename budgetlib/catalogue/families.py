"""Template families and the standard tables (and sections) each must contain, declared as data.

A document is judged against the family its stage and shape select (the first family whose
`applies` pattern matches the document's stage; a new province's template is a new entry). Each
standard table names the catalogue kinds that satisfy it and the words a document uses to state
that it has nothing to print (then the table is "empty", not "missing").

Parts: a file that holds only the narrative (its tables published apart), only the tables, or only
performance targets is judged by its part: what the other part would hold is "in the pair", never
"missing" (issue 11, 4).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StandardTable:
    key: str
    name: str
    kinds: tuple[str, ...]
    empty_words: str = r"本表为空|无[^，。]{0,20}(?:收支|支出|预算|决算|经费|收入|安排)|不涉及|为空表|未安排"
    required: bool = True


@dataclass(frozen=True)
class Family:
    key: str
    stage: str
    tables: tuple[StandardTable, ...]


COMMON_TABLES: tuple[StandardTable, ...] = (
    StandardTable("dept_summary", "部门收支总表", ("dept_summary",)),
    StandardTable("dept_income", "部门收入总表", ("dept_income",)),
    StandardTable("dept_expenditure", "部门支出总表", ("dept_expenditure",)),
    StandardTable("fiscal_summary", "财政拨款收支总表", ("fiscal_summary",)),
    StandardTable("general_expenditure", "一般公共预算支出表", ("general_expenditure", "fiscal_expenditure")),
    StandardTable("basic_expenditure", "一般公共预算基本支出表", ("basic_expenditure", "fiscal_basic_expenditure")),
    StandardTable("three_public", "“三公”经费支出表", ("three_public",)),
    StandardTable("gov_fund", "政府性基金预算支出表", ("gov_fund_expenditure",)),
    StandardTable("state_capital", "国有资本经营预算支出表", ("state_capital_expenditure",), required=False),
    StandardTable("procurement", "政府采购预算表", ("procurement",), required=False),
    StandardTable("performance", "绩效目标表", ("project_performance", "department_performance"), required=False),
)
FAMILIES: tuple[Family, ...] = (
    Family("budget", "预算", COMMON_TABLES),
    Family(
        "final_accounts",
        "决算",
        (
            *COMMON_TABLES[:8],
            StandardTable("state_capital", "国有资本经营预算财政拨款支出决算表", ("state_capital_expenditure",)),
        ),
    ),
)

# Sections of the narrative a complete disclosure carries: key, name, pattern.
SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("functions", "部门职能", r"主要职能|职能职责|主要职责|部门职责|单位职责|工作职责|职责"),
    ("organisation", "机构设置", r"机构设置|单位构成|部门构成|机构情况|内设机构|预算单位构成"),
    ("income_expenditure", "收支预算说明", r"收支(?:预算|决算)?(?:总体)?情况|收入(?:预算|决算)|支出(?:预算|决算)"),
    ("three_public", "“三公”经费说明", r"三公"),
    (
        "three_public_change",
        "“三公”经费增减原因",
        # a change with its reason; an unchanged total ("与2024年预算持平。") has nothing to explain
        r"三公[^。]{0,200}?(?:增加|减少|持平|下降|增长).{0,400}?(?:原因|主要是)|三公[^。]{0,80}?(?:持平|无变化)。",
    ),
    ("operating_expenses", "机关运行经费", r"机关运行经费"),
    ("procurement", "政府采购", r"政府采购"),
    # the three kinds in one sentence, in any order ("货物类…服务类…工程类")
    ("procurement_split", "政府采购货物/工程/服务",
     r"(?=[^。]{0,160}?货物)(?=[^。]{0,160}?工程)(?=[^。]{0,160}?服务)[^。]{1,160}"),
    ("small_business", "中小企业份额", r"中小企业"),
    ("assets", "国有资产占用", r"国有资产|资产占用|车辆|房屋"),
    ("performance", "绩效目标", r"绩效"),
    ("glossary", "名词解释", r"名词解释|名词说明|专业名词"),
)
# part of a file → the standard items it can hold
PART_HOLDS = {
    "whole": {"tables", "sections"},
    "narrative": {"sections"},
    "tables": {"tables"},
    "performance": {"performance"},
}


def family_for(stage: str) -> Family:
    return next((f for f in FAMILIES if f.stage == stage), FAMILIES[0])
