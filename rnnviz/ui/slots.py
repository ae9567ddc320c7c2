"""At most one script run (or lab training chunk) per core computes at a time; the others wait without the GIL.

Thirty visitors' script threads all running Python share one GIL with the server's event loop: the
loop then answers ``/_stcore/health`` (and every websocket) in seconds, long enough for a host to
restart the app mid-lesson. Waiting for a slot releases the GIL, so with a slot per core the loop
stays responsive and the runs do not thrash each other. Slots are handed out first come, first served:
a lab training takes one per chunk of steps and queues again behind the runs already waiting, so it
makes progress during a class without taking the cores from it: it computes only while no page run waits,
on one slot at most, and goes next once it has waited BACKGROUND_AGING. ``RNNVIZ_SCRIPT_SLOTS`` overrides the count.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager


def _slots() -> int:
    raw = os.environ.get("RNNVIZ_SCRIPT_SLOTS", "")
    if raw.isdigit() and int(raw) > 0:
        return int(raw)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


SLOTS = _slots()
# The event loop waits up to one switch interval for the GIL each time it wakes; 1 ms instead of 5 ms
# lets it answer between the slices of the runs that compute.
sys.setswitchinterval(0.001)
BACKGROUND_AGING = 1.0  # s: a training chunk kept waiting this long by page runs goes next


class FairSlots:
    """``n`` slots, first come, first served among the page runs: a freed slot goes to the longest waiter (a
    thread that gives one back and asks again queues behind the others; a semaphore would let it take the
    slot straight back). Background work (a lab training's chunk) takes a slot only while no page run
    waits, and one slot at most, so a class's page runs go first and a core is always theirs; a background
    waiter older than ``aging`` seconds is served like a page run (a training never starves)."""

    def __init__(self, n: int, aging: float = BACKGROUND_AGING):
        self._lock = threading.Lock()
        self._free, self._aging = n, aging
        self._waiting: deque[threading.Event] = deque()  # page runs
        self._background: deque[tuple[float, threading.Event]] = deque()  # (since, turn)
        self._background_held = 0

    def acquire(self, background: bool = False) -> None:
        with self._lock:
            if self._free and not self._waiting and (not background or self._background_ok()):
                self._take(background)
                return
            turn = threading.Event()
            if background:
                self._background.append((time.monotonic(), turn))
            else:
                self._waiting.append(turn)
        turn.wait()  # the slot is handed over by release(), already counted

    def release(self, background: bool = False) -> None:
        with self._lock:
            if background:
                self._background_held -= 1
            self._free += 1
            while self._free:
                old = self._background and time.monotonic() - self._background[0][0] >= self._aging
                if old and self._background_held == 0:  # aged: before the page runs
                    self._hand(self._background.popleft()[1], True)
                elif self._waiting:
                    self._hand(self._waiting.popleft(), False)
                elif self._background and self._background_ok():
                    self._hand(self._background.popleft()[1], True)
                else:
                    break

    def _background_ok(self) -> bool:
        return self._background_held == 0 and not self._waiting

    def _take(self, background: bool) -> None:
        self._free -= 1
        self._background_held += background

    def _hand(self, turn: threading.Event, background: bool) -> None:
        self._take(background)
        turn.set()


_SLOTS = FairSlots(SLOTS)
_HELD = threading.local()  # re-entrant per thread: a fragment inside a full run takes no second slot


@contextmanager
def compute() -> Iterator[None]:
    """Hold one of SLOTS compute slots for the block (nested blocks in one thread share it)."""
    with _slot(background=False):
        yield


@contextmanager
def background() -> Iterator[None]:
    """compute() for background work (a lab training's chunk of steps): served after the page runs waiting."""
    with _slot(background=True):
        yield


@contextmanager
def _slot(background: bool) -> Iterator[None]:
    depth = getattr(_HELD, "depth", 0)
    if depth == 0:
        _SLOTS.acquire(background)
    _HELD.depth = depth + 1
    try:
        yield
    finally:
        _HELD.depth = depth
        if depth == 0:
            _SLOTS.release(background)
