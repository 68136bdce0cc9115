"""Users correct what the reading still gets wrong: the department's name, and single figures.

Both live in the user's own files, outside the package, and are applied when a document is read:
- aliases (`--aliases aliases.csv`): columns `alias,department` and, optionally, `file` (a file name
  or glob, so that a name such as 我校 is replaced only in the files it belongs to);
- corrections (`--corrections corrections.csv`): columns `file,kind,code,measure,value,reason`
  (optionally `basis`, `side`, `row`). `file` is a file name (or glob, or the document's doc_id);
  `kind` the table: its kind (general_expenditure, as in the lines' `kind`), its printed label (表二) or
  its number; `code` the subject code, or the printed name for rows without one (合计); `value` as
  printed, in the table's unit. Files written before the lines' `table` became `kind` name that column
  `table`: still accepted (one of the two, not both). A corrected value keeps its place and gets
  provenance `corrected`; the audit lists every correction (check `correction`, with the old and new
  value and the reason).

A correction that matches no value, or more than one, is an error naming the correction's line:
a figure is never changed by guess.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path

import pandas as pd

from budgetlib.errors import BudgetError
from budgetlib.tidy.numbers import parse_amount

ALIAS_COLUMNS = ("alias", "department")
CORRECTION_COLUMNS = ("file", "kind", "code", "measure", "value", "reason")
LEGACY_KIND = "table"  # the name of `kind` before budgetlib's store schema 2, still read


class CorrectionError(BudgetError):
    """A user's alias or corrections file is malformed, or one of its lines matches no value (or several)."""


def _read_csv(path: str | Path, required: tuple[str, ...], older: dict[str, str] | None = None) -> pd.DataFrame:
    """The file's rows, every value stripped; `older` maps a column's older name to its name (read as such)."""
    path = Path(path)
    if not path.is_file():
        raise CorrectionError(path, "file not found")
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (pd.errors.ParserError, UnicodeDecodeError) as error:
        raise CorrectionError(path, f"not a UTF-8 CSV file ({error})") from error
    table.columns = [c.strip() for c in table.columns]
    for old, new in (older or {}).items():
        if old in table.columns and new in table.columns:
            raise CorrectionError(path, f"both {new!r} and {old!r} columns: {old!r} is the older name of {new!r}; "
                                        "keep one")
        table = table.rename(columns={old: new})
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise CorrectionError(path, f"missing column(s) {', '.join(missing)}; expected {', '.join(required)}")
    return table.apply(lambda column: column.str.strip())


def load_aliases(path: str | Path) -> pd.DataFrame:
    """A user alias file: printed name → the name to use (optionally only for some files)."""
    table = _read_csv(path, ALIAS_COLUMNS)
    if "file" not in table.columns:
        table["file"] = ""
    return table


def load_corrections(path: str | Path) -> pd.DataFrame:
    """A user corrections file, each line checked for a number and a reason. The table is named in `kind`,
    or in `table` in a file written for an earlier budgetlib (read as `kind`, so old files keep working)."""
    table = _read_csv(path, CORRECTION_COLUMNS, older={LEGACY_KIND: "kind"})
    for column in ("basis", "side", "row"):
        if column not in table.columns:
            table[column] = ""
    table["source"] = [f"{Path(path).name}, line {number + 2}" for number in range(len(table))]
    for line in table.itertuples():
        if parse_amount(line.value) is None:
            raise CorrectionError(path, f"line {line.Index + 2}: value {line.value!r} is not a number")
        if not line.reason:
            raise CorrectionError(path, f"line {line.Index + 2}: every correction needs a reason")
    return table


def _file_matches(pattern: str, paths: list[Path], doc_id: str) -> bool:
    if not pattern:
        return True
    return pattern == doc_id or any(fnmatch.fnmatch(p.name, pattern) or p.name == Path(pattern).name
                                    for p in paths)


def resolve_department(printed: str, paths: list[Path], doc_id: str, *, department: str | None = None,
                       aliases: pd.DataFrame | None = None) -> tuple[str, str]:
    """(name, where it comes from): a name given by the user wins, then the user's aliases, then the document."""
    if department:
        return department, "override"
    if aliases is not None:
        for row in aliases.itertuples():
            if row.alias == printed and _file_matches(row.file, paths, doc_id):
                return row.department, "alias"
    return printed, "document"


def apply_corrections(lines: pd.DataFrame, tables: pd.DataFrame, corrections: pd.DataFrame, paths: list[Path],
                      doc_id: str) -> tuple[pd.DataFrame, list[dict]]:
    """Lines with the user's corrections applied (provenance `corrected`), and one audit row per correction."""
    lines = lines.copy()
    if "provenance" not in lines.columns:
        lines["provenance"] = "printed"
    audit = []
    for correction in corrections.itertuples():
        if not _file_matches(correction.file, paths, doc_id):
            continue
        indexes = _table_indexes(tables, correction.kind)
        chosen = lines["table_index"].isin(indexes) & (lines["measure"] == correction.measure)
        chosen &= (lines["code"] == correction.code) | ((lines["code"] == "") & (lines["name"] == correction.code))
        for column in ("basis", "side"):
            if getattr(correction, column):
                chosen &= lines[column] == getattr(correction, column)
        if correction.row:
            chosen &= lines["row"].astype(str) == correction.row
        hits = lines.index[chosen]
        if len(hits) != 1:
            found = "no value" if not len(hits) else f"{len(hits)} values (rows {sorted(lines.loc[hits, 'row'])}; " \
                                                       "add a row, basis or side column to choose one)"
            raise CorrectionError(correction.source, f"kind {correction.kind!r}, code {correction.code!r}, "
                                                     f"measure {correction.measure!r}: matches {found} in "
                                                     f"{'; '.join(p.name for p in paths)}")
        hit = hits[0]
        old = float(lines.at[hit, "amount"])
        new = parse_amount(correction.value, lines.at[hit, "source_unit"] or "万元")
        lines.loc[hit, ["amount", "is_blank", "provenance"]] = [new, False, "corrected"]
        audit.append({"check": "correction", "table": lines.at[hit, "kind"], "code": correction.code,
                      "measure": correction.measure, "expected": old, "actual": new,
                      "difference": round(new - old, 6), "status": "info",
                      "note": f"{correction.reason} ({correction.source})"})
    return lines, audit


def _table_indexes(tables: pd.DataFrame, wanted: str) -> list[int]:
    """A table named by kind, printed label or number."""
    if wanted.isdigit():
        return [int(wanted)]
    chosen = tables[(tables["kind"] == wanted) | (tables["label"] == wanted)]
    return [int(i) for i in chosen["table_index"]]
