"""Running replications: one replication end to end, and many in parallel processes.

Every replication is a function of the world (scenario, rules, plan), the seed and its own
index, nothing else; so the results are the same whether they run one after another or on
any number of worker processes, and in whatever order the workers finish.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import pickle
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from sim import WorkerLost, lifecourse
from sim.engine import Journey
from sim.journeys import (
    arrivals,
    live,
    place_long_term,
    truncated_exponential,
)
from sim.lifecourse import BAND_ENDS, BAND_STARTS, DAYS_PER_YEAR
from sim.model import AWAITING, TEMPORARY, Replication
from sim.pids import alive
from sim.replication import ReplicationResult, summarize
from sim.scenario import ARRIVAL_KINDS
from sim.series import Series
from sim.staffing import close_books, daily_accounting
from sim.transfers import CampaignRecord, county_transfer_campaign, regional_reassignment
from sim.world import World

_FUNCTION: Callable | None = None     # in a worker process: what it runs, and on what
_SHARED: object = None
_PR_SET_PDEATHSIG = 1           # prctl(2): the signal a process gets when its parent dies
_STOPS = {signal.SIGINT, signal.SIGTERM}


def run_replication(world: World, seed: int, index: int, events: bool = True) -> ReplicationResult:
    """Play out one replication of the horizon and return what it recorded.

    The objects there are before it starts (the world above all: tens of thousands of rule
    answers for a nation) are set aside from the garbage collector while it runs, which
    would otherwise walk them over and over as the replication's children come and go.
    What the replication leaves behind is collected before they are given back (among
    them alone, so quickly): left for later, it would be set aside with them by the next
    replication, never to be collected, and a worker running a nation's replications one
    after another would grow by gigabytes.
    """
    gc.freeze()
    try:
        return _play(world, seed, index, events)
    finally:
        gc.collect()
        gc.unfreeze()


def _play(world: World, seed: int, index: int, events: bool) -> ReplicationResult:
    rep = Replication(world, seed, index, events)
    start_census(rep)
    # the processes nobody waits for, started in this order (as SimPy would start them
    # on the first day, one after another, before any other event of that day)
    for county in range(len(world.counties)):
        for kind in ARRIVAL_KINDS:
            Journey(arrivals(rep, county, kind))
    records = [CampaignRecord(county=c.county) for c in world.campaigns]
    for k, (camp, record) in enumerate(zip(world.campaigns, records, strict=True)):
        Journey(county_transfer_campaign(rep, k, camp, record))
    rep.env.every_day(daily_accounting(rep), world.days)
    Journey(regional_reassignment(rep))
    rep.env.run(until=world.days)
    close_books(rep)
    return summarize(rep, index, records)


def start_census(rep: Replication) -> None:
    """The children in care on the first day, each with its course drawn from 'census'.

    Every child's age is drawn first, then each child's course in the same order (the
    order in which their journeys, started before the first day, make their draws)."""
    w, rng = rep.w, rep.streams("census")
    started = []
    for inst, band, care, kind, count, foster in w.census:
        county = int(w.inst_county[inst])
        for _ in range(count):
            age = (BAND_STARTS[band] + rng.random() * (BAND_ENDS[band] - BAND_STARTS[band])) \
                * DAYS_PER_YEAR
            child = rep.new_child(county, kind, care, birth=-age)
            child.foster = foster
            rep.start_in(child, inst)
            started.append(child)
    for child in started:
        Journey(_carry_on(rep, child, rng))


def _carry_on(rep: Replication, child, rng):
    """Continue the journey of a child who was already in care when the horizon starts."""
    w = rep.w
    leaving = w.leaving_days(child.county, child.birth)
    if child.kind == TEMPORARY:
        low, high, rate, share = w.temporary
        left = truncated_exponential(rng, rate, high - low)
        convert = rng.random() < share
        course = lifecourse.course(rng, left, child.birth, child.care, False, w.days, w.hazards,
                                   leaving)
        yield rep.env.timeout(left)
        if not convert:
            rep.discharge(child, "reunified", w.cite("temporary", child.county, rep.env.now))
            return
        rep.become_long_term(child)
        dest, rule = rep.long_term_home(child.county, rep.env.now)
        waiting = place_long_term(rep, child, dest, rule, arriving=False)
        delay = 0.0 if waiting is None else (yield from waiting)
        yield from live(rep, child, course, delay)
        return
    start = 0.0
    if child.kind == AWAITING:
        start = rng.random() * sum(d for s, d, _ in w.intake_steps(child.county, 0)
                                   if s != "hukou_registration")
    course = lifecourse.course(rng, start, child.birth, child.care, child.foster, w.days,
                               w.hazards, leaving)
    if child.kind == AWAITING:
        yield rep.env.timeout(start)
        rep.become_long_term(child)
        dest, rule = rep.long_term_home(child.county, rep.env.now)
        rep.move(child, dest, "moved_after_admission", rule)
    yield from live(rep, child, course)


def _init_worker(function: Callable, shared) -> None:
    global _FUNCTION, _SHARED
    _FUNCTION, _SHARED = function, shared
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()


def _die_with_parent() -> None:
    """End this worker when the process that started it ends, however it ends.

    Linux sends the worker SIGKILL when its parent dies (``PR_SET_PDEATHSIG``); elsewhere,
    or should that signal not come, a watchdog thread sees the parent change and exits.
    """
    parent = os.getppid()
    with contextlib.suppress(OSError, AttributeError, TypeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent or parent == 1:
        os._exit(1)                                 # the parent is already gone

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="cwplan-parent-watch", daemon=True).start()


def _run_in_worker(job: tuple[int, object, str]) -> str:
    """Run one job and leave its result in a file; only the path crosses the pipe.

    A replication's result is megabytes; a worker killed while writing it to the pool's
    pipe would leave half a message there and the pool waiting for the rest forever. A path
    is a few bytes, written at once.
    """
    k, payload, spool = job
    result = _FUNCTION(_SHARED, payload)
    path = Path(spool) / f"job-{k}.pickle"
    partial = path.with_suffix(".partial")
    with partial.open("wb") as handle:
        pickle.dump((k, result), handle, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(path)
    return str(path)


def _collect(path: str) -> tuple[int, object]:
    with open(path, "rb") as handle:
        result = pickle.load(handle)
    os.unlink(path)
    return result


def _spool_folder() -> Path:
    shm = Path("/dev/shm")
    return shm if shm.is_dir() else Path(tempfile.gettempdir())


def _spool() -> str:
    """A private folder for results in transit, in memory where the system offers it.

    Its name carries this process's id, so that the spool of a run that was killed outright
    is removed by the next run once that process is gone.
    """
    folder = _spool_folder()
    for old in folder.glob("cwplan-*-*"):
        pid = old.name.split("-")[1]
        with contextlib.suppress(OSError):
            if pid.isdigit() and old.stat().st_uid == os.getuid() and not alive(int(pid)):
                shutil.rmtree(old, ignore_errors=True)
    return tempfile.mkdtemp(prefix=f"cwplan-{os.getpid()}-", dir=folder)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM while worker processes are forked, then deliver them.

    A signal handled while a process forks would raise its exception inside the fork's
    own hooks, where it is lost (and in a new worker before it is set to ignore Ctrl-C);
    held here, it reaches the command's handler right after, in ordinary code.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    arrived: list[int] = []
    previous = {s: signal.signal(s, lambda signum, frame: arrived.append(signum))
                for s in _STOPS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        for signum in dict.fromkeys(arrived):
            signal.raise_signal(signum)


def _stop_pool(pool: ProcessPoolExecutor | None, others: set[int]) -> None:
    """Stop the pool and kill its workers now, rather than wait for their jobs
    (``others``: the child processes there were before the pool)."""
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)
    ended = [p for p in multiprocessing.active_children() if p.pid not in others]
    for child in ended:
        child.kill()
    for child in ended:
        child.join(timeout=2)


def _replicate(world: World, job: tuple[int, int, bool, str | None, bool]):
    """One replication; with a folder, its day-by-day records go there (``sim.series``);
    ``packed``, they come back with it as the bytes of those files:
    ``(result, {table: bytes})``."""
    seed, index, events, folder, packed = job
    result = run_replication(world, seed, index, events)
    if packed:
        return result, Series.packed(world, result)
    if folder is not None:
        Series(folder).keep(world, result)
    return result


def replications(world: World, seed: int, indices: Iterable[int], workers: int | None = None,
                 events: bool = True, on_done: Callable[[int], None] | None = None,
                 scheduler: str | None = None,
                 series: Series | None = None) -> list[ReplicationResult]:
    """Run replications on ``workers`` processes (1: in this process) or on a Dask cluster.

    Results come back in index order whoever ran them. With ``series``, each replication's
    day-by-day records are written to its folder as soon as it ends and kept out of
    memory: by the worker process on this machine; on a Dask cluster, whose workers may not
    share this machine's disk, the worker makes the files' bytes (compressed, as on disk)
    and they are put in place here, so that this machine only writes what it receives.
    """
    packed = bool(scheduler) and series is not None
    folder = None if scheduler or series is None else str(series.folder)
    jobs = [(seed, index, events, folder, packed) for index in indices]
    if not packed:
        return map_jobs(_replicate, world, jobs, workers, on_done, scheduler)

    def kept(found: tuple[ReplicationResult, dict]) -> ReplicationResult:
        result, files = found
        series.unpack(result, files)
        return result

    return map_jobs(_replicate, world, jobs, workers, on_done, scheduler, receive=kept)


def map_jobs(function: Callable, shared, jobs: list, workers: int | None = None,
             on_done: Callable[[int], None] | None = None,
             scheduler: str | None = None, receive: Callable | None = None) -> list:
    """``[function(shared, job) for job in jobs]`` on ``workers`` processes (1: in this
    process) or on a Dask cluster; ``shared`` goes to each worker once.

    ``function`` must be a module-level function (it is pickled by name). Results come back
    in the order of ``jobs`` whoever ran them; ``on_done`` hears how many are done;
    ``receive`` (Dask only) is applied to each result as it arrives.
    """
    if scheduler:
        return _on_dask(function, shared, jobs, on_done, scheduler, receive)
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(jobs) == 1:
        results = []
        for job in jobs:
            results.append(function(shared, job))
            if on_done:
                on_done(len(results))
        return results
    spool = _spool()
    try:
        return _on_pool(function, shared, jobs, min(workers, len(jobs)), on_done, spool)
    finally:
        shutil.rmtree(spool, ignore_errors=True)


def _on_pool(function: Callable, shared, jobs: list, workers: int,
             on_done: Callable[[int], None] | None, spool: str) -> list:
    """The jobs on a pool of worker processes that leave their results in ``spool``."""
    others = {p.pid for p in multiprocessing.active_children()}
    pool = None
    try:
        with _signals_held():
            pool = ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                                       initargs=(function, shared))
            futures = [pool.submit(_run_in_worker, (k, job, spool))
                       for k, job in enumerate(jobs)]
        done: dict[int, object] = {}
        for future in as_completed(futures):
            k, result = _collect(future.result())
            done[k] = result
            if on_done:
                on_done(len(done))
    except BrokenProcessPool:
        _stop_pool(pool, others)
        raise WorkerLost("a worker process died before its work finished; "
                         "the run was not completed") from None
    except BaseException:
        _stop_pool(pool, others)                   # Ctrl-C: do not wait for the workers
        raise
    pool.shutdown(wait=True)
    return [done[k] for k in range(len(jobs))]


def _on_dask(function: Callable, shared, jobs: list, on_done: Callable[[int], None] | None,
             scheduler: str, receive: Callable | None = None) -> list:
    """The same jobs sent to a running Dask distributed scheduler."""
    try:
        from dask.distributed import Client, as_completed
    except ImportError:
        from sim.scenario import InputError, Problem

        raise InputError([Problem("--scheduler", 0, "", "Dask is not installed",
                                  "pip install 'cwplan[distributed]'")]) from None
    try:
        client = Client(scheduler, timeout=10)
    except (OSError, TimeoutError, ValueError) as exc:
        from sim.scenario import InputError, Problem

        raise InputError([Problem("--scheduler", 0, "", f"{scheduler}: cannot connect: "
                                  f"{' '.join(str(exc).split())[:200]}",
                                  "tcp://HOST:PORT of a running Dask scheduler")]) from None
    with client:
        scattered = client.scatter(shared, broadcast=True)
        futures = {client.submit(function, scattered, job, pure=False): k
                   for k, job in enumerate(jobs)}
        done: dict[int, object] = {}
        for future in as_completed(futures):
            result = future.result()
            done[futures[future]] = receive(result) if receive else result
            future.release()
            if on_done:
                on_done(len(done))
    return [done[k] for k in range(len(jobs))]
