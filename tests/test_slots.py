"""Compute slots: at most SLOTS runs compute at once, a nested block in one thread takes no second slot, and a
freed slot goes to the longest waiter."""

import threading

from rnnviz.ui import slots


def test_nested_blocks_in_one_thread_share_one_slot():
    with slots.compute(), slots.compute():  # a fragment inside a full run: no deadlock
        assert slots._HELD.depth == 2
    assert slots._HELD.depth == 0


def test_no_more_than_slots_runs_compute_at_once():
    inside, most, lock = [0], [0], threading.Lock()
    go = threading.Barrier(slots.SLOTS + 3)

    def run():
        go.wait()
        with slots.compute():
            with lock:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            threading.Event().wait(0.05)
            with lock:
                inside[0] -= 1

    threads = [threading.Thread(target=run) for _ in range(slots.SLOTS + 3)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert 1 <= most[0] <= slots.SLOTS


def test_a_thread_that_asks_again_queues_behind_the_waiters():
    fair = slots.FairSlots(1)
    order, waiting = [], threading.Event()
    fair.acquire()  # the "training" holds the only slot

    def visitor():
        waiting.set()
        fair.acquire()
        order.append("visitor")
        fair.release()

    th = threading.Thread(target=visitor)
    th.start()
    waiting.wait(10)
    while not fair._waiting:  # the visitor is queued (bounded: it queues right after setting the event)
        threading.Event().wait(0.001)
    fair.release()  # the training gives the slot back between two chunks ...
    fair.acquire()  # ... and asks again: the visitor went first
    order.append("training")
    fair.release()
    th.join(10)
    assert order == ["visitor", "training"]


def _queued(fair: slots.FairSlots, page: int = 0, background: int = 0) -> None:
    """Wait (bounded) until this many page runs and background chunks are queued."""
    for _ in range(10_000):
        if len(fair._waiting) >= page and len(fair._background) >= background:
            return
        threading.Event().wait(0.001)
    raise AssertionError("not queued")


def _take(fair: slots.FairSlots, name: str, order: list, background: bool = False) -> threading.Thread:
    def run():
        fair.acquire(background)
        order.append(name)
        fair.release(background)

    th = threading.Thread(target=run)
    th.start()
    return th


def _training_then_visitor(aging: float, pause: float = 0.0) -> list[str]:
    """One slot held by a page run; a training chunk queues, ``pause`` s later a visitor; the slot is freed:
    the order in which the two got it."""
    fair, order = slots.FairSlots(1, aging=aging), []
    fair.acquire()  # a page run computes
    training = _take(fair, "training", order, background=True)
    _queued(fair, background=1)
    threading.Event().wait(pause)
    visitor = _take(fair, "visitor", order)
    _queued(fair, page=1)
    fair.release()
    for th in (training, visitor):
        th.join(10)
    return order


def test_page_runs_go_before_a_training_that_queued_first():
    assert _training_then_visitor(aging=60) == ["visitor", "training"]


def test_background_work_takes_one_slot_at_most():
    fair = slots.FairSlots(2, aging=60)
    fair.acquire(background=True)
    order = []
    second = _take(fair, "second training", order, background=True)
    _queued(fair, background=1)
    visitor = _take(fair, "visitor", order)  # the other slot is the visitors'
    visitor.join(10)
    assert order == ["visitor"]
    fair.release(background=True)
    second.join(10)
    assert order == ["visitor", "second training"]


def test_a_training_kept_waiting_goes_next():
    assert _training_then_visitor(aging=0.05, pause=0.1) == ["training", "visitor"]  # it waited longer than aging
