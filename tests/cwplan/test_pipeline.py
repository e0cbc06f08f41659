"""One command from scenario to results: the run store, interruptions, workers, Dask."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import numpy as np
import pytest

import sim
from cwplan.cli import main
from sim import rules
from sim.scenario import load

ROOT = Path(__file__).parents[2]
SHAOXING = ROOT / "scenarios" / "shaoxing.yaml"


def _store_rows(path: Path) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("SELECT run_id, status, out_dir FROM runs ORDER BY started").fetchall()


def test_run_store_list_round_trip(tmp_path, capsys):
    store = tmp_path / "runs.duckdb"
    args = ["run", str(SHAOXING), "--no-optimize", "--replications", "3", "--workers", "1",
            "--store", str(store)]
    assert main([*args, "--out", str(tmp_path / "a")]) == 0
    assert main([*args, "--out", str(tmp_path / "b")]) == 0
    rows = _store_rows(store)
    assert [status for _, status, _ in rows] == ["complete", "complete"]
    run = json.loads((tmp_path / "a" / "run.json").read_text())
    assert run["run_id"] == rows[0][0]
    capsys.readouterr()
    assert main(["runs", "--store", str(store)]) == 0
    listed = capsys.readouterr().out
    assert all(run_id in listed for run_id, _, _ in rows)
    first = json.loads((tmp_path / "a" / "summary.json").read_text())
    second = json.loads((tmp_path / "b" / "summary.json").read_text())
    assert first["kpis"] == second["kpis"]            # same scenario and seed, same numbers
    with duckdb.connect(str(store), read_only=True) as con:
        stored = con.execute("SELECT mean FROM kpis WHERE run_id = ? AND name = "
                             "'total_cost_yuan'", [rows[0][0]]).fetchone()[0]
    assert stored == pytest.approx(first["kpis"]["total_cost_yuan"]["mean"])
    # compare by run-store ids gives the same tables as compare by folders
    ids = [run_id for run_id, _, _ in rows]
    assert main(["compare", *ids, "--store", str(store), "--out", str(tmp_path / "by-id")]) == 0
    assert main(["compare", str(tmp_path / "a"), str(tmp_path / "b"),
                 "--out", str(tmp_path / "by-folder")]) == 0
    tables = sorted((tmp_path / "by-folder" / "tables").glob("compare_*.csv"))
    compared = [t for t in tables if t.stem.split("_")[1] in ("cost", "staff", "wages")]
    assert len(compared) == 6
    for table in compared:
        by_id = (tmp_path / "by-id" / "tables" / table.name).read_text(encoding="utf-8")
        assert by_id == table.read_text(encoding="utf-8"), table.name
    assert main(["compare", ids[0], "no-such-run", "--store", str(store),
                 "--out", str(tmp_path / "bad")]) == 2


def _ctrl_c_as_at_a_terminal() -> None:
    """Ctrl-C reaches the run even when the tests themselves run where it is ignored (a
    background job or nohup passes SIGINT ignored to its children, and Python then installs
    no handler for it, as any Unix program should)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _start(tmp_path: Path, replications: int) -> tuple[subprocess.Popen, Path, Path]:
    store, out = tmp_path / "runs.duckdb", tmp_path / "out"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "cwplan", "run", str(SHAOXING), "--no-optimize",
         "--replications", str(replications), "--workers", "2", "--store", str(store),
         "--out", str(out)], cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True,
        start_new_session=True, preexec_fn=_ctrl_c_as_at_a_terminal)
    for line in process.stderr:            # wait until replications are under way
        if "simulating replications:" in line:
            break
    return process, store, out


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(x) for x in text]
    return found


def _nothing_complete(store: Path, out: Path) -> None:
    rows = _store_rows(store)
    assert rows and all(status != "complete" for _, status, _ in rows)
    assert not out.exists()
    assert not list(out.parent.glob(f".{out.name}.partial-*"))


@pytest.fixture
def started(tmp_path):
    """A ``cwplan run`` under way in its own session; whatever happens, it is ended."""
    process, store, out = _start(tmp_path, 400)
    yield process, store, out
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def test_ctrl_c_marks_the_run_interrupted_and_writes_nothing(started):
    process, store, out = started
    os.killpg(process.pid, signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "Traceback" not in err
    _nothing_complete(store, out)
    assert _store_rows(store)[0][1] == "interrupted"


def test_a_killed_worker_leaves_the_store_consistent_and_no_output(started):
    process, store, out = started
    deadline = time.monotonic() + 20
    workers = []
    while not workers and time.monotonic() < deadline:
        workers = [p for p in _children(process.pid)
                   if "python" in Path(f"/proc/{p}/cmdline").read_text()]
        time.sleep(0.1)
    os.kill(workers[0], signal.SIGKILL)
    _, err = process.communicate(timeout=60)
    assert process.returncode not in (0, 130)
    assert "worker process died" in err and "Traceback" not in err
    _nothing_complete(store, out)


def test_a_dask_cluster_gives_the_same_numbers_as_the_process_pool():
    distributed = pytest.importorskip("dask.distributed")
    scenario = load(SHAOXING)
    rulebook = rules.load(scenario)
    pool = sim.run(scenario, rulebook, replications=4, seed=8, workers=2)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        dask = sim.run(scenario, rulebook, replications=4, seed=8,
                       scheduler=cluster.scheduler_address)
    for a, b in zip(pool.replications, dask.replications, strict=True):
        assert a.index == b.index
        assert np.array_equal(a.daily, b.daily)
        assert np.array_equal(a.costs, b.costs)


def test_bad_input_exits_2_without_a_traceback(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nregion: nowhere.yaml\nrulebooks: [cn-2021-44]\n"
                   "horizon: {start: 2021-01-01, end: 2020-01-01}\n", encoding="utf-8")
    assert main(["run", str(bad), "--no-optimize", "--store", str(tmp_path / "s.duckdb")]) == 2
    err = capsys.readouterr().err
    assert "horizon.end" in err and "Traceback" not in err


def test_an_error_while_the_tables_are_joined_is_the_error_the_user_sees(tmp_path):
    """The tables are joined while the rest is written: a Ctrl-C then stops the join and is
    what comes out (not a complaint from the join it stopped); without one, every table is
    there when the writing ends."""
    from cwplan import outputs

    scenario = load(SHAOXING)
    series = tmp_path / "series"
    series.mkdir()
    results = sim.run(scenario, rules.load(scenario), replications=2, seed=3, workers=1,
                      series=series)
    stopped = tmp_path / "stopped"
    stopped.mkdir()
    with pytest.raises(KeyboardInterrupt), outputs.tables_joined(stopped, results):
        raise KeyboardInterrupt
    done = tmp_path / "done"
    done.mkdir()
    with outputs.tables_joined(done, results):
        pass
    with duckdb.connect() as con:
        rows = con.execute("SELECT count(*) FROM read_parquet(?)",
                           [str(done / "timeseries.parquet")]).fetchone()[0]
    assert rows == 2 * results.world.days * len(results.world.institutions)


def test_parquet_files_written_a_replication_at_a_time_hold_every_row_in_order(tmp_path):
    """Rows are written a replication at a time (as each ends, when the run keeps its
    records on disk) so that a nation's replications fit in memory; the files hold the same
    rows, in the same order, either way, each replication in a row group of its own that
    says which it is (so a query for one reads only it), and a quote, a space or Chinese in
    the folder's name is no trouble."""
    from cwplan import outputs
    from sim import plan as plans

    scenario = load(SHAOXING)
    found = {}
    for on_disk in (False, True):
        series = tmp_path / f"it's 序列 {on_disk}"
        series.mkdir()
        results = sim.run(scenario, rules.load(scenario), replications=5, seed=3, workers=2,
                          series=series if on_disk else None)
        assert all(r.daily is None for r in results.replications) == on_disk
        folder = tmp_path / f"it's 结果 {on_disk}"
        folder.mkdir()
        outputs.write_simulation(folder, results, plans.status_quo(scenario))
        assert not list(folder.glob(".*"))
        with duckdb.connect() as con:
            found[on_disk] = {name: con.execute("SELECT * FROM read_parquet(?)",
                                                [str(folder / name)]).fetchall()
                              for name in ("timeseries.parquet", "events.parquet")}
    assert found[True] == found[False]
    assert len(found[True]["timeseries.parquet"]) == 5 * results.world.days * 7
    with duckdb.connect() as con:
        groups = con.execute(
            "SELECT row_group_id, stats_min, stats_max, row_group_num_rows "
            "FROM parquet_metadata(?) WHERE path_in_schema = 'replication' "
            "ORDER BY row_group_id", [str(folder / "timeseries.parquet")]).fetchall()
    assert [(int(low), int(high), rows) for _, low, high, rows in groups] == [
        (r, r, results.world.days * 7) for r in range(5)]
