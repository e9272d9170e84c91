"""Start-up of a local pool worker. Kept free of heavy imports: a spawned worker imports this module (to run
`init_worker`) before anything else, so what it decides here (thread caps, torch or not) holds for the process.

spaCy imports thinc, and thinc imports torch whenever torch is installed: ~1.5 s of CPU and ~200 MB of memory per
process. A worker for a model that never uses torch (kind "tfidf") is kept from importing it.
"""
from __future__ import annotations

import importlib.abc
import json
import os
import signal
import sys
from pathlib import Path

TORCH_FREE_KINDS = frozenset({"tfidf"})


class _NoTorch(importlib.abc.MetaPathFinder):
    """Make `import torch` fail as if torch were not installed (thinc and spaCy then run without it)."""

    def find_spec(self, name, path=None, target=None):
        if name == "torch" or name.startswith("torch."):
            raise ModuleNotFoundError(f"No module named {name!r} (not loaded in this worker)", name=name)
        return None


def model_kind(model_folder: str | Path | None) -> str | None:
    # None: the shipped default (analyzer.detect.model.DEFAULT_MODEL, not imported here: it loads spaCy)
    folder = Path(model_folder) if model_folder else Path(__file__).resolve().parents[2] / "models" / "default"
    try:
        return json.loads((folder / "model.json").read_text()).get("kind")
    except (OSError, ValueError, AttributeError):
        return None


def avoid_torch(model_folder: str | Path | None) -> bool:
    """In a process of our own (a pool worker, the CLI) whose model never uses torch, keep spaCy's thinc from
    importing it (~2 s and ~180 MB). Must run before spaCy is imported; True when it took effect."""
    if model_kind(model_folder) not in TORCH_FREE_KINDS or "torch" in sys.modules:
        return False
    if not any(isinstance(f, _NoTorch) for f in sys.meta_path):
        sys.meta_path.insert(0, _NoTorch())
    return True


def init_worker(model_folder: str, threads: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the driver's to handle (it shuts the pool down)
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[var] = str(threads)  # read when numpy/torch load their thread pools, i.e. below
    avoid_torch(model_folder)
    from .tasks import limit_threads, worker_model

    limit_threads(threads)
    worker_model(model_folder)  # load once, before the first task arrives
