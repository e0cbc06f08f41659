"""The options several commands share, each defined once: its help, its default, its limits.

The limits are those of the scenario file (``sim.scenario.model``), so ``--replications``
refuses what ``run: replications:`` refuses. A bad value ends the command with status 2 and
one line before any work starts; so does a ``--scheduler`` address that is malformed or where
no scheduler answers.
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

import typer

from sim.scenario import InputError, Problem
from sim.scenario.model import MAX_REPLICATIONS, MAX_SEED, MAX_WORKERS, MIN_REPLICATIONS

Replications = Annotated[int | None, typer.Option(
    "--replications", min=MIN_REPLICATIONS, max=MAX_REPLICATIONS,
    show_default="the scenario's run.replications, 20 when it gives none; when that is "
                 "auto, batches until every verdict is decided, its interval narrower than the "
                 "set width, or the cap",
    help=f"a fixed number of replications to simulate, {MIN_REPLICATIONS} (an interval needs "
         f"two) to {MAX_REPLICATIONS:,}")]
Seed = Annotated[int | None, typer.Option(
    "--seed", min=0, max=MAX_SEED, show_default="the scenario's run.seed, 0 when it gives none",
    help="seed of the random numbers, 0 to 2^63-1; the same seed gives the same numbers")]
Workers = Annotated[int | None, typer.Option(
    "--workers", min=1, max=MAX_WORKERS,
    show_default="the scenario's run.workers, else one per core",
    help=f"worker processes, 1 to {MAX_WORKERS}; the results do not depend on it")]
Lang = Annotated[str | None, typer.Option(
    "--lang", show_default="zh when the names are Chinese",
    help="language of the report: zh or en")]
Store = Annotated[Path | None, typer.Option(
    "--store", show_default="$CWPLAN_STORE, else runs.duckdb in the user's data folder",
    help="run store file")]
Scheduler = Annotated[str | None, typer.Option(
    "--scheduler", show_default="worker processes on this machine",
    help="address of a running Dask scheduler to run replications on, e.g. "
         "tcp://127.0.0.1:8786")]
Pdf = Annotated[bool, typer.Option(
    "--pdf", show_default="off",
    help="also write report.pdf (A4, printed by the headless Chromium on this machine)")]
RegionAnywhere = Annotated[bool, typer.Option(
    "--region-anywhere", show_default="off: the region must lie in the scenario's folder",
    help="follow a region: path that leads outside the scenario's folder")]


def out_folder(what: str, holding: str = "") -> type:
    """The required ``--out`` of a command that writes a folder: an existing one is replaced
    only if it is ``what`` cwplan wrote (``cwplan.outfolder``)."""
    return Annotated[Path, typer.Option(
        "--out", show_default=False,
        help=f"output folder{holding}; an existing one is replaced only if it is {what} "
             "cwplan wrote")]


def check_lang(lang: str | None) -> None:
    if lang not in (None, "zh", "en"):
        raise InputError([Problem("--lang", 0, "", f"{lang!r} is not a language", "zh or en")])


SCHEMES = ("tcp", "tls", "ws", "wss")


def check_scheduler(address: str | None, timeout: float = 5.0) -> None:
    """Refuse a scheduler address that is malformed or where nothing answers."""
    if address is None:
        return
    shown = " ".join(address.split()) or repr(address)

    def bad(message: str) -> InputError:
        return InputError([Problem("--scheduler", 0, "", f"{shown}: {message}",
                                   "tcp://HOST:PORT of a running Dask scheduler")])

    text = address.strip()
    parts = urlsplit(text if "://" in text else f"tcp://{text}")
    try:
        port = parts.port
    except ValueError:
        raise bad("the port is not a number from 1 to 65535") from None
    if parts.scheme not in SCHEMES:
        raise bad(f"{parts.scheme}:// is not a scheduler protocol")
    if not parts.hostname or port is None or not 1 <= port <= 65535 or \
            parts.path not in ("", "/") or any(c.isspace() for c in text):
        raise bad("not an address")
    try:
        with socket.create_connection((parts.hostname, port), timeout=timeout):
            pass
    except (OSError, UnicodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise bad(f"no scheduler answers there ({reason})") from None
