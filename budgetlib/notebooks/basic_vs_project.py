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
# # 基本支出与项目支出 · Basic vs project spending
# The split overall and per function 类, 基本支出 by economic class (人员经费 vs 公用经费), and Jiangsu's
# third component, 单位预留机动经费, where a document prints it.

# %% tags=["parameters"]
department = "重庆市南岸区人民政府办公室"
year = 2025
processed_dir = "../../data/processed"
output_dir = "../../reports/重庆市南岸区人民政府办公室/2025"
stage = "预算"

# %%
import pandas as pd

from budgetlib import charts
from budgetlib.analysis import split, store_view

context = store_view.open_document(processed_dir, department, year, stage, output_dir)
data, figures, source, out = context.data, context.figures, context.source, context.out

# %% [markdown]
# ## 总体 · Overall

# %%
overall = split.overall(figures)
if len(overall):
    row = pd.DataFrame([{"scope": "合计", **overall.set_index("part")["amount"].to_dict()}])
    charts.stacked_shares(row, "scope", list(overall["part"]), f"{year}年基本支出与项目支出构成", source, out,
                          "split_overall")
overall

# %% [markdown]
# ## 按功能分类（类） · Per function class

# %%
per_class = split.by_function(data["lines"])
if len(per_class):
    charts.stacked_shares(per_class, "name", ["basic", "project"], f"{year}年各类支出的基本/项目构成", source, out,
                          "split_by_function")
per_class

# %% [markdown]
# ## 人员经费与公用经费 · Personnel vs public (基本支出 by economic class)

# %%
people = pd.DataFrame([{"scope": "基本支出", "personnel": figures.get("basic_personnel_total"),
                        "public": figures.get("basic_public_total")}]).dropna(axis=1)
if {"personnel", "public"} <= set(people.columns):
    charts.stacked_shares(people, "scope", ["personnel", "public"], f"{year}年基本支出：人员经费与公用经费", source,
                          out, "split_personnel_public")
split.economic_classes(data["lines"])
