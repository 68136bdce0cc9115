"""Progress: a bar with an ETA on a terminal, one plain line per item in a log or CI.

On a terminal (stderr is a TTY) tqdm draws a bar per phase (documents, then notebooks) with its rate and
ETA, and lines that must stay (a failure) are written above it. Elsewhere nothing is redrawn: each document
and each notebook gets one line on stdout, so a CI log reads like a list.
"""

from __future__ import annotations

import sys
from collections.abc import Callable


class Progress:
    def __init__(self, bar: bool | None = None, echo: Callable[[str], None] | None = None):
        self.bar_wanted = sys.stderr.isatty() if bar is None else bar
        self._echo = echo or (lambda line: print(line, flush=True))
        self._bar = None
        self.total = 0
        self.done = 0

    def start(self, total: int, what: str) -> None:
        self.close()
        self.total, self.done = total, 0
        if self.bar_wanted and total:
            from tqdm import tqdm

            self._bar = tqdm(total=total, desc=what, unit=what.split()[-1], file=sys.stderr, dynamic_ncols=True,
                             smoothing=0.1)

    def item(self, line: str, important: bool = False, weight: int = 1) -> None:
        """One item finished (`weight` files of it): the bar moves (the line shows only if important), or the
        line is printed."""
        self.done += weight
        if self._bar is not None:
            if important:
                self._bar.write(line, file=sys.stderr)
            self._bar.update(weight)
        else:
            self._echo(f"[{self.done}/{self.total}] {line}")

    def note(self, line: str) -> None:
        if self._bar is not None:
            self._bar.write(line, file=sys.stderr)
        else:
            self._echo(line)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
