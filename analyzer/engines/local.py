"""Local engines: in-process (workers=1) and a process pool (workers=N) mapping `tasks.run_task`."""
from __future__ import annotations

import os
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context

from .bootstrap import init_worker
from .tasks import Task, run_task


class _Lazy:
    """A future that runs its task when asked for the result (so an in-process run streams)."""

    __slots__ = ("_fn", "_done", "_value")

    def __init__(self, fn):
        self._fn, self._done, self._value = fn, False, None

    def result(self):
        if not self._done:
            self._value, self._fn, self._done = self._fn(), None, True
        return self._value

    def cancel(self) -> bool:
        self._fn, self._done = None, True
        return True


class InlineEngine:
    """workers=1: every task runs in the driver with the driver's model, one at a time, when its result is due."""

    name = "inline"
    window = 1  # tasks planned ahead of the one being written
    group_files = 256  # small files scored in one model call (each call has a fixed cost of ~20-70 ms)
    transport = "object"

    def __init__(self, model):
        self.model = model

    def submit(self, task: Task) -> _Lazy:
        return _Lazy(lambda: run_task(task, self.model))

    def close(self, cancel: bool = False) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *_):
        self.close(cancel=exc_type is not None)


class _Deferred:
    """The first task, held back until a second one shows the pool is worth starting (a few seconds per worker:
    interpreter, spaCy, the model). A run with a single task (one PDF) runs it in the driver instead."""

    __slots__ = ("task", "future", "_engine")

    def __init__(self, engine: "ProcessEngine", task: Task):
        self.task, self.future, self._engine = task, None, engine

    def result(self):
        if self.future is None:
            self.future = _Lazy(lambda: run_task(self.task, self._engine.model))
        return self.future.result()

    def cancel(self) -> bool:
        return self.future.cancel() if self.future is not None else True


class ProcessEngine:
    """workers=N: a pool of N spawned processes, each loading the model from its folder once. "spawn", not fork:
    forking a driver that already runs OpenMP/torch threads can deadlock the children."""

    name = "local"
    transport = "path"

    def __init__(self, model_folder: str, workers: int, threads_per_worker: int | None = None, model=None):
        self.model_folder = model_folder
        self.model = model  # the driver's copy: runs a lone task in-process
        self.workers = workers
        self.window = 2 * workers  # enough queued work that no worker waits for the driver
        self.threads = threads_per_worker or max(1, (os.cpu_count() or 1) // workers)
        self._pool: ProcessPoolExecutor | None = None
        self._first: _Deferred | None = None

    def _start(self) -> ProcessPoolExecutor:
        self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=get_context("spawn"),
                                         initializer=init_worker, initargs=(self.model_folder, self.threads))
        return self._pool

    def submit(self, task: Task):
        if self._pool is None:
            if self._first is None and self.model is not None:
                self._first = _Deferred(self, task)
                return self._first
            self._start()
            first, self._first = self._first, None
            if first is not None and first.future is None:  # not already run in-process
                first.future = self._pool.submit(run_task, first.task)
        return self._pool.submit(run_task, task)

    def close(self, cancel: bool = False) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=not cancel, cancel_futures=cancel)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *_):
        self.close(cancel=exc_type is not None)
