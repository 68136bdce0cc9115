"""Pick documents out of the processed store: one department, year, stage and scope at a time.

Every question a notebook asks the store is answered here, with a clear message when the store is
missing or does not hold what was asked for (listing what it does hold).

A notebook reads the rows of its own documents only: DuckDB filters them (`WHERE doc_id IN …`), on one
read-only connection for all the tables, instead of each whole table being read and then filtered in pandas
(a store of a whole province holds millions of lines).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from budgetlib import schema
from budgetlib.errors import BudgetError
from budgetlib.store import connect_read_only

STAGES = ("预算", "决算")
SCOPES = ("部门", "单位")


class NotInStore(BudgetError):
    """The processed store does not hold the document asked for (the message lists what it holds)."""


@contextlib.contextmanager
def reading(processed: str | Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The store, open for reading for the length of a `with`; a missing, damaged or locked store is a
    FolderError that says so (budgetlib.store)."""
    with connect_read_only(processed) as connection:
        yield connection


def rows(connection: duckdb.DuckDBPyConnection, table: str, doc_ids: list[str] | None = None) -> pd.DataFrame:
    """A table of the store, whole or only the rows of some documents, in the order they were stored.

    DuckDB gives an integer or boolean column a nullable dtype only when the rows it returns hold a NULL, and
    no rows at all object columns; the rows of some documents get their columns' declared dtypes
    (budgetlib.schema) instead, so that a document's frames do not change type with what else the store
    holds."""
    if doc_ids is None:
        return connection.execute(f"SELECT * FROM {table}").df()
    found = connection.execute(f"SELECT * FROM {table} WHERE list_contains(?, doc_id)", [list(doc_ids)]).df()
    if found.empty and set(found.columns) == set(schema.names(table)):  # text columns as text, not object
        return schema.empty(table, with_doc_id=True)[list(found.columns)]
    declared = {c.name: c.dtype for c in schema.columns(table) if c.dtype in ("Int64", "boolean")}
    changed = {name: dtype for name, dtype in declared.items() if name in found and str(found[name].dtype) != dtype}
    return found.astype(changed) if changed else found


def documents(processed: str | Path, connection: duckdb.DuckDBPyConnection | None = None) -> pd.DataFrame:
    """The store's documents; for a department-year-stage-scope read both as one file and as parts, the one
    with the most lines wins (its key figures are the fullest). A department printed differently across
    years is one department once the user's alias file (`extract --aliases`) has named it so."""
    if connection is None:
        with reading(processed) as connection:
            return documents(processed, connection)
    docs = rows(connection, "documents")
    counts = connection.execute("SELECT doc_id, count(*) AS line_count FROM lines GROUP BY doc_id").df()
    lines = counts.set_index("doc_id")["line_count"].astype("int64")
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
         scope: str | None = None, connection: duckdb.DuckDBPyConnection | None = None) -> pd.DataFrame:
    """The documents of one department (any printed alias), one stage, optionally one year and scope."""
    docs = documents(processed, connection)
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


FRAMES = ("lines", "key_figures", "facts", "indicators", "projects", "checks", "tables")


def frames(processed: str | Path, doc_ids: list[str], names: tuple[str, ...] = FRAMES,
           connection: duckdb.DuckDBPyConnection | None = None) -> dict:
    """The named tables of the store, restricted to some documents (only their rows are read)."""
    if connection is None:
        with reading(processed) as connection:
            return frames(processed, doc_ids, names, connection)
    return {name: rows(connection, name, doc_ids) for name in names}


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

    with reading(processed) as connection:
        doc = pick(processed, department, year, stage, scope or None, connection).iloc[0]
        data = frames(processed, [doc["doc_id"]], connection=connection)
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
