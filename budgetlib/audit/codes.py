"""Codes (family 7): one code with two names, one code for two rows, digits that do not fit the
hierarchy, and names that differ from what other documents call the code (a replaceable reference).

The reference (`data/code_reference.csv`) is built from the corpus by `benchmarks/code_reference.py`:
one row per code and name with the documents and years that print it. No official 政府收支分类科目
list is available here; a user with one replaces the CSV (same columns) and the rule uses it as is.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from budgetlib.audit.frame import Context, finding

REFERENCE = Path(__file__).with_name("data") / "code_reference.csv"
CODE_PART = re.compile(r"^\d{1,3}$")


def _name(name: str) -> str:
    return re.sub(r"\s|^\[\d+\]|[（(](?:类|款|项)[）)]$", "", str(name))


@lru_cache(maxsize=4)
def load_reference(path: str = str(REFERENCE)) -> pd.DataFrame:
    """code, name, documents, years (';'-joined), evidence: the names other documents print per code."""
    if not Path(path).exists():
        return pd.DataFrame(columns=["code", "name", "documents", "years", "evidence"])
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def code_findings(context: Context, reference: pd.DataFrame | None = None) -> list[dict]:
    lines = context.lines
    rows: list[dict] = []
    if not lines.empty:
        coded = lines[(lines["code"] != "") & lines["classification"].isin(["function", "economic"])]
        rows.extend(_two_names(coded))
        rows.extend(_two_rows(coded))
        rows.extend(_against_reference(coded, context.year, load_reference() if reference is None else reference))
    rows.extend(_split_code_digits(context))
    return rows


# half- and full-width forms of one character print the same name: "政府办公厅(室)" is "政府办公厅（室）"
WIDTH = str.maketrans("()[],:;", "（）［］，：；")


def _distinct(a: str, b: str) -> bool:
    """Two names differ for a reviewer: neither is a wrapped (cut) form of the other, nor the same name
    with half-width brackets or punctuation."""
    a, b = a.translate(WIDTH), b.translate(WIDTH)
    return a != b and not a.startswith(b) and not b.startswith(a) and len(a) >= 2 and len(b) >= 2


def _two_names(coded: pd.DataFrame) -> list[dict]:
    rows = []
    seen: dict[str, tuple[str, str, int | None]] = {}
    reported: set[str] = set()
    for code, name, table, page in zip(coded["code"], coded["name"], coded["kind"], coded["page"], strict=True):
        name = _name(name)
        if code not in seen:
            seen[code] = (name, table, page)
        elif code not in reported and _distinct(seen[code][0], name):
            reported.add(code)
            rows.append(finding("K01", code=code, expected=seen[code][0], actual=name, table=table,
                                page=None if pd.isna(page) else int(page),
                                quote=f"{seen[code][1]}: {seen[code][0]} / {table}: {name}"))
    return rows


def _two_rows(coded: pd.DataFrame) -> list[dict]:
    rows = []
    names: dict[tuple, str] = {}
    reported: set[tuple] = set()
    for code, name, index, measure, side, page, table in zip(
            coded["code"], coded["name"], coded["table_index"], coded["measure"], coded["side"], coded["page"],
            coded["kind"], strict=True):
        key = (index, measure, side, code)
        name = _name(name)
        if key in names and _distinct(names[key], name) and (index, code) not in reported:
            reported.add((index, code))
            rows.append(finding("K02", code=code, expected=names[key], actual=name, table=table,
                                page=None if pd.isna(page) else int(page)))
        names.setdefault(key, name)
    return rows


def _against_reference(coded: pd.DataFrame, year: int | None, reference: pd.DataFrame) -> list[dict]:
    if reference.empty or not year:
        return []
    known: dict[str, dict[str, set[int]]] = {}
    for code, name, years, documents in zip(reference["code"], reference["name"], reference["years"],
                                            reference["documents"], strict=True):
        if int(documents or 0) >= 2:
            known.setdefault(code, {})[name] = {int(y) for y in str(years).split(";") if y.isdigit()}
    rows = []
    done: set[str] = set()
    for code, name, page, table in zip(coded["code"], coded["name"], coded["page"], coded["kind"], strict=True):
        name = _name(name)
        if code in done or code not in known or name in known[code]:
            continue
        near = [n for n, years in known[code].items() if any(abs(y - year) <= 1 for y in years)]
        if near and all(_distinct(n, name) for n in near):
            done.add(code)
            rows.append(finding("K04", code=code, actual=name, expected="、".join(near), table=table,
                                page=None if pd.isna(page) else int(page)))
    return rows


def _split_code_digits(context: Context) -> list[dict]:
    """類/款/項 printed in separate cells must be 3/2/2 digits: '301 | 2' or '7 | 11 | 02' do not fit (K03).
    Read from the raw grid, because tidy restores a dropped leading zero to read the row at all."""
    rows = []
    for table, kind in zip(context.tables, context.kinds, strict=False):
        if not kind or kind in ("three_public", "procurement"):
            continue
        parts_rows = []
        for number, cells in enumerate(table.rows):
            head = [re.sub(r"\s", "", c) for c in cells[:3]]
            digits = []
            for cell in head:
                if CODE_PART.match(cell):
                    digits.append(cell)
                else:
                    break
            if len(digits) >= 2:
                parts_rows.append((number, digits))
        if len(parts_rows) < 3:  # not a table with split code columns
            continue
        for number, digits in parts_rows:
            bad = len(digits[0]) != 3 or any(len(part) != 2 for part in digits[1:])
            if bad:
                page = table.pages[number] if table.pages and number < len(table.pages) else table.page
                # the row's subject: the code the document's tables give its name (7 | 11 | 02 事业单位医疗 → 2101102,
                # printed correctly in another table); the digits as printed are kept in the message
                cells = table.rows[number]
                name = next((c for c in cells[len(digits):] if re.search(r"[\u4e00-\u9fff]", c)), "")
                rows.append(finding("K03", code=context.subjects.code_of_name(name) or " ".join(digits),
                                    printed=" ".join(digits), parent="3/2/2 位", page=page, table=table.title[:30],
                                    quote=" | ".join(cells[:4])))
    return rows
