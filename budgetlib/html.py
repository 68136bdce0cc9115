"""Executed notebooks → HTML reports a reader can open anywhere.

No code and no prompts; tables as the notebooks styled them (Chinese headers, formatted numbers);
charts embedded as data (the PNGs are inside the file); no script loaded from elsewhere (no
require.js, MathJax or widget loaders from a CDN), so a report opens offline, from a mail attachment.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

TEMPLATES = Path(__file__).with_name("templates")
REMOTE_SCRIPT = re.compile(r"<script[^>]+src=[\"']https?://", re.IGNORECASE)


_THREAD = threading.local()


def exporter():
    """The report exporter (nbconvert's HTMLExporter) of this thread: made once (its templates are compiled
    then), and never shared between threads (an exporter keeps state while it converts)."""
    found = getattr(_THREAD, "exporter", None)
    if found is None:
        from nbconvert import HTMLExporter

        found = HTMLExporter(template_name="report", extra_template_basedirs=[str(TEMPLATES)])
        found.exclude_input = True
        found.exclude_input_prompt = True
        found.exclude_output_prompt = True
        _THREAD.exporter = found
    return found


def to_html(notebook: Path, title: str = "") -> str:
    """The HTML report of an executed notebook; raises if it would load a script from elsewhere."""
    import nbformat

    node = nbformat.read(notebook, as_version=4)
    node.metadata["title"] = title or notebook.stem
    for cell in node.cells:  # stderr (kernel chatter, warnings with local paths) is for the notes, not the report
        if cell.get("outputs"):
            cell.outputs = [o for o in cell.outputs
                            if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
    html, _ = exporter().from_notebook_node(node, resources={"metadata": {"name": title or notebook.stem}})
    if REMOTE_SCRIPT.search(html):
        raise ValueError(f"{notebook.name}: the HTML would load a script from the network")
    return embed_font(html)


def embed_font(html: str) -> str:
    """The report's own characters as an embedded font (a Noto Sans CJK SC subset), so that its Chinese
    renders on a machine without any CJK font."""
    import base64

    from budgetlib.charts import font_cache
    from budgetlib.fonts import truetype_subset

    visible = re.sub(r"<style.*?</style>|<[^>]+>|data:[^\"')]+", " ", html, flags=re.DOTALL)
    characters = "".join(sorted({c for c in visible if ord(c) > 127}))
    font = truetype_subset(characters, font_cache(), family="html")
    data = base64.b64encode(font.read_bytes()).decode("ascii")
    face = ("<style type=\"text/css\">@font-face { font-family: \"Budget CJK\"; "
            f"src: url(data:font/ttf;base64,{data}) format(\"truetype\"); }}\n"
            "body, body * { font-family: \"Budget CJK\", \"Noto Sans CJK SC\", "
            "\"Source Han Sans SC\", \"PingFang SC\", \"Microsoft YaHei\", sans-serif !important; }</style>")
    return html.replace("</head>", face + "</head>", 1)
