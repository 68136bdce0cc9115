"""The processed store: Parquet per frame, an embedded DuckDB database, CSV (utf-8-sig) and XLSX.

DuckDB is the store of record: a document's rows are replaced in one transaction (delete by
doc_id, insert), so re-extracting never duplicates. The flat files are then exported from it,
each written to a temporary file in the same folder and moved into place (`os.replace`), so a
crash leaves the old file or the new one, never half of one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import duckdb
import pandas as pd

from budgetlib.model import BudgetDocument

DATABASE = "budget.duckdb"
TABLES = ("documents", "lines", "key_figures", "facts", "indicators", "projects", "checks", "tables")


def save(documents: Iterable[BudgetDocument], out: str | Path, *, exports: bool = True) -> Path:
    """Upsert documents into `out/budget.duckdb`, then refresh the Parquet/CSV/XLSX exports."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    database = out / DATABASE
    with duckdb.connect(str(database)) as con:
        for document in documents:
            _upsert(con, document)
        if exports:
            export(con, out)
    return database


def _upsert(con: duckdb.DuckDBPyConnection, document: BudgetDocument) -> None:
    frames = document.frames()
    con.execute("BEGIN TRANSACTION")
    try:
        for name in TABLES:
            frame = _storable(frames[name])
            con.register("incoming", frame)
            con.execute(f"CREATE TABLE IF NOT EXISTS {name} AS SELECT * FROM incoming LIMIT 0")
            con.execute(f"DELETE FROM {name} WHERE doc_id = ?", [document.doc_id])
            con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM incoming")
            con.unregister("incoming")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def _storable(frame: pd.DataFrame) -> pd.DataFrame:
    """Object columns that hold only None/NaN have no type; give them text so DuckDB can store them."""
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object and frame[column].isna().all():
            frame[column] = frame[column].astype("string")
    return frame


def export(con: duckdb.DuckDBPyConnection, out: Path) -> None:
    """Parquet and CSV per table, one XLSX workbook: each written atomically."""
    sheets = {}
    for name in TABLES:
        frame = con.execute(f"SELECT * FROM {name} ORDER BY ALL").df() if _exists(con, name) else pd.DataFrame()
        atomic_write(out / f"{name}.parquet", lambda p, f=frame: f.to_parquet(p, index=False))
        atomic_write(out / "csv" / f"{name}.csv", lambda p, f=frame: f.to_csv(p, index=False, encoding="utf-8-sig"))
        sheets[name] = frame
    atomic_write(out / "budget.xlsx", lambda p: _xlsx(p, sheets))


def _exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    query = "SELECT count(*) FROM information_schema.tables WHERE table_name = ?"
    return bool(con.execute(query, [name]).fetchone()[0])


def _xlsx(path: Path, sheets: dict[str, pd.DataFrame]) -> None:
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)


def atomic_write(target: Path, write: Callable[[Path], None]) -> None:
    """Write through a temporary sibling and rename it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=target.suffix, dir=target.parent)
    os.close(handle)
    try:
        write(Path(temporary))
        os.chmod(temporary, 0o644)  # mkstemp makes 0600; exports are meant to be shared
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load(out: str | Path, table: str) -> pd.DataFrame:
    """One table of the store, read back from DuckDB."""
    with duckdb.connect(str(Path(out) / DATABASE), read_only=True) as con:
        return con.execute(f"SELECT * FROM {table}").df()
