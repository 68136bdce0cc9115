"""The declared checks frame: the columns scripts already read, plus rule, family, severity, page, message, quote.

Old rule functions return rows of CHECK_COLUMNS; `declare` adds the new columns from the rule table.
New rule functions build their rows with `finding`, which fills both sets of columns at once.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd

from budgetlib.audit.rules import CHECK_RULES, SEVERITY_ORDER, rule
from budgetlib.schema import value_label

LEGACY_COLUMNS = ["check", "table", "code", "measure", "expected", "actual", "difference", "status", "note"]
NEW_COLUMNS = ["rule", "family", "severity", "page", "message", "quote"]
COLUMNS = LEGACY_COLUMNS + NEW_COLUMNS
# status per severity for the new rules: 'fail' keeps its old meaning (an error in the document)
STATUS_OF = {"error": "fail", "warning": "warning", "note": "note", "info": "info"}


@dataclass
class Context:
    """Everything a rule may look at, built once per document by the pipeline."""

    meta: dict
    paragraphs: list[tuple[int | None, str]]
    tables: list = field(default_factory=list)  # RawTable, in document order
    kinds: list[str] = field(default_factory=list)  # the catalogue kind of each table ('' when unknown)
    lines: pd.DataFrame = field(default_factory=pd.DataFrame)
    facts: pd.DataFrame = field(default_factory=pd.DataFrame)
    figures: dict = field(default_factory=dict)
    indicators: pd.DataFrame = field(default_factory=pd.DataFrame)
    projects: pd.DataFrame = field(default_factory=pd.DataFrame)
    title_lines: list[str] = field(default_factory=list)

    @property
    def year(self) -> int | None:
        return self.meta.get("year")

    @property
    def stage(self) -> str:
        return self.meta.get("stage", "预算")

    @cached_property
    def subjects(self):
        """The document's subjects by name and printed code (audit.subjects): which code a finding is about."""
        from budgetlib.audit.subjects import SubjectIndex

        return SubjectIndex.of(self)


def _format(template: str, values: dict) -> str:
    """A message from its template; a missing field shows as '?' instead of failing the audit."""
    class Lenient(dict):
        def __missing__(self, key):
            return "?"
    try:
        return template.format_map(Lenient(values))
    except (ValueError, TypeError):
        return re.sub(r"\{[^}]*\}", "?", template)


def finding(rule_id: str, *, page: int | None = None, quote: str = "", expected=None, actual=None,
            table: str = "", code: str = "", measure: str = "", severity: str = "", **values) -> dict:
    """One finding of a declared rule, as a row of COLUMNS (severity may be lowered, e.g. to a note)."""
    declared = rule(rule_id)
    severity = severity or declared.severity
    numeric = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (expected, actual))
    difference = round(actual - expected, 6) if numeric else None
    fields = {"expected": expected, "actual": actual, "difference": difference, "table": table, "code": code,
              "page": page, **values}
    return {"check": declared.id, "table": table, "code": code, "measure": measure,
            "expected": expected if numeric else None, "actual": actual if numeric else None,
            "difference": difference, "status": STATUS_OF[severity],
            "note": _format(declared.message_zh, fields) if not numeric or not values.get("note") else values["note"],
            "rule": declared.id, "family": declared.family, "severity": severity, "page": page,
            "message": _format(declared.message_zh, fields), "quote": quote[:200]}


def _page_index(lines: pd.DataFrame) -> tuple[dict, dict]:
    """(table, code) → first page, and table → first page, from the lines' provenance."""
    by_code: dict = {}
    by_table: dict = {}
    if lines.empty:
        return by_code, by_table
    for table, code, page in zip(lines["kind"], lines["code"], lines["page"], strict=True):
        if page is None or (isinstance(page, float) and math.isnan(page)) or page is pd.NA:
            continue
        by_code.setdefault((table, code), int(page))
        by_table.setdefault(table, int(page))
    return by_code, by_table


# narrative_checks' note: "<table> (<scope>) = <value> vs narrative p<page>: <sentence>"
NARRATIVE_NOTE = re.compile(r"vs narrative p(?P<page>\d+): (?P<sentence>.*)$", re.S)


# the narrative's own subjects that are no key figure (schema.value_label covers the key figures)
SUBJECT_LABELS = {
    "income_expenditure_total": "收支总计", "general_public_budget_income": "一般公共预算拨款收入",
    "carry_over": "上年结转", "carry_forward": "结转下年", "fiscal_expenditure_total": "财政拨款支出",
    "performance_target_funds": "实施绩效目标管理的项目资金", "meeting_fees": "会议费", "training_fees": "培训费",
}


def _label(code: str) -> str:
    return SUBJECT_LABELS.get(code) or value_label(code)


def _item_names(facts: pd.DataFrame | None) -> dict[str, str]:
    """code → the function item's name as the narrative printed it (its last 类-款-项 segment)."""
    if facts is None or facts.empty or "code" not in facts.columns or "item" not in facts.columns:
        return {}
    named = facts[(facts["code"].fillna("") != "") & (facts["item"].fillna("") != "")]
    return {str(code): f"{code} {str(item).split('-')[-1]}" for code, item in zip(named["code"], named["item"],
                                                                                    strict=True)}


def declare(checks: pd.DataFrame, lines: pd.DataFrame, facts: pd.DataFrame | None = None,
            projects: pd.DataFrame | None = None) -> pd.DataFrame:
    """Add rule, family, severity, page and message to the rows of the existing checks.

    A 'rounding' difference (within 0.01 万元 / 1 元) is a note; a 'fail' takes its rule's severity.
    """
    by_code, by_table = _page_index(lines)
    facts_pages: dict = {}
    sentence_pages: dict = {}  # narrative_percent's note is its sentence: the page of that sentence
    if facts is not None and len(facts):
        for subject, page, sentence in zip(facts["subject"], facts["page"], facts["sentence"], strict=True):
            if page is not None and not pd.isna(page):
                facts_pages.setdefault(subject, int(page))
                sentence_pages.setdefault(str(sentence)[:80], int(page))
    items = _item_names(facts)
    project_page = None
    if projects is not None and len(projects) and projects["page"].notna().any():
        project_page = int(projects["page"].dropna().iloc[0])
    rows = []
    for row in checks.to_dict("records"):
        declared = rule(CHECK_RULES.get(row["check"], "A06"))
        status = row["status"]
        severity = {"fail": declared.severity, "rounding": "note", "info": "info", "warning": "warning"}.get(status, "")
        table = str(row.get("table") or "")
        page = None if row["check"].startswith("narrative") else (
            by_code.get((table, row.get("code") or "")) or by_table.get(table))
        name, _, rest = str(row.get("note") or "").partition(": ")
        # the narrative's subject key: in `code`, or in `measure` where `code` holds the subject's code
        key = row.get("measure") if row["check"] == "narrative_percent" and row.get("measure") else row.get("code")
        values = {**row, "name": name if rest else "", "parts": rest or row.get("note"), "text": row.get("note"),
                  "subject": _label(key or ""), "detail": row.get("note")}
        quote = ""
        stated = NARRATIVE_NOTE.search(str(row.get("note") or "")) if row["check"] == "narrative_agreement" else None
        if stated:  # narrative_checks names the page and sentence of the figure it compared
            page, quote = int(stated.group("page")), stated.group("sentence")
            values["subject"] = items.get(row.get("code") or "", values["subject"])
        if row["check"] == "narrative_percent" and page is None:
            page = sentence_pages.get(str(row.get("note") or ""))
        if row["check"] in ("narrative_agreement", "narrative_percent", "project_budgets"):
            page = facts_pages.get(key or "") if page is None else page
        if row["check"] == "project_budgets" and page is None:
            page = project_page
        message = _format(declared.message_zh, values)
        if status == "rounding":
            message = _format(rule("A11").message_zh, values)
        elif status == "ok":  # the rule's template words a finding ("…不一致"); a check that holds says so
            message = f"{value_label(row['check'])}：一致" + (f"（{values['subject']}）" if values["subject"] else "")
        rows.append({**row, "rule": declared.id, "family": declared.family, "severity": severity, "page": page,
                     "message": message, "quote": quote})
    return pd.DataFrame(rows, columns=COLUMNS)


def as_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["page"] = frame["page"].astype("Int64")
    return frame


def order(findings: pd.DataFrame) -> pd.DataFrame:
    """Errors first, then by family (declared order) and page: how a reviewer reads them."""
    from budgetlib.audit.rules import FAMILIES

    family_rank = {key: i for i, (key, _, _) in enumerate(FAMILIES)}
    keyed = findings.assign(_s=findings["severity"].map(SEVERITY_ORDER).fillna(9),
                            _f=findings["family"].map(family_rank).fillna(99),
                            _p=findings["page"].fillna(10**6))
    return keyed.sort_values(["_s", "_f", "_p"], kind="stable").drop(columns=["_s", "_f", "_p"])
