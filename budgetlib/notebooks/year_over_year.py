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
# # 年度变化
# 同一部门多年的文件按科目编码衔接（先用对照表处理更名、调整的科目，再按名称匹配，未能衔接的列出）；
# 以及单份文件说明中写明的上年数、增减额和原因，与计算结果对照。

# %% tags=["parameters"]
department = "重庆市南岸区人民政府办公室"
year = 2025
stage = "预算"
scope = "部门"
processed_dir = "../../data/processed"
output_dir = "../../reports/重庆市南岸区/重庆市南岸区人民政府办公室/2025/预算-部门"
compare_years = []  # empty: every year the store holds for the department, up to `year`

# %%
from IPython.display import Markdown, display

from budgetlib import charts
from budgetlib.analysis import headlines, present, store_view, yoy
from budgetlib.schema import KEY_FIGURE_LABELS

notes = present.capture()
context = store_view.open_document(processed_dir, department, year, stage, output_dir, scope)
out = context.out
docs = store_view.pick(processed_dir, department, None, stage, context.doc["scope"])
docs = docs[docs["year"] <= int(year)]
if compare_years:
    docs = docs[docs["year"].isin([int(y) for y in compare_years])]
data = store_view.frames(processed_dir, list(docs["doc_id"]), ("lines", "facts", "key_figures"))
display(Markdown(f"**{context.document}**"))
print("本部门在库中的年份：", "、".join(str(y) for y in sorted(docs["year"])))
present.banner(context.problems)

# %% [markdown]
# ## 多年文件对比

# %%
years = sorted(docs["year"])
if len(years) > 1:
    try:
        series = yoy.series_lines(data["lines"], docs)
    except LookupError as reason:
        notes.add(f"未能衔接多年数字：{reason}")
        series = None
    if series is not None:
        wide, log = yoy.join_years(series)
        change = yoy.changes(wide, years[-2], years[-1])
        classes = change[change["level"] == 1].dropna(subset=["change"])
        start, end = classes[years[-2]].sum(), classes[years[-1]].sum()
        title = headlines.change("支出", end, start, against=f"{years[-2]}年")
        text = context.text(title, note="各类按变化大小排列；只在一年出现的类，另一年记为该年未列示", pages=[])
        display(charts.waterfall(classes, "name", "change", f"{years[-2]}年", start, f"{years[-1]}年", text, out,
                                 "yoy_waterfall"))
        display(present.table(change.sort_values(["level", "code"]), "lines",
                              labels={"change": "增减", "change_pct": "增减（%）"}))
        print("科目衔接记录：")
        display(present.table(log, labels={"year": "年度", "code": "科目编码", "name": "科目名称",
                                           "matched_to": "对应编码", "how": "方式"}))
else:
    print("库中只有这一年的文件：只看说明中写明的上年数。")

# %% [markdown]
# ## 说明中写明的上年数

# %%
facts = data["facts"][data["facts"]["doc_id"] == context.doc["doc_id"]]
stated = yoy.narrative_changes(facts, int(year))
known = stated[stated["amount_prior"].notna()].drop_duplicates("subject").set_index("subject")
parts = [k for k in ("basic_expenditure_total", "project_expenditure_total", "reserve_expenditure_total") if k in known.index]
shown = parts if len(parts) >= 2 else [k for k in ("expenditure_total", "income_total") if k in known.index][:1]
if shown:  # peers only (基本 and 项目, not their total beside them); 三公 has its own chart in the overview
    chart = known.loc[shown, ["amount_prior", "amount"]].assign(item=[KEY_FIGURE_LABELS.get(k, k) for k in shown])
    total = known.loc["expenditure_total"] if "expenditure_total" in known.index else None
    title = headlines.change("支出", total["amount"], total["amount_prior"]) if total is not None \
        else f"说明中的{int(year) - 1}年与{year}年数字"
    pages = sorted({int(p) for p in facts["page"].dropna()})
    text = context.text(title, pages=pages, note="上年数为说明中写明的增减额推算")
    display(charts.paired_bars(chart, "item", ["amount_prior", "amount"], text, out, "yoy_narrative",
                               names={"amount_prior": f"{int(year) - 1}年", "amount": f"{year}年"}))
present.table(stated, labels={"subject": "事项", "label": "原文称谓", "year_prior": "上年", "amount_prior": "上年数",
                              "year": "年度", "amount": "本年数", "change": "增减额", "direction": "增减",
                              "percent": "百分比", "reason": "原因"})

# %% [markdown]
# ## 说明与计算对照

# %%
figures = data["key_figures"].merge(docs[["doc_id", "year"]], on="doc_id")[["key", "year", "amount"]]
if int(year) - 1 in set(docs["year"]):
    check = yoy.stated_vs_computed(facts, figures, int(year))
    display(present.table(check[["subject", "change", "direction", "computed_change", "mismatch", "reason"]],
                          labels={"subject": "事项", "change": "说明的增减额", "direction": "增减",
                                  "computed_change": "计算的增减额", "mismatch": "不一致", "reason": "原因"}))
else:
    print("库中没有上年的文件：只有上面说明中的数字。")

# %% [markdown]
# ## 说明

# %%
notes.show()
