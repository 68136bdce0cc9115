"""What the narrative states, declared as data: the words that name a figure, its scope, and how
changes, shares and comparisons are phrased.

A figure's label is the text printed before its amount (back to the previous comma, colon or
amount). The label is cleaned (years, the department's name, "其中", "安排" … removed) and must
then match one rule *whole*: "上级专项转移支付支出预算" is not "支出预算", and
"政府性基金预算财政拨款收入" is not "财政拨款收入". Rules are tried in order, narrowest first.

`side` disambiguates words that mean income in an income list and expenditure elsewhere
("其中：一般公共预算拨款 A 万元" under 收入预算). `context` is where a figure stated twice is
preferred (the 三公 section's 公务接待费 over a passing mention). `unit` "辆" marks counts.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NarrativeRule:
    subject: str
    label: str  # regex that must match the whole cleaned label
    unit: str = "万元"
    alias: str = ""  # kept for callers of the earlier API; labels now carry their own short forms
    context: str = ""  # where a figure is stated twice, prefer the sentence that also says this
    side: str = ""  # "income" / "expenditure": the rule applies only on that side of a list


# Optional words printed after the figure's name ("…预算数为", "…支出预算", "…总额").
SUFFIX = (r"(?:预算|决算|年初|执行|支出|收入|数|为|是|达|约|共|计|合计|总计|总额|总金额|金额|资金|安排|拨款|"
          r"财政拨款|情况|[（(]?万元[）)]?)*")

# A label of only these words names nothing ("2026年预算数为" → the subject is elsewhere).
EMPTY_LABEL = r"(?:本年|今年|当年|预算|决算|执行|数|为|是|达|约|共|计|合计|总额|金额|安排|年初|[（(]?万元[）)]?)*"

NARRATIVE_RULES: tuple[NarrativeRule, ...] = (
    # grand totals (决算: with 年初结转) and the income = expenditure total
    NarrativeRule("fiscal_grand_total", r"财政拨款收入支出(?:决算|预算)?总计"),
    NarrativeRule("grand_total", r"收入支出(?:决算|预算)?总计"),
    NarrativeRule("fiscal_appropriation_total",
                  r"财政拨款收、?支(?:出)?(?:总预算|预算总计|总计|预算)|财政拨款收入(?:预算)?(?:总计|合计)?"
                  r"|(?:当年|本年)?财政拨款(?:预算)?收入(?:合计|总计)?|本年财政拨款收入", side=""),
    NarrativeRule("fiscal_expenditure_total",
                  r"财政拨款(?:预算)?支出(?:预算)?(?:合计|总计)?|财政拨款支出预算"),
    NarrativeRule("income_expenditure_total",
                  r"收入、?支出(?:预算)?总计|收、?支(?:预算)?(?:总预算|总计|预算)|收支总预算|部门预算收支总额|收支预算总额"),
    # income by source (before the totals: "一般公共预算拨款收入" is a source, not the total)
    NarrativeRule("general_public_budget_income",
                  r"(?:本年)?一般公共预算(?:当年)?(?:财政)?(?:拨款)?收入(?:预算)?|(?:本年)?一般公共预算(?:当年)?(?:财政)?拨款",
                  side="income"),
    NarrativeRule("general_public_budget_income",
                  r"(?:本年)?一般公共预算(?:当年)?(?:财政)?(?:拨款)?收入(?:预算)?"),
    NarrativeRule("gov_fund_income", r"(?:本年)?政府性基金(?:预算)?(?:财政)?(?:拨款)?收入"),
    NarrativeRule("gov_fund_income", r"(?:本年)?政府性基金(?:预算)?(?:财政)?拨款", side="income"),
    NarrativeRule("state_capital_income", r"(?:本年)?国有资本经营预算(?:财政)?(?:拨款)?收入"),
    NarrativeRule("state_capital_income", r"(?:本年)?国有资本经营预算(?:财政)?拨款", side="income"),
    NarrativeRule("special_account_income", r"(?:本年)?财政专户管理(?:的)?(?:资金|事业)?(?:收入)?"),
    NarrativeRule("business_operation_income", r"(?:本年)?(?:事业单位)?经营(?:服务)?收入"),
    NarrativeRule("business_income", r"(?:本年)?事业收入"),
    NarrativeRule("superior_subsidy_income", r"(?:本年)?上级补助收入"),
    NarrativeRule("subordinate_income", r"(?:本年)?附属单位上缴收入"),
    NarrativeRule("other_funds_income", r"(?:本年)?其他资金收入"),
    NarrativeRule("other_income", r"(?:本年)?其他收入"),
    NarrativeRule("non_fiscal_balance", r"(?:使用)?非财政拨款(?:结转)?结余"),
    NarrativeRule("carry_over", r"上年(?:财政拨款)?结转(?:和)?(?:结余)?(?:的)?(?:资金|收入)?|年初结转(?:和)?(?:结余)?"),
    NarrativeRule("carry_forward", r"年终结转(?:和)?结余(?:资金)?|结转下年(?:资金)?|年末结转(?:和)?结余"),
    # expenditure by budget and by use
    NarrativeRule("general_public_budget_expenditure_total",
                  r"一般公共预算(?:当年)?(?:财政)?(?:拨款)?支出(?:预算)?|一般公共预算(?:当年)?(?:财政)?拨款"),
    NarrativeRule("gov_fund_expenditure_total", r"政府性基金(?:预算)?(?:财政)?(?:拨款)?支出(?:预算)?"),
    NarrativeRule("state_capital_expenditure_total", r"国有资本经营预算(?:财政)?(?:拨款)?支出"),
    NarrativeRule("reserve_expenditure_total", r"单位预留机动经费"),
    NarrativeRule("business_operation_expenditure", r"(?:事业单位)?经营支出"),
    NarrativeRule("remitted_to_superior", r"上缴上级支出"),
    NarrativeRule("subsidy_to_subordinates", r"对附属单位补助支出"),
    NarrativeRule("basic_personnel_total", r"人员经费|人员支出|人员类"),
    NarrativeRule("basic_public_total", r"(?:日常)?公用经费|(?:日常)?公用支出"),
    NarrativeRule("basic_expenditure_total", r"基本支出"),
    NarrativeRule("project_expenditure_total", r"项目支出"),
    # 三公, meetings, training, entrusted services, running costs
    NarrativeRule("three_public_vehicles", r"公务用车购置(?:及|和)运行(?:维护)?费(?:用)?", context="三公"),
    NarrativeRule("three_public_vehicle_purchase", r"公务用车购置(?:费(?:用)?)?", context="三公"),
    NarrativeRule("three_public_vehicle_operation", r"公务用车运行(?:及)?维护费|公务用车运行(?:维护)?费|"
                                                    r"公务用车运行及维护",
                  context="三公"),
    NarrativeRule("three_public_travel_abroad", r"因公出国[（(]境[）)](?:费(?:用)?|经费)", context="三公"),
    NarrativeRule("three_public_reception", r"公务接待费", context="三公"),
    NarrativeRule("three_public_total", r"三公经费|三公"),
    NarrativeRule("meeting_fees", r"会议费"),
    NarrativeRule("training_fees", r"培训费"),
    NarrativeRule("entrusted_services", r"委托业务费"),
    NarrativeRule("operating_expenses", r"(?:行政经费[（(])?(?:机关)?运行经费[）)]?"),
    # procurement
    NarrativeRule("procurement_goods", r"(?:政府)?采购货物(?:类)?|(?:拟)?(?:采购|购买)货物|货物(?:类)?(?:政府)?采购"),
    NarrativeRule("procurement_works", r"(?:政府)?采购工程(?:类)?|(?:拟)?(?:采购|购买)工程|工程(?:类)?(?:政府)?采购"),
    NarrativeRule("procurement_services",
                  r"(?:政府)?采购服务(?:类)?|(?:拟)?采购服务|服务(?:类)?(?:政府)?采购|(?:拟)?购买服务"),
    NarrativeRule("procurement_sme_reserved", r"面向中小企业预留政府采购项目|预留给小型和微型企业的政府采购项目"),
    NarrativeRule("procurement_total", r"政府采购(?:支出)?"),
    NarrativeRule("government_purchase_services", r"政府购买服务"),
    # totals by side
    NarrativeRule("income_total",
                  r"(?:本年|部门预算|部门)?收入(?:预算)?(?:总计|合计|总额)?|总收入|预算收入|收入总预算"
                  r"|部门预算(?:收入)?", side="income"),
    NarrativeRule("income_total",
                  r"(?:本年|部门预算|部门)?收入(?:预算)?(?:总计|合计|总额)?|总收入|预算收入|收入总预算"),
    NarrativeRule("expenditure_total",
                  r"(?:本年)?支出(?:预算)?(?:总计|合计|总额)?|总支出|预算支出|支出总预算", side="expenditure"),
    NarrativeRule("expenditure_total", r"(?:本年)?支出(?:预算)?(?:总计|合计|总额)?|总支出|预算支出|支出总预算"),
    # counts
    NarrativeRule("vehicles_general", r"一般公务用车", unit="辆"),
    NarrativeRule("vehicles_law_enforcement", r"执勤执法用车|执法执勤用车", unit="辆"),
    NarrativeRule("vehicles_planned_purchase", r"购置车辆", unit="辆"),
    NarrativeRule("vehicles_total", r"(?:共|实)?有(?:车辆|公务用车)", unit="辆"),
)

# Funds placed under performance targets: any funds label in a sentence about 绩效.
PERFORMANCE_LABEL = r"(?:涉及|纳入)?.*(?:资金|拨款|金额|项目支出|预算)(?:合计|总额)?"
PERFORMANCE_CONTEXT = r"绩效"

# An organisation's name ends so: "市重大项目办机关运行经费" is the department's 机关运行经费.
ORGANISATION_END = r"(?:办公厅|办公室|委员会|办|局|厅|委|院|中心|室|处|站|所|馆|部|会|队|校)"

# Words of no meaning for the subject, removed from the front of a label (repeatedly).
PREFIX_NOISE = (
    r"^(?:其中|包括|主要包括|另外|此外|同时|分别为|分别是|主要是|主要为|合计|共计|共|总计|全年|当年|年初|预计|拟|"
    r"计划|安排|用于|均为|全部为|所属各预算单位|所属各单位|各预算单位|本部门|本单位|本级|我部门|我局|我部|我委|我办|我厅|"
    r"我单位|本局|全局|该单位|该部门|部门本级|单位本级|机关本级|本年度|年度|当年度|按照|部门|是|为|的|在|对|由|和|及|含|、|)")
# Scope phrases removed from a label once no rule matches it whole ("通过一般公共预算财政拨款安排的").
SCOPE_PHRASES = (
    r"(?:通过|使用|用)?(?:一般公共预算|政府性基金预算|国有资本经营预算)?(?:当年)?(?:财政)?(?:拨款)?(?:安排)(?:的)?",
    r"(?:一般公共预算|政府性基金预算|国有资本经营预算)(?:当年)?(?:财政)?拨款(?:资金)?",
    r"(?:涉及)?(?:财政拨款|财政性)(?:资金)?",
    r"一般公共预算",
    r"部门预算",
)

# Scope words in a label or a section heading → the scope of the figure (first match wins).
SCOPE_WORDS: tuple[tuple[str, str], ...] = (
    (r"一般公共预算", "general_public_budget"),
    (r"政府性基金", "gov_fund"),
    (r"国有资本经营", "state_capital"),
    (r"财政拨款|财政性资金|财政资金", "fiscal"),
    (r"部门预算|部门收支|收支总|收入总表|支出总表|部门收入|部门支出|收支预算总体|收支总体|收入预算|支出预算|"
     r"收入决算|支出决算|总收入|总支出", "all_funds"),
)
# Carry-over: stated inclusion or exclusion of 上年结转 in a figure.
WITHOUT_CARRY_OVER = r"当年拨款|当年财政拨款|本年收入|本年支出|本年财政拨款|本年一般公共预算"
WITH_CARRY_OVER = r"含上年结转|包括上年结转|含年初结转"
# Subjects whose scope is part of their name (not inherited from the section).
INTRINSIC_SCOPE = {
    "general_public_budget_income": "general_public_budget",
    "general_public_budget_expenditure_total": "general_public_budget",
    "gov_fund_income": "gov_fund",
    "gov_fund_expenditure_total": "gov_fund",
    "state_capital_income": "state_capital",
    "state_capital_expenditure_total": "state_capital",
    "fiscal_appropriation_total": "fiscal",
    "fiscal_expenditure_total": "fiscal",
    "fiscal_grand_total": "fiscal",
    "grand_total": "all_funds",
    "non_fiscal_balance": "all_funds",
    "income_expenditure_total": "all_funds",
    "three_public_total": "fiscal",
    "three_public_travel_abroad": "fiscal",
    "three_public_vehicles": "fiscal",
    "three_public_vehicle_purchase": "fiscal",
    "three_public_vehicle_operation": "fiscal",
    "three_public_reception": "fiscal",
}
# Totals a shortened name in the next sentence may refer back to ("…收、支总预算 A 万元。与上年相比收、支预算
# 总计各增加 B 万元").
TOTAL_FAMILY = {"income_total", "expenditure_total", "income_expenditure_total", "fiscal_appropriation_total",
                "fiscal_expenditure_total", "general_public_budget_expenditure_total", "general_public_budget_income",
                "grand_total", "fiscal_grand_total"}
# Subjects on the income side of a list (their 其中 items are income sources).
INCOME_SUBJECTS = {"income_total", "fiscal_appropriation_total", "income_expenditure_total", "grand_total",
                   "fiscal_grand_total"}
EXPENDITURE_SUBJECTS = {"expenditure_total", "fiscal_expenditure_total", "general_public_budget_expenditure_total",
                        "basic_expenditure_total", "project_expenditure_total"}
# A figure under one of these is its part, not a headline of its own: "项目支出…其中：人员经费" is
# the project's, and keeps the parent in its subject ("function_item/basic_personnel_total").
CONTEXT_SUBJECTS = {"function_item", "economic_item", "project", "item", "performance_target_funds"}

# Changes: the verbs, the bases they compare with, and phrases that say "no change".
CHANGE_VERB = r"(?:增加|减少|增长|下降|上升|降低|调增|调减|压减|节约|变化|变动|增减|减|增)(?:了)?"
INCREASE = r"增加|增长|上升|调增|增|大于|高于|多于|超过"
CHANGE_SEGMENT = (rf"^(?P<head>.*?)(?:(?:比|较|与|同比|对比)(?P<base>.*?))?(?:各)?(?P<verb>{CHANGE_VERB})$")
# "本年数小于上年预算数 X": the base after the verb
LESS_THAN = r"小于|低于|少于"
COMPARE_SEGMENT = r"^(?P<head>.*?)(?P<verb>小于|大于|低于|高于|少于|多于|超过)(?P<base>.*?)(?:预算)?(?:数)?$"
# A modifier before 的 that makes the figure a part of another kind ("上年结转结余的一般公共预算收入").
MODIFIER_SUBJECTS: tuple[tuple[str, str], ...] = ((r"上年结转(?:和)?(?:结余)?|年初结转(?:和)?(?:结余)?", "carry_over"),)
PERCENT_AFTER = (r"^[）)]?[，,]?(?:同比)?(?:增长|下降|增幅|减幅|降幅|减少|增加|上升|降低|增长率|下降率|变动)?"
                 r"(?:为|了)?(?P<percent>\d[\d,]*(?:\.\d+)?)\s*[%％]")
SHARE_AFTER = (r"^(?:[（(][^）)]*[）)])?[，,]?(?:分别)?占(?P<base>[^，。；%％]*?)(?:的)?(?:比例|比重)?(?:为)?"
               r"(?P<share>\d[\d,]*(?:\.\d+)?)\s*[%％]")
FLAT = (r"(?:与|较|比|同|和)(?P<base>[^，。；;]{0,24}?)(?:相比)?[，,]?(?:基本)?"
        r"(?:持平|相同|一致|无增减|无变化|保持不变|没有变化)"
        r"|上年及本年度[^。；;]*?均无|较上年无增减")
BUDGET_BASE = r"年初预算|预算数|^预算$"  # a 决算 compared with its own year's budget
REASON_START = r"主要(?:原因)?(?:是|为|：|:|系|由于|因为)|原因(?:是|为|：|:)|变动原因|增减原因"
THRESHOLD_AFTER = r"^(?:[（(]含[）)])?(?:及)?(?:以上|以下)"

# Nil statements: a figure said to be nil without printing a number.
NIL_STATEMENTS: tuple[tuple[str, str], ...] = (
    ("gov_fund_expenditure_total",
     r"(?:无|没有|未)(?:使用)?政府性基金(?:预算)?(?:财政)?(?:拨款)?(?:安排的)?(?:收支|支出|预算)"),
    ("gov_fund_expenditure_total", r"政府性基金(?:预算)?支出(?:预算)?表(?:情况说明)?本表数为零"),
)

# The national 类 of the function classification (名称 by the 2018+ and earlier editions): a
# label that names one is a function item, whose code the document's own tables then give.
FUNCTION_CLASSES = (
    "一般公共服务", "外交", "国防", "公共安全", "教育", "科学技术", "文化旅游体育与传媒", "文化体育与传媒",
    "社会保障和就业", "社会保险基金", "卫生健康", "医疗卫生与计划生育", "医疗卫生", "节能环保", "城乡社区",
    "农林水", "交通运输", "资源勘探工业信息等", "资源勘探信息等", "商业服务业等", "金融", "援助其他地区",
    "自然资源海洋气象等", "国土海洋气象等", "住房保障", "粮油物资储备", "灾害防治及应急管理", "其他",
    "债务还本", "债务付息", "转移性", "国有资本经营预算",
)
# Section headings whose figures are all one project's (项目概述 … 年度预算安排).
PROJECT_SECTION = r"项目(?:情况|经费情况说明|概况)?$|一级项目|项目经费情况说明|项目情况$"
PROJECT_PARTS = ("项目概述", "立项依据", "实施主体", "实施方案", "实施周期", "年度预算安排", "绩效目标")
