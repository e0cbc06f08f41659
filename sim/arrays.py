"""A replication's largest arrays, made again in the memory of the last replication's.

A nation's replication keeps its days by institutions by fields in arrays of a hundred
megabytes and more. glibc's allocator keeps no freed block above 32 MiB for reuse: each such
array is mapped from the operating system afresh, and the first write to each of its pages
stops the process while the kernel finds and clears memory for it. In a smaller region the
same arrays are reused by the allocator, so the cost grew with the region faster than the
region did (a national replication: 4.2 s with fresh arrays, 3.6 s reusing them).

So a process keeps the newest array of each large shape and type it made, and gives it out
again once nothing else holds it: not the replication's result, and no view of it (a view
holds the array it looks into). An array still held is never given out twice.
"""

from __future__ import annotations

import math
import sys

import numpy as np

# arrays below this size are reused by the allocator itself
LARGE = 32 << 20          # bytes
_KEPT: dict[tuple, np.ndarray] = {}
# a kept array nothing else holds is referred to by _KEPT, by the name it is looked up
# by, and by the call that counts the references
_UNHELD = 3


def zeros(shape: tuple[int, ...], dtype) -> np.ndarray:
    """``np.zeros(shape, dtype)``, in a large array's memory if one is free."""
    out = _free(shape, dtype)
    if out is None:
        return _kept(np.zeros(shape, dtype))
    out.fill(0)
    return out


def empty(shape: tuple[int, ...], dtype) -> np.ndarray:
    """``np.empty(shape, dtype)``, in a large array's memory if one is free (its values
    are the last user's: every one is to be written)."""
    out = _free(shape, dtype)
    return _kept(np.empty(shape, dtype)) if out is None else out


def release() -> None:
    """Let the kept arrays go (once nothing else holds them, their memory is returned)."""
    _KEPT.clear()


def _key(shape, dtype) -> tuple | None:
    dtype = np.dtype(dtype)
    if math.prod(shape) * dtype.itemsize < LARGE:
        return None
    return tuple(shape), dtype.str


def _free(shape, dtype) -> np.ndarray | None:
    key = _key(shape, dtype)
    kept = _KEPT.get(key) if key else None
    if kept is not None and sys.getrefcount(kept) == _UNHELD:
        return kept
    return None


def _kept(array: np.ndarray) -> np.ndarray:
    key = _key(array.shape, array.dtype)
    if key:
        _KEPT[key] = array          # the newest: an older one still held is left to its holder
    return array
