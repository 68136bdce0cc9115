"""Does the reader check itself? Issue 11's measures over the corpus, per region.

    BUDGETLIB_CORPUS=/work/shared/corpus .venv/bin/python benchmarks/reading.py

Per region, and in total:
- documents: corpus documents read (a refusal, such as the placeholder template, is not counted);
- reconciled: documents whose every error-level finding is real — a truth inconsistency (by rule and
  page, tests/expected/inconsistency_families.csv) or one confirmed on the page
  (tests/expected/confirmed_findings.csv); a document with an unexplained error-level finding is not;
- reading problems: findings of family `reading` (the reader unsure of a table), kept apart from the
  document's errors;
- unmapped columns: amount columns left as `column:…` measures;
- truth flagged: coded truth inconsistencies in reach that still show as a finding (none may be lost to an
  alternative reading);
- silently wrong: a truth key figure that is read wrong while the document shows no error-level finding
  (target 0).

Not a timed test: it prints figures. Readings are shared with benchmarks/audit.py's cache.
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.audit import CORPUS, build, precision, raw_of, recall  # noqa: E402
from budgetlib.errors import BudgetError  # noqa: E402

TRUTH = CORPUS / "truth"
MEASURES = ("documents", "reconciled", "reading_problems", "unmapped_columns", "truth_flagged", "silently_wrong")


def key_figure_truth() -> dict[str, list[dict]]:
    """The truth's key figures per file (table counts aside)."""
    with open(TRUTH / "key_figures.tsv", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t") if r["figure"] != "table_count"]
    by_file: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_file[row["file"]].append(row)
    return by_file


def wrong_figures(document, truth_rows: list[dict]) -> int:
    """How many truth key figures the document gives, wrong (a figure not read at all is not counted)."""
    wrong = 0
    for row in truth_rows:
        scale = 10000 if row["unit"] == "元" else 1
        value = document.key_figures.get(row["figure"])
        if value is not None and abs(value - float(row["value"]) / scale) > (0.00011 if scale > 1 else 0.0051):
            wrong += 1
    return wrong


def main() -> None:
    files = sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*.pdf"))
    documents, checks, figures = {}, {}, key_figure_truth()
    for file in files:
        try:
            documents[file] = build(raw_of(CORPUS / file))
        except BudgetError:
            continue
        checks[file] = documents[file].checks
    found = recall(checks)
    errors = precision(checks, found)
    table: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(MEASURES, 0))
    for file, document in documents.items():
        unexplained = int((~errors[errors["file"] == file]["real"].astype(bool)).sum())
        reach = found[(found["file"] == file) & found["in_reach"]]
        row = {
            "documents": 1,
            "reconciled": int(unexplained == 0),
            "reading_problems": int(((document.checks["family"] == "reading")
                                     & (document.checks["status"] != "ok")).sum()),
            "unmapped_columns": int(document.lines["measure"].astype(str).str.startswith("column:").sum()),
            "truth_flagged": int(reach["found"].sum()),
            "silently_wrong": 0 if (document.checks["status"] == "fail").any()
            else wrong_figures(document, figures.get(file, [])),
        }
        for region in (file.split("/")[0], "ALL"):
            for measure, value in row.items():
                table[region][measure] += value
    in_reach = found[found["in_reach"]].assign(region=lambda f: f["file"].str.split("/").str[0])
    reach_total = in_reach.groupby("region").size().to_dict() | {"ALL": len(in_reach)}
    frame = pd.DataFrame.from_dict(table, orient="index")
    frame["truth_flagged"] = [f"{frame.loc[r, 'truth_flagged']}/{reach_total.get(r, 0)}" for r in frame.index]
    frame["reconciled"] = [f"{frame.loc[r, 'reconciled']}/{frame.loc[r, 'documents']}" for r in frame.index]
    order = [*sorted(r for r in frame.index if r != "ALL"), "ALL"]
    print(frame.loc[order, list(MEASURES)].to_string())


if __name__ == "__main__":
    main()
