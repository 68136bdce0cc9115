"""How good is the audit? Recall on the corpus's real problems, a mutation harness, and precision.

    BUDGETLIB_CORPUS=/work/shared/corpus .venv/bin/python benchmarks/audit.py [--no-mutations] [--out DIR]

- Recall: every row of truth/doc_inconsistencies.tsv, labelled with its family (and the rules that
  should find it) in tests/expected/inconsistency_families.csv. A row is found when the document has a
  finding (not a reading problem) of one of those rules on one of the row's pages (±1), carrying the row's
  classification code where the truth gives one (as score_corpus's audit_recall asks). Reported per
  family, per region (regions with at least 3 known problems) and overall, for the rows within reach and
  for all rows.
- Mutations: each corpus document, read once, gets one error injected into its extracted text or grids
  per family (a changed number, a swapped direction word, a wrong year, a deleted table, a placeholder,
  a doubled phrase, a wrong 类 name). A mutation is caught when the mutated document has a new finding of
  the target family that the original did not have.
- Precision: error-level findings over the corpus; real = matching a truth row or confirmed on the page
  (tests/expected/confirmed_findings.csv). Every other error-level finding is listed as a false alarm.

Not a timed test: it prints figures. Raw readings are cached under .cache/audit_raw (by file and reader-code hash) so a
rerun after a rule change costs seconds, not a re-read of every PDF.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import os
import pickle
import re
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from budgetlib.errors import BudgetError  # noqa: E402
from budgetlib.pipeline import build_document  # noqa: E402
from budgetlib.readers import read_source  # noqa: E402

CORPUS = Path(os.environ.get("BUDGETLIB_CORPUS", ROOT.parent / "shared" / "corpus"))
LABELS = ROOT / "tests" / "expected" / "inconsistency_families.csv"
CONFIRMED = ROOT / "tests" / "expected" / "confirmed_findings.csv"
CACHE = ROOT / ".cache" / "audit_raw"
FOUND = {"fail", "warning", "note", "rounding"}
MUTATIONS = (
    "changed_number",
    "direction_word",
    "wrong_year",
    "deleted_table",
    "placeholder",
    "doubled_phrase",
    "wrong_class_name",
)
TARGET_FAMILY = {
    "changed_number": {"arithmetic"},
    "direction_word": {"narrative"},
    "wrong_year": {"years_scope"},
    "deleted_table": {"completeness"},
    "placeholder": {"placeholders"},
    "doubled_phrase": {"text_quality"},
    "wrong_class_name": {"codes", "narrative"},
}


def _reader_version() -> str:
    """A digest of the reader's own code: a cached reading is stale the moment the reader changes."""
    digest = hashlib.sha256()
    for source in sorted((ROOT / "budgetlib" / "readers").rglob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:12]


READER = _reader_version()


def raw_of(path: Path):
    digest = hashlib.sha256(path.read_bytes() + READER.encode()).hexdigest()[:20]
    cached = CACHE / f"{digest}.pkl"
    if cached.exists():
        return pickle.loads(cached.read_bytes())
    raw = read_source(path)
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(pickle.dumps(raw))
    return raw


def build(raw):
    return build_document(raw, [Path(raw.path.split(";")[0])])


def pages_of(text: str) -> set[int]:
    return {int(p) for p in str(text).split(";") if p.strip().isdigit()}


def matches(row, findings: pd.DataFrame) -> bool:
    rules = [r for r in str(row.rules).split(";") if r]
    if not rules:
        return False
    candidates = findings[findings["rule"].isin(rules) & findings["status"].isin(FOUND)]
    code = (str(row.code).split() or [""])[0]
    if re.fullmatch(r"\d{3,7}", code):  # a truth row about one subject: the finding carries its code (as the scorer)
        candidates = candidates[candidates["code"].astype(str) == code]
    pages = pages_of(row.pages)
    if not pages:
        return len(candidates) > 0
    near = {p + d for p in pages for d in (-1, 0, 1)}
    on_page = candidates["page"].isin(near)
    unpaged = candidates["page"].isna()
    return bool(on_page.any() or unpaged.any())


def recall(documents: dict[str, pd.DataFrame]) -> pd.DataFrame:
    labels = pd.read_csv(LABELS, dtype=str, keep_default_na=False)
    rows = []
    for row in labels.itertuples():
        checks = documents.get(row.file)
        found = checks is not None and matches(row, checks)
        rows.append(
            {
                "row": int(row.row),
                "file": row.file,
                "region": row.file.split("/")[0],
                "family": row.family,
                "in_reach": row.in_reach == "yes",
                "found": found,
                "rules": row.rules,
                "pages": row.pages,
            }
        )
    return pd.DataFrame(rows)


def print_recall(result: pd.DataFrame) -> None:
    reach = result[result["in_reach"]]
    print("\n## Recall on truth/doc_inconsistencies.tsv")
    print(
        f"overall: {reach['found'].sum()}/{len(reach)} within reach = {reach['found'].mean():.3f}; "
        f"{result['found'].sum()}/{len(result)} of all rows = {result['found'].mean():.3f}"
    )
    print("\nper family (within reach / all rows):")
    for family, group in result.groupby("family"):
        inside = group[group["in_reach"]]
        share = f"{inside['found'].mean():.2f}" if len(inside) else "  - "
        print(
            f"  {family:15} {inside['found'].sum():3}/{len(inside):<3} {share}   "
            f"all {group['found'].sum()}/{len(group)}"
        )
    print("\nper region with ≥ 3 known problems (within reach / all rows):")
    for region, group in result.groupby("region"):
        if len(group) >= 3:
            inside = group[group["in_reach"]]
            print(
                f"  {region:10} {inside['found'].sum():3}/{len(inside):<3} {inside['found'].mean():.2f}   "
                f"all {group['found'].sum()}/{len(group)} {group['found'].mean():.2f}"
            )
    missed = reach[~reach["found"]]
    if len(missed):
        print("\nmissed (within reach):")
        for row in missed.itertuples():
            print(f"  row {row.row:2} {row.family:13} {row.rules:20} p{row.pages:10} {row.file}")


def precision(documents: dict[str, pd.DataFrame], result: pd.DataFrame) -> pd.DataFrame:
    labels = pd.read_csv(LABELS, dtype=str, keep_default_na=False)
    confirmed = (
        pd.read_csv(CONFIRMED, dtype=str, keep_default_na=False)
        if CONFIRMED.exists()
        else pd.DataFrame(columns=["file", "rule", "page", "reason"])
    )
    rows = []
    for file, checks in documents.items():
        errors = checks[checks["status"] == "fail"]
        truth_rows = labels[labels["file"] == file]
        for finding in errors.itertuples():
            page = None if pd.isna(finding.page) else int(finding.page)
            real = False
            for row in truth_rows.itertuples():
                near = {p + d for p in pages_of(row.pages) for d in (-1, 0, 1)}
                if finding.rule in str(row.rules).split(";") and (page is None or not near or page in near):
                    real = True
            confirmed_here = confirmed[
                (confirmed["file"] == file)
                & (confirmed["rule"] == finding.rule)
                & (confirmed["page"] == ("" if page is None else str(page)))
            ]
            rows.append(
                {
                    "file": file,
                    "rule": finding.rule,
                    "family": finding.family,
                    "page": page,
                    "message": finding.message,
                    "quote": finding.quote,
                    "real": real or len(confirmed_here) > 0,
                    "how": "truth" if real else ("confirmed" if len(confirmed_here) else ""),
                }
            )
    return pd.DataFrame(rows, columns=["file", "rule", "family", "page", "message", "quote", "real", "how"])


def print_precision(table: pd.DataFrame, documents: dict[str, pd.DataFrame]) -> None:
    labels = pd.read_csv(LABELS, dtype=str, keep_default_na=False)
    print("\n## Precision (error-level findings)")
    if table.empty:
        print("no error-level findings")
        return
    print(
        f"real: {table['real'].sum()}/{len(table)} = {table['real'].mean():.3f} "
        f"({(table['how'] == 'truth').sum()} in the truth, {(table['how'] == 'confirmed').sum()} confirmed on the page)"
    )
    print("per family:")
    for family, group in table.groupby("family"):
        print(f"  {family:15} {group['real'].sum():3}/{len(group):<3} {group['real'].mean():.2f}")
    clean = [f for f in documents if f not in set(labels["file"])]
    flagged = sorted({f for f in clean if (table["file"] == f).any()})
    print(f"documents without a known problem: {len(clean)}; with an error-level finding: {len(flagged)}")
    notes = sum(
        int((checks["status"].isin(["rounding", "note"]) & (checks["family"] == "arithmetic")).sum())
        for checks in documents.values()
    )
    print(f"arithmetic roundings reported as notes: {notes}")
    false = table[~table["real"]]
    if len(false):
        print(f"\nfalse alarms ({len(false)}):")
        for row in false.itertuples():
            print(f"  {row.file[:40]:40} {row.rule} p{row.page} {str(row.message)[:70]}")


# ---------------------------------------------------------------- mutations
def _findings_key(checks: pd.DataFrame) -> set:
    found = checks[checks["status"].isin(FOUND)]
    return set(zip(found["rule"], found["page"].astype(str), found["message"], strict=True))


def mutate(raw, kind: str, year: int | None):
    """A copy of the raw document with one error of `kind` injected, or None when it has no place for it."""
    raw = copy.deepcopy(raw)
    narrative = raw.narrative
    if kind == "changed_number":
        from budgetlib.catalogue import recognise

        for table in raw.tables:
            recognised = recognise(table.title, table.rows)
            if recognised is None or recognised.layout == "performance":
                continue  # a number with arithmetic around it: a budget table's figure
            for row in table.rows:
                head = re.sub(r"\s", "", "".join(row[:3]))
                if re.match(r"^\d{7}", head) or re.match(r"^\d{3}\d{2}\d{2}", head):
                    for index, cell in enumerate(row):
                        if (
                            index >= 1
                            and re.fullmatch(r"[\d,]+\.\d{2}", cell.strip())
                            and float(cell.replace(",", "")) > 1
                        ):
                            row[index] = f"{float(cell.replace(',', '')) + 10:.2f}"
                            return raw
        return None
    if kind == "direction_word":
        pattern = re.compile(r"(比|较|与)([^，。；]{0,20}?)(增加)([\d,.]+万元[，,]\s*增长[\d.]+%)")
        for number, (page, text) in enumerate(narrative):
            if pattern.search(text):
                narrative[number] = (page, pattern.sub(r"\1\2减少\4", text, count=1))
                return raw
        return None
    if kind == "wrong_year":
        if not year:
            return None
        for number, (page, text) in enumerate(narrative):
            if re.search(rf"比\s*{year - 1}\s*年", text):
                narrative[number] = (page, re.sub(rf"比\s*{year - 1}\s*年", f"比{year}年", text, count=1))
                return raw
        return None
    if kind == "deleted_table":
        from budgetlib.catalogue import match_kind

        for index, table in enumerate(raw.tables):
            kind_ = match_kind(table.title)
            if kind_ and kind_.key in ("three_public", "general_expenditure", "dept_summary"):
                del raw.tables[index]
                return raw
        return None
    if kind == "placeholder":
        for number, (page, text) in enumerate(narrative):
            if re.search(r"\d[\d,.]*\s*万元", text):
                narrative[number] = (page, re.sub(r"\d[\d,.]*(\s*万元)", r"XX\1", text, count=1))
                return raw
        return None
    if kind == "doubled_phrase":
        for number, (page, text) in enumerate(narrative):
            match = re.search(r"[\u4e00-\u9fff]{4}", text)
            if match and "，" in text and len(text) > 30:
                phrase = match.group(0)
                narrative[number] = (page, text[: match.end()] + phrase + text[match.end() :])
                return raw
        return None
    if kind == "wrong_class_name":
        for table in raw.tables:
            for row in table.rows:
                for index, cell in enumerate(row[:3]):
                    if (
                        re.fullmatch(r"\s*2\d\d\s*", cell)
                        and index + 1 < len(row)
                        and len(row[index + 1]) >= 4
                        and not re.search(r"\d", row[index + 1])
                    ):
                        row[index + 1] = (
                            "医疗卫生与计划生育支出" if "卫生" not in row[index + 1] else "城乡社区事务支出"
                        )
                        return raw
        return None
    raise ValueError(kind)


def mutation_harness(raws: dict[str, object], originals: dict[str, pd.DataFrame]) -> pd.DataFrame:
    rows = []
    for file, raw in raws.items():
        before = _findings_key(originals[file])
        year = None
        for kind in MUTATIONS:
            mutated = mutate(raw, kind, year or _year(originals, file, raw))
            if mutated is None:
                rows.append({"file": file, "mutation": kind, "applied": False, "caught": False})
                continue
            try:
                checks = build(mutated).checks
            except BudgetError:
                rows.append({"file": file, "mutation": kind, "applied": True, "caught": False})
                continue
            found = checks[checks["status"].isin(FOUND) & checks["family"].isin(TARGET_FAMILY[kind])]
            new = set(zip(found["rule"], found["page"].astype(str), found["message"], strict=True)) - before
            rows.append({"file": file, "mutation": kind, "applied": True, "caught": bool(new)})
    return pd.DataFrame(rows)


_YEARS: dict[str, int | None] = {}


def _year(originals, file, raw) -> int | None:
    return _YEARS.get(file)


def print_mutations(table: pd.DataFrame) -> None:
    print("\n## Mutation harness (one injected error per family and document)")
    applied = table[table["applied"]]
    for kind in MUTATIONS:
        group = applied[applied["mutation"] == kind]
        share = f"{group['caught'].mean():.2f}" if len(group) else " - "
        print(f"  {kind:18} caught {group['caught'].sum():3}/{len(group):<3} {share}")
    print(f"  {'all':18} caught {applied['caught'].sum():3}/{len(applied):<3} {applied['caught'].mean():.2f}")
    missed = applied[~applied["caught"]]
    for row in missed.itertuples():
        print(f"    missed: {row.mutation:18} {row.file}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-mutations", action="store_true")
    parser.add_argument("--out", type=Path, default=None, help="write recall/precision/mutations CSVs here")
    args = parser.parse_args()
    manifest = pd.read_csv(CORPUS / "MANIFEST.tsv", sep="\t", dtype=str)
    started = time.perf_counter()
    raws, documents = {}, {}
    for file in manifest["file"]:
        if "模板" in file:
            continue
        try:
            raw = raw_of(CORPUS / file)
            document = build(raw)
        except BudgetError as error:
            print(f"skipped {file}: {error}")
            continue
        raws[file], documents[file] = raw, document.checks
        _YEARS[file] = document.meta.get("year")
    print(f"read {len(documents)} documents in {time.perf_counter() - started:.1f} s")
    result = recall(documents)
    print_recall(result)
    table = precision(documents, result)
    print_precision(table, documents)
    mutations = None
    if not args.no_mutations:
        started = time.perf_counter()
        mutations = mutation_harness(raws, documents)
        print_mutations(mutations)
        print(f"(mutations in {time.perf_counter() - started:.1f} s)")
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        result.to_csv(args.out / "recall.csv", index=False)
        table.to_csv(args.out / "precision.csv", index=False)
        if mutations is not None:
            mutations.to_csv(args.out / "mutations.csv", index=False)


if __name__ == "__main__":
    main()
