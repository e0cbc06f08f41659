"""The collector is held off while a large structure is built, and only then."""

from __future__ import annotations

import gc

import pytest

from sim.heap import uncollected


def test_the_collector_is_off_inside_and_back_on_after_however_the_building_ends():
    @uncollected
    def build(fail: bool) -> bool:
        if fail:
            raise ValueError("a bad input")
        return gc.isenabled()

    assert gc.isenabled()
    assert build(False) is False
    assert gc.isenabled()
    with pytest.raises(ValueError):
        build(True)
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_caller_stays_off():
    @uncollected
    def build() -> bool:
        return gc.isenabled()

    gc.disable()
    try:
        assert build() is False
        assert not gc.isenabled()
    finally:
        gc.enable()
