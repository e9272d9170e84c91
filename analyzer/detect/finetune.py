"""`finetune`: all-MiniLM-L6-v2 trained end to end with a multi-label head (GPU when available, CPU works).

The encoder's weights move with the task, unlike `minilm` (frozen embeddings + logistic regression). Loss: binary
cross-entropy per label, counted only where the row's source annotates the label (the same mask as the linear models),
weighted by source and balanced per label (positives up-weighted to the negatives' total). Texts are batched by length
for speed. Persistence without pickle: the encoder's state as safetensors (float16, ~45 MB), the head in npz.
"""
from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator

from .cues import ALL_CUES, CueMatcher
from .minilm_weights import load_torch as _load, mean_pool, model_version
from .text_norm import normalise


class FineTunedToneClassifier(BaseEstimator):
    kind = "finetune"

    def __init__(self, epochs: int = 2, batch_size: int = 32, lr: float = 5e-5, head_lr: float = 1e-3,
                 max_length: int = 128, cue_weight: float = 0.3, seed: int = 0, device: str | None = None,
                 log=None):
        self.epochs = epochs
        self.batch_size = batch_size
        self.lr = lr
        self.head_lr = head_lr
        self.max_length = max_length
        self.cue_weight = cue_weight
        self.seed = seed
        self.device = device
        self.log = log

    # -- network
    def _build(self, n_labels: int):
        tokenizer, base, torch = _load()
        import copy

        encoder = copy.deepcopy(base)  # never train the shared frozen encoder in place
        head = torch.nn.Linear(encoder.config.hidden_size + len(ALL_CUES), n_labels)
        return tokenizer, encoder, head, torch

    def _forward(self, texts, cues: np.ndarray):
        torch = self._torch
        batch = self._tokenizer([normalise(t) for t in texts], padding=True, truncation=True,
                                max_length=self.max_length, return_tensors="pt").to(self._device)
        emb = mean_pool(self._encoder(**batch).last_hidden_state, batch["attention_mask"])
        extra = torch.as_tensor(cues, dtype=emb.dtype, device=self._device) * self.cue_weight
        return self._head(torch.cat([emb, extra], dim=1))

    def _batches(self, n: int, lengths: list[int], shuffle: bool, rng: random.Random) -> list[np.ndarray]:
        order = sorted(range(n), key=lengths.__getitem__)  # similar lengths together: little padding
        batches = [np.array(order[i : i + self.batch_size]) for i in range(0, n, self.batch_size)]
        if shuffle:
            rng.shuffle(batches)
        return batches

    # -- estimator API
    def fit(self, texts: Sequence[str], Y, mask=None, sample_weight=None, cue_features=None):
        texts = list(texts)
        Y = np.asarray(Y, dtype=np.float32)
        M = np.ones_like(Y, dtype=bool) if mask is None else np.asarray(mask, dtype=bool)
        w = np.ones(len(texts), dtype=np.float32) if sample_weight is None else np.asarray(sample_weight, np.float32)
        if w.ndim == 2:  # per-label weights (fit.py): one weight per row here, the largest
            w = w.max(1)
        cues = _dense_cues(cue_features if cue_features is not None else CueMatcher().features(texts))
        self._tokenizer, self._encoder, self._head, torch = self._build(Y.shape[1])
        self._torch = torch
        torch.manual_seed(self.seed)
        rng = random.Random(self.seed)
        self._device = self.device or ("cuda" if torch.cuda.is_available() else "cpu")
        self._encoder.to(self._device).train()
        self._head.to(self._device).train()
        # balance: per label, positives weigh as much in total as negatives (rows annotated for it only)
        pos = (Y * M * w[:, None]).sum(0)
        neg = ((1 - Y) * M * w[:, None]).sum(0)
        pos_weight = torch.as_tensor(np.where(pos > 0, neg / np.maximum(pos, 1e-9), 1.0), dtype=torch.float32,
                                     device=self._device)
        opt = torch.optim.AdamW([{"params": self._encoder.parameters(), "lr": self.lr},
                                 {"params": self._head.parameters(), "lr": self.head_lr}], weight_decay=0.01)
        batches = self._batches(len(texts), [len(t) for t in texts], True, rng)
        total = self.epochs * len(batches)
        sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda step: min(1.0, (step + 1) / (0.06 * total + 1))
                                                  * max(0.0, (total - step) / total))
        loss_fn = torch.nn.BCEWithLogitsLoss(reduction="none", pos_weight=pos_weight)
        step = 0
        for epoch in range(self.epochs):
            running = 0.0
            for b in (batches if epoch == 0 else self._batches(len(texts), [len(t) for t in texts], True, rng)):
                logits = self._forward([texts[i] for i in b], cues[b])
                target = torch.as_tensor(Y[b], device=self._device)
                weight = torch.as_tensor(M[b] * w[b, None], dtype=torch.float32, device=self._device)
                loss = (loss_fn(logits, target) * weight).sum() / weight.sum().clamp(min=1.0)
                loss.backward()
                torch.nn.utils.clip_grad_norm_(self._encoder.parameters(), 1.0)
                opt.step()
                sched.step()
                opt.zero_grad()
                running += float(loss.detach())
                step += 1
                if self.log and step % 50 == 0:
                    self.log(f"finetune epoch {epoch + 1}/{self.epochs} step {step}/{total} loss {running / 50:.3f}")
                    running = 0.0
        self._encoder.eval()
        self._head.eval()
        self.fitted_ = True
        return self

    def predict_proba(self, texts: Sequence[str], cue_features=None) -> np.ndarray:
        texts = list(texts)
        out = np.zeros((len(texts), self._head.out_features), dtype=np.float64)
        if not texts:
            return out
        cues = _dense_cues(cue_features if cue_features is not None else CueMatcher().features(texts))
        torch = self._torch
        with torch.inference_mode():
            for b in self._batches(len(texts), [len(t) for t in texts], False, random.Random(0)):
                out[b] = torch.sigmoid(self._forward([texts[i] for i in b], cues[b])).float().cpu().numpy()
        return out

    # -- persistence: safetensors + npz + JSON, no pickle
    def save(self, folder: Path) -> None:
        from safetensors.torch import save_file

        folder.mkdir(parents=True, exist_ok=True)
        state = {k: v.detach().to("cpu", self._torch.float16).contiguous() for k, v in self._encoder.state_dict().items()}
        save_file(state, str(folder / "encoder.safetensors"))
        np.savez_compressed(folder / "head.npz", weight=self._head.weight.detach().cpu().numpy(),
                            bias=self._head.bias.detach().cpu().numpy())
        params = {k: v for k, v in self.get_params().items() if k not in ("log", "device")}
        (folder / "config.json").write_text(json.dumps(
            {"kind": self.kind, "params": params, "cues": list(ALL_CUES), "encoder": model_version()}, indent=2))

    @classmethod
    def load(cls, folder: Path) -> "FineTunedToneClassifier":
        from safetensors.torch import load_file

        cfg = json.loads((folder / "config.json").read_text())
        if cfg.get("cues") != list(ALL_CUES):
            raise ValueError(f"{folder}: trained with a different cue set; retrain the model")
        model = cls(**cfg["params"])
        with np.load(folder / "head.npz", allow_pickle=False) as npz:
            weight, bias = npz["weight"], npz["bias"]
        model._tokenizer, model._encoder, model._head, torch = model._build(len(bias))
        model._torch = torch
        model._encoder.load_state_dict({k: v.float() for k, v in load_file(str(folder / "encoder.safetensors")).items()})
        model._head.weight.data = torch.as_tensor(weight)
        model._head.bias.data = torch.as_tensor(bias)
        model._device = "cpu"
        model._encoder.eval()
        model._head.eval()
        model.fitted_ = True
        return model


def _dense_cues(cue_features) -> np.ndarray:
    return np.asarray(sp.csr_matrix(cue_features).sign().todense(), dtype=np.float32)
