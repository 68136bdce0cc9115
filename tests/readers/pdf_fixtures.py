"""Small PDFs drawn in the tests, one rule each (pdfplumber's per-issue style): a page is drawn with
reportlab in a few calls, read back with the reader, and compared with what a person reads there.

Nothing binary is committed: every fixture is generated at test time.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from budgetlib.fonts import truetype_subset

FONT = "FixtureCJK"
# Every character the fixtures print (the font is subset to them once per session).
CHARS = ("2025年部门收支总表预算一般公共财政拨款支出基本项目人员经费公用合计类款行政运行机关服务单位万元编制名称"
         "数量指标质量绩效目标值完成率产出效益社会满意度第页共注本无该收入说明情况表科目编码代码小计其中功能分类"
         "上年结转结余增减变化因出国境接待车购置维护会议培训政府采购货物工程，。：、（）；“”部门预算公开情况说明书"
         "住房保障公积金提租补贴医疗卫生健康教育事业单位养老保险缴费职业年金其他对个人和家庭的补助资本性"
         "信访局市级一二三四五六七八九十汇总全部按经济功能用途使A-Z0123456789.,%≥≤ \u3000")


def register_font(cache: Path) -> str:
    """A CJK TrueType subset for reportlab (made once, cached in `cache`)."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(truetype_subset(CHARS, cache))))
    return FONT


def draw_pdf(path: Path, *pages: Callable[[Canvas], None], pagesize=A4) -> Path:
    """One PDF page per drawing function, in order."""
    canvas = Canvas(str(path), pagesize=pagesize, invariant=1)
    for draw in pages:
        canvas.setFont(FONT, 10)
        draw(canvas)
        canvas.showPage()
    canvas.save()
    return path


def ruled_table(canvas: Canvas, left: float, top: float, widths: list[float], rows: list[list[str]],
                height: float = 20.0, size: float = 10.0, numbers_right: bool = True, line_width: float = 0.5) -> float:
    """A fully ruled grid, one rectangle per cell (cells drawing their own borders, as Excel
    exports do); returns the y of its bottom rule."""
    canvas.setLineWidth(line_width)
    y = top
    for row in rows:
        x = left
        for width, text in zip(widths, row, strict=True):
            canvas.rect(x, y - height, width, height, stroke=1, fill=0)
            canvas.setFont(FONT, size)
            if text and numbers_right and text[:1].isdigit() and "." in text:
                canvas.drawRightString(x + width - 3, y - height + 6, text)
            elif text:
                canvas.drawString(x + 3, y - height + 6, text)
            x += width
        y -= height
    return y


def centred(canvas: Canvas, y: float, text: str, size: float = 16.0, page_width: float = A4[0]) -> None:
    canvas.setFont(FONT, size)
    canvas.drawCentredString(page_width / 2, y, text)
