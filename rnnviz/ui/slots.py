"""At most one script run per core computes at a time; the others wait without holding the GIL.

Thirty visitors' script threads all running Python share one GIL with the server's event loop: the
loop then answers ``/_stcore/health`` (and every websocket) in seconds, long enough for a host to
restart the app mid-lesson. Waiting on a semaphore releases the GIL, so with a slot per core the loop
stays responsive and the runs do not thrash each other. ``RNNVIZ_SCRIPT_SLOTS`` overrides the count.
"""

from __future__ import annotations

import os
import sys
import threading
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
_SEMAPHORE = threading.BoundedSemaphore(SLOTS)
_HELD = threading.local()  # re-entrant per thread: a fragment inside a full run takes no second slot


@contextmanager
def compute() -> Iterator[None]:
    """Hold one of SLOTS compute slots for the block (nested blocks in one thread share it)."""
    depth = getattr(_HELD, "depth", 0)
    if depth == 0:
        _SEMAPHORE.acquire()
    _HELD.depth = depth + 1
    try:
        yield
    finally:
        _HELD.depth = depth
        if depth == 0:
            _SEMAPHORE.release()
