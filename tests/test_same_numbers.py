"""A faster program gives the same numbers: summary, plan, time series, transfers and events
of a fixed scenario and seed are those the program gave before it was made faster
(``tests/data/same-numbers.json``, made by ``tests/same_numbers.py``; see its docstring), on
one worker, on two, and on a Dask cluster."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests import same_numbers

GOLDEN = Path(__file__).parent / "data" / "same-numbers.json"


def _differences(found: dict, expected: dict) -> list[str]:
    """Where two records differ, file by file and section by section."""
    out = []
    for name, want in expected.items():
        if name in ("made", "scenario", "seed", "replications"):
            continue
        got = found.get(name)
        if got == want:
            continue
        if isinstance(want, dict) and isinstance(got, dict):
            for key in sorted(set(want) | set(got)):
                if got.get(key) != want.get(key):
                    detail = want.get(key)
                    if isinstance(detail, dict) and isinstance(got.get(key), dict):
                        keys = sorted(k for k in set(detail) | set(got[key])
                                      if detail.get(k) != got[key].get(k))
                        out.append(f"{name}: {key}: {', '.join(keys)}")
                    else:
                        out.append(f"{name}: {key}: {got.get(key)!r} != {detail!r}")
        else:
            out.append(f"{name}: {got!r} != {want!r}")
    return out


@pytest.fixture(scope="module")
def expected() -> dict:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("workers", "on_disk"), [(1, False), (2, False), (2, True)])
def test_the_outputs_are_those_of_before(tmp_path, expected, workers, on_disk):
    """In memory or with each replication's records written to disk as it ends."""
    out = tmp_path / "out"
    out.mkdir()
    series = tmp_path / "series" if on_disk else None
    if series is not None:
        series.mkdir()
    found = same_numbers.record(same_numbers.outputs(out, workers, series=series))
    assert not _differences(found, expected), _differences(found, expected)


def test_a_dask_cluster_gives_the_outputs_of_before(tmp_path, expected):
    distributed = pytest.importorskip("dask.distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        (tmp_path / "series").mkdir()
        (tmp_path / "out").mkdir()
        found = same_numbers.record(same_numbers.outputs(
            tmp_path / "out", scheduler=cluster.scheduler_address, series=tmp_path / "series"))
    assert not _differences(found, expected), _differences(found, expected)


def test_the_record_tells_a_changed_number(tmp_path, expected):
    """The comparison would see a single changed figure (the test is not vacuous)."""
    changed = json.loads(json.dumps(expected))
    changed["timeseries.parquet"]["sums"]["caregivers"] += 1
    changed["summary.json"]["sections"]["kpis"] = "0" * 64
    found = _differences(expected, changed)
    assert any("timeseries.parquet: sums: caregivers" in f for f in found)
    assert any("summary.json: sections: kpis" in f for f in found)
