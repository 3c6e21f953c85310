"""A long-running process settles its heap once started: start-up objects frozen out of the
collector's reach, full collections made rarer, the young generations collected as before."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest

from adapters.wiring import FULL_COLLECTION_EVERY, settle_heap


@pytest.fixture
def heap() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_settling_freezes_start_up_and_spaces_out_full_collections(heap: None) -> None:
    young, middle, _ = gc.get_threshold()
    started_with = [object() for _ in range(100)]  # alive since "start-up"
    settle_heap()
    assert gc.get_freeze_count() >= len(started_with)
    assert gc.get_threshold() == (young, middle, FULL_COLLECTION_EVERY)
    assert FULL_COLLECTION_EVERY > 10  # rarer than CPython's default

    class Node:
        def __init__(self) -> None:
            self.me = self

    cycle = Node()  # short-lived garbage is still freed by a young collection
    freed: list[bool] = []
    weakref.finalize(cycle, freed.append, True)
    del cycle
    gc.collect(0)
    assert freed == [True]
