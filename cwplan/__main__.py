"""``python -m cwplan``: the same as the ``cwplan`` command."""

from cwplan.cli import run

run()
