"""A document published as several files (Jiangsu prints the narrative and the tables apart) is read as one only
when its parts agree: the same department, the same year. A narrative paired with another department's tables,
or another year's, would otherwise read as one document whose figures disagree everywhere, or, worse, agree by
chance.

A department is printed in long and short forms (中国共产党XX省委员会办公厅, 中共XX省委办公厅, XX省委办公厅);
the standard abbreviations below bring them to one form. Two names then agree when, past what they share at the
start and at the end, nothing is left of one (XX省人大 / XX省人大常委会办公厅), or what is left of the shorter
is at least two characters all found in the other (an abbreviation such as 省人大办). One character left is too
little to tell XX省委办公厅 from XX省人大常委会办公厅. A part whose department or year could not be read is not
judged on it.
"""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

from budgetlib.errors import MismatchedParts

# Long official forms → the usual short ones (declared, in order; each a regular expression and its replacement).
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    (r"中国共产党(.+?)委员会", r"\1委"),
    (r"中共(.+?(?:省|自治区|市|州|盟|区|县|旗))委", r"\1委"),
    (r"中国人民政治协商会议(.+?)委员会", r"\1政协"),
    (r"人民代表大会常务委员会", "人大常委会"),
    (r"人民政府", "政府"),
    (r"[（(][^）)]*[）)]", ""),  # (汇总), (本级)
)


def short_name(name: str) -> str:
    text = re.sub(r"\s", "", name)
    for pattern, replacement in ABBREVIATIONS:
        text = re.sub(pattern, replacement, text)
    return text


def same_department(first: str, second: str) -> bool:
    """Whether two printed department names can name the same department (see the module's docstring)."""
    a, b = short_name(first), short_name(second)
    start = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    a, b = a[start:], b[start:]
    end = next((i for i, (x, y) in enumerate(zip(reversed(a), reversed(b), strict=False)) if x != y),
               min(len(a), len(b)))
    a, b = sorted((a[:len(a) - end], b[:len(b) - end]), key=len)
    return not a or (len(a) >= 2 and set(a) <= set(b))


def check_parts(parts: list[tuple[Path, dict]]) -> None:
    """Refuse the files of one document when two of them name different departments or years.
    `parts` holds each file with its meta (pipeline.document_meta of that file alone)."""
    named = [(path, meta) for path, meta in parts if meta.get("department")]
    dated = [(path, meta) for path, meta in parts if meta.get("year")]
    for (path, meta), (other, other_meta) in pairwise(named):
        if not same_department(meta["department"], other_meta["department"]):
            raise _mismatch(parts, "department", path, meta["department"], other, other_meta["department"])
    for (path, meta), (other, other_meta) in pairwise(dated):
        if meta["year"] != other_meta["year"]:
            raise _mismatch(parts, "year", path, meta["year"], other, other_meta["year"])


def _mismatch(parts: list[tuple[Path, dict]], what: str, path: Path, value, other: Path, other_value
              ) -> MismatchedParts:
    label = "+".join(str(p) for p, _ in parts)
    return MismatchedParts(label, f"the files given as one document disagree in {what}: {path.name} is "
                                  f"{value!s}, {other.name} is {other_value!s}; a document in several files is "
                                  "one department's one year (give each file alone, or the right partner)")
