"""A replication packed on a worker of a cluster is unpacked here into the very files a
worker on this machine would have written."""

from __future__ import annotations

import copy
from pathlib import Path

from sim import plan as plans
from sim import rules
from sim.runner import run_replication
from sim.scenario import load
from sim.series import Series
from sim.world import build

SHAOXING = Path(__file__).parents[2] / "scenarios" / "shaoxing.yaml"


def test_packed_records_unpack_into_the_files_written_here(tmp_path):
    scenario = load(SHAOXING)
    world = build(scenario, rules.load(scenario), plans.status_quo(scenario))
    here = run_replication(world, 11, 3)
    there = copy.deepcopy(here)
    written, received = tmp_path / "written", tmp_path / "it's 收到的 files"
    written.mkdir()
    received.mkdir()
    Series(written).keep(world, here)
    packed = Series.packed(world, there)
    assert set(packed) == {"timeseries", "transfers", "events"}
    Series(received).unpack(there, packed)
    for rep in (here, there):
        assert rep.on_disk and rep.daily is None and rep.events is None
        assert rep.transfers is None and rep.cost_to_date is None
    files = sorted(p.name for p in written.iterdir())
    assert files == sorted(p.name for p in received.iterdir())
    assert files == [f"{t}-000003.arrow" for t in ("events", "timeseries", "transfers")]
    for name in files:
        assert (written / name).read_bytes() == (received / name).read_bytes()
