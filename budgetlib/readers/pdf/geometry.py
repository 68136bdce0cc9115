"""Page geometry from the PDF itself: characters with their boxes, and ruling lines.

Both come straight from pdfium (pypdfium2): no rendering, no layout analysis we do not need.
Coordinates are PDF points with y pointing up, as pdfium gives them.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from itertools import pairwise

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

THIN = 2.0  # a path thinner than this (pt) is a rule, not a shape


@dataclass(frozen=True)
class Char:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    size: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass(frozen=True)
class Segment:
    """An axis-parallel rule: horizontal when `horizontal`, spanning `start`..`end` at `at`."""

    horizontal: bool
    at: float
    start: float
    end: float


def _rotation(page: pdfium.PdfPage):
    """Map user-space points to the page as displayed (landscape tables are often stored as
    portrait pages with /Rotate 90): reading order and columns follow the display."""
    left, bottom, right, top = page.get_mediabox()
    width, height = right - left, top - bottom
    turn = page.get_rotation() % 360
    if turn == 90:
        return lambda x, y: (y - bottom, width - (x - left))
    if turn == 180:
        return lambda x, y: (width - (x - left), height - (y - bottom))
    if turn == 270:
        return lambda x, y: (height - (y - bottom), x - left)
    return None


def _box(rotate, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
    if rotate is None:
        return x0, y0, x1, y1
    (ax, ay), (bx, by) = rotate(x0, y0), rotate(x1, y1)
    return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def page_chars(page: pdfium.PdfPage) -> list[Char]:
    """Every printed character with its box (pdfium's generated spaces and line breaks left out)."""
    rotate = _rotation(page)
    textpage = page.get_textpage()
    raw = textpage.raw
    chars = []
    box = pdfium_c.FS_RECTF()
    for index in range(pdfium_c.FPDFText_CountChars(raw)):
        code = pdfium_c.FPDFText_GetUnicode(raw, index)
        if not code or pdfium_c.FPDFText_IsGenerated(raw, index) == 1 or chr(code) in "\r\n\ufffe":
            continue
        # The loose box spans the glyph's advance and the font's height: tight boxes of punctuation
        # (、，) would otherwise look like gaps, and a comma's box can sit oddly after its digits.
        pdfium_c.FPDFText_GetLooseCharBox(raw, index, box)
        size = pdfium_c.FPDFText_GetFontSize(raw, index)
        if size < 3:  # a unit font scaled by the text matrix reports size 1: use the glyph's height
            size = box.top - box.bottom
        text = " " if chr(code).isspace() else chr(code)
        chars.append(Char(*_box(rotate, box.left, box.bottom, box.right, box.top), text, size))
    return chars


def page_segments(page: pdfium.PdfPage) -> list[Segment]:
    """Axis-parallel rules drawn on the page: stroked lines, thin filled boxes, and rectangle edges."""
    width, height = page.get_size()
    rotate = _rotation(page)
    segments: list[Segment] = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=4):
        matrix = obj.get_matrix()
        for points in _subpaths(obj.raw):
            points = [matrix.on_point(x, y) for x, y in points]
            points = [rotate(x, y) for x, y in points] if rotate else points
            segments.extend(_rules(points, width, height))
    return segments


def _subpaths(raw_obj) -> list[list[tuple[float, float]]]:
    paths: list[list[tuple[float, float]]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for index in range(pdfium_c.FPDFPath_CountSegments(raw_obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(raw_obj, index)
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or not paths:
            paths.append([])
        paths[-1].append((x.value, y.value))
        if pdfium_c.FPDFPathSegment_GetClose(segment) and paths[-1]:
            paths[-1].append(paths[-1][0])
    return paths


def _rules(points: list[tuple[float, float]], page_width: float, page_height: float) -> list[Segment]:
    if len(points) < 2:
        return []
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    left, right, bottom, top = min(xs), max(xs), min(ys), max(ys)
    if top - bottom < THIN and right - left >= THIN:
        return [Segment(True, (top + bottom) / 2, left, right)]
    if right - left < THIN and top - bottom >= THIN:
        return [Segment(False, (left + right) / 2, bottom, top)]
    if right - left > 0.9 * page_width and top - bottom > 0.9 * page_height:
        return []  # a page-sized background, not a table
    out = []
    for (x0, y0), (x1, y1) in pairwise(points):
        if abs(y0 - y1) < 0.5 and abs(x1 - x0) >= THIN:
            out.append(Segment(True, y0, min(x0, x1), max(x0, x1)))
        elif abs(x0 - x1) < 0.5 and abs(y1 - y0) >= THIN:
            out.append(Segment(False, x0, min(y0, y1), max(y0, y1)))
    return out
