"""Pairing narratives with their tables: by what the files hold, never by their names."""

from __future__ import annotations

import pytest

from budgetlib.batch.pairing import Probe, pair, role_of
from tests.conftest import CORPUS


def probe(path: str, role: str, department: str = "江苏省委办公厅", year: int = 2019, stage: str = "预算",
          scope: str = "部门") -> Probe:
    return Probe(path, path, role, department, year, stage, scope)


def test_a_narrative_and_the_tables_of_its_department_and_year_are_one_document():
    narrative = probe("in/a.pdf", "narrative")
    tables = probe("in/b.pdf", "tables", department="中共江苏省委办公厅")  # printed in its long form
    pairs, notes = pair([narrative, tables, probe("in/c.pdf", "complete")])
    assert pairs == [(narrative, tables)] and notes == []


@pytest.mark.parametrize("other", [{"year": 2018}, {"stage": "决算"}, {"scope": "单位"},
                                   {"department": "江苏省人大常委会办公厅"}])
def test_parts_that_differ_in_year_stage_scope_or_department_stay_apart(other):
    pairs, _ = pair([probe("in/a.pdf", "narrative"), probe("in/b.pdf", "tables", **other)])
    assert pairs == []


def test_only_narrative_and_tables_roles_pair():
    pairs, _ = pair([probe("in/a.pdf", "complete"), probe("in/b.pdf", "tables"), probe("in/c.pdf", "other")])
    assert pairs == []


def test_a_partner_in_the_same_folder_is_preferred_and_two_equal_partners_pair_neither():
    narrative = probe("x/a.pdf", "narrative")
    near, far = probe("x/b.pdf", "tables"), probe("y/b.pdf", "tables")
    assert pair([narrative, near, far])[0] == [(narrative, near)]
    twin = probe("x/c.pdf", "tables")
    pairs, notes = pair([narrative, near, twin])
    assert pairs == [] and "2 tables files could be its tables" in notes[0]


@pytest.mark.corpus
@pytest.mark.parametrize(("file", "role"), [
    ("jiangsu/江苏省委办公厅-2019-预算.pdf", "narrative"),  # prose only: 公开表 are published apart
    ("jiangsu/江苏省委办公厅-2019-预算-表格.pdf", "tables"),  # 公开01–12表, no prose
    ("jiangsu/江苏省人大常委会办公厅-2017-预算.pdf", "complete"),  # tables first, narrative after
    ("beijing/北京市重大项目办-2026-预算-附件1情况说明.pdf", "narrative"),
    ("beijing/首都绿化委员会办公室-2026-预算-附件2报表.pdf", "tables"),
    ("guangdong/广州市政务服务和数据管理局-2026-项目支出绩效目标表.pdf", "other"),  # a performance annex
])
def test_the_role_of_a_corpus_file_read_alone(file, role):
    import budgetlib

    if not (CORPUS / file).exists():
        pytest.skip(f"{file} is not in the corpus at {CORPUS}")
    assert role_of(budgetlib.read(CORPUS / file)) == role
