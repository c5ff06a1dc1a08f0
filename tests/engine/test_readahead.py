"""ReadAhead: order, bounded look-ahead, errors at the right place, clean early exit."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from sluice.engine.readahead import ReadAhead


def test_items_arrive_in_order() -> None:
    with ReadAhead(iter(range(1000)), depth=2) as ahead:
        assert list(ahead) == list(range(1000))


def test_producer_stays_at_most_depth_ahead() -> None:
    produced: list[int] = []
    consumed = threading.Event()

    def source() -> Iterator[int]:
        for i in range(100):
            produced.append(i)
            yield i

    with ReadAhead(source(), depth=2) as ahead:
        it = iter(ahead)
        assert next(it) == 0
        consumed.wait(0.3)
        # one item handed out, two queued, one held by the producer waiting for room
        assert len(produced) <= 4


def test_source_error_is_raised_after_the_items_before_it() -> None:
    def source() -> Iterator[int]:
        yield 1
        yield 2
        raise ValueError("boom at 3")

    got: list[int] = []
    with pytest.raises(ValueError, match="boom at 3"), ReadAhead(source(), depth=1) as ahead:
        got.extend(ahead)
    assert got == [1, 2]


def test_leaving_early_stops_and_closes_the_source_in_its_thread() -> None:
    closed_in: list[str] = []

    def source() -> Iterator[int]:
        try:
            yield from range(10_000)
        finally:
            closed_in.append(threading.current_thread().name)

    with ReadAhead(source(), depth=1, name="reader-x") as ahead:
        for item in ahead:
            if item == 3:
                break
    assert closed_in == ["reader-x"]


def test_depth_must_be_positive() -> None:
    with pytest.raises(ValueError, match="depth"):
        ReadAhead(iter(()), depth=0)
