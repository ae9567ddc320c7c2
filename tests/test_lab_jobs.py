"""The server's trainings: background threads, one per session, a global cap, a bounded cache, closed sessions."""

from __future__ import annotations

import os
import threading

import pytest

from rnnviz.lab import LabConfig, Training
from rnnviz.lab.corpus import load_corpus
from rnnviz.lab.jobs import TRAINING_NICE, Busy, Registry

CORPUS = load_corpus("syllables", 3000)
TINY = LabConfig(hidden_size=8, batch_size=4, num_steps=5, steps=10)


def build(steps_gate: threading.Event | None = None):
    """Trainings whose steps wait for ``steps_gate`` (so a job stays running as long as a test needs)."""

    def make():
        t = Training(TINY, CORPUS)
        if steps_gate is not None:
            real = t.step

            def gated():
                steps_gate.wait(30)
                return real()

            t.step = gated
        return [t]

    return make


def test_a_job_trains_in_the_background_to_the_end_and_is_cached():
    reg = Registry(max_running=1, cache_size=2)
    job = reg.start("s1", "k1", build(), 10)
    job.join(60)
    snap = job.snapshot()
    assert snap.status == "done" and snap.done == 10 and len(snap.curves[0].steps) == 10
    assert set(snap.samples) == {"gru"}
    assert reg.cached("k1") is job and reg.job("s1") is job


def test_one_training_per_session_and_a_global_cap():
    gate = threading.Event()
    reg = Registry(max_running=1)
    first = reg.start("s1", "k1", build(gate), 10)
    with pytest.raises(Busy):
        reg.start("s2", "k2", build(), 10)  # another visitor: the cap is reached
    second = reg.start("s1", "k3", build(gate), 10)  # the same visitor again: the old run stops
    gate.set()
    first.join(60)
    second.join(60)
    assert first.snapshot().status == "stopped" and second.snapshot().status == "done"
    assert reg.running() == 0
    reg.start("s2", "k2", build(), 10).join(60)  # a free slot again


def test_a_closed_session_stops_its_training(monkeypatch):
    import rnnviz.lab.jobs as jobs

    monkeypatch.setattr(jobs, "ALIVE_EVERY", 0.0)
    open_ = threading.Event()
    open_.set()
    gate = threading.Event()
    reg = Registry()
    job = reg.start("s1", "k", build(gate), 10, alive=open_.is_set)
    open_.clear()  # the browser tab closes
    gate.set()
    job.join(60)
    assert job.snapshot().status == "stopped" and job.snapshot().done < 10
    assert reg.cached("k") is None  # only finished runs are cached


def test_the_cache_is_bounded():
    reg = Registry(cache_size=2)
    for k in ("a", "b", "c"):
        reg.start("s", k, build(), 2).join(60)
    assert reg.cached("a") is None and reg.cached("b") is not None and reg.cached("c") is not None


def test_a_failing_build_starts_nothing():
    reg = Registry()

    def broken():
        raise ValueError("corpus too short")

    with pytest.raises(ValueError):
        reg.start("s", "k", broken, 5)
    assert reg.job("s") is None


@pytest.mark.skipif(not hasattr(os, "setpriority"), reason="per-thread niceness is a Linux feature")
def test_a_training_thread_yields_the_cores_to_page_runs(monkeypatch):
    seen = {}

    def record_nice(trainings, steps, stop, **kw):
        seen["worker"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        return True

    monkeypatch.setattr("rnnviz.lab.jobs.run", record_nice)
    before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    job = Registry(max_running=1).start("s1", "k1", build(), 10)
    job.join(60)
    assert seen["worker"] >= max(TRAINING_NICE, before)  # the worker runs nicer than the server's threads ...
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == before  # ... which keep their priority


def test_a_training_computes_in_chunks_inside_the_slot_and_gives_it_back():
    inside, entered, lock = [0], [0], threading.Lock()
    steps_seen = []

    class Slot:  # counts the chunks; asserts every step runs inside one
        def __enter__(self):
            with lock:
                inside[0] += 1
                entered[0] += 1

        def __exit__(self, *exc):
            with lock:
                inside[0] -= 1

    def make():
        [t] = build()()
        real = t.step

        def step():
            steps_seen.append(inside[0])
            return real()

        t.step = step
        return [t]

    job = Registry(max_running=1, slot=Slot).start("s1", "k1", make, 10)
    job.join(60)
    assert job.status == "done" and job.trainings[0].done == 10
    assert steps_seen == [1] * 10  # every step in a slot, never two at once
    assert entered[0] >= 1 and inside[0] == 0  # the slot is given back at the end
