"""Which reports a batch runs: every per-document notebook of every document in the store (预算 and 决算),
and the cross-department notebook once per stage; each only when something it reads has changed.

A report's key is a digest of everything it reads: the documents (their doc_ids, which are digests of the
files), its notebook's source and the library's version. What a notebook reads:
- overview, basic_vs_project, indicator_weights: its document;
- year_over_year: every year of its department, stage and scope up to its own year;
- compare_departments: every document in the store.
A report whose key is the one the journal holds, and whose HTML is still there, is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from budgetlib.batch.state import digest, library_version
from budgetlib.reports import ACROSS, NOTEBOOKS, PER_DOCUMENT, comparison, folder_for, parameters_for

OWN_DOCUMENT = ("overview", "basic_vs_project", "indicator_weights")


@dataclass
class Report:
    """One notebook to run into one report folder."""

    name: str
    folder: Path
    parameters: dict
    inputs: list[str]  # the doc_ids it reads
    label: str  # department year stage-scope, or 部门比较 stage
    key: str = ""

    @property
    def id(self) -> str:
        return f"{self.folder.as_posix()}/{self.name}"

    @property
    def html(self) -> Path:
        return self.folder / f"{self.name}.html"


def notebook_digest(name: str) -> str:
    return digest((NOTEBOOKS / f"{name}.py").read_text(encoding="utf-8"))


def plan(docs: pd.DataFrame, processed: Path, reports: Path) -> tuple[list[Report], list[str]]:
    """Every report of the store's documents (a store_view.documents frame), with its key; and the documents
    that get none, with the reason."""
    planned, skipped = [], []
    sources = {name: notebook_digest(name) for name in (*PER_DOCUMENT, *ACROSS)}
    version = library_version()
    for doc in docs.itertuples():
        if pd.isna(doc.year):
            skipped.append(f"{doc.source}: {doc.department_name or 'a document'} has no year in the store; its "
                           "notebooks need one")
            continue
        folder = folder_for(reports, doc)
        parameters = parameters_for(doc, processed, folder)
        label = f"{doc.department_name} {int(doc.year)} {doc.stage}-{doc.scope}"
        same = docs[(docs["department_name"] == doc.department_name) & (docs["stage"] == doc.stage)
                    & (docs["scope"] == doc.scope) & (docs["year"] <= doc.year)]
        for name in PER_DOCUMENT:
            inputs = [doc.doc_id] if name in OWN_DOCUMENT else sorted(same["doc_id"])
            planned.append(Report(name, folder, parameters, inputs, label))
    for stage in sorted(set(docs["stage"].dropna())):
        folder, parameters = comparison(processed, reports, stage)
        for name in ACROSS:
            planned.append(Report(name, folder, parameters, sorted(docs["doc_id"]), f"部门比较 {stage}"))
    for report in planned:
        report.key = digest("|".join([version, sources[report.name], *report.inputs]))
    return planned, skipped


def stale(planned: list[Report], done: dict[str, dict], force: bool = False) -> list[Report]:
    """The reports to run: all with --force; else those whose key changed or whose HTML is gone."""
    if force:
        return list(planned)
    return [r for r in planned if done.get(r.id, {}).get("inputs") != r.key or not r.html.is_file()]
