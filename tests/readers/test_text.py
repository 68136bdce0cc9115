"""The text form: every table found by its title block, cells kept as printed."""

from pathlib import Path

import pytest

from budgetlib.errors import UnreadableFile, UnsupportedFileType
from budgetlib.readers import read_source
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def raw():
    return read_source(SAMPLE)


def test_finds_all_twenty_tables_including_unlabelled_project_tables(raw):
    assert len(raw.tables) == 20  # 表一–表十 + ten project tables, three of them without a 表 label
    labels = ["表一", "表二", "表三", "表四", "表五", "表六", "表七", "表八", "表九", "表十"]
    assert [t.label for t in raw.tables[:10]] == labels
    assert sum(1 for t in raw.tables if t.label == "") == 3
    assert all(t.title.endswith("项目绩效目标表（一级项目）") for t in raw.tables[10:])


def test_unit_is_read_even_when_on_the_org_line(raw):
    assert {t.unit for t in raw.tables} == {"万元"}
    assert "编制单位： 202-重庆市南岸区人民政府办公室 单位：万元" in raw.tables[18].notes


def test_notes_inside_a_table_are_kept(raw):
    assert raw.tables[4].notes == ["备注：本单位无该项收支，故此表无数据。"]


def test_narrative_comes_before_the_tables(raw):
    texts = [text for _, text in raw.narrative]
    assert texts[0] == "重庆市南岸区人民政府办公室"
    assert any(text.startswith("2025 年“三公”经费预算 75.65 万元") for text in texts)
    assert not any("\t" in text for text in texts)


def test_rows_keep_their_source_line(raw):
    table = raw.tables[1]
    assert table.rows[2][:3] == ["", "合计", "2,829.73"]
    assert SAMPLE.read_text(encoding="utf-8").splitlines()[table.row_lines[2] - 1].startswith("\t合计\t2,829.73")


def test_unknown_suffix_is_refused(tmp_path: Path):
    path = tmp_path / "budget.docx"
    path.write_bytes(b"PK\x03\x04")
    with pytest.raises(UnsupportedFileType, match=r"budget\.docx: unknown file type '\.docx'"):
        read_source(path)


def test_missing_and_empty_files_are_refused(tmp_path: Path):
    with pytest.raises(UnreadableFile, match="no such file"):
        read_source(tmp_path / "nope.txt")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(UnreadableFile, match=r"empty\.txt: the file is empty"):
        read_source(empty)


def test_binary_file_named_txt_is_refused(tmp_path: Path):
    path = tmp_path / "binary.txt"
    path.write_bytes(b"\xff\xfe\x00\x81garbage")
    with pytest.raises(UnreadableFile, match=r"binary\.txt: not UTF-8 text"):
        read_source(path)
