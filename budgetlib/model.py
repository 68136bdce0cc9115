"""BudgetDocument: the tidy result of reading one document. Other tools build on these names."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from budgetlib import schema

FRAMES = ("lines", "facts", "indicators", "projects", "checks", "tables")


@dataclass
class BudgetDocument:
    """One department's budget (or final accounts) for one year.

    meta: region, department, year, stage (预算/决算), scope (部门/单位), source, sha256, source_unit.
    lines: one row per printed value (long form), amounts in 万元, with provenance.
    key_figures: the headline totals in 万元 (a key is absent when the document lacks it).
    facts: figures stated in the narrative, including derived prior-year figures.
    indicators / projects: the performance targets and project descriptions.
    checks: the audit.
    tables: every table found, with the kind it was recognised as (or '' when unknown).
    """

    meta: dict
    lines: pd.DataFrame
    key_figures: dict[str, float]
    facts: pd.DataFrame
    indicators: pd.DataFrame
    projects: pd.DataFrame
    checks: pd.DataFrame
    tables: pd.DataFrame = field(default_factory=pd.DataFrame)
    # every source of every key figure (value, page, chosen and why, agrees): see audit/sources.py
    key_figure_sources: pd.DataFrame = field(default_factory=pd.DataFrame)
    # what the audit looked at (narrative, raw tables): kept for the reviewer's report, never stored
    context: object = field(default=None, repr=False, compare=False)

    @property
    def doc_id(self) -> str:
        return self.meta["doc_id"]

    def frames(self) -> dict[str, pd.DataFrame]:
        """Every frame with `doc_id` as its first column, ready for the store."""
        out = {}
        for name in FRAMES:
            frame = getattr(self, name).copy()
            frame.insert(0, "doc_id", self.doc_id)
            out[name] = frame
        out["key_figures"] = schema.conform("key_figures", pd.DataFrame(
            {"doc_id": self.doc_id, "key": list(self.key_figures), "amount": list(self.key_figures.values()),
             "unit": "万元"}), with_doc_id=True)
        out["documents"] = schema.conform("documents", pd.DataFrame([self.meta]), with_doc_id=True)
        return out

    def __repr__(self) -> str:
        m = self.meta
        return (f"BudgetDocument({m['department']} {m['year']} {m['stage']}, {len(self.lines)} lines, "
                f"{len(self.key_figures)} key figures, {len(self.checks)} checks)")
