"""The in-process sliding-window limiter of ``enforcement.security``: exact counts, sliding, thread safety."""

from __future__ import annotations

import threading

import pytest

from enforcement.security import SlidingWindowLimiter, parse_rate


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    ("text", "expected"),
    [("20/minute", (20, 60.0)), ("5/second", (5, 1.0)), ("100/hours", (100, 3600.0)), ("3/10s", (3, 10.0)),
     (" 7 / day ", (7, 86400.0))],
)
def test_rates_are_written_count_per_period(text, expected):
    assert parse_rate(text) == expected


@pytest.mark.parametrize("text", ["", "20", "x/minute", "0/minute", "-1/minute", "20/fortnight", "20/0s"])
def test_a_malformed_rate_is_an_error(text):
    with pytest.raises(ValueError, match="not a rate"):
        parse_rate(text)


def test_the_limit_is_exact_and_the_window_slides():
    clock = Clock()
    limiter = SlidingWindowLimiter(clock)
    for second in range(3):
        clock.now = second
        assert limiter.hit("ip", 3, 10.0) is None
    clock.now = 5
    assert limiter.hit("ip", 3, 10.0) == pytest.approx(5.0)  # the first event leaves the window at t=10
    assert limiter.hit("other", 3, 10.0) is None  # keys are counted apart
    clock.now = 10
    assert limiter.hit("ip", 3, 10.0) is None  # t=0 has left; t=1, 2, 10 are in
    assert limiter.hit("ip", 3, 10.0) == pytest.approx(1.0)


def test_refused_hits_do_not_extend_the_wait():
    clock = Clock()
    limiter = SlidingWindowLimiter(clock)
    assert limiter.hit("k", 1, 60.0) is None
    for t in range(1, 60):
        clock.now = t
        assert limiter.hit("k", 1, 60.0) is not None
    clock.now = 60
    assert limiter.hit("k", 1, 60.0) is None


def test_blocked_looks_and_record_counts():
    clock = Clock()
    limiter = SlidingWindowLimiter(clock)
    assert limiter.blocked("k", 2, 60.0) is None
    limiter.record("k", 60.0)
    assert limiter.blocked("k", 2, 60.0) is None
    limiter.record("k", 60.0)
    assert limiter.blocked("k", 2, 60.0) == pytest.approx(60.0)
    clock.now = 61
    assert limiter.blocked("k", 2, 60.0) is None


def test_idle_keys_are_forgotten():
    clock = Clock()
    limiter = SlidingWindowLimiter(clock)
    for n in range(limiter.SWEEP_EVERY - 1):
        limiter.hit(f"client{n}", 5, 60.0)
    assert len(limiter) == limiter.SWEEP_EVERY - 1
    clock.now = 120
    limiter.hit("late", 5, 60.0)  # the sweep runs: only the active key is left
    assert len(limiter) == 1


def test_concurrent_hits_never_exceed_the_limit():
    limiter = SlidingWindowLimiter()
    accepted = []
    start = threading.Barrier(8)

    def worker() -> None:
        start.wait()
        accepted.append(sum(limiter.hit("shared", 3000, 3600.0) is None for _ in range(500)))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(accepted) == 3000
