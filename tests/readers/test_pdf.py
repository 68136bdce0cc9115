"""The PDF path on the project's own rendered sample: every cell, the same tidy data as the text form,
and clear refusals of what is not a readable budget PDF."""

import json
from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas

import budgetlib
from budgetlib.errors import NotABudget, NoTextLayer, UnreadableFile
from budgetlib.readers import read_source
from budgetlib.render.accuracy import score
from tests.conftest import ROOT
from tests.hostile import pdf

RENDERED = ROOT / "data" / "raw" / "rendered"
TRUTH = json.loads((RENDERED / "000_ebb61a327681cc18.truth.json").read_text(encoding="utf-8"))["tables"]


def grids(path: Path) -> list[tuple[str, list[list[str]]]]:
    return [(table.title, table.rows) for table in read_source(path).tables]


def test_ruled_pdf_every_cell():
    result = score(grids(RENDERED / "000_ebb61a327681cc18.ruled.pdf"), TRUTH)
    assert result.tables_found == 20
    assert result.accuracy == 1.0


@pytest.mark.parametrize("style", ["unruled", "centred", "three-line", "wrapped"])
def test_unruled_pdf_at_least_95_percent_of_cells_in_every_style(style):
    # Styles fixed before the reader was tuned to them (render/sample_pdf.py STYLES): numbers
    # right-aligned or centred, no rules or three rules, narrow wrapped names, other sizes and weights.
    name = "000_ebb61a327681cc18.truth.json" if style == "unruled" else f"000_ebb61a327681cc18.{style}.truth.json"
    truth = json.loads((RENDERED / name).read_text(encoding="utf-8"))["tables"]
    result = score(grids(RENDERED / f"000_ebb61a327681cc18.{style}.pdf"), truth)
    assert result.tables_found == 20
    assert result.accuracy >= 0.95


def test_continued_table_is_stitched_without_a_repeated_header():
    tables = read_source(RENDERED / "000_ebb61a327681cc18.ruled.pdf").tables
    income = next(t for t in tables if t.title.endswith("部门收入总表"))
    assert len(set(income.pages)) == 2 and len(income.rows) == 25  # 表七 runs from one landscape page onto the next
    assert income.rows[-1][:3] == ["2210201", "住房公积金", "129.20"]


def test_ruled_pdf_reads_to_the_same_data_as_the_text_form(sample):
    document = budgetlib.read(RENDERED / "000_ebb61a327681cc18.ruled.pdf")
    assert document.key_figures == sample.key_figures
    keys = ["kind", "code", "name", "measure", "amount"]
    assert document.lines[keys].equals(sample.lines[keys])
    assert document.indicators[["project", "indicator", "weight"]].equals(sample.indicators[["project", "indicator",
                                                                                             "weight"]])
    assert document.lines["page"].notna().all()  # a PDF line knows its page


def test_unruled_pdf_loses_a_blank_column_and_the_audit_says_so():
    # Without rules, the 三公 table's empty 公务用车购置费 column cannot be placed; its neighbour's
    # figure shifts into it, and the narrative check catches the disagreement.
    document = budgetlib.read(RENDERED / "000_ebb61a327681cc18.unruled.pdf")
    failed = document.checks[document.checks["status"].isin(["fail", "reading"])]
    assert "narrative.three_public_vehicle_purchase" in set(failed["table"])


def one_page_pdf(path: Path, draw, **options) -> Path:
    canvas = Canvas(str(path), **options)
    draw(canvas)
    canvas.save()
    return path


def test_encrypted_pdf_is_refused(tmp_path):
    path = one_page_pdf(tmp_path / "locked.pdf", lambda c: c.drawString(100, 700, "budget"), encrypt="secret")
    with pytest.raises(UnreadableFile, match=r"locked\.pdf: the PDF is encrypted"):
        budgetlib.read(path)


def test_a_file_after_an_encrypted_one_is_not_called_encrypted(tmp_path):
    # pdfium's last error outlives its document: the "Incorrect password" of a locked file was once
    # reported for the next file that failed, here one whose page tree is empty.
    locked = one_page_pdf(tmp_path / "locked.pdf", lambda c: c.drawString(100, 700, "budget"), encrypt="secret")
    with pytest.raises(UnreadableFile, match="encrypted"):
        read_source(locked)
    (tmp_path / "blank.pdf").write_bytes(pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                                              b"<< /Type /Pages /Kids [] /Count 0 >>"]))
    with pytest.raises(UnreadableFile, match=r"blank\.pdf: the PDF has no pages"):
        read_source(tmp_path / "blank.pdf")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n" + b"\x00" * 200)
    with pytest.raises(UnreadableFile, match=r"broken\.pdf: not a readable PDF"):
        read_source(tmp_path / "broken.pdf")


def test_scanned_pdf_is_refused(tmp_path):
    path = one_page_pdf(tmp_path / "scan.pdf", lambda c: c.rect(50, 50, 400, 600, fill=1))  # no text at all
    with pytest.raises(NoTextLayer, match=r"scan\.pdf: no text layer on any of its 1 page"):
        budgetlib.read(path)


def test_pdf_without_budget_tables_is_refused(tmp_path):
    path = one_page_pdf(tmp_path / "minutes.pdf",
                        lambda c: c.drawString(72, 700, "Meeting minutes: the committee discussed the work plan."))
    with pytest.raises(NotABudget, match=r"minutes\.pdf: no budget tables found"):
        budgetlib.read(path)


def test_damaged_pdf_is_refused(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n%garbage without objects")
    with pytest.raises(UnreadableFile, match=r"broken\.pdf: not a readable PDF"):
        budgetlib.read(path)


def test_unknown_engine_is_an_error():
    with pytest.raises(ValueError, match="unknown PDF engine 'magic'"):
        budgetlib.read(RENDERED / "000_ebb61a327681cc18.ruled.pdf", engine="magic")
