"""`reports/index.html`: the front page of a batch's reports.

One row per department-year (and stage, scope): its key figures (万元), its audit status (checks that do not
reconcile, rounding differences), and links to each of its reports and charts. Columns sort when their
header is clicked. The page is self-contained: its style and its small sorting script are inline, links are
relative (the folder can be zipped and mailed), and nothing is loaded from elsewhere.
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from budgetlib.html import embed_font
from budgetlib.reports import ACROSS, PER_DOCUMENT, TITLES, folder_for
from budgetlib.store import atomic_write, load

FIGURES = (("income_total", "收入总计"), ("expenditure_total", "支出总计"), ("basic_expenditure_total", "基本支出"),
           ("project_expenditure_total", "项目支出"), ("three_public_total", "“三公”经费"))
STYLE = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       margin: 24px; color: #222; }
h1 { font-size: 22px; margin: 0 0 4px; } p.lead { color: #555; margin: 0 0 16px; }
table { border-collapse: collapse; font-size: 13px; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; cursor: pointer; position: sticky; top: 0; white-space: nowrap; }
th.sorted-asc::after { content: " ▲"; } th.sorted-desc::after { content: " ▼"; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.ok { color: #1a7f37; } .warn { color: #9a6700; } .fail { color: #cf222e; font-weight: bold; }
.charts a { display: inline-block; margin: 0 6px 2px 0; } .synthetic { background: #fff3cd; padding: 2px 6px; }
td.department { min-width: 14em; } td.short { white-space: nowrap; }
td.reports a { display: block; white-space: nowrap; }
td.charts { font-size: 11px; max-width: 40em; }
"""
SCRIPT = """
document.querySelectorAll('th').forEach((th, column) => th.addEventListener('click', () => {
  const table = th.closest('table'), body = table.tBodies[0];
  const ascending = !th.classList.contains('sorted-asc');
  table.querySelectorAll('th').forEach(h => h.classList.remove('sorted-asc', 'sorted-desc'));
  th.classList.add(ascending ? 'sorted-asc' : 'sorted-desc');
  const key = row => { const cell = row.cells[column]; const v = cell.dataset.sort ?? cell.textContent.trim();
                       const n = parseFloat(v); return v !== '' && !isNaN(n) && /^-?[\\d.]+$/.test(v) ? n : v; };
  const rows = Array.from(body.rows).sort((a, b) => { const x = key(a), y = key(b);
    const c = (typeof x === 'number' && typeof y === 'number') ? x - y : String(x).localeCompare(String(y), 'zh');
    return ascending ? c : -c; });
  rows.forEach(r => body.appendChild(r));
}));
"""


def rows(processed: Path, reports: Path, docs: pd.DataFrame) -> pd.DataFrame:
    """The page's rows: each document with its key figures, audit counts and report folder."""
    figures = load(processed, "key_figures").pivot_table(index="doc_id", columns="key", values="amount",
                                                         aggfunc="first")
    checks = load(processed, "checks")
    counts = checks.groupby(["doc_id", "status"]).size().unstack(fill_value=0)
    out = []
    for doc in docs.itertuples():
        folder = folder_for(reports, doc) if not pd.isna(doc.year) else None
        row = {"doc_id": doc.doc_id, "department": doc.department_name, "region": doc.region or "",
               "year": "" if pd.isna(doc.year) else int(doc.year), "stage": doc.stage, "scope": doc.scope,
               "source": doc.source, "folder": folder,
               "fail": int(counts.loc[doc.doc_id].get("fail", 0)) if doc.doc_id in counts.index else 0,
               "rounding": int(counts.loc[doc.doc_id].get("rounding", 0)) if doc.doc_id in counts.index else 0}
        for key, _ in FIGURES:
            value = figures.loc[doc.doc_id].get(key) if doc.doc_id in figures.index else None
            row[key] = None if value is None or pd.isna(value) else float(value)
        out.append(row)
    return pd.DataFrame(out)


def render(table: pd.DataFrame, reports: Path, synthetic: bool = False) -> str:
    head = ["部门", "地区", "年度", "阶段", "范围", *(label for _, label in FIGURES), "审核", "报告", "图表"]
    body = []
    for row in table.itertuples():
        cells = [f'<td class="department">{html.escape(str(row.department))}</td>', _text(row.region),
                 _text(row.year), _text(row.stage), _text(row.scope)]
        for key, _ in FIGURES:
            value = getattr(row, key)
            shown = "n/a" if value is None or pd.isna(value) else f"{value:,.2f}"
            sort = "" if value is None or pd.isna(value) else f"{value:.2f}"
            cells.append(f'<td class="num" data-sort="{sort}">{shown}</td>')
        cells.append(_audit(row.fail, row.rounding))
        cells.append(f'<td class="reports">{_reports(row.folder, reports)}</td>')
        cells.append(f'<td class="charts">{_charts(row.folder, reports)}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    across = " · ".join(f'<a href="{_href(path, reports)}">{html.escape(TITLES.get(path.stem, path.stem))}'
                        f'（{html.escape(path.parent.name)}）</a>'
                        for name in ACROSS for path in sorted((reports / "_comparison").glob(f"*/{name}.html")))
    note = '<p class="lead"><span class="synthetic">合成数据（synthetic）：仅供性能测试，并非真实预算</span></p>' \
        if synthetic else ""
    years = sorted({str(y) for y in table["year"] if y != ""}) if len(table) else []
    span = f"{years[0]}—{years[-1]}年" if years else ""
    return (
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
        f"<title>部门预算报告索引</title><style>{STYLE}</style></head><body>"
        f"<h1>部门预算报告索引</h1><p class=\"lead\">共{len(table)}份文件 {span}；金额单位：万元；"
        "点击表头排序。审核：不一致为说明或表格之间对不上的数字，尾差为不超过0.01万元的差额。"
        f"{'　跨部门比较：' + across if across else ''}</p>{note}"
        "<table><thead><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead><tbody>"
        + "\n".join(body) + f"</tbody></table><script>{SCRIPT}</script></body></html>\n")


def write(processed: Path, reports: Path, docs: pd.DataFrame) -> Path:
    table = rows(processed, reports, docs)
    synthetic = bool(len(docs)) and bool(docs["source"].astype(str).str.contains("synthetic").all())
    target = reports / "index.html"
    page = embed_font(render(table, reports, synthetic))  # its Chinese renders where no CJK font is installed
    atomic_write(target, lambda p: p.write_text(page, encoding="utf-8"))
    return target


def _text(value) -> str:
    return f'<td class="short">{html.escape(str(value))}</td>'


def _audit(fail: int, rounding: int) -> str:
    if fail:
        return f'<td class="fail short" data-sort="{1000 + fail}">{fail}处不一致</td>'
    if rounding:
        return f'<td class="warn short" data-sort="{rounding}">{rounding}处尾差</td>'
    return '<td class="ok short" data-sort="0">一致</td>'


def _reports(folder: Path | None, reports: Path) -> str:
    if folder is None:
        return "无年度，未生成报告"
    links = [f'<a href="{_href(folder / f"{name}.html", reports)}">{html.escape(TITLES.get(name, name))}</a>'
             for name in PER_DOCUMENT if (folder / f"{name}.html").is_file()]
    failed = [name for name in PER_DOCUMENT if (folder / f"{name}.ipynb").is_file()
              and not (folder / f"{name}.html").is_file()]
    links += [f'<a class="fail" href="{_href(folder / f"{name}.ipynb", reports)}">{html.escape(TITLES.get(name, name))}'
              "（失败）</a>" for name in failed]
    return "".join(links) or "尚无报告"


def _charts(folder: Path | None, reports: Path) -> str:
    if folder is None or not folder.is_dir():
        return ""
    return "".join(f'<a href="{_href(png, reports)}">{html.escape(png.stem)}</a>'
                   for png in sorted(folder.glob("*.png")))


def _href(path: Path, reports: Path) -> str:
    from urllib.parse import quote

    return quote(path.relative_to(reports).as_posix())
