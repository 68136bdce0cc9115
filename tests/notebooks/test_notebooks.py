"""Every notebook executed with papermill (a real Jupyter kernel) through the report runner, on the bundled sample,
on a 部门/单位 pair rendered from it, and on a multi-year corpus department; what they produce is checked against
the documents' own figures."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from budgetlib import failures
from budgetlib.reports import ACROSS, PER_DOCUMENT, run_all
from tests.conftest import CORPUS, ROOT, SAMPLE

SAMPLE_FOLDER = Path("重庆市南岸区", "重庆市南岸区人民政府办公室", "2025", "预算-部门")


def extract(out: Path, *args: str) -> Path:
    result = subprocess.run([sys.executable, "-m", "budgetlib.cli", "extract", *args, "--out", str(out)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def sample_reports(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("sample")
    processed = extract(root / "processed", str(SAMPLE))
    timings, failed = run_all(processed, root / "reports")
    assert not failed, failed
    assert {t["notebook"] for t in timings} == set(PER_DOCUMENT + ACROSS)
    return root / "reports"


def test_every_notebook_ran_and_wrote_its_outputs(sample_reports):
    folder = sample_reports / SAMPLE_FOLDER
    for name in PER_DOCUMENT:
        assert (folder / f"{name}.ipynb").stat().st_size > 0
        html = (folder / f"{name}.html").read_text(encoding="utf-8")
        assert "import pandas" not in html and "In&nbsp;[" not in html  # no code, no prompts
        assert not re.search(r"<script[^>]*\ssrc=|<link[^>]*href=[\"']https?:|url\([\"']?https?:", html)  # offline
        assert "/tmp/" not in html and str(Path.home()) not in html  # no local path
        assert "data:image/png;base64," in html
    for chart in ("overview_function_classes", "overview_three_public", "split_overall", "split_by_function",
                  "weights_sums", "weights_heatmap_p1", "weights_budget_vs_indicators", "yoy_narrative"):
        for kind in ("png", "svg", "csv"):
            assert (folder / f"{chart}.{kind}").exists(), (chart, kind)
    assert (sample_reports / "_comparison" / "预算" / "compare_departments.html").exists()


def test_the_html_shows_every_chart_the_notebook_made(sample_reports):
    folder = sample_reports / SAMPLE_FOLDER
    html = (folder / "overview.html").read_text(encoding="utf-8")
    made = [p for p in folder.glob("overview_*.png")]
    images = re.findall(r'<img alt="([^"]*)"[^>]*src="data:image/png;base64,', html)
    assert len(images) == len(made) == 3
    assert "一般公共服务支出占近八成" in images  # each image carries its chart's title as alt text
    assert "关键数字" in html and "2,829.73" in html  # Chinese headers, formatted numbers
    assert "读取检查" in html  # the reading check at the top


def test_executed_notebooks_carry_the_parameters(sample_reports):
    notebook = json.loads((sample_reports / SAMPLE_FOLDER / "overview.ipynb").read_text())
    injected = [c for c in notebook["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    given: dict = {}
    exec("".join(injected[0]["source"]), given)
    assert (given["year"], given["stage"], given["scope"]) == (2025, "预算", "部门")


def test_chart_data_match_the_document(sample_reports):
    folder = sample_reports / SAMPLE_FOLDER
    classes = pd.read_csv(folder / "overview_function_classes.csv", encoding="utf-8-sig").set_index("name")
    assert classes["total"].to_dict() == {"一般公共服务支出": 2197.40, "社会保障和就业支出": 383.30,
                                          "住房保障支出": 129.20, "卫生健康支出": 119.83}  # 表二, largest first
    three = pd.read_csv(folder / "overview_three_public.csv", encoding="utf-8-sig").set_index("item")
    assert three.loc["“三公”经费合计", ["prior", "current"]].tolist() == pytest.approx([91.35, 75.65])
    assert three.loc["公务接待费", "prior"] == pytest.approx(30.9)  # 24.4 + 6.5 (the narrative)
    sums = pd.read_csv(folder / "weights_sums.csv", encoding="utf-8-sig").set_index("project")["weight_sum"]
    assert sums["（部门整体）"] == 100 and sums["政府政务专项"] == 90
    shares = pd.read_csv(folder / "split_overall.csv", encoding="utf-8-sig")
    assert shares.loc[0, "basic_share"] == pytest.approx(round(2332.37 / 2829.73 * 100, 2))


def test_a_failing_notebook_is_recorded_with_its_executed_notebook_and_the_rest_go_on(tmp_path, monkeypatch):
    processed = extract(tmp_path / "processed", str(SAMPLE))
    from budgetlib import reports

    source = reports.NOTEBOOKS / "basic_vs_project.py"
    broken = tmp_path / "notebooks"
    broken.mkdir()
    for name in PER_DOCUMENT:
        text = (reports.NOTEBOOKS / f"{name}.py").read_text(encoding="utf-8")
        if name == "basic_vs_project":
            text = text.replace("overall = split.overall(figures)", "overall = 1 / 0")
        (broken / f"{name}.py").write_text(text, encoding="utf-8")
    assert source.exists()
    monkeypatch.setattr(reports, "NOTEBOOKS", broken)
    timings, failed = reports.run_all(processed, tmp_path / "reports", names=list(PER_DOCUMENT))
    assert [f.file.endswith("basic_vs_project.ipynb") for f in failed] == [True]
    assert "ZeroDivisionError" in failed[0].message
    assert Path(failed[0].file).exists()  # the executed notebook, with the error in it, is kept
    assert {t["notebook"] for t in timings} == set(PER_DOCUMENT) - {"basic_vs_project"}
    failures.write(tmp_path / "reports" / failures.FILE_NAME, failed)
    recorded = failures.read(tmp_path / "reports" / failures.FILE_NAME)
    assert list(recorded.columns) == list(failures.COLUMNS) and recorded.loc[0, "stage"] == "notebook"


@pytest.mark.skipif(not (CORPUS / "MANIFEST.tsv").exists(), reason=f"the corpus is not at {CORPUS}")
def test_year_over_year_on_a_real_three_year_series(tmp_path):
    folder = CORPUS / "jiangsu"
    files = [f"{folder / f'江苏省委办公厅-{y}-预算.pdf'}+{folder / f'江苏省委办公厅-{y}-预算-表格.pdf'}"
             for y in (2017, 2018, 2019)]
    processed = extract(tmp_path / "processed", *files, "--aliases", str(ROOT / "data" / "aliases.csv"))
    _, failed = run_all(processed, tmp_path / "reports", only=["江苏省委办公厅"],
                        names=["year_over_year", "basic_vs_project"])
    assert not failed
    out = next((tmp_path / "reports").rglob("2019/预算-部门"))
    waterfall = pd.read_csv(out / "yoy_waterfall.csv", encoding="utf-8-sig").set_index("step")
    # 一般公共服务支出 (201): 20,153.75 in 2018 (一般公共预算支出预算表, p9 of the 2018 tables file) and
    # 22,395.50 in 2019 (p7 of the 2019 tables file): +2,241.75; 208 changes by 85.11, which 亿元 would print as
    # 0.01, so the chart stays in 万元
    assert set(waterfall["unit"]) == {"万元"}
    assert waterfall.loc["一般公共服务支出", "change"] == pytest.approx(2241.75)
    assert waterfall.loc["2018年", "height"] == pytest.approx(24458.43)
    executed = (out / "year_over_year.ipynb").read_text(encoding="utf-8")
    assert "2013101" in executed  # the 项 rows are in the change table
    split = pd.read_csv(out / "split_overall.csv", encoding="utf-8-sig")
    assert {"basic", "project", "reserve"} <= set(split.columns)
