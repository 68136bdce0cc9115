"""The real corpus, read once per test session. Its path is BUDGETLIB_CORPUS (default ../shared/corpus).

Known gaps: `known_gaps.csv` lists, per test and file, an expectation the reader does not meet yet and why. Each
becomes a strict xfail, so the gap stays visible and the day it is fixed the test fails until its line is removed.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

import budgetlib
from tests.conftest import CORPUS

if not (CORPUS / "MANIFEST.tsv").exists():
    if os.environ.get("CI") == "true" or os.environ.get("BUDGETLIB_CORPUS"):
        raise RuntimeError(f"the corpus is required here (CI or BUDGETLIB_CORPUS set) but is not at {CORPUS}")
    pytest.skip(f"the corpus is not at {CORPUS} (set BUDGETLIB_CORPUS)", allow_module_level=True)

TRUTH = CORPUS / "truth"
MANIFEST = pd.read_csv(CORPUS / "MANIFEST.tsv", sep="\t", dtype=str)
DOCUMENTS = sorted(MANIFEST.loc[MANIFEST["content"] != "template", "file"])
TEMPLATES = sorted(MANIFEST.loc[MANIFEST["content"] == "template", "file"])
KNOWN_GAPS = pd.read_csv(Path(__file__).with_name("known_gaps.csv"), dtype=str, keep_default_na=False)


@cache
def document(file: str) -> budgetlib.BudgetDocument:
    return budgetlib.read(CORPUS / file)


def truth(name: str) -> pd.DataFrame:
    return pd.read_csv(TRUTH / name, sep="\t", dtype=str, keep_default_na=False)


def pytest_collection_modifyitems(items):
    """Mark each known gap as a strict xfail carrying its reason."""
    gaps = {(g.test, g.file, g.truth): g.reason for g in KNOWN_GAPS.itertuples()}
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        key = (item.originalname, params.get("file", ""), params.get("name", ""))
        if key in gaps:
            item.add_marker(pytest.mark.xfail(strict=True, reason=gaps[key]))
