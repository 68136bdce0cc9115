"""A real headless Chromium, to see a report as a reader does: are the charts there, does it look right?

Chromium comes from Debian's packages (`make browser` installs it when missing). It runs as root on
these machines and in CI, so it is started with --no-sandbox, and with an empty profile and no
background traffic, so that a report is judged on what it holds itself (it must open offline).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars")
PROBE = """<script>
window.addEventListener('load', () => {
  const images = Array.from(document.images).map(i => ({src: i.src.slice(0, 40), loaded: i.complete,
                                                         width: i.naturalWidth}));
  document.body.setAttribute('data-probe', JSON.stringify({images: images,
                                                           height: document.documentElement.scrollHeight}));
});
</script>"""


def chromium() -> str | None:
    """The Chromium executable, or None where it is not installed."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _run(arguments: list[str], timeout: float = 120) -> subprocess.CompletedProcess:
    executable = chromium()
    if executable is None:
        raise FileNotFoundError("Chromium is not installed (`make browser` installs Debian's package)")
    with tempfile.TemporaryDirectory(prefix="budgetlib-chromium-") as profile:
        return subprocess.run([executable, *FLAGS, f"--user-data-dir={profile}", *arguments], capture_output=True,
                              text=True, timeout=timeout, check=False)


def probe(html: Path) -> dict:
    """What the browser loaded: every <img> (loaded, natural width) and the page's height in CSS pixels."""
    with tempfile.TemporaryDirectory(prefix="budgetlib-probe-") as folder:
        copy = Path(folder) / html.name
        copy.write_text(html.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>", 1), encoding="utf-8")
        result = _run(["--virtual-time-budget=15000", "--dump-dom", copy.as_uri()])
    match = re.search(r"data-probe=\"([^\"]*)\"", result.stdout)
    if not match:
        raise RuntimeError(f"{html.name}: Chromium returned no page ({result.stderr.strip()[-300:]})")
    text = match.group(1).replace("&quot;", '"').replace("&amp;", "&")
    return json.loads(text)


def screenshot(html: Path, png: Path, width: int = 1200, max_height: int = 16000) -> Path:
    """A full-page screenshot of a report."""
    height = min(max_height, int(probe(html)["height"]) + 40)
    png.parent.mkdir(parents=True, exist_ok=True)
    result = _run([f"--window-size={width},{height}", f"--screenshot={png}", "--virtual-time-budget=15000",
                   html.resolve().as_uri()])
    if not png.exists():
        raise RuntimeError(f"{html.name}: no screenshot ({result.stderr.strip()[-300:]})")
    return png


def main(argv: list[str] | None = None) -> int:
    """`python -m budgetlib.browser REPORTS OUT`: a screenshot of every HTML report, and its images checked."""
    import sys

    reports, out = (Path(a) for a in (argv or sys.argv[1:3]))
    bad = 0
    for html in sorted(reports.rglob("*.html")):
        found = probe(html)
        broken = [i for i in found["images"] if not i["loaded"] or i["width"] <= 0]
        target = out / html.relative_to(reports).with_suffix(".png")
        screenshot(html, target)
        bad += bool(broken)
        print(f"{target}: {len(found['images'])} images{', BROKEN ' + str(len(broken)) if broken else ''}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
