"""A Noto Sans CJK SC font from PyPI, so Chinese renders on a fresh machine with pip alone.

The font comes from the `manimgx-fonts-cjk` package (Noto Sans CJK as a variable OpenType
collection). We pick the SC face by reading the names in the file, never by hard-coding them,
and make static files from it on demand:
- `truetype_subset(text)`: a small TrueType font holding just the glyphs a PDF needs
  (reportlab embeds TrueType outlines only, so the CFF2 outlines are converted with cu2qu).
- `everyday_font()`: one TrueType font of every everyday character (GB 2312's symbols and its 3,755
  level-1 characters, `everyday_characters`), made once per machine (`python -m budgetlib.fonts`, run by
  `make setup`). The charts use it for every chart whose words it covers, which is nearly all: no font is
  made or registered per chart, and nothing new is written to the cache for each document.

The instanced glyphs are kept on disk (`glyph_store`) and, once read, in memory for the rest of the process.
"""

from __future__ import annotations

import functools
import hashlib
import os
import threading
from importlib import resources
from pathlib import Path

FONT_PACKAGE = "manimgx_fonts_cjk"
FONT_FILE = "NotoSansCJK-VF.otf.ttc"
FAMILY_SCHEME = 2  # bumped when the naming of cached subsets changes, so old cache files are not reused
BASIC_PUNCTUATION = "".join(chr(c) for c in range(32, 127)) + "（）：，。；、“”‘’《》〔〕【】≥≤＞＜＝—·％"
EVERYDAY_FAMILY = "everyday"
_LOADED: dict[Path, tuple[tuple[int, int], dict]] = {}  # glyph stores read in this process, by (mtime, size)
_LOADING = threading.Lock()
_BUILDING = threading.Lock()


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
    characters, key, target = _subset_name(text, cache, weight, family)
    if target.exists():
        return target
    glyphs, metrics = glyph_store(characters, cache, weight)
    # Every subset gets a family of its own: reportlab registers a TrueType font under its face name
    # and hands any later font with the same face name the first one's glyphs (pdfmetrics.registerFont),
    # so two subsets both named "Noto Sans CJK SC" in one process silently lose characters.
    family_name = f"Noto Sans CJK SC {key}"
    partial = target.with_suffix(f".{os.getpid()}.{threading.get_ident()}.part")
    with _BUILDING:  # the glyphs are shared with the other threads of this process, and compiling touches them
        _build(characters, glyphs, metrics, family_name).save(str(partial))
    os.replace(partial, target)  # concurrent notebooks never see half a font
    return target


def _subset_name(text: str, cache: Path, weight: int, family: str) -> tuple[str, str, Path]:
    """The characters of a subset of `text`, its key and its file (which may not exist yet)."""
    characters = "".join(sorted(set(text + BASIC_PUNCTUATION)))
    key = hashlib.sha256(f"{FAMILY_SCHEME}:{weight}:{family}:{characters}".encode()).hexdigest()[:16]
    return characters, key, cache / f"NotoSansCJKsc-{weight}-{key}.ttf"


def glyph_store(characters: str, cache: Path, weight: int = 400) -> tuple[dict, dict]:
    """Static TrueType glyphs and metrics (per character, plus '.notdef', and per-font vertical metrics)
    for `characters`, instancing only those not stored yet. The store is a pickle in `cache`, updated
    under a file lock so that parallel workers share the work instead of repeating it; once read, it is
    kept in memory (reading it again costs about 0.1 s), and read again only when it lacks a character."""
    import fcntl
    import pickle

    store_path = cache / f"glyphs-{weight}.pickle"
    with _LOADING:
        store = _LOADED.get(store_path, (None, None))[1]
        if store is None or not _covers(store, characters):
            cache.mkdir(parents=True, exist_ok=True)
            with open(cache / f"glyphs-{weight}.lock", "w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                stamp = _stamp(store_path)
                if store is None or stamp != _LOADED[store_path][0]:
                    store = pickle.loads(store_path.read_bytes()) if stamp else {"glyphs": {}, "metrics": {}}
                store.setdefault("absent", set())  # characters the face has no glyph for
                if not _covers(store, characters):
                    missing = [c for c in characters if c not in store["glyphs"] and c not in store["absent"]]
                    _instance_into(store, "".join(missing), weight)
                    partial = store_path.with_suffix(f".{os.getpid()}.part")
                    partial.write_bytes(pickle.dumps(store))
                    os.replace(partial, store_path)
                    stamp = _stamp(store_path)
                _LOADED[store_path] = (stamp, store)
    wanted = [".notdef", *characters]
    return ({c: store["glyphs"][c] for c in wanted if c in store["glyphs"]},
            {**store["metrics"], "advance": {c: store["metrics"]["advance"][c] for c in wanted
                                             if c in store["metrics"]["advance"]}})


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except FileNotFoundError:
        return None
    return status.st_mtime_ns, status.st_size


def _covers(store: dict, characters: str) -> bool:
    """Whether a glyph store holds (or knows the face lacks) every one of `characters`, and '.notdef'."""
    glyphs, absent = store["glyphs"], store.get("absent", set())
    return ".notdef" in glyphs and all(c in glyphs or c in absent for c in characters)


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


def _gb2312(rows: range) -> str:
    found = []
    for high in rows:
        for low in range(0xA1, 0xFF):
            try:
                found.append(bytes([high, low]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return "".join(found)


@functools.cache
def common_characters() -> str:
    """The 3,755 characters of GB 2312 level 1 (the everyday ones), read from the codec, with punctuation."""
    return _gb2312(range(0xB0, 0xD8)) + BASIC_PUNCTUATION


@functools.cache
def everyday_characters() -> str:
    """common_characters and GB 2312's symbols (full-width forms, ①, Ⅰ, ×, …): what nearly every chart needs."""
    return "".join(sorted(set(common_characters() + _gb2312(range(0xA1, 0xAA)))))


def everyday_font(cache: Path, weight: int = 400, make: bool = False) -> Path | None:
    """The font of every everyday character; None when it is not made yet (`make=True` makes it: about a
    second when the glyphs are stored, a minute on a fresh machine)."""
    _, _, target = _subset_name(everyday_characters(), cache, weight, EVERYDAY_FAMILY)
    if target.exists() or not make:
        return target if target.exists() else None
    return truetype_subset(everyday_characters(), cache, weight, family=EVERYDAY_FAMILY)


def main() -> None:
    """`python -m budgetlib.fonts`: make the everyday glyphs static, and the everyday font, once per machine
    (about a minute), so that no report waits for them later."""
    import time

    from budgetlib.charts import font_cache

    started = time.perf_counter()
    glyphs, _ = glyph_store(everyday_characters(), font_cache())
    font = everyday_font(font_cache(), make=True)
    print(f"{len(glyphs)} glyphs ready in {font_cache()}, everyday font {font.name if font else '-'} "
          f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
