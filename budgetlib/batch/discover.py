"""Find the documents under the folders given, and the content digest of each file.

Folders are walked recursively (linked folders followed once each, so a link loop ends); every file whose
suffix a reader takes (.pdf, .txt) is listed, regular or not: a FIFO or a link to a device is then refused
by name by the reader, never waited on. A folder that cannot be listed is reported, not skipped silently.

A file's digest is its sha256. Hashing a corpus again on every run would cost more than deciding that
nothing changed, so a digest is reused while the file's size, modification time and inode are those it
was computed for (the journal keeps them).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from budgetlib.errors import UnreadableFile
from budgetlib.failures import Failure, refusal
from budgetlib.readers import SUFFIXES

BLOCK = 1 << 20


def find(inputs: list[Path], skip: tuple[Path, ...] = ()) -> tuple[list[Path], list[Failure]]:
    """Every readable-looking file under `inputs` (files given are taken as they are), sorted, each once;
    folders in `skip` (the batch's own output) are not entered. Returns the files and the folders that could
    not be listed, as failures."""
    found: list[Path] = []
    problems: list[Failure] = []
    skipped = {_identity(p) for p in skip if p.exists()}
    for given in inputs:
        if given.is_dir():
            found.extend(_walk(given, problems, skipped))
        else:
            found.append(given)
    unique = list(dict.fromkeys(found))
    return sorted(unique, key=lambda p: str(p)), problems


def documents_in(folder: Path, problems: list[Failure]) -> list[Path]:
    """The .pdf and .txt files under `folder`, sorted (`extract` and `batch` walk folders alike). Not only regular
    files: a FIFO or a link to a device is listed so that it is refused by name. Linked folders are followed, each
    folder once (a link loop ends); hidden entries are passed over; a folder that cannot be listed is a failure."""
    return sorted(_walk(folder, problems, set()), key=str)


def _walk(folder: Path, problems: list[Failure], skipped: set) -> list[Path]:
    found: list[Path] = []
    seen: set[tuple[int, int]] = set()
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            identity = _identity(current)
            if identity in seen or identity in skipped:
                continue
            seen.add(identity)
            with os.scandir(current) as listing:
                entries = list(listing)
        except OSError as error:
            problems.append(refusal(str(current), "read", UnreadableFile(
                current, f"cannot list the folder ({error.strerror or type(error).__name__}); the files in it "
                         "were not read")))
            continue
        for entry in entries:
            if entry.name.startswith("."):  # hidden: a store's own temporaries, editors' files
                continue
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            if is_folder:
                pending.append(Path(entry.path))
            elif Path(entry.name).suffix.lower() in SUFFIXES:
                found.append(Path(entry.path))
    return found


def _identity(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_dev, status.st_ino


def sha256(path: Path, cache: dict[str, dict] | None = None) -> tuple[str, dict | None]:
    """The file's sha256 and, when it was computed now, the cache entry to keep; ("", None) for a file that is
    not a regular file or cannot be read (the reader then refuses it by name)."""
    try:
        status = path.stat()
    except OSError:
        return "", None
    if not path.is_file():
        return "", None
    stamp = {"size": status.st_size, "mtime_ns": status.st_mtime_ns, "inode": status.st_ino}
    known = (cache or {}).get(str(path))
    if known and all(known.get(k) == v for k, v in stamp.items()) and known.get("sha256"):
        return known["sha256"], None
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(BLOCK), b""):
                digest.update(block)
    except OSError:
        return "", None
    return digest.hexdigest(), {**stamp, "sha256": digest.hexdigest()}
