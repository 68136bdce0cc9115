"""Facts stated in the narrative: every figure with its subject, scope, year and change, and the
prior year's figure each change implies.

How a narrative is read:
1. Lines become paragraphs (a line that does not end a sentence continues on the next, unless
   the next opens a heading; a short line without a stop is a heading of its own). Running page
   headers are dropped. Headings are kept as the *section*: its words give the scope of the
   figures under it ("四、财政拨款收支总表说明") and the subject of a figure printed without one
   ("（一）收入预算。2026年年初预算数 A 万元").
2. Paragraphs split into sentences at 。 (not inside brackets). Every money amount in a sentence
   is a *figure*, a *change* (after 增加/减少 …), a *base* ("比 2025 年年初预算数 A 万元增加…")
   or a threshold ("100 万元以上", skipped).
3. A figure's label is the text before it back to the previous comma, colon or amount. The
   label is matched *whole* against the declared rules (narrative_rules.py); one that matches
   none is a function item (printed code, （类）/（款）/（项） or a class name) or an item named
   as printed.
4. A change belongs to the figure its own label names, else to the nearest figure before it at
   the same bracket depth, else (a sentence that opens with the change) to the previous
   sentence's main figure. "与上年持平/相同/无增减" is a change of 0.
5. A figure after 其中/包括 is part of the figure before it: it inherits the scope, and a part of
   a function item or project keeps its parent in its subject.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from budgetlib.extract import narrative_rules as rules
from budgetlib.extract.narrative_rules import NARRATIVE_RULES, NIL_STATEMENTS, NarrativeRule

# The first twelve columns are the frame's original ones; the rest were added (never renamed).
FACT_COLUMNS = ["subject", "label", "year", "amount", "unit", "change", "direction", "percent", "reason",
                "derived", "sentence", "page", "scope", "carry_over", "code", "item", "share", "base", "parent",
                "section", "qualifier", "printed"]
NUMBER = r"\d[\d,]*(?:\.\d+)?"
AMOUNT = re.compile(rf"(?<![\d.,])(?P<number>{NUMBER})(?:为)?(?P<unit>万元|亿元|元|辆|万(?![\u4e00-\u9fff]))")
HEADING = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+[、.．]|\d+[.、．](?!\d)|"
                     r"第[一二三四五六七八九十]+部分)")
HEADING_LEVELS = ((r"^第[一二三四五六七八九十]+部分", 0), (r"^[一二三四五六七八九十]+[、.．]", 1),
                  (r"^[（(][一二三四五六七八九十]+[）)]", 2), (r"^\d+[.、．]", 3), (r"^[（(]\d+[）)]", 4))
ENUMERATION = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+[、.．]|\d+[.、．](?!\d))")
YEAR = re.compile(r"(?:\d{4}|[〇零一二三四五六七八九]{4})年(?:度)?")
HEADING_END = r"(?:说明|情况|概述|概况|依据|主体|方案|周期|安排|目标|（类）|\(类\))$"
# "省委办公厅 2017 年…": an organisation's name right before the year names no subject
ORGANISATION_BEFORE_YEAR = (r"^[\u4e00-\u9fff（）()]{2,30}?"
                            r"(?:办公厅|办公室|委员会|局|厅|院|中心|办事处|政府|部|委|办|所|馆|站)"
                            r"(?:[（(]本级[）)]|本级|机关)?(?=(?:\d{4}|[〇零一二三四五六七八九]{4})年|本年|本部门)")
PROJECT_TOTALS = {"item", "general_public_budget_expenditure_total", "general_public_budget_income",
                  "fiscal_appropriation_total"}
AS_OF_YEAR = re.compile(r"截[至止](\d{4})年")
SENTENCE_END = "。！？!?"
BOUNDARY = "，,；;：:。！？!?"
QUOTES = re.compile(r"[“”\"‘’'「」『』]")
DIRECTION = {"增加": "增加", "减少": "减少", "持平": "持平"}


@dataclass
class Change:
    amount: Decimal | None
    direction: str
    percent: float | None = None
    base: str = ""
    base_year: int | None = None
    qualifier: str = ""
    reason: str = ""
    stated_base: bool = False  # the prior figure is printed in the sentence (no derived row)


@dataclass
class Figure:
    subject: str
    label: str
    amount: Decimal | None
    unit: str
    year: int
    page: int | None
    sentence: str
    depth: int = 0
    scope: str = ""
    carry_over: str = ""
    code: str = ""
    item: str = ""
    share: float | None = None
    parent: Figure | None = None
    section: str = ""
    qualifier: str = ""
    basis: str = ""
    changes: list[Change] = field(default_factory=list)
    change_only: bool = False


@dataclass
class Paragraph:
    text: str
    pages: list[tuple[int, int | None]]  # (offset in text, page) where each source line starts
    heading: bool = False

    def page_at(self, offset: int) -> int | None:
        page = self.pages[0][1] if self.pages else None
        for start, number in self.pages:
            if start > offset:
                break
            page = number
        return page


@dataclass
class Classified:
    subject: str
    label: str
    scope: str = ""
    carry_over: str = ""
    code: str = ""
    item: str = ""
    qualifier: str = ""
    unit: str = "万元"


# Each rule's label compiled once: whole, after an organisation's name, after a modifier in 的.
RULE_PATTERNS: tuple[tuple[NarrativeRule, tuple[re.Pattern, re.Pattern, re.Pattern]], ...] = tuple(
    (rule, (re.compile(rf"(?:{rule.label}){rules.SUFFIX}"),
            re.compile(rf"^.{{2,20}}?{rules.ORGANISATION_END}(?:{rule.label}){rules.SUFFIX}$"),
            re.compile(rf"的(?:{rule.label}){rules.SUFFIX}$")))
    for rule in NARRATIVE_RULES)


class Reader:
    """One document's narrative, read sentence by sentence (state: headings, figures so far)."""

    def __init__(self, year: int, department: str = "", stage: str = "预算"):
        self.year = year
        self.stage = stage
        self.department = compact(department)
        self.headings: dict[int, str] = {}
        self.figures: list[Figure] = []
        self.previous_sentence: list[Figure] = []
        self.sentence = ""
        self.paragraph_figures: list[Figure] = []
        self.aliases: list[str] = []

    # --- sections ---------------------------------------------------------------------------
    def section(self) -> str:
        return " / ".join(self.headings[level] for level in sorted(self.headings))

    def topic(self) -> str:
        """The deepest heading: the subject of a figure printed without a label of its own."""
        return self.headings[max(self.headings)] if self.headings else ""

    def enter_heading(self, text: str) -> None:
        level = next((lvl for pattern, lvl in HEADING_LEVELS if re.match(pattern, text)), 5)
        self.headings = {k: v for k, v in self.headings.items() if k < level}
        self.headings[level] = text

    def section_scope(self) -> str:
        for level in sorted(self.headings, reverse=True):
            scope = scope_of(self.headings[level])
            if scope:
                return scope
        return ""

    # --- sentences --------------------------------------------------------------------------
    def read_paragraph(self, paragraph: Paragraph) -> None:
        text = paragraph.text
        for alias in re.findall(r"[（(]以下简称[“\"]?([^）)”\"]{2,12})[”\"]?[）)]", text):
            self.aliases.append(alias)  # "（以下简称市重大项目办）": the department's short name
        inline = re.match(r"^(?P<head>(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+[、.．]|"
                          r"\d+[.、．](?!\d))[^。：:，,；;\d]{1,60}?)[。：:]", text)
        if paragraph.heading and not AMOUNT.search(text):
            self.enter_heading(text.rstrip("：:。"))
            self.previous_sentence = []
            return
        self.paragraph_figures = []
        if inline and not AMOUNT.search(inline.group("head")):
            self.enter_heading(inline.group("head"))
            self.previous_sentence = []
        elif HEADING.match(text) and not AMOUNT.search(text[:8]):
            # "（1）一般公共服务支出（类）…": an enumerated item; its marker is its section level
            level = next((lvl for pattern, lvl in HEADING_LEVELS if re.match(pattern, text)), 5)
            self.headings = {k: v for k, v in self.headings.items() if k < level}
        for start, end in sentence_spans(text):
            sentence = text[start:end]
            if sentence.strip():
                self.read_sentence(sentence, paragraph, start)

    def read_sentence(self, sentence: str, paragraph: Paragraph, offset: int) -> None:
        self.sentence = sentence
        as_of = AS_OF_YEAR.search(sentence)
        year = int(as_of.group(1)) if as_of else self.year
        found: list[Figure] = []
        parent: Figure | None = None
        if re.match(r"^(?:其中|包括)", sentence) and self.previous_sentence:
            parent = self.previous_sentence[0]
        context: Figure | None = None
        pending_base = ""
        previous_end = 0
        in_reason = False
        amounts = [m for m in AMOUNT.finditer(sentence)]
        for index, match in enumerate(amounts):
            between = sentence[previous_end:match.start()]
            cut = max((between.rfind(ch) for ch in BOUNDARY), default=-1)
            opened = _unclosed_bracket(between)  # "…相比（2016年度…安排为 A 万元）": the aside's own label
            cut = max(cut, opened)
            gap, segment = between[:cut + 1], between[cut + 1:]
            segment = re.sub(r"^[（(](?=其中|含|包括)", "", segment)
            depth = bracket_depth(sentence, match.start())
            clause = re.split(r"[；;]", gap)
            if len(clause) > 1:
                in_reason, pending_base = False, ""
            if re.search(rules.REASON_START, clause[-1] + segment):
                in_reason = True
            if re.search(r"其中|包括|[（(]含|^[：:]", gap + segment[:3]) and (found or parent):
                parent = self._last_at_depth(found, depth) or parent
            base_only = re.search(r"(?:与|比|较)(?P<base>[^，,]*?)(?:相比|比较)[，,]?$", gap)
            if base_only:
                pending_base = base_only.group("base")
            self._flat_phrases(gap, found, depth)
            after = sentence[match.end():amounts[index + 1].start() if index + 1 < len(amounts) else len(sentence)]
            previous_end = match.end()
            if re.match(rules.THRESHOLD_AFTER, after):
                continue
            amount = Decimal(match.group("number").replace(",", ""))
            if not math.isfinite(float(amount)):
                continue  # hundreds of digits: no amount of money, and no float holds it (never stored as inf)
            unit = match.group("unit")
            page = paragraph.page_at(offset + match.start())
            change = re.match(rules.CHANGE_SEGMENT, segment) or re.match(rules.COMPARE_SEGMENT, segment)
            if change and unit != "辆":
                self._change(change, amount, unit, after, sentence[match.end():], found, sentence, page, year,
                             depth, in_reason, pending_base)
                pending_base = ""
                continue
            base = re.search(r"(?:比|较)(?P<base>[^，,]*?)$|(?P<done>完成(?:年初)?预算)$", segment)
            if base and found:
                self._stated_base(base, amount, unit, found, sentence, page, year, depth)
                continue
            final = found and found[-1].basis == "budget" and re.fullmatch(r"(?:支出)?决算(?:数)?(?:为|是)?",
                                                                            self.clean(segment))
            classified = self._reclassify(found[-1]) if final else \
                self.classify_with_fallback(segment, sentence[:match.start()], found, parent, unit)
            if classified is None:
                continue
            years = re.findall(r"(\d{4})年", segment)  # "2022年当年预算执行数为 A": a figure of 2022
            figure_year = int(years[-1]) if years and not as_of and abs(int(years[-1]) - self.year) <= 3 else year
            figure = self._figure(classified, amount, unit, figure_year, page, sentence, depth, parent, context)
            if self.stage == "决算" and re.search(r"年初预算|预算数|^预算", self.clean(segment)) and \
                    "决算" not in segment:  # "年初预算为 A，支出决算为 B": A is the year's budget
                figure.subject, figure.basis = f"{figure.subject}.budget", "budget"
            if figure.subject in rules.CONTEXT_SUBJECTS and figure.subject != "item" and context is None:
                context = figure
            figure.share = _share(after)
            stated_scope = re.match(r"^[，,]?(?:均为|全部为|全部是|均是|均属)(?P<words>[^，,。；;]+)", after)
            if stated_scope and scope_of(stated_scope.group("words")):  # "…A 万元，均为一般公共预算拨款"
                figure.scope = scope_of(stated_scope.group("words"))
            found.append(figure)
            self.figures.append(figure)
            self._flat_phrases(after, found, depth)
        self._project_count(sentence, found, paragraph.page_at(offset), year)
        if not amounts:
            self._flat_phrases(sentence, found, 0, labelled=True)
        self._nil(sentence, paragraph.page_at(offset), year)
        if found:
            self.previous_sentence = found
            self.paragraph_figures = found

    # --- figures ----------------------------------------------------------------------------
    def classify_with_fallback(self, segment: str, before: str, found: list[Figure], parent: Figure | None,
                               unit: str) -> Classified | None:
        """The figure's own label; if it names nothing (a bare "2026年预算数"), the nearest label-like
        piece earlier in the sentence, then the section heading."""
        side = side_of(parent) or self._side_from_topic()
        context = f"{self.sentence} {self.section()}"
        own = self.classify(segment, side, unit, context=context)
        if own is not None:
            return own
        if found:  # an unlabelled amount after other figures is no new figure ("…，共 A 万元")
            return None
        pieces = [p for p in re.split(r"[，,；;：:]", before) if p][:-1]
        for piece in reversed(pieces):
            fallback = self.classify(piece, side, unit, strict=True, context=context)
            if fallback is not None:
                return fallback
        if self.paragraph_figures:  # "…科目 A 万元。2022年当年预算执行数为 B 万元": the same item
            return self._reclassify(self.paragraph_figures[0])
        topic = re.sub(r"(?:情况)?(?:说明)?$", "", ENUMERATION.sub("", self.topic()))
        return self.classify(topic, side, unit, strict=True, context=context) if topic else None

    @staticmethod
    def _reclassify(figure: Figure) -> Classified:
        """The classification of a figure already read (a second figure of the same item)."""
        subject = figure.subject.split("/")[-1].removesuffix(".budget")
        return Classified(subject, figure.label, figure.scope, figure.carry_over, figure.code, figure.item)

    def _side_from_topic(self) -> str:
        topic = self.topic()
        if re.search(r"收入", topic) and not re.search(r"支出", topic):
            return "income"
        if re.search(r"支出", topic) and not re.search(r"收入", topic):
            return "expenditure"
        return ""

    def classify(self, label: str, side: str = "", unit: str = "万元", strict: bool = False,
                 context: str = "") -> Classified | None:
        """The subject a label names (see narrative_rules), or None when it names nothing."""
        raw = label
        text = self.clean(label)
        if not text or re.fullmatch(rules.EMPTY_LABEL, text):
            return None
        if re.search(r"涉及|纳入|绩效", text) and re.search(rules.PERFORMANCE_CONTEXT, f"{text}{context}"):
            return Classified("performance_target_funds", text, scope=scope_of(raw), carry_over=carry_over_of(raw))
        if unit == "辆":  # counts: the last words name what is counted ("…安排购置车辆 0 辆")
            for rule in NARRATIVE_RULES:
                if rule.unit == "辆" and re.search(rf"(?:{rule.label})$", text):
                    return Classified(rule.subject, text, unit="辆")
            return None
        found = self._match_rules(text, side)
        scope_text = raw
        if found is None:
            stripped = text
            for phrase in rules.SCOPE_PHRASES:
                stripped = re.sub(phrase, "", stripped)
            stripped = self.clean(stripped)
            if stripped and stripped != text:
                found = self._match_rules(stripped, side)
        if found is not None:
            rule, qualifier = found
            return Classified(rule.subject, text, scope=scope_of(scope_text), carry_over=carry_over_of(scope_text),
                              qualifier=qualifier)
        if re.search(rules.PERFORMANCE_CONTEXT, context) and re.search(r"资金|拨款|金额", text):
            return Classified("performance_target_funds", text, scope=scope_of(raw), carry_over=carry_over_of(raw))
        function = function_item(re.sub(r"(?:预算|决算|数|为|是|金额|总额|合计|安排)+$", "", text))
        if function is not None:
            code, names = function
            if code and code in text:  # "…支出科目为2014099其他信访事务支出": the item as printed
                text = text[text.index(code):]
            return Classified("economic_item" if code[:1] in "35" and len(code) in (3, 5) else "function_item",
                              text, scope=scope_of(scope_text), code=code, item="-".join(names))
        if strict or len(text) > 40 or not re.search(r"[\u4e00-\u9fff]{2}", text):
            return None
        return Classified("item", text, scope=scope_of(scope_text), item=text)

    def _match_rules(self, text: str, side: str) -> tuple[NarrativeRule, str] | None:
        """A rule matching the whole label (after optional trailing words), or one matching its end
        after the department's short name ("市重大项目办机关运行经费") or after a modifier that ends in
        的 ("…参公事业单位的机关运行经费")."""
        usable = [(rule, patterns) for rule, patterns in RULE_PATTERNS
                  if rule.unit != "辆" and (not rule.side or rule.side == side)]
        for rule, (whole, _, _) in usable:
            if whole.fullmatch(text):
                return rule, ""
        for rule, (_, after_owner, after_modifier) in usable:
            if after_owner.match(text):
                return rule, ""
            match = after_modifier.search(text)
            if match:
                modifier = text[:match.start()]
                for pattern, subject in rules.MODIFIER_SUBJECTS:  # "上年结转结余的一般公共预算收入"
                    if re.fullmatch(pattern, modifier):
                        return next(r for r in NARRATIVE_RULES if r.subject == subject), modifier
                return rule, modifier
        return None

    def clean(self, label: str) -> str:
        """Strip what names no subject: quotes, years, the department, enumeration, filler words."""
        text = re.sub(r"^[）)、，,；;：:\s]+", "", QUOTES.sub("", label))
        text = ENUMERATION.sub("", text)
        text = ENUMERATION.sub("", re.sub(r"^[（(]+", "", text))
        text = re.sub(ORGANISATION_BEFORE_YEAR, "", text)
        text = YEAR.sub("", text)
        text = re.sub(r"截[至止](?:\d+月)?(?:\d+日)?(?:底|末)?", "", text)
        text = re.sub(r"\d+月\d*日?(?:底|末)?", "", text)
        for alias in self.aliases:
            text = text.replace(alias, "")
        if self.department:
            text = text.replace(self.department, "")
            short = re.sub(r"^.{2,3}?(?=省|市|区|县)", "", self.department)  # XX省委办公厅 → 省委办公厅
            if len(short) >= 4:
                text = text.replace(short, "")
        previous = None
        while previous != text:
            previous = text
            text = re.sub(rules.PREFIX_NOISE, "", text)
            text = re.sub(r"^[）)、，,：:]+", "", text)
        text = re.sub(r"[（(](?:详见|以|不含|包括|其中)[^）)]*[）)]", "", text)
        return text.strip()

    def _figure(self, classified: Classified, amount: Decimal, unit: str, year: int, page: int | None,
                sentence: str, depth: int, parent: Figure | None, context: Figure | None) -> Figure:
        owner = parent if parent is not None else context
        if owner is None and classified.subject in ("function_item", "economic_item"):
            owner = self._section_total()  # "（二）项目支出：…其中：公共安全支出 A 万元": the project's
        subject = classified.subject
        if owner is not None and owner.subject in rules.CONTEXT_SUBJECTS and subject not in rules.CONTEXT_SUBJECTS:
            subject = f"{owner.subject}/{subject}"
        elif owner is not None and owner.subject in rules.CONTEXT_SUBJECTS and subject == "item":
            subject = f"{owner.subject}/item"
        scope = (rules.INTRINSIC_SCOPE.get(classified.subject) or classified.scope or
                 (owner.scope if owner is not None else "") or self.section_scope())
        carry = classified.carry_over or (owner.carry_over if owner is not None and owner.subject.endswith("item")
                                          else "")
        if classified.subject == "carry_over" and owner is not None and not owner.carry_over:
            owner.carry_over = "with"
        item = classified.item
        if classified.subject == "project" or (owner is not None and owner.subject == "project"):
            item = item or (owner.item if owner is not None else "")
        figure = Figure(subject, classified.label, amount, unit, year, page, sentence, depth, scope, carry,
                        classified.code, item, parent=owner, section=self.section(), qualifier=classified.qualifier)
        project = self._project_in_section()
        about_project = re.search(r"项目", classified.label) or re.search(r"预算安排", self.topic())
        if project and about_project and not subject.startswith("project") and subject != "three_public_total":
            whole = classified.subject in PROJECT_TOTALS  # "该项目一般公共预算 A 万元" is the project's
            figure.subject = "project" if whole else f"project/{classified.subject}"
            figure.item = project
        return figure

    def _section_total(self) -> Figure | None:
        """The 基本支出/项目支出 figure the current section is about, if its heading names one."""
        topic = self.clean(re.sub(r"(?:情况)?(?:说明)?$", "", self.topic()))
        if not re.fullmatch(r"(?:基本支出|项目支出)(?:预算|情况)?", topic):
            return None
        subject = "basic_expenditure_total" if topic.startswith("基本") else "project_expenditure_total"
        for figure in reversed(self.figures):
            if figure.subject == subject and figure.section == self.section():
                return figure
        return None

    def _project_in_section(self) -> str:
        for level in sorted(self.headings, reverse=True):
            heading = ENUMERATION.sub("", self.headings[level])
            match = re.search(r"(?:一级项目|项目)[—\-－:：]+(?P<name>.+?)(?:项目)?(?:情况|经费情况说明)?$", heading)
            if match:
                return match.group("name")
            match = re.match(r"^(?P<name>.+?项目)(?:经费)?情况说明$", heading)
            if match:
                return match.group("name")
        return ""

    @staticmethod
    def _last_at_depth(found: list[Figure], depth: int) -> Figure | None:
        same = [f for f in found if f.depth <= depth]
        return same[-1] if same else None

    # --- changes ----------------------------------------------------------------------------
    def _change(self, match: re.Match, amount: Decimal, unit: str, after: str, rest: str, found: list[Figure],
                sentence: str, page: int | None, year: int, depth: int, in_reason: bool, pending_base: str) -> None:
        head, base = match.group("head"), (match.group("base") or pending_base or "")
        label_after_base = ""
        split = re.search(r"(?:相比|比较)[，,]?", base)
        if split:
            base, label_after_base = base[:split.start()], base[split.end():]
        verb = match.group("verb")
        direction = "增加" if re.match(rules.INCREASE, verb) else "减少"
        if re.match(rules.LESS_THAN, verb):
            direction = "减少"
        if amount == 0 or verb in ("变化", "变动", "增减"):
            direction = "持平" if amount == 0 else direction
        percent = re.match(rules.PERCENT_AFTER, after)
        change = Change(amount * scale(unit), direction, float(percent.group("percent")) if percent else None,
                        base, self._base_year(base), reason=_reason(rest))
        label = label_after_base or head
        owner: Figure | None = None
        side = side_of(found[0]) if found else ""
        named = self.classify(label, side) if label.strip() else None
        cleaned_head = self.clean(label) if label.strip() else ""
        if named is not None and named.subject != "item":
            owner = self._latest(named, found)
            if not found and self.paragraph_figures:  # the sentence before, in the same paragraph
                previous = self.paragraph_figures[0]
                base = previous.subject.split("/")[-1]
                if base == named.subject or (base in rules.TOTAL_FAMILY and named.subject in rules.TOTAL_FAMILY):
                    owner = previous
            if owner is None or in_reason:
                self._change_only(named, change, sentence, page, year)
                return
        elif in_reason:
            if named is not None:
                self._change_only(named, change, sentence, page, year)
            return
        else:
            owner = self._last_at_depth_exact(found, depth)
            if owner is None and not found and self.previous_sentence and not cleaned_head:
                owner = self.previous_sentence[0]
            if cleaned_head and owner is not None and not re.fullmatch(rules.EMPTY_LABEL, cleaned_head):
                change.qualifier = cleaned_head
        if owner is None or any(c.amount == change.amount and c.base_year == change.base_year and
                                c.qualifier == change.qualifier for c in owner.changes):
            return
        stated = [c for c in owner.changes if not c.stated_base]
        if (change.qualifier and stated) or not stated:
            owner.changes.append(change)
        elif stated[0].amount is None or (stated[0].direction == "持平" and change.amount):
            owner.changes[owner.changes.index(stated[0])] = change  # a flat "无变化" said before the amount
        else:
            owner.changes.append(change)

    def _latest(self, named: Classified, found: list[Figure]) -> Figure | None:
        """The most recent figure of the subject a change names: in this sentence, else before."""
        def same(figure: Figure) -> bool:
            base = figure.subject.split("/")[-1]
            if named.subject in ("function_item", "economic_item"):
                return base == named.subject and (figure.code == named.code if named.code else
                                                  figure.item.endswith(named.item))
            return base == named.subject or (named.subject in ("income_total", "expenditure_total") and
                                             base == "income_expenditure_total")
        for figure in reversed(found):  # in its own sentence a shortened name is enough
            if same(figure) or (len(named.label) >= 4 and named.label in figure.label):
                return figure
        for figure in reversed(self.figures):
            if same(figure) and figure.year == self.year and not figure.basis:
                return figure
        return None

    def _last_at_depth_exact(self, found: list[Figure], depth: int) -> Figure | None:
        """The figure a bare change belongs to: the nearest one of the year at the same bracket depth."""
        current = [f for f in found if not f.basis and f.year == self.year]
        same = [f for f in current if f.depth == depth]
        return same[-1] if same else (current[-1] if current else None)

    def _change_only(self, named: Classified, change: Change, sentence: str, page: int | None, year: int) -> None:
        figure = Figure(f"{named.subject}.change", named.label, None, "万元", year, page, sentence, scope=named.scope,
                        code=named.code, item=named.item, section=self.section(), change_only=True)
        figure.changes.append(change)
        self.figures.append(figure)

    def _stated_base(self, base: re.Match, amount: Decimal, unit: str, found: list[Figure], sentence: str,
                     page: int | None, year: int, depth: int) -> None:
        """"比 2025 年年初预算数 A 万元增加 B": A is the prior figure, printed; "完成预算 A 万元的 C%": A is
        the year's budget in a 决算."""
        owner = self._last_at_depth_exact(found, depth)
        if owner is None:
            return
        text = base.group("base") or ""
        base_year = self._base_year(text) if not base.group("done") else year
        figure = Figure(owner.subject + (".budget" if base_year == year else ""), owner.label, amount, unit,
                        base_year or year - 1, page, sentence, depth, owner.scope, owner.carry_over, owner.code,
                        owner.item, section=self.section(), basis="budget" if base_year == year else "prior")
        self.figures.append(figure)
        owner.changes.append(Change(None, "", base=text, base_year=base_year, stated_base=True))

    def _base_year(self, base: str) -> int:
        year = re.search(r"(\d{4})", base)
        if year:
            return int(year.group(1))
        if re.search(r"上年|去年|上一年|上年度", base):
            return self.year - 1
        if re.search(rules.BUDGET_BASE, base):
            return self.year
        return self.year - 1

    def _flat_phrases(self, text: str, found: list[Figure], depth: int, labelled: bool = False) -> None:
        """"与上年持平/相同/无增减": a change of 0 for the figure before it (or the one it names)."""
        for match in re.finditer(rules.FLAT, text):
            base = match.group("base") or ""
            owner = None
            if labelled:
                head = text[:match.start()]
                head = re.split(r"[，,；;：:]", head)[-1] if head else ""
                named = self.classify(head) if head else None
                if named is not None:
                    owner = self._latest(named, found)
            if owner is None:
                owner = self._last_at_depth_exact(found, depth) if found else (
                    self.previous_sentence[0] if self.previous_sentence and not found else None)
            if owner is None or any(c.amount is not None or c.direction == "持平" for c in owner.changes):
                continue
            owner.changes.append(Change(Decimal(0), "持平", None, base, self._base_year(base)))

    def _project_count(self, sentence: str, found: list[Figure], page: int | None, year: int) -> None:
        """"编报绩效目标的项目 5 个，涉及项目预算资金 A 万元": how many projects the funds cover (the
        project_budgets check compares only a list of that many projects)."""
        funds = next((f for f in found if f.subject == "performance_target_funds"), None)
        count = re.search(r"(?:项目|一级项目)(?:支出)?(?:共|共计)?(\d+)个|(\d+)个(?:一级|二级)?项目", sentence)
        if funds is None or count is None:
            return
        figure = Figure("performance_target_projects", count.group(0), Decimal(count.group(1) or count.group(2)),
                        "个", year, page, sentence, scope=funds.scope, section=self.section())
        self.figures.append(figure)

    def _nil(self, sentence: str, page: int | None, year: int) -> None:
        topic = ENUMERATION.sub("", self.topic())
        for subject, pattern in NIL_STATEMENTS:
            nil = re.search(pattern, sentence) or re.search(pattern, topic + sentence)
            if nil and not AMOUNT.search(sentence):
                figure = Figure(subject, nil.group(0), Decimal(0), "万元", year, page, sentence,
                                scope=rules.INTRINSIC_SCOPE.get(subject, ""), section=self.section())
                if re.search(rules.FLAT, sentence):
                    figure.changes.append(Change(Decimal(0), "持平", None, "", self.year - 1))
                self.figures.append(figure)
                return

    # --- output -----------------------------------------------------------------------------
    def rows(self) -> list[dict]:
        rows: list[dict] = []
        for figure in self.figures:
            rows.extend(figure_rows(figure))
        return rows


def figure_rows(figure: Figure) -> list[dict]:
    """The figure's row(s) — one per stated change — and the prior-year rows the changes imply."""
    factor = scale(figure.unit)
    amount = figure.amount * factor if figure.amount is not None else None
    unit = figure.unit if figure.unit in ("辆", "个") else "万元"
    base = {
        "subject": figure.subject, "label": figure.label, "year": figure.year,
        "amount": float(amount) if amount is not None else None, "unit": unit, "change": None, "direction": "",
        "percent": None, "reason": "", "derived": False, "sentence": figure.sentence, "page": figure.page,
        "scope": figure.scope, "carry_over": figure.carry_over, "code": figure.code, "item": figure.item,
        "share": figure.share, "base": "", "parent": figure.parent.subject if figure.parent else "",
        "section": figure.section, "qualifier": figure.qualifier,
        "printed": _printed(figure.amount) if figure.amount is not None and figure.unit in ("万元", "万") else "",
    }
    changes = [c for c in figure.changes if not c.stated_base] or [None]
    stated_base = any(c.stated_base for c in figure.changes)
    rows = []
    for change in changes:
        row = dict(base)
        if change is not None:
            row.update(change=float(change.amount) if change.amount is not None else None,
                       direction=change.direction, percent=change.percent, base=change.base, reason=change.reason,
                       qualifier=change.qualifier or figure.qualifier)
            if change.qualifier:
                row["label"] = f"{figure.label}（{change.qualifier}）"
        rows.append(row)
        if change is None or amount is None or stated_base or change.amount is None:
            continue
        sign = -1 if change.direction == "增加" else 1
        prior = amount + sign * change.amount if change.direction != "持平" else amount
        derived = dict(row)
        derived.update(year=change.base_year or figure.year - 1, amount=float(prior), change=None, direction="",
                       percent=None, reason="", derived=True, share=None, printed="")
        if derived["year"] == figure.year:
            derived["subject"] = f"{figure.subject}.budget"
        rows.append(derived)
    return rows


def _printed(amount: Decimal) -> str:
    """The amount as printed (commas removed): its decimals are the narrative's precision."""
    return format(amount, "f")


def extract_facts(paragraphs: list[tuple[int | None, str]], year: int, department: str = "",
                  stage: str = "预算") -> pd.DataFrame:
    """Every stated figure (and derived prior-year figure) as rows of FACT_COLUMNS."""
    reader = Reader(year, department, stage)
    for paragraph in prepare(paragraphs):
        reader.read_paragraph(paragraph)
    return pd.DataFrame(reader.rows(), columns=FACT_COLUMNS)


# --- text preparation -----------------------------------------------------------------------
def prepare(lines: list[tuple[int | None, str]]) -> list[Paragraph]:
    """Lines → paragraphs: running headers dropped, wrapped lines rejoined, headings apart."""
    lines = [(page, compact(text)) for page, text in lines]
    lines = [(page, text) for page, text in drop_running_headers(lines) if text]
    widths: dict[int | None, int] = {}
    by_page: dict[int | None, list[int]] = {}
    for page, text in lines:
        by_page.setdefault(page, []).append(len(text))
    for page, lengths in by_page.items():
        ordered = sorted(lengths)
        widths[page] = ordered[int(len(ordered) * 0.8)] if len(ordered) >= 4 else 0
    paragraphs: list[Paragraph] = []
    open_paragraph = False
    for page, text in lines:
        short = widths.get(page, 0) >= 12 and len(text) < widths[page] * 0.75
        ends = bool(SENTENCE_CLOSED.search(text))
        if open_paragraph and paragraphs and not HEADING.match(text):
            last = paragraphs[-1]
            last.pages.append((len(last.text), page))
            last.text += text
        else:
            paragraphs.append(Paragraph(text, [(0, page)]))
        current = paragraphs[-1].text
        headingish = False
        if not ends and HEADING.match(current):  # the rest only for what opens like a heading
            core = SEE_TABLE.sub("", current)  # "…总体说明（详见表4）"
            headingish = (not AMOUNT.search(core) and not CLAUSE_MARK.search(core)
                          and (short or HEADING_CLOSED.search(core)) and not LEAD_IN.search(current))
        if headingish:
            paragraphs[-1].heading = True
        open_paragraph = not ends and not headingish
    return paragraphs


def drop_running_headers(lines: list[tuple[int | None, str]]) -> list[tuple[int | None, str]]:
    """A line printed the same on three or more pages, with no sentence punctuation, is a running
    header or footer ("XX市审计局2026年度部门预算公开"), not prose."""
    pages_of: dict[str, set] = {}
    for page, text in lines:
        pages_of.setdefault(text, set()).add(page)
    repeated = {text for text, pages in pages_of.items()
                if len(pages) >= 3 and len(text) >= 6 and not re.search(r"[。，,；;：:]", text)}
    return [(page, text) for page, text in lines if text not in repeated]


def join_wrapped_lines(paragraphs: list[tuple[int | None, str]]) -> list[tuple[int | None, str]]:
    """Rejoin a sentence that the layout broke over lines (or pages); kept for callers of the
    earlier API. The audit's rules each ask for the same document's paragraphs: the last few
    answers are kept (by the lines' content), and each caller gets its own list."""
    return list(_joined(tuple((page, text) for page, text in paragraphs)))


@functools.lru_cache(maxsize=4)
def _joined(lines: tuple[tuple[int | None, str], ...]) -> tuple[tuple[int | None, str], ...]:
    return tuple((p.pages[0][1] if p.pages else None, p.text) for p in prepare(list(lines)))


WHITE_SPACE = re.compile(r"[\s\u3000]+")
SENTENCE_CLOSED = re.compile(r"[。；;！？!?]$")
SEE_TABLE = re.compile(r"[（(](?:详见|见)[^）)]*[）)]$")
CLAUSE_MARK = re.compile(r"[，,；;。]")
HEADING_CLOSED = re.compile(HEADING_END)
LEAD_IN = re.compile(r"[：:]$")


def compact(text: str) -> str:
    """Remove all white space: justified PDF text spreads characters and numbers apart."""
    return WHITE_SPACE.sub("", text or "")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: up to and including a 。 outside brackets."""
    spans, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char in "（(":
            depth += 1
        elif char in "）)":
            depth = max(0, depth - 1)
        elif char in SENTENCE_END and depth == 0:
            spans.append((start, index + 1))
            start = index + 1
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _unclosed_bracket(text: str) -> int:
    """Position of the last opening bracket in text that is not closed in it, or -1."""
    stack = []
    for index, char in enumerate(text):
        if char in "（(":
            stack.append(index)
        elif char in "）)" and stack:
            stack.pop()
    return stack[-1] if stack else -1


def bracket_depth(text: str, position: int) -> int:
    depth = 0
    for char in text[:position]:
        if char in "（(":
            depth += 1
        elif char in "）)":
            depth = max(0, depth - 1)
    return depth


def scale(unit: str) -> Decimal:
    return Decimal("10000") if unit == "亿元" else Decimal("0.0001") if unit == "元" else Decimal(1)


def scope_of(text: str) -> str:
    for pattern, scope in rules.SCOPE_WORDS:
        if re.search(pattern, text or ""):
            return scope
    return ""


def carry_over_of(text: str) -> str:
    if re.search(rules.WITH_CARRY_OVER, text or ""):
        return "with"
    if re.search(rules.WITHOUT_CARRY_OVER, text or ""):
        return "without"
    return ""


def side_of(figure: Figure | None) -> str:
    if figure is None:
        return ""
    subject = figure.subject.split("/")[-1]
    if subject in rules.INCOME_SUBJECTS or subject.endswith("_income"):
        return "income"
    if subject in rules.EXPENDITURE_SUBJECTS:
        return "expenditure"
    return ""


def _share(after: str) -> float | None:
    match = re.match(rules.SHARE_AFTER, after)
    return float(match.group("share").replace(",", "")) if match else None


def _reason(after: str) -> str:
    match = re.search(rf"(?:{rules.REASON_START})(?P<reason>[^。；;]+)", after)
    return match.group("reason").strip("，, ") if match else ""


CLASS_NAMES = "|".join(sorted(rules.FUNCTION_CLASSES, key=len, reverse=True))
MARKED = re.compile(r"[（(](?P<code>\d{0,3})(?P<level>类|款|项)[）)]")


def function_item(label: str) -> tuple[str, list[str]] | None:
    """(code as printed or "", name path) when the label names a function (or economic) item:
    "2010301-行政运行", "行政运行（2010301）", "一般公共服务支出（类）信访事务（款）行政运行（项）",
    "公共安全支出（204类）司法（06款）…（99项）", "“一般公共服务支出-…-行政运行”科目", "教育（类）支出"."""
    text = re.sub(r"科目$", "", label)
    text = re.sub(r"^(?:功能科目|支出科目)?(?:为)?", "", text)
    printed = re.search(r"(?:^|(?<=[^\d.,]))(?P<code>[2-5]\d{2}(?:\d{2}){0,2})[-－—]?"
                        r"(?P<name>[\u4e00-\u9fff][\u4e00-\u9fff（）()]*)$", text)
    if printed:
        return printed.group("code"), [strip_markers(printed.group("name"))]
    trailing = re.match(r"^(?P<name>.+?)[（(](?P<code>[2-5]\d{2}(?:\d{2}){0,2})[）)]$", text)
    if trailing:
        return trailing.group("code"), [strip_markers(trailing.group("name"))]
    marked = list(MARKED.finditer(text))
    if marked:
        names, codes, start = [], [], 0
        for mark in marked:
            name = text[start:mark.start()]
            if name:
                names.append(name)
            codes.append(mark.group("code"))
            start = mark.end()
        rest = text[start:]
        if rest and rest != "支出" and names:
            names.append(rest)
        elif rest == "支出" and names and marked[-1].group("level") == "类":
            names[-1] += "支出"  # "教育（类）支出" names the class 教育支出; "…（项）支出 A" is its spending
        code = "".join(codes) if all(codes) and len(codes) == len(marked) else ""
        return code, [strip_markers(n) for n in names if n]
    if re.search(r"[-－—]", text) and re.search(r"支出", text):
        return "", [strip_markers(n) for n in re.split(r"[-－—]", text) if n]
    if re.fullmatch(rf"(?:{CLASS_NAMES})(?:支出)?(?:[（(]类[）)])?(?:支出)?", text):
        name = re.sub(r"[（(]类[）)]", "", text)
        return "", [name if name.endswith("支出") else name + "支出"]
    return None


def strip_markers(name: str) -> str:
    return re.sub(r"[（(]\d*(?:类|款|项)[）)]|[“”\"]", "", name).strip("-－— ")


def resolve_codes(facts: pd.DataFrame, lines: pd.DataFrame) -> pd.DataFrame:
    """Give each function item the code the document's own tables print for its name path.

    A printed code is kept. Otherwise the last name of the path must name exactly one code among
    the document's function lines (after the earlier names narrow the candidates by ancestry).
    An item whose label is exactly a function line's name becomes a function item.
    """
    if facts.empty or lines.empty:
        return facts
    function = lines[(lines["classification"] == "function") & (lines["code"].astype(str) != "")]
    names: dict[str, set[str]] = {}
    parents: dict[str, str] = {}
    for code, name, parent in zip(function["code"], function["name"], function["parent_code"], strict=True):
        key = normalise_name(name)
        names.setdefault(key, set()).add(str(code))
        parents[str(code)] = str(parent or "")
    code_names: dict[str, str] = {}
    for key, codes in names.items():
        for code in codes:
            code_names.setdefault(code, key)
    facts = facts.copy()
    for index, row in facts.iterrows():
        subject = str(row["subject"]).split("/")[-1]
        if subject == "item" and normalise_name(row["item"]) in names:
            facts.at[index, "subject"] = str(row["subject"])[:-len("item")] + "function_item"
            subject = "function_item"
        if subject != "function_item" or row["code"]:
            continue
        path = [normalise_name(n) for n in str(row["item"]).split("-") if n]
        if not path:
            continue
        candidates = set(names.get(path[-1], set()))
        if not candidates and not path[-1].endswith("支出"):
            candidates = set(names.get(path[-1] + "支出", set()))
        for ancestor in reversed(path[:-1]):
            narrowed = {c for c in candidates if any(code_names.get(a) in (ancestor, ancestor + "支出") or
                                                     code_names.get(a, "").replace("支出", "") == ancestor
                                                     for a in _ancestors(c, parents))}
            candidates = narrowed or candidates
        if len(candidates) == 1:
            facts.at[index, "code"] = candidates.pop()
    return facts


def _ancestors(code: str, parents: dict[str, str]) -> list[str]:
    found = []
    while parents.get(code):
        code = parents[code]
        found.append(code)
    return found


def normalise_name(name: str) -> str:
    return re.sub(r"[\s“”\"]|[（(](?:类|款|项)[）)]", "", str(name or ""))
