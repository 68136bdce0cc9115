"""Pick documents out of the processed store: one department, one year, one stage at a time."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from budgetlib.store import load

ALIASES = Path(__file__).with_name("department_aliases.csv")


def department_aliases() -> dict[str, str]:
    """Printed name → canonical name (a department is printed differently across years and files)."""
    table = pd.read_csv(ALIASES, dtype=str, encoding="utf-8")
    return dict(zip(table["alias"], table["department"], strict=True))


def canonical(name: str, aliases: dict[str, str] | None = None) -> str:
    return (aliases if aliases is not None else department_aliases()).get(name, name)


def documents(processed: str | Path) -> pd.DataFrame:
    """The store's documents with a canonical department name; for a department-year-stage read both
    as one file and as parts, the one with the most lines wins (its key figures are the fullest)."""
    docs = load(processed, "documents")
    lines = load(processed, "lines").groupby("doc_id").size().rename("line_count")
    aliases = department_aliases()
    docs = docs.join(lines, on="doc_id").fillna({"line_count": 0})
    docs["department_name"] = docs["department"].map(lambda name: canonical(name, aliases))
    docs = docs.sort_values(["department_name", "year", "stage", "line_count"], ascending=[True, True, True, False])
    return docs.drop_duplicates(["department_name", "year", "stage", "scope"]).reset_index(drop=True)


def pick(processed: str | Path, department: str, year: int | None = None, stage: str = "预算") -> pd.DataFrame:
    """The documents of one department (any printed alias), optionally one year."""
    docs = documents(processed)
    wanted = canonical(department)
    chosen = docs[(docs["department_name"] == wanted) & (docs["stage"] == stage)]
    if year is not None:
        chosen = chosen[chosen["year"] == int(year)]
    if chosen.empty:
        known = ", ".join(sorted(set(docs["department_name"])))
        raise LookupError(f"no {stage} document for {department!r}{f' in {year}' if year else ''} in {processed}; "
                          f"the store holds: {known}")
    return chosen


def frames(processed: str | Path, doc_ids: list[str], names: tuple[str, ...] = ("lines", "key_figures", "facts",
                                                                                   "indicators", "projects",
                                                                                   "checks")) -> dict:
    """The named tables of the store, restricted to some documents."""
    wanted = set(doc_ids)
    return {name: (table := load(processed, name))[table["doc_id"].isin(wanted)].reset_index(drop=True)
            for name in names}


@dataclass
class Context:
    """What a per-document notebook starts from: the document row, its frames, key figures, source line
    and output folder."""

    doc: pd.Series
    data: dict
    figures: dict
    source: str
    out: Path


def open_document(processed: str | Path, department: str, year: int, stage: str, output_dir: str | Path) -> Context:
    """One department-year from the store, ready for a notebook."""
    from budgetlib.charts import source_line

    doc = pick(processed, department, year, stage).iloc[0]
    data = frames(processed, [doc["doc_id"]])
    figures = data["key_figures"].set_index("key")["amount"].to_dict()
    return Context(doc, data, figures, source_line(doc["department_name"], year, stage), Path(output_dir))
