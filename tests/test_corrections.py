"""Users correct identity and figures: read(..., department=…), an alias file, a corrections file."""

import pytest

import budgetlib
from budgetlib.corrections import CorrectionError
from tests.conftest import SAMPLE


def test_the_department_can_be_named_by_the_user():
    doc = budgetlib.read(SAMPLE, department="重庆市南岸区政府办公室")
    assert doc.meta["department"] == "重庆市南岸区政府办公室"
    assert doc.meta["department_source"] == "override"
    assert doc.meta["region"] == "重庆市南岸区"


def test_an_alias_file_outside_the_package_renames_only_the_files_it_names(tmp_path):
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("alias,department,file\n重庆市南岸区人民政府办公室,南岸区政府办,000_*.txt\n", encoding="utf-8")
    doc = budgetlib.read(SAMPLE, aliases=aliases)
    assert (doc.meta["department"], doc.meta["department_source"]) == ("南岸区政府办", "alias")
    aliases.write_text("alias,department,file\n重庆市南岸区人民政府办公室,南岸区政府办,other.pdf\n", encoding="utf-8")
    assert budgetlib.read(SAMPLE, aliases=aliases).meta["department_source"] == "document"


def test_a_correction_changes_one_value_marks_it_and_is_listed_in_the_audit(tmp_path):
    corrections = tmp_path / "corrections.csv"
    # 表二 2010301 行政运行 is printed 932.47; pretend the user found 932.48 on the page
    corrections.write_text("file,kind,code,measure,value,reason\n"
                           "000_ebb61a327681cc18.txt,表二,2010301,total,932.48,misprint checked against the PDF\n",
                           encoding="utf-8")
    doc = budgetlib.read(SAMPLE, corrections=corrections)
    line = doc.lines[(doc.lines["kind"] == "general_expenditure") & (doc.lines["code"] == "2010301")
                     & (doc.lines["measure"] == "total")].iloc[0]
    assert (line["amount"], line["provenance"]) == (932.48, "corrected")
    assert (doc.lines["provenance"] == "corrected").sum() == 1
    listed = doc.checks[doc.checks["check"] == "correction"].iloc[0]
    assert (listed["expected"], listed["actual"], listed["status"]) == (932.47, 932.48, "info")
    assert "misprint" in listed["note"]
    # the audit now sees 20103's items no longer add up to it
    assert ((doc.checks["check"] == "children_sum") & (doc.checks["code"] == "20103")
            & (doc.checks["status"] == "rounding")).any()


def test_a_corrections_file_written_before_kind_was_named_kind_still_works(tmp_path):
    corrections = tmp_path / "corrections.csv"
    # the older header `table`, naming the table by its kind (表二 is the sample's general_expenditure)
    corrections.write_text("file,table,code,measure,value,reason\n"
                           "000_ebb61a327681cc18.txt,general_expenditure,2010301,total,932.48,misprint\n",
                           encoding="utf-8")
    doc = budgetlib.read(SAMPLE, corrections=corrections)
    corrected = doc.lines[doc.lines["provenance"] == "corrected"]
    assert len(corrected) == 1
    assert corrected[["kind", "code", "measure", "amount"]].iloc[0].tolist() == [
        "general_expenditure", "2010301", "total", 932.48]


def test_a_corrections_file_with_both_kind_and_its_older_name_is_refused(tmp_path):
    corrections = tmp_path / "corrections.csv"
    corrections.write_text("file,kind,table,code,measure,value,reason\n"
                           "000_ebb61a327681cc18.txt,表二,表三,2010301,total,932.48,misprint\n", encoding="utf-8")
    with pytest.raises(CorrectionError, match=r"both 'kind' and 'table' columns.*keep one"):
        budgetlib.read(SAMPLE, corrections=corrections)


def test_a_correction_that_matches_nothing_names_its_line(tmp_path):
    corrections = tmp_path / "corrections.csv"
    corrections.write_text("file,kind,code,measure,value,reason\n"
                           "000_ebb61a327681cc18.txt,表二,9999999,total,1,typo\n", encoding="utf-8")
    with pytest.raises(CorrectionError, match=r"corrections.csv, line 2.*9999999.*matches no value"):
        budgetlib.read(SAMPLE, corrections=corrections)


def test_a_correction_without_a_reason_is_refused(tmp_path):
    corrections = tmp_path / "corrections.csv"
    corrections.write_text("file,kind,code,measure,value,reason\nx.txt,表二,201,total,1,\n", encoding="utf-8")
    with pytest.raises(CorrectionError, match="needs a reason"):
        budgetlib.read(SAMPLE, corrections=corrections)
