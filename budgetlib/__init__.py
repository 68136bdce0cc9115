"""budgetlib: Chinese department budget disclosures → tidy, audited data.

    >>> import budgetlib
    >>> doc = budgetlib.read("data/raw/000_ebb61a327681cc18.txt")
    >>> doc.key_figures["expenditure_total"]
    2829.73
"""

from budgetlib.errors import BudgetError, NotABudget, NoTextLayer, TableError, UnreadableFile, UnsupportedFileType
from budgetlib.model import BudgetDocument
from budgetlib.pipeline import read

__all__ = ["BudgetDocument", "BudgetError", "NoTextLayer", "NotABudget", "TableError", "UnreadableFile",
           "UnsupportedFileType", "read"]
__version__ = "0.1.0"
