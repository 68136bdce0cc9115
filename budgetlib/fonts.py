"""A Noto Sans CJK SC font from PyPI, so Chinese renders on a fresh machine with pip alone.

The font comes from the `manimgx-fonts-cjk` package (Noto Sans CJK as a variable OpenType
collection). We pick the SC face by reading the names in the file, never by hard-coding them,
and make static files from it on demand:
- `truetype_subset(text)`: a small TrueType font holding just the glyphs a PDF needs
  (reportlab embeds TrueType outlines only, so the CFF2 outlines are converted with cu2qu).
"""

from __future__ import annotations

import hashlib
import os
from importlib import resources
from pathlib import Path

FONT_PACKAGE = "manimgx_fonts_cjk"
FONT_FILE = "NotoSansCJK-VF.otf.ttc"
BASIC_PUNCTUATION = "".join(chr(c) for c in range(32, 127)) + "（）：，。；、“”‘’《》〔〕【】≥≤＞＜＝—·％"


def collection_path() -> Path:
    """The Noto Sans CJK collection shipped by the font package."""
    path = Path(str(resources.files(FONT_PACKAGE).joinpath(FONT_FILE)))
    if not path.exists():
        raise FileNotFoundError(f"{path}: the CJK font package {FONT_PACKAGE!r} is installed without its font file")
    return path


def sc_face_index(path: Path | None = None) -> int:
    """Which face of the collection is Simplified Chinese, read from the faces' own names."""
    from fontTools.ttLib import TTCollection

    with TTCollection(str(path or collection_path()), lazy=True) as collection:
        for index, face in enumerate(collection.fonts):
            family = face["name"].getDebugName(1) or ""
            if family.endswith(" SC"):
                return index
    raise LookupError(f"{path}: no face whose family ends with ' SC'")


def truetype_subset(text: str, cache: Path, weight: int = 400, family: str = "") -> Path:
    """A static TrueType font with the glyphs of `text`, cached by content.

    Subsetting first keeps this fast (a few hundred glyphs take about a second; instancing the whole
    65,535-glyph variable face takes minutes)."""
    from fontTools.ttLib import TTFont

    characters = "".join(sorted(set(text + BASIC_PUNCTUATION)))
    key = hashlib.sha256(f"{weight}:{family}:{characters}".encode()).hexdigest()[:16]
    target = cache / f"NotoSansCJKsc-{weight}-{key}.ttf"
    if target.exists():
        return target
    with TTFont(str(collection_path()), fontNumber=sc_face_index()) as source:
        _subset_to(source, characters, weight, cache, target)
    return target


def _subset_to(font, characters: str, weight: int, cache: Path, target: Path) -> None:
    from fontTools import subset
    from fontTools.varLib import instancer

    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    font = instancer.instantiateVariableFont(font, {"wght": weight})
    cache.mkdir(parents=True, exist_ok=True)
    name = font["name"].getDebugName(1) or "Noto Sans CJK SC"
    family = target.stem.split("-")[-1] if "-" in target.stem else ""
    partial = target.with_suffix(f".{os.getpid()}.part")
    _to_truetype(font, f"{name} {family}".strip()).save(str(partial))
    os.replace(partial, target)  # concurrent notebooks never see half a font


def _to_truetype(font, family: str):
    """Quadratic (glyf) outlines from cubic (CFF/CFF2) ones, keeping metrics and the character map."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    glyph_set = font.getGlyphSet()
    order = font.getGlyphOrder()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    builder = FontBuilder(font["head"].unitsPerEm, isTTF=True)
    builder.setupGlyphOrder(order)
    builder.setupCharacterMap(font.getBestCmap())
    builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics({name: font["hmtx"][name] for name in order})
    builder.setupHorizontalHeader(ascent=font["hhea"].ascent, descent=font["hhea"].descent)
    builder.setupNameTable({"familyName": family, "styleName": "Regular"})
    os2 = font["OS/2"]
    builder.setupOS2(sTypoAscender=os2.sTypoAscender, sTypoDescender=os2.sTypoDescender,
                     usWinAscent=os2.usWinAscent, usWinDescent=os2.usWinDescent)
    builder.setupPost()
    return builder.font
