"""Import spaCy without letting it import PyTorch.

spaCy's thinc imports torch at start-up whenever torch is installed (the `minilm` extra installs it), only to offer
torch layers this package never uses: ~200 MB of resident memory and ~1 s in every process, every worker and every
dask worker, even with the TF-IDF model. Hiding torch for the duration of that import makes thinc take its "no torch"
branch; a later `import torch` (the MiniLM encoder) is unaffected.
"""
from __future__ import annotations

import sys


def _import_spacy_without_torch() -> None:
    if "thinc" in sys.modules or "torch" in sys.modules:
        return  # too late (or torch is wanted anyway): nothing to save
    sys.modules["torch"] = None  # type: ignore[assignment] - makes `import torch` raise ImportError
    try:
        import spacy  # noqa: F401
    finally:
        del sys.modules["torch"]


_import_spacy_without_torch()
