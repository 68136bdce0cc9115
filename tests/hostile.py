"""What a hostile or unlucky user hands budgetlib, made for real: documents with hostile headings and cells,
PDFs that crash pdfium, FIFOs, unreadable files; and the command run as a real subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE

SAMPLE_DEPARTMENT = "重庆市南岸区人民政府办公室"
RENDERED_PDF = ROOT / "data" / "raw" / "rendered" / "000_ebb61a327681cc18.ruled.pdf"  # the sample, printed
# Cells Excel would run: each replaces a line name the sample prints in its tables.
FORMULAS = {"\t行政运行\t": "\t=cmd|' /C calc'!A0\t",
            "\t一般公共服务支出\t": '\t=HYPERLINK("http://evil.example","点此")\t',
            "\t住房保障支出\t": "\t@SUM(1+1)*cmd|' /C calc'!A0\t",
            "\t卫生健康支出\t": "\t-2+3+cmd|' /C calc'!A0\t",
            "\t社会保障和就业支出\t": "\t+1+cmd|' /C calc'!A0\t"}
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def cli(*args: str, cwd: Path | None = None, env: dict | None = None, prefix: list[str] | None = None,
        timeout: float = 600, python: str = sys.executable) -> subprocess.CompletedProcess:
    """`budgetlib ARGS` in a subprocess, as a user runs it; a hang fails the test instead of stalling it."""
    return subprocess.run([*(prefix or []), python, "-m", "budgetlib.cli", *args], capture_output=True, text=True,
                          check=False, cwd=cwd, env=env, timeout=timeout)


def document(path: Path, heading: str = SAMPLE_DEPARTMENT, replace: dict[str, str] | None = None,
             tail: str = "") -> Path:
    """The sample with another heading (the department name is read from it) and some cells replaced."""
    text = SAMPLE.read_text(encoding="utf-8")
    assert SAMPLE_DEPARTMENT in text
    text = text.replace(SAMPLE_DEPARTMENT, heading, 1)
    for old, new in (replace or {}).items():
        assert old in text, old
        text = text.replace(old, new)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + tail, encoding="utf-8")
    return path


def pdf(objects: list[bytes]) -> bytes:
    """A PDF written by hand: the objects in order (1 0 obj, 2 0 obj …), a correct xref table, Root = 1."""
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def one_page_pdf(pages: bytes) -> bytes:
    """A one-page PDF whose page tree node (object 2) is `pages`."""
    stream = b"BT /F1 12 Tf 72 720 Td (Budget) Tj ET"
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>", pages,
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                b"/Resources << /Font << /F1 5 0 R >> >> >>",
                b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
                b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"])


LOOPING_PAGE_TREE = one_page_pdf(b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>")  # the tree holds itself
MILLION_PAGES = one_page_pdf(b"<< /Type /Pages /Kids [3 0 R] /Count 1000000 >>")  # claims a million pages


def unprivileged() -> list[str]:
    """A command prefix under which file permissions hold. Tests run as root here, and root reads a
    chmod 000 file; so as root the command runs with CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH dropped
    (setpriv, util-linux): still uid 0, owner of the files it made, but bound by their mode bits."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: a chmod 000 file cannot be made unreadable here")
    drop = "-dac_override,-dac_read_search"
    return [setpriv, f"--inh-caps={drop}", f"--bounding-set={drop}", "--"]


def unreadable(path: Path) -> Path:
    """chmod 000, and proof that the unprivileged prefix really cannot read it (else the test means nothing)."""
    path.chmod(0)
    probe = subprocess.run([*unprivileged(), "cat", str(path)], capture_output=True, check=False)
    assert probe.returncode != 0, "the unprivileged prefix can still read a chmod 000 file"
    return path


def text_cells(path: Path) -> list[str]:
    """Every non-empty cell of a CSV written for Excel (header excluded)."""
    import csv

    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    return [cell for row in rows[1:] for cell in row if cell]


def live(cell: str) -> bool:
    """A cell Excel would evaluate: it starts with a trigger and is not a plain number."""
    if not cell.startswith(TRIGGERS):
        return False
    try:
        float(cell.replace(",", "").rstrip("%"))
    except ValueError:
        return True
    return False
