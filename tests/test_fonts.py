"""The font subsets: each one keeps its own characters wherever it is used."""

from __future__ import annotations

import pypdfium2 as pdfium
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from budgetlib.fonts import truetype_subset


def test_two_subsets_in_one_process_each_draw_their_own_characters(tmp_path):
    # reportlab hands a font whose face name it has seen before the first font's glyphs: two subsets
    # sharing a family name lose the second one's characters from the PDF's text layer.
    first = truetype_subset("部门预算", tmp_path / "fonts")
    second = truetype_subset("汇总收支", tmp_path / "fonts")
    pdfmetrics.registerFont(TTFont("SubsetFirst", str(first)))
    pdfmetrics.registerFont(TTFont("SubsetSecond", str(second)))
    canvas = Canvas(str(tmp_path / "two.pdf"))
    canvas.setFont("SubsetFirst", 12)
    canvas.drawString(72, 720, "部门预算")
    canvas.setFont("SubsetSecond", 12)
    canvas.drawString(72, 700, "汇总收支")
    canvas.save()
    text = pdfium.PdfDocument(str(tmp_path / "two.pdf"))[0].get_textpage().get_text_range()
    assert text.split() == ["部门预算", "汇总收支"]
