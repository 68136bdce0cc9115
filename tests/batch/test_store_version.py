"""The store keeps its schema version: an older store is migrated when opened for writing, a newer one refused
with a message that says so, before anything is read."""

from __future__ import annotations

import duckdb
import pytest

from budgetlib import schema
from budgetlib.errors import FolderError
from budgetlib.store import DATABASE, Store, check_store, save


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
