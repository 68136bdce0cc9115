"""Every geometry threshold of the PDF reader in one place, with its unit and its reason.

Modelled on pdfplumber's TableSettings: one frozen object, passed down explicitly, so a test or a
caller can see and change what the reader assumes about a page (`read_pdf(path, settings=...)`).
Units: `pt` are PDF points (1/72 inch); `em` are multiples of the font size of the text concerned,
so one setting serves 7 pt table text and 16 pt titles alike.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReaderSettings:
    # ---- rules (geometry.py) --------------------------------------------------------------------
    rule_thickness: float = 2.0
    """pt. A path thinner than this is a rule, not a shape: cell borders are 0.1–1.5 pt."""
    axis_tolerance: float = 0.5
    """pt. An edge whose ends differ by less than this across its direction is axis-parallel."""
    background_share: float = 0.9
    """share of page width and height. A box this large is the page's background, not a table."""
    white_level: int = 245
    """0–255 per channel. Paint at or above this on every channel is white: invisible on paper, so
    a white line or a white box behind text is no rule (one such box cut a narrative into
    hundreds of one-row grids)."""

    # ---- ruled grids (grids.py) -----------------------------------------------------------------
    snap_tolerance: float = 3.0
    """pt. Rules closer than this are one rule: cells that draw their own borders leave
    near-duplicates a few points apart. Text rows and columns are never this thin."""
    join_tolerance: float = 1.5
    """pt. Pieces of one rule with gaps up to this along the rule are one segment."""
    sliver: float = 4.0
    """pt. A row or column thinner than this with no character centred in it is a drawing artefact
    (a doubled border): merged into its neighbour."""
    cell_margin: float = 1.0
    """pt. A character whose centre lies this far outside a grid's outer rules still belongs to it."""
    orphan_rule_cover: float = 0.5
    """share of a grid's height. A vertical rule not crossed by any horizontal one (a column merged
    over a page break has no top or bottom border) joins the grid beside it when it spans at least
    this much of the grid's height."""

    # ---- text (geometry.py, grids.py) -----------------------------------------------------------
    min_font_size: float = 3.0
    """pt. A smaller reported size (or one over 3× the glyph's height) was distorted by the text
    matrix (a unit font scaled up, or a size of 720): the glyph's height stands in for it."""
    duplicate_shift: float = 0.3
    """share of the glyph's width (height, vertically). The same glyph drawn again within this
    distance is fake bold (drawn 2–5 times, slightly shifted): one glyph."""
    line_overlap: float = 0.5
    """share of a character's height. A character overlapping a line vertically by more than this
    joins the line."""
    space_gap: float = 0.25
    """em. A gap wider than this inside a line is a space (between Latin letters or digits)."""
    cjk_space_gap: float = 1.5
    """em. Between two CJK characters only a gap wider than this is a space: justified Chinese text
    spreads its characters evenly, which is no word break."""
    page_margin: float = 2.0
    """pt. Characters this far outside the page box (text of a merged cell clipped by a page break)
    are not on the page."""

    # ---- unruled tables (text_grid.py) ----------------------------------------------------------
    column_gap: float = 0.3
    """em. A gap wider than this splits a line into pieces (candidate cells)."""
    row_gap: float = 0.45
    """em. A line closer than this to the row above continues it (a wrapped cell); two rows of a
    table stand further apart."""
    prose_share: float = 0.4
    """share of the block width. A piece wider than this is prose (a note), not a cell."""
    band_join: float = 1.0
    """pt. Column bands closer than this are one band."""
    level_tolerance: float = 2.0
    """pt. Header labels whose vertical centres are this close stand on one header level."""

    # ---- document pass (document.py) ------------------------------------------------------------
    title_wrap_gap: float = 1.0
    """em. A title line followed this closely by a line of the same size continues onto it."""
    running_share: float = 0.3
    """share of pages. A line at the top or bottom of this many pages (digits aside; at least 3)
    is a running header or footer."""
    running_lines: int = 2
    """lines. How many lines at each page edge are looked at for running headers and footers."""
    page_end_share: float = 0.25
    """share of page height. A table that ends above this height from the page bottom ended on its
    page: a grid at the top of the next page without a title is a new (untitled) table, not its
    continuation, unless it repeats its header."""
    body_window: int = 60
    """lines. How far below a title the reader looks for the rows of an unruled table."""


DEFAULT = ReaderSettings()
