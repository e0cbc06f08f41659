"""A run that is stopped, killed, crowded or out of disk leaves nothing behind that looks done.

Each test starts ``cwplan run`` on the small Shaoxing scenario in a process of its own and
stops it the way an operator or the machine would: SIGTERM, SIGKILL, Ctrl-C twice, a second
run on the same store, ``cwplan runs`` while it works, a disk that fills up. Afterwards no
worker process, no shared-memory spool and no partial folder is left, and the store never
calls the run complete.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
SHAOXING = ROOT / "scenarios" / "shaoxing.yaml"
SHM = Path("/dev/shm")


def _default_sigint() -> None:
    """Ctrl-C reaches the run even when the suite runs as a background job."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _start(tmp_path: Path, name: str = "out", replications: int = 400,
           store: Path | None = None, wait: bool = True) -> subprocess.Popen:
    store = store or tmp_path / "runs.duckdb"
    process = subprocess.Popen(
        [sys.executable, "-m", "cwplan", "run", str(SHAOXING), "--no-optimize",
         "--replications", str(replications), "--workers", "2", "--store", str(store),
         "--out", str(tmp_path / name)], cwd=tmp_path,
        env={**os.environ, "PYTHONUNBUFFERED": "1"}, stderr=subprocess.PIPE,
        stdout=subprocess.PIPE, text=True, start_new_session=True, preexec_fn=_default_sigint)
    if wait:
        for line in process.stderr:            # replications are about to start
            if "simulating replications ..." in line:
                break
    return process


def _workers(pid: int) -> list[int]:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        found = []
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(x) for x in (task / "children").read_text().split()]
        if found:
            return found
        time.sleep(0.05)
    return []


def _gone(pids: list[int], within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        alive = [p for p in pids if Path(f"/proc/{p}").exists()
                 and "Z" not in _state(p)]
        if not alive:
            return True
        time.sleep(0.1)
    return False


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


def _spools(pid: int) -> list[Path]:
    return sorted(SHM.glob(f"cwplan-{pid}-*")) if SHM.is_dir() else []


def _partials(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.partial-*")) + sorted(folder.glob(".*.old-*"))


def _statuses(store: Path) -> list[str]:
    with duckdb.connect(str(store), read_only=True) as con:
        return [s for (s,) in con.execute("SELECT status FROM runs ORDER BY started").fetchall()]


@pytest.fixture
def ended():
    """Processes to end at the end of a test, whatever happened in it."""
    started: list[subprocess.Popen] = []
    yield started
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_sigterm_stops_the_run_as_ctrl_c_does(tmp_path, ended):
    process = _start(tmp_path)
    ended.append(process)
    workers = _workers(process.pid)
    assert workers and _spools(process.pid)
    os.kill(process.pid, signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 143, err
    assert "Traceback" not in err and err.splitlines()[-1].startswith("stopped (SIGTERM)")
    assert _gone(workers)
    assert _spools(process.pid) == [] and _partials(tmp_path) == []
    assert not (tmp_path / "out").exists()
    assert _statuses(tmp_path / "runs.duckdb") == ["interrupted"]


def test_repeated_ctrl_c_exits_promptly_without_a_traceback(tmp_path, ended):
    process = _start(tmp_path)
    ended.append(process)
    workers = _workers(process.pid)
    for _ in range(3):
        os.killpg(process.pid, signal.SIGINT)
        time.sleep(0.05)
    started = time.monotonic()
    _, err = process.communicate(timeout=30)
    assert time.monotonic() - started < 15
    assert process.returncode == 130, err
    assert "Traceback" not in err
    assert _gone(workers) and _spools(process.pid) == [] and _partials(tmp_path) == []
    assert _statuses(tmp_path / "runs.duckdb") == ["interrupted"]


def test_sigkill_takes_the_workers_along_and_the_next_command_cleans_up(tmp_path, ended):
    process = _start(tmp_path)
    ended.append(process)
    workers = _workers(process.pid)
    assert workers
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    assert _gone(workers), "worker processes outlived their parent"
    left = _spools(process.pid) + _partials(tmp_path)
    assert left                                   # what a killed process cannot remove ...
    runs = subprocess.run([sys.executable, "-m", "cwplan", "runs", "--store",
                           str(tmp_path / "runs.duckdb")], capture_output=True, text=True,
                          timeout=60)
    assert runs.returncode == 0 and "\tabandoned\t" in runs.stdout
    again = _start(tmp_path, replications=4, wait=False)
    ended.append(again)
    _, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    assert [p for p in left if p.exists()] == []   # ... the next run removes
    assert _statuses(tmp_path / "runs.duckdb") == ["abandoned", "complete"]


def test_two_runs_share_a_store_and_runs_lists_them_while_they_work(tmp_path, ended):
    store = tmp_path / "shared.duckdb"
    first = _start(tmp_path, "a", replications=80, store=store)
    second = _start(tmp_path, "b", replications=80, store=store)
    ended += [first, second]
    listed = subprocess.run([sys.executable, "-m", "cwplan", "runs", "--store", str(store)],
                            capture_output=True, text=True, timeout=60)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.count("\trunning\t") == 2
    for process in (first, second):
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
    assert _statuses(store) == ["complete", "complete"]
    assert (tmp_path / "a" / "summary.json").is_file()
    assert (tmp_path / "b" / "summary.json").is_file()


@pytest.fixture
def small_disk(tmp_path):
    """A 3 MiB file system (tmpfs, where this machine lets the tests mount one)."""
    if sys.platform != "linux" or os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root on Linux")
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def _fill(folder: Path) -> None:
    with (folder / "filler").open("wb") as stream:
        try:
            while True:
                stream.write(b"\0" * 65536)
                stream.flush()
        except OSError:
            pass


def test_a_full_disk_at_the_final_commit_says_so_and_puts_no_folder_in_place(small_disk,
                                                                              tmp_path, ended):
    store = small_disk / "runs.duckdb"
    process = _start(tmp_path, store=store, replications=40)
    ended.append(process)
    _fill(small_disk)                   # the run is registered; its final commit cannot fit
    _, err = process.communicate(timeout=300)
    assert process.returncode == 1
    last = err.strip().splitlines()[-1]
    assert last == f"cwplan: run store {store}: cannot record the run: the disk is full"
    assert not (tmp_path / "out").exists() and _partials(tmp_path) == []
    (small_disk / "filler").unlink()
    assert "complete" not in _statuses(store)


def test_a_full_disk_while_writing_the_folder_leaves_no_partial_folder(small_disk, tmp_path,
                                                                       capsys, cwplan):
    out = small_disk / "out"
    status = cwplan(["run", str(SHAOXING), "--no-optimize", "--replications", "4",
                     "--workers", "1", "--out", str(out), "--store",
                     str(tmp_path / "runs.duckdb")])
    err = capsys.readouterr().err.strip().splitlines()
    assert status == 1
    assert "No space left on device" in err[-1] and err[-1].startswith("cwplan: cannot write")
    assert list(small_disk.iterdir()) == []
    assert _statuses(tmp_path / "runs.duckdb") == ["failed"]
