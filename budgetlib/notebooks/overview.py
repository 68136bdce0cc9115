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
# # 概览
# 关键数字、按功能分类（类）的支出、收入来源、“三公”经费与上年对比；决算文件另有预算与决算对比；最后是审核结果。

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
from budgetlib.analysis import chart_data, headlines, present, store_view

notes = present.capture()
context = store_view.open_document(processed_dir, department, year, stage, output_dir, scope)
data, figures, out = context.data, context.figures, context.out
lines, facts = data["lines"], data["facts"]
display(Markdown(f"**{context.document}**"))
present.banner(context.problems)

# %% [markdown]
# ## 关键数字

# %%
key_table = pd.DataFrame({"key": list(figures), "amount": list(figures.values())})
present.table(key_table, "key_figures")

# %% [markdown]
# ## 按功能分类（类）的支出

# %%
classes = chart_data.scope_frame(lines, "function_classes")
if classes.empty:
    notes.add("未能画出按功能分类的支出图：" + ("；".join(classes.uncertain) or "文件中没有按功能分类的支出表"))
else:
    title = headlines.largest_share(classes.frame, "name", "total")
    display(charts.bars(classes.frame, "name", "total", context.text(title, classes), out, "overview_function_classes"))
    display(present.table(classes.frame, "lines"))

# %% [markdown]
# ## 收入来源

# %%
income = chart_data.scope_frame(lines, "income_sources")
if income.empty:
    notes.add("未能画出收入来源图：" + ("；".join(income.uncertain) or "文件中没有收支总表的收入部分"))
else:
    title = headlines.largest_share(income.frame, "name", "total", subject="收入")
    display(charts.bars(income.frame, "name", "total", context.text(title, income), out, "overview_income_sources"))

# %% [markdown]
# ## “三公”经费
# 本年数来自“三公”经费表（或说明）；上年数只取说明中写明的数字，未写明的显示为 n/a，不作 0 处理。

# %%
three = chart_data.three_public(figures, facts, int(year))
if three.empty:
    notes.add("文件中没有“三公”经费数字")
else:
    total = three.set_index("key")
    title = headlines.change("“三公”经费", total.loc["three_public_total", "current"],
                             total.loc["three_public_total", "prior"]) if "three_public_total" in total.index \
        else "“三公”经费各项"
    pages = sorted({int(p) for p in lines.loc[lines["kind"] == "three_public", "page"].dropna()})
    text = context.text(title, note="n/a：说明中未写明上年数" if three["prior"].isna().any() else "", pages=pages)
    display(charts.paired_bars(three, "item", ["prior", "current"], text, out, "overview_three_public",
                               names={"prior": f"{int(year) - 1}年", "current": f"{year}年"}))
    display(present.table(three.drop(columns="key"), labels={"item": "项目", "prior": f"{int(year) - 1}年",
                                                               "current": f"{year}年", "change": "增减"}))

# %% [markdown]
# ## 预算与决算（决算文件）

# %%
if stage == "决算":
    for name, found, subject in (
            ("final_three_public", chart_data.budget_vs_final_three_public(lines), "“三公”经费"),
            ("final_split", chart_data.budget_vs_final_split(lines), "支出"),
            ("final_classes", chart_data.budget_vs_final_classes(lines), "支出")):
        if found.empty:
            notes.add(f"{subject}：文件的表格没有同时列出预算数与决算数，未画预算与决算对比图")
            continue
        frame = found.frame.assign(rate=[f"{v:.1f}%" if pd.notna(v) else "n/a" for v in found.frame["execution_pct"]])
        label = "item" if "item" in frame.columns else "name"
        head = frame.iloc[0]
        title = headlines.execution_title(subject if label == "item" else "支出", head["budget"], head["final"])
        text = context.text(title, found, note="右侧为执行率（决算数÷预算数）；n/a：未安排预算")
        display(charts.paired_bars(frame, label, ["budget", "final"], text, out, name,
                                   names={"budget": "预算数", "final": "决算数"}, colors=["budget", "final"],
                                   annotate="rate"))
        display(present.table(found.frame.drop(columns=["measure"], errors="ignore"), labels={"item": "项目", "name": "科目名称", "code": "科目编码",
                                                   "budget": "预算数", "final": "决算数",
                                                   "execution_pct": "执行率（%）", "measure": "指标"}))
else:
    print("预算文件：没有决算数。")

# %% [markdown]
# ## 审核结果
# “不一致”可能来自文件本身，也可能来自读取；读取存疑之处已在开头列出。

# %%
checks = data["checks"]
counts = checks["status"].value_counts()
print(f"共执行 {len(checks)} 项核对：{counts.get('ok', 0)} 项一致，{counts.get('rounding', 0)} 项尾差（≤0.01 万元），"
      f"{counts.get('fail', 0)} 项未能核平。")
findings = checks[checks["status"].isin(["rounding", "fail"])]
present.table(findings[["check", "table", "code", "expected", "actual", "difference", "status", "note"]], "checks")

# %% [markdown]
# ## 说明

# %%
notes.show()
