"""What a notebook shows a reader: tables with Chinese headers and formatted numbers, the reading
problems at the top, and a notes section that collects warnings (without local paths).

The notebooks stay thin: they call these, and the HTML report (code and prompts hidden) reads like a
report, not like a program.
"""

from __future__ import annotations

import html
import re
import warnings

import pandas as pd

from budgetlib import schema

PATH = re.compile(r"(?:[A-Za-z]:)?(?:[/\\][^\s/\\:'\"]+)+[/\\]([^\s/\\:'\"]+)")


def strip_paths(text: str) -> str:
    """/home/me/x/y/file.pdf → file.pdf: a report leaves no local path behind."""
    return PATH.sub(lambda m: m.group(1), str(text))


class Notes:
    """Warnings raised while a notebook runs, and notes the notebook adds, shown together at its end."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self._previous = warnings.showwarning
        warnings.simplefilter("default")
        warnings.showwarning = self._record

    def _record(self, message, category, filename, lineno, file=None, line=None) -> None:
        text = f"{category.__name__}: {strip_paths(message)}"
        if text not in self.items:
            self.items.append(text)

    def add(self, text: str) -> None:
        if text and strip_paths(text) not in self.items:
            self.items.append(strip_paths(text))

    def show(self):
        """The notes section (HTML)."""
        from IPython.display import HTML

        if not self.items:
            return HTML("<p>本报告运行中没有警告。</p>")
        items = "".join(f"<li>{html.escape(item)}</li>" for item in self.items)
        return HTML(f"<ul class='notes'>{items}</ul>")


def capture() -> Notes:
    return Notes()


def table(data: pd.DataFrame, frame: str | None = None, labels: dict[str, str] | None = None, decimals: int = 2,
          index: bool = False):
    """A frame as a reader should see it: Chinese headers (from the schema, or `labels`), ids shown as
    their Chinese names, amounts with thousands separators, unknown values as n/a."""
    data = data.copy()
    for column in data.columns:  # ids (measures, key figures, checks, statuses) shown by their Chinese names
        if not pd.api.types.is_numeric_dtype(data[column]):
            data[column] = data[column].map(lambda v: schema.value_label(v) if isinstance(v, str) else v)
    headers = {c: (labels or {}).get(c) or schema.value_label(schema.label(frame, c) if frame else c)
               for c in data.columns}
    data = data.rename(columns=headers)
    numeric = [c for c in data.columns if pd.api.types.is_float_dtype(data[c])]
    integers = [c for c in data.columns if pd.api.types.is_integer_dtype(data[c]) and not
                re.search("年|year", str(c))]
    styler = data.style.format(f"{{:,.{decimals}f}}", subset=numeric, na_rep="n/a")
    styler = styler.format("{:,}", subset=integers, na_rep="n/a")
    text = [c for c in data.columns if c not in numeric and c not in integers]
    styler = styler.set_properties(subset=text, **{"text-align": "left"})
    styler = styler.set_properties(subset=numeric + integers, **{"text-align": "right"})
    styler = styler.set_table_attributes('class="budget-table"')
    return styler if index else styler.hide(axis="index")


def banner(problems: pd.DataFrame):
    """The reading problems, as a box at the top of a report (or a line saying there are none)."""
    from IPython.display import HTML

    from budgetlib.analysis.reading import KIND_LABELS

    if problems.empty:
        return HTML("<div class='reading ok'>读取检查：未发现读取问题。</div>")
    items = "".join(f"<li><b>{KIND_LABELS.get(r.kind, r.kind)}</b>"
                    f"{'《' + html.escape(r.table) + '》' if r.table else ''}：{html.escape(r.detail)}</li>"
                    for r in problems.itertuples())
    return HTML("<div class='reading warn' style='border:2px solid #b03a2e;padding:8px 12px;margin:8px 0'>"
                "<b>⚠ 读取提示：以下数字可能读取有误，使用前请对照原文件核实。</b>"
                "这些是读取的问题，并不表示原文件有错。"
                f"<ul>{items}</ul></div>")
