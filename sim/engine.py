"""Pieces of SimPy made lighter for the many children of a large region.

A region of thousands of counties plays out hundreds of thousands of children's journeys
and, where a what-if lets an institution refuse children, as many bed requests. SimPy
spends a scheduled event on each start of a process, on each end, on each request that is
granted at once and on each release; none of these is ever waited on here. So:

- a :class:`Journey` is a SimPy process that starts at once, inside the step in which the
  child arrives (a plain process starts one step later at the same moment, before anything
  else can happen), and schedules nothing when it ends: nobody waits for a child's journey;
- :class:`Beds` are servers taken first come, first served, as ``simpy.Resource`` takes
  them, with an event only for a child who has to wait, fired when a bed is given back;
- a :class:`Clock` is SimPy's environment whose timeouts are bare scheduled wake-ups (what
  a process waits for when it only waits for time to pass: most of a replication's
  events), which runs the day's accounting at the start of each day without an event for
  it, and whose run loop takes the events up to the end of the horizon without a method
  call and an end-of-time event of its own.

None of them changes what happens, when, or in which order: every draw, move and record is
the one plain processes, ``simpy.Resource`` and ``simpy.Environment`` would make
(tests/test_same_numbers.py, tests/sim/test_engine.py).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from heapq import heappop, heappush

import simpy
from simpy.events import NORMAL


class _Started:
    """What a journey is resumed with to start it."""

    _ok = True
    _value = None


_START = _Started()


class Journey:
    """A child's journey: a process started at once, whose end no one waits for (so it
    needs none of what a ``simpy.Process`` keeps to be waited on or interrupted)."""

    __slots__ = ("_generator",)

    def __init__(self, generator):
        self._generator = generator
        self._resume(_START)

    def _resume(self, event) -> None:
        """Run the journey up to the next event it waits for (as SimPy's process does; the
        events a journey waits for never fail)."""
        send = self._generator.send
        while True:
            try:
                event = send(event._value)
            except StopIteration:
                return
            if event.callbacks is not None:
                event.callbacks.append(self._resume)
                return


class Beds:
    """An institution's beds as servers: a child takes a free one at once, or waits in line
    for one to be given back (first come, first served)."""

    def __init__(self, env: simpy.Environment, capacity: int):
        self.env = env
        self.capacity = capacity
        self.used = 0
        self.waiting: deque[simpy.Event] = deque()

    def request(self) -> simpy.Event | None:
        """None when a free bed is taken; else an event that fires when the child has one."""
        if self.used < self.capacity and not self.waiting:
            self.used += 1
            return None
        wanted = self.env.event()
        self.waiting.append(wanted)
        return wanted

    def release(self) -> None:
        """A bed is given back: the first child in line takes it."""
        self.used -= 1
        if self.waiting and self.used < self.capacity:
            self.used += 1
            self.waiting.popleft().succeed()

    def cancel(self, wanted: simpy.Event) -> None:
        """A child in line no longer waits (placed by a rule instead)."""
        self.waiting.remove(wanted)


class _Wake:
    """A scheduled wake-up: what ``simpy.Timeout`` is to a process that waits on it alone."""

    __slots__ = ("_ok", "_value", "callbacks")

    def __init__(self, value):
        self.callbacks = []
        self._value = value
        self._ok = True


class Clock(simpy.Environment):
    """SimPy's environment with bare timeouts, a step at the start of every day, and a
    plain run loop (the same events, in the same order: tests/test_same_numbers.py).

    A timeout of a Clock cannot be combined with other events (``|``, ``&``); where a
    process waits for one of several events, it makes a ``simpy.Timeout`` itself. The
    time is a plain attribute, ``now``, read as often as any number of the model.
    """

    now = 0.0

    def __init__(self) -> None:
        super().__init__()
        self.now = self._now
        self._day: list | None = None      # [step, next day, its place in line, days]

    def timeout(self, delay: float, value=None) -> _Wake:
        if delay < 0:
            raise ValueError(f"Negative delay {delay}")
        wake = _Wake(value)
        heappush(self._queue, (self._now + delay, NORMAL, next(self._eid), wake))
        return wake

    def every_day(self, step: Callable[[int], None], days: int) -> None:
        """Call ``step(day)`` at the start of each day, now and up to ``days``: where a
        process that acts on a day and then waits for the next would act, without the
        event and the process (today at once; each later day after the events that were
        due at that moment before the previous day's step)."""
        first = int(self._now)
        step(first)
        if first + 1 < days:
            self._day = [step, first + 1, next(self._eid), days]

    def run(self, until: float) -> None:
        """Process every event before time ``until``, as SimPy's run(until) does: the events
        before the next day's step and those due at its moment that were in line before it,
        the step, and so on."""
        at = float(until)
        if at <= self._now:
            raise ValueError(f"until ({at}) must be greater than the current simulation time")
        queue = self._queue
        while True:
            daily = self._day
            limit = at if daily is None or daily[1] >= at else daily[1]
            while queue:
                head = queue[0]
                if head[0] >= limit and (limit == at or head[0] > limit
                                         or (head[1], head[2]) > (NORMAL, daily[2])):
                    break
                heappop(queue)
                self._now = self.now = head[0]
                event = head[3]
                callbacks, event.callbacks = event.callbacks, None
                for callback in callbacks:
                    callback(event)
                if not event._ok:
                    _failed(event)
            if limit == at:
                break
            self._now = self.now = limit
            daily[0](limit)
            if limit + 1 < daily[3]:
                daily[1], daily[2] = limit + 1, next(self._eid)
            else:
                self._day = None
        self._now = self.now = at


def _failed(event) -> None:
    """A failed event no process took up ends the run, as in SimPy."""
    if not hasattr(event, "_defused"):
        failure = type(event._value)(*event._value.args)
        failure.__cause__ = event._value
        raise failure
