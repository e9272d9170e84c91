"""Model lab logic without Streamlit: installed models, metrics tables, dev-set precision/recall at any threshold,
least-certain segments, and background retraining."""
from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from analyzer import labels as registry
from analyzer.records import LABELS


METRIC_PARTS = {"corpus": "our corpus (test)", "corpus:contract": "corpus contracts (test)",
                "corpus:email": "corpus email (test)", "cuad_risk": "CUAD risk clauses (test, high confidence)",
                "cuad_risk_all": "CUAD risk clauses (test, all)", "dispute": "real disputes (test, high confidence)",
                "dispute_all": "real disputes (test, all)", "claudette": "CLAUDETTE ToS (test)",
                "parakweet": "Parakweet email (test)",
                "dev_cross_fitted": "dev, cross-fitted"}


@dataclass
class InstalledModel:
    name: str
    path: Path
    kind: str
    version: str
    thresholds: dict[str, float]
    metrics: dict
    card: str


def installed_models(root: Path) -> list[InstalledModel]:
    out = []
    for meta_path in sorted(Path(root).glob("*/model.json")):
        folder = meta_path.parent
        try:
            meta = json.loads(meta_path.read_text())
        except (OSError, ValueError):
            continue
        metrics_path, card_path = folder / "metrics.json", folder / "model_card.md"
        metrics = json.loads(metrics_path.read_text()) if metrics_path.exists() else {}
        card = card_path.read_text(encoding="utf-8") if card_path.exists() else "_No model card._"
        out.append(InstalledModel(meta.get("name", folder.name), folder, meta.get("kind", "?"),
                                  str(meta.get("version", "?")), meta.get("thresholds", {}), metrics, card))
    return sorted(out, key=lambda m: (m.name != "default", m.name))


def metrics_table(metrics: dict, stat: str = "f1") -> pd.DataFrame:
    """Data part x label table of one statistic (F1 by default) from a metrics.json."""
    rows = []
    for part, title in METRIC_PARTS.items():
        m = metrics.get(part)
        if not isinstance(m, dict):
            continue
        row = {"data": title}
        for lb in LABELS:
            v = m.get(lb, {}).get(stat)
            row[lb] = None if v is None or not m.get(lb, {}).get("support") else v
        row["macro F1"] = m.get("macro", {}).get("f1") if stat == "f1" else None
        if any(row[k] is not None for k in row if k != "data"):
            rows.append(row)
    return pd.DataFrame(rows)


def label_detail(metrics: dict, part: str = "corpus") -> pd.DataFrame:
    m = metrics.get(part, {})
    cols = ["precision", "recall", "f1", "pr_auc", "support", "n", "threshold"]
    return pd.DataFrame([{"label": lb, **{c: m[lb].get(c) for c in cols}} for lb in LABELS if lb in m])


def compare_metrics(old: dict, new: dict, part: str = "corpus") -> pd.DataFrame:
    """Old vs new precision / recall / F1 per label on one data part, with the change."""
    rows = []
    for lb in LABELS:
        a, b = old.get(part, {}).get(lb, {}), new.get(part, {}).get(lb, {})
        if not a and not b:
            continue
        row = {"label": lb}
        for stat in ("precision", "recall", "f1"):
            va, vb = a.get(stat), b.get(stat)
            row[f"{stat} old"], row[f"{stat} new"] = va, vb
            row[f"Δ {stat}"] = None if va is None or vb is None else round(vb - va, 4)
        rows.append(row)
    return pd.DataFrame(rows)


# ---- dev data -------------------------------------------------------------------------------------------------
def eval_set(split: str = "dev", data=None):
    """Rows of `split` from the sources thresholds are tuned on (our corpus, cuad_risk, dispute), as in
    analyzer.train.fit. Note: train_model fits the shipped model on train + dev, so dev scores are in-sample."""
    from analyzer.train.datasets import LabelledSet, load_all
    from analyzer.train.fit import TUNE_SOURCES

    data = data or load_all()
    tuned_on = {src for sources in TUNE_SOURCES.values() for src in sources}
    return LabelledSet([e for e in data.examples if e.split == split and e.source in tuned_on])


def eval_scores(model, split: str = "dev", data=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(Y, mask, P) on those rows; P from the model's calibrated predict_proba."""
    rows = eval_set(split, data)
    return rows.y(), rows.mask(), np.asarray(model.predict_proba(rows.texts))


def pr_at(Y: np.ndarray, M: np.ndarray, P: np.ndarray, thresholds: dict[str, float]) -> pd.DataFrame:
    from analyzer.train.metrics import label_metrics

    rows = []
    for j, lb in enumerate(LABELS):
        rows_j = M[:, j]
        if not rows_j.any():
            continue
        t = float(thresholds[lb])
        m = label_metrics(Y[rows_j, j], P[rows_j, j], t)
        rows.append({"label": lb, "threshold": round(t, 3), "precision": m["precision"], "recall": m["recall"],
                     "f1": m["f1"], "flagged": int((P[rows_j, j] >= t).sum()), "support": m["support"],
                     "n": m["n"]})
    return pd.DataFrame(rows)


def pr_curve(Y: np.ndarray, M: np.ndarray, P: np.ndarray, label: str, steps: int = 91) -> pd.DataFrame:
    j = LABELS.index(label)
    y, p = Y[M[:, j], j].astype(bool), P[M[:, j], j]
    rows = []
    for t in np.linspace(0.05, 0.95, steps):
        pred = p >= t
        tp = int((pred & y).sum())
        rows.append({"threshold": round(float(t), 3), "precision": tp / pred.sum() if pred.sum() else 1.0,
                     "recall": tp / y.sum() if y.sum() else 0.0})
    return pd.DataFrame(rows)


# ---- active learning ------------------------------------------------------------------------------------------
def least_certain(segs: pd.DataFrame, thresholds: dict[str, float], n: int = 10,
                  exclude_texts: set[str] | None = None) -> pd.DataFrame:
    """Segments whose probability is closest to a label's threshold (contracts: only the labels the registry allows
    on contracts, per the guidelines), least certain first; one row per distinct text."""
    if segs.empty:
        return segs.assign(margin=[], closest=[])
    margins = []
    on_contracts = registry.for_kind("contract")
    for lb in LABELS:
        m = (segs[f"score_{lb}"] - thresholds[lb]).abs()
        if lb not in on_contracts:
            m = m.where(segs["kind"] != "contract", np.inf)
        margins.append(m.rename(lb))
    table = pd.concat(margins, axis=1)
    out = segs.assign(margin=table.min(axis=1), closest=table.idxmin(axis=1))
    out = out[out["text"].str.len() >= 15]
    if exclude_texts:
        out = out[~out["text"].isin(exclude_texts)]
    out = out.assign(_norm=out["text"].map(lambda t: " ".join(t.split()).lower()))
    out = out.sort_values("margin", kind="stable").drop_duplicates("_norm").drop(columns="_norm")
    return out.head(n).reset_index(drop=True)


# ---- retraining -----------------------------------------------------------------------------------------------
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


@dataclass
class RetrainJob:
    name: str
    folder: Path
    base: Path
    status: str = "queued"  # queued | running | done | failed
    log: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.time)
    finished: float | None = None
    error: str | None = None
    metrics: dict | None = None
    corrections: int = 0

    def say(self, msg: str) -> None:
        self.log.append(f"[{time.time() - self.started:5.0f}s] {msg}")

    @property
    def progress(self) -> float:
        if self.status == "done":
            return 1.0
        folds = sum("fold " in line and " done" in line for line in self.log)
        final = any("fitted final" in line for line in self.log)
        return min(0.95, 0.05 + 0.18 * folds + (0.15 if final else 0.0))


def training_data(corrections: Path):
    """load_all() plus the corrections file when it is not already among corpora/*.jsonl."""
    from analyzer.train.datasets import CORPORA, LabelledSet, load_all, load_corpus

    data = load_all()
    corrections = Path(corrections)
    if corrections.exists() and corrections.resolve().parent != CORPORA.resolve():
        data = LabelledSet(data.examples + load_corpus(corrections))
    return data


def start_retrain(name: str, models_root: Path, corrections: Path, base: Path, kind: str = "tfidf",
                  train_fn: Callable | None = None) -> RetrainJob:
    """Train `kind` on all data + corrections in a background thread and save to models_root/name."""
    if not NAME_RE.match(name):
        raise ValueError("model name: letters, digits, '.', '_' or '-' (up to 64), starting with a letter or digit")
    folder = Path(models_root) / name
    if folder.exists():
        raise ValueError(f"{folder} already exists; choose another name")
    from .labels import read_rows

    job = RetrainJob(name, folder, Path(base), corrections=len(read_rows(corrections)))

    def work() -> None:
        from analyzer.train import fit as T

        job.status = "running"
        try:
            data = training_data(corrections)
            job.say(f"{len(data)} labelled rows, {job.corrections} of them corrections")
            fn = train_fn or T.train_model
            model, metrics = fn(kind=kind, data=data, name=name, log=job.say)
            T.save_with_card(model, metrics, folder, f"app Model lab: retrain {kind} with {corrections}")
            job.metrics = json.loads((folder / "metrics.json").read_text())
            job.say(f"saved to {folder}")
            job.status = "done"
        except Exception as exc:  # reported in the UI, never raised into a thread nobody joins
            job.error = f"{type(exc).__name__}: {exc}"
            job.status = "failed"
        finally:
            job.finished = time.time()

    threading.Thread(target=work, name=f"retrain-{name}", daemon=True).start()
    return job
