"""A large array is made again in the memory of one nothing holds, never of one held."""

from __future__ import annotations

import numpy as np

from sim import arrays

SHAPE = (arrays.LARGE // 4 + 1,)        # just over the size kept


def test_a_free_array_is_given_out_again_zeroed_and_a_held_one_never():
    arrays.release()
    try:
        first = arrays.zeros(SHAPE, np.int32)
        first[:] = 7
        address = first.ctypes.data
        held = arrays.zeros(SHAPE, np.int32)       # the first is still held: new memory
        assert held.ctypes.data != address and not held.any() and (first == 7).all()
        view = held[10:]
        del held
        again = arrays.zeros(SHAPE, np.int32)      # a view still holds the second
        assert again.ctypes.data != view.base.ctypes.data
        assert not again.any()
        again[:] = 5
        kept = again.ctypes.data
        del again
        reused = arrays.zeros(SHAPE, np.int32)     # nothing holds it now: its memory again
        assert reused.ctypes.data == kept and not reused.any()
        del reused
        values = arrays.empty(SHAPE, np.int32)     # the same memory, its values as left
        assert values.ctypes.data == kept
    finally:
        arrays.release()


def test_small_arrays_and_other_types_are_made_afresh():
    arrays.release()
    try:
        small = arrays.zeros((1000,), np.int32)
        del small
        assert arrays._KEPT == {}                   # the allocator reuses these itself
        big = arrays.zeros(SHAPE, np.int32)
        address = big.ctypes.data
        del big
        other = arrays.zeros(SHAPE, np.int64)       # same shape, another type
        assert other.ctypes.data != address and other.dtype == np.int64 and not other.any()
    finally:
        arrays.release()
