"""Progress for long stages: a bar on a terminal, plain lines when the output is a file."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

console = Console(stderr=True)

#: Width of tables written to a file or a pipe, where there is no terminal to measure: wide
#: enough that a log keeps one row per line (rich would otherwise assume 80 columns).
LOG_WIDTH = 160


def stdout() -> Console:
    """A console for the command's results: the terminal's width, or LOG_WIDTH in a log."""
    out = Console()
    if not out.is_terminal and "COLUMNS" not in os.environ:
        out.width = LOG_WIDTH
    return out


@contextmanager
def stage(label: str, total: int | None = None) -> Iterator:
    """Report a stage's progress; yields a function taking the number of items done."""
    if console.is_terminal:
        columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn()] if total else [TextColumn("{task.description}"),
                                                       TimeElapsedColumn()]
        with Progress(*columns, console=console, transient=False) as bar:
            task = bar.add_task(label, total=total)
            yield lambda done: bar.update(task, completed=done)
            bar.update(task, completed=total)
        return
    started = time.perf_counter()
    print(f"{label} ...", file=sys.stderr, flush=True)
    step = max((total or 1) // 4, 1)

    def report(done: int) -> None:
        if total and (done % step == 0 or done == total):
            print(f"{label}: {done}/{total}", file=sys.stderr, flush=True)

    yield report
    print(f"{label}: done in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
