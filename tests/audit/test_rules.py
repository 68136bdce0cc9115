"""The rules are data: every rule is well formed, and the checks frame keeps the columns scripts read."""

import pandas as pd
import pytest

from budgetlib.audit.frame import LEGACY_COLUMNS, NEW_COLUMNS, finding
from budgetlib.audit.rules import CHECK_RULES, FAMILIES, RULE_BY_ID, RULES, rules_frame

FAMILY_KEYS = {key for key, _, _ in FAMILIES}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_each_rule_is_declared_completely(rule):
    assert rule.family in FAMILY_KEYS
    assert rule.severity in {"error", "warning", "note", "info"}
    assert rule.message_zh and rule.message_en
    assert set(rule.applies_to) <= {"预算", "决算"}


def test_rule_ids_are_unique_and_every_old_check_has_one():
    assert len(RULE_BY_ID) == len(RULES)
    assert set(CHECK_RULES.values()) <= set(RULE_BY_ID)
    assert len(rules_frame()) == len(RULES)


def test_a_finding_fills_old_and_new_columns():
    row = finding("N03", page=25, expected=31.56, actual=31.35, quote="增长31.35%")
    assert list(row) == LEGACY_COLUMNS + NEW_COLUMNS
    assert (row["rule"], row["family"], row["severity"], row["status"], row["page"]) == (
        "N03",
        "narrative",
        "error",
        "fail",
        25,
    )
    assert row["difference"] == pytest.approx(-0.21)
    assert "31.56" in row["message"] and "31.35" in row["message"]


def test_the_checks_frame_keeps_its_columns(sample):
    assert list(sample.checks.columns[: len(LEGACY_COLUMNS)]) == LEGACY_COLUMNS
    assert set(NEW_COLUMNS) <= set(sample.checks.columns)
    assert isinstance(sample.checks, pd.DataFrame) and sample.checks["family"].notna().all()
