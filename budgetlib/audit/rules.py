"""The audit's rules, declared as data: id, family, severity, message templates, and where they apply.

A rule is a row of this table, not a branch in code. The functions that find problems name the rule
they apply; the message, the family and the severity come from here, so a reviewer (or a bureau with
its own checklist) can change what a rule is called or how much it weighs without touching the code.

Severity: `error` is a problem in the document a reviewer must fix; `warning` is likely a problem but
needs a look (a wording, a figure with no counterpart); `note` is reported without blame (a 0.01
rounding, a figure shown for information). Family `reading` is not a document finding at all: it
says the reader is unsure of what it read (issue 11), and it is never counted as a document error.

`applies_to` names the stages (预算 / 决算) and template families (see catalogue/families.py) where
the rule runs; an empty tuple means everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

FAMILIES: tuple[tuple[str, str, str], ...] = (
    # key, Chinese label, English label (the order is the order of the report)
    ("arithmetic", "表内及表间勾稽", "arithmetic and cross-table"),
    ("narrative", "说明与报表一致性", "narrative against tables"),
    ("years_scope", "年度与口径用语", "years and scope words"),
    ("completeness", "公开完整性", "completeness"),
    ("placeholders", "模板残留与缺句", "placeholders and leftovers"),
    ("text_quality", "文字质量", "text quality"),
    ("codes", "科目编码与名称", "codes"),
    ("units", "计量单位", "units"),
    ("performance", "绩效指标与项目", "indicators and projects"),
    ("final_accounts", "决算专项", "决算-specific"),
    ("reading", "读取问题（非文件错误）", "reading problems (not document errors)"),
)
FAMILY_LABELS = {key: (zh, en) for key, zh, en in FAMILIES}
SEVERITY_ORDER = {"error": 0, "warning": 1, "note": 2, "info": 3}


@dataclass(frozen=True)
class Rule:
    """One audit rule. Templates are str.format templates over the finding's figures."""

    id: str
    family: str
    severity: str
    message_zh: str
    message_en: str
    applies_to: tuple[str, ...] = ()


RULES: tuple[Rule, ...] = (
    # 1. arithmetic and cross-table (the checks that existed before, now declared; rounding is a note)
    Rule(
        "A01",
        "arithmetic",
        "error",
        "{name}：上级科目{expected}不等于下级科目合计{actual}",
        "{name}: the parent {expected} is not the sum of its children {actual}",
    ),
    Rule(
        "A02",
        "arithmetic",
        "error",
        "合计行{expected}不等于各类合计{actual}",
        "the total row {expected} is not the sum of the 类 rows {actual}",
    ),
    Rule(
        "A03",
        "arithmetic",
        "error",
        "{name}：合计{expected}不等于各列之和{actual}（{parts}）",
        "{name}: the total {expected} is not the sum of its columns {actual} ({parts})",
    ),
    Rule(
        "A04",
        "arithmetic",
        "warning",
        "表{table}打印了{actual:g}个总计行",
        "table {table} prints {actual:g} total rows",
    ),
    Rule(
        "A05",
        "arithmetic",
        "error",
        "{name}：汇总表{actual}与明细表{expected}不一致",
        "{name}: the summary table {actual} disagrees with the detail table {expected}",
    ),
    Rule(
        "A06",
        "arithmetic",
        "error",
        "{code}：{table}的数字{actual}与所用数字{expected}不一致",
        "{code}: {table} prints {actual}, the figure used is {expected}",
    ),
    Rule(
        "A07",
        "arithmetic",
        "error",
        "“三公”经费分项之和{actual}不等于合计{expected}",
        "the 三公 parts add to {actual}, not the total {expected}",
    ),
    Rule(
        "A08",
        "arithmetic",
        "error",
        "说明中分项之和{actual}不等于所述合计{expected}（{code}）",
        "the narrative's parts add to {actual}, not its stated total {expected} ({code})",
    ),
    Rule(
        "A09",
        "arithmetic",
        "note",
        "项目预算合计{actual}，对照{code} {expected}",
        "the projects add to {actual}; {code} is {expected}",
    ),
    Rule("A10", "arithmetic", "note", "绩效指标权重合计{actual:g}", "indicator weights add to {actual:g}"),
    Rule("A11", "arithmetic", "note", "尾差{difference:+g}（四舍五入）：{text}", "rounding {difference:+g}: {text}"),
    Rule("A12", "arithmetic", "info", "用户更正：{text}", "a user's correction: {text}"),
    Rule(
        "A13",
        "arithmetic",
        "warning",
        "功能分类{function}的基本支出{function_amount}万元，经济分类{economic}为{economic_amount}万元，相差{gap}万元",
        "the function item {function} has 基本支出 {function_amount} 万元, the economic item {economic} "
        "{economic_amount} 万元 (a gap of {gap})",
    ),
    # 2. narrative against tables
    Rule(
        "N01",
        "narrative",
        "error",
        "说明所述{subject}{actual}万元与报表{expected}万元不一致",
        "the narrative states {subject} as {actual}, the table prints {expected}",
    ),
    Rule(
        "N02",
        "narrative",
        "error",
        "说明所述科目{item}金额{actual}万元与报表{expected}万元不一致",
        "the narrative gives {item} as {actual} 万元, the table prints {expected} 万元",
    ),
    Rule(
        "N03",
        "narrative",
        "error",
        "增减幅度应为{expected}%，说明写作{actual}%",
        "the change is {expected}%, the narrative says {actual}%",
    ),
    Rule(
        "N04",
        "narrative",
        "error",
        "占比应为{expected}%，说明写作{actual}%",
        "the share is {expected}%, the narrative says {actual}%",
    ),
    Rule("N05", "narrative", "error", "各项占比合计{actual}%，不等于100%", "the shares add to {actual}%, not 100%"),
    Rule(
        "N06",
        "narrative",
        "error",
        "方向用语“{word}”与数字不符（{detail}）",
        "the direction word “{word}” contradicts the figures ({detail})",
    ),
    Rule(
        "N07",
        "narrative",
        "error",
        "同一事项前后金额不一致：{first}与{second}",
        "the same item is given two amounts: {first} and {second}",
    ),
    Rule(
        "N08",
        "narrative",
        "warning",
        "科目{name}在说明中称“{actual}”，报表中为“{expected}”",
        "{name} is called “{actual}” in the narrative, “{expected}” in the tables",
    ),
    Rule(
        "N09",
        "narrative",
        "error",
        "增减额应为{expected}，说明写作{actual}",
        "the change is {expected}, the narrative says {actual}",
    ),
    # 3. years and scope words
    Rule(
        "Y01",
        "years_scope",
        "error",
        "{year}年{stage}与本年度“{said}”比较",
        "a {year} {stage} is compared with “{said}”, its own year",
    ),
    Rule("Y02", "years_scope", "warning", "单位{stage}自称“{said}”", "a 单位 document calls itself “{said}”"),
    Rule(
        "Y03", "years_scope", "error", "预算文件标题中出现“决算”：{said}", "a 预算 document's heading says 决算: {said}"
    ),
    Rule(
        "Y04",
        "years_scope",
        "warning",
        "所述年度{said}与文件年度{year}不符",
        "the year {said} does not fit the document's year {year}",
    ),
    # 4. completeness
    Rule("C01", "completeness", "warning", "缺少标准表：{name}", "a standard table is missing: {name}"),
    Rule("C02", "completeness", "warning", "空表未说明：{name}", "an empty table carries no statement: {name}"),
    Rule("C03", "completeness", "warning", "缺少说明部分：{name}", "a section is missing: {name}"),
    Rule(
        "C04",
        "completeness",
        "info",
        "公开完整性得分{score:.0f}（{grade}）",
        "completeness score {score:.0f} ({grade})",
    ),
    Rule(
        "C05",
        "completeness",
        "warning",
        "功能分类未细化到项级或经济分类未细化到款级：{name}",
        "the disclosure does not reach 功能分类 项 or 经济分类 款: {name}",
    ),
    # 5. placeholders and leftovers
    Rule("P01", "placeholders", "error", "模板占位符未替换：“{said}”", "a template placeholder is left: “{said}”"),
    Rule("P02", "placeholders", "error", "句子残缺：“{said}”", "a sentence is cut off: “{said}”"),
    Rule(
        "P03",
        "placeholders",
        "warning",
        "标题中的单位名称“{said}”与封面“{expected}”不同",
        "a heading names “{said}”, the cover “{expected}”",
    ),
    Rule("P04", "placeholders", "warning", "目录与报表不一致：{said}", "the 目录 disagrees with the tables: {said}"),
    Rule("P05", "placeholders", "warning", "表注与表题不符：{said}", "a table's note does not fit its title: {said}"),
    # 6. text quality
    Rule("T01", "text_quality", "warning", "词语重复：“{said}”", "a doubled phrase: “{said}”"),
    Rule("T02", "text_quality", "warning", "标点重复或缺失：“{said}”", "doubled or missing punctuation: “{said}”"),
    Rule("T03", "text_quality", "warning", "引号或括号不成对：“{said}”", "unbalanced quotes or brackets: “{said}”"),
    Rule("T04", "text_quality", "warning", "有字符未能显示：“{said}”", "characters that did not display: “{said}”"),
    Rule("T05", "text_quality", "warning", "段落重复印出：“{said}”", "a paragraph printed twice: “{said}”"),
    Rule("T06", "text_quality", "warning", "空白页：第{page}页", "a blank page: page {page}"),
    Rule("T07", "text_quality", "warning", "语序错乱：“{said}”", "garbled word order: “{said}”"),
    # 7. codes
    Rule(
        "K01",
        "codes",
        "warning",
        "同一科目编码{code}有两个名称：“{expected}”与“{actual}”",
        "code {code} has two names: “{expected}” and “{actual}”",
    ),
    Rule(
        "K02",
        "codes",
        "error",
        "编码{code}在同一表中用于不同的行：“{expected}”与“{actual}”",
        "code {code} is used for two rows of one table: “{expected}” and “{actual}”",
    ),
    Rule(
        "K03", "codes", "error", "编码{printed}与上级科目{parent}不衔接", "code {printed} does not fit under {parent}"
    ),
    Rule(
        "K04",
        "codes",
        "warning",
        "科目{code}名称“{actual}”与同年度其他文件的“{expected}”不同（参照表）",
        "code {code} is called “{actual}”; other documents of the year call it “{expected}” (reference)",
    ),
    # 8. units
    Rule(
        "U01",
        "units",
        "error",
        "{subject}：{actual}与{expected}相差一万倍（单位错误）",
        "{subject}: {actual} is 10,000× off {expected} (wrong unit)",
    ),
    Rule("U02", "units", "warning", "金额后缺少“万”：“{said}”", "a 万 missing after an amount: “{said}”"),
    # 9. indicators and projects
    Rule(
        "I01",
        "performance",
        "warning",
        "项目{name}的指标权重合计{actual:g}，与本文件惯例{expected:g}不同",
        "project {name}: weights add to {actual:g}, the document's convention is {expected:g}",
    ),
    Rule(
        "I02",
        "performance",
        "warning",
        "项目{name}没有产出或效益指标",
        "project {name} has no output or outcome indicator",
    ),
    Rule(
        "I03",
        "performance",
        "warning",
        "指标“{said}”的运算符要求数值目标，但目标值为“{actual}”",
        "indicator “{said}” needs a numeric target, its target is “{actual}”",
    ),
    Rule(
        "I04",
        "performance",
        "error",
        "所列项目合计{actual}不等于项目支出{expected}",
        "the listed projects add to {actual}, not the stated 项目支出 {expected}",
    ),
    Rule(
        "I05",
        "performance",
        "error",
        "项目文字所述金额{actual}与其表列金额{expected}不一致",
        "a project's text states {actual}, its table {expected}",
    ),
    Rule("I07", "performance", "warning", "指标“{said}”缺少二级指标", "indicator “{said}” has no 二级指标"),
    Rule(
        "I06",
        "performance",
        "error",
        "所述子项{actual}大于其总数{expected}：“{said}”",
        "a subset {actual} exceeds its total {expected}: “{said}”",
    ),
    # 10. 决算-specific
    Rule(
        "F01",
        "final_accounts",
        "error",
        "以年初预算0计算完成率或增长率：“{said}”",
        "a rate computed against a 年初预算 of 0: “{said}”",
        ("决算",),
    ),
    Rule(
        "F02",
        "final_accounts",
        "warning",
        "结转结余变化未说明：{said}",
        "a change in carry-over is not explained: {said}",
        ("决算",),
    ),
    Rule(
        "F03",
        "final_accounts",
        "error",
        "决算与预算比较的方向用语错误：“{said}”",
        "a 决算 vs 预算 statement has the wrong direction: “{said}”",
        ("决算",),
    ),
    Rule(
        "F04",
        "final_accounts",
        "error",
        "说明称“{said}”，与{detail}矛盾",
        "the narrative says “{said}”, contradicting {detail}",
    ),
    # reading problems (issue 11): never document errors
    Rule(
        "R01",
        "reading",
        "warning",
        "表{table}的读取未能自洽（{detail}），此处不判断文件对错",
        "table {table} does not reconcile as read ({detail}); the document is not judged here",
    ),
    Rule("R02", "reading", "warning", "表{table}未能读取：{detail}", "table {table} could not be read: {detail}"),
    Rule(
        "R03",
        "reading",
        "note",
        "表{table}中有未识别的金额列：{detail}",
        "table {table} has amount columns left unmapped: {detail}",
    ),
)
RULE_BY_ID = {rule.id: rule for rule in RULES}

# The checks that existed before the declared frame, mapped onto their rules (issue 12, family 1).
CHECK_RULES: dict[str, str] = {
    "children_sum": "A01",
    "total_row_sum": "A02",
    "measure_sum": "A03",
    "single_total": "A04",
    "class_agreement": "A05",
    "key_figure_agreement": "A06",
    "narrative_agreement": "N01",
    "three_public_parts": "A07",
    "narrative_parts": "A08",
    "project_budgets": "I04",
    "indicator_weights": "A10",
    "narrative_percent": "N03",
    "table_read": "R02",
    "correction": "A12",
}


def rule(rule_id: str) -> Rule:
    """The declared rule; a KeyError names the unknown id (a typo in a rule function is a bug)."""
    return RULE_BY_ID[rule_id]


def rules_frame():
    """The rule table as a frame (for the README, the report and users who keep their own list)."""
    import pandas as pd

    return pd.DataFrame(
        [
            {
                "id": r.id,
                "family": r.family,
                "severity": r.severity,
                "message_zh": r.message_zh,
                "message_en": r.message_en,
                "applies_to": ",".join(r.applies_to),
            }
            for r in RULES
        ]
    )
