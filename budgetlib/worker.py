"""Read documents in a child process that has a memory limit and a time limit.

pdfium inflates a content stream without any cap (a 3 MB PDF can ask for gigabytes), and nothing underneath a
reader can be told to stop after so many seconds. So the command line reads each document in a worker: a child
Python process whose address space is capped with `resource.setrlimit(RLIMIT_AS)`, and which the parent kills
when a document takes longer than its time limit (budgetlib.limits.Limits: `memory_mb`, `seconds`). When the
child dies, the parent names the document and the reason, starts a fresh child for the next document, and the
batch goes on.

One worker reads one document at a time and outlives it: starting Python with pandas and pdfium costs about a
second, so the child is started once and then reads document after document (it is replaced after a document
that killed it, ran out of time, or left it holding more than half its memory allowance).

Reuse (the batch command's process pool and Dask workers):
- `Worker(limits)` is one child; `worker.call(label, function, *args, **kwargs)` runs a module-level function
  there and returns its result, or raises its error. A pool of N bounded readers is N threads each calling its
  own Worker; `local(limits)` gives the calling thread its own, kept for the thread's later calls.
- `read(path, engine=…, limits=…)` is `pipeline.read` in the calling thread's worker: what a Dask task calls.
  A Dask worker process is itself a daemon: the child is started with subprocess, not multiprocessing, so that
  is allowed, and nothing is forked from a process that already runs threads.

What crosses the boundary is pickled: the function (by reference) and its arguments one way, the result or the
error the other. A budgetlib error comes back as itself (a refusal); any other error comes back as itself (or
as WorkerError when it cannot be pickled) with the child's traceback as its cause, so that a bug is logged with
the line where it happened. The child runs with the parent's privileges: it bounds resources, it is not a
sandbox.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from budgetlib.errors import DamagedFile, LimitExceeded
from budgetlib.limits import MB, OPTIONS, Limits

T = TypeVar("T")

# How the child is started; a test may point this at a wrapper that changes something inside the child first.
COMMAND = DEFAULT_COMMAND = [sys.executable, "-m", "budgetlib.worker"]
TICK = 0.05  # seconds between looks at a working child's memory
STARTUP_SECONDS = 120.0  # importing pandas and pdfium on a loaded machine; not counted in a document's time
HEADER = struct.Struct(">Q")
# A child that dies during a call in which it grew by at least this share of its memory allowance ran out of memory
# (pdfium aborts when an allocation fails); with less, it crashed on the file. Not more than a quarter: a buffer
# that doubles fails while half of the allowance is still free (a content stream's buffer of 128 MB cannot become
# 256 MB under a 256 MB allowance). A child holding this share after a call is replaced before the next one.
MEMORY_SHARE = 0.25


class WorkerError(RuntimeError):
    """The worker itself failed (it could not start), or an error raised in it could not be sent back as itself.
    Not a refusal: the CLI records it as an internal error."""


class RemoteTraceback(Exception):
    """The traceback of an error raised in the child, attached as that error's cause."""

    def __init__(self, text: str):
        super().__init__(text)
        self.text = text

    def __str__(self) -> str:
        return f"\n(in the worker process)\n{self.text}"


class Forked:
    """A child made by os.fork, with the part of Popen's interface the Worker uses."""

    def __init__(self, pid: int, stdin, stdout):
        self.pid, self.stdin, self.stdout, self.returncode = pid, stdin, stdout, None

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"worker {self.pid}", timeout)
            time.sleep(0.01)
        return self.returncode

    def kill(self) -> None:
        if self.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)


class Worker:
    """One child process with a memory limit; each call has a time limit. Use from one thread at a time.

    `fork=True` makes the child by forking this process instead of starting Python afresh: no second import of
    pandas and pdfium (about a second), but only safe in a process that runs no thread of its own that could hold
    a lock at that moment, such as the command line, which starts its worker before it opens the store. A process
    pool's threads or a Dask worker keep the default (a fresh interpreter)."""

    def __init__(self, limits: Limits | None = None, *, fork: bool = False):
        self.limits = limits or Limits()
        self.fork = fork and hasattr(os, "fork") and COMMAND == DEFAULT_COMMAND
        self._process: subprocess.Popen | None = None
        self._ready_seen = False
        self._baseline = 0  # the child's resident memory when it was ready, in bytes
        self._resident = 0  # and after its last call: where the next call starts from
        self._peak = 0  # the most it was seen holding during the current call

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self) -> None:
        """Start the child (it imports budgetlib while the caller goes on; `call` waits for it to be ready)."""
        if self._process is not None and self._process.poll() is None:
            return
        if self.fork:
            self._process = _fork(self.limits.memory_mb)
            self._ready_seen = False
            return
        environment = {**os.environ, "PYTHONPATH": os.pathsep.join(
            [str(Path(__file__).resolve().parents[1]), *filter(None, [os.environ.get("PYTHONPATH")])])}
        for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            environment.setdefault(variable, "1")  # one document at a time: no thread pools to reserve memory for
        self._process = subprocess.Popen([*COMMAND, str(self.limits.memory_mb), str(os.getpid())],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=environment,
                                         close_fds=True)
        self._ready_seen = False

    def call(self, label: str, function: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """`function(*args, **kwargs)` in the child, within the time limit; `label` (the file) names the work
        in any error. A budgetlib error raised there is raised here as itself."""
        if self._process is None or self._process.poll() is not None:
            self.start()
        if not self._ready_seen:
            self._ready()
        self._peak = self._resident
        try:
            _send(self._process.stdin, pickle.dumps((function, args, kwargs)))
            reply = _receive(self._process.stdout, time.monotonic() + self.limits.seconds, self._watch)
        except TimeoutError:
            self._kill()
            raise LimitExceeded(label, f"still being read after {self.limits.seconds:,g} s, the limit per document "
                                       f"({OPTIONS['seconds']}); the reading was stopped", limit="seconds") from None
        except (EOFError, BrokenPipeError):
            raise self._died(label) from None
        except BaseException:  # Ctrl-C while waiting: the child reads on otherwise
            self._kill()
            raise
        kind, payload, resident = pickle.loads(reply)
        if kind == "memory":
            self._kill()  # its heap is fragmented now: a fresh child for the next document
            raise self._memory_error(label, "ran out of it (MemoryError)")
        self._resident = resident
        if resident - self._baseline > self.limits.memory_mb * MB * MEMORY_SHARE:
            self.close()  # holding a good share of its allowance after the work: the next document gets a fresh one
        if kind == "ok":
            return payload
        error, text = payload
        remote = RemoteTraceback(text)
        error.remote_traceback = text  # failures.stage_of reads where it was raised from this
        raise error from remote

    def close(self) -> None:
        """Let the child finish (end of its input), or kill it if it does not within a few seconds (at once if it
        is still starting: a run that ends before its first document need not wait for the imports)."""
        if not self._ready_seen:
            self._kill()
        process, self._process = self._process, None
        if process is None:
            return
        with contextlib.suppress(OSError):
            process.stdin.close()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        with contextlib.suppress(OSError):
            process.stdout.close()

    def _ready(self) -> None:
        try:
            kind, _, resident = pickle.loads(_receive(self._process.stdout, time.monotonic() + STARTUP_SECONDS))
        except TimeoutError:
            self._kill()
            raise WorkerError(f"the worker process did not start within {STARTUP_SECONDS:g} s") from None
        except EOFError:
            code = self._process.wait()
            self._kill()
            raise WorkerError(f"the worker process ended as it started (exit status {code}); see the messages "
                              "above") from None
        if kind != "ready":
            self._kill()
            raise WorkerError(f"the worker process answered {kind!r} where it should say it is ready")
        self._ready_seen, self._baseline, self._resident = True, resident, resident

    def _kill(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            process.kill()
            process.wait()
            for stream in (process.stdin, process.stdout):
                with contextlib.suppress(OSError):
                    stream.close()

    def _watch(self) -> None:
        """Note how much the child holds (called every few hundredths of a second while it works). wait4's peak
        cannot serve: it counts the memory of the process the child was forked from, before its exec."""
        if self._process is not None:
            self._peak = max(self._peak, _status("VmRSS", self._process.pid))

    def _died(self, label: str) -> Exception:
        """The child ended in the middle of a document: out of memory, or a crash in a library."""
        process, self._process = self._process, None
        process.wait()
        for stream in (process.stdin, process.stdout):
            with contextlib.suppress(OSError):
                stream.close()
        how = _signal_name(-process.returncode) if process.returncode < 0 else f"exit status {process.returncode}"
        if self._peak - self._resident >= self.limits.memory_mb * MB * MEMORY_SHARE:
            return self._memory_error(label, f"was stopped ({how}) holding {self._peak / MB:,.0f} MB")
        return DamagedFile(label, f"the reader process crashed ({how}, holding {self._peak / MB:,.0f} MB): "
                                  "the file is damaged or hostile")

    def _memory_error(self, label: str, what: str) -> LimitExceeded:
        return LimitExceeded(label, f"needs more memory than the limit of {self.limits.memory_mb:,g} MB "
                                    f"({OPTIONS['memory_mb']}): the reader {what}", limit="memory_mb")


_local = threading.local()


def local(limits: Limits | None = None) -> Worker:
    """The calling thread's own worker with these limits (one is started, or replaced, as needed)."""
    limits = limits or Limits()
    worker = getattr(_local, "worker", None)
    if worker is None or worker.limits != limits:
        if worker is not None:
            worker.close()
        worker = _local.worker = Worker(limits)
    return worker


def read(path, *, engine: str = "auto", limits: Limits | None = None, worker: Worker | None = None):
    """`budgetlib.read` in a worker process: the same BudgetDocument, or the same errors, plus LimitExceeded
    for a document past its time or memory limit and DamagedFile for one that crashes the reader."""
    from budgetlib.pipeline import read as read_document

    worker = worker or local(limits)
    label = "+".join(str(p) for p in path) if isinstance(path, list | tuple) else str(path)
    return worker.call(label, read_document, path, engine=engine, limits=worker.limits)


def _fork(memory_mb: float) -> Forked:
    """A child forked from this process, serving on two pipes; it never returns into the caller's code."""
    requests_read, requests_write = os.pipe()
    replies_read, replies_write = os.pipe()
    parent = os.getpid()
    for stream in (sys.stdout, sys.stderr):
        stream.flush()  # else the child would hold a copy of what is buffered
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            os.close(requests_write)
            os.close(replies_read)
            _serve(os.fdopen(requests_read, "rb", buffering=0), os.fdopen(replies_write, "wb"), memory_mb, parent)
        except BaseException:
            traceback.print_exc()
            code = 1
        finally:
            os._exit(code)  # never the caller's cleanup, atexit handlers or buffered output
    os.close(requests_read)
    os.close(replies_write)
    return Forked(pid, os.fdopen(requests_write, "wb"), os.fdopen(replies_read, "rb", buffering=0))


# The wire: an 8-byte length, then a pickle.

def _send(stream, payload: bytes) -> None:
    stream.write(HEADER.pack(len(payload)) + payload)
    stream.flush()


def _receive(stream, deadline: float, tick: Callable[[], None] | None = None) -> bytes:
    header = _read_exactly(stream, HEADER.size, deadline, tick)
    return _read_exactly(stream, HEADER.unpack(header)[0], deadline, tick)


def _read_exactly(stream, size: int, deadline: float, tick: Callable[[], None] | None = None) -> bytes:
    """`size` bytes from a pipe, or TimeoutError at `deadline`, or EOFError when the writer is gone; `tick` is
    called every TICK seconds of waiting."""
    descriptor = stream.fileno()
    chunks: list[bytes] = []
    missing = size
    while missing:
        if deadline != float("inf") or tick is not None:  # else: block until there is something to read
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            if not select.select([descriptor], [], [], min(remaining, TICK) if tick else remaining)[0]:
                if tick is not None:
                    tick()
                continue
        chunk = os.read(descriptor, min(missing, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


# The child.

def main(argv: list[str] | None = None) -> None:
    """The started child: its requests on standard input, its replies on what was standard output."""
    memory_mb, parent = (argv or sys.argv[1:])[:2]
    requests = os.fdopen(os.dup(0), "rb", buffering=0)
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    _serve(requests, replies, float(memory_mb), int(parent))


def _serve(requests, replies, memory_mb: float, parent: int) -> None:
    """The child's loop: read a request, run it, send the result; end when the input ends."""
    _die_with(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group: the parent decides
    os.dup2(2, 1)  # a library that prints must not write into the replies
    sys.stdout = sys.stderr

    import budgetlib.pipeline  # noqa: F401  paid once, before any document and outside its time

    _cap_memory(memory_mb * MB)
    _send(replies, pickle.dumps(("ready", None, _resident())))
    while True:
        try:
            request = _receive(requests, float("inf"))
        except EOFError:
            return
        _send(replies, _run(request))


def _run(request: bytes) -> bytes:
    from budgetlib.errors import OutOfMemory

    out_of_memory = False
    try:
        function, args, kwargs = pickle.loads(request)
        reply = ("ok", function(*args, **kwargs))
    except (MemoryError, OutOfMemory):  # the reader maps a MemoryError to OutOfMemory: here it is the limit's
        out_of_memory = True  # answered below, once the frames holding the memory are gone
    except BaseException as error:  # sent back to the parent, which raises it there
        reply = ("error", (_portable(error), traceback.format_exc()))
    if out_of_memory:
        return pickle.dumps(("memory", None, _resident()))
    try:
        return pickle.dumps((*reply, _resident()))
    except Exception as error:  # a result or an error that cannot be pickled
        return pickle.dumps(("error", (WorkerError(f"cannot send back {type(reply[1]).__name__}: {error}"),
                                       traceback.format_exc()), _resident()))


def _portable(error: BaseException) -> BaseException:
    """The error itself if it survives pickling; else a WorkerError that names it."""
    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:
        return WorkerError(f"{type(error).__module__}.{type(error).__qualname__}: {error}")


def _cap_memory(allowance: float) -> None:
    """Cap the address space at what the child maps when idle plus the allowance (never above a cap the
    parent already runs under: a limit can be lowered, not raised)."""
    import resource

    mapped = _status("VmSize")
    if not mapped:  # no /proc (not Linux): the time limit still holds
        return
    limit = int(mapped + allowance)
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _resident() -> int:
    return _status("VmRSS")


def _status(field: str, pid: int | str = "self") -> int:
    """A /proc/<pid>/status figure in bytes (0 where there is no /proc, or the process is gone)."""
    with contextlib.suppress(OSError), open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0


def _die_with(parent: int) -> None:
    """Linux: be killed when the parent dies (even by kill -9), instead of reading on for nobody."""
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(0)


if __name__ == "__main__":
    main()
