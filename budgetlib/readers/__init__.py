"""Readers: a file → RawDocument (page text + table grids). They know no budget words."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from budgetlib.errors import DamagedFile, NotARegularFile, OutOfMemory, UnreadableFile, UnsupportedFileType
from budgetlib.limits import Limits, check_file_size, check_grids, check_pages
from budgetlib.readers.base import RawDocument, RawTable
from budgetlib.readers.text import read_text

__all__ = ["SUFFIXES", "RawDocument", "RawTable", "combine", "read_source"]

SUFFIXES = {".txt": "text", ".pdf": "pdf"}


def read_source(path: str | Path, engine: str = "auto", limits: Limits | None = None) -> RawDocument:
    """Dispatch on the file's type (its suffix, confirmed by its first bytes).

    Only regular files are read (a FIFO would hang the run, a link to /dev/zero would never end), and
    the known failures of the libraries underneath become budgetlib errors naming the file and the
    reason. Anything else is a bug and is left to propagate as itself.

    The limits that a reader can check are checked here (budgetlib.limits): the file's size before it is
    opened, a PDF's page count before a page is read, every row, cell and paragraph before the tidy step
    sees them. Time and memory are bounded by the worker process (budgetlib.worker)."""
    path = Path(path)
    limits = limits or Limits()
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None and not path.is_dir():
        raise UnsupportedFileType(path, f"unknown file type {path.suffix or '(no suffix)'!r}; "
                                        "expected a budget PDF (.pdf) or the text form (.txt)")
    head, size = _regular_file_head(path)
    check_file_size(path, size, limits)
    try:
        if kind == "pdf":
            from budgetlib.readers.pdf import read_pdf  # heavy imports only when a PDF is read

            check_pages(path, _pdf_pages(path), limits)
            raw = read_pdf(path, engine=engine)
        elif head.startswith(b"%PDF"):
            raise UnsupportedFileType(path, "is a PDF named .txt; rename it to .pdf")
        else:
            raw = read_text(path)
    except MemoryError as error:
        raise OutOfMemory(path, "ran out of memory reading it (the file is too large or damaged)") from error
    except OSError as error:
        raise UnreadableFile(path, f"cannot read the file ({_os_reason(error)})") from error
    except library_errors() as error:
        raise DamagedFile(path, f"a damaged PDF: {_library_name(error)} failed "
                                f"({type(error).__name__}: {error or 'no detail'})") from error
    check_grids(raw, limits)
    return raw


def _pdf_pages(path: Path) -> int:
    """The page count pdfium reads from the page tree (a cheap open: no page is parsed).

    pdfium refuses a document whose page tree holds no page without saying why: "Failed to load document
    (PDFium: Success)", or the code of an earlier failure in the same process (pdfium's last error is never
    reset: after an encrypted file, "Incorrect password"). So when pdfium cannot open a file that is not
    encrypted, pdfminer looks for a page; a PDF with none is said to have none. Any other failure to open is
    left to the PDF reader, which names it."""
    import pypdfium2 as pdfium

    from budgetlib.readers.pdf import is_encrypted

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        if not is_encrypted(path) and _no_page(path):
            raise UnreadableFile(path, "the PDF has no pages (its page tree is empty or missing)") from error
        return 0
    try:
        return len(document)
    finally:
        document.close()


def _no_page(path: Path) -> bool:
    """Whether pdfminer parses the file and finds no page in it. Only a hint for a file pdfium has already
    refused: any failure of pdfminer's means "cannot tell", never an error of its own."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    try:
        with path.open("rb") as handle:
            return next(PDFPage.create_pages(PDFDocument(PDFParser(handle))), None) is None
    except Exception:  # pdfminer fails in many ways on a damaged file; the file is refused either way
        return False


def _regular_file_head(path: Path) -> tuple[bytes, int]:
    """The first bytes and the size of a regular file; anything else is refused before a reader opens it.

    The file is opened without blocking (a FIFO's open would otherwise wait for a writer) and checked
    on the open descriptor, so what is checked is what was opened."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        reason = "a link to a file that does not exist" if path.is_symlink() else "no such file"
        raise UnreadableFile(path, reason) from None
    except IsADirectoryError:
        raise UnreadableFile(path, "is a folder; pass the files in it (the CLI expands folders)") from None
    except OSError as error:
        raise UnreadableFile(path, f"cannot open the file ({_os_reason(error)})") from error
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise UnreadableFile(path, "is a folder; pass the files in it (the CLI expands folders)")
        if not stat.S_ISREG(mode):
            raise NotARegularFile(path, f"not a regular file but {_file_kind(mode)}; only regular files are read")
        try:
            return os.read(descriptor, 8), os.fstat(descriptor).st_size
        except OSError as error:
            raise UnreadableFile(path, f"cannot read the file ({_os_reason(error)})") from error
    finally:
        os.close(descriptor)


def _file_kind(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))
    return next((name for test, name in kinds if test(mode)), f"a special file (mode {stat.filemode(mode)})")


def _os_reason(error: OSError) -> str:
    return error.strerror or errno.errorcode.get(error.errno or 0, "") or type(error).__name__


# The failures the PDF libraries raise on damaged or hostile files (module, class, the library's name),
# declared here so that nothing else is caught: an error of our own stays a bug and is reported as one.
LIBRARY_ERRORS = (
    ("pypdfium2", "PdfiumError", "pdfium"),
    ("pypdf.errors", "PyPdfError", "pypdf (camelot)"),
    ("pdfminer.psparser", "PSException", "pdfminer (camelot)"),
    ("pdfminer.pdfparser", "PDFSyntaxError", "pdfminer (camelot)"),
)


def library_errors() -> tuple[type[BaseException], ...]:
    """The classes of LIBRARY_ERRORS that are installed (camelot's parsers are optional)."""
    import importlib

    found = []
    for module, name, _ in LIBRARY_ERRORS:
        try:
            found.append(getattr(importlib.import_module(module), name))
        except (ImportError, AttributeError):
            continue
    return tuple(found)


def _library_name(error: BaseException) -> str:
    import importlib

    for module, name, library in LIBRARY_ERRORS:
        try:
            if isinstance(error, getattr(importlib.import_module(module), name)):
                return library
        except (ImportError, AttributeError):
            continue
    return type(error).__module__.split(".")[0]


def combine(parts: list[RawDocument]) -> RawDocument:
    """Several files of one document as one (Jiangsu publishes the narrative and the tables apart):
    the narrative and tables of each in order, the heading of the first."""
    tables = [table for part in parts for table in part.tables]
    for index, table in enumerate(tables, start=1):
        table.index = index
    return RawDocument(";".join(part.path for part in parts), [p for part in parts for p in part.narrative], tables,
                       parts[0].title_lines or next((part.title_lines for part in parts if part.title_lines), []),
                       kind=parts[0].kind)
