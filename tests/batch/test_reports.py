"""A batch's reports: every notebook of every document, the comparison once, the front page; and, on the next
run, only the reports whose inputs changed. Real kernels (papermill), a real headless Chromium."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from budgetlib import browser
from budgetlib.batch import run as run_batch
from budgetlib.reports import PER_DOCUMENT
from tests.conftest import SAMPLE

YEAR_FOLDER = Path("重庆市南岸区") / "重庆市南岸区人民政府办公室"


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("reports")
    inputs = root / "in"
    inputs.mkdir()
    shutil.copy(SAMPLE, inputs / SAMPLE.name)
    first = run_batch([inputs], root / "out", root / "reports", workers=2, echo=lambda line: None)
    # the next year's document of the same department arrives (the sample's heading and figures' year moved)
    text = SAMPLE.read_text(encoding="utf-8").replace("2025", "2026")
    (inputs / "next.txt").write_text(text, encoding="utf-8")
    second = run_batch([inputs], root / "out", root / "reports", workers=2, echo=lambda line: None)
    return {"root": root, "first": first, "second": second}


def ran(summary) -> set[tuple[str, str]]:
    return {(n["notebook"], n["report"]) for n in summary.notebooks if n["status"] == "ok"}


def test_every_notebook_runs_for_the_document_and_the_comparison_once(batch):
    first = batch["first"]
    assert first.exit_code() == 0, [f.message for f in first.failures]
    label = "重庆市南岸区人民政府办公室 2025 预算-部门"
    assert ran(first) == {*((name, label) for name in PER_DOCUMENT), ("compare_departments", "部门比较 预算")}
    folder = batch["root"] / "reports" / YEAR_FOLDER / "2025" / "预算-部门"
    assert all((folder / f"{name}.html").is_file() for name in PER_DOCUMENT)


def test_a_new_year_redoes_only_the_reports_that_read_it(batch):
    second = batch["second"]
    assert second.exit_code() == 0, [f.message for f in second.failures]
    new = "重庆市南岸区人民政府办公室 2026 预算-部门"
    # the new document's own reports, its year-over-year (which reads 2025 too), and the comparison; the 2025
    # reports read nothing that changed
    assert ran(second) == {*((name, new) for name in PER_DOCUMENT), ("compare_departments", "部门比较 预算")}
    skipped = {(n["notebook"], n["report"]) for n in second.notebooks if n["status"] == "skipped"}
    assert skipped == {(name, "重庆市南岸区人民政府办公室 2025 预算-部门") for name in PER_DOCUMENT}


def test_the_front_page_lists_each_department_year_with_figures_audit_and_links(batch):
    reports = batch["root"] / "reports"
    page = (reports / "index.html").read_text(encoding="utf-8")
    assert page.count("<tr>") == 3  # the header and two department-years
    assert "2,829.73" in page  # 收入总计 and 支出总计 of the sample, 万元 (表一)
    for year in ("2025", "2026"):
        for name in PER_DOCUMENT:
            link = f"{YEAR_FOLDER.as_posix()}/{year}/预算-部门/{name}.html"
            assert f'href="{__import__("urllib.parse").parse.quote(link)}"' in page
    assert "_comparison/" in page and "<script src" not in page and "://" not in page


def test_the_front_page_opens_in_a_real_browser(batch, tmp_path):
    if browser.chromium() is None:
        pytest.skip("Chromium is not installed (`make browser`); the front page was not opened in a browser")
    index = batch["root"] / "reports" / "index.html"
    shot = browser.screenshot(index, tmp_path / "index.png", width=1400)
    assert shot.stat().st_size > 20_000  # a page of text and a table, not a blank one
    assert browser.probe(index)["height"] > 200
