"""Kernels that start side by side without racing for ports, and one retry when a start fails anyway.

papermill starts a Jupyter kernel per notebook. Over TCP, jupyter_client picks five free ports by binding
and releasing them, and the kernel binds them a moment later: two kernels started at once (notebooks run
side by side, two batch workers, two Dask workers) can pick the same port, and one kernel dies with ZMQ's
"Address already in use" before it runs a cell. jupyter_client's port cache only guards kernels of one
process.

So, where the system has Unix sockets, kernels talk over IPC (`transport = "ipc"`): each kernel's sockets
are files in a private temporary folder of its own, so no two kernels can ever share an address, in one
process or across many. Elsewhere the TCP default stays, and start-ups are serialised within the process.
Either way a start that fails before the first cell runs is retried once (`start_failure` says which
failures those are); `RETRIES` counts them for the benchmark.

How a kernel process is started (`start_method()`; the environment variable BUDGETLIB_KERNEL_START says which):
- "fork" (the default where the system has fork and Unix sockets): each kernel is forked from a parent kept
  for this process, the *kernel parent*, which has imported, and only imported, what a kernel and the
  notebooks import (ipykernel, IPython, pandas, matplotlib, duckdb, budgetlib's analysis and chart modules:
  `PRELOAD`). Importing them costs a new Python about two seconds of CPU per notebook, and a document's
  reports start five kernels. The forked kernel is a new process that has run no code of any notebook: it
  starts ipykernel as `python -m ipykernel_launcher -f <connection file>` does, with the arguments, the
  environment, the working directory and standard streams of the launch jupyter_client asked for, in a
  session of its own. What it shares with its siblings is what a fresh import would give each of them alike,
  except the seed of str hashes (one per kernel parent); numpy's global random state is reseeded.
  The kernel parent is started once, on the first kernel (or early, by `prestart`), exits when this process
  does, and reaps its kernels, reporting each one's exit status. A launch the kernel parent cannot serve
  (another interpreter, another Python environment: PYTHON*/LD_* variables) is a plain spawn.
- "spawn": every kernel is a new Python process (jupyter_client's own way).
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner
from traitlets import DottedObjectName, Type

IPC = sys.platform != "win32" and hasattr(os, "fork")
FORK = IPC and hasattr(socket, "send_fds") and hasattr(socket, "AF_UNIX")
RETRIES = {"count": 0}
FORKED_CPU = {"user": 0.0, "system": 0.0}  # CPU seconds of the forked kernels that have exited (the benchmarks)
_COUNT = threading.Lock()
_START = threading.Lock()  # TCP only: one start-up at a time in this process
START_VARIABLE = "BUDGETLIB_KERNEL_START"
IOPUB_QUIET = 0.03  # seconds of silence on IOPub after kernel_info that mean a kernel is ready
LAUNCH_TIMEOUT = 120.0  # seconds a launch waits for the kernel parent (the first one waits for its imports)
# What the kernel parent imports before it forks: a kernel's own modules, then what the notebooks import. Import
# only: nothing here runs notebook code, opens a file of the store or starts a thread.
# (Not matplotlib_inline's backend: importing it is what hooks inline figures into a running kernel's shell.)
PRELOAD = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.iostream",
           "ipykernel.debugger", "IPython.core.completerlib", "IPython.core.debugger", "IPython.core.oinspect",
           "IPython.extensions.storemagic", "IPython.utils.wildcard", "sqlite3", "pdb", "faulthandler", "psutil",
           "tornado.platform.asyncio", "jupyter_client.localinterfaces", "IPython.display", "IPython.core.completer",
           "jupyter_client.session", "numpy",
           "pandas",
           "pandas.io.formats.style", "pyarrow.parquet", "duckdb", "matplotlib.figure",
           "matplotlib.backends.backend_agg", "matplotlib.backends.backend_svg", "seaborn", "fontTools.fontBuilder",
           "fontTools.ttLib", "budgetlib.analysis.store_view", "budgetlib.analysis.reading",
           "budgetlib.analysis.present", "budgetlib.analysis.chart_data", "budgetlib.analysis.headlines",
           "budgetlib.analysis.split", "budgetlib.analysis.weights", "budgetlib.analysis.yoy",
           "budgetlib.analysis.compare", "budgetlib.charts", "PIL.PngImagePlugin", "PIL.BmpImagePlugin",
           "PIL.GifImagePlugin", "PIL.JpegImagePlugin", "PIL.PpmImagePlugin", "pyarrow.pandas_compat",
           "pandas.core.reshape.reshape", "pandas.core.methods.to_dict", "pandas.io.formats.csvs", "encodings.gb2312",
           "encodings.utf_8_sig", "encodings.utf_16_be")
# The variables a Python process reads as it starts (or its libraries as they load): a launch whose environment
# differs from the kernel parent's in any of them is spawned, not forked.
STARTUP_VARIABLES = ("PYTHON", "LD_", "MPLBACKEND", "MPLCONFIGDIR", "OMP_", "OPENBLAS_", "MKL_", "VIRTUAL_ENV",
                     "LANG", "LC_", "TZ", "HOME", "XDG_")


def start_method() -> str:
    """"fork" (from the kernel parent) or "spawn" (a new Python per kernel): BUDGETLIB_KERNEL_START, else fork
    where the system allows it."""
    wanted = os.environ.get(START_VARIABLE, "").strip().lower()
    if wanted not in ("", "fork", "spawn"):
        raise ValueError(f"{START_VARIABLE}={wanted!r}: expected 'fork' or 'spawn'")
    return "fork" if FORK and wanted != "spawn" else "spawn"


def describe() -> str:
    """How this process starts its kernels, in one line (the benchmarks print it)."""
    if start_method() == "fork":
        return ("each kernel a new process forked from a kernel parent that has imported ipykernel, pandas, "
                "matplotlib, duckdb and budgetlib's analysis modules (budgetlib.kernels.PRELOAD), and run no "
                f"notebook code; IPC sockets ({START_VARIABLE}=spawn for a new Python per kernel)")
    transport = "IPC sockets" if IPC else "TCP"
    return f"each kernel a new Python process (python -m ipykernel_launcher), {transport}"


def _startup_environment(env: dict) -> dict:
    return {k: v for k, v in env.items() if k.startswith(STARTUP_VARIABLES)}


class KernelParent:
    """This process's kernel parent: a Python process that has imported PRELOAD and forks a kernel on request.

    Requests travel over a Unix socket that this process binds before the parent starts (so a launch never
    races its start-up) and passes to it; the parent exits when this process does (the end of a pipe it
    holds closes)."""

    _lock = threading.Lock()
    _instance: KernelParent | None = None

    def __init__(self) -> None:
        self.folder = tempfile.mkdtemp(prefix="bkp-", dir="/tmp" if os.path.isdir("/tmp") else None)
        self.address = os.path.join(self.folder, "p")
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(self.address)
        listener.listen(64)
        life_read, self._life = os.pipe()
        self.environment = _startup_environment(os.environ)
        try:
            self.process = subprocess.Popen(  # in our process group: what stops us (kill the group) stops it
                [sys.executable, "-m", "budgetlib.kernels", str(listener.fileno())], stdin=life_read,
                pass_fds=(listener.fileno(),), close_fds=True)
        finally:
            listener.close()
            os.close(life_read)
        atexit.register(self.close)

    @classmethod
    def get(cls) -> KernelParent:
        """The running kernel parent of this process, started when there is none (or it died)."""
        with cls._lock:
            if cls._instance is None or cls._instance.process.poll() is not None:
                if cls._instance is not None:
                    cls._instance.close()
                cls._instance = cls()
            return cls._instance

    def serves(self, cmd: list[str], env: dict) -> bool:
        """Whether a kernel launch is this interpreter's ipykernel in this Python environment."""
        return (len(cmd) >= 3 and os.path.abspath(cmd[0]) == os.path.abspath(sys.executable)
                and cmd[1:3] == ["-m", "ipykernel_launcher"] and _startup_environment(env) == self.environment)

    def launch(self, cmd: list[str], env: dict, cwd: str | None) -> ForkedKernel:
        """Ask for a kernel; returns once it is forked (the first launch waits for the imports)."""
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            connection.connect(self.address)
            request = json.dumps({"argv": cmd[3:], "env": env, "cwd": cwd or os.getcwd()}).encode()
            streams = [_stream(0, os.O_RDONLY), _stream(1, os.O_WRONLY), _stream(2, os.O_WRONLY)]
            try:
                socket.send_fds(connection, [len(request).to_bytes(8, "big") + request], streams)
            finally:
                for fd in streams:
                    os.close(fd)
            reply = _read_message(connection, LAUNCH_TIMEOUT)
        except BaseException:
            connection.close()
            raise
        if reply is None or "pid" not in reply:
            connection.close()
            raise RuntimeError(f"the kernel parent could not fork a kernel: {reply}")
        return ForkedKernel(reply["pid"], connection)

    def close(self) -> None:
        """Let the kernel parent go (it exits once its pipe closes; one still importing is stopped) and wait for
        it, so that its CPU time and its kernels' are counted in this process's children."""
        with contextlib.suppress(OSError):
            os.close(self._life)
        try:
            self.process.wait(timeout=0.5)
        except subprocess.TimeoutExpired:
            self.process.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=5)
        shutil.rmtree(self.folder, ignore_errors=True)


def _stream(fd: int, mode: int) -> int:
    """A duplicate of one of our standard streams for a kernel (stdin: a pipe already closed at the far end, as
    jupyter_client gives a kernel); /dev/null for a stream this process does not have."""
    if fd == 0:
        read, write = os.pipe()
        os.close(write)
        return read
    try:
        return os.dup(fd)
    except OSError:
        return os.open(os.devnull, mode)


def _read_message(connection: socket.socket, timeout: float | None) -> dict | None:
    """One newline-ended JSON message; None at end of stream or when `timeout` passes first."""
    buffer = b""
    while not buffer.endswith(b"\n"):
        ready, _, _ = select.select([connection], [], [], timeout)
        if not ready:
            return None if not buffer else json.loads(buffer)
        chunk = connection.recv(4096)
        if not chunk:
            return None
        buffer += chunk
    return json.loads(buffer)


class ForkedKernel:
    """A forked kernel as jupyter_client's provisioner sees a Popen: pid, poll, wait, signals. Its exit status
    comes from the kernel parent, which reaps it."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int, connection: socket.socket):
        self.pid = pid
        self.returncode: int | None = None
        self._connection = connection

    def poll(self) -> int | None:
        if self.returncode is None:
            self._collect(0)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.returncode is None:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            self._collect(left)
            if self.returncode is None and deadline is not None and time.monotonic() >= deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout or 0)
        return self.returncode

    def _collect(self, timeout: float | None) -> None:
        if self._connection is None:  # followed by pid only (its kernel parent is gone)
            if not _alive(self.pid):
                self.returncode = -signal.SIGKILL
            elif timeout:
                time.sleep(min(timeout, 0.1))
            return
        ready, _, _ = select.select([self._connection], [], [], timeout)
        if not ready:
            return
        message = _read_message(self._connection, 5.0)
        self._connection.close()
        self._connection = None
        if message is not None and "exit" in message:
            self.returncode = int(message["exit"])
            with _COUNT:
                FORKED_CPU["user"] += message.get("user", 0.0)
                FORKED_CPU["system"] += message.get("system", 0.0)
        elif not _alive(self.pid):  # the kernel parent is gone, and so is the kernel: its status is lost
            self.returncode = -signal.SIGKILL

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class ForkingProvisioner(LocalProvisioner):
    """jupyter_client's LocalProvisioner, with the kernel forked from the kernel parent when it can serve the
    launch (else launched as LocalProvisioner does)."""

    async def launch_kernel(self, cmd: list[str], **kwargs):
        env = dict(kwargs.get("env") or os.environ)
        if start_method() == "fork":
            parent = KernelParent.get()
            if parent.serves(cmd, env):
                env.setdefault("JPY_PARENT_PID", str(os.getpid()))
                try:
                    self.process = parent.launch(cmd, env, kwargs.get("cwd"))
                except (OSError, RuntimeError, ValueError) as error:  # the kernel parent failed: spawn this one
                    self.log.warning("budgetlib: forking a kernel failed (%s); starting a new Python instead", error)
                else:
                    self.pid = self.pgid = self.process.pid  # the kernel leads a session of its own
                    self.cwd = kwargs.get("cwd") or os.getcwd()
                    return self.connection_info
        return await super().launch_kernel(cmd, **kwargs)

    async def send_signal(self, signum: int) -> None:
        if isinstance(self.process, ForkedKernel) and self.process.poll() is not None:
            return  # gone: its process group number may already be someone else's
        await super().send_signal(signum)


def prestart() -> None:
    """Start the kernel parent now (its imports then overlap whatever this process does before the first
    notebook, such as reading the document)."""
    if start_method() == "fork":
        KernelParent.get()


class ReadyKernelClient(AsyncKernelClient):
    """jupyter_client's client, ready some 0.2–0.4 s sooner (a report starts five kernels, one after another
    on one core). jupyter_client asks for kernel_info until its status also arrives on IOPub (the proof that
    the subscription has reached the kernel), waiting 0.2 s for it each time, then drains IOPub until it
    has been quiet for 0.2 s. Here the same, with waits of 2 × and 1 × IOPUB_QUIET. What arrives later is
    the status of a kernel_info request, which nbclient ignores: it follows only the replies to its own
    requests."""

    async def wait_for_ready(self, timeout: float | None = None) -> None:  # type: ignore[override]
        deadline = time.time() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                message = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                pass
            else:
                if message["msg_type"] == "kernel_info_reply":
                    try:  # IOPub connected? (else ask again, as jupyter_client does, but sooner)
                        await self.iopub_channel.get_msg(timeout=IOPUB_QUIET * 2)
                    except Empty:
                        pass
                    else:
                        self._handle_kernel_info_reply(message)
                        break
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.time() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")
        while True:
            try:
                await self.iopub_channel.get_msg(timeout=IOPUB_QUIET)
            except Empty:
                break


class GuardedKernelManager(AsyncKernelManager):
    """An AsyncKernelManager whose kernel listens on IPC sockets in a folder of its own."""

    client_class = DottedObjectName("budgetlib.kernels.ReadyKernelClient")
    client_factory = Type(klass="budgetlib.kernels.ReadyKernelClient")

    def __init__(self, **kwargs):
        if IPC:
            kwargs.setdefault("transport", "ipc")
        super().__init__(**kwargs)
        self._folder: str | None = None

    async def start_kernel(self, **kwargs) -> None:  # type: ignore[override]
        if self.provisioner is None and start_method() == "fork":
            import uuid

            self.kernel_id = self.kernel_id or kwargs.pop("kernel_id", str(uuid.uuid4()))
            self.provisioner = ForkingProvisioner(kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self)
        if self.transport == "ipc" and self._folder is None:
            # Short: a Unix socket's path must stay under about 100 bytes.
            self._folder = tempfile.mkdtemp(prefix="bk-", dir="/tmp" if os.path.isdir("/tmp") else None)
            self.connection_file = os.path.join(self._folder, "kernel.json")
            self.ip = os.path.join(self._folder, "k")
            return await super().start_kernel(**kwargs)
        if self.transport == "tcp":
            with _START:
                return await super().start_kernel(**kwargs)
        return await super().start_kernel(**kwargs)

    async def _async_interrupt_kernel(self) -> None:
        """No SIGINT on the way out: jupyter_client interrupts every kernel before asking it to shut down, and
        ipykernel then logs "KeyboardInterrupt caught in kernel" into the batch's output for a notebook that
        ran fine. The shutdown request travels on the control channel, which a busy kernel still answers, and a
        kernel that does not answer is terminated, then killed, as before."""
        if self.shutting_down:
            return
        await super()._async_interrupt_kernel()

    async def _async_finish_shutdown(self, waittime: float | None = None, pollinterval: float = 0.1,
                                     restart: bool = False) -> None:
        """Notice a kernel's exit within 10 ms, not 100 ms: a kernel usually exits some 50 ms after its shutdown
        request, and a report waits for five of them."""
        await super()._async_finish_shutdown(waittime, min(pollinterval, 0.01), restart)

    async def cleanup_resources(self, restart: bool = False) -> None:  # type: ignore[override]
        await super().cleanup_resources(restart=restart)
        if not restart and self._folder:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None


def start_failure(error: BaseException) -> bool:
    """Whether an error from papermill is a kernel that failed to start (retried once), not a notebook's error."""
    text = f"{type(error).__name__}: {error}"
    return ("Kernel died before replying to kernel_info" in text or "Address already in use" in text
            or "Kernel didn't respond" in text or type(error).__name__ in ("ZMQError", "ZMQBindError"))


# --- the kernel parent (python -m budgetlib.kernels FD) -------------------------------------------------------

def _serve(listener_fd: int) -> None:
    """Import PRELOAD, then fork a kernel for each request until the process that started us exits."""
    import importlib

    listener = socket.socket(fileno=listener_fd)
    if sys.path and (sys.path[0] in ("", os.getcwd())):  # as ipykernel_launcher: not the working directory
        del sys.path[0]
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")  # as ipykernel sets it
    # ipykernel reads its parent's pid when it is imported (IPKernelApp.parent_handle, for the poller that ends a
    # kernel whose parent is gone): here, so that a kernel's parent is its kernel parent, which it is.
    os.environ["JPY_PARENT_PID"] = str(os.getpid())
    # What importing prints (pydevd's notice about frozen modules) a spawned kernel prints into its notebook's
    # stderr, which no report shows: not on the terminal of the process that starts the kernels.
    saved = [os.dup(1), os.dup(2)]
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 1)
    os.dup2(quiet, 2)
    try:
        for name in PRELOAD:
            with contextlib.suppress(Exception):  # a module that fails here fails in the kernel too, and says why
                importlib.import_module(name)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        for fd, saved_fd in ((1, saved[0]), (2, saved[1])):
            os.dup2(saved_fd, fd)
            os.close(saved_fd)
        os.close(quiet)
    # What was imported lives as long as the kernels do: out of the collector's sight (gc.freeze, as the gc
    # documentation advises before fork), so that no kernel's collections walk it again (IPython collects at
    # exit) and its pages stay shared between the kernels.
    gc.collect()
    gc.freeze()
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_write, False)
    os.set_blocking(wake_read, False)
    signal.set_wakeup_fd(wake_write)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    kernels: dict[int, socket.socket] = {}
    try:
        while True:
            ready, _, _ = select.select([listener, 0, wake_read], [], [])
            if 0 in ready and not os.read(0, 1):  # the process that started us has exited
                break
            if wake_read in ready:
                with contextlib.suppress(BlockingIOError):
                    os.read(wake_read, 512)
            _reap(kernels)
            if listener in ready:
                connection, _ = listener.accept()
                _fork_one(connection, kernels, [listener.fileno(), wake_read, wake_write])
    finally:
        for pid in kernels:  # orphans: their notebooks' process is gone
            with contextlib.suppress(OSError):
                os.killpg(pid, signal.SIGTERM)


def _reap(kernels: dict[int, socket.socket]) -> None:
    """Collect every kernel that has exited, and tell its launcher its status and the CPU time it used."""
    while True:
        try:
            pid, status, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        connection = kernels.pop(pid, None)
        if connection is not None:
            message = {"exit": os.waitstatus_to_exitcode(status), "user": usage.ru_utime, "system": usage.ru_stime}
            with contextlib.suppress(OSError):
                connection.sendall(json.dumps(message).encode() + b"\n")
            connection.close()


def _fork_one(connection: socket.socket, kernels: dict[int, socket.socket], ours: list[int]) -> None:
    try:
        head, fds, _, _ = socket.recv_fds(connection, 8, 3)
        size = int.from_bytes(head, "big")
        body = b""
        while len(body) < size:
            chunk = connection.recv(size - len(body))
            if not chunk:
                raise ConnectionError("request cut short")
            body += chunk
        request = json.loads(body)
    except (OSError, ValueError) as error:
        with contextlib.suppress(OSError):
            connection.sendall(json.dumps({"error": str(error)}).encode() + b"\n")
        connection.close()
        return
    try:
        pid = os.fork()
    except OSError as error:  # out of processes or memory: the launcher spawns this kernel instead
        for fd in fds:
            os.close(fd)
        with contextlib.suppress(OSError):
            connection.sendall(json.dumps({"error": f"fork: {error}"}).encode() + b"\n")
        connection.close()
        return
    if pid == 0:
        _kernel(request, fds, [*ours, connection.fileno(), *(c.fileno() for c in kernels.values())])
    for fd in fds:
        os.close(fd)
    kernels[pid] = connection
    with contextlib.suppress(OSError):
        connection.sendall(json.dumps({"pid": pid}).encode() + b"\n")


def _kernel(request: dict, streams: list[int], inherited: list[int]) -> None:
    """In the forked child: become `python -m ipykernel_launcher ARGV` as launched by jupyter_client, run the
    kernel, and exit with its status. Never returns."""
    code = 1
    try:
        signal.set_wakeup_fd(-1)
        for number in (signal.SIGCHLD, signal.SIGPIPE):
            signal.signal(number, signal.SIG_DFL if number == signal.SIGCHLD else signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        os.setsid()
        for target, fd in enumerate(streams):
            os.dup2(fd, target)
        for fd in {*streams, *inherited}:
            with contextlib.suppress(OSError):
                os.close(fd)
        os.environ.clear()
        os.environ.update(request["env"])
        os.environ["JPY_PARENT_PID"] = str(os.getppid())  # the kernel's parent process is the kernel parent
        os.chdir(request["cwd"])
        if "numpy" in sys.modules:  # a new process seeds numpy's global generator afresh
            sys.modules["numpy"].random.seed()
        import ipykernel_launcher
        from ipykernel import kernelapp

        sys.argv = [ipykernel_launcher.__file__, *request["argv"]]
        try:
            kernelapp.launch_new_instance()
            code = 0
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    except BaseException:  # reported on the kernel's stderr, as a crashed Python would
        import traceback

        traceback.print_exc()
    finally:
        try:
            atexit._run_exitfuncs()
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(Exception):
                    stream.flush()
        finally:
            os._exit(code)


if __name__ == "__main__":
    _serve(int(sys.argv[1]))
