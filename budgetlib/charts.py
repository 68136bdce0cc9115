"""Charts in one house style, ready for a newsroom: PNG (≥ 200 dpi) + SVG + the plotted data as CSV.

Chinese renders on a fresh machine with pip alone: the Noto Sans CJK SC face of the
`manimgx-fonts-cjk` package is subset to the characters a chart uses, made static (fontTools), and
registered with matplotlib; its family name is read back from the file. Every chart carries a
source line ("来源：<部门> <年>年部门预算"); 基本 and 项目 always have the same two colours.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib import font_manager

from budgetlib.excel import write_csv
from budgetlib.fonts import truetype_subset
from budgetlib.store import atomic_write

PALETTE = {"basic": "#1f5c99", "project": "#e07b39", "reserve": "#8c8c8c", "personnel": "#2a9d8f",
           "public": "#e9c46a", "increase": "#c0392b", "decrease": "#27ae60", "total": "#34495e",
           "budget": "#9db4cc", "final": "#1f5c99"}
SERIES = ["#1f5c99", "#e07b39", "#2a9d8f", "#e9c46a", "#8e44ad", "#c0392b", "#7f8c8d", "#16a085", "#d35400"]
LABELS = {"basic": "基本支出", "project": "项目支出", "reserve": "单位预留机动经费", "personnel": "人员经费",
          "public": "公用经费"}
DPI = 200
BASE_TEXT = "0123456789.,-+%()（）：:；;、。万元年部门预算决算来源基本项目支出其他合计单位增减少加变化占比权重指标"


def font_cache() -> Path:
    return Path(os.environ.get("BUDGETLIB_CACHE", Path.home() / ".cache" / "budgetlib")) / "fonts"


def use_font(texts: Iterable[str]) -> str:
    """Register a Noto Sans CJK SC subset covering `texts` and make it the default; returns its family."""
    characters = "".join(sorted(set(BASE_TEXT + "".join(str(t) for t in texts))))
    tag = hashlib.sha256(characters.encode()).hexdigest()[:8]
    path = truetype_subset(characters, font_cache(), family=tag)
    font_manager.fontManager.addfont(str(path))
    family = font_manager.FontProperties(fname=str(path)).get_name()
    plt.rcParams.update({
        "font.family": [family], "axes.unicode_minus": False, "axes.spines.top": False,
        "axes.spines.right": False, "axes.grid": True, "grid.color": "#e5e5e5", "grid.linewidth": 0.6,
        "axes.axisbelow": True, "axes.titleweight": "normal", "axes.titlesize": 12, "font.size": 10,
        "figure.facecolor": "white", "savefig.dpi": DPI, "svg.fonttype": "path",
    })
    return family


def source_line(department: str, year: int | str, stage: str = "预算") -> str:
    return f"来源：{department} {year}年部门{stage}"


def finish(fig: plt.Figure, title: str, source: str, unit: str = "万元") -> None:
    """Title, unit and source in the same places on every chart."""
    fig.suptitle(title, x=0.01, ha="left", fontsize=14)
    fig.text(0.01, 0.005, f"{source}    单位：{unit}", fontsize=8, color="#666666", ha="left", va="bottom")
    fig.tight_layout(rect=(0, 0.03, 1, 0.95))


def save(fig: plt.Figure, data: pd.DataFrame, folder: str | Path, name: str) -> dict[str, Path]:
    """PNG + SVG + the exact plotted data as CSV (utf-8-sig, for Excel), each written atomically."""
    folder = Path(folder)
    paths = {kind: folder / f"{name}.{kind}" for kind in ("png", "svg", "csv")}
    atomic_write(paths["png"], lambda p: fig.savefig(p, format="png", dpi=DPI))
    atomic_write(paths["svg"], lambda p: fig.savefig(p, format="svg"))
    atomic_write(paths["csv"], lambda p: write_csv(data, p))  # Excel-safe: no live formula (budgetlib.excel)
    plt.close(fig)
    return paths


def _texts(*parts) -> list[str]:
    out: list[str] = []
    for part in parts:
        if isinstance(part, pd.DataFrame):
            out += [str(c) for c in part.columns] + [str(v) for v in part.astype(str).to_numpy().ravel()]
        elif isinstance(part, pd.Series | list | tuple):
            out += [str(v) for v in part]
        else:
            out.append(str(part))
    return out


def bars(data: pd.DataFrame, label: str, value: str, title: str, source: str, folder, name: str,
         unit: str = "万元", color: str = PALETTE["total"]) -> dict[str, Path]:
    """Horizontal bars, largest on top, values printed at the bar ends."""
    use_font(_texts(data, title, source, unit))
    data = data.sort_values(value)
    fig, ax = plt.subplots(figsize=(8, max(2.5, 0.45 * len(data) + 1)))
    ax.barh(data[label], data[value], color=color)
    for y, v in enumerate(data[value]):
        ax.text(v, y, f" {v:,.2f}", va="center", fontsize=8)
    ax.set_xlabel(unit)
    finish(fig, title, source, unit)
    return save(fig, data, folder, name)


def grouped_bars(data: pd.DataFrame, label: str, series: list[str], title: str, source: str, folder, name: str,
                 unit: str = "万元", names: dict[str, str] | None = None) -> dict[str, Path]:
    """Side-by-side bars per label (e.g. prior year vs this year)."""
    names = names or {}
    use_font(_texts(data, title, source, unit, list(names.values())))
    fig, ax = plt.subplots(figsize=(8, 4.5))
    width = 0.8 / len(series)
    for i, column in enumerate(series):
        positions = [x + (i - (len(series) - 1) / 2) * width for x in range(len(data))]
        ax.bar(positions, data[column], width, label=names.get(column, column), color=SERIES[i % len(SERIES)])
    ax.set_xticks(range(len(data)), data[label], rotation=20, ha="right")
    ax.set_ylabel(unit)
    ax.legend(frameon=False)
    finish(fig, title, source, unit)
    return save(fig, data, folder, name)


def stacked_shares(data: pd.DataFrame, label: str, parts: list[str], title: str, source: str, folder,
                   name: str) -> dict[str, Path]:
    """100%-stacked horizontal bars: the parts of each label's total, in the house colours."""
    use_font(_texts(data, title, source, [LABELS.get(p, p) for p in parts]))
    totals = data[parts].sum(axis=1).replace(0, float("nan"))
    shares = data[[label]].copy()
    for part in parts:
        shares[f"{part}_share"] = (data[part] / totals * 100).round(2)
    fig, ax = plt.subplots(figsize=(8, max(2.5, 0.45 * len(data) + 1.2)))
    left = pd.Series(0.0, index=data.index)
    for part in parts:
        ax.barh(data[label], shares[f"{part}_share"].fillna(0), left=left, label=LABELS.get(part, part),
                color=PALETTE.get(part, SERIES[parts.index(part) % len(SERIES)]))
        left += shares[f"{part}_share"].fillna(0)
    ax.set_xlim(0, 100)
    ax.legend(frameon=False, ncol=len(parts), loc="upper center", bbox_to_anchor=(0.5, -0.12))
    finish(fig, title, source, "%")
    return save(fig, pd.concat([data[[label, *parts]], shares.drop(columns=[label])], axis=1), folder, name)


def waterfall(data: pd.DataFrame, label: str, value: str, start_label: str, start: float, title: str,
              source: str, folder, name: str, unit: str = "万元") -> dict[str, Path]:
    """From one year's total to the next through each change (red up, green down)."""
    use_font(_texts(data, title, source, start_label, "合计"))
    steps = [start_label, *data[label].tolist(), "合计"]
    levels, bottoms, colors = [start], [0.0], [PALETTE["total"]]
    running = start
    for change in data[value]:
        bottoms.append(running if change >= 0 else running + change)
        levels.append(abs(change))
        colors.append(PALETTE["increase"] if change >= 0 else PALETTE["decrease"])
        running += change
    levels.append(running)
    bottoms.append(0.0)
    colors.append(PALETTE["total"])
    fig, ax = plt.subplots(figsize=(9, 4.8))
    ax.bar(range(len(steps)), levels, bottom=bottoms, color=colors)
    ax.set_xticks(range(len(steps)), steps, rotation=25, ha="right")
    ax.set_ylabel(unit)
    finish(fig, title, source, unit)
    plotted = pd.DataFrame({"step": steps, "bottom": bottoms, "height": levels})
    return save(fig, plotted, folder, name)


def heatmap(matrix: pd.DataFrame, title: str, source: str, folder, name: str, unit: str = "权重") -> dict[str, Path]:
    """A labelled grid of numbers (e.g. project × indicator weights); blanks stay blank."""
    use_font(_texts(matrix.reset_index(), title, source, unit))
    fig, ax = plt.subplots(figsize=(max(6, 0.5 * matrix.shape[1] + 3), max(3, 0.45 * matrix.shape[0] + 1.5)))
    image = ax.imshow(matrix.to_numpy(dtype=float), cmap="Blues", aspect="auto")
    ax.set_xticks(range(matrix.shape[1]), matrix.columns, rotation=60, ha="right", fontsize=7)
    ax.set_yticks(range(matrix.shape[0]), matrix.index, fontsize=8)
    ax.grid(False)
    fig.colorbar(image, ax=ax, label=unit)
    finish(fig, title, source, unit)
    return save(fig, matrix.reset_index(), folder, name)


def scatter(data: pd.DataFrame, x: str, y: str, label: str, title: str, source: str, folder, name: str,
            x_unit: str = "万元", y_unit: str = "个") -> dict[str, Path]:
    use_font(_texts(data, title, source, x_unit, y_unit))
    fig, ax = plt.subplots(figsize=(7, 4.5))
    ax.scatter(data[x], data[y], color=PALETTE["basic"])
    for _, row in data.iterrows():
        ax.annotate(str(row[label])[:10], (row[x], row[y]), fontsize=7, xytext=(3, 3), textcoords="offset points")
    ax.set_xlabel(x_unit)
    ax.set_ylabel(y_unit)
    finish(fig, title, source, x_unit)
    return save(fig, data[[label, x, y]], folder, name)


def small_multiples(data: pd.DataFrame, panel: str, x: str, y: str, title: str, source: str, folder, name: str,
                    unit: str = "万元") -> dict[str, Path]:
    """One small line chart per panel (e.g. per department), sharing the y axis."""
    use_font(_texts(data, title, source, unit))
    panels = list(dict.fromkeys(data[panel]))
    columns = min(3, len(panels))
    rows = (len(panels) + columns - 1) // columns
    fig, axes = plt.subplots(rows, columns, figsize=(3.4 * columns, 2.6 * rows + 0.6), sharey=True, squeeze=False)
    for ax, name_ in zip(axes.ravel(), panels, strict=False):
        part = data[data[panel] == name_].sort_values(x)
        ax.plot(part[x].astype(str), part[y], marker="o", color=PALETTE["basic"])
        ax.set_title(str(name_)[:14], fontsize=9)
    for ax in axes.ravel()[len(panels):]:
        ax.set_visible(False)
    finish(fig, title, source, unit)
    return save(fig, data[[panel, x, y]], folder, name)
