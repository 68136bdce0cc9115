"""The geometry pass over a long document's pages in two processes, when a second core is idle.

Each page's layout depends on that page alone, so the pages can be read apart: this process reads the
even pages while a forked child reads the odd ones and sends their layouts back, packed flat (the
characters as arrays of numbers and one string, lines and grid blocks by position) so that unpacking
costs a fraction of reading. The result is the same list of PageLayouts the serial pass gives, to the
last float: a forked child runs the same code on the same file.

Forking is only safe and only pays under conditions checked at each call (`workers`): Linux, no other
thread in this process (a lock held by another thread would stay locked in the child), a second CPU
that is not already busy (a batch that reads a document per core gains nothing), and enough pages to
repay the fork and the packing. The child dies with its parent (a reader killed at its time limit
leaves no orphan), and any failure of the child (a crash, an error, a broken pipe) only means that
this process reads the child's pages itself: the errors a page raises are raised here, as in the
serial pass.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import pickle
import signal
import sys
import threading
from array import array
from collections.abc import Callable

from budgetlib.readers.pdf.geometry import Char
from budgetlib.readers.pdf.grids import Grid
from budgetlib.readers.pdf.layout import GridBlock, Line, PageLayout

MIN_PAGES = 12
"""pages. Below this a document is read in one process: forking, opening the file again and unpacking
cost about as much as reading a few pages (measured on the corpus, benchmarks/extract.py)."""
WORKERS_VARIABLE = "BUDGETLIB_READ_WORKERS"
"""Environment variable: 1 reads every document in one process, 2 uses two whenever it is safe
(whatever the load), unset decides by the pages and the load."""

PR_SET_PDEATHSIG = 1  # prctl option (Linux): the signal a child receives when its parent dies


def workers(pages: int) -> int:
    """How many processes should read a document of `pages` pages here and now: 1 or 2."""
    wanted = os.environ.get(WORKERS_VARIABLE, "").strip()
    if wanted == "1" or not _can_fork():
        return 1
    if wanted == "2":
        return 2 if pages >= 2 else 1
    return 2 if pages >= MIN_PAGES and _idle_cpus() >= 1 else 1


def _can_fork() -> bool:
    return sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1


def _idle_cpus() -> int:
    """CPUs this process may use that nothing is running on right now: Linux's count of runnable
    threads (/proc/loadavg, this one among them) against the CPUs this process may run on. A moment's
    look, not the minute's average: a batch reading a document per core keeps every CPU busy, and a
    benchmark reading one document after another keeps one."""
    try:
        usable = len(os.sched_getaffinity(0))
        with open("/proc/loadavg", encoding="ascii") as handle:
            running = int(handle.read().split()[3].split("/")[0])
    except (AttributeError, OSError, ValueError, IndexError):
        return 0
    return usable - max(running, 1)


def read_split(count: int, read_page: Callable[[int], PageLayout],
               child_reader: Callable[[], Callable[[int], PageLayout]]) -> list[PageLayout]:
    """Every page's layout: the even pages by `read_page(index)` here, the odd ones in a forked child
    by the reader `child_reader()` gives there (it opens the file again: a file shared across a fork
    shares its read position)."""
    theirs = list(range(1, count, 2))
    for stream in (sys.stdout, sys.stderr):
        stream.flush()  # else the child would hold a copy of what is buffered, and print it again
    readable, writable = os.pipe()
    gc.freeze()  # the child's collector leaves the objects alive now alone: its passes would copy their pages
    try:
        pid = os.fork()
    except BaseException:
        gc.unfreeze()
        raise
    if pid == 0:  # the child: never returns into the caller's code
        gc.disable()  # short-lived: a collection would only copy pages of the parent's it touches
        os.close(readable)
        _serve(writable, theirs, child_reader)
    gc.unfreeze()
    os.close(writable)
    ours: dict[int, PageLayout] | None = None
    received = None
    try:
        ours = {index: read_page(index) for index in range(0, count, 2)}
        received = _receive(readable)
    except Exception:  # a page failed here: read in order below, so that the error is the serial pass's
        ours = None
    finally:
        os.close(readable)
        if ours is None or received is None:  # the child's pages are not wanted, or it has failed
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
    if ours is None:
        return [read_page(index) for index in range(count)]  # the serial pass, and its error if any
    if received is None or len(received) != len(theirs):
        # the child failed: its pages are read here, in order (all of ours read, the first error is the serial one's)
        received = [read_page(index) for index in theirs]
    ours.update(zip(theirs, received, strict=True))
    return [ours[index] for index in range(count)]


def _serve(descriptor: int, indexes: list[int], child_reader: Callable[[], Callable[[int], PageLayout]]) -> None:
    code = 0
    try:
        _die_with_parent()
        try:
            read_page = child_reader()
            payload = pickle.dumps([pack(read_page(index)) for index in indexes], protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # the parent reads these pages again and raises the error itself
            payload = pickle.dumps(None)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(payload)
    except BaseException:
        code = 1
    finally:
        os._exit(code)  # never the caller's cleanup, atexit handlers or buffered output


def _die_with_parent() -> None:
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def _receive(descriptor: int) -> list[PageLayout] | None:
    """The child's layouts, or None when it sent none (it failed or died)."""
    chunks = []
    while chunk := os.read(descriptor, 1 << 20):
        chunks.append(chunk)
    try:
        packed = pickle.loads(b"".join(chunks))
    except Exception:  # a child that died mid-write leaves a truncated pickle
        return None
    return None if packed is None else [unpack(page) for page in packed]


# ---- packing: a PageLayout as flat data -----------------------------------------------------------------

def pack(page: PageLayout) -> tuple:
    """A PageLayout as arrays, strings and positions (cheap to pickle and to rebuild)."""
    chars = page.chars
    position = {id(char): number for number, char in enumerate(chars)}
    texts = [char.text for char in chars]
    text = "".join(texts)
    return (
        page.number, page.rotated, page.box,
        array("d", [value for char in chars for value in char[:4]]),
        array("d", [char.size for char in chars]),
        array("q", [char.index for char in chars]),
        text if len(text) == len(chars) else texts,  # one character each, as pdfium gives them
        [(array("q", [position[id(char)] for char in line.chars]), line.text, line.top, line.bottom)
         for line in page.lines],
        [(block.grid.page, block.grid.xs, block.grid.ys, block.grid.anchors, block.grid.margin, block.rows)
         for block in page.grids],
    )


def unpack(packed: tuple) -> PageLayout:
    number, rotated, box, boxes, sizes, indexes, texts, lines, grids = packed
    new = tuple.__new__
    corners = iter(boxes)
    chars = [new(Char, (x0, y0, x1, y1, text, size, index))
             for (x0, y0, x1, y1), text, size, index in zip(zip(corners, corners, corners, corners, strict=True),
                                                              texts, sizes, indexes, strict=True)]
    return PageLayout(
        number,
        [Line([chars[i] for i in members], text, top, bottom) for members, text, top, bottom in lines],
        [GridBlock(Grid(page, xs, ys, anchors, margin), rows) for page, xs, ys, anchors, margin, rows in grids],
        chars, rotated, box)
