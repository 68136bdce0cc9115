"""Kernels of a batch: started on sockets of their own, and shut down without an interrupt, so that a notebook
that ran fine leaves no "KeyboardInterrupt caught in kernel" in the batch's output. Forked from the kernel parent
(the default where the system allows it), each kernel is still a process of its own that has run no other
notebook's code, with the environment of its launch; it can be interrupted, and its death is seen. Real kernels
(papermill, jupyter_client)."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import papermill
import pytest
from nbclient.exceptions import DeadKernelError

from budgetlib import kernels
from budgetlib.errors import NotebookError
from tests.conftest import ROOT

FORK = pytest.mark.skipif(not kernels.FORK, reason="no fork and Unix sockets here: kernels are spawned")


def notebook(folder: Path, *cells: str) -> Path:
    node = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    node.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / f"in-{len(list(folder.glob('in-*')))}.ipynb"
    nbformat.write(node, path)
    return path


def execute(source: Path, target: Path) -> list[str]:
    """Run a notebook with budgetlib's kernel manager; the text each cell printed."""
    papermill.execute_notebook(source, target, progress_bar=False, kernel_manager_class=kernels.GuardedKernelManager)
    cells = nbformat.read(target, as_version=4).cells
    return ["".join(o.get("text", "") for o in c.outputs if o.get("name") == "stdout") for c in cells]


def test_a_kernel_that_ran_fine_is_shut_down_without_an_interrupt(tmp_path, capfd):
    source = notebook(tmp_path, "import pandas\nanswer = 6 * 7")
    for run in range(3):  # without the guard, jupyter_client's SIGINT on the way out is logged about every other run
        execute(source, tmp_path / f"out{run}.ipynb")
    assert "KeyboardInterrupt" not in capfd.readouterr().err


PROBE = ("import json, os, sys, numpy\n"
         "print(json.dumps({'pid': os.getpid(), 'ppid': os.getppid(), 'mark': os.environ.get('BUDGETLIB_TEST_MARK'), "
         "'cwd': os.getcwd(), 'argv0': os.path.basename(sys.argv[0]), 'random': numpy.random.rand(), "
         "'left': 'leftover' in globals(), 'jpy_parent': os.environ.get('JPY_PARENT_PID')}))")


@FORK
def test_each_forked_kernel_is_a_fresh_process_with_the_environment_of_its_launch(tmp_path, monkeypatch):
    monkeypatch.setenv(kernels.START_VARIABLE, "fork")
    kernels.prestart()
    monkeypatch.setenv("BUDGETLIB_TEST_MARK", "set after the kernel parent started")
    first = json.loads(execute(notebook(tmp_path, PROBE, "leftover = 1"), tmp_path / "a.ipynb")[0])
    second = json.loads(execute(notebook(tmp_path, PROBE), tmp_path / "b.ipynb")[0])
    parent = kernels.KernelParent.get().process.pid
    assert first["pid"] != second["pid"] and first["ppid"] == second["ppid"] == parent != os.getpid()
    assert first["jpy_parent"] == str(parent)  # ipykernel's poller watches the process that is its parent
    assert second["mark"] == "set after the kernel parent started"  # the launch's environment, not the parent's
    assert second["cwd"] == os.getcwd() and second["argv0"] == "ipykernel_launcher.py"
    assert not second["left"]  # nothing of the notebook before
    assert first["random"] != second["random"]  # numpy's generator seeded afresh, as in a new Python


def test_a_spawned_kernel_is_a_child_of_this_process(tmp_path, monkeypatch):
    monkeypatch.setenv(kernels.START_VARIABLE, "spawn")
    probe = json.loads(execute(notebook(tmp_path, PROBE), tmp_path / "spawned.ipynb")[0])
    assert probe["ppid"] == os.getpid()
    assert kernels.start_method() == "spawn" and "new Python process" in kernels.describe()


@FORK
def test_a_launch_in_another_python_environment_is_spawned_not_forked(tmp_path, monkeypatch):
    monkeypatch.setenv(kernels.START_VARIABLE, "fork")
    kernels.prestart()
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    probe = json.loads(execute(notebook(tmp_path, PROBE), tmp_path / "other.ipynb")[0])
    assert probe["ppid"] == os.getpid()  # the kernel parent's imports were made under another sys.path


@FORK
def test_a_forked_kernel_that_dies_fails_its_notebook_and_the_notebook_is_kept(tmp_path, monkeypatch):
    from budgetlib.reports import _execute

    monkeypatch.setenv(kernels.START_VARIABLE, "fork")
    source = notebook(tmp_path, "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)")
    with pytest.raises(DeadKernelError):
        _execute(source, tmp_path / "dead.ipynb", {}, "python3")
    assert (tmp_path / "dead.ipynb").exists()  # the executed notebook is kept


@FORK
def test_a_forked_kernel_is_interrupted_and_killed_like_a_spawned_one(monkeypatch):
    monkeypatch.setenv(kernels.START_VARIABLE, "fork")

    async def scenario() -> tuple[str, int]:
        manager = kernels.GuardedKernelManager(kernel_name="python3")
        await manager.start_kernel()
        pid = manager.provisioner.pid
        client = manager.client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=60)
            request = client.execute("import time\ntime.sleep(60)")
            await asyncio.sleep(0.5)
            await manager.interrupt_kernel()
            reply = await client.get_shell_msg(timeout=20)
            assert reply["parent_header"]["msg_id"] == request
            error = reply["content"].get("ename", "")
        finally:
            client.stop_channels()
            await manager.shutdown_kernel(now=True)  # killed: SIGKILL to its process group
        return error, pid

    error, pid = asyncio.run(scenario())
    assert error == "KeyboardInterrupt"
    assert not _alive(pid)


@FORK
def test_the_kernel_parent_ends_with_the_process_that_started_it(tmp_path):
    script = ("import os, sys, time\nfrom budgetlib import kernels\nos.environ[kernels.START_VARIABLE] = 'fork'\n"
              "kernels.prestart()\nprint(kernels.KernelParent.get().process.pid, flush=True)\ntime.sleep(60)\n")
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    parent = int(process.stdout.readline())
    process.kill()  # no atexit, no clean-up: only the pipe it held closes
    process.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and _alive(parent):
        time.sleep(0.1)
    assert not _alive(parent)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[-1][0] != "Z"
    except FileNotFoundError:
        return False


def test_a_notebook_error_still_leaves_its_executed_notebook_with_the_traceback(tmp_path):
    from budgetlib import reports

    broken = tmp_path / "notebooks"
    broken.mkdir()
    (broken / "failing.py").write_text("# %%\nvalue = 1\n# %%\nraise ValueError('on purpose')\n", encoding="utf-8")
    original = reports.NOTEBOOKS
    reports.NOTEBOOKS = broken
    try:
        with pytest.raises(NotebookError, match="ValueError: on purpose"):
            reports.run("failing", {}, tmp_path / "out")
    finally:
        reports.NOTEBOOKS = original
    executed = nbformat.read(tmp_path / "out" / "failing.ipynb", as_version=4)
    assert any(o.get("ename") == "ValueError" for c in executed.cells for o in c.get("outputs", []))
