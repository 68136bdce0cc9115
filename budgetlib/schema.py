"""The output schema, declared once: every column of every frame with its dtype, unit, description and
Chinese label; the Chinese labels of measures, key figures and checks.

Everything downstream takes its types and labels from here, never from the data it happens to see:
- the store creates its DuckDB tables from `ddl()` (so the first document extracted cannot decide
  that `weight` is text);
- `conform()` validates a document's frames when it is built (missing or unexpected columns, values
  that do not fit their type) and gives every column its declared dtype;
- charts, the HTML reports and the XLSX headers show `label()`; CSV and Parquet keep the column ids
  for scripts and the data package.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from budgetlib.errors import BudgetError


@dataclass(frozen=True)
class Column:
    """One column of one frame. `dtype` is a pandas dtype name; `unit` is '' where none applies."""

    name: str
    dtype: str
    label: str
    description: str
    unit: str = ""


# The store's schema version, kept in the store (table `budgetlib_schema`). A store of an earlier version is
# migrated when it is opened for writing (each step below, in one transaction); a store of a later version is
# refused with a message that says so. A store made before versions were kept is version 1.
SCHEMA_VERSION = 2
MIGRATIONS: dict[int, tuple[str, ...]] = {  # from version N to N + 1: the SQL statements
    # 1 → 2: the lines' table kind was called `table`, which read as a table's name or number (see CHANGELOG.md)
    1: ('ALTER TABLE IF EXISTS lines RENAME COLUMN "table" TO kind',),
}
VERSION_TABLE = "budgetlib_schema"


DUCKDB_TYPES = {"str": "VARCHAR", "float64": "DOUBLE", "Int64": "BIGINT", "int64": "BIGINT", "bool": "BOOLEAN",
                "boolean": "BOOLEAN"}
DOC_ID = Column("doc_id", "str", "文件编号", "first 16 hex digits of the SHA-256 of the source file(s)")
PAGE = Column("page", "Int64", "页码", "1-based page of the PDF the value was read from (empty for the text form)")

FRAMES: dict[str, tuple[Column, ...]] = {
    "documents": (
        DOC_ID,
        Column("region", "str", "地区", "province/city/district prefix of the department's name"),
        Column("department", "str", "部门", "the department's name (as printed, or as corrected by the user)"),
        Column("department_source", "str", "部门名称来源",
               "where the name comes from: document, alias (a user alias file) or override (given by the user)"),
        Column("year", "Int64", "年度", "the budget year"),
        Column("stage", "str", "阶段", "预算 (budget) or 决算 (final accounts)"),
        Column("scope", "str", "范围", "部门 (the department with its units) or 单位 (one unit)"),
        Column("source", "str", "来源文件", "the file(s) read, ';'-joined"),
        Column("sha256", "str", "SHA-256", "digest of the source file(s)"),
        Column("source_unit", "str", "原始单位", "the unit most of the document's tables are printed in"),
        Column("reading_quality", "str", "读取质量",
               "one line on how well the document was read: tables read, key figures, lines reconciled, "
               "reading problems kept apart from document errors"),
    ),
    "lines": (
        DOC_ID,
        Column("kind", "str", "表类型", "table kind from the catalogue (general_expenditure, three_public, …)"),
        Column("classification", "str", "分类", "function, economic or procurement; empty for summary tables"),
        Column("code", "str", "科目编码", "subject code, digits joined (2010301); empty for rows without one"),
        Column("name", "str", "科目名称", "the row's printed label"),
        Column("level", "Int64", "层级", "1/2/3 = 类/款/项 from the code's length"),
        Column("parent_code", "str", "上级编码", "the code of the row's parent"),
        Column("parent_row", "Int64", "上级行号", "grid row of the row's printed parent (also for names-only rows)"),
        Column("side", "str", "收支", "income or expenditure in two-sided summary tables"),
        Column("measure", "str", "指标", "what the column holds (total, basic, …); column:<header> if unmapped"),
        Column("basis", "str", "口径",
               "empty for the current year's figure; budget (预算数) / final (决算数) where a table prints both; "
               "prior_year, change, carried_over or a fund name for the other column groups"),
        Column("amount", "float64", "金额", "the value, converted exactly to 万元", "万元"),
        Column("is_blank", "bool", "空白单元格", "the cell is blank in a column that exists (amount is 0.0)"),
        Column("provenance", "str", "数据来源", "printed (read from the document) or corrected (a user correction)"),
        Column("source_unit", "str", "原始单位", "the unit the table is printed in"),
        PAGE,
        Column("row", "int64", "行号", "row number within the table's grid"),
        Column("table_index", "int64", "表序号", "1-based position of the table in the document"),
        Column("table_title", "str", "表名", "the table's printed title"),
        Column("source_line", "Int64", "原文行号", "line of the text form the row comes from"),
    ),
    "key_figures": (
        DOC_ID,
        Column("key", "str", "关键数字", "which headline figure (see KEY_FIGURE_LABELS)"),
        Column("amount", "float64", "金额", "the figure", "万元"),
        Column("unit", "str", "单位", "always 万元"),
    ),
    "facts": (
        DOC_ID,
        Column("subject", "str", "事项", "what the sentence states (a key figure name or a narrative subject)"),
        Column("label", "str", "原文称谓", "the label the sentence uses"),
        Column("year", "int64", "年度", "the year the figure belongs to"),
        Column("amount", "float64", "金额", "the figure as stated", "万元"),
        Column("unit", "str", "单位", "the unit stated (万元, 辆, …)"),
        Column("change", "float64", "增减额", "the stated change against the prior year", "万元"),
        Column("direction", "str", "增减方向", "增加, 减少 or 持平"),
        Column("percent", "float64", "百分比", "a percentage the sentence states", "%"),
        Column("reason", "str", "原因", "the stated reason for the change"),
        Column("derived", "bool", "推算", "true for a prior-year figure computed from a stated change"),
        Column("sentence", "str", "原文", "the sentence"),
        PAGE,
        Column("scope", "str", "口径", "whose money, where the narrative says: all_funds (部门预算), "
                                       "fiscal (财政拨款), general_public_budget, gov_fund, state_capital"),
        Column("carry_over", "str", "含上年结转", "with or without 上年结转, where the narrative says"),
        Column("code", "str", "科目编码", "a function item's code, printed or from the document's own tables"),
        Column("item", "str", "科目名称", "a function item's name path (类-款-项) or an item's label"),
        Column("share", "float64", "占比", "the share the sentence states (占 …%)", "%"),
        Column("base", "str", "比较基数", "what the change is measured against (上年, 2025年执行数, 年初预算数 …)"),
        Column("parent", "str", "所属", "the subject of the figure this one is part of (其中 …)"),
        Column("section", "str", "章节", "the headings the sentence is under"),
        Column("qualifier", "str", "限定", "words that narrow the figure or its change (扣除中央基建后 …)"),
        Column("printed", "str", "原文数字", "the amount as printed (its decimals are the narrative's precision)"),
    ),
    "indicators": (
        DOC_ID,
        Column("scope", "str", "范围", "department (整体绩效) or project"),
        Column("project", "str", "项目", "the project's name; for the department's own indicators its name or "
                                        "activity (活动) as printed"),
        Column("category_1", "str", "一级指标", "first-level indicator category"),
        Column("category_2", "str", "二级指标", "second-level indicator category"),
        Column("indicator", "str", "三级指标", "the indicator"),
        Column("weight", "float64", "权重", "the indicator's weight (points)", "分"),
        Column("operator", "str", "运算符", "≥, ≤, =, …"),
        Column("target", "str", "目标值", "the target as printed"),
        Column("target_value", "float64", "目标数值", "the target's number, when it has one"),
        Column("unit", "str", "计量单位", "the target's unit"),
        Column("core", "boolean", "核心指标", "marked as a core indicator"),
        PAGE,
        Column("row", "int64", "行号", "row number within the table's grid"),
        Column("table_index", "int64", "表序号", "1-based position of the table in the document"),
        Column("target_scope", "str", "目标口径", "年度 or 实施周期 where a table gives both targets"),
        Column("target_text", "str", "目标原文", "the 指标值 as printed (每年≥20场 …)"),
    ),
    "projects": (
        DOC_ID,
        Column("project", "str", "项目", "the project's name"),
        Column("budget", "float64", "预算金额", "the project's funds", "万元"),
        Column("department_in_charge", "str", "主管部门", "the department in charge"),
        Column("summary", "str", "项目概述", "what the project does"),
        Column("basis", "str", "立项依据", "the basis for the project"),
        Column("goal", "str", "绩效目标", "the project's goal"),
        Column("source_unit", "str", "原始单位", "the unit the budget is printed in"),
        PAGE,
        Column("table_index", "Int64", "表序号", "1-based position of the table in the document (empty when the "
                                               "project is described in the narrative)"),
        Column("fiscal", "float64", "财政拨款", "of the budget: 财政拨款", "万元"),
        Column("carry_over", "float64", "上年结转", "of the budget: 上年结转", "万元"),
        Column("other_funds", "float64", "其他资金", "of the budget: 其他资金", "万元"),
        Column("implementing_unit", "str", "实施单位", "who carries the project out"),
        Column("scope", "str", "范围", "project (the projects frame holds no department rows)"),
        Column("source", "str", "来源", "table (a 绩效目标表) or narrative (项目概述 … 年度预算安排)"),
        Column("table_total", "float64", "表合计", "the 合计 row of the project's table, where one is printed", "万元"),
        Column("plan", "str", "实施方案", "the implementation plan (narrative sections)"),
        Column("period", "str", "实施周期", "the implementation period (narrative sections)"),
        Column("items", "str", "预算明细", "the budget's items as stated (label amount; …)"),
    ),
    "checks": (
        DOC_ID,
        Column("check", "str", "核对项", "which rule (see CHECK_LABELS)"),
        Column("table", "str", "表类型", "the table kind checked"),
        Column("code", "str", "科目编码", "the subject code or key figure checked"),
        Column("measure", "str", "指标", "the measure checked"),
        Column("expected", "float64", "应为", "what the rule expects", "万元"),
        Column("actual", "float64", "实为", "what the document prints", "万元"),
        Column("difference", "float64", "差额", "actual − expected", "万元"),
        Column("status", "str", "结果",
               "ok, rounding (≤ printed precision), fail (an error in the document), warning, note, info, or "
               "reading (the reader is unsure of what it read: not a document error)"),
        Column("note", "str", "说明", "what was compared"),
        Column("rule", "str", "规则", "the declared rule's id (budgetlib.audit.rules: A01, N05, R01 …)"),
        Column("family", "str", "规则类别",
               "the rule's family (arithmetic, narrative, …); reading for problems of the reading, not the document"),
        Column("severity", "str", "严重程度", "error, warning, note or info ('' for a check that holds)"),
        PAGE,
        Column("message", "str", "问题描述", "the finding in words (Chinese), from the rule's template"),
        Column("quote", "str", "原文", "the sentence or cell the finding is about, as printed"),
    ),
    "tables": (
        DOC_ID,
        Column("table_index", "int64", "表序号", "1-based position of the table in the document"),
        Column("label", "str", "表号", "the printed label (表一, 公开01表)"),
        Column("title", "str", "表名", "the printed title"),
        Column("kind", "str", "表类型", "the kind recognised ('' when unknown)"),
        Column("unit", "str", "单位", "the printed unit"),
        PAGE,
        Column("rows", "int64", "行数", "rows in the grid"),
        Column("reading", "str", "读法",
               "how the table was read: default, or the alternative kept because the default failed its own "
               "arithmetic systematically (columns_swapped:i-j, figures_shifted_…, joined_with_next)"),
        Column("reading_note", "str", "读法说明",
               "why: how many of its checks failed under the default, which reading reconciled, ties; empty when "
               "the default was never in doubt"),
    ),
}

MEASURE_LABELS: dict[str, str] = {
    "total": "合计", "basic": "基本支出", "project": "项目支出", "reserve": "单位预留机动经费",
    "personnel": "人员经费", "public": "公用经费", "opening_balance": "年初结转和结余",
    "closing_balance": "年末结转和结余", "income": "本年收入", "remitted_to_superior": "上缴上级支出",
    "business_operation": "经营支出", "subsidy_to_subordinates": "对附属单位补助支出",
    "general_public_budget": "一般公共预算", "gov_fund_budget": "政府性基金预算",
    "state_capital_budget": "国有资本经营预算", "fiscal_special_account": "财政专户管理资金",
    "business_operation_income": "事业单位经营收入", "business_income": "事业收入", "superior_subsidy": "上级补助收入",
    "subordinate_turnover": "附属单位上缴收入", "other_income": "其他收入", "fiscal_appropriation": "财政拨款",
    "travel_abroad": "因公出国（境）费", "vehicles": "公务用车购置及运行费", "vehicle_purchase": "公务用车购置费",
    "vehicle_operation": "公务用车运行维护费", "reception": "公务接待费", "meetings": "会议费", "training": "培训费",
    "operating_expenses": "机关运行经费", "three_public_subtotal": "“三公”经费小计",
}
KEY_FIGURE_LABELS: dict[str, str] = {
    "income_total": "收入总计", "expenditure_total": "支出总计", "fiscal_appropriation_total": "财政拨款收支总计",
    "general_public_budget_expenditure_total": "一般公共预算财政拨款支出", "basic_expenditure_total": "基本支出",
    "project_expenditure_total": "项目支出", "reserve_expenditure_total": "单位预留机动经费",
    "basic_personnel_total": "人员经费", "basic_public_total": "公用经费", "three_public_total": "“三公”经费",
    "three_public_travel_abroad": "因公出国（境）费", "three_public_vehicles": "公务用车购置及运行费",
    "three_public_vehicle_purchase": "公务用车购置费", "three_public_vehicle_operation": "公务用车运行维护费",
    "three_public_reception": "公务接待费", "gov_fund_expenditure_total": "政府性基金预算支出",
    "procurement_total": "政府采购", "operating_expenses": "机关运行经费",
    "grand_total": "收支总计（含结转）", "fiscal_grand_total": "财政拨款收支总计（含结转）",
}
CHECK_LABELS: dict[str, str] = {
    "children_sum": "上级科目等于下级之和", "total_row_sum": "合计行等于各行之和", "measure_sum": "合计列等于各列之和",
    "class_agreement": "各表同一科目数字一致", "single_total": "每表只有一个合计",
    "key_figure_agreement": "关键数字各处一致",
    "narrative_agreement": "说明与表格一致", "three_public_parts": "“三公”经费等于各项之和",
    "narrative_parts": "说明中的分项之和", "project_budgets": "项目预算之和", "narrative_percent": "说明中的百分比",
    "indicator_weights": "指标权重合计", "table_read": "表格读取", "correction": "用户更正",
    "summary_balance": "收支总表收支平衡", "missing_value": "缺少的数值", "cell_read": "单元格读取",
}
TABLE_LABELS: dict[str, str] = {
    "three_public": "“三公”经费表", "department_performance": "部门整体绩效目标表",
    "project_performance": "项目绩效目标表", "procurement": "政府采购表", "gov_fund_expenditure": "政府性基金支出表",
    "state_capital_expenditure": "国有资本经营支出表", "operating_expenses": "机关运行经费表",
    "fiscal_basic_expenditure": "财政拨款基本支出表", "basic_expenditure": "基本支出表",
    "fiscal_summary": "财政拨款收支总表", "fiscal_expenditure": "财政拨款支出表",
    "general_expenditure": "一般公共预算支出表", "dept_summary": "部门收支总表", "dept_income": "部门收入表",
    "dept_expenditure": "部门支出表", "narrative": "情况说明",
}
STATUS_LABELS: dict[str, str] = {"ok": "一致", "rounding": "尾差", "fail": "不一致", "info": "提示", "warning": "疑点",
                                 "note": "备注", "reading": "读取问题"}
STAGE_LABELS: dict[str, str] = {"budget": "预算", "final": "决算"}


class SchemaError(BudgetError):
    """A frame does not match the declared schema: a column missing or unexpected, or a value of the wrong type."""


def columns(frame: str) -> tuple[Column, ...]:
    if frame not in FRAMES:
        raise KeyError(f"no frame {frame!r} in the schema; frames: {', '.join(FRAMES)}")
    return FRAMES[frame]


def names(frame: str, *, with_doc_id: bool = True) -> list[str]:
    return [c.name for c in columns(frame) if with_doc_id or c.name != "doc_id"]


def label(frame: str, column: str) -> str:
    """The Chinese label of a column (the id itself for a column the frame does not declare)."""
    return next((c.label for c in FRAMES.get(frame, ()) if c.name == column), column)


def labels(frame: str) -> dict[str, str]:
    return {c.name: c.label for c in columns(frame)}


def value_label(value: str) -> str:
    """A measure, key figure, check or status id in Chinese ('column:<header>' shows its header)."""
    if isinstance(value, str) and value.startswith("column:"):
        return value.removeprefix("column:")
    tables = (KEY_FIGURE_LABELS, MEASURE_LABELS, CHECK_LABELS, STATUS_LABELS, TABLE_LABELS)
    for table in tables:
        if value in table:
            return table[value]
    parts = value.split(".") if isinstance(value, str) else []
    if len(parts) > 1 and all(any(part in table for table in tables) for part in parts):  # narrative.grand_total
        return "·".join(value_label(part) for part in parts)
    return value


def ddl(frame: str) -> str:
    """CREATE TABLE for the store: every column with the DuckDB type of its declared dtype."""
    body = ", ".join(f'"{c.name}" {DUCKDB_TYPES[c.dtype]}' for c in columns(frame))
    return f'CREATE TABLE IF NOT EXISTS "{frame}" ({body})'


def empty(frame: str, *, with_doc_id: bool = False) -> pd.DataFrame:
    """An empty frame with every declared column and dtype."""
    return conform(frame, pd.DataFrame(columns=names(frame, with_doc_id=with_doc_id)), with_doc_id=with_doc_id)


def conform(frame: str, data: pd.DataFrame, *, with_doc_id: bool = False, source: str = "") -> pd.DataFrame:
    """The frame with exactly the declared columns, in order, each in its declared dtype.

    Raises SchemaError naming the frame and column when a column is missing or unexpected, or when a
    value cannot take the column's type (a code read as an amount, a weight read as text)."""
    expected = names(frame, with_doc_id=with_doc_id)
    if data.empty and set(data.columns) <= {"doc_id"}:  # no rows, no columns: nothing that could be mistyped
        data = pd.DataFrame(columns=expected)
    missing = [c for c in expected if c not in data.columns]
    extra = [c for c in data.columns if c not in expected]
    where = source or "<frame>"
    if missing or extra:
        raise SchemaError(where, f"frame {frame!r} does not match the schema: "
                                 f"missing {missing or 'none'}, unexpected {extra or 'none'}")
    out = {}
    for column in columns(frame):
        if column.name not in expected:
            continue
        out[column.name] = _cast(data[column.name], column, frame, where)
    return pd.DataFrame(out, index=data.index)


# The dtype pandas gives text ("str"): a column already of it needs no conversion, only its gaps filled.
TEXT = pd.StringDtype(na_value=float("nan"))


def _cast(values: pd.Series, column: Column, frame: str, where: str) -> pd.Series:
    if values.empty:  # no value to check (a document without indicators): only the dtype to give
        return values.astype(column.dtype)
    try:
        if column.dtype in ("float64", "Int64", "int64"):
            if _numeric(values):  # numbers already: only a missing value is blank, and nothing needs parsing
                numbers = values
            else:
                blank = values.isna() if _numbers_or_gaps(values) else \
                    values.isna() | values.astype("str").str.strip().isin(["", "None", "nan", "<NA>"])
                numbers = pd.to_numeric(values.where(~blank), errors="raise")
            if pd.api.types.is_complex_dtype(numbers):
                raise ValueError("complex numbers are no amounts")
            if column.dtype == "float64":
                return numbers.astype("float64")
            if column.dtype == "int64" and numbers.isna().any():
                raise ValueError("empty values in a column that must always have one")
            return numbers.astype(column.dtype)
        if column.dtype in ("bool", "boolean"):
            mapped = values.map(_boolean)
            if column.dtype == "bool":
                if mapped.isna().any():
                    raise ValueError("empty values in a column that must always have one")
                return mapped.astype("bool")
            return mapped.astype("boolean")
        if values.dtype == TEXT:
            return values.where(values.notna(), "") if values.hasnans else values
        return values.astype("str").where(values.notna(), "").astype("str")
    except (TypeError, ValueError) as error:
        sample = values.head(3).tolist()
        raise SchemaError(where, f"frame {frame!r}, column {column.name!r}: values {sample} do not fit "
                                 f"{column.dtype} ({error})") from error


def _numeric(values: pd.Series) -> bool:
    """Integers or reals (numpy's or pandas' nullable ones), not booleans: their text is never blank
    but for a missing value ("nan", "<NA>"), and pd.to_numeric returns them as they are."""
    dtype = values.dtype
    return pd.api.types.is_float_dtype(dtype) or pd.api.types.is_integer_dtype(dtype)


def _numbers_or_gaps(values: pd.Series) -> bool:
    """Python floats, ints and None only (a frame built from dicts with some values missing): no text
    among them that could be blank, so only the missing ones are."""
    return all(value is None or type(value) in (float, int) for value in values)


def _boolean(value) -> bool | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes", "是", "√", "★"):
        return True
    if text in ("false", "0", "no", "否", ""):
        return False
    raise ValueError(f"{value!r} is not a yes/no value")


def data_dictionary() -> pd.DataFrame:
    """Every column of every frame, for the README and the data package."""
    return pd.DataFrame([{"frame": frame, "column": c.name, "dtype": c.dtype, "unit": c.unit, "label": c.label,
                          "description": c.description} for frame, cols in FRAMES.items() for c in cols])


DOCUMENT_FRAMES = ("lines", "facts", "indicators", "projects", "checks", "tables")


def conform_document(document):
    """Validate a freshly built BudgetDocument against the schema and give every column its dtype.

    Called when a document is built, so a frame that does not match is caught at its source (which
    file, which frame, which column), not when a notebook divides a weight stored as text."""
    source = document.meta.get("source", "")
    for frame in DOCUMENT_FRAMES:
        setattr(document, frame, conform(frame, getattr(document, frame), source=source))
    meta = conform("documents", pd.DataFrame([document.meta]), with_doc_id=True, source=source)
    document.meta = {key: (None if pd.isna(value) else value) for key, value in meta.iloc[0].to_dict().items()}
    if document.meta["year"] is not None:
        document.meta["year"] = int(document.meta["year"])
    bad = {key: value for key, value in document.key_figures.items() if not isinstance(value, int | float)}
    if bad:
        raise SchemaError(source, f"key figures must be numbers in 万元; got {bad}")
    return document


class StoreVersionError(BudgetError):
    """A store made by a newer budgetlib (a schema this one does not know), or an older one opened read-only."""


def stored_version(con) -> int | None:
    """The schema version a DuckDB store holds: None for an empty database, 1 for a store made before versions
    were kept (it has tables but no version)."""
    tables = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if VERSION_TABLE in tables:
        row = con.execute(f"SELECT version FROM {VERSION_TABLE}").fetchone()
        return int(row[0]) if row else 1
    return 1 if "documents" in tables else None


def migrate(con, database: str, on_migrated=None) -> list[str]:
    """Bring a store opened for writing to SCHEMA_VERSION; returns what was done (one line per step).
    `on_migrated(con)` runs in the same transaction when a step was taken (the store counts a generation, so
    that its exports, written under the older schema, are written again).

    A newer store is refused (StoreVersionError), never written into: its columns may mean something else."""
    version = stored_version(con)
    if version is not None and version > SCHEMA_VERSION:
        raise StoreVersionError(database, f"made by a newer budgetlib (store schema {version}); this budgetlib "
                                          f"reads schema {SCHEMA_VERSION} and older: upgrade budgetlib, or choose "
                                          "another --out")
    tables = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    if version == SCHEMA_VERSION and VERSION_TABLE in tables:
        return []
    done = []
    con.execute("BEGIN TRANSACTION")
    try:
        for step in range(version or SCHEMA_VERSION, SCHEMA_VERSION):
            for statement in MIGRATIONS[step]:
                try:
                    con.execute(statement)
                except Exception as error:  # the store is not what its version says: left as it was
                    raise StoreVersionError(database, f"could not migrate from store schema {step} to {step + 1} "
                                                      f"({error}); the store is left as it was") from error
            done.append(f"{database}: migrated from store schema {step} to {step + 1}")
        if done and on_migrated is not None:
            on_migrated(con)
        con.execute(f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (version INTEGER NOT NULL)")
        con.execute(f"DELETE FROM {VERSION_TABLE}")
        con.execute(f"INSERT INTO {VERSION_TABLE} VALUES (?)", [SCHEMA_VERSION])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return done


def check_version(con, database: str) -> None:
    """A store opened for reading must be of this version (an older one is migrated by the next extract)."""
    version = stored_version(con)
    if version is not None and version > SCHEMA_VERSION:
        raise StoreVersionError(database, f"made by a newer budgetlib (store schema {version}); this budgetlib "
                                          f"reads schema {SCHEMA_VERSION}: upgrade budgetlib")
    if version is not None and version < SCHEMA_VERSION:
        raise StoreVersionError(database, f"store schema {version}, older than this budgetlib's "
                                          f"{SCHEMA_VERSION}: run `budgetlib extract` or `budgetlib batch` into it "
                                          "once to migrate it")
