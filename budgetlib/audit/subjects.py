"""Which budget subject a finding is about, as its classification code (issue 12: a finding joins `lines` by code).

A finding about one subject carries, in the checks frame's `code` column, the finest classification code it
is about, found in this order (the same for every rule and every template):

1. the code printed where the finding is: in the sentence ("2014099其他信访事务支出，…") or in the row;
2. the code the document's own tables give that name: a name the tables give to exactly one code
   ("其他信访事务支出" → 2014099), or a 类/款/项 chain resolved down the tables' hierarchy;
3. the declared standard items (`data/standard_subjects.csv`): the narrative's subjects that are one item of
   the national 支出经济分类 (委托业务费 → 30227, 公务接待费 → 30217 …). An entry without a code (三公经费,
   公务用车购置及运行费) says that the words name no single subject, so a part's code is never taken for them.

A finding that concerns no single subject (a total, a section, a page) keeps what it had. A key figure or
measure name that used to stand in `code` moves to `measure` (`keyed_codes`), so that scripts reading the
key still find it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from budgetlib.tidy.codes import code_level

STANDARD = Path(__file__).with_name("data") / "standard_subjects.csv"
# a classification code as printed in prose: 类 3, 款 5, 项 7 digits, followed by the subject's name (never by a
# unit or a count: "201人", "2026年" are no codes)
PRINTED_CODE = re.compile(r"(?<![\d.,，])(?P<code>\d{7}|\d{5}|\d{3})(?![\d.,])(?=[\u4e00-\u9fff（(“])"
                          r"(?!万|元|年|个|人|台|辆|项|家|户|名|件|次|天|月|日|倍|分|位|批|套|所|间|亩|号|条|余|多|平方|公里|小时)")
SENTENCE_END = re.compile(r"[。；;！？!?]")
CLAUSE_MARK = re.compile(r"[，,：:、]")
# a clause that only continues the previous one's statement: a change, a share, a purpose ("比上年增加…", "占…%")
CONTINUATION = re.compile(r"^[“”\"]*(?:比|较|与|同比|同|增长|下降|增加|减少|上升|降低|增幅|降幅|减幅|增减|占|"
                          r"主要|均为|全部|完成)")
# the words of a label that names nothing ("2026年预算数为"): the subject is in an earlier clause
NOISE = re.compile(r"20\d\d年(?:度)?|\d[\d,]*(?:\.\d+)?(?:万元|元|%)?|[（(][一二三四五六七八九十\d]+[)）]|"
                   r"^[一二三四五六七八九十]+[、.．]|[“”\"‘’「」]|[.．、]")
EMPTY_WORDS = re.compile(r"(?:本年|今年|当年|全年|年初|预算|决算|执行|数|为|是|达|约|共|计|合计|总额|金额|安排|的|"
                         r"其中|科目|支出|万元|元)*")
FUNCTION_OR_ECONOMIC = ("2", "3", "5")  # 支出功能分类 2xx, 部门/政府预算支出经济分类 3xx/5xx


def _plain(name: str) -> str:
    """A name as compared: no white space, full-width brackets, no quotes, no level suffix or code prefix."""
    name = re.sub(r"\s|[“”\"]|^\[\d+\]|^\d{3,7}", "", str(name)).replace("(", "（").replace(")", "）")
    return re.sub(r"（(?:类|款|项)）$", "", name)


def is_subject_code(code: str) -> bool:
    """A 类/款/项 code of the function or economic classification (not "7 11 02" read as 71102)."""
    code = str(code or "")
    return code.isdigit() and code_level(code) is not None and code[0] in FUNCTION_OR_ECONOMIC


def ancestor(codes) -> str:
    """The finest code above every one of `codes` (行政运行 under 20101 and 20103 → 201); '' when none."""
    codes = sorted({c for c in codes if is_subject_code(c)})
    if not codes:
        return ""
    prefix = codes[0]
    for code in codes[1:]:
        while not code.startswith(prefix):
            prefix = prefix[:-1]
    for length in (7, 5, 3):
        if len(prefix) >= length:
            return prefix[:length]
    return ""


@lru_cache(maxsize=4)
def standard_subjects(path: str = str(STANDARD)) -> pd.DataFrame:
    """subject, code, names (';'-joined), basis: the declared standard items (see the module's docstring)."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def standard_code(subject: str) -> str | None:
    """The code of a narrative subject key (entrusted_services → 30227); '' for a declared subject with no
    single code (three_public_total), None for a subject not declared."""
    table = standard_subjects()
    found = table.loc[table["subject"] == subject, "code"]
    return None if found.empty else str(found.iloc[0])


def standard_names() -> dict[str, str]:
    """Each declared name → its code ('' where the words name no single subject)."""
    names = {}
    for code, listed in zip(standard_subjects()["code"], standard_subjects()["names"], strict=True):
        for name in str(listed).split(";"):
            if name.strip():
                names[_plain(name)] = code
    return names


def fact_subject_code(subject: str, code) -> tuple[str, str]:
    """(code, measure) of a finding on a narrative figure: the item's code where the narrative reader resolved one
    (a function item), else the declared standard item's code (委托业务费 → 30227); the subject key then stands in
    `measure`. A subject of no single code keeps its key in `code`, as before."""
    code = "" if code is None or (not isinstance(code, str) and pd.isna(code)) else str(code)
    if is_subject_code(code):
        return code, str(subject)
    standard = standard_code(str(subject))
    return (standard, str(subject)) if standard else (str(subject), "")


@dataclass
class SubjectIndex:
    """The document's subjects by name (from its own tables) and the codes it prints, built once per document."""

    names: dict[str, set[str]]  # a name → the codes the document's tables give it ('' = declared, no single code)
    known: set[str]  # every subject code the document (or, without tables, the reference) prints
    chain_names: dict = field(default_factory=dict)  # narrative_items' name → Items, for 类/款/项 chains
    _pattern: re.Pattern | None = None

    @classmethod
    def of(cls, context) -> SubjectIndex:
        from budgetlib.audit.narrative_items import table_items

        by_code, by_name = table_items(context)
        names: dict[str, set[str]] = defaultdict(set)
        known = {code for code in by_code if is_subject_code(code)}
        for name, items in by_name.items():
            for item in items:
                if is_subject_code(item.code) and len(name) >= 3:
                    names[_plain(name)].add(item.code)
        lines = context.lines
        if lines is not None and not lines.empty:
            coded = lines[lines["classification"].isin(["function", "economic", "government_economic"])]
            for code, name in zip(coded["code"], coded["name"], strict=True):
                if is_subject_code(code):
                    known.add(code)
                    if len(_plain(name)) >= 3:
                        names[_plain(name)].add(code)
        for name, code in standard_names().items():
            if name not in names:  # the document's own tables come first
                names[name] = {code}
        return cls(dict(names), known, by_name)

    @classmethod
    def from_lines(cls, lines: pd.DataFrame, year: int | None = None) -> SubjectIndex:
        """The index of a document's `lines` alone (for a script or notebook that joins findings to lines by name)."""
        from budgetlib.audit.frame import Context

        return cls.of(Context({"year": year}, [], lines=lines))

    @property
    def pattern(self) -> re.Pattern | None:
        if self._pattern is None and self.names:
            self._pattern = re.compile("|".join(re.escape(n) for n in sorted(self.names, key=len, reverse=True)))
        return self._pattern

    def code_of_name(self, name: str, *, common: bool = False) -> str:
        """The code the document's tables (else the declared items) give a name; with `common`, a name given to
        several codes resolves to their common parent."""
        codes = self.names.get(_plain(name), set())
        if len(codes) == 1:
            return next(iter(codes))
        return ancestor(codes) if common else ""

    def code_of_path(self, path: str) -> str:
        """The code of an item named by its path ("党委办公厅（室）及相关机构事务-行政运行", as the narrative
        reader keeps a 类/款/项 chain): each name among the codes under the previous one; the finest code the path
        settles."""
        settled, possible = "", set()
        for part in [p for p in str(path or "").split("-") if p]:
            codes = {c for c in self.names.get(_plain(part), set()) if c}
            if possible:
                codes = {c for c in codes if any(c.startswith(p) and c != p for p in possible)}
            if not codes:
                break
            possible = codes
            settled = next(iter(codes)) if len(codes) == 1 else ancestor(codes) or settled
        return settled

    def code_in(self, text: str, position: int) -> str:
        """The subject the words at `position` are about: the clause before it, or (when that clause names nothing
        or only continues a statement: "2026年预算数为…", "比上年增加…") the clauses before, within its sentence."""
        ends = [m.end() for m in SENTENCE_END.finditer(text, 0, position)]
        start = ends[-1] if ends else 0
        clauses = CLAUSE_MARK.split(text[start:position])
        for clause in reversed(clauses):
            code, named = self.clause_subject(clause)
            if named:
                return code
            if not (_empty(clause) or CONTINUATION.match(clause)):
                return ""  # the clause names something that is no classification subject
        return ""

    def clause_subject(self, clause: str) -> tuple[str, bool]:
        """(code, named): a printed code, else a resolved 类/款/项 chain, else the last name the index knows."""
        printed = [m.group("code") for m in PRINTED_CODE.finditer(clause) if m.group("code") in self.known]
        if printed:
            return printed[-1], True
        code = self._chain(clause)
        if code:
            return code, True
        if self.pattern is None:
            return "", False
        found = sorted(((m.end(), len(m.group(0)), m.group(0)) for m in self.pattern.finditer(_plain_text(clause))),
                       reverse=True)
        for _, _, name in found:
            codes = self.names[name]
            if len(codes) == 1:
                return next(iter(codes)), True
        return "", False

    def _chain(self, clause: str) -> str:
        from budgetlib.audit.narrative_items import CHAIN, SEGMENT, _resolve

        matches = list(CHAIN.finditer(clause))
        if not matches or not self.chain_names:
            return ""
        resolved = _resolve(SEGMENT.findall(matches[-1].group(1)), self.chain_names)
        items = [item for *_, item, problem in resolved if item is not None and not problem]
        if items and resolved[-1][2] is not None and is_subject_code(resolved[-1][2].code):
            return resolved[-1][2].code
        return ""


def _plain_text(text: str) -> str:
    return re.sub(r"\s|[“”\"]", "", text).replace("(", "（").replace(")", "）")


def _empty(clause: str) -> bool:
    return not EMPTY_WORDS.sub("", NOISE.sub("", _plain_text(clause)))


def item_codes(checks: pd.DataFrame, context) -> pd.DataFrame:
    """A check on a narrative item the reader named but could not give a code (code 'function_item'): the code of
    the item's name path among the document's subjects, where that settles one; the key stays in `measure`."""
    generic = checks["code"] == "function_item"
    facts = context.facts
    if not generic.any() or facts is None or facts.empty:
        return checks
    paths = {str(s)[:80]: str(i) for s, i, subject in zip(facts["sentence"], facts["item"], facts["subject"],
                                                           strict=True) if subject == "function_item" and i}
    checks = checks.copy()
    for index in checks.index[generic]:
        code = context.subjects.code_of_path(paths.get(str(checks.at[index, "note"]), ""))
        if is_subject_code(code):
            checks.at[index, "code"], checks.at[index, "measure"] = code, "function_item"
    return checks


def keyed_codes(checks: pd.DataFrame) -> pd.DataFrame:
    """A row whose `code` holds a declared standard subject's key (three_public_reception, entrusted_services)
    carries that subject's code; the key moves to `measure` (empty for those rows), where scripts still find it."""
    table = standard_subjects()
    codes = {subject: code for subject, code in zip(table["subject"], table["code"], strict=True) if code}
    if checks.empty:
        return checks
    keyed = checks["code"].isin(codes) & (checks["measure"].fillna("") == "")
    if keyed.any():
        checks = checks.copy()
        checks.loc[keyed, "measure"] = checks.loc[keyed, "code"]
        checks.loc[keyed, "code"] = checks.loc[keyed, "code"].map(codes)
    return checks
