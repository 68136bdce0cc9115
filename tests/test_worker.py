"""The worker process (budgetlib.worker), on real child processes: what it returns, which errors come back as
themselves, and what becomes of a child that runs out of time or memory or crashes: the caller gets a budgetlib
error naming the work, and the next call gets a fresh child."""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import threading
import time

import pytest

from budgetlib.errors import DamagedFile, LimitExceeded, TableError, UnreadableFile
from budgetlib.limits import Limits
from budgetlib.readers import read_source
from budgetlib.worker import RemoteTraceback, Worker, local, read
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def worker():
    with Worker(Limits(seconds=20, memory_mb=512)) as started:
        yield started


def test_a_document_is_read_in_the_worker_as_in_this_process(worker, sample):
    document = read(SAMPLE, worker=worker)
    assert document.meta == sample.meta
    assert document.lines.equals(sample.lines) and document.key_figures == sample.key_figures


def test_a_budgetlib_error_comes_back_as_itself(worker, tmp_path):
    with pytest.raises(UnreadableFile, match=r"missing.txt: no such file$") as caught:
        worker.call("missing.txt", read_source, tmp_path / "missing.txt")
    assert caught.value.path == str(tmp_path / "missing.txt") and caught.value.reason == "no such file"


def test_an_error_keeps_its_attributes_across_the_boundary():
    error = TableError("a.pdf", "no amount columns", page=3, table="收支总表")
    error.has_figures = True
    again = pickle.loads(pickle.dumps(error))
    assert (type(again), str(again), again.page, again.table, again.has_figures) == \
        (TableError, "a.pdf, page 3, table '收支总表': no amount columns", 3, "收支总表", True)


def test_a_bug_comes_back_with_the_traceback_of_where_it_was_raised(worker):
    with pytest.raises(ValueError, match="invalid literal") as caught:
        worker.call("x", int, "not a number")
    cause = caught.value.__cause__
    assert isinstance(cause, RemoteTraceback) and "(in the worker process)" in str(cause)
    assert "Traceback (most recent call last)" in cause.text and "ValueError: invalid literal" in cause.text


def test_a_call_past_the_time_limit_is_stopped_and_the_next_gets_a_fresh_worker():
    with Worker(Limits(seconds=1)) as short:
        assert short.call("warm", os.getpid) != os.getpid()  # it runs in another process
        first = short._process.pid
        started = time.monotonic()
        with pytest.raises(LimitExceeded, match=r"^slow: still being read after 1 s, the limit per document "
                                                r"\(--timeout\); the reading was stopped$") as caught:
            short.call("slow", time.sleep, 30)
        assert caught.value.limit == "seconds" and time.monotonic() - started < 20
        with pytest.raises(ProcessLookupError):
            os.kill(first, 0)  # killed, not left reading
        assert short.call("next", os.getpid) not in (first, os.getpid())


def test_a_call_past_the_memory_limit_is_refused(worker):
    with pytest.raises(LimitExceeded, match=r"^big: needs more memory than the limit of 512 MB \(--max-memory-mb\): "
                                            r"the reader ran out of it \(MemoryError\)") as caught:
        worker.call("big", bytearray, 2**31)
    assert caught.value.limit == "memory_mb"
    assert worker.call("after", sum, [1, 2]) == 3


def test_a_crash_in_the_worker_is_a_damaged_file_not_a_dead_batch(worker):
    with pytest.raises(DamagedFile, match=r"^crash.pdf: the reader process crashed \(SIGABRT, holding \d+ MB\): "
                                          r"the file is damaged or hostile$"):
        worker.call("crash.pdf", os.abort)
    assert worker.call("after", sum, [1, 2]) == 3


def test_each_thread_has_its_own_worker():
    """A pool of bounded readers is N threads each with its own worker (the batch command's design)."""
    seen = {}

    def work(name):
        seen[name] = (local(Limits(seconds=30)).call(name, os.getpid), local(Limits(seconds=30)))

    threads = [threading.Thread(target=work, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen["a"][0] != seen["b"][0] and seen["a"][1] is not seen["b"][1]
    for _, held in seen.values():
        held.close()


CHILD = """
import sys, time
from budgetlib.worker import Worker
worker = Worker()
worker.start()
worker._ready()
print(worker._process.pid, flush=True)
time.sleep(60)
"""


def test_the_worker_dies_with_its_parent():
    """kill -9 of the command must not leave a reader running for nobody (Linux: PR_SET_PDEATHSIG)."""
    if not sys.platform.startswith("linux"):
        pytest.skip("the parent-death signal is Linux's")
    parent = subprocess.Popen([sys.executable, "-c", CHILD], stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    os.kill(child, 0)
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    for _ in range(100):
        if not _running(child):
            break
        time.sleep(0.1)
    else:
        raise AssertionError(f"the worker {child} outlived its parent")


def _running(pid: int) -> bool:
    """Alive and not a zombie (a container's init may be slow to reap an orphan)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as status:
            return status.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except FileNotFoundError:
        return False
