"""Pick documents out of the processed store: one department, year, stage and scope at a time.

Every question a notebook asks the store is answered here, with a clear message when the store is
missing or does not hold what was asked for (listing what it does hold).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from budgetlib.errors import BudgetError
from budgetlib.store import load

STAGES = ("预算", "决算")
SCOPES = ("部门", "单位")


class NotInStore(BudgetError):
    """The processed store does not hold the document asked for (the message lists what it holds)."""


def _load(processed: str | Path, table: str) -> pd.DataFrame:
    """One table; a missing store is a FolderError that says how to make one (budgetlib.store)."""
    return load(processed, table)


def documents(processed: str | Path) -> pd.DataFrame:
    """The store's documents; for a department-year-stage-scope read both as one file and as parts, the one
    with the most lines wins (its key figures are the fullest). A department printed differently across
    years is one department once the user's alias file (`extract --aliases`) has named it so."""
    docs = _load(processed, "documents")
    lines = _load(processed, "lines").groupby("doc_id").size().rename("line_count")
    docs = docs.join(lines, on="doc_id").fillna({"line_count": 0})
    docs["department_name"] = docs["department"].fillna("")
    unnamed = docs["department_name"] == ""  # never merged with another unnamed document: named by its file
    docs.loc[unnamed, "department_name"] = [f"未识别部门（{Path(str(s).split(';')[0]).name}）"
                                            for s in docs.loc[unnamed, "source"]]
    docs = docs.sort_values(["department_name", "year", "stage", "scope", "line_count"],
                            ascending=[True, True, True, True, False])
    return docs.drop_duplicates(["department_name", "year", "stage", "scope"]).reset_index(drop=True)


def holdings(docs: pd.DataFrame) -> str:
    """What the store holds, one 'department year stage-scope' per document, for error messages."""
    if docs.empty:
        return "nothing"
    return "; ".join(f"{r.department_name} {r.year} {r.stage}-{r.scope}" for r in docs.itertuples())


def pick(processed: str | Path, department: str, year: int | None = None, stage: str = "预算",
         scope: str | None = None) -> pd.DataFrame:
    """The documents of one department (any printed alias), one stage, optionally one year and scope."""
    docs = documents(processed)
    if stage not in STAGES:
        raise NotInStore(processed, f"stage must be one of {', '.join(STAGES)}, not {stage!r}; the store holds: "
                                    f"{holdings(docs)}")
    if scope not in (None, "", *SCOPES):
        raise NotInStore(processed, f"scope must be one of {', '.join(SCOPES)}, not {scope!r}")
    chosen = docs[(docs["department_name"] == department) & (docs["stage"] == stage)]
    if scope:
        chosen = chosen[chosen["scope"] == scope]
    if year is not None:
        chosen = chosen[chosen["year"] == int(year)]
    if chosen.empty:
        asked = " ".join(str(p) for p in (department, year, f"{stage}-{scope}" if scope else stage) if p)
        raise NotInStore(processed, f"no document for {asked}; the store holds: {holdings(docs)}")
    return chosen


def frames(processed: str | Path, doc_ids: list[str], names: tuple[str, ...] = ("lines", "key_figures", "facts",
                                                                                   "indicators", "projects",
                                                                                   "checks", "tables")) -> dict:
    """The named tables of the store, restricted to some documents."""
    wanted = set(doc_ids)
    return {name: (table := _load(processed, name))[table["doc_id"].isin(wanted)].reset_index(drop=True)
            for name in names}


@dataclass
class Context:
    """What a per-document notebook starts from: the document row, its frames, key figures, the reading
    problems, and the output folder."""

    doc: pd.Series
    data: dict
    figures: dict
    problems: pd.DataFrame
    out: Path

    @property
    def document(self) -> str:
        """The document as a reader would name it, with its file name (never a local path)."""
        d = self.doc
        files = "、".join(Path(p).name for p in str(d["source"]).split(";") if p)
        return f"{d['department_name']}{d['year']}年{d['scope']}{d['stage']}（{files}）"

    def text(self, title: str, found=None, unit: str = "万元", note: str = "", pages=None):
        """A chart's words: the finding, who/when/what/unit, the document and page, notes and doubts."""
        from budgetlib.analysis.reading import uncertain_tables
        from budgetlib.charts import Text, source_line, subtitle

        d = self.doc
        table, notes, doubts = "", [note] if note else [], []
        if found is not None:
            table = f"《{found.title}》" if found.title else ""
            pages = pages if pages is not None else found.pages
            notes += found.notes
            doubts += found.uncertain
            if found.title and found.title in uncertain_tables(self.problems):
                doubts.append(f"{table}有读取问题（见报告开头），数字待核")
        return Text(title, subtitle(d["department_name"], d["year"], d["stage"], d["scope"], unit),
                    source_line(self.document, pages, table), "；".join(n for n in notes if n),
                    "；".join(doubts))


def open_document(processed: str | Path, department: str, year: int, stage: str, output_dir: str | Path,
                  scope: str | None = None) -> Context:
    """One department-year-stage(-scope) from the store, ready for a notebook."""
    from budgetlib.analysis.reading import problems

    doc = pick(processed, department, year, stage, scope or None).iloc[0]
    data = frames(processed, [doc["doc_id"]])
    figures = data["key_figures"].set_index("key")["amount"].to_dict()
    found = problems(data["lines"], figures, data["checks"], data["tables"])
    context = Context(doc, data, figures, found, Path(output_dir))
    _warm_font(context)
    return context


def _warm_font(context: Context) -> None:
    from budgetlib.charts import warm

    texts = [context.document, *context.data["lines"]["name"], *context.data["lines"]["table_title"],
             *context.data["indicators"]["indicator"], *context.data["projects"]["project"]]
    warm(texts)
