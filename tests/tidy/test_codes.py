"""Subject codes: level from the digit count, parent from the leading digits."""

import pytest

from budgetlib.tidy.codes import code_level, is_child_of, join_code, parent_code


@pytest.mark.parametrize(("code", "level", "parent"), [
    ("201", 1, ""), ("20103", 2, "201"), ("2010301", 3, "20103"), ("30101", 2, "301"),
])
def test_levels_and_parents(code, level, parent):
    assert code_level(code) == level
    assert parent_code(code) == parent


@pytest.mark.parametrize("text", ["合计", "2010", "A", "", "201030101"])
def test_non_codes_have_no_level(text):
    assert code_level(text) is None


def test_split_columns_join_into_one_code():
    assert join_code(["201", "05", "07"]) == "2010507"
    assert join_code(["208", " 05", ""]) == "20805"
    assert join_code(["301", "2"]) == "30102"  # 万里街道 2024 prints 津贴补贴 as "301 2"


def test_a_child_starts_with_its_parents_digits():
    assert is_child_of("2101101", "21011")
    assert not is_child_of("2101101", "21012")
