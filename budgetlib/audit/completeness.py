"""Completeness (family 4): the standard tables found, empty or missing; the sections; the depth of
the classification; and a score with its evidence, weights declared as data with their reasons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from budgetlib.audit.frame import Context, finding
from budgetlib.audit.text import paragraphs
from budgetlib.catalogue.families import PART_HOLDS, SECTIONS, family_for

# item → (weight, what it needs, why it weighs this much). Weights add to 100.
WEIGHTS: tuple[tuple[str, float, str, str], ...] = (
    ("tables", 35, "tables", "the standard tables are the disclosure itself; an open checker weighs them 0.35"),
    ("three_public", 6, "sections", "三公 spending is what the public asks about first"),
    ("three_public_change", 4, "sections", "the rules ask for the reason of every change in 三公"),
    ("performance", 10, "sections", "performance targets are required since 2018; an open checker weighs 0.10"),
    ("operating_expenses", 5, "sections", "机关运行经费 is a required disclosure item"),
    ("procurement", 4, "sections", "政府采购 totals are a required item"),
    ("procurement_split", 3, "sections", "the split into 货物/工程/服务 is required with the total"),
    ("small_business", 2, "sections", "the 中小企业 share is a newer, smaller requirement"),
    ("assets", 4, "sections", "国有资产占用 is required but rarely decisive"),
    ("functions", 4, "sections", "who the department is: 职能"),
    ("organisation", 3, "sections", "机构设置 tells which units the figures cover"),
    ("income_expenditure", 6, "sections", "the 收支 explanation is what makes the tables readable"),
    ("glossary", 4, "sections", "名词解释 is required; its absence hurts readers, not the figures"),
    ("function_item_level", 5, "tables", "功能分类 must reach 项级 to show what money is for"),
    ("economic_level", 5, "tables", "经济分类 must reach 款级 to show what money buys"),
)
GRADES = ((90, "优"), (75, "良"), (60, "中"), (0, "差"))


@dataclass
class Item:
    key: str
    name: str
    status: str  # found / empty / empty_unstated / missing / in_pair / n/a
    page: int | None
    weight: float
    score: float
    evidence: str


def document_part(context: Context) -> str:
    """What the file holds: 'whole', 'narrative' (tables published apart), 'tables', or 'performance'."""
    recognised = [k for k in context.kinds if k]
    prose = sum(len(t) for _, t in context.paragraphs)
    if recognised and all(k in ("project_performance", "department_performance") for k in recognised) and prose < 4000:
        return "performance"
    if not recognised:
        return "narrative"
    return "tables" if prose < 1500 else "whole"


def standard_tables(context: Context) -> pd.DataFrame:
    """Per standard table of the document's family: found / empty (stated) / empty_unstated / missing / in_pair."""
    family = family_for(context.stage)
    part = document_part(context)
    text = " ".join(t for _, t in paragraphs(context))
    printed = set()
    if not context.lines.empty:
        printed = set(context.lines.loc[~context.lines["is_blank"].astype(bool), "kind"])
    rows = []
    for standard in family.tables:
        tables = [(t, k) for t, k in zip(context.tables, context.kinds, strict=False) if k in standard.kinds]
        if "tables" not in PART_HOLDS[part] and not tables:
            status, page, evidence = "in_pair", None, "published in the other file"
        elif not tables:
            stated = _stated_empty(standard, text)
            status = "empty" if stated else "missing"
            page, evidence = None, stated
        else:
            table = tables[0][0]
            page = table.page
            if any(k in printed for _, k in tables) or standard.key == "performance":
                status, evidence = "found", table.title
            else:
                notes = " ".join(table.notes + [c for row in table.rows for c in row])
                stated = re.search(standard.empty_words, notes) or _stated_empty(standard, text)
                status = "empty" if stated else "empty_unstated"
                evidence = stated.group(0) if isinstance(stated, re.Match) else (stated or table.title)
        rows.append(
            {
                "key": standard.key,
                "name": standard.name,
                "required": standard.required,
                "status": status,
                "page": page,
                "evidence": evidence,
            }
        )
    return pd.DataFrame(rows, columns=["key", "name", "required", "status", "page", "evidence"])


def _stated_empty(standard, text: str) -> str:
    word = standard.name.strip("“”").replace("表", "")[:6]
    match = re.search(
        rf"(?:无|没有|未安排|不涉及)[^。；]{{0,12}}{re.escape(word[:4])}|{re.escape(word[:4])}[^。；]{{0,30}}"
        rf"(?:为0|为零|无|本表为空|空表)",
        text,
    )
    return match.group(0) if match else ""


def sections(context: Context) -> dict[str, tuple[bool, int | None, str]]:
    joined = paragraphs(context)
    found = {}
    for key, _, pattern in SECTIONS:
        hit = next(((page, m) for page, t in joined if (m := re.search(pattern, t))), None)
        found[key] = (hit is not None, hit[0] if hit else None, hit[1].group(0)[:40] if hit else "")
    return found


def completeness(context: Context) -> tuple[float, str, list[Item], pd.DataFrame]:
    """The score (0–100), its grade, the scored items with evidence, and the standard-table frame."""
    part = document_part(context)
    holds = PART_HOLDS[part]
    tables = standard_tables(context)
    section_hits = sections(context)
    lines = context.lines
    items: list[Item] = []
    for key, weight, needs, _ in WEIGHTS:
        if needs not in holds and not (part == "performance" and key == "performance"):
            name = next((n for k, n, _ in SECTIONS if k == key), ITEM_NAMES.get(key, key))
            items.append(Item(key, name, "in_pair" if part in ("narrative", "tables") else "n/a", None, 0, 0,
                              "judged in the paired file" if part in ("narrative", "tables") else ""))
            continue
        if key == "tables":
            required = tables[tables["required"]]
            good = required["status"].isin(["found", "empty"]).sum()
            share = good / len(required) if len(required) else 1.0
            items.append(
                Item(
                    key,
                    "标准表",
                    f"{good}/{len(required)}",
                    None,
                    weight,
                    weight * share,
                    "; ".join(f"{r.name}:{r.status}" for r in required.itertuples()),
                )
            )
        elif key == "function_item_level":
            deep = bool(len(lines)) and ((lines["classification"] == "function") & (lines["level"] == 3)).any()
            items.append(Item(key, "功能分类项级", "found" if deep else "missing", None, weight, weight * deep, ""))
        elif key == "economic_level":
            deep = bool(len(lines)) and ((lines["classification"] == "economic") & (lines["level"] == 2)).any()
            items.append(Item(key, "经济分类款级", "found" if deep else "missing", None, weight, weight * deep, ""))
        else:
            hit, page, evidence = section_hits.get(key, (False, None, ""))
            if key == "performance" and any(
                k in ("project_performance", "department_performance") for k in context.kinds
            ):
                hit, evidence = True, "绩效目标表"
            name = next(n for k, n, _ in SECTIONS if k == key)
            items.append(Item(key, name, "found" if hit else "missing", page, weight, weight * hit, evidence))
    possible = sum(i.weight for i in items)
    score = round(100 * sum(i.score for i in items) / possible, 1) if possible else 0.0
    grade = next(g for threshold, g in GRADES if score >= threshold)
    return score, grade, items, tables


ITEM_NAMES = {"tables": "标准表", "function_item_level": "功能分类项级", "economic_level": "经济分类款级"}


def completeness_findings(context: Context) -> list[dict]:
    score, grade, items, tables = completeness(context)
    rows = [finding("C04", score=score, grade=grade, actual=score, expected=100.0, measure="score")]
    for row in tables.itertuples():
        if row.status == "missing" and row.required:
            rows.append(finding("C01", name=row.name, code=row.key))
        elif row.status == "empty_unstated":
            rows.append(finding("C02", name=row.name, code=row.key, page=row.page))
    for item in items:
        if item.status == "missing" and item.key in ("function_item_level", "economic_level"):
            rows.append(finding("C05", name=item.name, code=item.key))
        elif item.status == "missing" and item.key not in ("tables",):
            rows.append(finding("C03", name=item.name, code=item.key))
    return rows


EMPTY_NOTE = re.compile(
    r"本(?:部门|单位)?\d{0,4}年?度?(?:没有|无)(?P<what>[^，。,]{2,30}?)(?:财政拨款)?安排|本表为空|空表"
)
NOTE_SUBJECTS = (("政府性基金", "政府性基金"), ("国有资本", "国有资本"), ("三公", "三公"), ("机关运行", "机关运行"))


def table_notes(context: Context) -> list[dict]:
    """A table's note that does not fit it (P05): "本表为空" under printed figures, or the note of
    another table (a 国有资本 table whose note speaks of 政府性基金)."""
    rows = []
    printed = set()
    if not context.lines.empty:
        printed = set(
            context.lines.loc[~context.lines["is_blank"].astype(bool) & (context.lines["amount"] != 0), "table_index"]
        )
    for table, kind in zip(context.tables, context.kinds, strict=False):
        notes = "".join(re.sub(r"\s", "", n) for n in table.notes)
        cells = "".join(re.sub(r"\s", "", c) for row in table.rows for c in row if "注" in c or "本表" in c)
        text = notes + cells
        if not text or not kind:
            continue
        title = re.sub(r"\s", "", table.title)
        if re.search(r"本表为空|为空表", text) and table.index in printed:
            rows.append(
                finding(
                    "P05", page=table.page, said=f"{title}：表中有数字，表注却称为空表", table=kind, quote=text[:120]
                )
            )
        for word, title_word in NOTE_SUBJECTS:
            if re.search(rf"无{word}", text) and title_word not in title and any(w in title for w, _ in NOTE_SUBJECTS):
                rows.append(
                    finding("P05", page=table.page, said=f"{title}：表注称“无{word}”", table=kind, quote=text[:120])
                )
    return rows
