"""The processed store: Parquet per frame, one DuckDB file, Excel-friendly CSV; idempotent and atomic."""

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from budgetlib.errors import FolderError
from budgetlib.model import BudgetDocument
from budgetlib.schema import SchemaError
from budgetlib.store import TABLES, Store, atomic_write, load, save


@pytest.fixture(scope="module")
def store(sample, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("processed")
    save([sample], out)
    return out


def test_one_parquet_per_frame_with_doc_id(store, sample):
    for name in ("documents", "lines", "key_figures", "facts", "indicators", "projects", "checks", "tables"):
        frame = pd.read_parquet(store / f"{name}.parquet")
        assert len(frame) > 0, name
        assert set(frame["doc_id"]) == {sample.doc_id}, name
    assert len(pd.read_parquet(store / "lines.parquet")) == len(sample.lines)


def test_duckdb_holds_the_same_tables(store, sample):
    with duckdb.connect(str(store / "budget.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM lines").fetchone()[0] == len(sample.lines)
        amount = con.execute("SELECT amount FROM key_figures WHERE key = 'three_public_total'").fetchone()[0]
        assert amount == 75.65


def test_re_extracting_replaces_rows(store, sample):
    save([sample], store)
    save([sample], store)
    with duckdb.connect(str(store / "budget.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM lines").fetchone()[0] == len(sample.lines)
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    assert len(pd.read_parquet(store / "indicators.parquet")) == 55


def test_csv_opens_in_excel_with_chinese(store):
    raw = (store / "csv" / "lines.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the UTF-8 BOM Excel needs
    assert "行政运行" in raw.decode("utf-8-sig")
    # the workbook is for people: its headers are the schema's Chinese labels (the CSV keeps the ids)
    assert pd.read_excel(store / "budget.xlsx", sheet_name="key_figures")["金额"].max() == 2829.73
    assert "amount" in pd.read_csv(store / "csv" / "key_figures.csv", encoding="utf-8-sig").columns


def test_a_crash_mid_write_leaves_the_old_file(tmp_path):
    target = tmp_path / "lines.csv"
    target.write_text("old")

    def crash(path: Path) -> None:
        path.write_text("half of the new fi")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        atomic_write(target, crash)
    assert target.read_text() == "old"
    assert list(tmp_path.iterdir()) == [target]  # no temporary left behind


def _variant(sample, doc_id: str, **frames) -> BudgetDocument:
    """The sample under another doc_id, with some frames replaced."""
    meta = {**sample.meta, "doc_id": doc_id, "source": f"{doc_id}.txt"}
    parts = {name: getattr(sample, name) for name in ("lines", "facts", "indicators", "projects", "checks", "tables")}
    return BudgetDocument(meta, key_figures=sample.key_figures, **{**parts, **frames})


def test_a_document_without_tables_then_one_with_them(sample, tmp_path):
    """The first document no longer decides the columns (it used to: tables.table_index missing)."""
    save([_variant(sample, "0" * 16, tables=pd.DataFrame()), sample], tmp_path)
    with duckdb.connect(str(tmp_path / "budget.duckdb"), read_only=True) as con:
        counts = dict(con.execute("SELECT doc_id, count(table_index) FROM tables GROUP BY ALL").fetchall())
        documents = {row[0] for row in con.execute("SELECT doc_id FROM documents").fetchall()}
    assert counts == {sample.doc_id: len(sample.tables)} and documents == {"0" * 16, sample.doc_id}


def test_column_types_come_from_the_schema_and_a_value_that_does_not_fit_is_refused(sample, tmp_path):
    """The declared schema decides every column's type (budgetlib.schema), never the first document; a value
    that does not fit (a row count of 十二) is refused, naming the frame and the column, and nothing is stored."""
    save([_variant(sample, "1" * 16)], tmp_path)
    with duckdb.connect(str(tmp_path / "budget.duckdb"), read_only=True) as con:
        kinds = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns "
                                 "WHERE table_name = 'tables'").fetchall())
    assert kinds["rows"] == "BIGINT" and kinds["page"] == "BIGINT" and kinds["title"] == "VARCHAR"
    words = sample.tables.assign(rows="十二")
    with pytest.raises(SchemaError, match="frame 'tables', column 'rows'"):
        save([_variant(sample, "3" * 16, tables=words)], tmp_path)
    assert "3" * 16 not in set(load(tmp_path, "documents")["doc_id"])


def test_a_document_that_cannot_be_stored_leaves_no_row_anywhere(sample, tmp_path):
    """One transaction per document: `documents` is written first, `checks` later; a failure in between
    takes the document's row in `documents` away with it, and the earlier document stays."""
    save([sample], tmp_path)
    # DuckDB reads no complex numbers: the `checks` frame cannot be taken
    broken = _variant(sample, "4" * 16, checks=sample.checks.assign(difference=1 + 2j))
    with Store(tmp_path) as store, pytest.raises(SchemaError, match="column 'difference'"):
        store.add(broken)
    with duckdb.connect(str(tmp_path / "budget.duckdb"), read_only=True) as con:
        for name in TABLES:
            ids = {row[0] for row in con.execute(f"SELECT DISTINCT doc_id FROM {name}").fetchall()}
            assert "4" * 16 not in ids, name
        assert con.execute("SELECT count(*) FROM lines").fetchone()[0] == len(sample.lines)


def test_a_damaged_database_is_a_folder_error_before_anything_is_stored(tmp_path):
    (tmp_path / "budget.duckdb").write_bytes(b"\x00garbage" * 1000)
    with pytest.raises(FolderError, match="not a valid DuckDB database file"):
        Store(tmp_path)


def test_a_document_without_lines_does_not_decide_the_amount_type(sample, tmp_path):
    """A narrative-only document stored first has no amounts: the next document's amounts stay numbers."""
    no_lines = sample.lines.iloc[0:0].astype(object)
    save([_variant(sample, "5" * 16, lines=no_lines), sample], tmp_path)
    with duckdb.connect(str(tmp_path / "budget.duckdb"), read_only=True) as con:
        kind = con.execute("SELECT data_type FROM information_schema.columns WHERE table_name = 'lines' "
                           "AND column_name = 'amount'").fetchone()[0]
        total = con.execute("SELECT sum(amount) FROM lines").fetchone()[0]
    assert kind == "DOUBLE" and total == pytest.approx(sample.lines["amount"].sum())
