"""Solve one OR-Library facility-location file and print the result as one JSON object.

    python -m optimize.orlib FILE [--single-source] [--capacity C] [--p P] [--time-limit S]
                                  [--format cap|pmed|sscflp] [--method M] [--gap G]

The format is detected from the content unless ``--format`` is given (see
optimize.orlib_io). capa/capb/capc need ``--capacity C``; a p-median file carries its own p
(``--p`` overrides it); sscflp files are single-source. Standard output holds exactly one
JSON object: objective, bound, gap, status, seconds, plus open facilities (0-based) and the
method used. A file that cannot be read gives one line ``FILE: what is wrong`` on standard
error and exit status 2; so does an argument the solver cannot accept.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys

from optimize.facility import METHODS, check_method, solve
from optimize.orlib_io import FORMATS, OrlibFormatError, read_instance


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, like every other input error
        self.exit(2, f"{self.prog}: {message}\n")


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m optimize.orlib", description=__doc__.splitlines()[0])
    p.add_argument("file", help="an OR-Library cap*, pmed* or single-source (sscflp) file")
    p.add_argument("--single-source", action="store_true", help="each customer from one facility")
    p.add_argument("--capacity", type=float, help="capacity of every warehouse (capa/b/c)")
    p.add_argument("--p", type=int, help="number of facilities to open (p-median)")
    p.add_argument("--time-limit", type=float, default=60.0, help="seconds (default 60)")
    p.add_argument("--format", choices=FORMATS, help="skip format detection")
    p.add_argument("--method", choices=METHODS, default="auto")
    p.add_argument("--gap", type=float, default=1e-9, help="relative gap proven (default 1e-9)")
    p.add_argument("--workers", type=int, default=8, help="CP-SAT search workers")
    p.add_argument("--seed", type=int, default=0)
    return p


@contextlib.contextmanager
def native_output_silenced():
    """Send what the C++ solvers print (banners, SCIP notices) to /dev/null."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    sink = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(sink, 1)
        os.dup2(sink, 2)
        yield
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in (*saved, sink):
            os.close(fd)


def load(args) -> tuple:
    """The instance with the command-line changes applied, and the reader's notes."""
    parsed = read_instance(args.file, args.format, args.capacity)
    instance = parsed.instance
    changes = {}
    if args.single_source:
        changes["single_source"] = True
    if args.p is not None:
        changes["p"] = args.p
    if changes:
        instance = instance.replace(**changes)
    return instance, parsed


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        instance, parsed = load(args)
        if args.time_limit < 0 or not 0 <= args.gap < 1:
            raise ValueError("--time-limit must be >= 0 and --gap in [0, 1)")
        check_method(instance, args.method)
    except (OrlibFormatError, ValueError) as exc:
        print(f"{args.file}: {exc}", file=sys.stderr)
        return 2
    for note in parsed.notes:
        print(f"{args.file}: note: {note}", file=sys.stderr)
    with native_output_silenced():
        solution = solve(instance, args.time_limit, args.gap, args.workers, args.seed, args.method)
    m, n = instance.shape
    report = solution.to_dict() | {
        "format": parsed.file_format,
        "facilities": m,
        "customers": n,
        "single_source": instance.single_source,
        "p": instance.p,
    }
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
