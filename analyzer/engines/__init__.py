"""Engines: how `analyze` spreads its work. Every engine maps the same function, `tasks.run_task`, over the same
tasks; the driver (analyzer.runner) plans the tasks, writes results in input order and is the only store writer.

    inline  workers=1            tasks run in the driver process (the default)
    local   workers=N            a pool of N processes on this machine
    dask    engine="dask"        a dask.distributed cluster: `scheduler` address, or a LocalCluster of N workers

Whole files (PDF, DOCX, e-mails, ...) are read, segmented and scored by a worker. A mailbox is read by the driver
(thread reconstruction and duplicate detection need its messages in order) and only its segments' texts go out,
in chunks, for scoring.
"""
from __future__ import annotations

ENGINES = ("local", "dask")


def open_engine(engine: str = "local", workers: int = 1, scheduler: str | None = None, model=None,
                model_folder: str | None = None):
    """An engine for `analyze`. `model` is the driver's ToneModel (used in-process); workers load
    `model_folder` themselves."""
    engine = (engine or "local").lower()
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if scheduler and engine != "dask":
        raise ValueError("a scheduler address needs engine='dask'")
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    if engine == "local" and workers == 1:
        from .local import InlineEngine

        return InlineEngine(model)
    if model_folder is None:
        raise ValueError("parallel engines load the model from its folder in every worker: pass the model folder "
                         "(or None for the default), not a loaded ToneModel")
    if engine == "local":
        from .local import ProcessEngine

        return ProcessEngine(model_folder, workers, model=model)
    from .dask import DaskEngine

    return DaskEngine(model_folder, scheduler=scheduler, workers=workers)


__all__ = ["ENGINES", "open_engine"]  # the tasks and `run_task`: analyzer.engines.tasks (imported lazily: it loads
# spaCy, and a fresh worker must run engines.bootstrap first)
