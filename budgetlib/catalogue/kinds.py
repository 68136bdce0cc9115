"""The table catalogue, as data.

Each entry says how to recognise a kind of table (by its title, never by its 表N label; or, when the
title is missing from the text layer, by its header and its codes) and how to read it. A new
province's template is a new entry or a new title pattern here, not a new branch in code. Order
matters: the first entry whose title pattern matches wins, so narrower titles come before broader ones.

A kind fixes three things the checks rely on:
- its *subject* (what the rows add up to: all spending, basic spending, project spending, income …);
- its *scope*: `general_public` (一般公共预算), `fiscal` (财政拨款: 一般公共预算 + 政府性基金 + 国有资本经营),
  `all` (every source of funds), `gov_fund`, `state_capital`. Checks compare only tables of one scope:
  an all-funds 部门预算基本支出预算表 is not the 一般公共预算基本支出表;
- its *classification* (功能 or 经济分类), from the title; when the title does not say, from the codes
  (3xx/5xx are economic, 2xx function).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CODE_HEADER = r"编码|编号|代码|^类$|^款$|^项$"
NAME_HEADER = r"名称|^项目$|^科目$"
TOTAL_NAME = r"^(合计|总计|收入合计|支出合计|收入总计|支出总计|本年收入合计|本年支出合计)$"


@dataclass(frozen=True)
class TableKind:
    """One kind of budget table and how to read it.

    layout: `coded` (rows keyed by subject code or name), `two_sided` (收入 | 支出 side by side),
    `single_row` (三公: one row of values under labelled columns, or its items as rows),
    `performance` (label/value blocks plus an indicator grid; read by the indicators step).
    subject: the measure the table as a whole is about (`basic` for a 基本支出 table): a header that
    only restates it is the table's total.
    """

    key: str
    title: str
    layout: str
    classification: str = ""
    code_pattern: str = r"^\d{3}(?:\d{2}){0,2}$"
    title_excludes: str = ""
    scope: str = ""
    subject: str = ""

    def classify(self, title: str, codes: list[str]) -> str:
        """The classification from the title's words, else from the codes printed (3xx/5xx economic)."""
        text = re.sub(r"\s", "", title)
        if re.search(r"经济分类|经济科目|按经济", text):
            return "economic"
        if re.search(r"功能分类|功能科目|按功能", text):
            return "function"
        if self.classification in ("procurement", ""):
            return self.classification
        heads = {code[0] for code in codes if code}
        if heads and heads <= {"3", "5"}:
            return "economic"
        if heads and heads <= {"2"}:
            return "function"
        return self.classification


PERFORMANCE_EXCLUDES = r"自评|评价结果"

CATALOGUE: tuple[TableKind, ...] = (
    TableKind("three_public", r"三公", "single_row", title_excludes=r"绩效|自评"),
    TableKind("department_performance", r"整体(支出)?绩效目标|部门整体绩效", "performance",
              title_excludes=PERFORMANCE_EXCLUDES + r"|专项资金"),
    TableKind("project_performance", r"绩效目标", "performance", title_excludes=PERFORMANCE_EXCLUDES),
    TableKind("procurement", r"政府采购", "coded", "procurement", r"^[A-Z]$", title_excludes=r"绩效|自评"),
    TableKind("gov_fund_expenditure", r"政府性基金", "coded", "function", scope="gov_fund"),
    TableKind("state_capital_expenditure", r"国有资本经营预算.*(支出|收入支出)", "coded", "function",
              scope="state_capital"),
    TableKind("operating_expenses", r"机关运行经费", "coded", "economic", scope="general_public",
              subject="operating_expenses"),
    TableKind("carried_over_expenditure", r"结转(资金|结余)?.*支出(预算|情况)?表", "coded", "function",
              scope="fiscal", title_excludes=r"收支"),
    TableKind("project_goals", r"项目支出绩效表", "coded", scope="all", subject="project"),
    TableKind("general_project_expenditure", r"一般公共预算.*项目支出", "coded", scope="general_public",
              subject="project", title_excludes=r"绩效"),
    TableKind("project_expenditure", r"项目支出|专项业务经费|专项资金", "coded", scope="all", subject="project",
              title_excludes=r"基本支出|绩效|收支"),
    TableKind("basic_expenditure", r"一般公共预算.*基本支出", "coded", "economic", scope="general_public",
              subject="basic"),
    TableKind("fiscal_basic_expenditure", r"财政拨款.*基本支出", "coded", "economic", scope="fiscal",
              subject="basic"),
    TableKind("dept_basic_expenditure", r"基本支出", "coded", "economic", scope="all", subject="basic"),
    TableKind("fiscal_summary", r"财政拨款收(入)?支(出)?.*(总表|总体情况表)", "two_sided", scope="fiscal"),
    TableKind("fiscal_expenditure", r"财政拨款支出(预算|决算|情况)?(明细)?表", "coded", "function",
              title_excludes=r"一般公共预算", scope="fiscal"),
    TableKind("general_expenditure", r"一般公共预算.*支出", "coded", "function", scope="general_public"),
    TableKind("dept_summary", r"收(入)?支(出)?.*(总表|总体情况表)", "two_sided", scope="all"),
    TableKind("dept_income", r"收入.*(总表|预算表|决算表|总体情况表)", "coded", "function", scope="all"),
    TableKind("dept_expenditure", r"支出.*(总表|预算表|决算表|总体情况表)", "coded", "function", scope="all"),
)

KINDS = {kind.key: kind for kind in CATALOGUE}


@dataclass(frozen=True)
class Signature:
    """How a grid whose title is missing from the text layer (drawn as outlines) is still recognised:
    header words that must all appear, row labels that must (or must not) appear, the codes it prints."""

    kind: str
    header: tuple[str, ...]
    labels: str = ""
    no_labels: str = ""
    codes: str = ""


# Only kinds whose header alone tells them apart are listed: an untitled function table with 基本支出 |
# 项目支出 may be the 一般公共预算 or the 财政拨款 one, so it stays unrecognised (its title is needed).
SIGNATURES: tuple[Signature, ...] = (
    Signature("three_public", (r"因公出国", r"接待")),
    Signature("fiscal_summary", (r"^收入$", r"^支出$"), labels=r"财政拨款|本年收入|一般公共预算",
              no_labels=r"事业收入|其他收入|经营收入"),
    Signature("dept_summary", (r"^收入$", r"^支出$"), labels=r"事业收入|其他收入"),
    Signature("dept_expenditure", (r"基本支出", r"项目支出", r"上缴上级|事业单位经营|对附属单位"), codes=r"^2\d\d"),
    Signature("dept_income", (r"上年结转", r"事业收入", r"其他收入")),
)
