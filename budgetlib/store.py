"""The processed store: Parquet per frame, an embedded DuckDB database, CSV (utf-8-sig) and XLSX.

DuckDB is the store of record: a document's rows are replaced in one transaction (delete by
doc_id, insert), as soon as it is read, so re-extracting never duplicates and an interrupted run
keeps every document it finished. The flat files are then exported from it,
each written to a temporary file in the same folder and moved into place (`os.replace`), so a
crash leaves the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import duckdb
import pandas as pd

from budgetlib import schema
from budgetlib.errors import FolderError, StoreError
from budgetlib.excel import write_csv, write_xlsx
from budgetlib.model import BudgetDocument

DATABASE = "budget.duckdb"
TABLES = ("documents", "lines", "key_figures", "facts", "indicators", "projects", "checks", "tables")


class Store:
    """The store of record, `out/budget.duckdb`, open for writing.

    Opening it checks the folder first (see `check_folder`), so a bad --out is reported before any
    document is read. `add` stores one document in one transaction: a crash or Ctrl-C loses at most the
    document in hand. `export` then refreshes the Parquet/CSV/XLSX copies."""

    def __init__(self, out: str | Path):
        self.out = Path(out)
        check_folder(self.out)
        self.database = self.out / DATABASE
        try:
            self.con = duckdb.connect(str(self.database))
        except duckdb.Error as error:
            raise FolderError(self.database, _database_reason(error)) from error

    def add(self, document: BudgetDocument) -> None:
        """Replace the document's rows in every table, in one transaction."""
        frames = document.frames()
        self.con.execute("BEGIN TRANSACTION")
        try:
            for name in TABLES:
                frame = schema.conform(name, frames[name], with_doc_id=True, source=document.meta.get("source", ""))
                self.con.register("incoming", frame)
                try:
                    _create(self.con, name)
                    self.con.execute(f"DELETE FROM {name} WHERE doc_id = ?", [document.doc_id])
                    self.con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM incoming")
                finally:
                    self.con.unregister("incoming")
            self.con.execute("COMMIT")
        except BaseException as error:
            with contextlib.suppress(duckdb.Error):  # a connection already gone: the error below says why
                self.con.execute("ROLLBACK")
            if isinstance(error, duckdb.IOException):  # the disk, not the document: full, removed, read-only
                raise StoreError(self.database, f"could not store {document.meta.get('source', document.doc_id)} "
                                                f"({error})") from error
            raise

    def export(self, warn: Callable[[str], None] = print) -> None:
        export(self.con, self.out, warn)

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def check_folder(out: Path) -> None:
    """An output folder we can write into, checked before any reading: not a file, not under a file,
    writable, and with its exports' places free. Created when missing."""
    for parent in (out, *out.parents):
        if parent.exists() and not parent.is_dir():
            where = "is a file, not a folder" if parent == out else f"is under {parent}, which is a file"
            raise FolderError(out, where)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise FolderError(out, f"cannot create the folder ({error.strerror or error})") from error
    try:  # a real write: permission bits say nothing to root, nor about a read-only mount
        handle, probe = tempfile.mkstemp(prefix=".budgetlib-write-test.", dir=out)
        os.close(handle)
        os.unlink(probe)
    except OSError as error:
        raise FolderError(out, f"not writable ({error.strerror or error})") from error
    for name, folder in (("csv", True), (DATABASE, False), ("budget.xlsx", False), ("failures.csv", False),
                         *((f"{table}.parquet", False) for table in TABLES)):
        target = out / name
        if target.exists() and target.is_dir() != folder:
            raise FolderError(target, f"is a {'file' if folder else 'folder'}; budgetlib writes a "
                                      f"{'folder' if folder else 'file'} there")


def _database_reason(error: duckdb.Error) -> str:
    text = str(error)
    if "not a valid DuckDB database file" in text:
        return "not a valid DuckDB database file; move it away or choose another --out"
    if "lock" in text.lower():
        return f"in use by another process ({text.splitlines()[0]})"
    return text.splitlines()[0] if text else type(error).__name__


def save(documents: Iterable[BudgetDocument], out: str | Path, *, exports: bool = True,
         warn: Callable[[str], None] = print) -> Path:
    """Upsert documents into `out/budget.duckdb`, one transaction each, then refresh the exports."""
    with Store(out) as store:
        for document in documents:
            store.add(document)
        if exports:
            store.export(warn)
    return store.database


def _create(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Table `name` as the schema declares it (budgetlib.schema): its columns and types never depend on
    which document came first. A store made by an earlier version gets the columns it lacks."""
    con.execute(schema.ddl(name))
    query = "SELECT column_name FROM information_schema.columns WHERE table_name = ?"
    have = {row[0] for row in con.execute(query, [name]).fetchall()}
    for column in schema.columns(name):
        if column.name not in have:
            con.execute(f'ALTER TABLE "{name}" ADD COLUMN "{column.name}" {schema.DUCKDB_TYPES[column.dtype]}')


def export(con: duckdb.DuckDBPyConnection, out: Path, warn: Callable[[str], None] = print) -> None:
    """Parquet (values exactly as stored) and CSV per table, one XLSX workbook: each written atomically.
    The CSV and XLSX copies are made safe for Excel (see budgetlib.excel)."""
    sheets = {}
    for name in TABLES:
        frame = con.execute(f"SELECT * FROM {name} ORDER BY ALL").df() if _exists(con, name) else pd.DataFrame()
        atomic_write(out / f"{name}.parquet", lambda p, f=frame: f.to_parquet(p, index=False))
        atomic_write(out / "csv" / f"{name}.csv", lambda p, f=frame: write_csv(f, p))
        sheets[name] = frame.rename(columns=schema.labels(name))  # people read the workbook: Chinese headers
    atomic_write(out / "budget.xlsx", lambda p: write_xlsx(p, sheets, warn, label=str(out / "budget.xlsx")))


def _exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    query = "SELECT count(*) FROM information_schema.tables WHERE table_name = ?"
    return bool(con.execute(query, [name]).fetchone()[0])


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
    with connect_read_only(out) as con:
        return con.execute(f"SELECT * FROM {table}").df()


def check_store(out: str | Path) -> int:
    """The number of documents in the store in `out`; a store that is missing, damaged or empty is a
    FolderError that says so (checked before a report starts)."""
    with connect_read_only(out) as con:
        if not _exists(con, "documents"):
            raise FolderError(Path(out) / DATABASE, "holds no documents yet (were they all refused? see "
                                                    f"{Path(out) / 'failures.csv'})")
        return con.execute("SELECT count(*) FROM documents").fetchone()[0]


def connect_read_only(out: str | Path) -> duckdb.DuckDBPyConnection:
    """The store in `out`, opened for reading; a missing or damaged store is a FolderError that says so."""
    database = Path(out) / DATABASE
    if not database.is_file():
        raise FolderError(database, "no store here (run `budgetlib extract FILES --out "
                                    f"{Path(out)}` first)")
    try:
        return duckdb.connect(str(database), read_only=True)
    except duckdb.Error as error:
        raise FolderError(database, _database_reason(error)) from error
