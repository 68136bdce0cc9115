"""The narrative against the tables, item by item (family 2), units 10,000× off (family 8) and the
决算-specific rates (family 10).

What the prose says is matched to the tables by name: a 类/款/项 chain ("卫生健康支出（类）计划生育事务
（款）…（项）") is resolved down the tables' own hierarchy; an untagged name is used only where the tables
give it to exactly one code. Amounts are compared at the precision the prose printed; changes, growth
rates and shares are recomputed from the amounts the same sentence states.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import pandas as pd

from budgetlib.audit.frame import Context, finding
from budgetlib.audit.subjects import ancestor, fact_subject_code
from budgetlib.audit.text import _around, paragraphs

NUMBER = r"\d[\d,]*(?:\.\d+)?"
LEVELS = {"类": 1, "款": 2, "项": 3}
CHAIN = re.compile(r"((?:[^，。；：:、\d（）()“”]{2,30}?（[类款项]）){1,3})")
SEGMENT = re.compile(r"([^（）]+?)（([类款项])）")
LEADING_WORDS = re.compile(
    r"^(?:[.．、“”\"]|\d+|万元|其中|主要是|主要用于|用于|包括|安排|支出|一是|二是|三是|四是|五是|六是|七是|八是|九是|十是|[一二三四五六七八九十\d]+[是、.])+"
)
AMOUNT_AFTER = re.compile(
    rf"^(?:支出|预算|预算数|决算数|年初预算数|安排|为|共|拨款|合计|的|：|:|，|,|20\d\d年|预算为|决算为){{0,4}}(?P<amount>{NUMBER})万元"
)
CHANGE = re.compile(
    rf"(?P<amount>{NUMBER})万元(?:(?!{NUMBER}万元)[^。；]){{0,30}}?(?:比|较|与)(?P<base>[^，。；]{{0,24}}?)(?:相比|比较)?[，,]?"
    rf"(?P<dir>增加|减少|增长|下降|上升|降低|变化)(?:(?P<change>{NUMBER})万元)?[，,]?"
    rf"(?:(?:同比)?(?P<dir2>增长|下降|增幅|降幅|上升|减少|增加)(?:率)?(?:为)?(?P<pct>{NUMBER})%)?"
)
SHARE = re.compile(
    rf"(?P<amount>{NUMBER})万元[，,]?(?:占(?P<base>[^，。；\d%]{{0,24}}?)(?:的)?(?:比重|比例)?(?:为)?(?P<pct>{NUMBER})%)"
)
COMPLETION = re.compile(rf"完成(?:年初)?预算(?:数)?(?P<budget>{NUMBER})?(?:万元)?的(?P<pct>{NUMBER})%")
# "比上年增加 N 万元，下降 x%": two direction words of one change that contradict each other (the amount
# the change belongs to may stand in an earlier sentence; the contradiction needs none)
DIRECTION_PAIR = re.compile(
    rf"(?:比|较|与)[^，。；]{{0,24}}?(?:相比|比较)?[，,]?(?P<dir>增加|减少|增长|下降|上升|降低)(?P<change>{NUMBER})万元[，,]?"
    rf"(?:同比)?(?P<dir2>增长|下降|增幅|降幅|上升|减少|增加)(?:率)?(?:为)?(?P<pct>{NUMBER})%"
)
# Headline statements the narrative makes about one printed row, declared: the words, and the row (table
# kind, side, the row's name) that prints the figure. The first row of that name is the current year's
# (上年结转 comes after 本年收入 in every template).
STATEMENTS: tuple[tuple[str, str, str, str, str], ...] = (
    ("一般公共预算当年拨款",
     rf"一般公共预算(?:财政)?当年(?:财政)?拨款(?:收入|支出)?(?:预算)?(?:为|共|安排)?(?P<amount>{NUMBER})万元",
     "fiscal_summary", "income", r"^(?:[一二三四五六七八九十]+、)?一般公共预算(?:财政)?(?:拨款)?(?:收入|资金)?$"),
)
ALL_OF = re.compile(rf"(?P<amount>{NUMBER})万元[，,]?(?:均为|全部为|全部是|均是|均系)(?P<what>一般公共预算|财政拨款)")
UP, DOWN = {"增加", "增长", "上升", "增幅"}, {"减少", "下降", "降低", "降幅"}
# the base a share is stated against → the key figures it may mean (declared; the first pattern that
# matches wins). An explicit base (部门支出总额) means one figure; a base every table prints (本年支出合计)
# may be any of the figures listed, and the share is wrong only if it fits none of them.
SHARE_BASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"项目支出", ("project_expenditure_total",)),
    (r"基本支出", ("basic_expenditure_total",)),
    (r"三公", ("three_public_total",)),
    (r"部门支出总额|部门预算支出|支出总额|总支出", ("expenditure_total",)),
    (r"本年支出", ("expenditure_total", "fiscal_appropriation_total", "general_public_budget_expenditure_total")),
    (r"部门收入总额|收入总额|总收入", ("income_total",)),
    (r"本年收入", ("income_total", "fiscal_appropriation_total")),
    (r"一般公共预算", ("general_public_budget_expenditure_total",)),
    (r"政府采购", ("procurement_total",)),
)
# the words that introduce an enumeration of parts after their whole ("支出2940.05万元，主要用于：")
WHOLE_BEFORE = re.compile(rf"(?P<whole>{NUMBER})万元[^\d%。]{{0,24}}$")


@dataclass
class Item:
    code: str
    name: str
    level: int
    amounts: set


def _clean(name: str) -> str:
    name = re.sub(r"\s|^\[\d+\]|^\d{3,7}", "", str(name))
    return re.sub(r"[（(](?:类|款|项)[）)]$", "", name)


def table_items(context: Context) -> tuple[dict[str, Item], dict[str, list[Item]]]:
    """code → Item and name → Items, from every function-classified table (every measure, the year's own
    columns only)."""
    by_code: dict[str, Item] = {}
    lines = context.lines
    if not lines.empty:  # the year's own figures: no prior-year, change, 扣除… or (in a 决算) 预算数 column
        lines = lines[lines["basis"].isin(["", "final"])]
    coded = lines[(lines["classification"] == "function") & (lines["code"] != "")] if not lines.empty else lines
    if not lines.empty and coded.empty:  # a template that prints names only, its levels shown by indentation
        coded = name_paths(lines[lines["classification"] == "function"])
    if lines.empty or coded.empty:
        return _reference_items(context.year)
    for code, name, level, amount, blank in zip(
        coded["code"], coded["name"], coded["level"], coded["amount"], coded["is_blank"], strict=True
    ):
        item = by_code.setdefault(code, Item(code, _clean(name), int(level) if level == level else 0, set()))
        item.amounts.add(0.0 if blank else round(float(amount), 2))
    by_name: dict[str, list[Item]] = defaultdict(list)
    for item in by_code.values():
        by_name[item.name].append(item)
        if item.name.endswith("支出") and len(item.name) > 4:
            by_name.setdefault(item.name[:-2], [])
            by_name[item.name[:-2]].append(item)
    # a summary table prints 类 totals by name only (财政拨款收支总表): those amounts count for the 类 too
    named = lines[(lines["code"] == "") & ~lines["is_blank"].astype(bool)]
    for name, amount in zip(named["name"], named["amount"], strict=True):
        for item in by_name.get(_clean(re.sub(r"^[一二三四五六七八九十]+、|（类）", "", str(name))), []):
            if item.level == 1:
                item.amounts.add(round(float(amount), 2))
    return by_code, by_name


def name_paths(lines: pd.DataFrame) -> pd.DataFrame:
    """Function lines printed by name only, keyed by their name path ("一般公共服务支出/社会工作事务/") in place of a
    code: a path starts with its parent's path, as a code starts with its parent's, so names resolve under
    their parents the same way. Levels come from the reading (indentation); a row without a level is left out."""
    rows, path = [], {}
    for row in lines.itertuples():
        level = row.level if row.level == row.level and row.level is not None else None
        if level is None or pd.isna(level) or not 1 <= int(level) <= 3:
            continue
        level = int(level)
        path[level] = _clean(row.name)
        path = {k: v for k, v in path.items() if k <= level}
        if len(path) < level:  # a 款 whose 类 was not printed above it
            continue
        rows.append({"code": "".join(f"{path[k]}/" for k in range(1, level + 1)), "name": row.name, "level": level,
                     "amount": row.amount, "is_blank": row.is_blank})
    return pd.DataFrame(rows, columns=["code", "name", "level", "amount", "is_blank"])


def _reference_items(year: int | None) -> tuple[dict[str, Item], dict[str, list[Item]]]:
    """A document without coded tables (a narrative file) is checked against the code reference's names
    of nearby years: levels only, since the reference carries no amounts."""
    from budgetlib.audit.codes import load_reference
    from budgetlib.tidy.codes import code_level

    reference = load_reference()
    by_code: dict[str, Item] = {}
    by_name: dict[str, list[Item]] = defaultdict(list)
    if reference.empty or not year:
        return by_code, by_name
    for code, name, years in zip(reference["code"], reference["name"], reference["years"], strict=True):
        level = code_level(code)
        if level and code[0] == "2" and any(abs(int(y) - year) <= 2 for y in str(years).split(";") if y.isdigit()):
            item = Item(code, name, level, set())
            by_code.setdefault(code, item)
            by_name[name].append(item)
            if name.endswith("支出") and len(name) > 4:  # "一般公共服务（类）" names 一般公共服务支出
                by_name[name[:-2]].append(item)
    return by_code, by_name


def _resolve(
    segments: list[tuple[str, str]], by_name: dict[str, list[Item]]
) -> list[tuple[str, int, Item | None, str]]:
    """Each (name, level) of a chain → the table item it names under the previous one (or None),
    with a problem: '' (fits), 'level' (the name is the tables' name at another level), 'name' (unknown)."""
    resolved = []
    parent: Item | None = None
    for raw_name, level_word in segments:
        level = LEVELS[level_word]
        name = LEADING_WORDS.sub("", raw_name)
        candidates = by_name.get(name, [])
        if not candidates:  # "人大事务行政运行": a 款 name glued to its 项 name
            for split in range(2, len(name) - 1):
                head, tail = name[:split], name[split:]
                if by_name.get(head) and by_name.get(tail):
                    parent = next(
                        (i for i in by_name[head] if parent is None or i.code.startswith(parent.code)), by_name[head][0]
                    )
                    name, candidates = tail, by_name[tail]
                    break
        under = [i for i in candidates if parent is None or i.code.startswith(parent.code)]
        at_level = [i for i in under if i.level == level]
        if at_level:
            parent = at_level[0] if len(at_level) == 1 else None
            resolved.append((name, level, parent, ""))
        elif under:
            resolved.append((name, level, None, "level"))
            parent = None
        else:
            known_parent = parent is not None or (level == 1 and any(i.level == 1 for v in by_name.values() for i in v))
            resolved.append((name, level, None, "name" if candidates == [] and known_parent else "parent"))
            parent = None
    return resolved


# the amount a quoted chain states: “…（项）”科目20.00万元
CHAIN_AMOUNT = re.compile(rf"^[”\"」』]?(?:科目|项目)?"
                          rf"(?:支出|预算|预算数|决算数|安排|为|共|拨款|合计|的|：|:|，|,|20\d\d年){{0,4}}"
                          rf"(?P<amount>{NUMBER})万元")
LEVEL_DIGITS = {1: 3, 2: 5, 3: 7}


def _chain_item(resolved: list[tuple[str, int, Item | None, str]], after: str, by_code: dict[str, Item]) -> Item | None:
    """The table item a 类/款/项 chain with a wrong name or level stands for: its last segment where that resolves;
    else the one item, at the level the chain claims for its last segment and under the deepest segment that
    does resolve, whose amount is the amount the chain states (“卫生健康支出（类）卫生健康支出（款）计划生育事务
    （项）”科目20.00万元 → the 项 of 20.00 under 210: 2100717 计划生育服务)."""
    if resolved and resolved[-1][2] is not None and not resolved[-1][3]:
        return resolved[-1][2]
    stated = CHAIN_AMOUNT.match(after)
    if stated is None or not resolved:
        return None
    value, places = _number(stated.group("amount")), _places(stated.group("amount"))
    above = next((item for *_, item, problem in reversed(resolved) if item is not None and not problem), None)
    level = resolved[-1][1]
    fitting = [item for code, item in by_code.items() if item.level == level and code.isdigit()
               and (above is None or code.startswith(above.code)) and _close(value, places, item.amounts)]
    return fitting[0] if len(fitting) == 1 else None


def _segment_code(name: str, level: int, resolved, chained: Item | None, by_name: dict[str, list[Item]]) -> str:
    """The finest code a mislabelled segment of a chain is about: the code the tables give its name (住房改革支出
    called a 类 → 22102), or the code at its level on the way to the item the chain stands for (计划生育事务 called a
    项 where the chain's 项 is 2100717), whichever is finer; else the deepest segment that resolves."""
    by_words = ancestor(i.code for i in by_name.get(name, []))
    on_path = ""
    if chained is not None and chained.code.isdigit() and len(chained.code) >= LEVEL_DIGITS[level]:
        on_path = chained.code[: LEVEL_DIGITS[level]]
    finest = max((by_words, on_path), key=len)
    if finest:
        return finest
    above = [item for *_, item, problem in resolved if item is not None and not problem]
    return ancestor([above[-1].code]) if above else ""


def economic_levels(context: Context) -> dict[str, set[int]]:
    """Each 支出经济分类 name → the levels it has (类 1, 款 2): the document's economic tables, and the code
    reference's 3xx/5xx names of nearby years (a narrative file lists its 经济分类 by 类/款 without tables)."""
    from budgetlib.audit.codes import load_reference
    from budgetlib.tidy.codes import code_level

    levels: dict[str, set[int]] = defaultdict(set)
    lines = context.lines
    if lines is not None and not lines.empty:
        coded = lines[lines["classification"].isin(["economic", "government_economic"]) & (lines["code"] != "")]
        for code, name in zip(coded["code"], coded["name"], strict=True):
            if code_level(code) in (1, 2):
                levels[_clean(name)].add(code_level(code))
    reference = load_reference()
    year = context.year
    for code, name, years in zip(reference["code"], reference["name"], reference["years"], strict=True):
        near = not year or any(abs(int(y) - year) <= 2 for y in str(years).split(";") if y.isdigit())
        if code[:1] in "35" and code_level(code) in (1, 2) and near:
            levels[_clean(name)].add(code_level(code))
    return levels


def _is_economic(segments: list[tuple[str, str]], economic: dict[str, set[int]]) -> bool:
    """Every segment names a 经济分类 item at the level it claims (对个人和家庭的补助支出（类）= 303)."""
    def fits(raw: str, level_word: str) -> bool:
        name = LEADING_WORDS.sub("", raw)
        names = {name, name.removesuffix("支出")}
        return any(LEVELS[level_word] in economic.get(n, set()) for n in names)

    return bool(segments) and all(fits(name, level) for name, level in segments)


def _close(stated: float, places: int, amounts: set) -> bool:
    return any(abs(round(a, places) - stated) <= 0.5 * 10**-places + 0.011 for a in amounts)


def _places(number: str) -> int:
    return len(number.partition(".")[2])


def _money(value: float) -> str:
    """An amount in a message as the tables print it (":g" would cut 18728.94 to 18728.9)."""
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _number(text: str) -> float:
    return float(text.replace(",", ""))


LEVEL_WORD = {1: "类", 2: "款", 3: "项"}


def narrative_items(context: Context) -> list[dict]:
    by_code, by_name = table_items(context)
    rows: list[dict] = []
    stated: dict[str, list[tuple[int | None, float, str]]] = defaultdict(list)
    changes: dict[tuple[str, str], list[tuple[int | None, str, float | None, str]]] = defaultdict(list)
    unique = {name: items[0] for name, items in by_name.items() if len(items) == 1 and len(name) >= 4}
    economic = economic_levels(context)
    for page, text in paragraphs(context):
        if by_code:
            for match in CHAIN.finditer(text):
                segments = SEGMENT.findall(match.group(1))
                if _is_economic(segments, economic):
                    continue  # "工资福利支出（类）… 住房公积金（款）": the 经济分类's own 类/款, not a function chain
                resolved = _resolve(segments, by_name)
                chained = _chain_item(resolved, text[match.end():], by_code) \
                    if any(p in ("level", "name") for *_, p in resolved) else None
                for name, level, _, problem in resolved:
                    if problem == "level":
                        actual_levels = sorted({LEVEL_WORD.get(i.level, "?") for i in by_name.get(name, [])})
                        rows.append(
                            finding(
                                "N08",
                                page=page,
                                code=_segment_code(name, level, resolved, chained, by_name),
                                name=name,
                                actual=f"{name}（{LEVEL_WORD[level]}）",
                                expected=f"{name}（{'/'.join(actual_levels)}）",
                                quote=_around(text, match),
                            )
                        )
                    elif problem == "name" and len(name) >= 3:
                        rows.append(
                            finding(
                                "N08",
                                page=page,
                                code=_segment_code(name, level, resolved, chained, by_name),
                                name=name,
                                actual=f"{name}（{LEVEL_WORD[level]}）",
                                expected="（报表中无此名称）",
                                quote=_around(text, match),
                            )
                        )
                item = resolved[-1][2] if resolved and not any(p for *_, p in resolved) else None
                after = AMOUNT_AFTER.match(text[match.end() :])
                if item is not None and after:
                    _compare(rows, item, after.group("amount"), page, text, match, stated)
                elif after and resolved and resolved[-1][3] == "" and by_name.get(resolved[-1][0]):
                    # an ambiguous name (行政运行 under several 款): wrong only if no row of that name fits
                    amount = after.group("amount")
                    pool = {a for i in by_name[resolved[-1][0]] for a in i.amounts}
                    if pool and not _close(_number(amount), _places(amount), pool):
                        rows.append(
                            finding(
                                "N02",
                                page=page,
                                # the rows of that name share a parent (行政运行 under 20101, 20103 → 201): the finest
                                # code the statement is known to be about
                                code=ancestor(i.code for i in by_name[resolved[-1][0]]),
                                item=resolved[-1][0],
                                actual=_number(amount),
                                expected=sorted(pool)[0],
                                quote=_around(text, match),
                            )
                        )
        for name, item in unique.items():
            if item.level not in (1, 2):
                continue
            for match in re.finditer(re.escape(name) + r"(?![（(])", text):
                after = AMOUNT_AFTER.match(text[match.end() :])
                if after and not re.search(
                    r"(?:上年|20\d\d年(?:预算|执行|决算))[^，。；]{0,6}$",
                    text[max(0, match.start() - 12) : match.start()],
                ):
                    _compare(rows, item, after.group("amount"), page, text, match, stated, severity="warning")
        for match in CHANGE.finditer(text):
            rows.extend(_change(match, page, text, context))
            subject = _subject_before(text, match.start(), unique)
            if subject and match.group("change"):
                changes[(subject, _base_key(match.group("base")))].append(
                    (page, match.group("dir"), _number(match.group("change")), _around(text, match))
                )
        for match in DIRECTION_PAIR.finditer(text):
            direction, second = match.group("dir"), match.group("dir2")
            if (direction in UP and second in DOWN) or (direction in DOWN and second in UP):
                rows.append(finding("N06", page=page, word=second, detail=f"{direction}{match.group('change')}万元",
                                    code=context.subjects.code_in(text, match.start()), quote=_around(text, match)))
        for match in ALL_OF.finditer(text):
            rows.extend(_all_of(match, page, text, context))
        rows.extend(_statements(text, page, context))
    for page, text in _enumerations(paragraphs(context)):
        rows.extend(_shares(text, page, context))
    for key, mention in _stated_changes(context):
        if not any(m[0] == mention[0] and m[1] == mention[1] and m[2] == mention[2] for m in changes[key]):
            changes[key].append(mention)
    rows.extend(_twice(stated, changes))
    return rows


def _enumerations(joined: list[tuple[int | None, str]]) -> list[tuple[int | None, str]]:
    """Paragraphs that continue an enumeration (the previous one ends with ；or ：) read as one block, so
    that shares listed over several printed paragraphs are added up together."""
    blocks: list[tuple[int | None, str]] = []
    for page, text in joined:
        if blocks and re.search(r"[；;：:]$", blocks[-1][1]):
            blocks[-1] = (blocks[-1][0], blocks[-1][1] + text)
        else:
            blocks.append((page, text))
    return blocks


def _compare(rows, item: Item, amount: str, page, text, match, stated, severity: str = "") -> None:
    value = _number(amount)
    stated[item.code].append((page, value, _around(text, match), _close(value, _places(amount), item.amounts)))
    if item.amounts and not _close(value, _places(amount), item.amounts):
        rows.append(
            finding(
                "N02",
                page=page,
                code=item.code,
                item=f"{item.code}{item.name}" if item.code.isdigit() else item.name,
                actual=value,
                expected=min(item.amounts, key=lambda a: abs(a - value)),
                quote=_around(text, match),
                severity=severity,
            )
        )


def _subject_before(text: str, start: int, unique: dict[str, Item]) -> str:
    """The item a change is stated for: the last uniquely named item before it, unless a deeper level of
    a 类/款/项 chain follows that name ("政协事务（款）行政运行（项）…": the change is the 项's)."""
    window = re.split(r"[。；]", text[max(0, start - 40) : start])[-1]
    found = [(window.rfind(name), name, item.code) for name, item in unique.items() if name in window]
    if not found:
        return ""
    position, name, code = max(found)
    if re.match(r"^（[类款]）[^，。；（]{2,30}?（[款项]）", window[position + len(name):]):
        return ""
    return code


def _change(match: re.Match, page, text: str, context: Context) -> list[dict]:
    rows = []
    amount = _number(match.group("amount"))
    direction = match.group("dir")
    change = _number(match.group("change")) if match.group("change") else None
    percent = match.group("pct")
    quote = _around(text, match)
    code = context.subjects.code_in(text, match.start())
    if direction == "变化":
        return rows
    gap = re.match(rf"{NUMBER}万元(.*?)(?:比|较|与)", match.group(0))
    if gap and re.search(r"[，,]\s*[^，,\s]", gap.group(1)):
        return rows  # "事业收入812.48万元，收入比上年增加…": the change is another clause's subject
    if change is None:
        return rows
    prior = amount - change if direction in UP else amount + change
    if prior < -0.005:
        rows.append(
            finding(
                "N06",
                page=page,
                code=code,
                word=direction,
                detail=f"本年{_money(amount)}万元，上年应为{_money(prior)}万元（负数）",
                quote=quote,
            )
        )
        return rows
    if percent is None:
        return rows
    stated_pct = _number(percent)
    if abs(prior) <= 0.005:
        if change:
            rule_id = "F01" if context.stage == "决算" else "N03"
            rows.append(
                finding(rule_id, page=page, code=code, said=match.group(0)[-40:], expected=None, actual=stated_pct,
                        quote=quote)
                if rule_id == "F01"
                else finding("N03", page=page, code=code, expected=None, actual=stated_pct, quote=quote)
            )
        return rows
    places = _places(percent)
    computed = round(change / prior * 100, places)
    if abs(computed - stated_pct) > 10**-places + 1e-9 and abs(computed - stated_pct) > 0.05:
        rows.append(finding("N03", page=page, code=code, expected=computed, actual=stated_pct, quote=quote))
    return rows


def _base_figures(base: str) -> tuple[str, ...]:
    for pattern, keys in SHARE_BASES:
        if re.search(pattern, base):
            return keys
    return ()


def _share_finding(match: re.Match, page, text: str, computed: float, pct: float, code: str = "",
                   base: str = "") -> dict | None:
    """A share recomputed against its base: within one unit of the printed places a note (the rounding
    of a split forced to add to 100%), beyond it an error; None when it fits. `code` is the subject whose share it
    is; the key figure it is a share of (its base) stands in `measure`."""
    unit = 10 ** -_places(match.group("pct"))
    difference = abs(computed - pct)
    if difference <= 1e-9:
        return None
    severity = "note" if difference <= unit + 1e-9 else ""
    return finding("N04", page=page, expected=computed, actual=pct, code=code, measure=base, severity=severity,
                   quote=_around(text, match))


def _stated_whole(text: str, first: re.Match, amounts: list[float]) -> float | None:
    """The whole an enumeration of shares divides, when the sentence states it just before the first
    part and the parts add up to it (so it is the parts' whole, not some other figure)."""
    before = WHOLE_BEFORE.search(text[max(0, first.start() - 80) : first.start()].split("。")[-1])
    if before is None:
        return None
    whole = _number(before.group("whole"))
    return whole if whole and abs(sum(amounts) - whole) <= 0.011 * len(amounts) else None


def _shares(text: str, page, context: Context) -> list[dict]:
    """Each share against its base (N04), and the shares of one enumeration added up (N05)."""
    found = list(SHARE.finditer(text))
    rows = []
    groups: dict[str, list[re.Match]] = defaultdict(list)
    for match in found:
        groups[match.group("base")].append(match)
        keys = [k for k in _base_figures(match.group("base")) if context.figures.get(k)]
        if not keys:
            continue
        amount, pct = _number(match.group("amount")), _number(match.group("pct"))
        places = _places(match.group("pct"))
        candidates = [(round(amount / context.figures[k] * 100, places), k) for k in keys]
        computed, key = min(candidates, key=lambda c: abs(c[0] - pct))
        if abs(computed - pct) > 0.05 + 1e-9 or abs(computed - pct) <= 10**-places + 1e-9:
            row = _share_finding(match, page, text, computed, pct, context.subjects.code_in(text, match.start()), key)
            if row is not None:
                rows.append(row)
    for base, matches in groups.items():
        if len(matches) < 2:
            continue
        amounts = [_number(m.group("amount")) for m in matches]
        pcts = [_number(m.group("pct")) for m in matches]
        total_pct = round(sum(pcts), 4)
        if 95 <= total_pct <= 105 and abs(total_pct - 100) > 0.0001:
            severity = "note" if abs(total_pct - 100) <= 0.02 else ""
            rows.append(
                finding("N05", page=page, actual=total_pct, expected=100.0, severity=severity,
                        quote=_around(text, matches[0]))
            )
        if any(k for k in _base_figures(base) if context.figures.get(k)):
            continue  # each share was compared with its named base above
        whole = _stated_whole(text, matches[0], amounts)
        if whole is None and abs(total_pct - 100) <= 0.02:
            whole = sum(amounts)  # a complete split: each share against the parts' sum
        if not whole:
            continue
        for match, amount, pct in zip(matches, amounts, pcts, strict=True):
            row = _share_finding(match, page, text, round(amount / whole * 100, _places(match.group("pct"))), pct,
                                 context.subjects.code_in(text, match.start()))
            if row is not None:
                rows.append(row)
    return rows


def _statements(text: str, page, context: Context) -> list[dict]:
    """N01: a headline statement (STATEMENTS) against the row that prints its figure."""
    rows = []
    lines = context.lines
    if lines is None or lines.empty:
        return rows
    for subject, pattern, table, side, row_name in STATEMENTS:
        printed = lines[(lines["kind"] == table) & (lines["side"] == side) & (lines["measure"] == "total")
                        & lines["basis"].isin(["", "final"]) & lines["name"].str.replace(" ", "").str.match(row_name)]
        if printed.empty:
            continue
        figure = round(float(printed.iloc[0]["amount"]), 2)
        for match in re.finditer(pattern, text):
            amount = match.group("amount")
            if not _close(_number(amount), _places(amount), {figure}):
                rows.append(finding("N01", page=page, subject=subject, actual=_number(amount), expected=figure,
                                    code=subject, table=f"narrative.{table}", quote=_around(text, match)))
    return rows


def _all_of(match: re.Match, page, text: str, context: Context) -> list[dict]:
    amount = _number(match.group("amount"))
    keys = (
        ("fiscal_appropriation_total", "general_public_budget_expenditure_total")
        if match.group("what") == "一般公共预算"
        else ("fiscal_appropriation_total",)
    )
    ceiling = max((context.figures[k] for k in keys if k in context.figures), default=None)
    if ceiling is not None and amount > ceiling + 0.011:
        return [
            finding(
                "F04",
                page=page,
                code=context.subjects.code_in(text, match.start()),
                said=match.group(0),
                detail=f"{match.group('what')}总额{_money(ceiling)}万元",
                expected=ceiling,
                actual=amount,
                quote=_around(text, match),
            )
        ]
    return []


def _base_key(base: str, qualifier: str = "") -> str:
    """What a change is measured against, as compared: "2025年执行" and "2025年执行数" are one base; a qualified
    base ("扣除中央基建后") is another."""
    key = re.sub(r"\d{4}年(?:度)?|的|相比|比较|同期", "", str(base or "")).removesuffix("数")
    return f"{key}|{qualifier}" if qualifier else key


def _stated_changes(context: Context) -> list[tuple[tuple[str, str], tuple[int | None, str, float, str]]]:
    """Each change the narrative reader took from a sentence about one item (its code), keyed like the changes
    read here: the reader also reads sentences whose word order defeats the patterns above ("3,623.98为万元，比2025年
    执行减少21,519.26万元")."""
    facts = context.facts
    if facts is None or facts.empty or "change" not in facts.columns:
        return []
    found = []
    stated = facts[~facts["derived"].astype(bool) & facts["change"].notna() & (facts["year"] == context.year)]
    for code, base, qualifier, direction, change, page, sentence in zip(
            stated["code"], stated["base"], stated["qualifier"], stated["direction"], stated["change"], stated["page"],
            stated["sentence"], strict=True):
        if not isinstance(code, str) or not code.isdigit() or direction not in UP | DOWN:
            continue
        page = None if page is None or pd.isna(page) else int(page)
        qualifier = "" if qualifier is None or pd.isna(qualifier) else str(qualifier)
        found.append(((code, _base_key(base, qualifier)), (page, direction, round(float(change), 2),
                                                           str(sentence)[:120])))
    return found


def _twice(stated, changes) -> list[dict]:
    rows = []
    for code, mentions in stated.items():
        values = sorted({value for _, value, _, _ in mentions})
        # two amounts that each print in a table of the item are two scopes (all funds, 一般公共预算), not
        # one item stated twice: a conflict needs an amount no table gives the item
        printed = all(matched for *_, matched in mentions)
        if len(values) > 1 and values[-1] - values[0] > 0.011 and len(values) == len({round(v) for v in values}) \
                and not printed:
            page, _, quote, _ = mentions[-1]
            rows.append(
                finding(
                    "N07",
                    page=page,
                    code=code,
                    first=_money(values[0]),
                    second=_money(values[-1]),
                    quote=quote,
                    severity="warning",
                )
            )
    for (code, _base), mentions in changes.items():
        kinds = {(d in UP, round(c, 2)) for _, d, c, _ in mentions}
        if len(kinds) > 1 and len({up for up, _ in kinds}) > 1:
            mentions = sorted(mentions, key=lambda m: -1 if m[0] is None else m[0])
            page, direction, change, quote = mentions[-1]
            first = next(m for m in mentions if (m[1] in UP) != (direction in UP))
            rows.append(
                finding(
                    "N07",
                    page=page,
                    code=code,
                    first=f"{first[1]}{_money(first[2])}",
                    second=f"{direction}{_money(change)}",
                    quote=quote,
                )
            )
    return rows


def ten_thousand(context: Context) -> list[dict]:
    """A narrative figure exactly 10,000× its table counterpart: 元 printed as 万元 or the reverse (U01)."""
    rows = []
    facts = context.facts
    if facts is None or facts.empty:
        return rows
    current = facts[(facts["year"] == context.year) & ~facts["derived"].astype(bool)]
    for subject, amount, page, sentence in zip(
        current["subject"], current["amount"], current["page"], current["sentence"], strict=True
    ):
        figure = context.figures.get(subject)
        if not figure or not amount:
            continue
        for ratio in (10000, 1 / 10000):
            if abs(float(amount) - figure * ratio) <= max(0.011 * ratio, 0.011):
                code, measure = fact_subject_code(subject, None)
                rows.append(
                    finding(
                        "U01",
                        page=page,
                        code=code if measure else "",
                        measure=measure,
                        subject=subject,
                        expected=figure,
                        actual=float(amount),
                        quote=str(sentence)[:120],
                    )
                )
    return rows


def final_accounts(context: Context) -> list[dict]:
    """决算: a completion rate against a 预算 of 0, or one that does not fit the amounts (F01)."""
    rows = []
    if context.stage != "决算":
        return rows
    for page, text in paragraphs(context):
        for match in COMPLETION.finditer(text):
            budget = match.group("budget")
            if budget is not None and _number(budget) == 0:
                rows.append(finding("F01", page=page, said=match.group(0), quote=_around(text, match),
                                    code=context.subjects.code_in(text, match.start())))
        for match in re.finditer(
            r"(?:预算数|年初预算)(?:为)?0(?:万元)?[，,]?因此增长(?:率)?(?:为)?0%|增长率为0%", text
        ):
            rows.append(finding("F01", page=page, said=match.group(0), quote=_around(text, match),
                                code=context.subjects.code_in(text, match.start())))
    return rows
