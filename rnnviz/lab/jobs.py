"""Trainings in background threads for a shared server: one per owner, a global cap, a bounded cache of results.

Nothing here knows Streamlit: the page passes an owner id (its session) and an ``alive()`` callback (is that
session still open?); the worker thread never touches the UI, the page reads ``Job.snapshot()``.
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass

from rnnviz.lab.train import Curves, Training, run

ALIVE_EVERY = 1.0  # seconds between two alive() checks of the worker
TRAINING_NICE = 10  # a training thread's niceness: when cores are short, visitors' page runs go first
CHUNK_SECONDS = 0.1  # a training holds a compute slot for rounds of steps until this long, then queues again
Slot = Callable[[], AbstractContextManager]  # a server's compute slot (rnnviz/ui/slots.py), or none


class Turns:
    """Rounds of steps in chunks: the first round of a chunk takes ``slot()``, which is held over the next
    rounds until ``seconds`` have passed, then given back (the runs waiting for it go first)."""

    def __init__(self, slot: Slot = nullcontext, seconds: float = CHUNK_SECONDS):
        self.slot, self.seconds = slot, seconds
        self._held: AbstractContextManager | None = None
        self._since = 0.0

    @contextmanager
    def __call__(self) -> Iterator[None]:
        if self._held is None:
            held = self.slot()
            held.__enter__()
            self._held, self._since = held, time.perf_counter()
        try:
            yield
        except BaseException:
            self.close()
            raise
        if time.perf_counter() - self._since >= self.seconds:
            self.close()

    def close(self) -> None:
        """Give the slot back (the end of the run, or a round that failed)."""
        held, self._held = self._held, None
        if held is not None:
            held.__exit__(None, None, None)


def lower_priority(nice: int = TRAINING_NICE) -> bool:
    """Raise the calling thread's niceness to ``nice`` (Linux: each thread has its own), so the OS gives the
    cores to the server's page runs first and trainings take what is left. False where the OS cannot."""
    try:
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, max(os.getpriority(os.PRIO_PROCESS, tid), nice))
    except (AttributeError, OSError):  # not Linux / not allowed: trainings run at the normal priority
        return False
    return True


class Busy(RuntimeError):
    """All training slots of the server are taken: try again in a moment."""


@dataclass(frozen=True)
class Snapshot:
    """What the page shows of a job at one moment (plain copies)."""

    status: str  # running | done | stopped | failed
    done: int  # steps every cell has finished
    steps: int  # steps asked for
    seconds: float  # since the start
    rate: float  # steps per second (all cells together count as one step)
    curves: tuple[Curves, ...]
    samples: dict[str, str]  # cell -> the latest sample
    error: str


class Job:
    """Several cells trained side by side on one corpus, step by step, in one daemon thread."""

    def __init__(self, key: Hashable, trainings: list[Training], steps: int, alive: Callable[[], bool],
                 slot: Slot = nullcontext):  # fmt: skip
        self.key, self.trainings, self.steps, self.alive, self.slot = key, trainings, steps, alive, slot
        self.status, self.error = "running", ""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._work, name="rnnviz-lab", daemon=True)
        self.started = time.perf_counter()
        self.finished_at: float | None = None
        self.on_exit: Callable[[Job], None] = lambda job: None

    def start(self) -> Job:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self.status == "running"

    def _should_stop(self) -> bool:
        if self._stop.is_set():
            return True
        now = time.perf_counter()
        if now - getattr(self, "_checked", 0.0) >= ALIVE_EVERY:
            self._checked = now
            if not self.alive():  # the session closed: nobody is watching
                self._stop.set()
        return self._stop.is_set()

    def _work(self) -> None:
        lower_priority()
        turns = Turns(self.slot)
        try:
            finished = run(self.trainings, self.steps, stop=self._should_stop, turn=turns)
            self.status = "done" if finished else "stopped"
        except Exception as err:  # out of memory, NaN in a corner case ...: the page says so
            self.status, self.error = "failed", f"{type(err).__name__}: {err}"
        finally:
            turns.close()
        self.finished_at = time.perf_counter()
        self.on_exit(self)

    def snapshot(self) -> Snapshot:
        curves = tuple(Curves.of(t) for t in self.trainings)
        done = min((len(c.steps) for c in curves), default=0)
        end = self.finished_at or time.perf_counter()
        seconds = end - self.started
        samples = {t.config.cell: t.vals[-1].sample for t in self.trainings if t.vals}
        return Snapshot(self.status, done, self.steps, seconds, done / seconds if seconds > 0 else 0.0, curves,
                        samples, self.error)  # fmt: skip


class Registry:
    """The server's trainings: at most ``max_running`` at once, one per owner; the last ``cache_size``
    finished jobs kept by key, so the same settings reopen a model instead of training it again. Each
    training computes in chunks of steps, each inside ``slot()`` (the server's compute slots)."""

    def __init__(self, max_running: int = 2, cache_size: int = 8, slot: Slot = nullcontext):
        self.max_running, self.cache_size, self.slot = max_running, cache_size, slot
        self._lock = threading.Lock()
        self._jobs: dict[Hashable, Job] = {}  # owner -> the owner's latest job
        self._finished: OrderedDict[Hashable, Job] = OrderedDict()  # key -> a finished job (LRU)

    def running(self) -> int:
        with self._lock:
            return sum(j.running for j in self._jobs.values())

    def start(self, owner: Hashable, key: Hashable, build: Callable[[], list[Training]], steps: int,
              alive: Callable[[], bool] = lambda: True) -> Job:  # fmt: skip
        """Start the owner's training (stopping the owner's previous one). Raises Busy when ``max_running``
        other trainings run; ``build`` may raise (bad corpus ...), nothing is started then."""
        with self._lock:
            self._prune()
            mine = self._jobs.get(owner)
            if mine is not None and mine.running:
                mine.stop()
            others = sum(j.running for o, j in self._jobs.items() if o != owner)
            if others >= self.max_running:
                raise Busy
            job = Job(key, build(), steps, alive, self.slot)
            job.on_exit = self._finish
            self._jobs[owner] = job
        return job.start()

    def _prune(self) -> None:
        """Forget finished jobs of sessions that have closed (their results stay in the cache)."""
        for o in [o for o, j in self._jobs.items() if not j.running and not j.alive()]:
            del self._jobs[o]

    def _finish(self, job: Job) -> None:
        if job.status != "done":
            return
        with self._lock:
            self._finished[job.key] = job
            self._finished.move_to_end(job.key)
            while len(self._finished) > self.cache_size:
                self._finished.popitem(last=False)

    def job(self, owner: Hashable) -> Job | None:
        with self._lock:
            return self._jobs.get(owner)

    def cached(self, key: Hashable) -> Job | None:
        """A finished job of these settings, if one is still in the cache."""
        with self._lock:
            job = self._finished.get(key)
            if job is not None:
                self._finished.move_to_end(key)
            return job

    def stop(self, owner: Hashable) -> None:
        job = self.job(owner)
        if job is not None:
            job.stop()

    def forget(self, owner: Hashable) -> None:
        """Drop the owner's job (its session ended)."""
        with self._lock:
            job = self._jobs.pop(owner, None)
        if job is not None:
            job.stop()
