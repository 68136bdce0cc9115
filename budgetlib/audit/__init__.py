"""The audit: declared arithmetic and agreement rules, run over a document's frames.

Every check yields rows of CHECK_COLUMNS. A difference within the printed precision (0.01 万元,
or 1 元 for 元 tables) is 'rounding'; anything larger is 'fail'. 'info' rows report a figure
without judging it (indicator weight sums: by convention 10 points go to budget execution).
The rules walk plain records: a document has hundreds of lines, and per-row pandas filtering
would cost more than the arithmetic.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable

import pandas as pd

from budgetlib.audit.subjects import fact_subject_code
from budgetlib.catalogue import TOTAL_NAME
from budgetlib.key_figures import ENUMERATION, KEY_FIGURES, NARRATIVE_SCOPE, FromLine, Sources
from budgetlib.narrative_checks import narrative_agreement_rows, project_budget_rows
from budgetlib.tidy.numbers import is_amount

CHECK_COLUMNS = ["check", "table", "code", "measure", "expected", "actual", "difference", "status", "note"]
TOLERANCE = {"万元": 0.01, "元": 0.0001, "千元": 0.001}
EPSILON = 1e-7

# Per row: the total equals the sum of its parts, wherever the table has the total and the first
# part (the anchor: income split either as 财政拨款 or as its three budgets, never both). One
# identity per anchor and row, the first that applies; `needs_all` ones apply only with every part.
OTHER_INCOME = ("fiscal_special_account", "business_income", "superior_subsidy", "subordinate_turnover",
                "business_operation_income", "other_income", "carried_over", "non_fiscal_balance_used",
                "business_fund_used", "prior_account_balance", "unit_funds", "other_funds")
MEASURE_IDENTITIES: tuple[tuple[str, tuple[str, ...], bool], ...] = (
    ("total", ("basic", "project", "reserve", "remitted_to_superior", "business_operation",
               "subsidy_to_subordinates"), False),
    ("total", ("personnel", "public", "project"), True),  # 基本支出 split into 人员/公用, then 项目支出
    ("total", ("personnel", "public"), False),
    ("total", ("fiscal_appropriation", *OTHER_INCOME), False),
    ("total", ("general_public_budget", "gov_fund_budget", "state_capital_budget", *OTHER_INCOME), False),
)
# Parts the narrative states for a total it also states.
NARRATIVE_PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("procurement_total", ("procurement_goods", "procurement_works", "procurement_services")),
    ("three_public_total", ("three_public_travel_abroad", "three_public_vehicles", "three_public_reception")),
)
THREE_PUBLIC_PARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("three_public_total", ("three_public_travel_abroad", "three_public_vehicles", "three_public_reception")),
    ("three_public_vehicles", ("three_public_vehicle_purchase", "three_public_vehicle_operation")),
)
Records = list[dict]


def status(difference: float, tolerance: float) -> str:
    if abs(difference) <= EPSILON:
        return "ok"
    return "rounding" if abs(difference) <= tolerance + EPSILON else "fail"


def check_row(check: str, expected: float, actual: float, tolerance: float, *, table: str = "", code: str = "",
              measure: str = "", note: str = "") -> dict:
    difference = round(actual - expected, 6)
    return {"check": check, "table": table, "code": code, "measure": measure, "expected": round(expected, 6),
            "actual": round(actual, 6), "difference": difference, "status": status(difference, tolerance),
            "note": note}


def tolerance_of(units) -> float:
    """The looser of the units involved: a 万元 narrative against a 元 table rounds to 0.01 万元."""
    return max((TOLERANCE.get(unit, 0.01) for unit in units), default=0.01)


GRAND_TOTAL = r"^(合计|总计|收入合计|支出合计|收入总计|支出总计)$"


def _is_total(line: dict, pattern: str = TOTAL_NAME) -> bool:
    return not line["code"] and bool(re.match(pattern, line["name"].replace(" ", "")))


def children_sum(lines: Records) -> list[dict]:
    """Each parent equals the sum of its printed children, per table, measure and basis. A child belongs
    to the parent row printed above it (`parent_row`), so 类 rows repeated per unit stay apart; rows named
    only (the hierarchy shown by indentation) are checked the same way."""
    subjects = [x for x in lines if x["classification"] in ("function", "economic")
                and (x["code"] or _row(x["level"]) is not None)]
    sums: dict[tuple, float] = defaultdict(float)
    for line in subjects:
        if _row(line["parent_row"]) is not None:
            sums[(line["table_index"], line["measure"], line["basis"], line["parent_code"],
                  _row(line["parent_row"]))] += line["amount"]
    rows = []
    for parent in subjects:
        key = (parent["table_index"], parent["measure"], parent["basis"], parent["code"], parent["row"])
        if key in sums:
            tolerance = TOLERANCE.get(parent["source_unit"], 0.01)
            rows.append(check_row("children_sum", parent["amount"], sums[key], tolerance, table=parent["kind"],
                                  code=parent["code"] or parent["name"], measure=parent["measure"],
                                  note=f"{parent['name']}: 下级科目合计"))
    return rows


def _row(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def total_row_sum(lines: Records) -> list[dict]:
    """The 合计 row equals the sum of the top-level (类) rows, per table and measure."""
    sums: dict[tuple, float] = defaultdict(float)
    for line in lines:
        if line["level"] == 1 and line["classification"] in ("function", "economic", "procurement"):
            sums[(line["table_index"], line["measure"], line["side"], line["basis"])] += line["amount"]
    rows = []
    for total in lines:
        key = (total["table_index"], total["measure"], total["side"], total["basis"])
        if _is_total(total) and key in sums:
            tolerance = TOLERANCE.get(total["source_unit"], 0.01)
            rows.append(check_row("total_row_sum", total["amount"], sums[key], tolerance, table=total["kind"],
                                  measure=total["measure"], note="合计 = 各类合计"))
    return rows


FLAT_TOTAL = r"^(?:合计|总计)$"


def flat_rows_sum(lines: Records) -> list[dict]:
    """A list printed by name only (units, projects: no code, no level, no printed parent) adds up to the
    合计 row above it, per measure and basis. A list whose rows add up to a multiple of its total hides
    subtotal rows (a unit above its projects): it is not flat, and nothing is claimed about it."""
    tables: dict[int, list[dict]] = defaultdict(list)
    for line in lines:
        if line["classification"] not in ("function", "economic", "procurement") or not line["code"]:
            tables[line["table_index"]].append(line)
    every: dict[int, int] = defaultdict(int)
    for line in lines:
        every[line["table_index"]] += 1
    rows = []
    for index, group in tables.items():
        if len(group) != every[index] or any(line["code"] or _row(line["level"]) is not None or
                                             _row(line["parent_row"]) is not None or line["side"] for line in group):
            continue
        first_row = min(line["row"] for line in group)
        totals = {(x["measure"], x["basis"]): x for x in group
                  if x["row"] == first_row and re.match(FLAT_TOTAL, _name(x))}
        if not totals:
            continue
        sums: dict[tuple, float] = defaultdict(float)
        count: dict[tuple, int] = defaultdict(int)
        for line in group:
            if line["row"] != first_row:
                sums[(line["measure"], line["basis"])] += line["amount"]
                count[(line["measure"], line["basis"])] += 1
        for key, total in totals.items():
            if count[key] < 2 or key not in sums:
                continue
            tolerance = TOLERANCE.get(total["source_unit"], 0.01)
            ratio = sums[key] / total["amount"] if total["amount"] else 0
            if ratio > 1.5 and abs(ratio - round(ratio)) < 0.001:
                continue  # subtotal rows inside the list
            rows.append(check_row("total_row_sum", total["amount"], sums[key], tolerance, table=total["kind"],
                                  measure=total["measure"], note=f"{_name(total)} = 各行之和（{count[key]}行）"))
    return rows


def summary_class_sum(lines: Records) -> list[dict]:
    """A two-sided summary that lists its spending by 类 name (and their 款/项 below them, by name only):
    the 类 rows add up to its 本年支出合计. A row is a 类 when the document's coded tables give that name
    to a 类 and to nothing else; the rule runs only where every listed 类 is one of those."""
    classes: dict[str, set[int]] = defaultdict(set)
    for line in lines:
        if line["classification"] == "function" and _row(line["level"]) is not None:
            classes[_name(line)].add(int(line["level"]))
    class_names = {name for name, levels in classes.items() if levels == {1}}
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for line in lines:
        if line["side"] == "expenditure" and not line["code"]:
            groups[(line["table_index"], line["measure"], line["basis"])].append(line)
    rows = []
    for group in groups.values():
        total = next((x for x in group if re.match(r"^本年支出合计$|^支出合计$", _name(x))), None)
        listed = [x for x in group if _name(x) in class_names and x["row"] > (total["row"] if total else 0)]
        if total is None or len(listed) < 2 or len({_name(x) for x in listed}) != len(listed):
            continue
        end = next((x["row"] for x in group if x["row"] > total["row"] and re.match(r"^(?:年终|年末|结转)", _name(x))),
                   None)
        listed = [x for x in listed if end is None or x["row"] < end]
        tolerance = TOLERANCE.get(total["source_unit"], 0.01)
        rows.append(check_row("total_row_sum", total["amount"], sum(x["amount"] for x in listed), tolerance,
                              table=total["kind"], measure=total["measure"],
                              note=f"本年支出合计 = 各类合计（{len(listed)}类，按名称）"))
    return rows


def _name(line: dict) -> str:
    return ENUMERATION.sub("", str(line["name"]).replace(" ", "")).replace("（类）", "")


def measure_identities(lines: Records) -> list[dict]:
    """Per printed row: total = basic + project (+ reserve); = personnel + public; = Σ income sources."""
    by_row: dict[tuple, list[dict]] = defaultdict(list)
    for line in lines:
        by_row[(line["table_index"], line["row"], line["side"], line["basis"])].append(line)
    rows = []
    for group in by_row.values():
        values = {line["measure"]: line["amount"] for line in group}
        first = group[0]
        anchors_used: set[str] = set()
        for total, parts, needs_all in MEASURE_IDENTITIES:
            present = [part for part in parts if part in values]
            if parts[0] in anchors_used or (needs_all and len(present) < len(parts)):
                continue
            if total in values and parts[0] in values and len(present) >= 2:
                anchors_used.add(parts[0])
                rows.append(check_row("measure_sum", values[total], sum(values[p] for p in present),
                                      TOLERANCE.get(first["source_unit"], 0.01), table=first["kind"],
                                      code=first["code"], measure=total,
                                      note=f"{first['name']}: {' + '.join(present)}"))
    return rows


# The 类 rows of a summary table (by name) agree with the 类 rows of the coded table of the same scope.
CLASS_PAIRS: tuple[tuple[str, str, str], ...] = (
    ("dept_summary", "total", "dept_expenditure"),
    ("fiscal_summary", "general_public_budget", "general_expenditure"),
    ("fiscal_summary", "total", "fiscal_expenditure"),
)


def class_agreement(lines: Records) -> list[dict]:
    """Each 类 a summary table prints by name equals that 类's total in the coded table."""
    rows = []
    for summary, measure, coded in CLASS_PAIRS:
        classes: dict[str, dict] = {}
        for line in lines:
            if (line["kind"], line["level"], line["measure"]) == (coded, 1, "total") and \
                    line["basis"] in ("", "final"):
                classes.setdefault(line["name"].replace(" ", ""), line)
        for line in lines:
            if line["kind"] != summary or line["measure"] != measure or line["side"] != "expenditure":
                continue
            if line["basis"] not in ("", "final") or line["is_blank"]:
                continue
            name = ENUMERATION.sub("", line["name"].replace(" ", "")).replace("（类）", "")
            if name in classes:
                other = classes[name]
                rows.append(check_row("class_agreement", other["amount"], line["amount"],
                                      TOLERANCE.get(line["source_unit"], 0.01), table=summary, code=other["code"],
                                      measure=measure, note=f"{name}: {coded} vs {summary}"))
    return rows


def single_total(lines: Records) -> list[dict]:
    """Each table (and each side of a two-sided table) prints exactly one grand total."""
    totals: dict[tuple, set] = {}
    for line in lines:
        if line["kind"] != "three_public":  # one row of values: nothing to total
            rows_seen = totals.setdefault((line["kind"], line["table_index"], line["side"]), set())
            if _is_total(line, GRAND_TOTAL):
                rows_seen.add(line["row"])
    rows = []
    for (table, index, side), found in totals.items():
        row = check_row("single_total", 1, len(found), 0, table=table, measure=side,
                        note=f"table {index}: {len(found)} total row(s)")
        if not found:  # some tables print no grand total at all (决算 基本支出, one-row tables): report it
            row.update(status="info", note=f"table {index}: no total row printed")
        rows.append(row)
    return rows


def key_figure_agreement(sources: Sources, figures: dict[str, float], units: list[str]) -> list[dict]:
    """Every other table that prints a key figure agrees with the one used."""
    rows = []
    for key, candidates in KEY_FIGURES.items():
        present = [(s, v) for s in candidates if isinstance(s, FromLine) and (v := sources.value(s)) is not None]
        if key not in figures or not present:
            continue
        chosen = present[0][0]
        for source, value in present[1:]:
            if source.table == chosen.table:
                continue  # another row of the same table is an alternative, not a second statement
            base, described = present[0][1], chosen.describe()
            scoped = [(s, v) for s in NARRATIVE_SCOPE.get(key, ()) if (v := sources.value(s)) is not None]
            if source.current_year_only and scoped:
                base, described = scoped[0][1], scoped[0][0].describe()
            rows.append(check_row("key_figure_agreement", base, value,
                                  tolerance_of([u for u in units if u != "万元"] or units), code=key,
                                  table=source.describe(), note=f"{described} vs {source.describe()}"))
    return rows


def narrative_agreement(facts: pd.DataFrame, records: Records) -> list[dict]:
    """Each figure the narrative states for the year agrees with the table of its own scope, at the
    precision the narrative printed (see narrative_checks)."""
    return narrative_agreement_rows(facts, records, None)


def three_public_parts(figures: dict[str, float], units: list[str]) -> list[dict]:
    rows = []
    for total, parts in THREE_PUBLIC_PARTS:
        if total in figures and all(part in figures for part in parts):
            rows.append(check_row("three_public_parts", figures[total], sum(figures[p] for p in parts),
                                  tolerance_of(units), table="three_public", code=total, note=" + ".join(parts)))
    return rows


def narrative_parts(sources: Sources) -> list[dict]:
    """Where the narrative states a total and all its parts, the parts add up."""
    rows = []
    for total, parts in NARRATIVE_PARTS:
        if total in sources.facts and all(part in sources.facts for part in parts):
            rows.append(check_row("narrative_parts", sources.facts[total], sum(sources.facts[p] for p in parts),
                                  0.01, table="narrative", code=total, note=" + ".join(parts)))
    return rows


def project_budgets(projects: pd.DataFrame, facts: pd.DataFrame) -> list[dict]:
    """The listed projects add up to the total the document gives for them, where it claims the list
    is complete (see narrative_checks.project_budget_rows)."""
    return project_budget_rows(projects, facts)


# 收支总表: the income side's grand total equals the expenditure side's. Only the grand totals balance (总计, or
# 合计 where no 总计 is printed): 本年收入合计 and 本年支出合计 differ by the carry-overs.
BALANCED_TABLES = ("dept_summary", "fiscal_summary")
BALANCE_LEVELS = (r"^(总计|收入总计|支出总计)$", r"^(合计|收入合计|支出合计)$")


def summary_balance(lines: Records) -> list[dict]:
    """Each 收支总表 balances: 收入总计 = 支出总计 (or 收入合计 = 支出合计), per table and basis."""
    found: dict[tuple, dict] = defaultdict(dict)
    for line in lines:
        if (line["kind"] in BALANCED_TABLES and line["measure"] == "total" and not line["code"]
                and not line["is_blank"] and line["side"] in ("income", "expenditure")
                and not pd.isna(line["amount"])):
            name = line["name"].replace(" ", "")
            for level, pattern in enumerate(BALANCE_LEVELS):
                if re.match(pattern, name):
                    found[(line["kind"], line["table_index"], line["basis"])].setdefault((line["side"], level), line)
    rows = []
    for (table, index, _), totals in found.items():
        for level in range(len(BALANCE_LEVELS)):
            income, expenditure = totals.get(("income", level)), totals.get(("expenditure", level))
            if income and expenditure:
                rows.append(check_row("summary_balance", income["amount"], expenditure["amount"],
                                      tolerance_of([income["source_unit"]]), table=table, measure="total",
                                      note=f"table {index}: {income['name']} = {expenditure['name']}"))
                break
    return rows


def indicator_weights(indicators: pd.DataFrame) -> list[dict]:
    """Report the weight sums per project and for the department; never judged (status 'info')."""
    rows = []
    # the department's table is one set of weights, whatever activities (活动) it groups them under
    keyed = indicators.assign(project=indicators["project"].where(indicators["scope"] == "project", ""))
    for (scope, project), group in keyed.groupby(["scope", "project"], sort=False):
        rows.append({"check": "indicator_weights", "table": f"{scope}_performance", "code": project,
                     "measure": "weight", "expected": None, "actual": float(group["weight"].sum()),
                     "difference": None, "status": "info", "note": f"{len(group)} indicators"})
    return rows


def missing_weights(indicators: pd.DataFrame) -> list[dict]:
    """An indicator without a weight where the others of its project print one (a row cut short): the weight
    sum is then short by its weight, so it is a finding, never only a sum reported as 'info'."""
    rows = []
    for (scope, project), group in indicators.groupby(["scope", "project"], sort=False):
        if group["weight"].notna().any():
            for row in group[group["weight"].isna()].itertuples():
                rows.append({"check": "missing_value", "table": f"{scope}_performance", "code": project,
                             "measure": "weight", "expected": None, "actual": None, "difference": None,
                             "status": "fail", "note": f"indicator {row.indicator!r} ({_page(row.page)}row {row.row}): "
                                                       "no weight, where the project's other indicators print one"})
    return rows


def _page(page) -> str:
    return "" if page is None or pd.isna(page) else f"page {page}, "


def unreadable_cells(cells: list[dict]) -> list[dict]:
    """A cell printed where an amount belongs that is no number ("8O.67", "N/A"), or one too long to hold
    exactly (a 400-digit integer): its amount is left empty (never guessed) and the cell is named."""
    rows = []
    for cell in cells:
        text = cell["unreadable"]["text"]
        shown = repr(text) if len(text) <= 40 else f"{text[:20]!r}…{text[-8:]!r} ({len(text):,} characters)"
        why = "too many digits to hold exactly" if is_amount(text) else "not a number"
        where = ", ".join(filter(None, [f"table {cell['table_index']} {cell['table_title']!r}",
                                        _page(cell["page"]).rstrip(", "), f"row {cell['row']}",
                                        f"column {cell['unreadable']['column'] or cell['measure']!r}"]))
        rows.append({"check": "cell_read", "table": cell["kind"], "code": cell["code"], "measure": cell["measure"],
                     "expected": None, "actual": None, "difference": None, "status": "fail",
                     "note": f"{where}: {shown} is {why}"})
    return rows


def narrative_percent(facts: pd.DataFrame) -> list[dict]:
    """Where the narrative states a change and a percentage, the percentage agrees with the amounts."""
    rows = []
    if facts.empty:
        return rows
    stated = facts[facts["percent"].notna() & ~facts["derived"].astype(bool) & facts["change"].notna()]
    for fact in stated.itertuples():
        prior = fact.amount - fact.change if fact.direction == "增加" else fact.amount + fact.change
        if prior:
            places = len(f"{fact.percent:g}".partition(".")[2])  # the precision the prose printed
            computed = round(abs(fact.change) / prior * 100, places)
            tolerance = 1.0  # rounded amounts move a percentage; beyond a whole point is a finding
            # expected = the figure recomputed from the amounts, actual = what the prose states (as in
            # narrative_agreement: the table's figure against the narrative's)
            code, measure = fact_subject_code(fact.subject, getattr(fact, "code", ""))  # (audit.subjects)
            row = check_row("narrative_percent", computed, fact.percent, tolerance, table="narrative",
                            code=code, measure=measure, note=fact.sentence[:80])
            if abs(row["difference"]) <= 10 ** -places + EPSILON:
                row["status"] = "ok"  # the last printed digit: rounding of rounded inputs
            elif row["status"] == "rounding":
                # beyond the last digit but within a point: no rounding of the amounts moves a percentage this far,
                # yet the prose may have computed it on another base (执行数, 调整数): a doubt, never "rounding"
                row["status"] = "warning"
            rows.append(row)
    return rows


def unreadable_tables(problems: list) -> list[dict]:
    """A recognised table the tidy step could not read is a finding, never a silent gap ('fail' when it
    printed figures; 'info' when it printed none, e.g. a table of contents under a table's title)."""
    return [{"check": "table_read", "table": problem.table or "", "code": "", "measure": "", "expected": None,
             "actual": None, "difference": None, "status": "fail" if getattr(problem, "has_figures", True) else "info",
             "note": problem.reason} for problem in problems]


def run_audit(lines: pd.DataFrame, facts: pd.DataFrame, indicators: pd.DataFrame, projects: pd.DataFrame,
              figures: dict[str, float], sources: Sources, problems: list | None = None,
              cells: list[dict] | None = None) -> pd.DataFrame:
    """All checks of one document as one frame."""
    records = lines.to_dict("records")
    units = sorted({line["source_unit"] for line in records} | {"万元"})
    steps: list[Callable[[], list[dict]]] = [
        lambda: children_sum(records),
        lambda: total_row_sum(records),
        lambda: measure_identities(records),
        lambda: flat_rows_sum(records),
        lambda: summary_class_sum(records),
        lambda: single_total(records),
        lambda: class_agreement(records),
        lambda: key_figure_agreement(sources, figures, units),
        lambda: narrative_agreement(facts, records),
        lambda: three_public_parts(figures, units),
        lambda: narrative_parts(sources),
        lambda: project_budgets(projects, facts),
        lambda: indicator_weights(indicators),
        lambda: narrative_percent(facts),
        lambda: unreadable_tables(problems or []),
        lambda: summary_balance(records),
        lambda: missing_weights(indicators),
        lambda: unreadable_cells(cells or []),
    ]
    return pd.DataFrame([row for step in steps for row in step()], columns=CHECK_COLUMNS)


def findings(checks: pd.DataFrame) -> pd.DataFrame:
    """The checks that found something in the document: 'fail' (an error), 'warning', 'note' or
    'rounding'. Reading problems (status 'reading', family `reading`) are not the document's findings."""
    return checks[checks["status"].isin(["rounding", "fail", "warning", "note"])]


def reading_problems(checks: pd.DataFrame) -> pd.DataFrame:
    """What the reader is unsure of (issue 11): never counted as the document's errors."""
    return checks[checks["status"] == "reading"]
