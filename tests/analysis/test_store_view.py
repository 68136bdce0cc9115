"""Asking the store for a document: clear answers when it is missing or does not hold what was asked for."""

import pandas as pd
import pytest

from budgetlib.analysis import store_view
from budgetlib.errors import BudgetError, FolderError
from budgetlib.store import save


@pytest.fixture(scope="module")
def processed(tmp_path_factory, sample):
    out = tmp_path_factory.mktemp("store")
    save([sample], out, exports=False)
    return out


def test_a_stage_the_store_does_not_hold_is_an_error_that_lists_what_it_holds(processed):
    with pytest.raises(BudgetError, match="no document for 重庆市南岸区人民政府办公室 2025 决算; the store holds: "
                                          "重庆市南岸区人民政府办公室 2025 预算-部门"):
        store_view.pick(processed, "重庆市南岸区人民政府办公室", 2025, "决算")


def test_a_stage_that_does_not_exist_is_named(processed):
    with pytest.raises(BudgetError, match="stage must be one of 预算, 决算, not 'budget'"):
        store_view.pick(processed, "重庆市南岸区人民政府办公室", 2025, "budget")


def test_scope_picks_the_unit_or_the_department_document(processed):
    assert len(store_view.pick(processed, "重庆市南岸区人民政府办公室", 2025, "预算", "部门")) == 1
    with pytest.raises(BudgetError, match="预算-单位"):
        store_view.pick(processed, "重庆市南岸区人民政府办公室", 2025, "预算", "单位")


def test_a_missing_store_is_a_clear_message_not_a_database_error(tmp_path):
    with pytest.raises(FolderError, match="no store here"):
        store_view.documents(tmp_path)


def test_the_context_names_the_document_without_a_local_path(processed, tmp_path):
    context = store_view.open_document(processed, "重庆市南岸区人民政府办公室", 2025, "预算", tmp_path, "部门")
    assert context.document == "重庆市南岸区人民政府办公室2025年部门预算（000_ebb61a327681cc18.txt）"
    text = context.text("标题")
    assert text.subtitle == "重庆市南岸区人民政府办公室 · 2025年部门预算 · 单位：万元"
    assert "/" not in text.source


@pytest.fixture(scope="module")
def two_documents(tmp_path_factory, sample):
    import budgetlib
    from tests.hostile import document

    out = tmp_path_factory.mktemp("two")
    other = budgetlib.read(document(out / "raw" / "other.txt", "第二测试办公室"))
    save([sample, other], out, exports=False)
    return out, sample.meta["doc_id"], other.meta["doc_id"]


def test_a_document_s_frames_hold_its_rows_only_as_stored(two_documents):
    import duckdb

    out, first, second = two_documents
    mine = store_view.frames(out, [first])
    with duckdb.connect(str(out / "budget.duckdb"), read_only=True) as con:
        for name in store_view.FRAMES:
            whole = con.execute(f"SELECT * FROM {name}").df()
            expected = whole[whole["doc_id"] == first].reset_index(drop=True)
            assert len(expected) and set(whole["doc_id"]) == {first, second}, name
            pd.testing.assert_frame_equal(mine[name], expected, check_dtype=False, obj=name)


def test_a_document_s_frames_have_the_declared_dtypes_whatever_else_the_store_holds(two_documents):
    from budgetlib import schema

    out, first, _ = two_documents
    for doc_ids in ([first], ["0000000000000000"]):  # a document, and none: empty frames keep their types
        for name, frame in store_view.frames(out, doc_ids).items():
            declared = schema.empty(name, with_doc_id=True)[list(frame.columns)].dtypes
            assert frame.dtypes.astype(str).to_dict() == declared.astype(str).to_dict(), (name, doc_ids)
