"""Where the batch's tasks run: a local pool (the default), or a Dask cluster (`--scheduler`).

Both take the same tasks (budgetlib.batch.tasks) and hand back futures whose `result()` is the task's value
or raises its error:

- `LocalPool(n)`: n threads. A reading task runs in its thread's bounded worker process (one child process
  per thread, with the memory and time limits), and a notebook task in a kernel process of its own; so the
  threads only wait, and n processes work. n defaults to the machine's cores.
- `DaskPool(address)`: the tasks go to a `dask.distributed` scheduler at `address` (`tcp://host:8786`), or,
  with `local`, to a `LocalCluster` started here with one single-threaded worker process per core (or n).
  A Dask worker reads each document in its own bounded worker process, as a local thread does.

The process that submits is the only one that writes the store: workers return frames, never write.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed


def cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


class LocalPool:
    """n threads, each driving one process at a time (a bounded reader, a notebook kernel)."""

    def __init__(self, workers: int | None = None):
        self.workers = workers or cores()
        self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="budgetlib-batch")
        self.description = f"local pool of {self.workers} worker(s)"

    def submit(self, function: Callable, *args, **kwargs) -> Future:
        return self._pool.submit(function, *args, **kwargs)

    def completed(self, futures: Iterable) -> Iterator:
        return as_completed(list(futures))

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskPool:
    """A dask.distributed client: a scheduler's address, or `local` for a LocalCluster started here."""

    def __init__(self, address: str, workers: int | None = None):
        try:
            from distributed import Client, LocalCluster
        except ImportError as error:  # the optional extra
            raise RuntimeError("--scheduler needs dask.distributed: pip install 'budgetlib[cluster]'") from error
        self.cluster = None
        if address == "local":
            self.cluster = LocalCluster(n_workers=workers or cores(), threads_per_worker=1, processes=True,
                                        dashboard_address=None)
            self.client = Client(self.cluster)
        else:
            self.client = Client(address, timeout=30)
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        where = "a LocalCluster" if self.cluster else f"the Dask scheduler at {address}"
        self.description = f"{where} with {self.workers} worker(s)"

    def submit(self, function: Callable, *args, **kwargs):
        return self.client.submit(function, *args, pure=False, **kwargs)

    def completed(self, futures: Iterable) -> Iterator:
        from distributed import as_completed as dask_completed

        futures = list(futures)
        return iter(dask_completed(futures)) if futures else iter(())

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def open_pool(workers: int | None = None, scheduler: str | None = None) -> LocalPool | DaskPool:
    return DaskPool(scheduler, workers) if scheduler else LocalPool(workers)
