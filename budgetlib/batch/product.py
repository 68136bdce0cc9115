"""The store as a product: a Frictionless data package of Parquet files partitioned by year and stage, the data
dictionary, and one XLSX workbook per department.

Everything is written from the store of record (DuckDB) into `OUT/package/`, built in a temporary folder and
moved into place whole, so a reader finds the previous package or the new one, never half of one:

    package/datapackage.json        the Frictionless descriptor (validated with `frictionless` in the tests)
    package/README.md               the data dictionary (the same as the project README's)
    package/<table>/year=<YYYY>/stage=<预算|决算>/part-0.parquet
    package/function_classification.parquet, package/economic_classification.parquet
    package/departments/<department>.xlsx   a sheet per frame, Chinese headers, for Excel users

Every column is described from budgetlib.schema (type, unit, description, Chinese label). The fiscal fields
follow the Fiscal Data Package: each budget line carries its `fiscal_year`, its `phase` (approved for a
预算, executed for a 决算) and its `direction` (expenditure, or revenue for income tables and the income side
of a summary table); amounts are CNY with a factor of 10000 (万元); the function and economic
classifications are resources of their own, each code with its parent's code (a foreign key on the same
resource), so that the hierarchy can be walked.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from budgetlib import schema
from budgetlib.paths import safe_component

PACKAGE = "package"
DESCRIPTOR = "datapackage.json"
PARTITIONED = ("lines", "key_figures", "facts", "indicators", "projects", "checks", "tables")
FRICTIONLESS_TYPES = {"str": "string", "float64": "number", "Int64": "integer", "int64": "integer",
                      "bool": "boolean", "boolean": "boolean"}
PHASES = {"预算": "approved", "决算": "executed"}
# Which lines are revenue (declared): a table of income, and the income side of a two-sided summary table.
REVENUE_KINDS = ("dept_income",)
REVENUE_SIDES = ("income",)
CLASSIFICATIONS = {"function": "function_classification", "economic": "economic_classification"}
LINE_KIND = "kind"  # the lines column holding the table kind (named `table` before store schema 2)


def complete(out: Path) -> bool:
    """Whether the package is there (a run killed while moving it into place leaves none)."""
    return (Path(out) / PACKAGE / DESCRIPTOR).is_file()


def write(store, warn: Callable[[str], None] = print) -> Path:
    """The package of the store in `store.out`, built aside and moved into place; returns its folder."""
    from budgetlib.store import TABLES

    out = Path(store.out)
    with store.connection() as con:
        frames = {name: con.execute(f'SELECT * FROM "{name}" ORDER BY ALL').df() if _exists(con, name)
                  else schema.empty(name, with_doc_id=True) for name in TABLES}
    staging = out / f".tmp-{os.getpid()}-package-{secrets.token_hex(4)}"
    staging.mkdir()
    try:
        build(frames, staging, warn, label=str(out / PACKAGE))
        target = out / PACKAGE
        old = out / f".tmp-{os.getpid()}-old-package-{secrets.token_hex(4)}"
        if target.exists():
            os.rename(target, old)
        os.rename(staging, target)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return out / PACKAGE


def build(frames: dict[str, pd.DataFrame], folder: Path, warn: Callable[[str], None] = print,
          label: str = PACKAGE) -> dict:
    """Write the package's files into `folder` and return its descriptor (also written, last); `label` names
    the folder in warnings (`folder` may be a temporary one that is renamed into place)."""
    documents = frames["documents"]
    resources = [_resource("documents", _write(documents, folder / "documents.parquet"), folder)]
    for name in PARTITIONED:
        frame = fiscal_lines(frames[name], documents) if name == "lines" else with_period(frames[name], documents)
        resources += _partitions(name, frame, folder)
    for classification, resource in CLASSIFICATIONS.items():
        table = hierarchy(frames["lines"], classification)
        resources.append(_hierarchy_resource(resource, _write(table, folder / f"{resource}.parquet"), folder))
    _departments(frames, folder / "departments", warn, label)
    (folder / "README.md").write_text(data_dictionary_markdown(), encoding="utf-8")
    descriptor = {
        "profile": "data-package",
        "name": "budgetlib-budgets",
        "title": "部门预算与决算（budgetlib）",
        "description": "Chinese government department budgets (部门预算) and final accounts (部门决算), read from "
                       "the published documents by budgetlib: tidy lines, key figures, narrative facts, "
                       "performance indicators, projects, the audit of each document, and the tables found.",
        "version": schema_version(),
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "licenses": [{"name": "other-pd", "title": "The source documents are public disclosures (政府信息公开)"}],
        "fiscal": {"currency": "CNY", "factor": 10000, "unit": "万元",
                   "phases": PHASES, "directions": ["expenditure", "revenue"]},
        "synthetic": bool(len(documents)) and bool(documents["source"].astype(str).str.contains("synthetic").all()),
        "resources": resources,
    }
    (folder / DESCRIPTOR).write_text(json.dumps(descriptor, ensure_ascii=False, indent=1), encoding="utf-8")
    return descriptor


def schema_version() -> str:
    return str(getattr(schema, "SCHEMA_VERSION", 1))


def with_period(frame: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """The frame with its document's fiscal_year and stage (the partition keys)."""
    periods = documents[["doc_id", "year", "stage"]].rename(columns={"year": "fiscal_year"})
    return frame.merge(periods, on="doc_id", how="left")


def fiscal_lines(lines: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """The lines with their Fiscal Data Package fields: fiscal_year, phase, direction (see the module)."""
    frame = with_period(lines, documents)
    revenue = frame[LINE_KIND].isin(REVENUE_KINDS) | frame["side"].isin(REVENUE_SIDES)
    frame["direction"] = revenue.map({True: "revenue", False: "expenditure"}).astype("str")
    frame["phase"] = frame["stage"].map(PHASES).fillna("").astype("str")
    return frame


def hierarchy(lines: pd.DataFrame, classification: str) -> pd.DataFrame:
    """Every code of one classification the store prints, with its most printed name, level and parent code.

    A parent the documents never print on a row of its own (a 类 only ever shown through its 款) is listed
    too, with an empty name: its code follows from its children's, its name is not guessed."""
    coded = lines[(lines["classification"] == classification) & (lines["code"].astype(str) != "")]
    names = (coded.groupby(["code", "name"]).size().rename("count").reset_index()
             .sort_values(["code", "count", "name"], ascending=[True, False, True]).drop_duplicates("code"))
    table = {row.code: row.name for row in names.itertuples()}
    for code in list(table):
        parent = _parent(code)
        while parent and parent not in table:
            table[parent] = ""
            parent = _parent(parent)
    rows = [{"code": code, "name": name, "level": _level(code), "parent_code": _parent(code) or None}
            for code, name in sorted(table.items())]
    return pd.DataFrame(rows, columns=["code", "name", "level", "parent_code"]).astype(
        {"code": "str", "name": "str", "level": "Int64", "parent_code": "object"})


def _parent(code: str) -> str:
    return code[:-2] if len(code) > 3 else ""


def _level(code: str) -> int:
    return 1 + max(0, (len(code) - 3) // 2)


def _write(frame: pd.DataFrame, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_parquet(path, index=False)
    return path


def _partitions(name: str, frame: pd.DataFrame, folder: Path) -> list[dict]:
    """One Parquet file per year and stage (Hive-style folders), each a resource of its own."""
    resources = []
    if frame.empty:
        path = _write(frame, folder / name / "empty.parquet")
        return [_resource(name, path, folder, resource_name=f"{name}-empty")]
    keyed = frame.assign(_year=frame["fiscal_year"].astype("string").fillna("unknown"),
                         _stage=frame["stage"].astype("string").fillna("unknown"))
    for (year, stage), part in keyed.groupby(["_year", "_stage"], sort=True):
        path = folder / name / f"year={year}" / f"stage={safe_component(stage)}" / "part-0.parquet"
        _write(part.drop(columns=["_year", "_stage"]), path)
        resources.append(_resource(name, path, folder,
                                   resource_name=f"{name}-{year}-{PHASES.get(stage, 'unknown')}"))
    return resources


def _resource(frame: str, path: Path, folder: Path, resource_name: str | None = None) -> dict:
    import pyarrow.parquet as pq

    present = pq.read_schema(path).names
    declared = {c.name: c for c in schema.columns(frame)}
    fields = []
    for column in present:
        fields.append(_field(declared[column]) if column in declared else _extra_field(column))
    resource = {"name": resource_name or frame, "path": path.relative_to(folder).as_posix(), "format": "parquet",
                "profile": "tabular-data-resource", "title": schema.label(frame, frame),
                "schema": {"fields": fields}}
    if frame == "documents":
        resource["schema"]["primaryKey"] = ["doc_id"]
    return resource


def _field(column: schema.Column) -> dict:
    field = {"name": column.name, "type": FRICTIONLESS_TYPES[column.dtype], "title": column.label,
             "description": column.description}
    if column.unit:
        field["unit"] = column.unit
    if column.unit == "万元":  # Fiscal Data Package: the measure's currency and factor
        field.update({"columnType": "value", "currency": "CNY", "factor": 10000})
    if column.name == "code":
        field["columnType"] = "classification:code"
    if column.name == "parent_code":
        field["columnType"] = "classification:parent"
    if column.name == "year":
        field["columnType"] = "date:fiscal-year"
    return field


EXTRA_FIELDS = {
    "fiscal_year": {"type": "integer", "title": "财政年度", "columnType": "date:fiscal-year",
                    "description": "the fiscal year of the document the row was read from (the partition's year)"},
    "phase": {"type": "string", "title": "阶段", "columnType": "phase",
              "description": "approved (预算, the budget) or executed (决算, the final accounts)",
              "constraints": {"enum": ["approved", "executed", ""]}},
    "direction": {"type": "string", "title": "收支方向", "columnType": "direction",
                  "description": "expenditure, or revenue for income tables and the income side of summary tables",
                  "constraints": {"enum": ["expenditure", "revenue"]}},
    "stage": {"type": "string", "title": "阶段", "description": "预算 or 决算 of the document (the partition's stage)"},
}


def _extra_field(column: str) -> dict:
    return {"name": column, **EXTRA_FIELDS[column]}


def _hierarchy_resource(name: str, path: Path, folder: Path) -> dict:
    label = {"function_classification": "支出功能分类科目", "economic_classification": "支出经济分类科目"}[name]
    return {"name": name.replace("_", "-"), "path": path.relative_to(folder).as_posix(), "format": "parquet",
            "profile": "tabular-data-resource", "title": label,
            "description": f"{label}: every code the documents print, its most printed name, its level "
                           "(1 类, 2 款, 3 项) and its parent's code",
            "schema": {"fields": [
                {"name": "code", "type": "string", "title": "科目编码", "columnType": "classification:code",
                 "constraints": {"required": True, "unique": True}},
                {"name": "name", "type": "string", "title": "科目名称", "columnType": "classification:label",
                 "description": "the name most often printed with the code ('' where the documents print the "
                                "code only through its children)"},
                {"name": "level", "type": "integer", "title": "层级", "description": "1 类, 2 款, 3 项"},
                {"name": "parent_code", "type": "string", "title": "上级编码", "columnType": "classification:parent",
                 "description": "the parent's code (empty for a 类)"}],
                "primaryKey": ["code"],
                "foreignKeys": [{"fields": ["parent_code"], "reference": {"resource": "", "fields": ["code"]}}]}}


def _departments(frames: dict[str, pd.DataFrame], folder: Path, warn: Callable[[str], None], label: str) -> None:
    """One workbook per department (all its years and stages), a sheet per frame, Chinese headers."""
    from budgetlib.excel import write_xlsx

    documents = frames["documents"]
    if documents.empty:
        return
    folder.mkdir(parents=True, exist_ok=True)
    names = documents["department"].fillna("").replace("", "未识别部门")
    for department, docs in documents.groupby(names):
        ids = set(docs["doc_id"])
        sheets = {name: frame[frame["doc_id"].isin(ids)].rename(columns=schema.labels(name))
                  for name, frame in frames.items()}
        name = f"{safe_component(department)}.xlsx"
        write_xlsx(folder / name, sheets, warn, label=f"{label}/departments/{name}")


def data_dictionary_markdown() -> str:
    """The data dictionary: every frame's columns with type, unit, Chinese label and description."""
    lines = ["# Data dictionary", "",
             "Generated from `budgetlib/schema.py` (`python -m budgetlib.batch.product README.md` refreshes the "
             "README's copy). Amounts are in 万元 (CNY × 10,000); Parquet and CSV keep the column ids, XLSX shows "
             "the Chinese labels.", ""]
    for frame, columns in schema.FRAMES.items():
        lines += [f"## `{frame}`", "", "| column | type | unit | 中文 | description |", "|---|---|---|---|---|"]
        for column in columns:
            description = column.description.replace("|", "\\|")
            lines.append(f"| `{column.name}` | {column.dtype} | {column.unit} | {column.label} | {description} |")
        lines.append("")
    return "\n".join(lines)


README_START = "<!-- data-dictionary:start (generated from budgetlib/schema.py) -->"
README_END = "<!-- data-dictionary:end -->"


def readme_section() -> str:
    body = data_dictionary_markdown().replace("# Data dictionary", "### Data dictionary", 1)
    body = body.replace("\n## `", "\n#### `")
    return f"{README_START}\n{body}\n{README_END}"


def refresh_readme(readme: Path) -> bool:
    """Replace the README's data dictionary with the one generated now; returns whether it changed."""
    text = readme.read_text(encoding="utf-8")
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < 0:
        raise ValueError(f"{readme}: no data dictionary markers ({README_START} … {README_END})")
    updated = text[:start] + readme_section() + text[end + len(README_END):]
    if updated != text:
        readme.write_text(updated, encoding="utf-8")
    return updated != text


def _exists(con, name: str) -> bool:
    query = "SELECT count(*) FROM information_schema.tables WHERE table_name = ?"
    return bool(con.execute(query, [name]).fetchone()[0])


if __name__ == "__main__":
    import sys

    changed = refresh_readme(Path(sys.argv[1] if len(sys.argv) > 1 else "README.md"))
    print("README data dictionary " + ("refreshed" if changed else "already up to date"))
