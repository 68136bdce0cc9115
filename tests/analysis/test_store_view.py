"""Asking the store for a document: clear answers when it is missing or does not hold what was asked for."""

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
