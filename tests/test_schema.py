"""The output schema: declared once, and every built document matches it."""

import duckdb
import pandas as pd
import pytest

from budgetlib import schema


def test_every_frame_of_a_built_document_has_exactly_the_declared_columns_and_dtypes(sample):
    for name, frame in sample.frames().items():
        declared = {c.name: c.dtype for c in schema.columns(name)}
        assert list(frame.columns) == list(declared), name
        for column, dtype in declared.items():
            assert str(frame[column].dtype) == dtype, (name, column)


def test_every_column_has_a_chinese_label_and_a_description():
    dictionary = schema.data_dictionary()
    assert dictionary["label"].str.contains(r"[\u4e00-\u9fff]|SHA").all()
    assert (dictionary["description"].str.len() > 5).all()
    assert dictionary.loc[dictionary["column"] == "amount", "unit"].eq("万元").all()


def test_a_weight_read_as_text_is_refused_with_the_frame_and_column_named():
    row = ["department", "", "产出", "数量", "办件量", "十分", "≥", "1", 1.0, "件", None, 3, 1, 10, "", "≥1件"]
    indicators = pd.DataFrame([row], columns=schema.names("indicators", with_doc_id=False), dtype=object)
    with pytest.raises(schema.SchemaError, match=r"'indicators', column 'weight'"):
        schema.conform("indicators", indicators, source="x.pdf")


def test_a_missing_column_is_refused():
    with pytest.raises(schema.SchemaError, match=r"missing \['weight'\]"):
        schema.conform("indicators", schema.empty("indicators").drop(columns="weight"))


def test_the_store_tables_take_their_types_from_the_schema_not_from_the_data(tmp_path):
    with duckdb.connect(str(tmp_path / "x.duckdb")) as con:
        con.execute(schema.ddl("indicators"))
        types = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns "
                                 "WHERE table_name = 'indicators'").fetchall())
    assert types["weight"] == "DOUBLE" and types["core"] == "BOOLEAN" and types["page"] == "BIGINT"


def test_ids_shown_to_people_in_chinese():
    assert schema.value_label("basic") == "基本支出"
    assert schema.value_label("three_public_total") == "“三公”经费"
    assert schema.value_label("children_sum") == "上级科目等于下级之和"
    assert schema.value_label("column:2025年执行数") == "2025年执行数"
    assert schema.label("lines", "amount") == "金额"


def test_booleans_accept_the_printed_forms_and_keep_unknown_as_missing():
    rows = [["project", "p", "", "", f"i{i}", 10.0, "", "", None, "", core, None, i, 1, "", ""]
            for i, core in enumerate(["是", None, False])]
    indicators = pd.DataFrame(rows, columns=schema.names("indicators", with_doc_id=False), dtype=object)
    core = schema.conform("indicators", indicators)["core"]
    assert core.iloc[0] is True or core.iloc[0] == True  # noqa: E712 (a numpy/pandas boolean)
    assert core.iloc[1] is pd.NA and not core.iloc[2]


def test_a_frame_conforms_the_same_whether_its_columns_arrive_typed_or_as_python_objects(sample):
    # conform skips the text round trip for columns already numbers or text; the result may not depend on it
    for name in ("lines", "facts", "indicators", "projects", "checks", "tables"):
        typed = getattr(sample, name)
        loose = typed.astype(object).where(typed.notna(), None)
        pd.testing.assert_frame_equal(schema.conform(name, loose), schema.conform(name, typed), check_exact=True)
        empty = typed.iloc[0:0].astype(object)
        pd.testing.assert_frame_equal(schema.conform(name, empty), schema.empty(name), check_exact=True)


def test_blank_text_in_a_number_column_is_still_missing_and_a_word_still_refused():
    names = schema.names("indicators", with_doc_id=False)
    row = dict(zip(names, ["department", "", "产出", "数量", "办件量", " ", "≥", "1", "1", "件", None, 3, 1, 10, "",
                           "≥1件"], strict=True))
    assert schema.conform("indicators", pd.DataFrame([row], dtype=object))["weight"].isna().all()  # " " is blank
    with pytest.raises(schema.SchemaError, match=r"column 'row'"):
        schema.conform("indicators", pd.DataFrame([{**row, "row": "三"}], dtype=object))
