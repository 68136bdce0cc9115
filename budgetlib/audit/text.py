"""Rules over the narrative's words: placeholders and leftovers, text quality, years and scope words.

The patterns are declared at the top; each rule function walks the document's paragraphs (wrapped
lines rejoined, white space removed, as the narrative extractor sees them) and names the rule it
applies. A pattern is only as wide as the reviewers' checklists: a warning is a hint to look, an error
is a sentence that cannot be right as printed.
"""

from __future__ import annotations

import re
from collections import Counter

from budgetlib.audit.frame import Context, finding
from budgetlib.audit.subjects import is_subject_code
from budgetlib.extract.narrative import HEADING, compact, join_wrapped_lines

# 5. placeholders and leftovers
PLACEHOLDERS = (
    r"(?:增加|减少|增长|下降)[（(/／](?:增加|减少|增长|下降)[)）]?",  # 下降(增长): both words of the template left
    r"[XＸ]{2,}|×{2,}|＊{2,}|\*{3,}",  # XX局, ××万元
    r"[（(](?:请填写|填写|此处|待定|待补充)[^）)]*[）)]",
)
CUT_OFF = (
    r"(?:主要原因是|原因是|原因为|主要是|主要用于)[:：]?[。；]",  # 主要原因是。
    r"(?:支出|收入|预算|安排|拨款|经费|共计|合计|总额)万元",  # an amount missing before its unit
)
# 6. text quality
DOUBLED_PHRASE = re.compile(r"([\u4e00-\u9fff（）()]{4,30}?)(?:的|之|、)?\1")
DOUBLED_PUNCTUATION = re.compile(r"[，。；、：][，。；、](?!…)")
UNEXTRACTED = re.compile(r"[\ue000-\uf8ff\ufffd]|\(cid:\d+\)|[□■]{2,}")
GARBLED = re.compile(r"\d[\d,]*(?:\.\d+)?为万元")
PAIRS = (("“", "”"), ("（", "）"), ("《", "》"), ("【", "】"))
# 3. years and scope words
ASIDE = r"(?:[（(][^）)]{0,12}[）)])?"  # "比2022年（上一年度，下同）预算": an aside between the year and its noun
OWN_YEAR_COMPARISON = re.compile(
    rf"(?:比|较|与|同)(?P<year>20\d{{2}})年(?:度)?{ASIDE}(?:年初)?(?P<what>预算(?:数)?|预算执行数|执行数|决算(?:数)?)?"
    rf"(?:相比|比较)?[，,]?(?=增加|减少|增长|下降|持平|相同|一致|基本持平|有所)|(?:比|较|与|同)(?P<year2>20\d{{2}})年"
    rf"(?:度)?{ASIDE}(?:年初)?(?P<what2>预算(?:数)?|预算执行数|执行数|决算(?:数)?)"
)
SCOPE_SELF = re.compile(r"(?P<said>本部门|部门预算|部门决算)")
QUOTED = re.compile(r"“[^”]*”|《[^》]*》")
# words that mark a quoted regulation or a heading naming the wider system, where 部门 is right
SCOPE_EXEMPT = re.compile(
    r"部门预算管理|部门预算编制|部门决算编制|主管部门|部门预算公开|部门决算公开|按照|根据|要求|办法|规定|通知"
)


def paragraphs(context: Context) -> list[tuple[int | None, str]]:
    """The narrative as the reader of prose sees it: wrapped lines joined, white space removed."""
    return [(page, text) for page, text in join_wrapped_lines(context.paragraphs) if text]


def placeholders(context: Context) -> list[dict]:
    rows = []
    for page, text in paragraphs(context):
        for pattern in PLACEHOLDERS:
            for match in re.finditer(pattern, text):
                rows.append(finding("P01", page=page, said=match.group(0), quote=_around(text, match),
                                    code=context.subjects.code_in(text, match.start())))
        for pattern in CUT_OFF:
            for match in re.finditer(pattern, text):
                rows.append(finding("P02", page=page, said=match.group(0), quote=_around(text, match),
                                    code=context.subjects.code_in(text, match.start())))
    rows.extend(_unfinished_sentences(context))
    return rows


def _unfinished_sentences(context: Context) -> list[dict]:
    """A paragraph that ends on a comma after an amount and is followed by a heading (or nothing)."""
    joined = paragraphs(context)
    rows = []
    for number, (page, text) in enumerate(joined):
        following = joined[number + 1][1] if number + 1 < len(joined) else ""
        if re.search(r"\d(?:万元|元|%)[，、]$", text) and (not following or HEADING.match(following)):
            rows.append(finding("P02", page=page, said=text[-30:], quote=text[-80:],
                                code=context.subjects.code_in(text, len(text))))
    return rows


def text_quality(context: Context) -> list[dict]:
    rows = []
    seen: Counter = Counter()
    first_page: dict[str, int | None] = {}
    for page, line in context.paragraphs:  # doubled phrases inside one printed line of prose
        line = compact(line)
        for match in DOUBLED_PHRASE.finditer(line):
            prose_after = re.search(r"[\u4e00-\u9fff]{2}", line[match.end() :])
            if _is_real_phrase(match.group(1)) and (re.search(r"[，。；]", line) or prose_after):
                rows.append(finding("T01", page=page, said=_as_printed(match), quote=_around(line, match),
                                    code=context.subjects.code_in(line, match.start())))
    for page, text in paragraphs(context):
        for match in DOUBLED_PUNCTUATION.finditer(text):
            rows.append(finding("T02", page=page, said=match.group(0), quote=_around(text, match),
                                code=context.subjects.code_in(text, match.start())))
        for match in UNEXTRACTED.finditer(text):
            rows.append(finding("T04", page=page, said=match.group(0), quote=_around(text, match),
                                code=context.subjects.code_in(text, match.start())))
        for match in GARBLED.finditer(text):
            rows.append(finding("T07", page=page, said=match.group(0), quote=_around(text, match),
                                code=context.subjects.code_in(text, match.start())))
        for opening, closing in PAIRS if "。" in text and len(text) < 600 else ():
            if text.count(opening) != text.count(closing):
                rows.append(
                    finding(
                        "T03",
                        page=page,
                        said=f"{opening}×{text.count(opening)} {closing}×{text.count(closing)}",
                        quote=text[:120],
                    )
                )
        if len(text) >= 40 and not HEADING.match(text):
            seen[text] += 1
            first_page.setdefault(text, page)
            if seen[text] == 2:
                rows.append(finding("T05", page=page, said=text[:40], quote=text[:120]))
    rows.extend(blank_pages(context))
    return rows


def _as_printed(match: re.Match) -> str:
    """'的准备工作的准备工作' reads as the reviewer sees it: 准备工作的准备工作."""
    phrase = match.group(1)
    if phrase[0] in "的之、" and match.group(0) == phrase * 2:
        return phrase[1:] + phrase[0] + phrase[1:]
    return match.group(0)


def _is_real_phrase(phrase: str) -> bool:
    """A doubled phrase worth a reviewer's look: not a bracket-only or numbering artefact."""
    return len(re.sub(r"[（）()]", "", phrase)) >= 4 and not re.fullmatch(r"[（）()一二三四五六七八九十]+", phrase)


def blank_pages(context: Context) -> list[dict]:
    """A page between read pages from which nothing at all was read (no text, no table row)."""
    seen = {page for page, _ in context.paragraphs if page}
    for table in context.tables:
        seen.update(p for p in (table.pages or []) if p)
        if table.page:
            seen.add(table.page)
    if len(seen) < 3:
        return []
    return [finding("T06", page=page) for page in range(min(seen) + 1, max(seen)) if page not in seen]


def years_and_scope(context: Context) -> list[dict]:
    rows = []
    year, stage, scope = context.year, context.stage, context.meta.get("scope", "部门")
    for page, text in paragraphs(context):
        for match in OWN_YEAR_COMPARISON.finditer(text) if year else ():
            said_year = int(match.group("year") or match.group("year2"))
            what = match.group("what") or match.group("what2") or ""
            if stage == "决算":  # a 决算 compares with its own year's 预算, or with last year's 决算
                if said_year == year and what.startswith("决算"):
                    rows.append(
                        finding(
                            "Y01", page=page, year=year, stage=stage, said=match.group(0), quote=_around(text, match),
                            code=context.subjects.code_in(text, match.start()),
                        )
                    )
                elif said_year == year and not what:
                    rows.append(finding("Y04", page=page, year=year, said=match.group(0), quote=_around(text, match),
                                        code=context.subjects.code_in(text, match.start())))
                continue
            if stage == "预算":
                if said_year == year:
                    rows.append(
                        finding(
                            "Y01", page=page, year=year, stage=stage, said=match.group(0), quote=_around(text, match),
                            code=context.subjects.code_in(text, match.start()),
                        )
                    )
                elif said_year > year or said_year < year - 2:
                    rows.append(finding("Y04", page=page, year=year, said=match.group(0), quote=_around(text, match),
                                        code=context.subjects.code_in(text, match.start())))
        if scope == "单位":
            unquoted = QUOTED.sub("", text)
            for match in SCOPE_SELF.finditer(unquoted):
                if not SCOPE_EXEMPT.search(unquoted[max(0, match.start() - 12) : match.end() + 6]):
                    rows.append(
                        finding("Y02", page=page, stage=stage, said=match.group(0), quote=_around(unquoted, match))
                    )
                    break  # once per paragraph is enough for a reviewer
        if (
            stage == "预算"
            and re.match(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)", text)
            and len(text) < 40
            and "。" not in text
            and "决算" in text
            and "预算" not in text
        ):
            rows.append(finding("Y03", page=page, said=text))
    return rows


SUBSET = re.compile(
    r"(?P<total>\d+)(?P<unit>台|辆|套|个|人|项|处)[^。；]{0,40}?其中[，,：:]?[^。；]{0,30}?(?P<part>\d+)(?P=unit)"
)


def subsets(context: Context) -> list[dict]:
    """'A 台，其中 … B 台' with B > A: a part larger than its whole (rule I06)."""
    rows = []
    for page, text in paragraphs(context):
        for match in SUBSET.finditer(text):
            total, part = int(match.group("total")), int(match.group("part"))
            if part > total:
                rows.append(
                    finding(
                        "I06",
                        page=page,
                        expected=float(total),
                        actual=float(part),
                        said=match.group(0)[:60],
                        quote=_around(text, match),
                    )
                )
    return rows


YUAN_AMOUNT = re.compile(r"(?<![\d.])(?P<number>\d[\d,]*\.\d{2})元")


def missing_wan(context: Context) -> list[dict]:
    """'1682.76元' among 万元 figures: an amount the tables print in 万元 stated as 元 (rule U02)."""
    if context.lines.empty:
        return []
    wan = context.lines[context.lines["source_unit"] == "万元"]
    known = {round(float(value), 2) for value in wan["amount"] if value}
    # the row that prints the amount, where only one subject does: the finding is about that row's subject
    codes: dict[float, set[str]] = {}
    for value, code in zip(wan["amount"], wan["code"], strict=True):
        if value and is_subject_code(code):
            codes.setdefault(round(float(value), 2), set()).add(code)
    printed = {value: next(iter(found)) for value, found in codes.items() if len(found) == 1}
    rows = []
    for page, text in paragraphs(context):
        if "万元" not in text:
            continue
        for match in YUAN_AMOUNT.finditer(text):
            value = float(match.group("number").replace(",", ""))
            if value in known and value >= 1:
                rows.append(finding("U02", page=page, said=match.group(0), quote=_around(text, match),
                                    code=printed.get(value) or context.subjects.code_in(text, match.start())))
    return rows


def _around(text: str, match: re.Match, width: int = 40) -> str:
    return text[max(0, match.start() - width) : match.end() + width]
