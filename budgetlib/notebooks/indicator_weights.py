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
# # 绩效指标权重 · Performance indicator weights
# Weights and their sums per project and for the department, core indicators, operators and units,
# the quantitative share, concentration, a project × indicator heatmap, and budget against indicator count.

# %% tags=["parameters"]
department = "重庆市南岸区人民政府办公室"
year = 2025
processed_dir = "../../data/processed"
output_dir = "../../reports/重庆市南岸区人民政府办公室/2025"
stage = "预算"

# %%
from budgetlib import charts
from budgetlib.analysis import store_view, weights

context = store_view.open_document(processed_dir, department, year, stage, output_dir)
indicators, projects = context.data["indicators"], context.data["projects"]
source, out = context.source, context.out
print(f"{len(indicators)} 个指标，{len(projects)} 个项目")

# %% [markdown]
# ## 每个项目的权重合计 · Weight sums (by convention 90 per project, 100 for the department)

# %%
summary = weights.by_scope(indicators)
if len(summary):
    charts.bars(summary, "project", "weight_sum", f"{year}年各项目指标权重合计", source, out, "weights_sums",
                unit="权重")
summary

# %% [markdown]
# ## 核心指标、运算符与单位 · Core indicators, operators and units

# %%
indicators[indicators["core"].fillna(False).astype(bool)][["project", "indicator", "weight", "operator", "target",
                                                            "unit"]]

# %% [markdown]
# ## 项目 × 指标 · Heatmap

# %%
grid = weights.matrix(indicators)
if grid.size:
    charts.heatmap(grid, f"{year}年项目×指标权重", source, out, "weights_heatmap")

# %% [markdown]
# ## 项目预算与指标个数 · Budget against number of indicators

# %%
budget = weights.budget_vs_indicators(indicators, projects)
if len(budget):
    charts.scatter(budget, "budget", "indicators", "project", f"{year}年项目预算与指标个数", source, out,
                   "weights_budget_vs_indicators")
budget
