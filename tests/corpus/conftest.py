"""The real corpus, read once per test session. Its path is BUDGETLIB_CORPUS (default ../shared/corpus)."""

from __future__ import annotations

from functools import cache

import pandas as pd
import pytest

import budgetlib
from tests.conftest import CORPUS

if not (CORPUS / "MANIFEST.tsv").exists():
    pytest.skip(f"the corpus is not at {CORPUS} (set BUDGETLIB_CORPUS)", allow_module_level=True)

TRUTH = CORPUS / "truth"
MANIFEST = pd.read_csv(CORPUS / "MANIFEST.tsv", sep="\t", dtype=str)
DOCUMENTS = sorted(MANIFEST.loc[MANIFEST["content"] != "template", "file"])
TEMPLATES = sorted(MANIFEST.loc[MANIFEST["content"] == "template", "file"])


@cache
def document(file: str) -> budgetlib.BudgetDocument:
    return budgetlib.read(CORPUS / file)


def truth(name: str) -> pd.DataFrame:
    return pd.read_csv(TRUTH / name, sep="\t", dtype=str, keep_default_na=False)
