"""Facts stated in the narrative: a figure for the budget year and, from "比 2024 年增加 X",
the prior year's figure too.

The prose is split into clauses (at 。 and ；). In a clause, each figure is a *mention*: a label
from the declared rules followed by an amount. A change phrase (比/与 … 增加/减少/持平) belongs
to the nearest mention before it; a clause with only a change ("收入比 2024 年增加…") belongs to
the last figure of that subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from budgetlib.extract.narrative_rules import NARRATIVE_RULES, NIL_STATEMENTS, NarrativeRule

FACT_COLUMNS = ["subject", "label", "year", "amount", "unit", "change", "direction", "percent", "reason",
                "derived", "sentence", "page"]
NUMBER = r"\d[\d,]*(?:\.\d+)?"
NOT_AFTER = r"(?<!增加)(?<!减少)(?<!增长)(?<!下降)(?<!调增)(?<!调减)(?<!预留)"
FILLER = r"(?:\d{4}年)?(?:(?!比|较|与|增|减|其中)[^，。；,;\d]){0,12}?"
CHANGE = re.compile(
    r"(?:比|较|与)(?P<base>\d{4}年(?:度)?|上年(?:度)?|去年)(?:相比|比较)?(?:预算(?:数)?)?，?"
    r"(?P<direction>增加|减少|增长|下降|持平|保持一致|一致|相同)"
    rf"(?P<amount>{NUMBER})?(?:万元|元|辆)?(?:，?(?:增长|下降|减少|增加)(?P<percent>{NUMBER})%)?"
)
REASON = re.compile(r"^[，,]?(?:主要(?:原因)?(?:是|为|：|:)|原因(?:是|为|：|:))(?P<reason>.+)$")
HEADING = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[.、．](?!\d))")
AS_OF_YEAR = re.compile(r"截[至止](\d{4})年")
DIRECTION = {"增加": "增加", "增长": "增加", "减少": "减少", "下降": "减少"}


@dataclass
class Mention:
    subject: str
    label: str
    amount: str
    unit: str
    start: int
    end: int
    change: dict = field(default_factory=dict)


def extract_facts(paragraphs: list[tuple[int | None, str]], year: int) -> pd.DataFrame:
    """Every stated figure (and derived prior-year figure) as rows of FACT_COLUMNS."""
    rows: list[dict] = []
    latest: dict[str, dict] = {}
    for page, text in join_wrapped_lines(paragraphs):
        for sentence in re.findall(r"[^。]+。?", text):
            for clause in re.findall(r"[^；;]+[；;]?", sentence):
                rows.extend(_clause_facts(clause, sentence, page, year, latest))
    frame = pd.DataFrame(rows, columns=FACT_COLUMNS)
    return frame.drop_duplicates(["subject", "year", "amount"], keep="first").reset_index(drop=True)


def join_wrapped_lines(paragraphs: list[tuple[int | None, str]]) -> list[tuple[int | None, str]]:
    """Rejoin a sentence that the layout broke over lines (or pages): a line that does not end a
    sentence continues on the next one, unless the next one opens a heading."""
    joined: list[tuple[int | None, str]] = []
    for page, paragraph in paragraphs:
        text = compact(paragraph)
        if joined and not re.search(r"[。；;！？!?：:]$", joined[-1][1]) and not HEADING.match(text):
            joined[-1] = (joined[-1][0], joined[-1][1] + text)
        else:
            joined.append((page, text))
    return joined


def compact(text: str) -> str:
    """Remove all white space: justified PDF text spreads characters and numbers apart."""
    return re.sub(r"[\s\u3000]+", "", text)


def _clause_facts(clause: str, sentence: str, page: int | None, year: int, latest: dict[str, dict]) -> list[dict]:
    as_of = AS_OF_YEAR.search(clause)
    current_year = int(as_of.group(1)) if as_of else year
    mentions = find_mentions(clause)
    rows = []
    for change in CHANGE.finditer(clause):
        owner = _owner(mentions, change.start()) or _alias_owner(clause, change.start())
        if owner is None:
            continue
        details = _change_details(change, clause, year)
        if isinstance(owner, Mention):
            owner.change = details
        elif owner in latest:  # a change stated in its own clause, for a figure stated earlier
            rows.extend(_prior_rows(latest[owner], details, sentence, page))
    for mention in mentions:
        fact = _fact(mention, current_year, sentence, page)
        latest[mention.subject] = fact
        rows.append(fact)
        if mention.change:
            rows.extend(_prior_rows(fact, mention.change, sentence, page))
    for subject, pattern in NIL_STATEMENTS:
        nil = re.search(pattern, clause)
        if nil:
            fact = {**_empty(subject, nil.group(0), current_year, sentence, page), "amount": 0.0}
            change = CHANGE.search(clause)
            rows.append(fact)
            if change:
                rows.extend(_prior_rows(fact, _change_details(change, clause, year), sentence, page))
    return rows


def find_mentions(clause: str) -> list[Mention]:
    """Label + amount pairs, each stretch of text claimed by the first (narrowest) rule."""
    claimed: list[tuple[int, int]] = []
    mentions: list[Mention] = []
    for rule in NARRATIVE_RULES:
        # "增加基本支出 844.15 万元" states a change, not the figure: a label after a change verb is skipped
        # (and "预留政府采购项目预算" is a reservation within the figure, not the figure)
        pattern = (rf"{NOT_AFTER}(?P<label>{rule.label})[：:]?{FILLER}[：:]?"
                   rf"(?P<amount>{NUMBER})(?P<unit>万元|亿元|元|辆)")
        for match in re.finditer(pattern, clause):
            span = match.span("label")
            if any(span[0] < end and start < span[1] for start, end in claimed):
                continue
            if (match.group("unit") == "辆") != (rule.unit == "辆"):  # counts of vehicles are not money
                continue
            claimed.append(match.span())
            mentions.append(_mention(rule, match))
    return sorted(mentions, key=lambda m: m.start)


FINAL_AFTER_BUDGET = re.compile(rf"^[，,]?(?:支出)?决算(?:数)?为(?P<amount>{NUMBER})(?P<unit>万元|元)")


def _mention(rule: NarrativeRule, match: re.Match) -> Mention:
    """A label and its amount; "年初预算为 A，支出决算为 B" states the final accounts figure B."""
    amount, unit, end = match.group("amount"), match.group("unit"), match.end()
    final = FINAL_AFTER_BUDGET.match(match.string[end:])
    if final and "预算" in match.group(0)[len(match.group("label")):]:
        amount, unit, end = final.group("amount"), final.group("unit"), end + final.end()
    return Mention(rule.subject, match.group("label"), amount.replace(",", ""), unit, match.start(), end)


def _owner(mentions: list[Mention], position: int) -> Mention | None:
    before = [m for m in mentions if m.end <= position]
    return before[-1] if before else None


def _alias_owner(clause: str, position: int) -> str | None:
    head = clause[:position]
    for rule in NARRATIVE_RULES:
        if rule.alias and re.search(rf"(?:^|[，,：:])(?:[^，,]*?)?{rule.alias}$", head):
            return rule.subject
    return None


def _change_details(change: re.Match, clause: str, year: int) -> dict:
    base = change.group("base")
    base_year = int(base[:4]) if base[:4].isdigit() else year - 1
    word = change.group("direction")
    reason = REASON.match(clause[change.end():].rstrip("；;。"))
    return {
        "base_year": base_year,
        "direction": DIRECTION.get(word, "持平"),
        "change": change.group("amount").replace(",", "") if change.group("amount") else None,
        "percent": float(change.group("percent")) if change.group("percent") else None,
        "reason": reason.group("reason") if reason else "",
    }


def _empty(subject: str, label: str, year: int, sentence: str, page: int | None) -> dict:
    return {"subject": subject, "label": label, "year": year, "amount": None, "unit": "万元", "change": None,
            "direction": "", "percent": None, "reason": "", "derived": False, "sentence": sentence, "page": page}


def _fact(mention: Mention, year: int, sentence: str, page: int | None) -> dict:
    scale = Decimal("10000") if mention.unit == "亿元" else Decimal("0.0001") if mention.unit == "元" else Decimal(1)
    fact = _empty(mention.subject, mention.label, year, sentence, page)
    fact.update(amount=float(Decimal(mention.amount) * scale), unit="辆" if mention.unit == "辆" else "万元")
    if mention.change:
        change = mention.change
        fact.update(direction=change["direction"], percent=change["percent"], reason=change["reason"],
                    change=float(Decimal(change["change"]) * scale) if change["change"] else
                    (0.0 if change["direction"] == "持平" else None))
    return fact


def _prior_rows(fact: dict, change: dict, sentence: str, page: int | None) -> list[dict]:
    """The prior year's figure: the current one less the increase (plus the decrease)."""
    if fact["amount"] is None:
        return []
    if change["direction"] == "持平":
        prior = Decimal(str(fact["amount"]))
    elif change["change"] is None:
        return []
    else:
        sign = -1 if change["direction"] == "增加" else 1
        prior = Decimal(str(fact["amount"])) + sign * Decimal(change["change"])
    if fact["change"] is None or fact["direction"] == "":
        fact.update(direction=change["direction"], percent=change["percent"], reason=change["reason"],
                    change=float(Decimal(change["change"])) if change["change"] else 0.0)
    row = _empty(fact["subject"], fact["label"], change["base_year"], sentence, page)
    row.update(amount=float(prior), unit=fact["unit"], derived=True)
    return [row]
