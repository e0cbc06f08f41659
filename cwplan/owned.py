"""Files cwplan may replace: the ones it wrote itself and nobody has changed since.

A YAML file written by ``cwplan import`` or ``cwplan synth`` opens with a line that carries
the digest of the rest of the file; a workbook written by ``cwplan template`` carries the
digest of its cells as a document property. An existing file is replaced only when its
digest still matches; anything else (a planner's own file, or one edited since) is refused
with exit status 2, and nothing is written. Writes go to a temporary file beside the
target, renamed into place when complete, so an interrupted command leaves the old file as
it was.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from sim.scenario import InputError, Problem

PREFIX = "# written by cwplan "
MARK = PREFIX + "import from "


def yaml_text(body: str, origin: str, command: str = "import from") -> str:
    """A YAML file's text with the line that marks it as cwplan's own: the command that
    wrote it (``import from`` a workbook, ``synth``) and the digest of the rest."""
    return f"{PREFIX}{command} {origin}; sha256 {_sha(body)}\n{body}"


def refuse_unless_ours(path: Path, option: str) -> None:
    """Stop before any work if ``path`` exists and is not an unchanged file of cwplan's."""
    if not path.exists() and not path.is_symlink():
        return
    if path.is_file() and not path.is_symlink() and _ours(path):
        return
    what = "a folder" if path.is_dir() else "a file cwplan did not write, or changed since"
    raise InputError([Problem(str(path), 0, option, f"exists and is {what}; not replaced",
                              "choose another name, or move the file away first")])


def _ours(path: Path) -> bool:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _ours_book(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    first, _, body = text.partition("\n")
    return first.startswith(PREFIX) and first.endswith(f"sha256 {_sha(body)}")


def _ours_book(path: Path) -> bool:
    from openpyxl import load_workbook

    from reports.region_book import DIGEST, digest

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # not a workbook at all: certainly not one of ours
        return False
    try:
        stored = {p.name: p.value for p in book.custom_doc_props}.get(DIGEST)
        return stored is not None and stored == digest(book)
    finally:
        book.close()


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_atomic(path: Path, write: Callable[[Path], object]) -> None:
    """Have ``write`` fill a temporary file beside ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        tmp.chmod(0o644)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
