"""At most one script run (or lab training chunk) per core computes at a time; the others wait without the GIL.

Thirty visitors' script threads all running Python share one GIL with the server's event loop: the
loop then answers ``/_stcore/health`` (and every websocket) in seconds, long enough for a host to
restart the app mid-lesson. Waiting for a slot releases the GIL, so with a slot per core the loop
stays responsive and the runs do not thrash each other. Slots are handed out first come, first served:
a lab training takes one per chunk of steps and queues again behind the runs already waiting, so it
makes progress during a class without taking the cores from it. ``RNNVIZ_SCRIPT_SLOTS`` overrides the count.
"""

from __future__ import annotations

import os
import sys
import threading
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


class FairSlots:
    """``n`` slots, first come, first served: a freed slot goes to the longest waiter (a thread that gives
    one back and asks again queues behind the others; a semaphore would let it take the slot straight back)."""

    def __init__(self, n: int):
        self._lock = threading.Lock()
        self._free = n
        self._waiting: deque[threading.Event] = deque()

    def acquire(self) -> None:
        with self._lock:
            if self._free and not self._waiting:
                self._free -= 1
                return
            turn = threading.Event()
            self._waiting.append(turn)
        turn.wait()  # the slot is handed over by release()

    def release(self) -> None:
        with self._lock:
            if self._waiting:
                self._waiting.popleft().set()
            else:
                self._free += 1


_SLOTS = FairSlots(SLOTS)
_HELD = threading.local()  # re-entrant per thread: a fragment inside a full run takes no second slot


@contextmanager
def compute() -> Iterator[None]:
    """Hold one of SLOTS compute slots for the block (nested blocks in one thread share it)."""
    depth = getattr(_HELD, "depth", 0)
    if depth == 0:
        _SLOTS.acquire()
    _HELD.depth = depth + 1
    try:
        yield
    finally:
        _HELD.depth = depth
        if depth == 0:
            _SLOTS.release()
