"""What the narrative states, declared as data: subject → the label that names it in prose.

Rules are tried in order; once a label has claimed a stretch of text, later (broader) rules
cannot claim it again, so `一般公共预算财政拨款支出` is never also read as `支出`.
`alias` is the short form used when a sentence states only the change ("收入比 2024 年增加…").
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NarrativeRule:
    subject: str
    label: str  # regex for the words that name the figure
    unit: str = "万元"
    alias: str = ""
    context: str = ""  # where a figure is stated twice, prefer the sentence that also says this


NARRATIVE_RULES: tuple[NarrativeRule, ...] = (
    NarrativeRule("fiscal_grand_total", r"财政拨款收入支出(?:决算|预算)?总计"),
    NarrativeRule("grand_total", r"收入支出(?:决算|预算)?总计"),
    NarrativeRule("income_expenditure_total", r"收入、支出预算总计|收支预算总计"),
    NarrativeRule("reserve_expenditure_total", r"单位预留机动经费(?:预算)?(?:数)?"),
    NarrativeRule("three_public_vehicles", r"公务用车购置及运行(?:维护)?费", context="三公"),
    NarrativeRule("three_public_vehicle_purchase", r"公务用车购置费", context="三公"),
    NarrativeRule("three_public_vehicle_operation", r"公务用车运行(?:维护)?费", context="三公"),
    NarrativeRule("three_public_travel_abroad", r"因公出国[（(]境[）)]费(?:用)?", context="三公"),
    NarrativeRule("three_public_reception", r"公务接待费", context="三公"),
    NarrativeRule("three_public_total", r"[“\"]?三公[”\"]?经费(?:预算|支出)?(?:合计|总额)?(?:数)?"),
    NarrativeRule("operating_expenses", r"(?:机关|财政拨款)运行经费(?:支出|预算)?"),
    NarrativeRule("procurement_goods", r"(?:政府)?采购货物(?:预算|类)?|货物采购(?:金额)?"),
    NarrativeRule("procurement_works", r"(?:政府)?采购工程(?:预算|类)?|工程采购(?:金额)?"),
    NarrativeRule("procurement_services", r"(?:政府)?采购服务(?:预算|类)?|服务采购(?:金额)?"),
    NarrativeRule("procurement_total", r"政府采购(?:预算|支出|决算)?(?:总额|合计|总计)?(?:数)?(?:为|共)?"),
    NarrativeRule("performance_target_funds", r"涉及(?:一般公共预算财政拨款|项目预算资金)"),
    NarrativeRule("general_public_budget_income", r"一般公共预算(?:财政拨款)?收入"),
    NarrativeRule("general_public_budget_expenditure_total", r"一般公共预算财政拨款支出"),
    NarrativeRule("gov_fund_expenditure_total", r"政府性基金(?:预算)?(?:财政拨款)?支出"),
    NarrativeRule("fiscal_appropriation_total",
                  r"财政拨款收入(?:总计|合计)?|财政拨款收支总(?:预算|计)|财政拨款收、支总(?:预算|计)"),
    NarrativeRule("basic_personnel_total", r"人员经费"),
    NarrativeRule("basic_public_total", r"公用经费"),
    NarrativeRule("basic_expenditure_total", r"基本支出(?:预算)?"),
    NarrativeRule("project_expenditure_total", r"项目支出(?:预算)?"),
    NarrativeRule("income_total", r"(?:本年)?收入(?:预算|决算|总计|合计|总预算)(?:数)?", alias=r"收入"),
    NarrativeRule("expenditure_total", r"(?:本年)?支出(?:预算|决算|总计|合计|总预算)(?:数)?", alias=r"支出"),
    NarrativeRule("vehicles_total", r"共有(?:车辆|公务用车)", unit="辆"),
    NarrativeRule("vehicles_general", r"一般公务用车", unit="辆"),
    NarrativeRule("vehicles_law_enforcement", r"执勤执法用车", unit="辆"),
    NarrativeRule("vehicles_planned_purchase", r"购置车辆", unit="辆"),
)

# Sentences that state a figure is nil without printing a number.
NIL_STATEMENTS: tuple[tuple[str, str], ...] = (
    ("gov_fund_expenditure_total", r"无(?:使用)?政府性基金(?:预算)?(?:财政)?(?:拨款)?(?:安排的)?(?:收支|支出|预算)"),
    ("gov_fund_expenditure_total", r"政府性基金(?:预算)?支出(?:预算)?表(?:情况说明)?本表数为零"),
)
