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
# # 部门预算概览 · Budget overview
# Key figures, composition by function 类 and by income source, 三公 against the prior year, and the audit.

# %% tags=["parameters"]
department = "重庆市南岸区人民政府办公室"
year = 2025
processed_dir = "../../data/processed"
output_dir = "../../reports/重庆市南岸区人民政府办公室/2025"
stage = "预算"

# %%
import pandas as pd

from budgetlib import charts
from budgetlib.analysis import store_view

context = store_view.open_document(processed_dir, department, year, stage, output_dir)
data, source, out = context.data, context.source, context.out
figures = pd.Series(context.figures, dtype=float)

# %% [markdown]
# ## 关键数字 · Key figures (万元)

# %%
figures.to_frame("万元")

# %% [markdown]
# ## 按功能分类（类） · Spending by function class

# %%
lines = data["lines"]
classes = lines[(lines["classification"] == "function") & (lines["level"] == 1) & (lines["measure"] == "total")
                & (lines["basis"] != "budget")]
classes = classes[classes["table_index"] == classes["table_index"].min()][["code", "name", "amount"]]
charts.bars(classes, "name", "amount", f"{year}年支出按功能分类（类）", source, out, "overview_function_classes")
classes

# %% [markdown]
# ## 收入来源 · Income by source

# %%
income = lines[(lines["table"].isin(["dept_summary", "fiscal_summary"])) & (lines["side"] == "income")
               & ~lines["is_blank"] & ~lines["name"].str.contains("合计|总计|小计")]
income = income[income["table_index"] == income["table_index"].min()][["name", "amount"]]
if len(income):
    charts.bars(income, "name", "amount", f"{year}年收入来源", source, out, "overview_income_sources")
income

# %% [markdown]
# ## “三公”经费 · The three public expenses, against the prior year (from the narrative)

# %%
facts = data["facts"]
parts = {"three_public_travel_abroad": "因公出国（境）费", "three_public_reception": "公务接待费",
         "three_public_vehicles": "公务用车购置及运行费", "three_public_vehicle_operation": "公务用车运行维护费",
         "three_public_vehicle_purchase": "公务用车购置费"}
rows = []
for key, label in parts.items():
    now = figures.get(key)
    prior = facts[(facts["subject"] == key) & (facts["year"] == year - 1)]["amount"]
    if now is not None:
        rows.append({"item": label, "prior": prior.iloc[0] if len(prior) else None, "current": now})
three_public = pd.DataFrame(rows, columns=["item", "prior", "current"])
if len(three_public):
    charts.grouped_bars(three_public.fillna(0), "item", ["prior", "current"], f"“三公”经费：{year - 1}年与{year}年",
                        source, out, "overview_three_public", names={"prior": f"{year - 1}年", "current": f"{year}年"})
three_public

# %% [markdown]
# ## 审核结果 · What the audit found

# %%
checks = data["checks"]
counts = checks["status"].value_counts()
findings = checks[checks["status"].isin(["rounding", "fail"])]
print(f"共执行 {len(checks)} 项核对：{counts.get('ok', 0)} 项一致，{counts.get('rounding', 0)} 项尾差（≤0.01 万元），"
      f"{counts.get('fail', 0)} 项不一致。")
findings[["check", "table", "code", "expected", "actual", "difference", "status", "note"]]
