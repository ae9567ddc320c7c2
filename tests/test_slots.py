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
