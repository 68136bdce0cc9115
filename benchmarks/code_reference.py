"""Build budgetlib/audit/data/code_reference.csv: what the corpus's documents call each subject code.

    BUDGETLIB_CORPUS=/work/shared/corpus .venv/bin/python benchmarks/code_reference.py

No official 政府收支分类科目 list is available here, so the reference is the corpus's own usage: one row
per code and name, with how many documents print that name, in which years, and where (file:page) as
evidence. Rule K04 compares a document's names with the names other documents of nearby years use; a
user with the official list replaces the CSV (same columns: code, name, documents, years, evidence).
"""

from __future__ import annotations

import os
import re
import sys
from collections import defaultdict
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.audit import build, raw_of  # noqa: E402
from budgetlib.errors import BudgetError  # noqa: E402

CORPUS = Path(os.environ.get("BUDGETLIB_CORPUS", ROOT.parent / "shared" / "corpus"))
TARGET = ROOT / "budgetlib" / "audit" / "data" / "code_reference.csv"


CLASSIFICATION_DIGITS = ("2", "3", "5")


def main() -> None:
    manifest = pd.read_csv(CORPUS / "MANIFEST.tsv", sep="\t", dtype=str)
    seen: dict[tuple[str, str], dict] = defaultdict(lambda: {"documents": set(), "years": set(), "evidence": []})
    for file in manifest.loc[manifest["content"] != "template", "file"]:
        try:
            document = build(raw_of(CORPUS / file))
        except BudgetError:
            continue
        lines = document.lines
        coded = lines[(lines["code"] != "") & lines["classification"].isin(["function", "economic"])]
        # 功能分类 codes open with 2, 部门/政府经济分类 codes with 3 and 5: a 单位编码 (024, 114) is no subject
        coded = coded[coded["code"].astype(str).str[:1].isin(CLASSIFICATION_DIGITS)]
        for code, name, page in set(zip(coded["code"], coded["name"], coded["page"], strict=True)):
            name = re.sub(r"\s|^\[\d+\]|[（(](?:类|款|项)[）)]$", "", str(name))
            if len(name) < 2:
                continue
            entry = seen[(code, name)]
            if file not in entry["documents"]:
                entry["evidence"].append(f"{file}:p{'' if pd.isna(page) else int(page)}")
            entry["documents"].add(file)
            if document.meta["year"]:
                entry["years"].add(str(document.meta["year"]))
    rows = [{"code": code, "name": name, "documents": len(v["documents"]), "years": ";".join(sorted(v["years"])),
             "evidence": " | ".join(sorted(v["evidence"])[:3])} for (code, name), v in sorted(seen.items())]
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows).to_csv(TARGET, index=False)
    print(f"wrote {len(rows)} code/name pairs to {TARGET}")


if __name__ == "__main__":
    main()
