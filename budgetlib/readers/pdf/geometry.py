"""Page geometry from the PDF itself: characters with their boxes, and ruling lines.

Both come straight from pdfium (pypdfium2): no rendering, no layout analysis we do not need.
Coordinates are PDF points with y pointing up, in the page as displayed (a page stored with
/Rotate 90 is turned back). What is invisible on paper is left out: white rules and white boxes
behind text, unpainted paths, text clipped off the page; a glyph drawn several times over itself
(fake bold) is one character.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from budgetlib.readers.pdf.settings import DEFAULT, ReaderSettings

IDEOGRAPHIC_SPACE = "\u3000"


class Char(NamedTuple):
    """A printed character: its box (PDF points, y up), its text and font size, and pdfium's index
    of it on its page. Immutable and light (a page holds thousands): a named tuple, equal to another
    when everything but the index is equal."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    size: float
    index: int = -1  # pdfium's character index on its page

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Char):
            return NotImplemented
        return self[:6] == other[:6]

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        return hash(self[:6])


class Segment(NamedTuple):
    """An axis-parallel rule: horizontal when `horizontal`, spanning `start`..`end` at `at`. Immutable and
    light, as a page draws thousands."""

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


def page_box(page: pdfium.PdfPage) -> tuple[float, float, float, float]:
    """The page's extent (left, bottom, right, top) in the coordinates of page_chars/page_segments."""
    left, bottom, right, top = page.get_mediabox()
    if page.get_rotation() % 360 == 0:
        return left, bottom, right, top
    if page.get_rotation() % 180 == 90:
        return 0.0, 0.0, top - bottom, right - left
    return 0.0, 0.0, right - left, top - bottom


def _box(rotate, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
    if rotate is None:
        return x0, y0, x1, y1
    (ax, ay), (bx, by) = rotate(x0, y0), rotate(x1, y1)
    return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


PDFIUM_HYPHEN = 0x02


def page_chars(page: pdfium.PdfPage, settings: ReaderSettings = DEFAULT, textpage=None) -> list[Char]:
    """Every printed character with its box (pdfium's generated spaces and line breaks left out,
    fake-bold repeats and characters off the page dropped).

    The hottest loop of the reader (a page holds thousands of characters): three calls into pdfium
    per character, pdfium's functions and the settings bound to locals, and whether a space is
    one pdfium generated asked only of spaces (pdfium generates nothing else but line breaks)."""
    rotate = _rotation(page)
    left, bottom, right, top = page_box(page)
    margin = settings.page_margin
    low_x, high_x, low_y, high_y = left - margin, right + margin, bottom - margin, top + margin
    min_font_size = settings.min_font_size
    raw = (textpage or page.get_textpage()).raw
    get_unicode, is_generated = pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_IsGenerated
    get_box, get_font_size = pdfium_c.FPDFText_GetLooseCharBox, pdfium_c.FPDFText_GetFontSize
    new_char = tuple.__new__
    chars: list[Char] = []
    recent: dict[str, tuple[int, Char]] = {}  # the last place each glyph text was drawn
    box = pdfium_c.FS_RECTF()
    for index in range(pdfium_c.FPDFText_CountChars(raw)):
        code = get_unicode(raw, index)
        if code == PDFIUM_HYPHEN:
            code = 45  # "-": pdfium reports a hyphen that ends a line as U+0002; the page prints "-"
        elif not code or code in SKIPPED_CODES or (code == 32 and is_generated(raw, index) == 1):
            continue
        # The loose box spans the glyph's advance and the font's height: tight boxes of punctuation
        # (、，) would otherwise look like gaps, and a comma's box can sit oddly after its digits.
        get_box(raw, index, box)
        size = get_font_size(raw, index)
        x0, y0, x1, y1 = box.left, box.bottom, box.right, box.top
        height = y1 - y0
        if size < min_font_size or size > 3 * height > 0:
            size = height  # a font size distorted by the text matrix (1 or 720): the glyph's height
        if rotate is not None:
            x0, y0, x1, y1 = _box(rotate, x0, y0, x1, y1)
        # an ideographic space stays itself: leading ones are the indent that shows a row's level
        text = chr(code)
        space = text.isspace()
        if space and code != 0x3000:
            text = " "
        if not (low_x <= (x0 + x1) / 2 <= high_x and low_y <= (y0 + y1) / 2 <= high_y):
            continue  # clipped away: text of a cell merged over a page break, drawn off the page
        char = new_char(Char, (x0, y0, x1, y1, text, size, index))
        if not space:
            seen = recent.get(text)
            if seen is not None and seen[0] >= len(chars) - 6 and _repeats(char, seen[1], settings):
                continue
            recent[text] = (len(chars), char)
        chars.append(char)
    return chars


# Codes pdfium reports that print nothing: line breaks, and U+FFFE for a glyph without a Unicode value.
SKIPPED_CODES = frozenset((0x0A, 0x0D, 0xFFFE))


def unclipped(page: pdfium.PdfPage, textpage, chars: list[Char], suspect: Sequence[bool],
              into_cell: Callable[[Char], bool]) -> list[Char]:
    """The characters, less those cut off by their clip path (hidden on paper). Only characters
    whose `suspect` flag (one per character) is set are checked: each check costs several calls
    into pdfium.

    Text overflowing a table cell is clipped by the cell (Excel exports): a clipped character for
    which `into_cell(char)` holds is moved just inside its clip box, in order, so that the cell
    reads whole ("部门预算支出经济分类科目" rather than its visible tail, the head spilling into
    the neighbour); any other clipped character (hidden fragments of a web export) is dropped."""
    raw = textpage.raw
    rotate = _rotation(page)
    box = pdfium_c.FS_RECTF()
    clips: dict[bytes, tuple[float, float, float, float] | None] = {}
    out = []
    for char, check in zip(chars, suspect, strict=True):
        if check and char.index >= 0:
            clip = _clip_of(raw, char.index, clips)
            if clip is not None and not _inside(clip, _user_box(raw, char, rotate, box)):
                if into_cell(char):
                    out.append(_moved_into(char, _box(rotate, *clip)))
                continue
        out.append(char)
    return out


def _user_box(raw, char: Char, rotate, box: pdfium_c.FS_RECTF) -> tuple[float, float, float, float]:
    """The character's loose box in user space (the clip's space): its own box on a page shown as
    stored, else asked of pdfium again."""
    if rotate is None:
        return char.x0, char.y0, char.x1, char.y1
    pdfium_c.FPDFText_GetLooseCharBox(raw, char.index, box)
    return box.left, box.bottom, box.right, box.top


def _inside(clip: tuple[float, float, float, float], box: tuple[float, float, float, float]) -> bool:
    left, bottom, right, top = box
    cx, cy = (left + right) / 2, (bottom + top) / 2
    return clip[0] <= cx <= clip[2] and clip[1] <= cy <= clip[3]


def _moved_into(char: Char, clip: tuple[float, float, float, float]) -> Char:
    """A clipped character moved just inside the edge of its clip box that it overflowed, in the
    order of the overflow (reading order is by left edge): one spilling left keeps a left edge
    left of the visible characters, one spilling right gets a left edge right of them."""
    left, bottom, right, top = clip
    width = max(char.x1 - char.x0, 0.02)
    y = min(max(char.cy, bottom + 0.1), top - 0.1)
    half_height = (char.y1 - char.y0) / 2
    if char.cx < left:
        step = 0.05 / (1.0 + left - char.cx)  # grows towards the edge, so the order is kept
        x0, x1 = left - width + step, left + width + step
    else:
        step = 0.05 / (1.0 + char.cx - right)
        x0, x1 = right - step - 0.01, right - step
    return Char(x0, y - half_height, x1, y + half_height, char.text, char.size, char.index)


def _clip_of(raw, index: int, clips: dict) -> tuple[float, float, float, float] | None:
    """The clip box (user space) of the text object that draws the character, if it has one."""
    obj = pdfium_c.FPDFText_GetTextObject(raw, index)
    if not obj:
        return None
    key = bytes(obj)  # the pointer's own bytes: its address, without ctypes.cast's cost
    if key not in clips:
        clips[key] = _clip_box(obj)
    return clips[key]


def _clip_box(obj) -> tuple[float, float, float, float] | None:
    """The bounding box of a page object's clip path (the intersection of its paths' boxes).
    A path of four or five points is read as a rectangle from two opposite corners: a clip path is
    nearly always a cell or the page, and each point read costs a call into pdfium."""
    clip = pdfium_c.FPDFPageObj_GetClipPath(obj)
    if not clip:
        return None
    x, y = ctypes.c_float(), ctypes.c_float()
    count_segments, get_segment, get_point = (pdfium_c.FPDFClipPath_CountPathSegments,
                                              pdfium_c.FPDFClipPath_GetPathSegment, pdfium_c.FPDFPathSegment_GetPoint)
    out = None
    for path in range(pdfium_c.FPDFClipPath_CountPaths(clip)):
        count = count_segments(clip, path)
        corners = (0, 2) if count in (4, 5) else range(count)
        xs, ys = [], []
        for index in corners:
            get_point(get_segment(clip, path, index), x, y)
            xs.append(x.value)
            ys.append(y.value)
        if xs:
            box = (min(xs), min(ys), max(xs), max(ys))
            out = box if out is None else (max(out[0], box[0]), max(out[1], box[1]), min(out[2], box[2]),
                                           min(out[3], box[3]))
    return out


def _repeats(char: Char, other: Char, settings: ReaderSettings) -> bool:
    """Fake bold draws each glyph 2–5 times, shifted by a fraction of a point: the same text at
    (almost) the same place, drawn among the last few characters, is the same glyph."""
    reach_x = settings.duplicate_shift * max(min(char.size, char.x1 - char.x0), 0.5)
    reach_y = settings.duplicate_shift * max(min(char.size, char.y1 - char.y0), 0.5)
    return abs(other.x0 - char.x0) <= reach_x and abs(other.y0 - char.y0) <= reach_y


def page_segments(page: pdfium.PdfPage, settings: ReaderSettings = DEFAULT) -> list[Segment]:
    """Axis-parallel rules drawn on the page: visibly stroked lines and rectangle edges, and thin
    visibly filled bars. Unpainted paths, white paint and filled boxes without a stroke (cell
    shading, a white box behind text) are not rules.

    A ruled page draws thousands of paths: each is asked only what decides it (its paint first,
    its matrix and points only when painted), with pdfium's functions bound once per page."""
    width, height = page.get_size()
    rotate = _rotation(page)
    paint = _Paint(settings)
    segments: list[Segment] = []
    for raw, outer in _paths(page):
        stroked, filled = paint(raw)
        if not (stroked or filled):
            continue
        a, b, c, d, e, f = _compose(_raw_matrix(raw), outer)
        for points in _subpaths(raw):
            points = [(a * x + c * y + e, b * x + d * y + f) for x, y in points]
            points = [rotate(x, y) for x, y in points] if rotate else points
            segments.extend(_rules(points, width, height, stroked, settings))
    return segments


Matrix = tuple[float, float, float, float, float, float]  # (a, b, c, d, e, f) as in PDF


def _compose(raw: pdfium_c.FS_MATRIX, outer: Matrix | None) -> Matrix:
    """An object's matrix, then its form's (`outer`): the product pypdfium2's PdfMatrix.multiply
    computes, term for term (so every point lands on the same float)."""
    a, b, c, d, e, f = raw.a, raw.b, raw.c, raw.d, raw.e, raw.f
    if outer is None:
        return a, b, c, d, e, f
    oa, ob, oc, od, oe, of = outer
    return (a * oa + b * oc, a * ob + b * od, c * oa + d * oc, c * ob + d * od,
            e * oa + f * oc + oe, e * ob + f * od + of)


def _paths(page: pdfium.PdfPage, max_depth: int = 6):
    """(raw path object, the matrix of the form XObjects around it or None): forms' matrices
    composed in, the path's own matrix left to the caller (most paths are never painted)."""
    get_type, path_type, form_type = pdfium_c.FPDFPageObj_GetType, pdfium_c.FPDF_PAGEOBJ_PATH, \
        pdfium_c.FPDF_PAGEOBJ_FORM

    def walk(count, get, parent, outer, depth):
        for index in range(count(parent)):
            raw = get(parent, index)
            kind = get_type(raw)
            if kind == path_type:
                yield raw, outer
            elif kind == form_type and depth < max_depth:
                yield from walk(pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject, raw,
                                _compose(_raw_matrix(raw), outer), depth + 1)

    yield from walk(pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, page.raw, None, 0)


def _raw_matrix(raw) -> pdfium_c.FS_MATRIX:
    matrix = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(raw, matrix)
    return matrix


class _Paint:
    """(visibly stroked, visibly filled) of a path: painted, not transparent and not white. The
    ctypes out-parameters are made once per page, not once per path."""

    def __init__(self, settings: ReaderSettings) -> None:
        self.white = settings.white_level
        self.mode, self.stroke = ctypes.c_int(), ctypes.c_int()
        self.rgba = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()

    def __call__(self, raw) -> tuple[bool, bool]:
        pdfium_c.FPDFPath_GetDrawMode(raw, self.mode, self.stroke)
        stroked = bool(self.stroke.value) and self._visible(pdfium_c.FPDFPageObj_GetStrokeColor, raw)
        filled = bool(self.mode.value) and self._visible(pdfium_c.FPDFPageObj_GetFillColor, raw)
        return stroked, filled

    def _visible(self, getter, raw) -> bool:
        r, g, b, a = self.rgba
        getter(raw, r, g, b, a)
        return a.value > 0 and min(r.value, g.value, b.value) < self.white


def _subpaths(raw_obj) -> list[list[tuple[float, float]]]:
    """The path's points, one list per subpath (a move-to opens one; a closed one returns to its start)."""
    paths: list[list[tuple[float, float]]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    get_segment, get_point, get_type, get_close = (pdfium_c.FPDFPath_GetPathSegment, pdfium_c.FPDFPathSegment_GetPoint,
                                                   pdfium_c.FPDFPathSegment_GetType, pdfium_c.FPDFPathSegment_GetClose)
    move_to = pdfium_c.FPDF_SEGMENT_MOVETO
    for index in range(pdfium_c.FPDFPath_CountSegments(raw_obj)):
        segment = get_segment(raw_obj, index)
        get_point(segment, x, y)
        if not paths or get_type(segment) == move_to:  # the first segment opens a path whatever its type
            paths.append([])
        paths[-1].append((x.value, y.value))
        if get_close(segment) and paths[-1]:
            paths[-1].append(paths[-1][0])
    return paths


def _rules(points: list[tuple[float, float]], page_width: float, page_height: float, stroked: bool,
           settings: ReaderSettings) -> list[Segment]:
    """A thin (sub)path is one rule whether stroked or filled; a wider shape gives the edges it
    strokes."""
    if len(points) < 2:
        return []
    thin, straight = settings.rule_thickness, settings.axis_tolerance
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    left, right, bottom, top = min(xs), max(xs), min(ys), max(ys)
    if top - bottom < thin and right - left >= thin:
        return [Segment(True, (top + bottom) / 2, left, right)]
    if right - left < thin and top - bottom >= thin:
        return [Segment(False, (left + right) / 2, bottom, top)]
    share = settings.background_share
    if not stroked or (right - left > share * page_width and top - bottom > share * page_height):
        return []  # a filled shape (cell shading, a box behind text) or the page's background
    out = []
    for (x0, y0), (x1, y1) in pairwise(points):
        if abs(y0 - y1) < straight and abs(x1 - x0) >= thin:
            out.append(Segment(True, y0, min(x0, x1), max(x0, x1)))
        elif abs(x0 - x1) < straight and abs(y1 - y0) >= thin:
            out.append(Segment(False, x0, min(y0, y1), max(y0, y1)))
    return out
