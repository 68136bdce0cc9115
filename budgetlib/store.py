"""The processed store: an embedded DuckDB database, exported as Parquet per frame, CSV (utf-8-sig) and XLSX.

DuckDB is the store of record, the one source: a document's rows are replaced in one transaction (delete by
doc_id, insert), as soon as it is read, so re-extracting never duplicates and an interrupted run keeps every
document it finished. Each transaction also counts the store's generation.

Several processes may write into one folder (two `extract` runs at once): nobody holds the database between
documents. Each document is stored, and each export read, on a connection of its own, and a process that finds
the database locked by another waits for it, up to a timeout (`lock_timeout`), saying so after a few seconds.

The exports are one set, consistent with DuckDB at one generation, that is replaced whole or not at all. An
export is written into a fresh folder `.exports/<version>/` (every table as Parquet, csv/*.csv, budget.xlsx,
and MANIFEST.json last: the generation, the documents, each table's rows and each file's sha256). Then the
symbolic link `.export` is pointed at it in one atomic rename. The names people open (`lines.parquet`,
`csv/`, `budget.xlsx`, `MANIFEST.json` …) are fixed links through `.export`, so a reader always finds a whole
set: after kill -9 at any point, either the new set or the previous one. A run that stopped before exporting
leaves the exports behind DuckDB (the manifest's generation says by how much); the next run exports again.
Leftovers of a killed run (a half-written version, temporary files of a process that is gone) are removed by
the next run. To read a set that cannot change under you, resolve `.export` once (`exported`) and read there.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from budgetlib import schema
from budgetlib.errors import FolderError, StoreError, StoreLocked
from budgetlib.excel import write_csv, write_xlsx
from budgetlib.model import BudgetDocument

DATABASE = "budget.duckdb"
TABLES = ("documents", "lines", "key_figures", "facts", "indicators", "projects", "checks", "tables")
STATE = "budgetlib_state"  # one row: the generation, counted by every document stored
EXPORTS = ".exports"  # the export sets, one folder each
CURRENT = ".export"  # the link to the current set
MANIFEST = "MANIFEST.json"
EXPORTED = ("csv", "budget.xlsx", MANIFEST, *(f"{table}.parquet" for table in TABLES))  # links through CURRENT
LOCK_TIMEOUT = 120.0  # seconds to wait for another process's lock on the database
NOTICE_AFTER = 2.0  # say that we wait once a wait lasts this long
TEMPORARY = re.compile(r"^\.tmp-(\d+)-")  # a temporary file's name carries the process that writes it
# Temporaries of earlier versions, which named them after their target only (removed under the lock: no process of
# this version writes such names).
LEGACY_TEMPORARY = re.compile(r"^\.(?:budgetlib-write-test|failures\.csv|budget\.xlsx|[a-z_]+\.parquet|[a-z_]+\.csv)\.")


def _connected(method):
    """Run a Store method on a connection of its own, opened (waiting for the lock) and closed around it."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        with self.connection():
            return method(self, *args, **kwargs)

    return wrapper


class Store:
    """The store of record, `out/budget.duckdb`, for writing.

    Opening it checks the folder first (see `check_folder`) and the database (damaged, or locked by another
    process for longer than `lock_timeout`), so a bad --out is reported before any document is read. `add`
    stores one document in one transaction: a crash or Ctrl-C loses at most the document in hand. `export`
    then writes a new export set. The database is open only while a document is stored or an export read,
    so that another process can store its documents in between; `on_wait` hears when we wait for one."""

    def __init__(self, out: str | Path, *, lock_timeout: float = LOCK_TIMEOUT,
                 on_wait: Callable[[str], None] | None = None):
        self.out = Path(out)
        check_folder(self.out)
        self.database = self.out / DATABASE
        self.lock_timeout = lock_timeout
        self.on_wait = on_wait
        self.con: duckdb.DuckDBPyConnection | None = None
        try:
            with self.connection() as con:
                self.migrated = schema.migrate(con, str(self.database), _count_generation)  # a newer one is refused
                clean_stale(self.out)  # under the lock: no other process is publishing an export
        except StoreError as error:
            raise FolderError(self.database, error.reason) from error
        except schema.StoreVersionError as error:
            raise FolderError(self.database, error.reason) from error

    @contextlib.contextmanager
    def connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The database, opened for the duration of the block (re-entrant: an open one is reused)."""
        if self.con is not None:
            yield self.con
            return
        self.con = connect(self.database, timeout=self.lock_timeout, on_wait=self.on_wait)
        try:
            yield self.con
        finally:
            con, self.con = self.con, None
            con.close()

    @_connected
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
            _count_generation(self.con)
            self.con.execute("COMMIT")
        except BaseException as error:
            with contextlib.suppress(duckdb.Error):  # a connection already gone: the error below says why
                self.con.execute("ROLLBACK")
            if isinstance(error, duckdb.IOException):  # the disk, not the document: full, removed, read-only
                raise StoreError(self.database, f"could not store {document.meta.get('source', document.doc_id)} "
                                                f"({error})") from error
            raise

    @_connected
    def remove(self, doc_id: str) -> None:
        """Remove one document's rows from every table, in one transaction (a batch whose files are now read
        as another document: a narrative now read with its tables)."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            for name in TABLES:
                if _exists(self.con, name):
                    self.con.execute(f"DELETE FROM {name} WHERE doc_id = ?", [doc_id])
            _count_generation(self.con)
            self.con.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(duckdb.Error):
                self.con.execute("ROLLBACK")
            raise

    @_connected
    def doc_ids(self) -> list[str]:
        """The documents the store holds."""
        if not _exists(self.con, "documents"):
            return []
        return [row[0] for row in self.con.execute("SELECT doc_id FROM documents").fetchall()]

    def export(self, warn: Callable[[str], None] = print) -> Path | None:
        """A new export set from the database; returns its folder (None when a newer set was published
        meanwhile by another process, which then holds our documents too)."""
        return export(self.out, warn, lambda: self.connection())

    @_connected
    def exports_behind(self) -> bool:
        """Whether the exports miss something the database holds (a run stopped before its export)."""
        return not _is_current(manifest(self.out), _state(self.con)) and (_has_rows(self.con) or
                                                                          manifest(self.out) is not None)

    def close(self) -> None:
        """Nothing is held between calls; kept so that `with Store(out)` and older callers work."""

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
        handle, probe = tempfile.mkstemp(prefix=f".tmp-{os.getpid()}-write-test.", dir=out)
        os.close(handle)
        os.unlink(probe)
    except OSError as error:
        raise FolderError(out, f"not writable ({error.strerror or error})") from error
    for name, folder in (("csv", True), (DATABASE, False), ("budget.xlsx", False), ("failures.csv", False),
                         (MANIFEST, False), *((f"{table}.parquet", False) for table in TABLES)):
        target = out / name
        if target.exists() and target.is_dir() != folder:
            raise FolderError(target, f"is a {'file' if folder else 'folder'}; budgetlib writes a "
                                      f"{'folder' if folder else 'file'} there")


def connect(database: Path, *, read_only: bool = False, timeout: float = LOCK_TIMEOUT,
            on_wait: Callable[[str], None] | None = None) -> duckdb.DuckDBPyConnection:
    """The database, waiting up to `timeout` seconds while another process holds its lock.

    Raises StoreLocked when the wait runs out, StoreError for any other reason it cannot be opened
    (a damaged file: the message says so)."""
    started = time.monotonic()
    delay, told = 0.02, False
    while True:
        try:
            return duckdb.connect(str(database), read_only=read_only)
        except duckdb.Error as error:
            if not _is_lock(error):
                raise StoreError(database, _database_reason(error)) from error
            waited = time.monotonic() - started
            if waited >= timeout:
                raise StoreLocked(database, f"in use by another process{_holder(error)}; waited {timeout:g} s "
                                            "for it (--lock-timeout)") from None
            if on_wait and not told and waited >= NOTICE_AFTER:
                on_wait(f"{database}: in use by another process{_holder(error)}; waiting for it up to "
                        f"{timeout:g} s (--lock-timeout)")
                told = True
            time.sleep(min(delay, max(timeout - waited, 0.001)))
            delay = min(delay * 2, 0.5)


def _is_lock(error: duckdb.Error) -> bool:
    return "lock" in str(error).lower()


def _holder(error: duckdb.Error) -> str:
    """" (PID 1234)", as DuckDB names the process holding the lock."""
    found = re.search(r"\(PID (\d+)\)", str(error))
    return f" (PID {found.group(1)})" if found else ""


def _database_reason(error: duckdb.Error) -> str:
    text = str(error)
    if "not a valid DuckDB database file" in text:
        return "not a valid DuckDB database file; move it away or choose another --out"
    if _is_lock(error):
        return f"in use by another process{_holder(error)}"
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


def export(out: Path, warn: Callable[[str], None] = print,
           connection: Callable[[], contextlib.AbstractContextManager[duckdb.DuckDBPyConnection]] | None = None
           ) -> Path | None:
    """Write a new export set of the store in `out` and make it the current one (see the module's docstring).

    The tables are read on one connection (one generation, held only while reading); the files are written
    without the lock, so that other processes go on storing; the set is published under the lock again,
    unless a set at least as recent was published meanwhile. Parquet keeps values exactly as stored; the CSV
    and XLSX copies are made safe for Excel (see budgetlib.excel). Returns the set's folder, or None."""
    out = Path(out)
    connection = connection or (lambda: _closing(connect(out / DATABASE)))
    with connection() as con:
        state = _state(con)
        frames = {name: con.execute(f"SELECT * FROM {name} ORDER BY ALL").df() if _exists(con, name)
                  else pd.DataFrame() for name in TABLES}
    versions = out / EXPORTS
    versions.mkdir(exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".tmp-{os.getpid()}-staging-", dir=versions))
    os.chmod(staging, 0o755)  # mkdtemp makes 0700; exports are meant to be shared
    try:
        _write_set(staging, frames, state, warn, label=out)
        version = versions / f"v{datetime.now(UTC):%Y%m%dT%H%M%S%f}-{state[1]:09d}-{secrets.token_hex(4)}"
        os.rename(staging, version)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    with connection():  # one publisher at a time; no one else cleans up meanwhile
        if _is_current(manifest(out), state):
            shutil.rmtree(version, ignore_errors=True)  # a set at least as recent is already there
            return None
        publish(out, version)
        clean_stale(out)
    return version


@contextlib.contextmanager
def _closing(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    try:
        yield con
    finally:
        con.close()


def _write_set(folder: Path, frames: dict[str, pd.DataFrame], state: tuple[str, int], warn: Callable[[str], None],
               label: Path) -> None:
    """Every export file into `folder`, each flushed to disk, then MANIFEST.json (last, also flushed)."""
    (folder / "csv").mkdir()
    for name, frame in frames.items():
        frame.to_parquet(folder / f"{name}.parquet", index=False)
        write_csv(frame, folder / "csv" / f"{name}.csv")
    sheets = {name: frame.rename(columns=schema.labels(name)) for name, frame in frames.items()}  # Chinese headers
    write_xlsx(folder / "budget.xlsx", sheets, warn, label=str(label / "budget.xlsx"))
    files = sorted(path for path in folder.rglob("*") if path.is_file())
    documents = frames["documents"]
    content = {
        "format": 1,
        "store": state[0],
        "generation": state[1],
        "written": datetime.now(UTC).isoformat(timespec="seconds"),
        "documents": sorted(documents["doc_id"]) if "doc_id" in documents else [],
        "tables": {name: {"rows": len(frame)} for name, frame in frames.items()},
        "files": {path.relative_to(folder).as_posix(): _flushed(path) for path in files},
    }
    (folder / MANIFEST).write_text(json.dumps(content, ensure_ascii=False, indent=1), encoding="utf-8")
    _flushed(folder / MANIFEST)
    for directory in (folder / "csv", folder):
        _flush_folder(directory)


def _flushed(path: Path) -> str:
    """fsync a file (a power cut must not leave a manifest naming files that never reached the disk); its sha256."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
        os.fsync(handle.fileno())
    return digest.hexdigest()


def _flush_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def publish(out: Path, version: Path) -> None:
    """Make `version` the current export set: the fixed names are links through CURRENT (made once), then CURRENT
    is pointed at the version by one rename, the only step a reader can see."""
    for name in EXPORTED:
        _link(out / name, f"{CURRENT}/{name}", out)
    _link(out / CURRENT, os.path.relpath(version, out), out)
    _flush_folder(out)


def _link(path: Path, target: str, out: Path) -> None:
    """`path` becomes a symbolic link to `target`, in one rename (a file of an older layout is replaced; a
    folder of an older layout is moved into EXPORTS, which the next clean-up removes)."""
    if path.is_symlink() and os.readlink(path) == target:
        return
    if path.is_dir() and not path.is_symlink():
        os.rename(path, out / EXPORTS / f".tmp-{os.getpid()}-old-{path.name}-{secrets.token_hex(4)}")
    temporary = out / f".tmp-{os.getpid()}-link-{secrets.token_hex(4)}"
    os.symlink(target, temporary)
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def clean_stale(out: Path) -> None:
    """Remove what killed runs left (called under the database lock, so no other process is publishing):
    temporary files and folders of processes that are gone, and export sets older than the current and the
    one before it (kept for a reader that resolved it just before the switch)."""
    out = Path(out)
    for folder in (out, out / EXPORTS):
        if folder.is_dir():
            for entry in folder.iterdir():
                found = TEMPORARY.match(entry.name)
                legacy = folder == out and LEGACY_TEMPORARY.match(entry.name)
                if (found and not _alive(int(found.group(1)))) or legacy:
                    _remove(entry)
    versions = out / EXPORTS
    if not versions.is_dir():
        return
    current = (out / CURRENT).resolve() if (out / CURRENT).is_symlink() else None
    complete = sorted((entry for entry in versions.iterdir() if entry.name.startswith("v") and entry != current),
                      key=lambda entry: entry.name)
    for entry in complete[:-1] if current else complete[:-2]:
        _remove(entry)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def exported(out: str | Path) -> Path | None:
    """The current export set's folder, resolved once: read a whole set there, whatever is published meanwhile."""
    link = Path(out) / CURRENT
    return link.resolve() if link.is_symlink() and link.resolve().is_dir() else None


def manifest(out: str | Path) -> dict | None:
    """The current export set's manifest (None before the first export)."""
    folder = exported(out)
    if folder is None or not (folder / MANIFEST).is_file():
        return None
    return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))


def _count_generation(con: duckdb.DuckDBPyConnection) -> None:
    """One more generation, in the transaction that stores a document. The store gets an id of its own the
    first time, so that exports of an earlier store (a database deleted and begun again) are never taken
    for this one's."""
    con.execute(f"CREATE TABLE IF NOT EXISTS {STATE} (store VARCHAR NOT NULL, generation BIGINT NOT NULL)")
    con.execute(f"INSERT INTO {STATE} SELECT ?, 0 WHERE NOT EXISTS (SELECT 1 FROM {STATE})", [secrets.token_hex(8)])
    con.execute(f"UPDATE {STATE} SET generation = generation + 1")


def _state(con: duckdb.DuckDBPyConnection) -> tuple[str, int]:
    """(store id, generation); ("", 0) for a store that has stored nothing yet."""
    if not _exists(con, STATE):
        return "", 0
    row = con.execute(f"SELECT store, generation FROM {STATE} LIMIT 1").fetchone()
    return (row[0], int(row[1])) if row else ("", 0)


def _is_current(published: dict | None, state: tuple[str, int]) -> bool:
    """Whether a published set already shows this store at this generation (or later)."""
    return bool(published) and published.get("store") == state[0] and published.get("generation", -1) >= state[1]


def _has_rows(con: duckdb.DuckDBPyConnection) -> bool:
    return _exists(con, "documents") and bool(con.execute("SELECT count(*) FROM documents").fetchone()[0])


def _exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    query = "SELECT count(*) FROM information_schema.tables WHERE table_name = ?"
    return bool(con.execute(query, [name]).fetchone()[0])


def atomic_write(target: Path, write: Callable[[Path], None]) -> None:
    """Write through a temporary sibling and rename it into place. The temporary's name carries this process's
    id, so that a later run can tell one left by a killed process (clean_stale) from one being written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".tmp-{os.getpid()}-{target.name}.", suffix=target.suffix,
                                         dir=target.parent)
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
        try:
            schema.check_version(con, str(Path(out) / DATABASE))
        except schema.StoreVersionError as error:
            raise FolderError(Path(out) / DATABASE, error.reason) from error
        if not _exists(con, "documents"):
            raise FolderError(Path(out) / DATABASE, "holds no documents yet (were they all refused? see "
                                                    f"{Path(out) / 'failures.csv'})")
        return con.execute("SELECT count(*) FROM documents").fetchone()[0]


def connect_read_only(out: str | Path, timeout: float = LOCK_TIMEOUT) -> duckdb.DuckDBPyConnection:
    """The store in `out`, opened for reading (waiting while an extract stores a document); a missing, damaged
    or locked store is a FolderError that says so."""
    database = Path(out) / DATABASE
    if not database.is_file():
        raise FolderError(database, "no store here (run `budgetlib extract FILES --out "
                                    f"{Path(out)}` first)")
    try:
        return connect(database, read_only=True, timeout=timeout)
    except StoreError as error:
        raise FolderError(database, error.reason) from error
