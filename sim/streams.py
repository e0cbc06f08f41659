"""Named random streams: one generator per stochastic input of the model.

Each stream is derived from the run's seed, the replication index and the stream's name,
so adding a stream leaves every other stream's draws unchanged, and two scenarios run with
the same seed see the same arrivals and the same children replication by replication
(common random numbers) wherever their inputs agree.
"""

from __future__ import annotations

import hashlib

import numpy as np


def stream_key(name: str) -> int:
    """A stable 64-bit number for a stream name (Python's hash() changes between runs)."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "little")


class Streams:
    """The random streams of one replication, created on first use."""

    def __init__(self, seed: int, replication: int):
        self.seed = seed
        self.replication = replication
        self._streams: dict[str, np.random.Generator] = {}

    def __call__(self, name: str) -> np.random.Generator:
        stream = self._streams.get(name)
        if stream is None:
            sequence = np.random.SeedSequence(
                entropy=self.seed, spawn_key=(self.replication, stream_key(name)))
            stream = self._streams[name] = np.random.Generator(np.random.PCG64(sequence))
        return stream
