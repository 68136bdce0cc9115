"""Which files are one document: a narrative published apart from its tables is read with them.

Governments publish a budget as one file, or as two: the narrative (情况说明) in one and the tables (报表,
公开表格) in another (Jiangsu's `…-表格.pdf`, Beijing's 附件1 and 附件2). File names differ by province,
by year and by who downloaded them, so pairs are found from what the files hold, never from their names:

1. Each file is read alone first. What it holds gives its *role*:
   - `complete`: budget tables with figures, and a narrative that states budget figures;
   - `tables`: tables with figures, and no narrative stating any (a tables annex);
   - `narrative`: budget figures stated in text, no table with figures;
   - `other`: neither (a performance annex whose indicators are its figures).
2. A `narrative` and a `tables` file are one document when they name the same department (in any of its
   printed forms, budgetlib.parts.same_department), the same year, stage (预算/决算) and scope (部门/单位),
   and each is the other's only match. A match in the same folder is preferred to one elsewhere.
3. Anything else stays alone: a complete document, an annex, a tables file whose narrative is missing (it
   is a document and is read), or a file with two equally good partners (it is read alone, and the summary
   says why).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROLES = ("complete", "tables", "narrative", "other")
STATED = 3  # budget figures a narrative must state to count as one (pipeline.BUDGET_SUBJECTS)


@dataclass(frozen=True)
class Probe:
    """What one file, read alone, says about itself."""

    path: str
    sha256: str
    role: str
    department: str
    year: int | None
    stage: str
    scope: str

    @property
    def folder(self) -> str:
        return str(Path(self.path).parent)


def role_of(document) -> str:
    """The role of a document read from one file (see the module's docstring)."""
    from budgetlib.pipeline import BUDGET_SUBJECTS

    has_tables = bool(len(document.lines)) and bool((~document.lines["is_blank"].astype(bool)).any())
    stated = set(document.facts["subject"]) & BUDGET_SUBJECTS if len(document.facts) else set()
    has_text = len(stated) >= STATED
    if has_tables and has_text:
        return "complete"
    if has_tables:
        return "tables"
    if has_text:
        return "narrative"
    return "other"


def probe(document, path: str, sha256: str) -> Probe:
    meta = document.meta
    year = meta.get("year")
    return Probe(path, sha256, role_of(document), meta.get("department") or "", int(year) if year else None,
                 meta.get("stage") or "", meta.get("scope") or "")


def matches(narrative: Probe, tables: Probe) -> bool:
    from budgetlib.parts import same_department

    return (narrative.role == "narrative" and tables.role == "tables" and narrative.year is not None
            and narrative.year == tables.year and narrative.stage == tables.stage and narrative.scope == tables.scope
            and bool(narrative.department) and bool(tables.department)
            and same_department(narrative.department, tables.department))


def pair(probes: list[Probe]) -> tuple[list[tuple[Probe, Probe]], list[str]]:
    """The pairs (narrative, tables), and a note for each file left alone for want of a single partner."""
    narratives = [p for p in probes if p.role == "narrative"]
    tables = [p for p in probes if p.role == "tables"]
    best_for = {n.path: _best(n, [t for t in tables if matches(n, t)]) for n in narratives}
    best_of = {t.path: _best(t, [n for n in narratives if matches(n, t)]) for t in tables}
    pairs, notes = [], []
    for n in narratives:
        chosen = best_for[n.path]
        if len(chosen) == 1 and [p.path for p in best_of[chosen[0].path]] == [n.path]:
            pairs.append((n, chosen[0]))
        elif len(chosen) > 1:
            notes.append(f"{n.path}: {len(chosen)} tables files could be its tables "
                         f"({', '.join(Path(t.path).name for t in chosen)}); read alone")
    return pairs, notes


def _best(probe_: Probe, candidates: list[Probe]) -> list[Probe]:
    """The candidates in the same folder when there are any, else all of them."""
    near = [c for c in candidates if c.folder == probe_.folder]
    return near or candidates
