"""The lighter engine runs the events a plain SimPy environment would, in the same order."""

from __future__ import annotations

import numpy as np
import simpy

from sim.engine import Clock, Journey


def _play(env: simpy.Environment, daily_step: bool, seed: int) -> list[tuple]:
    """Walkers that wait random and whole-day times, and a step on every day: what happens
    when, in order. With ``daily_step`` the clock's step is used, else a daily process."""
    seen: list[tuple] = []
    rng = np.random.default_rng(seed)

    def walker(name: int):
        for _ in range(12):
            wait = float(rng.integers(0, 3)) if rng.random() < 0.5 else float(rng.random() * 2)
            yield env.timeout(wait)
            seen.append((env.now, "walker", name))

    def step(day: int) -> None:
        seen.append((env.now, "day", day))

    def daily():
        for day in range(20):
            if day > env.now:
                yield env.timeout(day - env.now)
            step(day)

    for name in range(3):
        env.process(walker(name)) if not daily_step else Journey(walker(name))
    if daily_step:
        env.every_day(step, 20)
    else:
        env.process(daily())
    for name in range(3, 6):
        env.process(walker(name)) if not daily_step else Journey(walker(name))
    env.run(until=20)
    return seen


def test_a_clock_runs_what_simpy_runs_in_the_same_order():
    """Walkers started at once and a step at each day's start give SimPy's order, ties at
    whole days included (a walker due at a day's start goes before or after that day's
    step as it was scheduled before or after the previous day's)."""
    ties = 0
    for seed in range(30):
        plain, light = _play(simpy.Environment(), False, seed), _play(Clock(), True, seed)
        assert light == plain
        assert [d for _, what, d in light if what == "day"] == list(range(20))
        ties += sum(t == int(t) and what == "walker" for t, what, _ in light)
    assert ties > 50                     # walkers due at a day's start were there to order


def test_a_clock_stops_where_simpy_stops():
    """Events due at the end of the horizon are not run, and the time is the end."""
    env = Clock()
    seen = []

    def at(t):
        yield env.timeout(t)
        seen.append(env.now)

    for t in (1.5, 3.0, 4.0):
        Journey(at(t))
    env.run(until=3)
    assert seen == [1.5] and env.now == 3
