"""A chart's series read back from the replications' files are the series in memory."""

from __future__ import annotations

from pathlib import Path

import numpy as np

import sim
from cwplan import outputs
from sim import plan as plans
from sim import rules
from sim.monitor import BY_CARE, DAILY_FIELDS, REQUIRED
from sim.scenario import load
from sim.series import Joined

SHAOXING = Path(__file__).parents[2] / "scenarios" / "shaoxing.yaml"


def test_every_group_read_in_one_pass_is_the_sum_in_memory(tmp_path):
    """Each institution alone, the others together, an institution in two groups at once
    and a group of none: from memory, from the replications' files and from the run's
    joined file, the same numbers to the last bit."""
    scenario = load(SHAOXING)
    rulebook = rules.load(scenario)
    kept = tmp_path / "series"
    kept.mkdir()
    memory = sim.run(scenario, rulebook, replications=3, seed=5, workers=1)
    disk = sim.run(scenario, rulebook, replications=3, seed=5, workers=1, series=kept)
    n = len(memory.world.institutions)
    groups = [[0], [n - 1], list(range(1, n)), [0, 2], []]
    fields = [*range(BY_CARE.start, BY_CARE.stop), REQUIRED, DAILY_FIELDS.index("caregivers")]
    expected = memory.summed_each(groups, fields)
    assert [g.shape for g in expected] == [(3, memory.world.days, len(fields))] * len(groups)
    assert expected[2].sum() > 0 and not expected[4].any()
    for found in (disk.summed_each(groups, fields), [disk.summed(g, fields) for g in groups]):
        assert all(np.array_equal(a, b) for a, b in zip(found, expected, strict=True))
    (tmp_path / "out").mkdir()
    outputs.write_simulation(tmp_path / "out", disk, plans.status_quo(scenario))
    disk.series = Joined(tmp_path / "out")
    joined = disk.summed_each(groups, fields)
    assert all(np.array_equal(a, b) for a, b in zip(joined, expected, strict=True))
    campaigns = [[k] for k in range(len(memory.world.campaigns))] + [[]]
    moved = memory.transfer_sums_each(campaigns)
    assert all(np.array_equal(a, b)
               for a, b in zip(disk.transfer_sums_each(campaigns), moved, strict=True))
