"""failures.csv: one format for every command, and a bug never passed off as a refusal."""

import pandas as pd
import pytest

from budgetlib.errors import NotABudget
from budgetlib.failures import COLUMNS, Failure, guarded, read, stage_of, write


def test_the_format_is_file_stage_class_message_time(tmp_path):
    path = tmp_path / "failures.csv"
    write(path, [Failure("a.pdf", "read", "NotABudget", "a.pdf: no budget tables found")])
    frame = read(path)
    assert tuple(frame.columns) == COLUMNS
    assert frame.loc[0, "time"].endswith("+00:00")
    write(path, [])
    assert not path.exists()  # a clean run leaves no stale list behind


def test_an_unknown_stage_is_refused():
    with pytest.raises(ValueError, match="unknown stage"):
        Failure("a.pdf", "printing", "X", "y")


def test_a_refusal_keeps_its_class_and_a_bug_is_an_internal_error(tmp_path):
    def refuse():
        raise NotABudget("a.txt", "no budget tables found")

    def bug():
        return {}["department"]

    log = tmp_path / "budgetlib.log"
    refused = guarded("a.txt", "read", log, refuse)
    assert (refused.error_class, refused.message) == ("NotABudget", "a.txt: no budget tables found")
    assert not log.exists()
    internal = guarded("b.txt", "read", log, bug)
    assert internal.error_class == "internal error" and internal.message.startswith("KeyError: 'department'")
    assert "Traceback (most recent call last)" in log.read_text() and "return {}[\"department\"]" in log.read_text()
    assert guarded("c.txt", "read", log, lambda: 42) == 42


def test_ctrl_c_is_never_swallowed(tmp_path):
    def interrupted():
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        guarded("a.txt", "read", tmp_path / "log", interrupted)


def test_an_error_raised_inside_the_audit_is_the_audits():
    namespace: dict = {}
    exec(compile("def rule():\n    raise ZeroDivisionError('x')\n", "/site/budgetlib/audit/rules.py", "exec"),
         namespace)
    try:
        namespace["rule"]()
    except ZeroDivisionError as error:
        assert stage_of(error, "read") == "audit"
        assert stage_of(error, "store") == "store"
    try:
        pd.DataFrame()["missing"]
    except KeyError as error:
        assert stage_of(error, "read") == "read"
