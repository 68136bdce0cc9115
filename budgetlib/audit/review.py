"""The whole audit of one document: the arithmetic checks declared, the new rule families, and the
reading problems kept apart.

`review` is what the pipeline calls. Each family is a function of the Context; the list below is the
order in which they run (and a family that raises is reported, never allowed to cost the document).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from budgetlib.audit import codes, completeness, contents, crosswalk, narrative_items, performance, reading, text
from budgetlib.audit.frame import COLUMNS, Context, as_frame, declare
from budgetlib.audit.subjects import item_codes, keyed_codes

FAMILY_STEPS: tuple[tuple[str, Callable[[Context], list[dict]]], ...] = (
    ("arithmetic", crosswalk.crosswalk_findings),
    ("narrative", narrative_items.narrative_items),
    ("years_scope", text.years_and_scope),
    ("completeness", completeness.completeness_findings),
    ("placeholders", text.placeholders),
    ("placeholders", completeness.table_notes),
    ("placeholders", contents.contents_findings),
    ("text_quality", text.text_quality),
    ("codes", codes.code_findings),
    ("units", text.missing_wan),
    ("units", narrative_items.ten_thousand),
    ("performance", text.subsets),
    ("performance", performance.performance_findings),
    ("performance", performance.project_texts),
    ("final_accounts", narrative_items.final_accounts),
)


def review(checks: pd.DataFrame, context: Context) -> pd.DataFrame:
    """The declared checks frame: the legacy checks (with rule/family/severity/page/message) first,
    then every new family's findings; systematic arithmetic failures become reading problems."""
    legacy = reading.separate(declare(checks, context.lines, context.facts, context.projects), context)
    rows: list[dict] = []
    for _family, step in FAMILY_STEPS:
        # A rule's exception is a bug, never a reading problem: it propagates, and the run records it as an
        # internal error with its traceback (failures.py) instead of a note that hides it.
        rows.extend(step(context))
    new = as_frame(rows)
    new = new[~new.astype(str).duplicated(["rule", "page", "message"])]  # two paths, one finding
    stated = {(r, frozenset((round(e, 4), round(a, 4)))) for r, e, a, s in zip(
        legacy["rule"], legacy["expected"], legacy["actual"], legacy["status"], strict=True)
        if s in ("fail", "rounding") and e is not None and a is not None and not pd.isna(e) and not pd.isna(a)}
    again = [(r, frozenset((round(e, 4), round(a, 4)))) in stated if e is not None and a is not None
             and not pd.isna(e) and not pd.isna(a) else False
             for r, e, a in zip(new["rule"], new["expected"], new["actual"], strict=True)]
    new = new[[not a for a in again]]  # the legacy check already reports it
    # an item the narrative reader resolved to its code was compared with the table of its stated scope
    # (narrative_checks): the name-matching rule (N02) does not judge that figure a second time
    compared = {(str(c), p) for c, p, k in zip(legacy["code"], legacy["page"], legacy["check"], strict=True)
                if k == "narrative_agreement" and p is not None and not pd.isna(p)}
    figures = {(str(c), p, _rounded(a)) for c, p, k, a in zip(legacy["code"], legacy["page"], legacy["check"],
                                                               legacy["actual"], strict=True)
               if k == "narrative_agreement" and p is not None and not pd.isna(p)}
    # a name several rows share carries their common parent's code (行政运行 → 201): the same figure only if the
    # stated amount is the one compared under that code
    new = new[[not (r == "N02" and (str(c), p) in compared
                    and (f"科目{c}" in str(m) or (str(c), p, _rounded(a)) in figures))
               for r, c, p, m, a in zip(new["rule"], new["code"], new["page"], new["message"], new["actual"],
                                        strict=True)]]
    # "X万元，均为一般公共预算" beyond the fund's total (F04) is the scoped comparison's finding already
    judged = {(p, round(float(a), 2)) for p, a, k, s in zip(legacy["page"], legacy["actual"], legacy["check"],
                                                             legacy["status"], strict=True)
              if k == "narrative_agreement" and s in ("fail", "reading") and not pd.isna(p) and not pd.isna(a)}
    new = new[[not (r == "F04" and not pd.isna(a) and (p, round(float(a), 2)) in judged)
               for r, p, a in zip(new["rule"], new["page"], new["actual"], strict=True)]]
    # a legacy doubt ('warning') that a new rule judges on the same figures is one finding: the legacy row (its check
    # name is what scripts read) takes the new rule's verdict, and the new row goes
    legacy, new = _merge_doubts(legacy, new)
    frame = pd.concat([legacy, new], ignore_index=True) if len(new) else legacy
    frame["page"] = frame["page"].astype("Int64")
    # a key figure that is one standard subject (公务接待费 …) is found by its code; its key stays in `measure`
    return keyed_codes(item_codes(frame[COLUMNS], context))


def _rounded(value) -> float | None:
    return None if value is None or pd.isna(value) else round(float(value), 2)


def _figures_key(rule_id, expected, actual):
    if expected is None or actual is None or pd.isna(expected) or pd.isna(actual):
        return None
    return rule_id, frozenset((round(float(expected), 4), round(float(actual), 4)))


def _merge_doubts(legacy: pd.DataFrame, new: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A legacy 'warning' and a new rule's finding on the same rule and figures: the legacy row, new verdict."""
    verdicts = {}
    for index, row in new.iterrows():
        key = _figures_key(row["rule"], row["expected"], row["actual"])
        if key is not None:
            verdicts.setdefault(key, index)
    legacy = legacy.copy()
    used = set()
    for index, row in legacy.iterrows():
        key = _figures_key(row["rule"], row["expected"], row["actual"])
        if row["status"] == "warning" and key in verdicts:
            verdict = new.loc[verdicts[key]]
            for column in ("status", "severity", "message", "page", "quote"):
                legacy.at[index, column] = verdict[column]
            used.add(verdicts[key])
    return legacy, new.drop(index=list(used))
