"""Helpers for the audit's tests: the sample's text form with one point changed, read as a user would."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import budgetlib
from tests.conftest import SAMPLE


def doctored(tmp_path: Path, old: str, new: str, count: int = 1) -> budgetlib.BudgetDocument:
    """The sample with one edit (the edit must apply: a test of a mutation that did not happen proves nothing)."""
    text = SAMPLE.read_text(encoding="utf-8")
    assert old in text, f"the sample has no {old!r} to change"
    path = tmp_path / "doctored.txt"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return budgetlib.read(path)


def found(document: budgetlib.BudgetDocument, rule: str) -> pd.DataFrame:
    checks = document.checks
    return checks[(checks["rule"] == rule) & checks["status"].isin(["fail", "warning", "note", "rounding"])]
