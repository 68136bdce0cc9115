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
# # 绩效指标权重
# 各项目指标权重合计（惯例：项目 90 分，部门整体 100 分）、核心指标、权重分布、指标×项目权重热力图、项目预算与指标个数。

# %% tags=["parameters"]
department = "重庆市南岸区人民政府办公室"
year = 2025
stage = "预算"
scope = "部门"
processed_dir = "../../data/processed"
output_dir = "../../reports/重庆市南岸区/重庆市南岸区人民政府办公室/2025/预算-部门"

# %%
from IPython.display import Markdown, display

from budgetlib import charts
from budgetlib.analysis import headlines, present, store_view, weights

notes = present.capture()
context = store_view.open_document(processed_dir, department, year, stage, output_dir, scope)
indicators, projects, out = context.data["indicators"], context.data["projects"], context.out
display(Markdown(f"**{context.document}**"))
display(present.banner(context.problems))
pages = sorted({int(p) for p in indicators["page"].dropna()})
print(f"{len(indicators)} 个指标，{len(projects)} 个项目")

# %% [markdown]
# ## 各项目的权重合计

# %%
summary = weights.by_scope(indicators)
if len(summary):
    text = context.text(headlines.weight_title(summary), unit="分", pages=pages, note="惯例：项目90分，部门整体100分")
    display(charts.bars(summary, "project", "weight_sum", text, out, "weights_sums", unit="分"))
    display(present.table(summary, labels={"scope": "范围", "project": "项目", "indicators": "指标个数",
                                           "weight_sum": "权重合计", "core": "核心指标个数",
                                           "quantitative_share_pct": "量化指标占比（%）",
                                           "concentration_hhi": "集中度（HHI）"}))
else:
    notes.add("文件中没有绩效指标")

# %% [markdown]
# ## 核心指标

# %%
core = indicators[indicators["core"].fillna(False).astype(bool)]
present.table(core[["project", "indicator", "weight", "operator", "target", "unit"]], "indicators")

# %% [markdown]
# ## 权重分布

# %%
if len(indicators):
    display(charts.distribution(indicators["weight"], context.text("各指标权重的分布", unit="分", pages=pages), out,
                                "weights_distribution", unit="分", title="权重（分）"))

# %% [markdown]
# ## 指标 × 项目

# %%
grid = weights.matrix(indicators)
if grid.size:
    for chart in charts.heatmap(grid.T, context.text("各项目的指标与权重", unit="分", pages=pages), out,
                                "weights_heatmap", unit="分"):
        display(chart)

# %% [markdown]
# ## 项目预算与指标个数

# %%
budget = weights.budget_vs_indicators(indicators, projects)
if len(budget):
    text = context.text("项目预算与指标个数", pages=sorted({int(p) for p in projects["page"].dropna()}))
    display(charts.scatter(budget, "budget", "indicators", "project", text, out, "weights_budget_vs_indicators",
                           x_title="项目预算", y_title="指标个数"))
    display(present.table(budget, labels={"project": "项目", "budget": "预算（万元）", "indicators": "指标个数"}))

# %% [markdown]
# ## 说明

# %%
notes.show()
