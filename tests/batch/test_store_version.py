"""The store keeps its schema version: an older store is migrated when opened for writing, a newer one refused
with a message that says so, before anything is read."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from budgetlib import schema
from budgetlib.errors import FolderError
from budgetlib.store import DATABASE, Store, check_store, load, save


def test_a_new_store_records_its_version(tmp_path, sample):
    save([sample], tmp_path)
    with duckdb.connect(str(tmp_path / DATABASE), read_only=True) as con:
        assert schema.stored_version(con) == schema.SCHEMA_VERSION
    assert check_store(tmp_path) == 1


def test_a_store_of_a_newer_budgetlib_is_refused_before_anything_is_written(tmp_path, sample):
    save([sample], tmp_path)
    with duckdb.connect(str(tmp_path / DATABASE)) as con:
        con.execute(f"UPDATE {schema.VERSION_TABLE} SET version = {schema.SCHEMA_VERSION + 1}")
    with pytest.raises(FolderError, match=r"made by a newer budgetlib \(store schema \d+\).*upgrade budgetlib"):
        Store(tmp_path)
    with pytest.raises(FolderError, match="made by a newer budgetlib"):
        check_store(tmp_path)


def test_a_store_made_before_versions_were_kept_is_version_1(tmp_path, sample):
    save([sample], tmp_path)
    with duckdb.connect(str(tmp_path / DATABASE)) as con:
        con.execute(f"DROP TABLE {schema.VERSION_TABLE}")
        assert schema.stored_version(con) == 1


def _as_schema_1(out, *, version_kept: bool) -> None:
    """Turn a store into one written before store schema 2: the lines' table kind in a column `table`."""
    with duckdb.connect(str(out / DATABASE)) as con:
        con.execute('ALTER TABLE lines RENAME COLUMN kind TO "table"')
        if version_kept:
            con.execute(f"UPDATE {schema.VERSION_TABLE} SET version = 1")
        else:
            con.execute(f"DROP TABLE {schema.VERSION_TABLE}")


@pytest.mark.parametrize("version_kept", [True, False], ids=["schema-1", "before-versions"])
def test_a_store_of_schema_1_is_migrated_and_its_lines_read_with_kind(tmp_path, sample, version_kept):
    save([sample], tmp_path)
    _as_schema_1(tmp_path, version_kept=version_kept)
    with pytest.raises(FolderError, match=r"store schema 1, older than this budgetlib's 2.*migrate it"):
        check_store(tmp_path)  # a reader does not migrate: it says how to

    store = Store(tmp_path)  # opened for writing: migrated
    assert store.migrated == [f"{tmp_path / DATABASE}: migrated from store schema 1 to 2"]
    assert store.exports_behind()  # the exports still show the older column: written again by the next export
    with duckdb.connect(str(tmp_path / DATABASE), read_only=True) as con:
        assert schema.stored_version(con) == 2
        columns = [row[0] for row in con.execute("SELECT column_name FROM information_schema.columns "
                                                 "WHERE table_name = 'lines' ORDER BY ordinal_position").fetchall()]
        # 表二's 2010301 行政运行, printed 932.47 (data/raw/000_ebb61a327681cc18.txt)
        row = con.execute("SELECT amount FROM lines WHERE kind = 'general_expenditure' AND code = '2010301' "
                          "AND measure = 'total'").fetchall()
    assert "table" not in columns and columns == schema.names("lines")
    assert row == [(932.47,)]
    assert check_store(tmp_path) == 1
    assert load(tmp_path, "lines")["kind"].tolist() == sample.lines["kind"].tolist()

    store.export(warn=lambda _: None)
    exported = pd.read_parquet(tmp_path / "lines.parquet")
    assert "kind" in exported.columns and "table" not in exported.columns
    assert Store(tmp_path).migrated == []  # once only


def test_a_store_whose_migration_fails_is_left_as_it_was(tmp_path, sample):
    save([sample], tmp_path)
    _as_schema_1(tmp_path, version_kept=True)
    with duckdb.connect(str(tmp_path / DATABASE)) as con:  # a column `kind` already there: the rename cannot run
        con.execute("ALTER TABLE lines ADD COLUMN kind VARCHAR")
    with pytest.raises(FolderError, match=r"could not migrate from store schema 1 to 2 .*kind.*left as it was"):
        Store(tmp_path)
    with duckdb.connect(str(tmp_path / DATABASE), read_only=True) as con:
        assert schema.stored_version(con) == 1
        assert con.execute("SELECT count(*) FROM information_schema.columns WHERE table_name = 'lines' "
                           "AND column_name = 'table'").fetchone()[0] == 1
