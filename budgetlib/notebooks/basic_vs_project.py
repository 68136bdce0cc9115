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
# # 基本支出与项目支出
# 总体构成、各功能类的构成、基本支出中的人员经费与公用经费；江苏等地另有“单位预留机动经费”。

# %% tags=["parameters"]
department = "重庆市南岸区人民政府办公室"
year = 2025
stage = "预算"
scope = "部门"
processed_dir = "../../data/processed"
output_dir = "../../reports/重庆市南岸区/重庆市南岸区人民政府办公室/2025/预算-部门"

# %%
import pandas as pd
from IPython.display import Markdown, display

from budgetlib import charts
from budgetlib.analysis import chart_data, headlines, present, split, store_view

notes = present.capture()
context = store_view.open_document(processed_dir, department, year, stage, output_dir, scope)
data, figures, out = context.data, context.figures, context.out
display(Markdown(f"**{context.document}**"))
present.banner(context.problems)

# %% [markdown]
# ## 总体构成

# %%
overall = split.overall(figures)
if len(overall):
    row = pd.DataFrame([{"scope": "支出合计", **overall.set_index("part")["amount"].to_dict()}])
    title = headlines.split_title(overall.set_index("part")["amount"].to_dict(), charts.LABELS)
    display(charts.stacked_shares(row, "scope", list(overall["part"]), context.text(title), out, "split_overall"))
    display(present.table(overall, labels={"part": "构成", "amount": "金额（万元）", "share_pct": "占比（%）"}))
else:
    notes.add("文件中没有基本支出与项目支出的合计数")

# %% [markdown]
# ## 各功能类的构成

# %%
per_class = chart_data.scope_frame(data["lines"], "function_split")
if per_class.empty:
    notes.add("未能画出各类支出的基本/项目构成：" + ("；".join(per_class.uncertain) or "没有同时列出基本支出和项目支出的功能分类表"))
else:
    frame = per_class.frame.fillna({"basic": 0.0, "project": 0.0}) if per_class.frame[["basic", "project"]].notna().any().all() \
        else per_class.frame
    title = headlines.concentration(frame, "name", "project", "项目支出")
    display(charts.stacked_shares(frame, "name", ["basic", "project"], context.text(title, per_class), out,
                                  "split_by_function"))
    display(present.table(per_class.frame, "lines", labels=charts.LABELS))

# %% [markdown]
# ## 人员经费与公用经费

# %%
people = {"personnel": figures.get("basic_personnel_total"), "public": figures.get("basic_public_total")}
if all(v is not None for v in people.values()):
    row = pd.DataFrame([{"scope": "基本支出", **people}])
    display(charts.stacked_shares(row, "scope", ["personnel", "public"],
                                  context.text(headlines.split_title(people, charts.LABELS)), out,
                                  "split_personnel_public"))
else:
    notes.add("文件中没有人员经费与公用经费的合计数")
economic = chart_data.scope_frame(data["lines"], "economic_classes")
present.table(economic.frame, "lines")

# %% [markdown]
# ## 说明

# %%
notes.show()
