"""Batch runs: a folder of documents to checked data and reports, in parallel and resumable
(`budgetlib batch`; see budgetlib.batch.run)."""

from budgetlib.batch.run import Outcome, Summary, run

__all__ = ["Outcome", "Summary", "run"]
