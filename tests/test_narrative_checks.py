"""The narrative against the tables: each statement with the table of its own scope, at the precision
the narrative printed; project lists compared only where the document claims they are complete."""

import pandas as pd

from budgetlib.extract.narrative import FACT_COLUMNS
from budgetlib.extract.performance import PROJECT_COLUMNS
from budgetlib.narrative_checks import narrative_agreement_rows, project_budget_rows


def line(kind, measure, amount, *, name="合计", code="", side="expenditure", blank=False):
    return {"kind": kind, "measure": measure, "side": side, "name": name, "code": code, "amount": amount,
            "is_blank": blank, "basis": ""}


def fact(subject, amount, printed, scope="", *, code="", item="", parent=""):
    row = {column: None for column in FACT_COLUMNS}
    row.update(subject=subject, amount=amount, printed=printed, scope=scope, code=code, item=item, parent=parent,
               year=2025, derived=False, unit="万元", sentence="…", page=3)
    return row


def checks(facts, lines):
    return pd.DataFrame(narrative_agreement_rows(pd.DataFrame(facts, columns=FACT_COLUMNS), lines, None))


LINES = [line("dept_expenditure", "basic", 11056.07), line("general_expenditure", "basic", 9880.88),
         line("general_expenditure", "total", 13144.37, name="一般公共服务支出", code="201"),
         line("general_expenditure", "project", 6475.93, name="一般公共服务支出", code="201"),
         line("operating_expenses", "total", 1815.0449, side=""), line("three_public", "total", 112.61, name="")]


def test_each_statement_is_compared_with_the_table_of_its_scope():
    result = checks([fact("basic_expenditure_total", 11056.07, "11056.07", "all_funds"),
                     fact("basic_expenditure_total", 9880.88, "9880.88", "general_public_budget")], LINES)
    assert result["status"].tolist() == ["ok", "ok"]
    assert result["note"].str.startswith(("dept_expenditure.basic", "general_expenditure.basic")).all()


def test_a_figure_of_the_wrong_scope_is_a_failure():
    result = checks([fact("basic_expenditure_total", 9880.88, "9880.88", "all_funds")], LINES)
    assert (result.iloc[0]["status"], result.iloc[0]["expected"]) == ("fail", 11056.07)


def test_an_unstated_scope_agrees_with_the_table_of_any_scope_it_could_have():
    assert checks([fact("basic_expenditure_total", 9880.88, "9880.88")], LINES)["status"].tolist() == ["ok"]


def test_the_narratives_printed_precision():
    """The table's 1,815.0449 万元 is 1815 in whole 万元 and 1815.04 at two decimals (half up)."""
    printed = ["1815", "1815.04", "1815.05", "1816", "1817"]
    result = checks([fact("operating_expenses", float(p), p) for p in printed], LINES)
    assert result["expected"].tolist() == [1815.0, 1815.04, 1815.04, 1815.0, 1815.0]
    assert result["status"].tolist() == ["ok", "ok", "rounding", "rounding", "fail"]


def test_a_function_item_is_its_code_row_and_a_part_of_project_spending_is_its_project_column():
    result = checks([fact("function_item", 13144.37, "13144.37", "general_public_budget", code="201"),
                     fact("function_item", 6475.93, "6475.93", "general_public_budget", code="201",
                          parent="project_expenditure_total")], LINES)
    assert result["status"].tolist() == ["ok", "ok"]


def test_derived_figures_and_parts_of_items_are_not_compared():
    derived = fact("operating_expenses", 1.0, "1")
    derived["derived"] = True
    assert checks([derived, fact("function_item/basic_personnel_total", 1.0, "1")], LINES).empty


def projects(*rows):
    frame = pd.DataFrame([{**{c: None for c in PROJECT_COLUMNS}, "scope": "project", "source": "table", **row}
                          for row in rows], columns=PROJECT_COLUMNS)
    return frame


def test_a_project_list_with_a_total_row_is_compared_with_it():
    listed = projects({"project": "a", "budget": 10.0, "table_total": 30.0},
                      {"project": "b", "budget": 10.0, "table_total": 30.0})
    (row,) = project_budget_rows(listed, pd.DataFrame(columns=FACT_COLUMNS))
    assert (row["code"], row["expected"], row["actual"], row["status"]) == ("table_total", 30.0, 20.0, "fail")


def test_a_list_as_long_as_the_narrative_counts_is_compared_with_the_stated_funds():
    listed = projects({"project": "a", "budget": 1.0}, {"project": "b", "budget": 2.0})
    facts = pd.DataFrame([fact("performance_target_funds", 3.0, "3"), fact("performance_target_projects", 2, "2")],
                         columns=FACT_COLUMNS)
    (row,) = project_budget_rows(listed, facts)
    assert (row["code"], row["status"]) == ("performance_target_funds", "ok")


def test_a_list_of_key_projects_is_only_described():
    listed = projects({"project": "a", "budget": 1.0})
    facts = pd.DataFrame([fact("performance_target_funds", 30.0, "30"), fact("performance_target_projects", 7, "7")],
                         columns=FACT_COLUMNS)
    (row,) = project_budget_rows(listed, facts)
    assert (row["status"], row["expected"]) == ("info", None) and row["note"].startswith("1 projects listed")
