"""budgetlib: Chinese department budget disclosures → tidy, audited data.

    >>> import budgetlib
    >>> doc = budgetlib.read("data/raw/000_ebb61a327681cc18.txt")
    >>> doc.key_figures["expenditure_total"]
    2829.73

`read` and `BudgetDocument` are imported when first used (PEP 562): `import budgetlib` alone, as every
notebook and `budgetlib.charts` does, then costs nothing, where the reader (pdfium, hundreds of compiled
patterns) took half a second to import. The errors are light, and imported at once.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from budgetlib.errors import BudgetError, NotABudget, NoTextLayer, TableError, UnreadableFile, UnsupportedFileType

if TYPE_CHECKING:  # what type checkers and IDEs see; at run time, __getattr__ below
    from budgetlib.model import BudgetDocument
    from budgetlib.pipeline import read

__all__ = ["BudgetDocument", "BudgetError", "NoTextLayer", "NotABudget", "TableError", "UnreadableFile",
           "UnsupportedFileType", "read"]
__version__ = "0.1.0"

_LAZY = {"BudgetDocument": "budgetlib.model", "read": "budgetlib.pipeline"}


def __getattr__(name: str):
    """A lazily imported public name, imported once and then kept in the module like any other."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'budgetlib' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
