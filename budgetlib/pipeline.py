"""read(): reader → catalogue → tidy → narrative/performance → key figures → audit. Nothing else."""

from __future__ import annotations

import hashlib
import itertools
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from budgetlib import schema
from budgetlib.audit import CHECK_COLUMNS, run_audit
from budgetlib.audit.alternatives import read_tables
from budgetlib.audit.frame import Context
from budgetlib.audit.report import reading_quality
from budgetlib.audit.review import review
from budgetlib.audit.sources import key_figure_sources
from budgetlib.catalogue import recognise
from budgetlib.corrections import apply_corrections, load_aliases, load_corrections, resolve_department
from budgetlib.errors import NotABudget, TableError
from budgetlib.extract.narrative import FACT_COLUMNS, extract_facts, resolve_codes
from budgetlib.extract.performance import performance_frames
from budgetlib.extract.project_sections import narrative_projects
from budgetlib.key_figures import Sources, key_figures
from budgetlib.limits import Limits
from budgetlib.model import BudgetDocument
from budgetlib.parts import check_parts
from budgetlib.readers import RawDocument, combine, read_source
from budgetlib.tidy.numbers import is_amount
from budgetlib.tidy.tables import LINE_COLUMNS, tidy_table

# A document with no tables still counts when its text states at least three headline figures.
BUDGET_SUBJECTS = {"income_total", "expenditure_total", "income_expenditure_total", "basic_expenditure_total",
                   "project_expenditure_total", "three_public_total", "three_public_travel_abroad",
                   "general_public_budget_expenditure_total", "fiscal_appropriation_total"}
REGION = re.compile(r"^((?:[^省市]{2,3}省)?(?:[^省市]{2,4}?市)?(?:[^区县市]{2,4}?[区县])?)")
PLACEHOLDER = re.compile(r"XX|××|ＸＸ|xx[局厅委办]")


def read(path: str | Path | Sequence[str | Path], *, engine: str = "auto", department: str | None = None,
         aliases: str | Path | pd.DataFrame | None = None, corrections: str | Path | pd.DataFrame | None = None,
         limits: Limits | None = None) -> BudgetDocument:
    """Read one budget document (a PDF or the text form) into tidy, audited frames.

    A document published as several files (a narrative PDF and a tables-only PDF) is read as one
    by passing their paths together: `read([narrative, tables])`. `department` names the department
    when the document names it wrongly; `aliases` and `corrections` are the user's own files (see
    budgetlib.corrections). The reader checks `limits` (file size, pages, cells, characters); time and
    memory are bounded by reading in a worker (budgetlib.worker.read).
    """
    paths = [Path(p) for p in path] if isinstance(path, list | tuple) else [Path(path)]
    parts = [read_source(p, engine=engine, limits=limits) for p in paths]
    if len(parts) > 1:  # one department's one year, or refused (MismatchedParts)
        check_parts([(p, document_meta(part, [p])) for p, part in zip(paths, parts, strict=True)])
    if isinstance(aliases, str | Path):
        aliases = load_aliases(aliases)
    if isinstance(corrections, str | Path):
        corrections = load_corrections(corrections)
    return build_document(combine(parts) if len(parts) > 1 else parts[0], paths, department=department,
                          aliases=aliases, corrections=corrections)


def build_document(raw: RawDocument, paths: list[Path], *, department: str | None = None,
                   aliases: pd.DataFrame | None = None, corrections: pd.DataFrame | None = None) -> BudgetDocument:
    """Turn a raw document into the tidy model; raises NotABudget when nothing budget-like is in it."""
    recognised = [(table, recognise(table.title, table.rows)) for table in raw.tables]
    meta = document_meta(raw, paths)
    meta["department"], meta["department_source"] = resolve_department(
        meta["department"], paths, meta["doc_id"], department=department, aliases=aliases)
    if meta["department_source"] != "document":
        meta["region"] = region_of(meta["department"]) or meta["region"]
    facts = extract_facts(raw.narrative, meta["year"], meta["department"], meta["stage"]) \
        if raw.narrative and meta["year"] else pd.DataFrame(columns=FACT_COLUMNS)
    stated = set(facts["subject"]) & BUDGET_SUBJECTS
    if not any(kind for _, kind in recognised) and len(stated) < 3:
        raise NotABudget(raw.path, "no budget tables found (expected titles such as 收支总表, 支出预算表, "
                                   f"三公经费; found {len(raw.tables)} table(s)) and no budget figures in its text")
    if PLACEHOLDER.search(meta["department"]):
        raise NotABudget(raw.path, f"a placeholder template ({meta['department']!r}), not a real department's budget")
    line_rows, problems, read_kinds = [], [], set()
    for table, kind in recognised:
        if kind and kind.layout != "performance":
            try:
                line_rows.extend(tidy_table(table, kind, raw.path, meta["year"]))
                read_kinds.add(kind.key)
            except TableError as error:  # one unreadable table must not cost the whole document
                error.has_figures = any(is_amount(cell) for row in table.rows for cell in row)
                problems.append(error)
    cells = [row for row in line_rows if row.get("unreadable")]  # printed, but no amount: named by the audit
    lines = pd.DataFrame(line_rows, columns=LINE_COLUMNS).astype({"level": "Int64", "page": "Int64",
                                                                  "source_line": "Int64", "parent_row": "Int64"})
    lines["provenance"] = "printed"
    lines, readings = read_tables(recognised, lines, raw.path, meta["year"])  # alternatives where one fails
    tables = pd.DataFrame([{"table_index": t.index, "label": t.label, "title": t.title, "kind": k.key if k else "",
                            "unit": t.unit, "page": t.page, "rows": len(t.rows),
                            "reading": readings.get(t.index, ("default", ""))[0],
                            "reading_note": readings.get(t.index, ("default", ""))[1]} for t, k in recognised],
                          columns=schema.names("tables", with_doc_id=False))
    corrected = []
    if corrections is not None and len(corrections):
        lines, corrected = apply_corrections(lines, tables, corrections, paths, meta["doc_id"])
    facts = resolve_codes(facts, lines)
    # performance tables, and lists of projects with their goals in words (read for the projects frame)
    performance = [(table, "department" if kind.key == "department_performance" else "project")
                   for table, kind in recognised
                   if kind and (kind.layout == "performance" or kind.key == "project_goals")]
    indicators, projects = performance_frames(performance, meta["source_unit"])
    described = narrative_projects(raw.narrative)
    if len(described):
        projects = pd.concat([projects, described], ignore_index=True) if len(projects) else described
    sources = Sources(lines, facts, meta["year"], read_kinds)
    figures = key_figures(sources)
    if not figures and indicators.empty and not _holds_figures(lines, performance):
        raise NotABudget(raw.path, "no budget figure read: no key figure, no performance indicator and no figure in a "
                                   f"table of a known kind ({_unread(recognised, problems)})")
    checks = run_audit(lines, facts, indicators, projects, figures, sources, problems, cells)
    if corrected:
        checks = pd.concat([checks, pd.DataFrame(corrected, columns=CHECK_COLUMNS)], ignore_index=True)
    context = Context(meta, raw.narrative, [t for t, _ in recognised], [k.key if k else "" for _, k in recognised],
                      lines, facts, figures, indicators, projects, raw.title_lines)
    checks = review(checks, context)
    document = BudgetDocument(meta, lines, figures, facts, indicators, projects, checks, tables,
                              key_figure_sources(sources, figures, lines, facts), context)
    meta["reading_quality"] = reading_quality(document)  # the store keeps it with the document's identity
    return schema.conform_document(document)


def _holds_figures(lines: pd.DataFrame, performance: list) -> bool:
    """A junk grid under a budget title yields no figure; a real table yields printed amounts. A performance
    table counts when it prints an amount, even where its indicators are not read yet: it is the annex's data."""
    if (lines["amount"].notna() & ~lines["is_blank"].astype(bool)).any():
        return True
    return any(is_amount(cell) for table, _ in performance for row in table.rows for cell in row)


def _unread(recognised: list, problems: list[TableError]) -> str:
    """What the tables under budget titles held, for a refusal that says why nothing was read."""
    known = [table for table, kind in recognised if kind]
    if not known:
        return f"{len(recognised)} table(s), none under a known title"
    reasons = "; ".join(f"{problem.table}: {problem.reason}" for problem in problems[:3])
    return f"{len(known)} table(s) under budget titles, none readable" + (f": {reasons}" if reasons else "")


# Identity (who, when, what) comes from the cover and the table titles first, never from a narrative
# sentence. The wordings are declared here; a new template's wording is a new entry.
LABELLED_NAME = re.compile(r"^(?:预算主管部门|主管部门|预算单位|部门（单位）名称|部门名称|单位名称|编制部门|编制单位|"
                           r"填报部门|填报单位|部门|单位)[：:](.+?)(?:(?:金额)?单位[：:].*)?$")
NAME_CELL = re.compile(r"^(?:部门|单位|部门（单位）|预算单位)名称$")
COVER_NAME = re.compile(r"^(?:20\d{2}年度?)?(.{2,80}?)(?:20\d{2}年度?)?(?:区级|市级|省级|县级)?"
                        r"(?:部门|单位)(?:综合)?(?:预算|决算)")
ORGANISATION = re.compile(r"(?:办公室|办公厅|局|厅|委员会|委|院|处|中心|政府|办事处|会|部|所|站|馆|队|校|学|室|社|团|"
                          r"园)(?:[（(][^）)]{1,6}[）)])?$")
NOT_A_NAME = re.compile(r"^(?:我|本)(?:校|局|厅|委|办|院|单位|部门|中心|所|会|处|室)|^(?:纳入|关于|根据|按照|经|由)"
                        r"|[，。；,;、]|编制|说明|目录|公开|预算|决算|^\d")
# Canonical short names (中共X委 is X委).
CANONICAL_NAMES: tuple[tuple[str, str], ...] = ((r"^中国共产党(.+?)委员会", r"\1委"), (r"^中共", ""),
                                                 (r"\(", "（"), (r"\)", "）"))
CENTRAL = re.compile(r"^(?:国家|中央|国务院|中华人民共和国)")
YEAR = re.compile(r"(20\d{2})\s*年")


def document_meta(raw: RawDocument, paths: list[Path]) -> dict:
    """Who, when and what: from the cover, the tables' titles and organisation lines, never from prose."""
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in paths)).hexdigest()
    cover = _cover(raw)
    heading = re.sub(r"\s", "", "".join(cover))
    titles = re.sub(r"\s", "", " ".join(t.title for t in raw.tables))
    department = _department(raw, cover)
    units = Counter(t.unit for t in raw.tables if t.unit)
    year = _year(raw, heading, titles)
    return {
        "doc_id": digest[:16],
        "region": region_of(department),
        "department": department,
        "year": year,
        "stage": "决算" if "决算" in heading + titles else "预算",
        "scope": "单位" if re.search(r"单位(?:预算|决算)|预算单位", heading + titles) else "部门",
        "source": ";".join(str(p) for p in paths),
        "sha256": digest,
        "source_unit": units.most_common(1)[0][0] if units else "万元",
    }


def _cover(raw: RawDocument) -> list[str]:
    """The cover: the heading lines of the first page, up to the table of contents."""
    lines = []
    first_page = raw.narrative[0][0] if raw.narrative else None
    for page, text in raw.narrative[:10]:
        compact = re.sub(r"\s", "", text)
        if page != first_page or re.match(r"^目录|^第[一二三四五六七八九十]+部分", compact) or len(compact) > 100:
            break
        lines.append(text)
    return lines or list(raw.title_lines)


def _department(raw: RawDocument, cover: list[str]) -> str:
    """The department as printed on the cover, in a labelled line (预算主管部门：…, 部门名称：…) or in a
    label | value cell pair; a pronoun (我校, 本单位) or a clause is never a name."""
    compacts = [re.sub(r"\s", "", line) for line in cover]
    notes = [re.sub(r"\s", "", note) for table in raw.tables for note in table.notes]
    cells = [re.sub(r"\s", "", value) for table in raw.tables for row in table.rows
             for label, value in _pairs(row) if NAME_CELL.match(re.sub(r"\s", "", label))]
    candidates = [*_labelled(compacts), *_cover_names(compacts), *_most_common(_labelled(notes)), *_most_common(cells),
                  *_cover_names([re.sub(r"\s", "", text) for _, text in raw.narrative[:200]
                                 if len(text) <= 40 and not re.search(r"[，。；]", text)]), *_subject_of_the_year(raw)]
    for candidate in candidates:
        name = _canonical(candidate)
        if name and ORGANISATION.search(name) and not NOT_A_NAME.search(name) and len(name) <= 80:
            return name
    return ""


def _subject_of_the_year(raw: RawDocument) -> list[str]:
    """Last resort, for a cover with no text layer: the name that opens the narrative's statements of
    the year ("X2019年度收入、支出预算总计…"), when at least three lines open with it."""
    openers = Counter(match.group(1) for _, text in raw.narrative
                      if (match := re.match(r"^(.{4,30}?)20\d{2}年度?", re.sub(r"\s", "", text))))
    return [name for name, count in openers.most_common(3) if count >= 3]


def _labelled(lines: list[str]) -> list[str]:
    return [match.group(1) for line in lines if (match := LABELLED_NAME.match(line))]


def _cover_names(lines: list[str]) -> list[str]:
    """Organisation lines of the cover, alone or before the year and 部门预算 (the cover wraps freely)."""
    out = [line for line in lines if ORGANISATION.search(line) and not YEAR.search(line)]
    joined = "".join(lines)
    for start in range(len(lines)):
        match = COVER_NAME.match("".join(lines[start:]))
        if match:
            out.insert(0, match.group(1))
            break
    return out if joined else []


def _pairs(row: list[str]) -> list[tuple[str, str]]:
    cells = [cell for cell in row if cell and cell.strip()]
    return list(itertools.pairwise(cells))


def _most_common(values: list[str]) -> list[str]:
    return [value for value, _ in Counter(v for v in values if v).most_common()]


def _canonical(name: str) -> str:
    name = name.strip("：: ")
    for pattern, replacement in CANONICAL_NAMES:
        name = re.sub(pattern, replacement, name)
    return name


def region_of(department: str) -> str:
    """The region from the name (上海市普陀区…, 杭州市…; 国家… is the central level)."""
    if CENTRAL.match(department):
        return "中央"
    match = REGION.match(department)
    return match.group(1) if match else ""


def _year(raw: RawDocument, heading: str, titles: str) -> int | None:
    """The budget year: the cover, then the tables' titles, then a table's own year line (（2026年度）),
    then the year most often named with 年度 in the tables."""
    cells = [re.sub(r"\s", "", cell) for table in raw.tables for row in table.rows for cell in row if cell]
    own = [c for c in cells if re.fullmatch(r"[（(]?20\d{2}年度?[）)]?", c)]
    titled = [re.sub(r"\s", "", text) for _, text in raw.narrative[:200]
              if re.search(r"20\d{2}\s*年度?\s*(?:部门|单位)(?:综合)?(?:预算|决算)", text) and len(text) <= 40]
    for text in (heading, titles, " ".join(own), " ".join(titled)):
        match = YEAR.search(text)
        if match:
            return int(match.group(1))
    mentions = Counter(re.findall(r"(20\d{2})年度", " ".join(cells + [n for t in raw.tables for n in t.notes])))
    return int(mentions.most_common(1)[0][0]) if mentions else None
