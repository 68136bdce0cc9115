"""The sources of every key figure (issue 11, 5): one row per figure and source that gives it, with
its value, kind (table / narrative / empty table), page, whether it was chosen and why, and whether it
agrees with the chosen value at the printed precision.
"""

from __future__ import annotations

import re

import pandas as pd

from budgetlib.key_figures import ENUMERATION, KEY_FIGURES, FromEmptyTable, FromFact, Sources

SOURCE_COLUMNS = ["key", "source", "kind", "value", "page", "chosen", "why", "agrees"]
TOLERANCE = 0.011  # 万元: the narrative rounds to 0.01; 元 tables are compared as printed in 万元


def _line_page(lines: pd.DataFrame, source) -> int | None:
    """The page of the row a table source reads (a total row, a 类 row summed, a fund's sub-column)."""
    if lines.empty:
        return None
    rows = lines[(lines["kind"] == source.table) & (lines["measure"] == source.measure)]
    side = getattr(source, "side", "")
    if side:
        rows = rows[rows["side"] == side]
    name = getattr(source, "name", None)
    for printed, page in zip(rows["name"], rows["page"], strict=True):
        if pd.isna(page):
            continue
        if name is None or re.match(name, ENUMERATION.sub("", str(printed).replace(" ", ""))):
            return int(page)
    return None


def key_figure_sources(sources: Sources, figures: dict[str, float], lines: pd.DataFrame,
                       facts: pd.DataFrame) -> pd.DataFrame:
    fact_pages = {}
    if facts is not None and len(facts):
        for subject, page in zip(facts["subject"], facts["page"], strict=True):
            if not pd.isna(page):
                fact_pages.setdefault(subject, int(page))
    rows = []
    for key, candidates in KEY_FIGURES.items():
        chosen_done = False
        for rank, source in enumerate(candidates):
            value = sources.value(source)
            if value is None:
                continue
            if isinstance(source, FromFact):
                kind, page = "narrative", fact_pages.get(source.subject)
            elif isinstance(source, FromEmptyTable):
                kind, page = "empty_table", None
            else:
                kind, page = "table", _line_page(lines, source)
            chosen = not chosen_done and key in figures and abs(figures[key] - value) < 1e-9
            why = (f"first available source (rank {rank + 1} of {len(candidates)})" if chosen else
                   "a later source: compared with the chosen one")
            chosen_done = chosen_done or chosen
            agrees = key in figures and abs(round(value, 2) - round(figures[key], 2)) <= TOLERANCE
            rows.append({"key": key, "source": source.describe(), "kind": kind, "value": float(value), "page": page,
                         "chosen": chosen, "why": why, "agrees": bool(agrees)})
    frame = pd.DataFrame(rows, columns=SOURCE_COLUMNS)
    frame["page"] = frame["page"].astype("Int64")
    return frame
