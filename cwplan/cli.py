"""The ``cwplan`` command line: one sub-command per job, bad input reported in one line each.

Exit statuses are part of the interface: 0 done, 2 bad input (a file, an option, an
address), 3 no plan meets all targets, 130 interrupted by Ctrl-C, 143 stopped by SIGTERM,
1 anything else (a worker killed, a full disk). No traceback reaches the user unless
``CWPLAN_DEBUG=1`` is set.

SIGTERM is handled as Ctrl-C is: the command stops where it is, removes what it had begun
to write and marks its run ``interrupted``. A second Ctrl-C or SIGTERM while that clean-up
runs is ignored, so the clean-up finishes (it takes a moment) and no traceback is printed.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from importlib import metadata
from typing import Annotated

import click
import typer

from sim import WorkerLost
from sim.jsonio import NotANumber
from sim.scenario import InputError

app = typer.Typer(
    name="cwplan",
    help="Plan the consolidation of child welfare institutions (儿童福利机构优化提质和创新转型).",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT, EXIT_INFEASIBLE = 0, 1, 2, 3
# the parser's exceptions: typer's own (it carries a copy of click) and click's
_EXIT = tuple({typer.Exit, click.exceptions.Exit})
_ABORT = tuple({typer.Abort, click.exceptions.Abort})
_USAGE = tuple({getattr(typer, "TyperException", click.ClickException), click.ClickException})
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143


class Infeasible(Exception):
    """No plan meets every target; the message explains which targets and by how much."""


class Terminated(KeyboardInterrupt):
    """SIGTERM: stop as Ctrl-C stops (a KeyboardInterrupt, so every clean-up runs)."""


class Interrupted(Exception):
    """Ctrl-C or SIGTERM during a command (kept apart from KeyboardInterrupt, which the
    parser eats); ``status`` is the exit status it ends with."""

    def __init__(self, status: int = EXIT_INTERRUPTED):
        super().__init__(status)
        self.status = status


def version() -> str:
    try:
        return metadata.version("cwplan")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a bare source tree
        return "unknown"


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"cwplan {version()}")
        raise typer.Exit()


@app.callback()
def _options(
    show_version: Annotated[bool, typer.Option(
        "--version", callback=_show_version, is_eager=True,
        help="print the version of cwplan and exit")] = False,
) -> None:
    """Plan the consolidation of child welfare institutions (儿童福利机构优化提质和创新转型)."""


def _register() -> None:
    # Imported here so that `cwplan --help` stays fast and each command lives in its module.
    from cwplan import commands

    commands.register(app)


_registered = False
_pool_broken = False   # a worker died: the pool's exit hook would fail noisily, so skip hooks


_stopping: float | None = None   # when a signal stopped the command
CLEAN_UP_S = 5.0                  # later signals are ignored this long, while clean-up runs


def _stop(signum: int, frame) -> None:
    """The first Ctrl-C or SIGTERM stops the command; the next ones, for a few seconds,
    let its clean-up finish (a signal after that stops it again, should the first have
    been lost in code that swallows exceptions)."""
    global _stopping
    now = time.monotonic()
    if _stopping is not None and now - _stopping < CLEAN_UP_S:
        return
    _stopping = now
    raise Terminated() if signum == signal.SIGTERM else KeyboardInterrupt()


def _install_handlers() -> dict[int, object] | None:
    if threading.current_thread() is not threading.main_thread():
        return None
    previous = {}
    for signum in (signal.SIGINT, signal.SIGTERM):
        current = signal.getsignal(signum)
        previous[signum] = current
        # a Ctrl-C that the shell ignores for background jobs stays ignored
        if not (signum == signal.SIGINT and current == signal.SIG_IGN):
            signal.signal(signum, _stop)
    return previous


def _restore(previous: dict[int, object] | None) -> None:
    if _stopping is not None:
        return          # the process is ending: a late Ctrl-C must not interrupt its exit
    for signum, handler in (previous or {}).items():
        signal.signal(signum, handler)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (also used by the tests)."""
    global _registered
    if not _registered:
        _register()
        _registered = True
    previous = _install_handlers()
    try:
        return _dispatch(argv)
    finally:
        _restore(previous)


def _dispatch(argv: list[str] | None) -> int:
    try:
        status = app(args=argv, prog_name="cwplan", standalone_mode=False)
    except _EXIT as exc:
        return exc.exit_code
    except _USAGE as exc:
        print(usage_line(exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    except _ABORT:
        print("interrupted; nothing was marked complete", file=sys.stderr)
        return EXIT_INTERRUPTED
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except InputError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_BAD_INPUT
    except Infeasible as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INFEASIBLE
    except Interrupted as exc:
        return _interrupted(exc.status)
    except Terminated:
        return _interrupted(EXIT_TERMINATED)
    except KeyboardInterrupt:
        return _interrupted(EXIT_INTERRUPTED)
    except WorkerLost as exc:
        global _pool_broken
        _pool_broken = True
        print(f"cwplan: {exc}", file=sys.stderr)
        return EXIT_INTERNAL
    except Exception as exc:  # the last line of defence: one line, no traceback
        if os.environ.get("CWPLAN_DEBUG"):
            raise
        print(failure_line(exc), file=sys.stderr)
        return EXIT_INTERNAL
    return status if isinstance(status, int) else EXIT_OK


def _interrupted(status: int) -> int:
    what = "stopped (SIGTERM)" if status == EXIT_TERMINATED else "interrupted"
    print(f"{what}; nothing was marked complete", file=sys.stderr)
    return status


def usage_line(exc: Exception) -> str:
    """A parser error (bad option, missing argument) as one line naming the command."""
    ctx = getattr(exc, "ctx", None)
    where = ctx.command_path if ctx is not None else "cwplan"
    text = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    return f"{where}: " + " ".join(text.split())


def failure_line(exc: Exception) -> str:
    """One line for a failure that is not the input's fault."""
    from cwplan.outfolder import OutputError
    from cwplan.store import StoreError

    if isinstance(exc, StoreError | OutputError | NotANumber):
        return f"cwplan: {exc}"
    if isinstance(exc, OSError) and exc.strerror:
        where = f" {exc.filename}" if exc.filename else ""
        return f"cwplan: cannot write{where}: {exc.strerror}"
    return (f"cwplan: internal error: {type(exc).__name__}: {exc} "
            "(set CWPLAN_DEBUG=1 for details)")


def run() -> None:
    status = main()
    if _pool_broken or _stopping is not None:
        # everything is written or removed and the store is closed; the exit hooks of a
        # process pool whose workers were killed can only print a traceback or wait for
        # ever, and a late Ctrl-C must not end the process without its status
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    sys.exit(status)
