"""read(): reader → catalogue → tidy → narrative/performance → key figures → audit. Nothing else."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from budgetlib.audit import run_audit
from budgetlib.audit.frame import Context
from budgetlib.audit.report import reading_quality
from budgetlib.audit.review import review
from budgetlib.audit.sources import key_figure_sources
from budgetlib.catalogue import match_kind
from budgetlib.errors import NotABudget, TableError
from budgetlib.extract.narrative import FACT_COLUMNS, extract_facts
from budgetlib.extract.performance import performance_frames
from budgetlib.key_figures import Sources, key_figures
from budgetlib.model import BudgetDocument
from budgetlib.readers import RawDocument, combine, read_source
from budgetlib.tidy.numbers import is_amount
from budgetlib.tidy.tables import LINE_COLUMNS, tidy_table

# A document with no tables still counts when its text states at least three headline figures.
BUDGET_SUBJECTS = {"income_total", "expenditure_total", "income_expenditure_total", "basic_expenditure_total",
                   "project_expenditure_total", "three_public_total", "three_public_travel_abroad",
                   "general_public_budget_expenditure_total", "fiscal_appropriation_total"}
REGION = re.compile(r"^((?:[^省市]{2,3}省)?(?:[^省市]{2,4}?市)?(?:[^区县市]{2,4}?[区县])?)")
PLACEHOLDER = re.compile(r"XX|××|ＸＸ|xx[局厅委办]")


def read(path: str | Path | Sequence[str | Path], *, engine: str = "auto") -> BudgetDocument:
    """Read one budget document (a PDF or the text form) into tidy, audited frames.

    A document published as several files (a narrative PDF and a tables-only PDF) is read as one
    by passing their paths together: `read([narrative, tables])`.
    """
    paths = [Path(p) for p in path] if isinstance(path, list | tuple) else [Path(path)]
    parts = [read_source(p, engine=engine) for p in paths]
    return build_document(combine(parts) if len(parts) > 1 else parts[0], paths)


def build_document(raw: RawDocument, paths: list[Path]) -> BudgetDocument:
    """Turn a raw document into the tidy model; raises NotABudget when nothing budget-like is in it."""
    recognised = [(table, match_kind(table.title)) for table in raw.tables]
    meta = document_meta(raw, paths)
    facts = extract_facts(raw.narrative, meta["year"]) if raw.narrative and meta["year"] else \
        pd.DataFrame(columns=FACT_COLUMNS)
    stated = set(facts["subject"]) & BUDGET_SUBJECTS
    if not any(kind for _, kind in recognised) and len(stated) < 3:
        raise NotABudget(raw.path, "no budget tables found (expected titles such as 收支总表, 支出预算表, "
                                   f"三公经费; found {len(raw.tables)} table(s)) and no budget figures in its text")
    if PLACEHOLDER.search(meta["department"]):
        raise NotABudget(raw.path, f"a placeholder template ({meta['department']!r}), not a real department's budget")
    line_rows, problems = [], []
    for table, kind in recognised:
        if kind and kind.layout != "performance":
            try:
                line_rows.extend(tidy_table(table, kind, raw.path))
            except TableError as error:  # one unreadable table must not cost the whole document
                error.has_figures = any(is_amount(cell) for row in table.rows for cell in row)
                problems.append(error)
    lines = pd.DataFrame(line_rows, columns=LINE_COLUMNS).astype({"level": "Int64", "page": "Int64",
                                                                  "source_line": "Int64"})
    performance = [(table, "department" if kind.key == "department_performance" else "project")
                   for table, kind in recognised if kind and kind.layout == "performance"]
    indicators, projects = performance_frames(performance, meta["source_unit"])
    sources = Sources(lines, facts, meta["year"], {kind.key for _, kind in recognised if kind})
    figures = key_figures(sources)
    checks = run_audit(lines, facts, indicators, projects, figures, sources, problems)
    context = Context(meta, raw.narrative, [t for t, _ in recognised], [k.key if k else "" for _, k in recognised],
                      lines, facts, figures, indicators, projects, raw.title_lines)
    checks = review(checks, context)
    tables = pd.DataFrame([{"table_index": t.index, "label": t.label, "title": t.title, "kind": k.key if k else "",
                            "unit": t.unit, "page": t.page, "rows": len(t.rows)} for t, k in recognised])
    document = BudgetDocument(meta, lines, figures, facts, indicators, projects, checks, tables,
                              key_figure_sources(sources, figures, lines, facts), context)
    meta["reading_quality"] = reading_quality(document)  # the store keeps it with the document's identity
    return document


# Where a document names its department, most specific first (declared, not branched).
DEPARTMENT_PATTERNS = (
    r"预算主管部门[：:](.+?)(?:单位[：:]|$)",
    r"^(?:编制|填报)(?:部门|单位)[：:](.+?)(?:单位[：:]|$)",
    r"^部门(?:名称)?[：:](.+?)(?:单位[：:]|$)",
    r"^(?!第[一二三四五六七八九十]+部分)(.+?)\d{4}年度?(?:部门|单位)(?:预算|决算)",
    r"^(.{2,30}?(?:办公厅|办公室|委员会|局|厅|院|中心|办事处))\d{4}年度?",
)
ORGANISATION = re.compile(r"(?:办公室|办公厅|局|厅|委员会|院|处|中心|政府|办事处|会|部|所|站|馆|队|校)$")


def document_meta(raw: RawDocument, paths: list[Path]) -> dict:
    """Who, when and what: from the heading lines, the tables' organisation lines and titles."""
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in paths)).hexdigest()
    heading = re.sub(r"\s", "", " ".join(raw.title_lines))
    titles = re.sub(r"\s", "", " ".join(t.title for t in raw.tables))
    department = _department(raw)
    prose = re.sub(r"\s", "", " ".join(text for _, text in raw.narrative[:60]))
    years = Counter(re.findall(r"(20\d{2})年度?(?:部门|单位)?(?:预算|决算)", prose))
    year = re.search(r"(20\d{2})年", heading) or re.search(r"(20\d{2})年", titles) or (
        re.match(r"(\d{4})", years.most_common(1)[0][0]) if years else None)
    units = Counter(t.unit for t in raw.tables if t.unit)
    return {
        "doc_id": digest[:16],
        "region": REGION.match(department).group(1) if department else "",
        "department": department,
        "year": int(year.group(1)) if year else None,
        "stage": "决算" if "决算" in heading + titles else "预算",
        "scope": "单位" if re.search(r"单位(?:预算|决算)|预算单位", heading + titles) else "部门",
        "source": ";".join(str(p) for p in paths),
        "sha256": digest,
        "source_unit": units.most_common(1)[0][0] if units else "万元",
    }


def _department(raw: RawDocument) -> str:
    """The department's name: a heading line that names an organisation, else a 部门：… line."""
    for line in raw.title_lines:
        text = re.sub(r"\s", "", line)
        if ORGANISATION.search(text) and not re.search(r"\d{4}年|预算|决算|说明|目录|[：:]", text):
            return text
    candidates = [text for _, text in raw.narrative[:200]] + [n for t in raw.tables for n in t.notes]
    for pattern in DEPARTMENT_PATTERNS:
        for text in candidates:
            match = re.search(pattern, re.sub(r"\s", "", text))
            if match and match.group(1):
                return match.group(1).strip("：: ")
    return ""
