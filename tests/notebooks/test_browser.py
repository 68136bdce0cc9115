"""The reports in a real headless Chromium (Debian's package; `make browser` installs it): every chart loads.

Where Chromium is not installed these tests say so in one line and do not run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from budgetlib import browser
from budgetlib.reports import run_all
from tests.conftest import SAMPLE

pytestmark = pytest.mark.skipif(browser.chromium() is None,
                                reason="Chromium is not installed: browser tests not run (`make browser`)")


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("browser")
    result = subprocess.run([sys.executable, "-m", "budgetlib.cli", "extract", str(SAMPLE), "--out",
                             str(root / "processed")], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    _, failed = run_all(root / "processed", root / "reports", names=["overview", "indicator_weights"])
    assert not failed
    return root / "reports"


def test_every_image_of_every_report_loads_in_chromium(reports):
    pages = sorted(reports.rglob("*.html"))
    assert len(pages) == 2
    for page in pages:
        found = browser.probe(page)
        assert found["images"], page.name
        assert all(image["loaded"] and image["width"] > 0 for image in found["images"]), page.name


def test_a_full_page_screenshot_is_taken(reports, tmp_path):
    page = next(reports.rglob("overview.html"))
    shot = browser.screenshot(page, tmp_path / "overview.png")
    from PIL import Image

    width, height = Image.open(shot).size
    assert width == 1200 and height > 2000  # the whole report, charts included, not the first screen
