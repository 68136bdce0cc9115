"""The processed store: Parquet per frame, one DuckDB file, Excel-friendly CSV; idempotent and atomic."""

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from budgetlib.store import atomic_write, save


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
    assert pd.read_excel(store / "budget.xlsx", sheet_name="key_figures")["amount"].max() == 2829.73


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
