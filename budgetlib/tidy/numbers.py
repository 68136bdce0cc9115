"""Printed amounts → exact numbers, and units → 万元.

Amounts are money: we keep what was printed (its precision), convert 元 to 万元 by an exact
decimal shift, and refuse anything that is not a number rather than guess: also a number with more
significant digits than a float holds exactly (a 400-digit integer would become +inf).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

FULL_WIDTH = str.maketrans("０１２３４５６７８９，．－（）：％　", "0123456789,.-():% ")
AMOUNT = re.compile(r"^(?:-?\d+(?:\.\d+)?|\(-?\d+(?:\.\d+)?\))$")  # parentheses in pairs: "0)" is no amount
UNIT_SCALE = {"万元": Decimal(1), "元": Decimal("0.0001"), "千元": Decimal("0.1"), "亿元": Decimal(10000)}
BLANK_MARKS = {"", "-", "—", "--", "－", "/"}
MAX_DIGITS = 15  # significant decimal digits a float (IEEE double) always holds exactly


PARAGRAPH_TAG = re.compile(r"</?p\s*>")
WHITE_SPACE = re.compile(r"[\s\u3000]+")
SPACE_OR_COMMA = re.compile(r"[\s,]")
NOT_A_DIGIT = re.compile(r"\D")


def normalise_cell(text: str | None) -> str:
    """Collapse markup and white space that templates scatter through cells."""
    if text is None:
        return ""
    text = str(text)
    if "<" in text:  # the tag pattern needs its "<": most cells hold none
        text = PARAGRAPH_TAG.sub(" ", text)
    return WHITE_SPACE.sub(" ", text).strip()


def amount_text(text: str | None) -> str | None:
    """The cell as a plain decimal string, or None when it is not a number.

    Handles thousands separators, including the spaced ones of some PDFs ("1, 097, 073. 43").
    """
    cell = normalise_cell(text).translate(FULL_WIDTH)
    if cell in BLANK_MARKS:
        return None
    compact = SPACE_OR_COMMA.sub("", cell)
    if not AMOUNT.match(compact):
        return None
    if compact.startswith("(") and compact.endswith(")"):
        compact = "-" + compact[1:-1]
    return compact


def is_amount(text: str | None) -> bool:
    return amount_text(text) is not None


def is_blank(text: str | None) -> bool:
    return normalise_cell(text) in BLANK_MARKS


def parse_amount(text: str | None, unit: str = "万元") -> float | None:
    """A printed amount in 万元 (None for a non-number, or one a float cannot hold exactly); exact to
    the printed precision."""
    plain = amount_text(text)
    if plain is None or len(NOT_A_DIGIT.sub("", plain).lstrip("0")) > MAX_DIGITS:
        return None
    try:
        value = Decimal(plain) * UNIT_SCALE[unit]
    except (InvalidOperation, KeyError) as exc:
        raise ValueError(f"cannot read {text!r} as an amount in {unit}") from exc
    return float(value)


def decimals(text: str | None) -> int:
    """How many decimals were printed: the precision the audit may rely on."""
    plain = amount_text(text) or ""
    return len(plain.split(".")[1]) if "." in plain else 0
