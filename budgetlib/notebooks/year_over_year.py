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
# # 年度变化 · Year over year
# One department across years: (a) from several years' documents, joined by subject code (with a
# crosswalk for renamed or moved codes, then name matching, and a log of what stays unmatched);
# (b) from the prior-year figures stated in one document's narrative. The narrative's stated changes
# and reasons stand beside the computed ones; mismatches are flagged.

# %% tags=["parameters"]
department = "重庆市南岸区人民政府办公室"
year = 2025
processed_dir = "../../data/processed"
output_dir = "../../reports/重庆市南岸区人民政府办公室/2025"
stage = "预算"
compare_years = []  # empty: every year the store holds for the department, up to `year`

# %%
from pathlib import Path

from budgetlib import charts
from budgetlib.analysis import store_view, yoy

out = Path(output_dir)
docs = store_view.pick(processed_dir, department, None, stage)
docs = docs[docs["year"] <= int(year)]
if compare_years:
    docs = docs[docs["year"].isin([int(y) for y in compare_years])]
data = store_view.frames(processed_dir, list(docs["doc_id"]))
this = docs[docs["year"] == int(year)].iloc[0]
source = charts.source_line(this["department_name"], year, stage)
print("years in the store:", sorted(docs["year"]))

# %% [markdown]
# ## (a) 多年文件对比 · Several years' documents

# %%
has_series = len(docs) > 1
if has_series:
    try:
        series = yoy.series_lines(data["lines"], docs)
    except LookupError as reason:
        print(reason)
        has_series = False
if has_series:
    wide, log = yoy.join_years(series)
    years = sorted(docs["year"])
    change = yoy.changes(wide, years[-2], years[-1])
    classes = change[change["level"] == 1].copy()
    charts.waterfall(classes, "name", "change", f"{years[-2]}年合计", classes[years[-2]].sum(),
                     f"{years[-2]}—{years[-1]}年支出变化（按类）", source, out, "yoy_waterfall")
    display(change.sort_values(["level", "code"]))
    print("代码衔接记录 · code matching log:")
    display(log)

# %% [markdown]
# ## (b) 说明中的上年数 · The narrative's own prior-year figures

# %%
facts = data["facts"][data["facts"]["doc_id"] == this["doc_id"]]
stated = yoy.narrative_changes(facts, int(year))
money = stated[stated["subject"].str.endswith("total") | stated["subject"].str.startswith("three_public")]
if len(money):
    chart = money[["label", "amount_prior", "amount"]].rename(columns={"label": "item"})
    charts.grouped_bars(chart, "item", ["amount_prior", "amount"], f"说明中的{int(year) - 1}年与{year}年数字",
                        source, out, "yoy_narrative", names={"amount_prior": f"{int(year) - 1}年", "amount": f"{year}年"})
stated

# %% [markdown]
# ## 说明与计算对照 · Stated changes beside computed ones

# %%
figures = data["key_figures"].merge(docs[["doc_id", "year"]], on="doc_id")[["key", "year", "amount"]]
if int(year) - 1 in set(docs["year"]):
    check = yoy.stated_vs_computed(facts, figures, int(year))
    display(check[["subject", "change", "direction", "computed_change", "mismatch", "reason"]])
else:
    print("the store holds no document for the prior year: only the narrative's own statement above")
