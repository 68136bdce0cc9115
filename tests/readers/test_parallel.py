"""Reading a long PDF's pages in two processes (readers/pdf/parallel.py) gives exactly what one process
gives: the same layouts to the last float and pdfium character index, the same error when a page fails,
and a child that fails costs only time."""

import threading

import pypdfium2 as pdfium
import pytest

from budgetlib.readers.pdf import _page_reader, page_layout, parallel, read_layouts
from budgetlib.readers.pdf.layout import PageLayout
from budgetlib.readers.pdf.parallel import pack, read_split, unpack
from budgetlib.readers.pdf.settings import DEFAULT
from tests.conftest import ROOT

RULED = ROOT / "data" / "raw" / "rendered" / "000_ebb61a327681cc18.ruled.pdf"


def serial_layouts(path) -> list[PageLayout]:
    document = pdfium.PdfDocument(str(path))
    try:
        return [page_layout(document, index) for index in range(len(document))]
    finally:
        document.close()


def indexes(pages: list[PageLayout]) -> list[list[int]]:
    """pdfium's character indexes (Char equality leaves them out; the clip check relies on them)."""
    return [[char.index for char in page.chars] for page in pages]


def test_pages_read_in_two_processes_are_the_pages_read_in_one(monkeypatch):
    serial = serial_layouts(RULED)
    assert len(serial) >= 4 and any(page.grids for page in serial)
    received = []
    receive = parallel._receive
    monkeypatch.setattr(parallel, "_receive", lambda descriptor: received.append(receive(descriptor)) or received[-1])
    document = pdfium.PdfDocument(str(RULED))
    try:
        split = read_split(len(document), lambda index: page_layout(document, index),
                           lambda: _page_reader(RULED, DEFAULT))
    finally:
        document.close()
    assert received[0] is not None and len(received[0]) == len(serial) // 2  # the child's pages were used
    assert split == serial
    assert indexes(split) == indexes(serial)
    # a line's characters are the page's own characters, as in the serial pass
    assert all(any(char is other for other in page.chars) for page in split for line in page.lines
               for char in line.chars)


def test_a_packed_page_unpacks_to_the_same_page():
    for page in serial_layouts(RULED):
        again = unpack(pack(page))
        assert again == page and indexes([again]) == indexes([page])
        assert [block.grid.anchors for block in again.grids] == [block.grid.anchors for block in page.grids]


def blank_page(index: int) -> PageLayout:
    return PageLayout(index + 1, [], [], [])


def test_a_child_that_fails_only_costs_time():
    def broken_reader():
        raise RuntimeError("the child cannot open the file")

    pages = read_split(7, blank_page, broken_reader)
    assert [page.number for page in pages] == [1, 2, 3, 4, 5, 6, 7]


def test_the_error_is_the_one_the_serial_pass_meets_first():
    def failing(index: int) -> PageLayout:
        if index in (3, 4):  # page 4 is the child's, page 5 this process's: page 4 fails first in order
            raise ValueError(f"page {index + 1} is damaged")
        return blank_page(index)

    with pytest.raises(ValueError, match="page 4 is damaged"):
        read_split(8, failing, lambda: failing)
    with pytest.raises(ValueError, match="page 4 is damaged"):  # only the child's page fails
        read_split(8, lambda index: blank_page(index) if index != 3 else failing(index), lambda: failing)


def test_one_process_when_asked_or_when_another_thread_runs(monkeypatch):
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, "1")
    assert parallel.workers(500) == 1
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, "2")
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert parallel.workers(500) == 1  # forking beside a running thread could copy a held lock
    finally:
        stop.set()
        thread.join()


def test_short_documents_are_read_in_one_process(monkeypatch):
    monkeypatch.delenv(parallel.WORKERS_VARIABLE, raising=False)
    monkeypatch.setattr(parallel, "_can_fork", lambda: True)
    monkeypatch.setattr(parallel, "_idle_cpus", lambda: 1)
    assert parallel.workers(parallel.MIN_PAGES - 1) == 1
    assert parallel.workers(parallel.MIN_PAGES) == 2
    monkeypatch.setattr(parallel, "_idle_cpus", lambda: 0)  # every CPU busy (a batch reading a document per core)
    assert parallel.workers(parallel.MIN_PAGES * 10) == 1


def test_read_layouts_in_two_processes_when_forced(monkeypatch):
    monkeypatch.setenv(parallel.WORKERS_VARIABLE, "2")
    monkeypatch.setattr(parallel, "_can_fork", lambda: True)  # pytest-xdist runs a thread of its own
    calls = []
    original = parallel.read_split
    monkeypatch.setattr("budgetlib.readers.pdf.read_split", lambda *a: calls.append(1) or original(*a))
    pages = read_layouts(RULED)
    assert calls and pages == serial_layouts(RULED)
