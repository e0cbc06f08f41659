"""The ``cwplan`` command line: one sub-command per job, bad input reported in one line each.

Exit statuses are part of the interface: 0 done, 2 bad input, 3 no plan meets all targets,
130 interrupted. No traceback reaches the user unless ``CWPLAN_DEBUG=1`` is set.
"""

from __future__ import annotations

import os
import sys

import typer

from sim import WorkerLost
from sim.scenario import InputError

app = typer.Typer(
    name="cwplan",
    help="Plan the consolidation of child welfare institutions (儿童福利机构优化提质和创新转型).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT, EXIT_INFEASIBLE, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


class Infeasible(Exception):
    """No plan meets every target; the message explains which targets and by how much."""


class Interrupted(Exception):
    """Ctrl-C during a command (kept apart from KeyboardInterrupt, which the parser eats)."""


def _register() -> None:
    # Imported here so that `cwplan --help` stays fast and each command lives in its module.
    from cwplan import commands

    commands.register(app)


_registered = False
_pool_broken = False   # a worker died: the pool's exit hook would fail noisily, so skip hooks


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (also used by the tests)."""
    global _registered
    if not _registered:
        _register()
        _registered = True
    try:
        app(args=argv, prog_name="cwplan")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except InputError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_BAD_INPUT
    except Infeasible as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_INFEASIBLE
    except (KeyboardInterrupt, Interrupted):
        print("interrupted; nothing was marked complete", file=sys.stderr)
        return EXIT_INTERRUPTED
    except WorkerLost as exc:
        global _pool_broken
        _pool_broken = True
        print(f"cwplan: {exc}", file=sys.stderr)
        return EXIT_INTERNAL
    except Exception as exc:  # the last line of defence: one line, no traceback
        if os.environ.get("CWPLAN_DEBUG"):
            raise
        print(f"cwplan: internal error: {type(exc).__name__}: {exc} "
              "(set CWPLAN_DEBUG=1 for details)", file=sys.stderr)
        return EXIT_INTERNAL
    return EXIT_OK


def run() -> None:
    status = main()
    if _pool_broken:
        # everything is written and the store is closed; the broken process pool's own exit
        # hook can only print a traceback or hang, so leave without running exit hooks
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    sys.exit(status)
