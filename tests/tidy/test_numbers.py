"""Amounts are money: exact to the printed precision, units converted exactly."""

import pytest

from budgetlib.tidy.numbers import decimals, is_blank, normalise_cell, parse_amount


@pytest.mark.parametrize(("text", "unit", "value"), [
    ("2,829.73", "万元", 2829.73),
    ("1, 097, 073. 43", "元", 109.707343),  # spaced separators, as some PDFs print them
    ("189767551", "元", 18976.7551),
    ("０.１０", "万元", 0.10),  # full-width digits
    ("-15.70", "万元", -15.70),
    ("(3.00)", "万元", -3.00),
])
def test_parse_amount(text, unit, value):
    assert parse_amount(text, unit) == value


@pytest.mark.parametrize("text", ["", "—", "-", "合计", "2025年", "12%"])
def test_non_numbers_are_none_not_zero(text):
    assert parse_amount(text) is None


def test_blank_marks():
    assert is_blank("") and is_blank(" — ") and not is_blank("0.00")


def test_markup_and_spacing_are_removed_from_cells():
    assert normalise_cell("<p>1. 根据</p> <p>2. 深入</p>") == "1. 根据 2. 深入"


def test_printed_precision_is_known():
    assert decimals("2,197.40") == 2 and decimals("2197.4") == 1 and decimals("8") == 0
