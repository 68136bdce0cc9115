"""Subject codes (科目编码): levels and parents, from the digits alone.

功能分类 codes are 3/5/7 digits (类/款/项); 经济分类 codes are 3/5 digits (类/款).
A child always starts with its parent's digits: that is how we know the hierarchy without a
reference table.
"""

from __future__ import annotations

import re

LEVEL_BY_DIGITS = {3: 1, 5: 2, 7: 3}
CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")


def join_code(parts: list[str]) -> str:
    """Join 类/款/项 printed in separate columns ("201", "05", "07") into "2010507".

    款 and 项 are two digits each: a part printed without its leading zero ("301 | 2") is restored."""
    parts = [re.sub(r"\s", "", part) for part in parts if part and part.strip()]
    if len(parts) > 1 and all(part.isdigit() for part in parts):
        return parts[0] + "".join(part.zfill(2) for part in parts[1:])
    return "".join(parts)


WHITE_SPACE = re.compile(r"\s")


def is_code(text: str) -> bool:
    return bool(CODE.match(WHITE_SPACE.sub("", text or "")))


def code_level(code: str) -> int | None:
    """1, 2 or 3 for 类/款/项; None for anything that is not a subject code."""
    return LEVEL_BY_DIGITS.get(len(code)) if is_code(code) else None


def parent_code(code: str) -> str:
    """The code one level up ('' for a 类): 2010301 → 20103 → 201."""
    level = code_level(code)
    if not level or level == 1:
        return ""
    return code[: len(code) - 2]


def is_child_of(child: str, parent: str) -> bool:
    return bool(parent) and parent_code(child) == parent
