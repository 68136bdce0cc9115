"""read(): reader → catalogue → tidy → narrative/performance → key figures → audit. Nothing else."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path

import pandas as pd

from budgetlib.audit import run_audit
from budgetlib.catalogue import match_kind
from budgetlib.errors import NotABudget
from budgetlib.extract.narrative import FACT_COLUMNS, extract_facts
from budgetlib.extract.performance import performance_frames
from budgetlib.key_figures import Sources, key_figures
from budgetlib.model import BudgetDocument
from budgetlib.readers import RawDocument, read_source
from budgetlib.tidy.tables import LINE_COLUMNS, tidy_table

REGION = re.compile(r"^((?:[^省市]{2,3}省)?(?:[^省市]{2,4}?市)?(?:[^区县市]{2,4}?[区县])?)")
PLACEHOLDER = re.compile(r"XX|××|ＸＸ|xx[局厅委办]")


def read(path: str | Path, *, engine: str = "auto") -> BudgetDocument:
    """Read one budget document (a PDF or the text form) into tidy, audited frames."""
    raw = read_source(path, engine=engine)
    return build_document(raw, [Path(path)])


def build_document(raw: RawDocument, paths: list[Path]) -> BudgetDocument:
    """Turn a raw document into the tidy model; raises NotABudget when nothing budget-like is in it."""
    recognised = [(table, match_kind(table.title)) for table in raw.tables]
    if not any(kind for _, kind in recognised):
        raise NotABudget(raw.path, "no budget tables found (expected titles such as 收支总表, 支出预算表, "
                                   f"三公经费; found {len(raw.tables)} table(s))")
    meta = document_meta(raw, paths)
    if PLACEHOLDER.search(meta["department"]):
        raise NotABudget(raw.path, f"a placeholder template ({meta['department']!r}), not a real department's budget")
    line_rows = [row for table, kind in recognised if kind and kind.layout != "performance"
                 for row in tidy_table(table, kind, raw.path)]
    lines = pd.DataFrame(line_rows, columns=LINE_COLUMNS).astype({"level": "Int64", "page": "Int64",
                                                                  "source_line": "Int64"})
    performance = [(table, "department" if kind.key == "department_performance" else "project")
                   for table, kind in recognised if kind and kind.layout == "performance"]
    indicators, projects = performance_frames(performance, meta["source_unit"])
    facts = extract_facts(raw.narrative, meta["year"]) if raw.narrative else pd.DataFrame(columns=FACT_COLUMNS)
    sources = Sources(lines, facts, meta["year"])
    figures = key_figures(sources)
    checks = run_audit(lines, facts, indicators, projects, figures, sources)
    tables = pd.DataFrame([{"table_index": t.index, "label": t.label, "title": t.title, "kind": k.key if k else "",
                            "unit": t.unit, "page": t.page, "rows": len(t.rows)} for t, k in recognised])
    return BudgetDocument(meta, lines, figures, facts, indicators, projects, checks, tables)


def document_meta(raw: RawDocument, paths: list[Path]) -> dict:
    """Who, when and what: from the title lines first, then from the table titles."""
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in paths)).hexdigest()
    heading = " ".join(raw.title_lines)
    titles = " ".join(t.title for t in raw.tables)
    department = _department(raw)
    year = re.search(r"(20\d{2})\s*年", heading) or re.search(r"(20\d{2})\s*年", titles)
    units = Counter(t.unit for t in raw.tables if t.unit)
    return {
        "doc_id": digest[:16],
        "region": REGION.match(department).group(1) if department else "",
        "department": department,
        "year": int(year.group(1)) if year else None,
        "stage": "决算" if "决算" in heading + titles else "预算",
        "scope": "单位" if re.search(r"单位(预算|决算)", heading) else "部门",
        "source": ";".join(str(p) for p in paths),
        "sha256": digest,
        "source_unit": units.most_common(1)[0][0] if units else "万元",
    }


def _department(raw: RawDocument) -> str:
    """The department's name: the heading line that names an organisation, else the table titles."""
    for line in raw.title_lines:
        text = re.sub(r"\s", "", line)
        if not re.search(r"\d{4}年|预算|决算|说明|目录", text):
            return text
    for table in raw.tables:
        match = re.match(r"^\d{4}年(?:度)?(.+?)(?:部门|单位)?(?:财政拨款|一般公共|政府性|部门|收支|收入|支出)",
                         re.sub(r"\s", "", table.title))
        if match:
            return match.group(1)
    return ""
