"""Shared fixtures: the bundled sample, read once per session, and the corpus path."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

import budgetlib

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "raw" / "000_ebb61a327681cc18.txt"
EXPECTED = Path(__file__).parent / "expected"
CORPUS = Path(os.environ.get("BUDGETLIB_CORPUS", ROOT.parent / "shared" / "corpus"))


@pytest.fixture(scope="session")
def sample() -> budgetlib.BudgetDocument:
    return budgetlib.read(SAMPLE)


def expected(name: str, **kwargs) -> pd.DataFrame:
    """An expected-values table transcribed from a document (see tests/expected/)."""
    return pd.read_csv(EXPECTED / name, dtype=str, keep_default_na=False, **kwargs)
