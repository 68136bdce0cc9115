"""Kernels of a batch: started on sockets of their own, and shut down without an interrupt, so that a notebook
that ran fine leaves no "KeyboardInterrupt caught in kernel" in the batch's output. Real kernels (papermill)."""

from __future__ import annotations

import nbformat
import papermill

from budgetlib import kernels


def test_a_kernel_that_ran_fine_is_shut_down_without_an_interrupt(tmp_path, capfd):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import pandas\nanswer = 6 * 7")])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, tmp_path / "in.ipynb")
    for run in range(3):  # without the guard, jupyter_client's SIGINT on the way out is logged about every other run
        papermill.execute_notebook(tmp_path / "in.ipynb", tmp_path / f"out{run}.ipynb", progress_bar=False,
                                   kernel_manager_class=kernels.GuardedKernelManager)
    assert "KeyboardInterrupt" not in capfd.readouterr().err
