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
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading

from jupyter_client.manager import AsyncKernelManager

IPC = sys.platform != "win32" and hasattr(os, "fork")
RETRIES = {"count": 0}
_START = threading.Lock()  # TCP only: one start-up at a time in this process


class GuardedKernelManager(AsyncKernelManager):
    """An AsyncKernelManager whose kernel listens on IPC sockets in a folder of its own."""

    def __init__(self, **kwargs):
        if IPC:
            kwargs.setdefault("transport", "ipc")
        super().__init__(**kwargs)
        self._folder: str | None = None

    async def start_kernel(self, **kwargs) -> None:  # type: ignore[override]
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
