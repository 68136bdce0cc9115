# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 部门比较
# 库中的全部文件：各部门“三公”经费占比、基本支出占比和支出增长的排名，以及各部门支出走势。
# 预算与决算从不混在同一序列；增长只在同一阶段的相邻年份之间计算。

# %% tags=["parameters"]
department = ""  # unused here: the notebook compares every department in the store
year = 0
stage = "预算"
scope = ""
processed_dir = "../../data/processed"
output_dir = "../../reports/_comparison"

# %%
from pathlib import Path

from IPython.display import display

from budgetlib import charts
from budgetlib.analysis import compare, present, reading, store_view

notes = present.capture()
out = Path(output_dir)
with store_view.reading(processed_dir) as store:
    docs = store_view.documents(processed_dir, store)
    key_figures, lines, checks = (store_view.rows(store, name) for name in ("key_figures", "lines", "checks"))
if scope:
    docs = docs[docs["scope"] == scope]
table = compare.metrics(docs, key_figures)
# a department whose reading is in doubt is marked in every chart below
figures_of = key_figures.groupby("doc_id")
doubtful = set()
for doc in table["doc_id"]:
    figures = figures_of.get_group(doc).set_index("key")["amount"].to_dict() if doc in figures_of.groups else {}
    if reading.doubtful(reading.problems(lines[lines["doc_id"] == doc], figures, checks[checks["doc_id"] == doc])):
        doubtful.add(doc)
table["department_name"] = [f"{name}（读取存疑）" if doc in doubtful else name
                            for name, doc in zip(table["department_name"], table["doc_id"], strict=True)]
years = f"{table['year'].min()}—{table['year'].max()}年" if len(table) else ""
source = f"来源：库中各部门{stage}公开文件（{years}，共{len(table)}份）"
subtitle = f"各部门 · {years}{stage}"
labels = {"department_name": "部门", "year": "年度", "stage": "阶段", "scope": "范围",
          "expenditure_total": "支出总计（万元）", "three_public_share_pct": "“三公”经费占支出（%）",
          "basic_share_pct": "基本支出占比（%）", "yoy_growth_pct": "支出同比增长（%）"}
present.table(table.drop(columns="doc_id"), labels=labels)

# %% [markdown]
# ## 排名（各部门最近一年）

# %%
for column, label in [("three_public_share_pct", "“三公”经费占支出比重"), ("basic_share_pct", "基本支出占比"),
                      ("yoy_growth_pct", "支出同比增长")]:
    ranked = compare.ranking(table, column, stage)
    if len(ranked):
        top = ranked.iloc[0]
        text = charts.Text(f"{label}：{top['department_name']}最高（{top[column]:.1f}%）", subtitle, source)
        display(charts.bars(ranked, "department_name", column, text, out, f"compare_{column}", unit="%"))

# %% [markdown]
# ## 各部门支出走势

# %%
series = table[(table["stage"] == stage)].dropna(subset=["expenditure_total"])
years_each = series.groupby("department_name")["year"].nunique()
series = series[series["department_name"].isin(years_each[years_each > 1].index)]  # a trend needs two years
if len(series):
    text = charts.Text(f"各部门{stage}支出走势（各自刻度）", subtitle, source)
    display(charts.small_multiples(series, "department_name", "year", "expenditure_total", text, out,
                                   "compare_small_multiples"))
other = table[table["stage"] != stage]
if len(other):
    display(present.table(other.drop(columns="doc_id"), labels=labels))  # the other stage, never joined above

# %% [markdown]
# ## 说明

# %%
notes.show()
