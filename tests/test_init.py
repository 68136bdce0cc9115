"""`import budgetlib` is light (the reader is imported when `read` is first used), and every public name works."""

from __future__ import annotations

import subprocess
import sys

import budgetlib
from tests.conftest import ROOT, SAMPLE


def test_every_public_name_is_there():
    for name in budgetlib.__all__:
        assert getattr(budgetlib, name) is not None, name
    assert set(budgetlib.__all__) <= set(dir(budgetlib))
    from budgetlib import BudgetDocument, read  # the form the README uses

    assert isinstance(read(SAMPLE), BudgetDocument)


def test_importing_the_package_does_not_import_the_reader():
    code = ("import sys, budgetlib, budgetlib.charts, budgetlib.analysis.store_view\n"
            "print(sorted(m for m in ('budgetlib.pipeline', 'budgetlib.readers', 'budgetlib.extract') "
            "if m in sys.modules))")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert found.stdout.strip() == "[]"


def test_an_unknown_name_is_an_attribute_error():
    try:
        budgetlib.reed  # noqa: B018
    except AttributeError as error:
        assert "reed" in str(error)
    else:
        raise AssertionError("budgetlib.reed should not exist")
