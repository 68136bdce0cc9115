"""What a reviewer reads: the findings grouped by family (errors first, with pages), one summary line
per document, the coverage of what was read, and a self-contained HTML report with page images.
"""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

import pandas as pd

from budgetlib.audit.completeness import completeness, standard_tables
from budgetlib.audit.frame import NEW_COLUMNS, order
from budgetlib.audit.rules import FAMILIES, FAMILY_LABELS
from budgetlib.audit.subjects import is_subject_code
from budgetlib.schema import value_label

DOCUMENT_STATUSES = ("fail", "warning", "note", "rounding")
SEVERITY_LABEL = {"error": "错误 error", "warning": "提示 warning", "note": "备注 note", "info": "信息 info"}


def document_findings(checks: pd.DataFrame) -> pd.DataFrame:
    """The document's own findings (not reading problems), errors first."""
    return order(checks[checks["status"].isin(DOCUMENT_STATUSES)])


def reading_findings(checks: pd.DataFrame) -> pd.DataFrame:
    return order(checks[checks["status"] == "reading"])


def number(value: float) -> str:
    """A figure as printed: thousands separators, and no more decimals than it has (up to 6)."""
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return text if "." not in text or len(text.partition(".")[2]) >= 2 else f"{value:,.2f}"


def _figures(row) -> str:
    if row.expected is None or pd.isna(row.expected) or row.actual is None or pd.isna(row.actual):
        return ""
    return f"  [{number(row.expected)} → {number(row.actual)}, {_signed(row.difference)}]"


def _signed(value: float) -> str:
    """A difference in full (":+.6g" printed 32,966.93 as +32966.9)."""
    return "+" + number(value) if value >= 0 else number(value)


def _page(row) -> str:
    """A finding about something absent (a missing section or table) has no page: "—", not "p?"."""
    return f"p{int(row.page)}" if row.page is not None and not pd.isna(row.page) else " —"


def _code(row) -> str:
    code = str(row.code or "")
    return code if is_subject_code(code) else ""


def _subject(row) -> str:
    """The subject's classification code, where the finding is about one and its message does not already say it
    (a reviewer finds the row in the tables by it)."""
    code = _code(row)
    return f"（科目{code}）" if code and code not in str(row.message) else ""


def _collapsed(group: pd.DataFrame) -> list[str]:
    """One line per finding; the same finding in several tables (a 款 rounding repeated in every table that prints
    it) is one line that names those tables, so that a reader sees each problem once."""
    lines: dict[str, list[str]] = {}
    for row in group.itertuples():
        quote = f"\n      “{row.quote}”" if row.quote else ""
        line = f"  {row.severity:7} {_page(row):>4} {row.rule}  {row.message}{_subject(row)}{_figures(row)}{quote}"
        lines.setdefault(line, []).append(value_label(str(row.table or "")))
    out = []
    for line, tables in lines.items():
        named = list(dict.fromkeys(t for t in tables if t))
        where = f"（{len(tables)}处：{'、'.join(named)}）" if len(tables) > 1 else ""
        head, _, quote = line.partition("\n")
        out.append(head + where + (f"\n{quote}" if quote else ""))
    return out


def text_report(document) -> str:
    """The findings grouped by family, errors first in each, every one with its page; reading problems
    in a section of their own (they are not the document's errors)."""
    checks = document.checks
    found = document_findings(checks)
    out = [f"{document.meta['department']} {document.meta['year']} {document.meta['stage']} ({document.meta['scope']})"]
    score, grade, _, _ = completeness(document.context) if getattr(document, "context", None) else (None, "", [], None)
    if score is not None:
        out.append(f"公开完整性 completeness: {score:.0f}/100 ({grade})")
    counts = found["severity"].value_counts()
    out.append(
        f"findings: {counts.get('error', 0)} error(s), {counts.get('warning', 0)} warning(s), "
        f"{counts.get('note', 0)} note(s)"
    )
    for key, zh, en in FAMILIES:
        if key == "reading":
            continue
        group = found[found["family"] == key]
        if group.empty:
            continue
        out.append(f"\n## {zh} / {en} ({len(group)})")
        out.extend(_collapsed(group))
    reading = reading_findings(checks)
    if len(reading):
        zh, en = FAMILY_LABELS["reading"]
        out.append(f"\n## {zh} / {en} ({len(reading)}) — not counted as errors in the document")
        for row in reading.head(30).itertuples():
            out.append(f"  {_page(row):>4} {row.rule}  {row.message}  {str(row.note)[:60]}")
        if len(reading) > 30:
            out.append(f"  … {len(reading) - 30} more (--format csv lists them all)")
    if found.empty and reading.empty:
        out.append("no findings")
    return "\n".join(out)


def summary_row(document, file: str) -> dict:
    """One line per document for a bureau reviewing many: errors, warnings, notes, reading problems,
    completeness."""
    checks = document.checks
    found = checks[checks["status"].isin(DOCUMENT_STATUSES)]
    score, grade = (None, "")
    if getattr(document, "context", None) is not None:
        score, grade, _, _ = completeness(document.context)
    return {
        "file": file,
        "department": document.meta["department"],
        "year": document.meta["year"],
        "stage": document.meta["stage"],
        "errors": int((found["severity"] == "error").sum()),
        "warnings": int((found["severity"] == "warning").sum()),
        "notes": int((found["severity"] == "note").sum()),
        "reading_problems": int((checks["status"] == "reading").sum()),
        "completeness": score,
        "grade": grade,
    }


def coverage(document) -> str:
    """What was read and what was not (issue 11, 6)."""
    context = document.context
    tables = standard_tables(context)
    out = [f"coverage: {document.meta['department']} {document.meta['year']} {document.meta['stage']}"]
    out.append("standard tables:")
    for row in tables.itertuples():
        page = f"p{int(row.page)}" if row.page is not None and not pd.isna(row.page) else ""
        out.append(f"  {row.status:15} {row.name} {page} {'' if row.required else '(optional)'}")
    from budgetlib.key_figures import KEY_FIGURES

    unresolved = [k for k in KEY_FIGURES if k not in document.key_figures]
    out.append(
        f"key figures: {len(document.key_figures)}/{len(KEY_FIGURES)} resolved; unresolved: "
        f"{', '.join(unresolved) or '-'}"
    )
    unknown = document.tables[document.tables["kind"] == ""] if len(document.tables) else document.tables
    out.append(
        f"grids assigned to no table: {len(unknown)}"
        + "".join(f"\n  p{r.page} {r.title[:40]!r} ({r.rows} rows)" for r in unknown.itertuples())
    )
    lines = document.lines
    unmapped = sorted({m for m in lines["measure"] if str(m).startswith("column:")}) if len(lines) else []
    out.append(
        f"amount columns left unmapped: {len(unmapped)}" + (f" ({', '.join(unmapped[:10])})" if unmapped else "")
    )
    blank = document.checks[document.checks["rule"] == "T06"]["page"].dropna().astype(int).tolist()
    out.append(f"pages with no table or narrative read: {blank or '-'}")
    out.append(f"reading problems: {int((document.checks['status'] == 'reading').sum())}")
    return "\n".join(out)


def reading_quality(document) -> str:
    """The one-line reading quality `extract` prints and the store keeps (issue 11, 6)."""
    tables = document.tables
    recognised = int((tables["kind"] != "").sum()) if len(tables) else 0
    from budgetlib.key_figures import KEY_FIGURES

    problems = int((document.checks["status"] == "reading").sum())
    unreadable = int((document.checks["check"] == "table_read").sum())
    return (
        f"read: {recognised - unreadable}/{len(tables)} tables, {len(document.key_figures)}/{len(KEY_FIGURES)} "
        f"key figures, {problems} reading problems"
    )


# ------------------------------------------------------------------ HTML
STYLE = """
body{font-family:"Noto Sans CJK SC","Noto Sans SC",sans-serif;margin:2em;color:#222;max-width:1100px}
h1{font-size:1.5em} h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:1.6em}
.score{font-size:1.2em;padding:.6em 1em;background:#f3f6fa;border-left:5px solid #3a6ea5;display:inline-block}
table{border-collapse:collapse;width:100%;margin:.5em 0}
td,th{border:1px solid #ccc;padding:.3em .5em;vertical-align:top}
th{background:#f0f0f0;text-align:left} .error{color:#b00020;font-weight:bold} .warning{color:#a15c00}
.note{color:#555} .quote{color:#444;background:#fafafa;font-size:.92em} .figures{font-family:monospace}
.reading{background:#f7f7ff} img.page{max-width:100%;border:1px solid #aaa;margin:.4em 0}
details{margin:.4em 0}
"""


def page_images(source: str, pages: list[int], scale: float = 0.9, limit: int = 12) -> dict[int, str]:
    """PNG data URIs of the pages findings point to (PDF sources only; none for the text form)."""
    path = Path(source.split(";")[0])
    if path.suffix.lower() != ".pdf" or not path.exists():
        return {}
    import io

    import pypdfium2 as pdfium

    images = {}
    document = pdfium.PdfDocument(str(path))
    try:
        for page in sorted(set(pages))[:limit]:
            if 1 <= page <= len(document):
                bitmap = document[page - 1].render(scale=scale)
                buffer = io.BytesIO()
                bitmap.to_pil().save(buffer, format="PNG", optimize=True)
                images[page] = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    finally:
        document.close()
    return images


def html_report(document, images: bool = True) -> str:
    """A self-contained reviewer's report: completeness with evidence, every finding with its figures and
    the quoted sentence or row, the page image (or a link to the page), reading problems apart."""
    meta = document.meta
    checks = document.checks
    found = document_findings(checks)
    score, grade, items, tables = completeness(document.context)
    source = meta["source"].split(";")[0]
    pages = [int(p) for p in found.loc[found["severity"] == "error", "page"].dropna()]
    pictures = page_images(source, pages) if images else {}
    e = html.escape
    parts = [
        f"<!doctype html><html lang='zh'><head><meta charset='utf-8'><title>审核报告 {e(meta['department'])}"
        f"</title><style>{STYLE}</style></head><body>",
        f"<h1>部门{e(meta['stage'])}公开审核报告 · {e(meta['department'])} {meta['year']}</h1>",
        f"<p>来源 source: <code>{e(meta['source'])}</code> · {e(meta['scope'])} · sha256 {meta['sha256'][:12]}</p>",
        f"<div class='score'>公开完整性 completeness <b>{score:.0f}</b>/100 ({e(grade)}) · "
        f"错误 {int((found['severity'] == 'error').sum())} · "
        f"提示 {int((found['severity'] == 'warning').sum())} · "
        f"备注 {int((found['severity'] == 'note').sum())} · "
        f"读取问题 {int((checks['status'] == 'reading').sum())}</div>",
        "<h2>公开完整性 Completeness</h2><table><tr><th>项目 item</th><th>状态 status</th><th>权重 weight</th>"
        "<th>得分 score</th><th>依据 evidence</th></tr>",
    ]
    for item in items:
        page = f" (p{item.page})" if item.page else ""
        parts.append(
            f"<tr><td>{e(item.name)}</td><td>{e(item.status)}</td><td>{item.weight:g}</td>"
            f"<td>{item.score:.1f}</td><td>{e(str(item.evidence)[:160])}{page}</td></tr>"
        )
    parts.append(
        "</table><h3>标准表 Standard tables</h3><table><tr><th>表</th><th>状态</th><th>页</th><th>依据</th></tr>"
    )
    for row in tables.itertuples():
        parts.append(
            f"<tr><td>{e(row.name)}</td><td>{e(row.status)}</td><td>{'' if pd.isna(row.page) else int(row.page)}</td>"
            f"<td>{e(str(row.evidence)[:100])}</td></tr>"
        )
    parts.append("</table>")
    for key, zh, en in FAMILIES:
        group = found[found["family"] == key] if key != "reading" else reading_findings(checks)
        if group.empty:
            continue
        title = f"{zh} / {en} ({len(group)})" + (
            " — 不计为文件错误 not errors in the document" if key == "reading" else ""
        )
        parts.append(
            f"<h2 id='{key}'>{e(title)}</h2><table class='{'reading' if key == 'reading' else ''}'>"
            "<tr><th>级别</th><th>页</th><th>规则</th><th>科目 code</th><th>说明 finding</th><th>数字 figures</th>"
            "<th>原文 quoted</th></tr>"
        )
        for row in group.itertuples():
            page = "" if row.page is None or pd.isna(row.page) else int(row.page)
            link = f"<a href='file://{e(str(Path(source).resolve()))}#page={page}'>p{page}</a>" if page != "" else ""
            figures = (
                ""
                if row.expected is None or pd.isna(row.expected)
                else f"{number(row.expected)} → {number(row.actual)} ({_signed(row.difference)})"
            )
            quote = row.quote or (row.note if row.family in ("arithmetic", "reading") else "")
            parts.append(
                f"<tr><td class='{row.severity}'>{e(SEVERITY_LABEL.get(row.severity, row.severity))}</td>"
                f"<td>{link}</td><td>{row.rule}</td><td>{e(_code(row))}</td><td>{e(str(row.message))}</td>"
                f"<td class='figures'>{e(figures)}</td><td class='quote'>{e(str(quote or ''))}</td></tr>"
            )
        parts.append("</table>")
    if pictures:
        parts.append("<h2>页面 Pages with errors</h2>")
        for page, uri in pictures.items():
            parts.append(
                f"<details open><summary>p{page}</summary><img class='page' alt='page {page}' src='{uri}'></details>"
            )
    parts.append("</body></html>")
    page = "\n".join(parts)
    return page.replace("</style>", _embedded_font(page) + "</style>", 1)


def _embedded_font(page: str) -> str:
    """An @font-face holding just the report's own glyphs (Noto Sans CJK SC, from the font package), so
    Chinese renders on a machine with no CJK font installed; empty when the font package is absent."""
    try:
        import tempfile

        from budgetlib.fonts import truetype_subset

        characters = "".join(sorted(set(re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", page))))
        font = truetype_subset(characters, Path(tempfile.gettempdir()) / "budgetlib-fonts")
    except (ImportError, FileNotFoundError, LookupError, OSError):
        return ""
    data = base64.b64encode(font.read_bytes()).decode()
    return (
        "@font-face{font-family:'budgetlib CJK';src:url(data:font/ttf;base64," + data + ") format('truetype')}"
        "body{font-family:'budgetlib CJK','Noto Sans CJK SC',sans-serif}"
        "code,.figures{font-family:'budgetlib CJK',monospace}"  # a path or quote may hold Chinese
    )


def machine_readable(checks: pd.DataFrame) -> pd.DataFrame:
    """Every non-ok row with both the legacy and the declared columns (for --format json|csv)."""
    frame = checks[checks["status"] != "ok"].copy()
    frame["page"] = frame["page"].astype("Int64")
    return frame[[*[c for c in frame.columns if c not in NEW_COLUMNS], *NEW_COLUMNS]]


def slug(text: str) -> str:
    return re.sub(r"[^\w\u4e00-\u9fff-]+", "_", text)[:80]
