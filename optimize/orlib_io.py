"""Readers for the OR-Library facility-location benchmark files.

Three public file formats describe the same kind of problem: which warehouses (facilities) to
open and which customers each one serves.

* ``cap``    Beasley's capacitated warehouse location files (cap41 ... cap134, capa/b/c):
  ``m n``, then ``capacity fixed_cost`` per warehouse, then per customer its demand followed by
  the m costs of serving ALL of that customer's demand from each warehouse. capa/b/c carry the
  literal word ``capacity`` instead of a number; the caller supplies the value.
* ``pmed``   Beasley's p-median graphs: ``n e p``, then ``e`` undirected edges ``u v cost``
  (1-based). Distances are all-pairs shortest paths; when a vertex pair is listed twice the
  LAST cost wins (only that rule reproduces the published optima).
* ``sscflp`` the single-source sets of Holmberg, Yang and Guastaroba: ``m n``, ``capacity
  fixed_cost`` per facility, the n demands, then a FACILITY-major m x n cost matrix. Some
  Holmberg files end in NUL padding, use CRLF, or (p47) carry junk tokens after the costs;
  only the first m*n cost tokens are read and the surplus is reported as a note.

Line breaks carry no meaning in any format: files are read as one stream of tokens. Every
malformed file raises :class:`OrlibFormatError`, whose message names what is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import shortest_path

from optimize.facility import FacilityInstance

FORMATS = ("cap", "pmed", "sscflp")


class OrlibFormatError(ValueError):
    """The file cannot be read as the requested OR-Library format."""


@dataclass(frozen=True)
class ParsedFile:
    """An instance read from a file, with the format used and any reader notes."""

    instance: FacilityInstance
    file_format: str
    notes: tuple[str, ...] = ()


def read_tokens(path: str | Path) -> list[str]:
    """Whitespace tokens of a file; NUL padding (some Holmberg files) counts as whitespace."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise OrlibFormatError(f"cannot read file ({exc.strerror or exc})") from exc
    return raw.replace(b"\x00", b" ").decode("latin-1").split()


def _numbers(tokens: list[str], start: int, count: int, what: str) -> np.ndarray:
    chunk = tokens[start : start + count]
    if len(chunk) < count:
        raise OrlibFormatError(f"file ends early: expected {count} {what}, found {len(chunk)}")
    for offset, token in enumerate(chunk):
        if not _is_number(token):
            position = start + offset + 1
            raise OrlibFormatError(f"non-numeric token {token!r} at token {position} ({what})")
    return np.array([float(token) for token in chunk], dtype=float)


def _is_number(token: str) -> bool:
    try:
        return bool(np.isfinite(float(token)))
    except ValueError:
        return False


def _size(tokens: list[str], index: int, what: str) -> int:
    if index >= len(tokens):
        raise OrlibFormatError(f"file ends before {what}")
    token = tokens[index]
    if not token.isdigit() or int(token) <= 0:
        raise OrlibFormatError(f"{what} must be a positive integer, found {token!r}")
    return int(token)


def _check_count(tokens: list[str], expected: int, allow_surplus: bool = False) -> tuple[str, ...]:
    found = len(tokens)
    if found < expected or (found > expected and not allow_surplus):
        raise OrlibFormatError(f"wrong token count: expected {expected}, found {found}")
    if found > expected:
        return (f"ignored {found - expected} trailing tokens after the cost matrix",)
    return ()


def parse_cap(tokens: list[str], capacity: float | None = None) -> ParsedFile:
    """Beasley ``cap`` format; ``capacity``, when given, is every warehouse's capacity.

    capa/b/c write the word ``capacity`` where the number belongs, so they need it.
    """
    m, n = _size(tokens, 0, "number of warehouses"), _size(tokens, 1, "number of customers")
    _check_count(tokens, 2 + 2 * m + n * (1 + m))
    body = list(tokens[2:])
    if capacity is not None:
        body[0 : 2 * m : 2] = [repr(float(capacity))] * m
    elif "capacity" in body[0 : 2 * m : 2]:
        raise OrlibFormatError("capacities are the word 'capacity': give --capacity C")
    values = _numbers(tokens[:2] + body, 2, len(body), "numbers")
    capacities, fixed = values[: 2 * m : 2], values[1 : 2 * m : 2]
    blocks = values[2 * m :].reshape(n, 1 + m)
    instance = FacilityInstance(
        capacity=capacities, fixed_cost=fixed, demand=blocks[:, 0], cost=blocks[:, 1:].T
    )
    return ParsedFile(instance, "cap")


def parse_sscflp(tokens: list[str]) -> ParsedFile:
    """Single-source format (facility-major costs); surplus trailing tokens are a note."""
    m, n = _size(tokens, 0, "number of facilities"), _size(tokens, 1, "number of customers")
    notes = _check_count(tokens, 2 + 2 * m + n + m * n, allow_surplus=True)
    head = _numbers(tokens, 2, 2 * m, "capacity/fixed-cost pairs")
    demand = _numbers(tokens, 2 + 2 * m, n, "demands")
    cost = _numbers(tokens, 2 + 2 * m + n, m * n, "costs").reshape(m, n)
    instance = FacilityInstance(
        capacity=head[0::2], fixed_cost=head[1::2], demand=demand, cost=cost, single_source=True
    )
    return ParsedFile(instance, "sscflp", notes)


def parse_pmed(tokens: list[str]) -> ParsedFile:
    """p-median graph: all-pairs shortest paths, the last cost of a repeated edge wins."""
    n, edges = _size(tokens, 0, "number of vertices"), _size(tokens, 1, "number of edges")
    p = _size(tokens, 2, "number of medians")
    _check_count(tokens, 3 + 3 * edges)
    if p > n:
        raise OrlibFormatError(f"p = {p} exceeds the number of vertices {n}")
    triples = _numbers(tokens, 3, 3 * edges, "edge triples").reshape(edges, 3)
    ends = triples[:, :2].astype(int) - 1
    if (triples[:, :2] != ends + 1).any() or ends.min() < 0 or ends.max() >= n:
        raise OrlibFormatError(f"edge endpoints must be integers between 1 and {n}")
    if (triples[:, 2] < 0).any():
        raise OrlibFormatError("edge costs must be non-negative")
    return ParsedFile(_pmed_instance(n, p, ends, triples[:, 2]), "pmed")


def _pmed_instance(n: int, p: int, ends: np.ndarray, costs: np.ndarray) -> FacilityInstance:
    # Keep the last listed cost per unordered pair: later rows overwrite earlier ones.
    last = {}
    for (u, v), c in zip(ends.tolist(), costs.tolist(), strict=True):
        last[(min(u, v), max(u, v))] = c
    rows, cols = np.array(list(last)).T
    weights = np.array(list(last.values()))
    graph = coo_matrix((weights, (rows, cols)), shape=(n, n)).tocsr()
    distance = shortest_path(graph, method="D", directed=False)
    if not np.isfinite(distance).all():
        raise OrlibFormatError("graph is not connected")
    return FacilityInstance(
        capacity=np.full(n, np.inf),
        fixed_cost=np.zeros(n),
        demand=np.ones(n),
        cost=distance,
        p=p,
    )


def detect_format(path: str | Path, tokens: list[str]) -> str:
    """Guess the format: pmed header, ``capacity`` word, else cap vs sscflp by line layout.

    cap and sscflp files of the same size have the same token count, so the layout decides:
    in cap files the line after the m facility lines holds one customer's demand alone,
    in sscflp files it holds a row of demands. Use an explicit format when in doubt.
    """
    header = len(tokens) >= 3 and all(t.isdigit() for t in tokens[:3])
    if header and len(tokens) == 3 + 3 * int(tokens[1]):
        return "pmed"
    if "capacity" in tokens[:200]:
        return "cap"
    m = int(tokens[0]) if tokens and tokens[0].isdigit() else 0
    lines = [
        line.split()
        for line in Path(path).read_bytes().replace(b"\x00", b" ").decode("latin-1").splitlines()
    ]
    lines = [line for line in lines if line]
    if m and len(lines) > m + 1 and len(lines[0]) == 2:
        return "cap" if len(lines[m + 1]) == 1 else "sscflp"
    raise OrlibFormatError("cannot detect the format: give --format cap|pmed|sscflp")


def read_instance(
    path: str | Path, file_format: str | None = None, capacity: float | None = None
) -> ParsedFile:
    """Read an OR-Library file; ``file_format`` of None means detect it from the content."""
    tokens = read_tokens(path)
    if not tokens:
        raise OrlibFormatError("file is empty")
    chosen = file_format or detect_format(path, tokens)
    if chosen == "cap":
        return parse_cap(tokens, capacity)
    if chosen == "pmed":
        return parse_pmed(tokens)
    if chosen == "sscflp":
        return parse_sscflp(tokens)
    raise OrlibFormatError(f"unknown format {chosen!r}; expected one of {', '.join(FORMATS)}")
