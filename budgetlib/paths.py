"""Paths built from document data: one safe component each, always inside the folder they belong to.

A department name is whatever a document's heading says. It stays in the data exactly as printed, but
a heading such as `../../outside/x办公室` or `/etc/x办公室` must never choose where files are written.
So a name becomes a path component only through `safe_component`, and a joined path is checked with
`inside` before anything is written.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

# 255 bytes is the usual file-name limit (ext4, APFS, NTFS in UTF-16 units); a department name is far
# shorter, and room is left for the suffixes and temporary prefixes added to it.
MAX_BYTES = 120
# Separators, Windows-reserved punctuation, and a run of dots (no `..`, whatever surrounds it).
UNSAFE = re.compile(r'(?:[/\\:*?"<>|]|\.{2,})+')
RESERVED = re.compile(r"^(?:con|prn|aux|nul|com\d|lpt\d)(?:\..*)?$", re.IGNORECASE)  # Windows device names


def safe_component(name: str, *, max_bytes: int = MAX_BYTES) -> str:
    """One file or folder name made from `name`: no separator, no `..`, no control character, no
    leading dot or space, at most `max_bytes` bytes of UTF-8. A name that had to change gets a short
    hash of the original, so two different names never share a folder."""
    cleaned = "".join("_" if _is_control(char) else char for char in str(name))
    cleaned = UNSAFE.sub("_", cleaned).strip(" ")
    cleaned = re.sub(r"^[.\s]+|[.\s]+$", "", cleaned)  # no hidden file, no trailing dot (Windows drops it)
    if RESERVED.match(cleaned):
        cleaned = "_" + cleaned
    if cleaned and cleaned == name and len(cleaned.encode("utf-8")) <= max_bytes:
        return cleaned
    tag = hashlib.sha256(str(name).encode("utf-8", "surrogatepass")).hexdigest()[:8]
    room = max_bytes - len(tag) - 1
    head = cleaned.encode("utf-8")[:room].decode("utf-8", "ignore").rstrip(" .")
    return f"{head}-{tag}" if head else f"_-{tag}"


def _is_control(char: str) -> bool:
    """Control, format (bidi overrides), surrogate, private-use and unassigned characters, and
    line/paragraph separators: none of them belongs in a file name."""
    return unicodedata.category(char) in {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def inside(root: Path, *components: str | int) -> Path:
    """`root / component / …`, each made safe, and proved to resolve inside `root` (a symbolic link
    planted inside `root` cannot lead out of it either)."""
    path = root.joinpath(*(safe_component(str(component)) for component in components))
    resolved, base = path.resolve(), root.resolve()
    if not resolved.is_relative_to(base):
        raise ValueError(f"{path}: resolves to {resolved}, outside {base}; refusing to write there")
    return path
