"""Charts a newsroom can publish, in one house style (after Datawrapper, the FT and The Economist).

Every chart:
- states its finding in the title (written from the data by `budgetlib.analysis.headlines`), with a
  subtitle naming the department, year, stage and unit, and a source line naming the document and page;
- scales amounts to 万元 or 亿元 and prints them with thousands separators, on axes and labels alike;
  an unknown value is drawn as an empty, outlined bar marked "n/a", never as 0;
- keeps legends above the plot, off the data; sorts bars; wraps long names, never cuts them;
- gives one meaning to each colour across the whole collection (PALETTE);
- is saved as PNG (200 dpi, the reference that renders everywhere), SVG with real text (for desks
  that restyle: `svg.fonttype: none` and a CJK font-family fallback list) and the plotted data as CSV.

Chinese renders on a fresh machine with pip alone: a Noto Sans CJK SC subset from PyPI (see fonts.py).
Chart functions return a `Chart`, which a notebook displays inline (its PNG) and which knows its files.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import math
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # pyplot, where seaborn needs it, draws with Agg, never with a notebook's inline backend
import pandas as pd
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from budgetlib.excel import write_csv
from budgetlib.fonts import everyday_characters, truetype_subset
from budgetlib.store import atomic_write

# One meaning per colour, everywhere in the collection.
PALETTE = {
    "amount": "#3d4f5c",     # an amount of the document's own year (and the current year beside the prior)
    "prior": "#b9bec4",      # the prior year
    "basic": "#1f5c99",      # 基本支出
    "project": "#e07b39",    # 项目支出
    "reserve": "#8c6d31",    # 单位预留机动经费
    "personnel": "#2a9d8f",  # 人员经费
    "public": "#e9c46a",     # 公用经费
    "budget": "#b39ddb",     # 预算数 (what was planned)
    "final": "#5e35b1",      # 决算数 (what was spent)
    "increase": "#c0392b",   # a rise (red, as Chinese readers expect)
    "decrease": "#27ae60",   # a fall
}
LABELS = {"basic": "基本支出", "project": "项目支出", "reserve": "单位预留机动经费", "personnel": "人员经费",
          "public": "公用经费", "prior": "上年", "amount": "本年", "budget": "预算数", "final": "决算数"}
INK, MUTED, GRID = "#222222", "#666666", "#e5e5e5"
DPI = 200
NA = "n/a"
CJK_FALLBACK = ("'Noto Sans CJK SC', 'Source Han Sans SC', 'Source Han Sans CN', 'PingFang SC', 'Hiragino Sans GB', "
                "'Microsoft YaHei', 'WenQuanYi Micro Hei', 'Noto Sans SC', sans-serif")
BASE_TEXT = ("0123456789.,-+%()（）：:；;、。万亿元年部门单位预算决算来源第页表基本项目支出其他合计增减少加变化占比权重"
             "指标上本n/a其中未公布：")
WRAP = 12  # characters per line of a wrapped name (CJK has no spaces to break at)


# --- text -------------------------------------------------------------------------------------------

def wrap(text: str, width: int = WRAP) -> str:
    """A long name over several lines, broken after punctuation where possible; never cut."""
    tokens = re.findall(r"[A-Za-z0-9.,%/+\-]+|.", str(text))  # numbers and Latin words stay whole
    lines, line = [], ""
    for token in tokens:
        if line and len(line) + len(token) > width + 3:
            lines.append(line)
            line = ""
        line += token
        if len(line) >= width and (token in "）)、，,；：" or len(line) >= width + 2):
            lines.append(line)
            line = ""
    if line:
        lines.append(line)
    return "\n".join(lines)


def stacked(text: str) -> str:
    """A CJK axis title set one character per line, read without turning the head."""
    return "\n".join(text) if re.search(r"[\u4e00-\u9fff]", text) else text


@dataclass(frozen=True)
class Scale:
    """How amounts in 万元 are shown: divided by `factor`, in `unit`."""

    factor: float = 1.0
    unit: str = "万元"
    decimals: int = 2

    def __call__(self, value) -> float:
        return value / self.factor


def scale_for(values: Iterable[float], unit: str = "万元") -> Scale:
    """亿元 once the largest amount reaches 1 亿元 (10,000 万元) and no amount would then print as 0.00;
    other units are shown as they are."""
    finite = [abs(v) for v in values if v is not None and not (isinstance(v, float) and math.isnan(v))]
    smallest = min((v for v in finite if v > 0), default=0)
    if unit == "万元" and finite and max(finite) >= 10_000 and smallest >= 100:
        return Scale(10_000.0, "亿元", 2)
    decimals = 0 if unit in ("分", "个", "项", "权重") else (1 if unit == "%" else 2)
    return Scale(1.0, unit, decimals)


def number(value, decimals: int = 2) -> str:
    """1,512.90 — or n/a for an unknown value."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return NA
    return f"{value:,.{decimals}f}"


@dataclass(frozen=True)
class Text:
    """What a chart says around its data: the finding, who/when/what/unit, the source and a note."""

    title: str
    subtitle: str = ""
    source: str = ""
    note: str = ""
    uncertain: str = ""  # why the figures are uncertain (a reading problem); shown in red above the source

    def with_unit(self, unit: str) -> Text:
        """The subtitle ends with the unit the chart is actually drawn in."""
        subtitle = re.sub(r"\s*·?\s*单位：.*$", "", self.subtitle).rstrip(" ·，,")
        return Text(self.title, f"{subtitle} · 单位：{unit}" if subtitle else f"单位：{unit}", self.source,
                    self.note, self.uncertain)

    def strings(self) -> list[str]:
        return [self.title, self.subtitle, self.source, self.note, self.uncertain]


def subtitle(department: str, year, stage: str = "预算", scope: str = "部门", unit: str = "万元") -> str:
    """部门 · 年度 · 阶段 · 单位"""
    return f"{department} · {year}年{scope}{stage} · 单位：{unit}"


def source_line(document: str, pages: Sequence | None = None, table: str = "") -> str:
    """来源：<the document>, <table>, 第 N 页"""
    pages = sorted({int(p) for p in (pages or []) if p is not None and not pd.isna(p)})
    where = f"第{pages[0]}页" if len(pages) == 1 else (f"第{pages[0]}—{pages[-1]}页" if pages else "")
    parts = [p for p in (document, table, where) if p]
    return "来源：" + "，".join(parts)


# --- font and house style ---------------------------------------------------------------------------

def font_cache() -> Path:
    return Path(os.environ.get("BUDGETLIB_CACHE", Path.home() / ".cache" / "budgetlib")) / "fonts"


def use_font(texts: Iterable[str]) -> str:
    """Make a Noto Sans CJK SC font covering `texts` the default; returns its family. The everyday font
    (budgetlib.fonts.everyday_font) covers nearly every chart; a chart with a rarer character gets a subset
    of its own. A font is registered with matplotlib once per process."""
    characters = set(BASE_TEXT + "".join(str(t) for t in texts))
    path = _everyday_font() if characters <= _everyday() else None
    if path is None:
        text = "".join(sorted(characters))
        path = truetype_subset(text, font_cache(), family=hashlib.sha256(text.encode()).hexdigest()[:8])
    family = _registered(str(path))
    matplotlib.rcParams.update({
        "font.family": [family], "axes.unicode_minus": False, "axes.spines.top": False,
        "axes.spines.right": False, "axes.spines.left": False, "axes.grid": True, "grid.color": GRID,
        "grid.linewidth": 0.6, "axes.axisbelow": True, "axes.edgecolor": "#999999", "font.size": 9,
        "xtick.color": MUTED, "ytick.color": INK, "axes.labelcolor": MUTED, "figure.facecolor": "white",
        "savefig.dpi": DPI, "svg.fonttype": "none", "legend.frameon": False, "legend.fontsize": 9,
    })
    return family


@functools.cache
def _everyday() -> frozenset[str]:
    from budgetlib.fonts import everyday_characters

    return frozenset(everyday_characters())


@functools.cache
def _everyday_font() -> Path | None:
    """The everyday font: made by `make setup`, else made here once its glyphs are all stored (a second);
    looked for once per process (without it, each chart gets a subset of its own, as before)."""
    from budgetlib.fonts import everyday_font

    found = everyday_font(font_cache())
    if found is None and _glyphs_stored(everyday_characters()):
        found = everyday_font(font_cache(), make=True)
    return found


def _glyphs_stored(characters: str) -> bool:
    """Whether making a font of `characters` needs no glyph instanced (a minute's work on a fresh machine)."""
    import pickle

    store = font_cache() / "glyphs-400.pickle"
    if not store.exists():
        return False
    held = pickle.loads(store.read_bytes())
    return all(c in held["glyphs"] or c in held.get("absent", ()) for c in characters)


@functools.cache
def _registered(path: str) -> str:
    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()


def warm(texts: Iterable[str]) -> None:
    """Instance the glyphs of a whole document that the everyday font lacks, once, so that the font of a
    chart that needs them is then assembled at once."""
    from budgetlib.fonts import glyph_store

    rare = set(BASE_TEXT + "".join(str(t) for t in texts)) - _everyday()
    if rare or _everyday_font() is None:
        glyph_store("".join(sorted(set(BASE_TEXT + "".join(str(t) for t in texts)))), font_cache())


def _texts(*parts) -> list[str]:
    out: list[str] = []
    for part in parts:
        if isinstance(part, pd.DataFrame):
            out += [str(c) for c in part.columns] + [str(v) for v in part.astype(str).to_numpy().ravel()]
            out += [str(v) for v in part.index]
        elif isinstance(part, Text):
            out += part.strings()
        elif isinstance(part, pd.Series | list | tuple | dict):
            out += [str(v) for v in part]
            if isinstance(part, dict):
                out += [str(v) for v in part.values()]
        else:
            out.append(str(part))
    return out


def _frame(fig: Figure, text: Text, header_lines: int = 2) -> None:
    """Title (the finding), subtitle, and at the foot the note, the uncertainty and the source."""
    height = fig.get_figheight()
    top = 1 - 0.12 / height
    fig.text(0.012, top, text.title, fontsize=15, color=INK, ha="left", va="top")
    if text.subtitle:
        fig.text(0.012, top - 0.30 / height, text.subtitle, fontsize=9.5, color=MUTED, ha="left", va="top")
    doubt = f"读取存疑：{text.uncertain}" if text.uncertain else ""
    foot = [(text.source, MUTED), (text.note, MUTED), (doubt, "#b03a2e")]
    y = 0.06 / height
    width = _line_width(fig.get_figwidth(), 7.5)
    for line, colour in foot:
        if line:
            shown = _wrap_line(line, width)
            fig.text(0.012, y, shown, fontsize=7.5, color=colour, ha="left", va="bottom", linespacing=1.3)
            y += (0.05 + 0.14 * (shown.count("\n") + 1)) / height
    header = (0.30 + 0.22 * header_lines) / height
    fig.tight_layout(rect=(0, y + 0.02 / height, 1, 1 - header))


def _line_width(inches: float, points: float) -> float:
    """How many em fit across the figure at a font size (CJK characters are one em wide)."""
    return inches * 72 / points * 0.96


def _wrap_line(text: str, width: float) -> str:
    """A long footer line broken where it reaches the figure's edge (Latin characters count half)."""
    lines, line, used = [], "", 0.0
    for char in text:
        size = 0.55 if ord(char) < 0x2E80 else 1.0
        if used + size > width and line:
            lines.append(line)
            line, used = "", 0.0
        line += char
        used += size
    return "\n".join([*lines, line])


@dataclass
class Chart:
    """A saved chart: its files, and its PNG for the notebook to show inline."""

    name: str
    paths: dict[str, Path]
    data: pd.DataFrame = field(repr=False)
    alt: str = ""

    def _repr_png_(self) -> bytes:
        return self.paths["png"].read_bytes()

    def _repr_mimebundle_(self, include=None, exclude=None) -> tuple[dict, dict]:
        """The PNG with its title as alt text (the HTML report's <img alt>)."""
        import base64

        png = base64.b64encode(self._repr_png_()).decode("ascii")
        return {"image/png": png, "text/plain": self.alt or self.name}, {"image/png": {"alt": self.alt or self.name}}

    def __getitem__(self, kind: str) -> Path:  # chart["png"], as the earlier dict return value allowed
        return self.paths[kind]


def save(fig: Figure, data: pd.DataFrame, folder: str | Path, name: str, alt: str = "") -> Chart:
    """PNG (200 dpi) + SVG (real text, CJK fallback fonts) + the plotted data as CSV, each written atomically."""
    folder = Path(folder)
    paths = {kind: folder / f"{name}.{kind}" for kind in ("png", "svg", "csv")}
    atomic_write(paths["png"], lambda p: fig.savefig(p, format="png", dpi=DPI, pil_kwargs={"compress_level": 1}))
    atomic_write(paths["svg"], lambda p: _svg(fig, p))
    atomic_write(paths["csv"], lambda p: write_csv(data, p))  # Excel-safe: no live formula (budgetlib.excel)
    return Chart(name, paths, data, alt)


def _figure(figsize: tuple[float, float]):
    """A figure and its axes, drawn by Agg, without pyplot: nothing global to register it with or close."""
    fig = Figure(figsize=figsize)
    FigureCanvasAgg(fig)
    return fig, fig.add_subplot()


def _svg(fig: Figure, path: Path) -> None:
    fig.savefig(path, format="svg")
    svg = path.read_text(encoding="utf-8")
    svg = re.sub(r"font-family: [^;\"]*", f"font-family: {CJK_FALLBACK}", svg)
    path.write_text(svg, encoding="utf-8")


def _axis_format(ax, scale: Scale, axis: str = "x") -> None:
    """Thousands separators, and as many decimals as the tick step needs (0.25, never 0.2 and 0.2)."""
    ticks = ax.get_xticks() if axis == "x" else ax.get_yticks()
    step = min((abs(b - a) for a, b in itertools.pairwise(ticks) if b != a), default=1.0)
    decimals = max(0, -math.floor(math.log10(step) + 1e-9)) if step < 1 else 0
    if step < 1 and round(step, decimals) != round(step, decimals + 1):
        decimals += 1
    formatter = FuncFormatter(lambda v, _: f"{v:,.{decimals}f}")
    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(formatter)


def _na_bar(ax, y, height, horizontal: bool = True, extent: float = 0.0) -> None:
    """An unknown value: an outlined, hatched stub with 'n/a', so that nobody reads it as zero."""
    if horizontal:
        ax.barh(y, extent, height=height, color="none", edgecolor="#9a9a9a", hatch="////", linewidth=0.6)
        ax.text(extent, y, f" {NA}", va="center", ha="left", fontsize=8, color=MUTED)
    else:
        ax.bar(y, extent, width=height, color="none", edgecolor="#9a9a9a", hatch="////", linewidth=0.6)
        ax.text(y, extent, NA, va="bottom", ha="center", fontsize=8, color=MUTED)


# --- chart kinds ------------------------------------------------------------------------------------

def bars(data: pd.DataFrame, label: str, value: str, text: Text, folder, name: str, unit: str = "万元",
         color: str = "amount", sort: bool = True) -> Chart:
    """Horizontal bars, largest on top, each value printed at its own bar's end (matched by category)."""
    scale = scale_for(data[value], unit)
    text = text.with_unit(scale.unit)
    data = data.sort_values(value, ascending=True, na_position="first") if sort else data.iloc[::-1]
    names = [wrap(n) for n in data[label]]
    use_font(_texts(data, text, names))
    lines = sum(n.count("\n") + 1 for n in names)
    fig, ax = _figure(figsize=(8, max(2.8, 0.26 * lines + 0.32 * len(data) + 1.6)))
    positions = range(len(data))
    values = [scale(v) for v in data[value]]
    known = [v for v in values if not pd.isna(v)]
    span = max([abs(v) for v in known], default=1.0) or 1.0
    for y, v in zip(positions, values, strict=True):
        if pd.isna(v):
            _na_bar(ax, y, 0.7, extent=span * 0.04)
        else:
            ax.barh(y, v, height=0.7, color=PALETTE.get(color, color))
            ax.text(v, y, f" {number(v, scale.decimals)}", va="center", ha="left" if v >= 0 else "right",
                    fontsize=8, color=INK)
    ax.set_yticks(list(positions), names)
    ax.set_xlim(min(0, min(known, default=0) * 1.15), span * 1.18)
    _axis_format(ax, scale)
    ax.grid(axis="y", visible=False)
    ax.tick_params(axis="y", length=0)
    _frame(fig, text)
    return save(fig, data.iloc[::-1].reset_index(drop=True), folder, name, alt=text.title)


def paired_bars(data: pd.DataFrame, label: str, series: Sequence[str], text: Text, folder, name: str,
                unit: str = "万元", names: dict[str, str] | None = None, colors: Sequence[str] | None = None,
                annotate: str | None = None) -> Chart:
    """Two or three series side by side per category (prior vs current year, 预算 vs 决算), horizontal,
    in the order given (the caller puts a 合计 first). Unknown values are drawn as n/a. `annotate` names
    a column whose text is printed after each group (e.g. the execution rate)."""
    names = names or {}
    colors = list(colors or ["prior", "amount", "final"][: len(series)])
    scale = scale_for(pd.concat([data[s] for s in series]), unit)
    text = text.with_unit(scale.unit)
    labels = [wrap(n) for n in data[label]]
    use_font(_texts(data, text, labels, names))
    groups = len(data)
    height = 0.8 / len(series)
    fig, ax = _figure(figsize=(8, max(3.0, groups * (0.32 * len(series) + 0.3) + 1.9)))
    values = {s: [scale(v) for v in data[s]] for s in series}
    span = max([abs(v) for s in series for v in values[s] if not pd.isna(v)], default=1.0) or 1.0
    for i, column in enumerate(series):
        for g in range(groups):
            y = (groups - 1 - g) + (len(series) - 1 - i - (len(series) - 1) / 2) * height
            v = values[column][g]
            if pd.isna(v):
                _na_bar(ax, y, height * 0.9, extent=span * 0.04)
                continue
            ax.barh(y, v, height=height * 0.9, color=PALETTE.get(colors[i], colors[i]))
            ax.text(v, y, f" {number(v, scale.decimals)}", va="center", ha="left", fontsize=7.5, color=INK)
    if annotate:
        for g, note in enumerate(data[annotate]):
            ax.text(span * 1.32, groups - 1 - g, str(note), va="center", ha="right", fontsize=9, color=INK)
    ax.set_yticks(range(groups), labels[::-1])
    ax.set_xlim(0, span * (1.34 if annotate else 1.22))
    _axis_format(ax, scale)
    ax.grid(axis="y", visible=False)
    ax.tick_params(axis="y", length=0)
    handles = [Patch(color=PALETTE.get(colors[i], colors[i]), label=names.get(c, c)) for i, c in enumerate(series)]
    if any(pd.isna(v) for s in series for v in values[s]):
        handles.append(Patch(facecolor="none", edgecolor="#9a9a9a", hatch="////", label=f"{NA}：未公布"))
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=len(handles), borderaxespad=0.3,
              handlelength=1.2)
    _frame(fig, text, header_lines=3)
    plotted = data[[label, *series, *([annotate] if annotate else [])]]
    return save(fig, plotted, folder, name, alt=text.title)


def stacked_shares(data: pd.DataFrame, label: str, parts: Sequence[str], text: Text, folder, name: str,
                   unit: str = "万元") -> Chart:
    """100%-stacked horizontal bars: each part's % printed in its segment, each bar's total at its end."""
    parts = list(parts)
    totals = data[parts].sum(axis=1)
    scale = scale_for(totals, unit)
    text = text.with_unit(f"%（右侧为合计，{scale.unit}）")
    data = data.assign(_total=totals).sort_values("_total", ascending=True)
    labels = [wrap(n) for n in data[label]]
    use_font(_texts(data, text, labels, [LABELS.get(p, p) for p in parts]))
    fig, ax = _figure(figsize=(8, max(2.6, 0.5 * len(data) + 0.2 * sum(n.count("\n") for n in labels) + 1.9)))
    left = pd.Series(0.0, index=data.index)
    shares = pd.DataFrame(index=data.index)
    for i, part in enumerate(parts):
        share = (data[part] / data["_total"].where(data["_total"] != 0) * 100)
        shares[f"{part}_share"] = share.round(2)
        ax.barh(range(len(data)), share.fillna(0), left=left, height=0.65, label=LABELS.get(part, part),
                color=PALETTE.get(part, list(PALETTE.values())[i]))
        for y, (s, x) in enumerate(zip(share, left, strict=True)):
            if not pd.isna(s) and s >= 6:
                colour = "white" if part in ("basic", "personnel", "reserve") else INK
                ax.text(x + s / 2, y, f"{s:.0f}%", ha="center", va="center", fontsize=8, color=colour)
        left += share.fillna(0)
    for y, total in enumerate(data["_total"]):
        ax.text(101.5, y, number(scale(total), scale.decimals), va="center", ha="left", fontsize=8, color=INK)
    ax.set_yticks(range(len(data)), labels)
    ax.set_xlim(0, 100)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f}%"))
    ax.grid(axis="y", visible=False)
    ax.tick_params(axis="y", length=0)
    ax.spines["bottom"].set_visible(False)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=len(parts), borderaxespad=0.3, handlelength=1.2)
    _frame(fig, text, header_lines=3)
    fig.subplots_adjust(right=min(fig.subplotpars.right, 0.88))
    plotted = pd.concat([data[[label, *parts]].rename(columns={}), data["_total"].rename("total"), shares], axis=1)
    return save(fig, plotted.iloc[::-1].reset_index(drop=True), folder, name, alt=text.title)


def waterfall(data: pd.DataFrame, label: str, value: str, start_label: str, start: float, end_label: str,
              text: Text, folder, name: str, unit: str = "万元") -> Chart:
    """From one year's total to the next through each change (red up, green down), sorted by size."""
    data = data.reindex(data[value].abs().sort_values(ascending=False).index)
    scale = scale_for([start, start + data[value].sum(), *data[value]], unit)
    text = text.with_unit(scale.unit)
    steps = [start_label, *data[label].tolist(), end_label]
    use_font(_texts(data, text, steps))
    levels, bottoms, colors = [scale(start)], [0.0], [PALETTE["prior"]]
    running = scale(start)
    for change in data[value]:
        change = scale(change)
        bottoms.append(running if change >= 0 else running + change)
        levels.append(abs(change))
        colors.append(PALETTE["increase"] if change >= 0 else PALETTE["decrease"])
        running += change
    levels.append(running)
    bottoms.append(0.0)
    colors.append(PALETTE["amount"])
    fig, ax = _figure(figsize=(max(7, 1.0 * len(steps) + 2), 5.2))
    ax.bar(range(len(steps)), levels, bottom=bottoms, color=colors, width=0.7)
    for x, (b, h) in enumerate(zip(bottoms, levels, strict=True)):
        signed = h if x in (0, len(steps) - 1) or colors[x] == PALETTE["increase"] else -h
        shown = number(signed, scale.decimals) if x in (0, len(steps) - 1) else f"{signed:+,.{scale.decimals}f}"
        ax.text(x, b + h, shown, ha="center", va="bottom", fontsize=7.5, color=INK)
    ax.set_xticks(range(len(steps)), [wrap(s, 6) for s in steps], fontsize=8)
    ax.set_ylabel(stacked(scale.unit), rotation=0, ha="right", va="center")
    _axis_format(ax, scale, "y")
    ax.grid(axis="x", visible=False)
    _frame(fig, text)
    plotted = pd.DataFrame({"step": steps, "bottom": bottoms, "height": levels,
                            "change": [None, *[scale(v) for v in data[value]], None], "unit": scale.unit})
    return save(fig, plotted, folder, name, alt=text.title)


def heatmap(matrix: pd.DataFrame, text: Text, folder, name: str, unit: str = "权重", rows_per_page: int = 28
            ) -> list[Chart]:
    """A labelled grid of numbers (rows × columns, e.g. indicator × project weights), sized to its content
    and split into pages of at most `rows_per_page` rows; each page shows only the columns it uses."""
    import seaborn as sns

    charts = []
    pages = max(1, math.ceil(len(matrix) / rows_per_page))
    cmap = LinearSegmentedColormap.from_list("amount", ["#f4f6f7", PALETTE["amount"]])
    top = float(pd.to_numeric(matrix.stack(), errors="coerce").max() or 1)
    for page in range(pages):
        part = matrix.iloc[page * rows_per_page:(page + 1) * rows_per_page]
        part = part.loc[:, part.notna().any()]
        page_text = text if pages == 1 else Text(f"{text.title}（{page + 1}/{pages}）", text.subtitle, text.source,
                                                 text.note, text.uncertain)
        page_text = page_text.with_unit(unit)
        rows = [wrap(r, 16) for r in part.index]
        cols = [wrap(c, 5) for c in part.columns]
        use_font(_texts(part.reset_index(), page_text, rows, cols))
        tall = sum(r.count("\n") + 1 for r in rows)
        col_lines = max((c.count("\n") + 1 for c in cols), default=1)
        fig, ax = _figure(figsize=(min(18, 3.4 + 0.9 * part.shape[1]),
                                        max(3.2, 0.2 * tall + 0.12 * len(rows) + 0.16 * col_lines + 1.9)))
        sns.heatmap(part.astype(float), ax=ax, cmap=cmap, vmin=0, vmax=top, annot=True, fmt=".0f",
                    annot_kws={"fontsize": 7}, linewidths=0.5, linecolor="white", cbar=False)
        ax.set_xticks([i + 0.5 for i in range(len(cols))], cols, rotation=0, fontsize=7.5)
        ax.set_yticks([i + 0.5 for i in range(len(rows))], rows, rotation=0, fontsize=7.5)
        ax.xaxis.tick_top()
        ax.grid(False)
        ax.set_xlabel("")
        ax.set_ylabel("")
        ax.tick_params(length=0)
        _frame(fig, page_text)
        suffix = "" if pages == 1 else f"_p{page + 1}"
        charts.append(save(fig, part.reset_index(), folder, f"{name}{suffix}", alt=page_text.title))
    return charts


def scatter(data: pd.DataFrame, x: str, y: str, label: str, text: Text, folder, name: str, x_unit: str = "万元",
            y_unit: str = "个", x_title: str = "", y_title: str = "") -> Chart:
    """Points with their names (wrapped), an axis title on each side."""
    scale = scale_for(data[x], x_unit)
    text = text.with_unit(scale.unit)
    names = [wrap(n, 10) for n in data[label]]
    use_font(_texts(data, text, names, x_title, y_title))
    fig, ax = _figure(figsize=(8, 5.4))
    ax.scatter([scale(v) for v in data[x]], data[y], color=PALETTE["amount"], s=22, zorder=3)
    span = (max(data[x].max(), 1) - min(data[x].min(), 0)) or 1
    placed: list[tuple[float, float]] = []
    for name_, vx, vy in zip(names, data[x], data[y], strict=True):
        near = sum(1 for px, py in placed if abs(px - vx) < span * 0.12 and py == vy)  # stagger neighbours
        placed.append((vx, vy))
        ax.annotate(name_, (scale(vx), vy), fontsize=6.5, xytext=(4, 2 - 11 * near), textcoords="offset points",
                    color=INK)
    ax.set_xlabel(f"{x_title}（{scale.unit}）" if x_title else scale.unit)
    ax.set_ylabel(stacked(y_title or y_unit), rotation=0, ha="right", va="center")
    _axis_format(ax, scale)
    _frame(fig, text)
    return save(fig, data[[label, x, y]], folder, name, alt=text.title)


def distribution(values: pd.Series, text: Text, folder, name: str, unit: str = "权重", title: str = "") -> Chart:
    """How a set of values is spread (e.g. indicator weights): a histogram with integer bins."""
    import seaborn as sns

    values = pd.to_numeric(values, errors="coerce").dropna()
    text = text.with_unit(unit)
    use_font(_texts(text, title or unit, "指标个数"))
    fig, ax = _figure(figsize=(8, 4.2))
    sns.histplot(values, ax=ax, discrete=True, color=PALETTE["amount"], edgecolor="white")
    ax.set_xlabel(title or unit)
    ax.set_ylabel(stacked("指标个数"), rotation=0, ha="right", va="center")
    ax.grid(axis="x", visible=False)
    _frame(fig, text)
    counts = values.value_counts().sort_index().rename_axis("value").reset_index(name="count")
    return save(fig, counts, folder, name, alt=text.title)


def small_multiples(data: pd.DataFrame, panel: str, x: str, y: str, text: Text, folder, name: str,
                    unit: str = "万元") -> Chart:
    """One small line chart per panel (e.g. per department), each on its own scale (seaborn FacetGrid)."""
    import seaborn as sns

    scale = scale_for(data[y], unit)
    text = text.with_unit(scale.unit)
    data = data.assign(**{"_value": [scale(v) for v in data[y]], "_panel": [wrap(p, 14) for p in data[panel]]})
    use_font(_texts(data[[panel, "_panel"]], text))
    panels = data["_panel"].nunique()
    columns = min(3, panels)
    grid = sns.FacetGrid(data, col="_panel", col_wrap=columns, sharey=False, sharex=False, height=2.3, aspect=1.4)
    grid.map_dataframe(sns.lineplot, x=x, y="_value", marker="o", color=PALETTE["amount"])
    grid.set_titles("{col_name}", size=8)
    grid.set_axis_labels("", "")
    for ax in grid.axes.ravel():
        _axis_format(ax, scale, "y")
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    fig = grid.figure
    fig.set_size_inches(3.4 * columns, 2.5 * math.ceil(panels / columns) + 1.3)
    _frame(fig, text)
    try:
        return save(fig, data[[panel, x, y]], folder, name, alt=text.title)
    finally:
        import matplotlib.pyplot as plt

        plt.close(fig)  # FacetGrid made it with pyplot, which keeps it until closed
