"""Titles that state the finding, written from the data: "城乡社区支出占七成", "“三公”经费比上年减少15.7万元".

A newsroom chart's title says what the reader should see; these functions say it in the words Chinese
reporting uses (成 for tenths, 近/超 for just under/over, 过半 for more than half), and fall back to
a plain description when the data say nothing clear (no prior year, a zero total).
"""

from __future__ import annotations

import math

import pandas as pd

DIGITS = "零一二三四五六七八九十"


def share_words(share: float) -> str:
    """0.70 → 七成, 0.68 → 近七成, 0.53 → 过半, 0.083 → 8.3%."""
    if share is None or math.isnan(share):
        return ""
    if share >= 0.995:
        return "全部"
    if share < 0.1:
        return f"{share * 100:.1f}%"
    tenths = share * 10
    nearest = round(tenths)
    if abs(tenths - nearest) <= 0.15:
        return f"{DIGITS[nearest]}成"
    if 0.5 < share < 0.6:
        return "过半"
    if tenths < nearest:
        return f"近{DIGITS[nearest]}成"
    return f"超{DIGITS[int(tenths)]}成"


def amount_words(value: float, unit: str = "万元") -> str:
    """15.7万元, 1.23亿元: the figure as printed (no trailing zeros), in 亿元 from 10,000 万元 up."""
    if unit == "万元" and abs(value) >= 10_000:
        return f"{value / 10_000:,.2f}".rstrip("0").rstrip(".") + "亿元"
    return f"{value:,.2f}".rstrip("0").rstrip(".") + unit


def largest_share(frame: pd.DataFrame, label: str, value: str, subject: str = "支出") -> str:
    """'一般公共服务支出占七成' — the largest category and its share of the whole."""
    top = _top_share(frame, label, value)
    if top is None:
        return f"{subject}构成"
    name, words = top
    return f"{name}占{words}" if words != "全部" else f"{subject}全部为{name}"


def change(subject: str, current: float, prior: float | None, unit: str = "万元", against: str = "上年") -> str:
    """'“三公”经费比上年减少15.7万元' (or '…与上年持平'); without a prior year: '“三公”经费预算75.65万元'."""
    if prior is None or pd.isna(prior):
        return f"{subject}为{amount_words(current, unit)}（上年数未公布）"
    difference = round(current - prior, 6)
    if abs(difference) < 0.005:
        return f"{subject}与{against}持平"
    verb = "增加" if difference > 0 else "减少"
    percent = f"（{abs(difference) / prior * 100:.1f}%）" if prior else ""
    return f"{subject}比{against}{verb}{amount_words(abs(difference), unit)}{percent}"


def split_title(parts: dict[str, float], names: dict[str, str]) -> str:
    """'基本支出占八成' — the larger part of a split and its share."""
    known = {k: v for k, v in parts.items() if v is not None and not pd.isna(v)}
    total = sum(known.values())
    if not known or not total:
        return "支出构成"
    key = max(known, key=known.get)
    return f"{names.get(key, key)}占{share_words(known[key] / total)}"


def execution_title(subject: str, budget: float, final: float) -> str:
    """'“三公”经费决算为预算的85.2%' / '…未安排预算' / '…预算X万元，决算为0'."""
    if budget is None or pd.isna(budget) or not budget:
        return f"{subject}年初未安排预算，决算{amount_words(final or 0)}"
    if not final:
        return f"{subject}年初预算{amount_words(budget)}，决算为0"
    return f"{subject}决算为年初预算的{final / budget * 100:.1f}%"


def weight_title(summary: pd.DataFrame) -> str:
    """'10个项目中9个指标权重合计为90分' — how many projects follow the convention (90 per project)."""
    projects = summary[summary["scope"] == "project"]
    if projects.empty:
        return "指标权重合计"
    conventional = int((projects["weight_sum"].round(2) == 90).sum())
    return f"{len(projects)}个项目中{conventional}个指标权重合计为90分"


def concentration(frame: pd.DataFrame, label: str, value: str, subject: str) -> str:
    """'项目支出全部在一般公共服务支出' / '项目支出的七成在城乡社区支出': where most of one part goes."""
    top = _top_share(frame, label, value)
    if top is None:
        return f"没有{subject}"
    name, words = top
    return f"{subject}全部在{name}" if words == "全部" else f"{subject}的{words}在{name}"


def _top_share(frame: pd.DataFrame, label: str, value: str) -> tuple[str, str] | None:
    """The largest category's name and its share of the whole in words, or None when there is no whole."""
    data = frame.dropna(subset=[value])
    total = data[value].sum()
    if data.empty or not total:
        return None
    top = data.loc[data[value].idxmax()]
    return str(top[label]), share_words(top[value] / total)
