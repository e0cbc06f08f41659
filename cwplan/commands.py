"""Where each sub-command is attached to the application, one module per command."""

from __future__ import annotations

import functools
from collections.abc import Callable

import typer


def guarded(command: Callable) -> Callable:
    """Let Ctrl-C (130) and SIGTERM (143) end a command instead of the parser's generic abort."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        from cwplan.cli import EXIT_TERMINATED, Interrupted, Terminated

        try:
            return command(*args, **kwargs)
        except Terminated:
            raise Interrupted(EXIT_TERMINATED) from None
        except KeyboardInterrupt:
            raise Interrupted() from None

    return wrapper


def register(app: typer.Typer) -> None:
    from cwplan import (
        cmd_backtest,
        cmd_compare,
        cmd_optimize,
        cmd_report,
        cmd_rules,
        cmd_run,
        cmd_sensitivity,
        cmd_simulate,
        cmd_synth,
        cmd_validate,
        cmd_workbook,
    )

    app.command("validate")(guarded(cmd_validate.validate))
    app.command("schema")(guarded(cmd_validate.schema))
    app.command("rules")(guarded(cmd_rules.rules))
    app.command("simulate")(guarded(cmd_simulate.simulate))
    app.command("optimize")(guarded(cmd_optimize.optimize_command))
    app.command("run")(guarded(cmd_run.run))
    app.command("runs")(guarded(cmd_run.runs))
    app.command("report")(guarded(cmd_report.report))
    app.command("synth")(guarded(cmd_synth.synth))
    app.command("compare")(guarded(cmd_compare.compare))
    app.command("backtest")(guarded(cmd_backtest.backtest))
    app.command("sensitivity")(guarded(cmd_sensitivity.sensitivity))
    app.command("template")(guarded(cmd_workbook.template))
    app.command("import")(guarded(cmd_workbook.import_region))
