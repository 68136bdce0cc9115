"""The number and unit parser: any text is an exact amount or no amount; every printed form of a number reads as
exactly that number; a number a float cannot hold exactly is no amount (never +inf, never rounded)."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budgetlib.tidy.numbers import UNIT_SCALE, amount_text, decimals, is_amount, is_blank, parse_amount
from tests.property.strategies import CELLS, JUNK, printed_amounts

UNITS = st.sampled_from(sorted(UNIT_SCALE))


@given(st.one_of(CELLS, JUNK, st.text()), UNITS)
def test_any_text_is_a_finite_amount_or_none(text, unit):
    value = parse_amount(text, unit)
    assert value is None or math.isfinite(value)
    assert (amount_text(text) is not None) == is_amount(text)
    if value is not None:
        assert is_amount(text) and not is_blank(text)


@given(printed_amounts(), UNITS)
def test_every_printed_form_reads_exactly(printed, unit):
    text, value = printed
    assert parse_amount(text, unit) == float(value * UNIT_SCALE[unit])
    shown = format(abs(value), "f")
    assert decimals(text) == (len(shown.split(".")[1]) if "." in shown else 0)


@given(st.integers(min_value=16, max_value=500), st.sampled_from(["", "-", "("]))
def test_more_digits_than_a_float_holds_is_no_amount(digits, sign):
    text = sign + "9" * digits + (")" if sign == "(" else "")
    assert is_amount(text) and parse_amount(text) is None


def test_an_unknown_unit_is_a_documented_value_error():
    with pytest.raises(ValueError, match=r"cannot read '1.00' as an amount in 美元"):
        parse_amount("1.00", "美元")
    assert parse_amount("not a number", "美元") is None
    assert float(Decimal("1.5") * UNIT_SCALE["元"]) == parse_amount("1.5", "元")
