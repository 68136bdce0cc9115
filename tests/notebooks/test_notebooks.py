"""Every notebook executed with papermill (a real Jupyter kernel), on the bundled sample and on one
multi-year corpus department; what they produce is checked against values worked out by hand."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from budgetlib.reports import ACROSS, PER_DOCUMENT, run
from tests.conftest import CORPUS, SAMPLE

SAMPLE_DEPARTMENT = "重庆市南岸区人民政府办公室"


def extract(out: Path, *args: str) -> Path:
    result = subprocess.run([sys.executable, "-m", "budgetlib.cli", "extract", *args, "--out", str(out)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def sample_reports(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("sample")
    processed = extract(root / "processed", str(SAMPLE))
    out = root / "reports" / SAMPLE_DEPARTMENT / "2025"
    parameters = {"department": SAMPLE_DEPARTMENT, "year": 2025, "processed_dir": str(processed),
                  "output_dir": str(out)}
    for name in PER_DOCUMENT:
        run(name, parameters, out)
    for name in ACROSS:
        run(name, {"processed_dir": str(processed), "output_dir": str(root / "reports" / "_comparison")},
            root / "reports" / "_comparison")
    return root / "reports"


def test_every_notebook_ran_and_wrote_its_outputs(sample_reports):
    folder = sample_reports / SAMPLE_DEPARTMENT / "2025"
    for name in PER_DOCUMENT:
        assert (folder / f"{name}.ipynb").stat().st_size > 0
        html = (folder / f"{name}.html").read_text(encoding="utf-8")
        assert "import pandas" not in html  # the HTML version hides the code
    for chart in ("overview_function_classes", "overview_three_public", "split_overall", "split_by_function",
                  "weights_sums", "weights_heatmap", "weights_budget_vs_indicators", "yoy_narrative"):
        assert (folder / f"{chart}.png").stat().st_size > 10_000, chart
        assert (folder / f"{chart}.svg").exists() and (folder / f"{chart}.csv").exists()
    assert (sample_reports / "_comparison" / "compare_departments.html").exists()


def test_executed_notebooks_carry_the_parameters(sample_reports):
    notebook = json.loads((sample_reports / SAMPLE_DEPARTMENT / "2025" / "overview.ipynb").read_text())
    injected = [c for c in notebook["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
    assert injected and "2025" in "".join(injected[0]["source"])


def test_chart_data_match_the_document(sample_reports):
    folder = sample_reports / SAMPLE_DEPARTMENT / "2025"
    classes = pd.read_csv(folder / "overview_function_classes.csv", encoding="utf-8-sig").set_index("name")
    assert classes.loc["一般公共服务支出", "amount"] == 2197.40  # 表二 201
    three_public = pd.read_csv(folder / "overview_three_public.csv", encoding="utf-8-sig").set_index("item")
    # 2024 公务接待费 = 24.4 + 6.5 (the narrative: 比 2024 年减少 6.5 万元)
    assert three_public.loc["公务接待费", "prior"] == pytest.approx(30.9)
    sums = pd.read_csv(folder / "weights_sums.csv", encoding="utf-8-sig").set_index("project")["weight_sum"]
    assert sums["（部门整体）"] == 100 and sums["政府政务专项"] == 90
    shares = pd.read_csv(folder / "split_overall.csv", encoding="utf-8-sig")
    assert shares.loc[0, "basic_share"] == pytest.approx(round(2332.37 / 2829.73 * 100, 2))


@pytest.mark.skipif(not (CORPUS / "MANIFEST.tsv").exists(), reason=f"the corpus is not at {CORPUS}")
def test_year_over_year_on_a_real_three_year_series(tmp_path):
    folder = CORPUS / "jiangsu"
    files = [f"{folder / f'江苏省委办公厅-{y}-预算.pdf'}+{folder / f'江苏省委办公厅-{y}-预算-表格.pdf'}"
             for y in (2017, 2018, 2019)]
    processed = extract(tmp_path / "processed", *files)
    out = tmp_path / "reports" / "江苏省委办公厅" / "2019"
    parameters = {"department": "中共江苏省委办公厅", "year": 2019, "processed_dir": str(processed),
                  "output_dir": str(out)}
    for name in PER_DOCUMENT:
        run(name, parameters, out)
    run("compare_departments", {"processed_dir": str(processed), "output_dir": str(out)}, out)
    waterfall = pd.read_csv(out / "yoy_waterfall.csv", encoding="utf-8-sig").set_index("step")
    # 一般公共服务支出 (201): 20,153.75 in 2018 (一般公共预算支出预算表, p9 of the 2018 tables file) and
    # 22,395.50 in 2019 (p7 of the 2019 tables file): +2,241.75
    assert waterfall.loc["一般公共服务支出", "height"] == pytest.approx(2241.75)
    assert waterfall.loc["2018年合计", "height"] == pytest.approx(24458.43)
    executed = (out / "year_over_year.ipynb").read_text(encoding="utf-8")
    assert "2013101" in executed  # the 项 rows are in the change table
    assert (out / "split_overall.png").stat().st_size > 10_000  # 基本/项目/预留 for Jiangsu
    split = pd.read_csv(out / "split_overall.csv", encoding="utf-8-sig")
    assert {"basic", "project", "reserve"} <= set(split.columns)
