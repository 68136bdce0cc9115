"""The printed words around budget tables, as data: what a table's title, label, unit line,
organisation line, note and page furniture look like.

Readers use these to tell a table's title block from prose (the document pass of the PDF reader,
the text reader); they hold no geometry. Titles are recognised here only as *titles*; which kind
of table a title names is the catalogue's business (kinds.py).

Shared file: the reader side (pdf) and the interpretation side (tables) both add to it.
"""

from __future__ import annotations

import re

# ---- table labels: the printed 表N tag above or beside a title (kept for provenance only) ------
# "表一", "表 3", "公开05表", "部门公开表1", "公开表二", "附表14", "附表1-2", "预算01表", "表1："
TABLE_LABEL = re.compile(
    r"^(?:(?:部门)?公开\s*\d+\s*表|(?:部门)?公开表\s*[一二三四五六七八九十百零〇\d]+|附表\s*\d+(?:-\d+)?"
    r"|预算\s*\d+\s*表|表\s*[一二三四五六七八九十百零〇\d]+(?:-\d+)?)\s*[：:]?$")
# A label printed in the same line or cell as the title ("公开05表 收支总表", "表1：…").
EMBEDDED_LABEL = re.compile(r"(?:部门)?公开\s*\d+\s*表|(?:部门)?公开表\s*[一二三四五六七八九十\d]+")

# ---- the unit line: "单位：万元", "金额单位：元" ----------------------------------------------------
UNIT = re.compile(r"\s*(?:金额)?单位\s*[：:]\s*(万元|元|千元)\s*")

# ---- organisation lines under a title: "编制部门：…", "单位名称：…", "部门：…" ------------------
ORGANISATION_LINE = re.compile(
    r"^(?:编制(?:部门|单位)|预算主管部门|部门(?:名称)?|单位名称|单位(?!\s*[：:]\s*(?:万元|元|千元)))\s*[：:]")

# ---- notes under a table: "注：…", "备注1：…", "说明：…" -------------------------------------
NOTE = re.compile(r"^(?:备注|注|说明)\s*\d*\s*[：:]")

# ---- page furniture: page numbers in their printed forms ---------------------------------------
# "— 5 —", "─ 12 ─", "-13-", "12", "第 9 页", "第 9 页，共 45 页", "第9页/共45页", "9/45"
PAGE_NUMBER = re.compile(
    r"^(?:[—–\-─]+\s*\d+\s*[—–\-─]+|\d{1,3}|第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|-\s*\d+\s*-|\d{1,3}\s*/\s*\d{1,3})$")

# ---- part headings: "第二部分 部门预算表" names a part of the document, not a table ----------------
PART_HEADING = re.compile(r"^第[一二三四五六七八九十]+部分")

# ---- titles ------------------------------------------------------------------------------------
# A title ends with 表, optionally followed by a bracketed qualifier ("（按功能分类科目）", "（预算表1）").
TITLE_SHAPE = re.compile(r"^[^\t]{2,120}表\s*(?:[（(][^）)]*[）)])?\s*$")
# …and names a year, a budget word, or a family of budget table (收支总表, 财政拨款支出表（功能科目）).
TITLE_WORDS = re.compile(
    r"\d{4}\s*年|预算|决算|绩效|收支|收入|支出|三公|政府采购|机关运行|经费|结转|资金|拨款")
# Prose that happens to end with 表: a sentence or a cross-reference ("详见附表", "…如下表").
NOT_A_TITLE = re.compile(r"[，。；！？]|详见|见附|如下表|下表|上表|附后")
# A table-of-contents entry ("1、部门收支总表", "10.部门整体支出绩效目标表 ……… 12"): a title
# only when a grid follows it, which the reader decides; the numbering itself is stripped.
LIST_NUMBER = re.compile(
    r"^(?:\d{1,2}\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[）)]|[一二三四五六七八九十]+\s*[、.．])")


def is_title(line: str) -> bool:
    """A table title: shaped like one (ends with 表), names a year, budget word or table family,
    and is no sentence or part heading."""
    text = line.strip()
    return bool(TITLE_SHAPE.match(text) and TITLE_WORDS.search(text) and not NOT_A_TITLE.search(text)
                and not PART_HEADING.match(text))


def is_label(line: str) -> bool:
    """A table's printed label standing alone ("表一", "公开05表", "附表14")."""
    return bool(TABLE_LABEL.match(re.sub(r"\s", "", line)))


def is_page_number(line: str) -> bool:
    return bool(PAGE_NUMBER.match(re.sub(r"\s", "", line)))


def furniture_key(line: str) -> str:
    """A running header or footer repeats on every page with only its numbers changing: the key
    under which repeats are counted is the line without digits and spaces."""
    return re.sub(r"[\s\d]", "", line)
