"""Output folders that never destroy what cwplan did not write.

Every folder a command writes (a run, a simulation, a plan, a comparison) carries a marker,
``.cwplan-output.json``, naming the kind of output, the version that wrote it and the files
it holds. An existing ``--out`` is replaced only when it is an empty folder or a cwplan output
of the same kind holding nothing but the files cwplan wrote there; anything else (someone's
documents, the scenario's own folder, a run of another kind, a file) is refused, in one line,
before any work is done. So is an ``--out`` that is or contains an input of the command: the
scenario and every file it reads, a plan, the run store, a run being compared, the working
folder.

The folder is written whole or not at all: everything goes into a hidden partial folder
beside the destination (``.NAME.partial-HOST-PID-XXXX``), made before the work starts, so
that a folder that cannot be written is found at once. It is renamed into place only when the
caller's block ends without an error; on any error, Ctrl-C or SIGTERM it is removed. A partial
or displaced folder left by a process that was killed outright is removed by the next command
writing beside it, once its owning process is gone.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from pathlib import Path

from sim.pids import alive
from sim.scenario import InputError, Problem

MARKER = ".cwplan-output.json"
KINDS = {"run": "a run", "simulate": "a simulation", "optimize": "a plan",
         "compare": "a comparison", "sensitivity": "a sensitivity analysis",
         "backtest": "a backtest", "report": "a report"}
_STEM = 80           # characters of the folder's name kept in its hidden partial's name


class OutputError(Exception):
    """The finished folder could not be put in place; the message says why, in one line."""


@dataclass(frozen=True)
class Guarded:
    """A path the output folder must neither be nor contain, and what it is."""

    path: Path
    what: str


def inputs_of(scenario) -> list[Guarded]:
    """Every file a scenario was read from: the scenario, its bases, region and rulebooks."""
    files = {Path(file) for file, _ in scenario.positions.values()}
    files |= {Path(scenario.path), Path(scenario.region_path)}
    out = [Guarded(Path(scenario.path), "the scenario file"),
           Guarded(Path(scenario.region_path), "the scenario's region file")]
    out += [Guarded(p, "a rulebook of the scenario") for p in scenario.rulebooks.values()]
    out += [Guarded(p, "a file the scenario reads") for p in sorted(files)]
    return out


def prepare(out: Path, kind: str, guarded: Iterable[Guarded] = ()) -> Target:
    """Check ``out`` for a command of this kind and make its partial folder.

    Raises ``InputError`` (exit 2, one line) when ``out`` may not be written.
    """
    target = Target(Path(out), kind, (*guarded, Guarded(Path.cwd(), "the working folder")))
    target.check()
    target.open()
    return target


class Target:
    """An output folder being written: checked, partial, then put in place."""

    def __init__(self, out: Path, kind: str, guarded: tuple[Guarded, ...]):
        if kind not in KINDS:
            raise ValueError(f"unknown kind of output {kind!r}")
        self.out, self.kind, self.guarded = out, kind, guarded
        self.partial: Path | None = None

    # --- checks ------------------------------------------------------------------------

    def refuse(self, message: str, allowed: str = "another --out") -> None:
        raise InputError([Problem(str(self.out), 0, "", message, allowed)])

    def check(self) -> None:
        """Refuse an ``out`` that is a file, an input, or a folder cwplan did not write."""
        out = self.out
        if out.is_symlink():
            self.refuse("is a symbolic link, not a folder", "the folder itself, or another --out")
        for parent in [out, *out.parents]:
            if parent.exists():
                if not parent.is_dir():
                    self.refuse("is a file, not a folder" if parent == out else
                                f"{parent} is a file, not a folder")
                break
        where = _absolute(out)
        for g in self.guarded:
            inside = _absolute(g.path)
            if inside == where or where in inside.parents:
                same = "is" if inside == where else "contains"
                self.refuse(f"{same} {g.path}, {g.what}; it would be replaced",
                            "an --out that holds no input")
        if out.is_dir():
            self._replaceable(out)

    def _replaceable(self, out: Path) -> None:
        found = sorted(_contents(out))
        if not found:
            return
        marker = _read_marker(out)
        if marker is None:
            self.refuse("exists and is not a folder cwplan wrote; cwplan replaces only its own "
                        "output folders", "another --out, or empty this folder yourself")
        kind = marker.get("kind")
        if kind != self.kind:
            self.refuse(f"holds {KINDS.get(kind, 'another kind of output')}, not "
                        f"{KINDS[self.kind]}", "another --out")
        written = set(marker.get("files") or [])
        foreign = [name for name in found if name not in written and name != MARKER]
        if foreign:
            self.refuse(f"holds {foreign[0]}, which cwplan did not write"
                        + (f" (and {len(foreign) - 1} more)" if len(foreign) > 1 else ""),
                        "move it out first, or another --out")

    # --- writing -----------------------------------------------------------------------

    def open(self) -> None:
        parent = _absolute(self.out).parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
            clean_leftovers(parent, _stem(self.out))
            self.partial = Path(tempfile.mkdtemp(prefix=_prefix(self.out, "partial"),
                                                 dir=parent))
            self.partial.chmod(0o755)
        except OSError as exc:
            self.refuse(f"cannot write here: {exc.strerror or exc}", "a folder you can write to")

    def discard(self) -> None:
        if self.partial is not None:
            shutil.rmtree(self.partial, ignore_errors=True)
            self.partial = None

    @contextlib.contextmanager
    def writing(self) -> Iterator[Path]:
        """The partial folder; put in place when the block ends without an error."""
        if self.partial is None:
            self.open()
        try:
            yield self.partial
            self.commit()
        finally:
            self.discard()

    def commit(self) -> None:
        """Mark the partial folder as cwplan's and rename it into place."""
        tmp, out = self.partial, _absolute(self.out)
        files = sorted(_contents(tmp))
        _write_marker(tmp, self.kind, files)
        try:
            self.check()          # the folder may have changed while the work went on
        except InputError as exc:
            raise OutputError(str(exc.problems[0])) from None
        try:
            _replace(tmp, out)
        except OSError as exc:
            raise OutputError(f"{self.out}: cannot put the finished folder in place: "
                              f"{exc.strerror or exc}") from None
        self.partial = None


def _replace(tmp: Path, out: Path) -> None:
    if not out.exists():
        os.rename(tmp, out)
        return
    with contextlib.suppress(OSError):     # an empty folder is replaced at once
        os.rename(tmp, out)
        return
    old = Path(tempfile.mkdtemp(prefix=_prefix(out, "old"), dir=out.parent))
    os.rename(out, old / "folder")
    try:
        os.rename(tmp, out)
    except OSError:
        os.rename(old / "folder", out)      # put the earlier output back
        shutil.rmtree(old, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)


# --- the marker ---------------------------------------------------------------------------

def _write_marker(folder: Path, kind: str, files: list[str]) -> None:
    try:
        version = metadata.version("cwplan")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a source tree
        version = "unknown"
    record = {"written_by": "cwplan", "kind": kind, "version": version,
              "written": datetime.now().isoformat(timespec="seconds"), "files": files}
    (folder / MARKER).write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n",
                                 encoding="utf-8")


def _read_marker(folder: Path) -> dict | None:
    try:
        record = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("written_by") != "cwplan":
        return None
    return record


def is_output(folder: Path, kind: str | None = None) -> bool:
    """Whether a folder is a cwplan output folder (of this kind)."""
    marker = _read_marker(Path(folder))
    return marker is not None and (kind is None or marker.get("kind") == kind)


def _contents(folder: Path) -> Iterator[str]:
    """Every file and folder below ``folder``, as relative POSIX paths."""
    for dirpath, dirnames, filenames in os.walk(folder):
        rel = Path(dirpath).relative_to(folder)
        for name in (*dirnames, *filenames):
            yield (rel / name).as_posix()


# --- leftovers of killed processes --------------------------------------------------------

def _stem(out: Path) -> str:
    return _absolute(out).name[:_STEM]


def _prefix(out: Path, what: str) -> str:
    return f".{_stem(out)}.{what}-{socket.gethostname()}-{os.getpid()}-"


def clean_leftovers(parent: Path, stem: str) -> None:
    """Remove partial and displaced folders of ``stem`` whose process on this host is gone."""
    host = socket.gethostname()
    for what in ("partial", "old"):
        for path in parent.glob(f".{glob_escape(stem)}.{what}-*"):
            owner = path.name[len(f".{stem}.{what}-"):].rsplit("-", 2)
            if len(owner) == 3 and owner[0] == host and owner[1].isdigit() \
                    and not alive(int(owner[1])):
                shutil.rmtree(path, ignore_errors=True)


def glob_escape(text: str) -> str:
    """Text matched literally by ``Path.glob`` (a name may hold *, ? and [)."""
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)


def _absolute(path: Path) -> Path:
    """The path with symbolic links of its existing part followed, without requiring it."""
    return Path(os.path.realpath(path))
