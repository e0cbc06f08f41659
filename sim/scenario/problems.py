"""A problem in an input file, and the error that carries all of them."""

from __future__ import annotations

from dataclasses import dataclass

# --- Problems and the error that carries them ------------------------------------------

@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as the file allows."""

    file: str
    line: int
    path: str
    message: str
    allowed: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        text = f"{text} ({self.allowed})" if self.allowed else text
        return text.translate(_ONE_LINE)  # a key may hold a line break; a problem is one line


# Control characters shown escaped, as Python writes them, so that each problem is one line.
_ONE_LINE = {c: repr(chr(c))[1:-1] for c in (*range(0x20), 0x7F, 0x85, 0x2028, 0x2029)}


class InputError(Exception):
    """Raised with every problem found in the input; the command line prints one per line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
