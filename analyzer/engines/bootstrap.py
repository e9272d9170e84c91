"""Start-up of a local pool worker. Kept free of heavy imports: a spawned worker imports this module (to run
`init_worker`) before anything else, so the thread caps it sets hold for the process. (spaCy is kept from importing
torch everywhere by `analyzer.spacy_lite`; torch loads only where a transformer model needs it.)
"""
from __future__ import annotations

import os
import signal


def init_worker(model_folder: str, threads: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the driver's to handle (it shuts the pool down)
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[var] = str(threads)  # read when numpy/torch load their thread pools, i.e. below
    from .tasks import limit_threads, worker_model

    limit_threads(threads)
    worker_model(model_folder)  # load once, before the first task arrives
