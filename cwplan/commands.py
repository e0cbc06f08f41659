"""Where each sub-command is attached to the application, one module per command."""

from __future__ import annotations

import functools
from collections.abc import Callable

import typer


def guarded(command: Callable) -> Callable:
    """Let Ctrl-C end a command with status 130 instead of the parser's generic abort."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        from cwplan.cli import Interrupted

        try:
            return command(*args, **kwargs)
        except KeyboardInterrupt:
            raise Interrupted() from None

    return wrapper


def register(app: typer.Typer) -> None:
    from cwplan import cmd_rules, cmd_simulate, cmd_validate

    app.command("validate")(guarded(cmd_validate.validate))
    app.command("schema")(guarded(cmd_validate.schema))
    app.command("rules")(guarded(cmd_rules.rules))
    app.command("simulate")(guarded(cmd_simulate.simulate))
    app.command("synth")(guarded(__import__("cwplan.cmd_synth", fromlist=["synth"]).synth))
