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
# # 部门比较 · Comparing departments
# Every document in the processed store: departments ranked by 三公 share, basic share and growth, and
# small multiples of spending over the years. 预算 and 决算 are never mixed into one series, and growth
# is computed only between consecutive years of the same stage.

# %% tags=["parameters"]
department = ""  # unused here: the notebook compares every department in the store
year = 0
processed_dir = "../../data/processed"
output_dir = "../../reports/_comparison"
stage = "预算"

# %%
from pathlib import Path

from budgetlib import charts
from budgetlib.analysis import compare, store_view
from budgetlib.store import load

out = Path(output_dir)
docs = store_view.documents(processed_dir)
table = compare.metrics(docs, load(processed_dir, "key_figures"))
source = f"来源：各部门{stage}公开文件（{table['year'].min()}—{table['year'].max()}年）"
table

# %% [markdown]
# ## 排名 · Rankings (latest year of each department, one stage)

# %%
for column, label in [("three_public_share_pct", "“三公”经费占支出比重"), ("basic_share_pct", "基本支出占比"),
                      ("yoy_growth_pct", "支出同比增长")]:
    ranked = compare.ranking(table, column, stage)
    if len(ranked):
        charts.bars(ranked, "department_name", column, f"{label}（%）", source, out, f"compare_{column}", unit="%")
        display(ranked)

# %% [markdown]
# ## 各部门支出走势 · Small multiples

# %%
series = table[(table["stage"] == stage)].dropna(subset=["expenditure_total"])
if len(series):
    charts.small_multiples(series, "department_name", "year", "expenditure_total", f"各部门{stage}支出", source, out,
                           "compare_small_multiples")
table[table["stage"] != stage]  # the other stage, shown apart, never joined to the series above
