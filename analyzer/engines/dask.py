"""The dask.distributed engine: the same `tasks.run_task` submitted to a cluster (optional extra `scale`).

    analyze(paths, engine="dask", scheduler="tcp://10.0.0.5:8786")   # an existing cluster
    analyze(paths, engine="dask", workers=4)                          # a LocalCluster of 4 single-thread workers

Workers need this package and the model folder at the same path (they load the model from it once per worker
process); file contents travel with the tasks, so workers need no access to the input files. Only the driver
writes the store.
"""
from __future__ import annotations

from .tasks import Task, run_task


class DaskEngine:
    name = "dask"
    transport = "bytes"  # a remote worker may not see the driver's disk

    def __init__(self, model_folder: str, scheduler: str | None = None, workers: int = 1, processes: bool = True,
                 **cluster_kwargs):
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise ImportError('the dask engine needs the optional extra: pip install "tone-analyzer[scale]"') from exc
        self.model_folder = model_folder
        self._cluster = None
        if scheduler:
            self.client = Client(scheduler)
        else:
            # dask's nanny already sets OMP/MKL/OPENBLAS_NUM_THREADS=1 in worker processes
            self._cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=processes,
                                         dashboard_address=":0", **cluster_kwargs)
            self.client = Client(self._cluster)
        threads = sum(w.get("nthreads", 1) for w in self.client.scheduler_info().get("workers", {}).values())
        self.window = 2 * max(1, threads)
        self._futures: list = []

    def submit(self, task: Task):
        fut = self.client.submit(run_task, task, pure=False)
        self._futures.append(fut)
        if len(self._futures) > 4 * self.window:
            self._futures = [f for f in self._futures if not f.done()]
        return fut

    def close(self, cancel: bool = False) -> None:
        try:
            if cancel and self._futures:
                self.client.cancel([f for f in self._futures if not f.done()])
        finally:
            self._futures = []
            self.client.close()
            if self._cluster is not None:
                self._cluster.close()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *_):
        self.close(cancel=exc_type is not None)
