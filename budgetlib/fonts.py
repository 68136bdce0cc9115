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

    Instancing the variable face costs about 10 ms per glyph, so each glyph is instanced once per
    machine and kept (`glyph_store`); a font for a new text is then assembled from stored glyphs in a
    fraction of a second, and only characters never seen before are instanced."""
    characters = "".join(sorted(set(text + BASIC_PUNCTUATION)))
    key = hashlib.sha256(f"{weight}:{family}:{characters}".encode()).hexdigest()[:16]
    target = cache / f"NotoSansCJKsc-{weight}-{key}.ttf"
    if target.exists():
        return target
    glyphs, metrics = glyph_store(characters, cache, weight)
    family_name = f"Noto Sans CJK SC {target.stem.split('-')[-1]}".strip() if family else "Noto Sans CJK SC"
    partial = target.with_suffix(f".{os.getpid()}.part")
    _build(characters, glyphs, metrics, family_name).save(str(partial))
    os.replace(partial, target)  # concurrent notebooks never see half a font
    return target


def glyph_store(characters: str, cache: Path, weight: int = 400) -> tuple[dict, dict]:
    """Static TrueType glyphs and metrics (per character, plus '.notdef', and per-font vertical metrics)
    for `characters`, instancing only those not stored yet. The store is a pickle in `cache`, updated
    under a file lock so that parallel workers share the work instead of repeating it."""
    import fcntl
    import pickle

    cache.mkdir(parents=True, exist_ok=True)
    store_path = cache / f"glyphs-{weight}.pickle"
    with open(cache / f"glyphs-{weight}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        store = pickle.loads(store_path.read_bytes()) if store_path.exists() else {"glyphs": {}, "metrics": {}}
        absent = store.setdefault("absent", set())  # characters the face has no glyph for
        missing = [c for c in characters if c not in store["glyphs"] and c not in absent]
        if missing or ".notdef" not in store["glyphs"]:
            _instance_into(store, "".join(missing), weight)
            partial = store_path.with_suffix(f".{os.getpid()}.part")
            partial.write_bytes(pickle.dumps(store))
            os.replace(partial, store_path)
    wanted = [".notdef", *characters]
    return ({c: store["glyphs"][c] for c in wanted if c in store["glyphs"]},
            {**store["metrics"], "advance": {c: store["metrics"]["advance"][c] for c in wanted
                                             if c in store["metrics"]["advance"]}})


def _instance_into(store: dict, characters: str, weight: int) -> None:
    """Instance the glyphs of `characters` at `weight` and add their quadratic outlines to the store."""
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    with TTFont(str(collection_path()), fontNumber=sc_face_index()) as font:
        options = subset.Options()
        options.layout_features = []
        options.name_IDs = ["*"]
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=characters or " ")
        subsetter.subset(font)
        font = instancer.instantiateVariableFont(font, {"wght": weight})
        glyph_set = font.getGlyphSet()
        names = {".notdef": ".notdef", **{chr(code): name for code, name in (font.getBestCmap() or {}).items()}}
        store.setdefault("absent", set()).update(set(characters) - set(names))
        advance = store["metrics"].setdefault("advance", {})
        for character, name in names.items():
            if character != ".notdef" and character not in characters:
                continue
            pen = TTGlyphPen(glyph_set)
            glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
            store["glyphs"][character] = pen.glyph()
            advance[character] = font["hmtx"][name]
        os2 = font["OS/2"]
        store["metrics"].update(units_per_em=font["head"].unitsPerEm, ascent=font["hhea"].ascent,
                                descent=font["hhea"].descent, typo_ascender=os2.sTypoAscender,
                                typo_descender=os2.sTypoDescender, win_ascent=os2.usWinAscent,
                                win_descent=os2.usWinDescent)


def _build(characters: str, glyphs: dict, metrics: dict, family: str):
    """A TrueType font from stored glyphs: one glyph per character, named by its code point."""
    from fontTools.fontBuilder import FontBuilder

    names = {c: (c if c == ".notdef" else f"uni{ord(c):04X}") for c in glyphs}
    order = [names[c] for c in glyphs]
    builder = FontBuilder(metrics["units_per_em"], isTTF=True)
    builder.setupGlyphOrder(order)
    builder.setupCharacterMap({ord(c): names[c] for c in glyphs if c != ".notdef"})
    builder.setupGlyf({names[c]: glyph for c, glyph in glyphs.items()})
    builder.setupHorizontalMetrics({names[c]: metrics["advance"][c] for c in glyphs})
    builder.setupHorizontalHeader(ascent=metrics["ascent"], descent=metrics["descent"])
    builder.setupNameTable({"familyName": family, "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=metrics["typo_ascender"], sTypoDescender=metrics["typo_descender"],
                     usWinAscent=metrics["win_ascent"], usWinDescent=metrics["win_descent"])
    builder.setupPost()
    return builder.font


def common_characters() -> str:
    """The 3,755 characters of GB 2312 level 1 (the everyday ones), read from the codec, with punctuation."""
    found = []
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                found.append(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(found) + BASIC_PUNCTUATION


def main() -> None:
    """`python -m budgetlib.fonts`: make the everyday glyphs static once per machine (about a minute), so
    that no report waits for them later."""
    import time

    from budgetlib.charts import font_cache

    started = time.perf_counter()
    glyphs, _ = glyph_store(common_characters(), font_cache())
    print(f"{len(glyphs)} glyphs ready in {font_cache()} ({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
